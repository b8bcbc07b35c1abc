#!/usr/bin/env python3
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keeps the translations honest.

  check-po.py SRCDIR translations
      Extracts a fresh template from po/POTFILES.in, merges every language in
      po/LINGUAS into it and fails, naming the strings, when one is untranslated
      or fuzzy.  po/*.po themselves must pass `msgfmt --check`.

  check-po.py SRCDIR potfiles
      Fails when a file under src/, ui/ or data/ has translatable strings but is
      missing from po/POTFILES.in, or when POTFILES.in names a file that does not
      exist, repeats one or is out of order.

Both work in a temporary directory and never touch po/.
"""

import os
import re
import subprocess
import sys
import tempfile

# The same extraction as i18n.gettext(preset: 'glib') in po/meson.build.
XGETTEXT_ARGS = [
    '--from-code=UTF-8',
    '--add-comments',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]

SCANNED_DIRS = ('src', 'ui', 'data')

# What marks a file as having strings.  The keyword must not be the tail of a
# longer identifier: `g_(`, `foo_(` or `NC_` inside `FUNC_(` do not count.
C_MARK = re.compile(r'(?:^|[^A-Za-z0-9_])(?:_|N_|C_|NC_|ngettext|g_dcgettext|'
                    r'g_dngettext|g_dpgettext2)\s*\(')
UI_MARK = re.compile(r'translatable\s*=\s*["\']yes["\']')
SCHEMA_MARK = re.compile(r'<schemalist[^>]*\sgettext-domain\s*=')
# data/*.in: desktop entries with translatable keys, and XML (AppStream,
# shared-mime-info) whose ITS rules translate these elements.
DESKTOP_MARK = re.compile(r'^(?:Name|GenericName|Comment|Keywords)\s*=', re.M)
XML_IN_MARK = re.compile(r'<(?:name|summary|p|li|caption|comment)[\s>]')


def fail(lines):
    for line in lines:
        print(line)
    sys.exit(1)


def run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        fail([f'{cmd[0]} failed ({result.returncode}):', result.stdout + result.stderr])
    return result


def read_potfiles(srcdir):
    with open(os.path.join(srcdir, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        return [line.strip() for line in f
                if line.strip() and not line.lstrip().startswith('#')]


def read_linguas(srcdir):
    with open(os.path.join(srcdir, 'po', 'LINGUAS'), encoding='utf-8') as f:
        return [word for line in f if not line.lstrip().startswith('#')
                for word in line.split()]


def joined(block, keyword):
    m = re.search(rf'^{keyword} ((?:".*"\n?)+)', block + '\n', re.M)
    if not m:
        return None
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
    return ''.join(parts)


def check_translations(srcdir):
    problems = []
    with tempfile.TemporaryDirectory(prefix='casustafel-po-') as tmp:
        listfile = os.path.join(tmp, 'POTFILES')
        with open(listfile, 'w', encoding='utf-8') as f:
            f.write('\n'.join(read_potfiles(srcdir)) + '\n')
        pot = os.path.join(tmp, 'casustafel.pot')
        run(['xgettext', '--package-name=casustafel', '-f', listfile, '-D', srcdir,
             '-o', pot] + XGETTEXT_ARGS)

        for lang in read_linguas(srcdir):
            po = os.path.join(srcdir, 'po', lang + '.po')
            if not os.path.exists(po):
                problems.append(f'po/{lang}.po: listed in po/LINGUAS but missing')
                continue
            # The file as committed: format strings must match their msgid.
            check = subprocess.run(['msgfmt', '--check', '-o', os.devnull, po],
                                   capture_output=True, text=True)
            if check.returncode != 0:
                problems.append(f'po/{lang}.po: msgfmt --check failed:\n{check.stderr.strip()}')

            merged = os.path.join(tmp, lang + '.po')
            run(['msgmerge', '--quiet', '--previous', '-o', merged, po, pot])
            stats = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull,
                                    merged], capture_output=True, text=True)
            summary = stats.stderr.strip().splitlines()[-1:] or ['no messages']
            print(f'po/{lang}.po against the sources: {summary[0]}')
            if stats.returncode != 0:
                problems.append(f'po/{lang}.po merged: msgfmt --check failed:\n'
                                f'{stats.stderr.strip()}')
            problems += untranslated(lang, merged)
    if problems:
        fail(problems + ['', 'Translate these in po/*.po; see po/README.md.'])
    print('All strings are translated.')


def untranslated(lang, merged):
    found = []
    with open(merged, encoding='utf-8') as f:
        text = f.read()
    for block in re.split(r'\n\s*\n', text):
        if re.search(r'^#~', block, re.M):
            continue  # obsolete: no longer in the sources
        msgid = joined(block, 'msgid')
        if not msgid:
            continue  # the header
        ctxt = joined(block, 'msgctxt')
        label = f'{ctxt}|{msgid}' if ctxt else msgid
        flags = ' '.join(re.findall(r'^#,(.*)$', block, re.M))
        strs = [joined(block, 'msgstr')] + [
            ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', m))
            for m in re.findall(r'^msgstr\[\d+\] ((?:".*"\n?)+)', block + '\n', re.M)]
        strs = [s for s in strs if s is not None]
        if re.search(r'\bfuzzy\b', flags):
            found.append(f'po/{lang}.po: fuzzy: "{label}"')
        elif not strs or any(s == '' for s in strs):
            found.append(f'po/{lang}.po: untranslated: "{label}"')
    return found


def has_strings(path, text):
    name = os.path.basename(path)
    if name.endswith(('.c', '.h')):
        return bool(C_MARK.search(strip_c_comments(text)))
    if name.endswith('.ui'):
        return bool(UI_MARK.search(text))
    if name.endswith('.gschema.xml'):
        return bool(SCHEMA_MARK.search(text))
    if name.endswith('.desktop.in'):
        return bool(DESKTOP_MARK.search(text))
    if name.endswith('.xml.in'):
        return bool(XML_IN_MARK.search(text))
    return False


def strip_c_comments(text):
    # Enough to keep `/* see _() */` from counting; strings stay as they are.
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', ' ', text)


def check_potfiles(srcdir):
    listed = read_potfiles(srcdir)
    problems = []

    for path in listed:
        if not os.path.isfile(os.path.join(srcdir, path)):
            problems.append(f'po/POTFILES.in lists {path}, which does not exist')
    seen = set()
    for path in listed:
        if path in seen:
            problems.append(f'po/POTFILES.in lists {path} twice')
        seen.add(path)
    if listed != sorted(listed):
        problems.append('po/POTFILES.in is not sorted; expected:\n  '
                        + '\n  '.join(sorted(set(listed))))

    with_strings = []
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(srcdir, top)):
            dirnames.sort()
            for filename in sorted(filenames):
                path = os.path.join(dirpath, filename)
                rel = os.path.relpath(path, srcdir)
                try:
                    with open(path, encoding='utf-8') as f:
                        text = f.read()
                except UnicodeDecodeError:
                    continue
                if has_strings(rel, text):
                    with_strings.append(rel)

    for rel in with_strings:
        if rel not in seen:
            problems.append(f'{rel} has translatable strings but is missing from '
                            'po/POTFILES.in')
    if problems:
        fail(problems)
    print(f'po/POTFILES.in lists all {len(with_strings)} files with strings.')


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ('translations', 'potfiles'):
        print(__doc__)
        sys.exit(2)
    srcdir = os.path.abspath(sys.argv[1])
    if sys.argv[2] == 'translations':
        check_translations(srcdir)
    else:
        check_potfiles(srcdir)


if __name__ == '__main__':
    main()
