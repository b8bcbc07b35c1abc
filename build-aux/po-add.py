#!/usr/bin/env python3
"""Append or fill Dutch translations in po/nl.po.

  build-aux/po-add.py TABLE.py

TABLE.py defines a dict T of English msgid -> Dutch msgstr. Entries already
translated are left alone; untranslated or fuzzy ones are filled in place;
missing ones are appended. Helps several people add strings at once
without rewriting the whole file with msgmerge.
"""
import re
import sys

def c_escape(s):
    return s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n').replace('\t', '\\t')

def po_string(s):
    return '"' + c_escape(s) + '"'

def main():
    ns = {}
    exec(open(sys.argv[1], encoding='utf-8').read(), ns)
    table = ns['T']
    path = 'po/nl.po'
    text = open(path, encoding='utf-8').read()
    blocks = text.split('\n\n')
    seen = set()
    out = []
    for block in blocks:
        m = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', block + '\n', re.M)
        if m:
            msgid = ''.join(re.findall(r'"(.*)"', m.group(1)))
            msgid = bytes(msgid, 'utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8')
            msgstr = ''.join(re.findall(r'"(.*)"', m.group(2)))
            if msgid in table:
                seen.add(msgid)
                fuzzy = '#, fuzzy' in block or re.search(r'^#,.*fuzzy', block, re.M)
                if not msgstr or fuzzy:
                    lines = [l for l in block.split('\n') if not l.startswith('#|')]
                    lines = [re.sub(r',? ?fuzzy,?', '', l) if l.startswith('#,') else l for l in lines]
                    lines = [l for l in lines if l.strip() != '#,']
                    head = '\n'.join(lines)
                    head = head[:head.index('msgstr')]
                    block = head + 'msgstr ' + po_string(table[msgid])
        out.append(block)
    text = '\n\n'.join(out).rstrip('\n') + '\n'
    for msgid, msgstr in table.items():
        if msgid not in seen:
            text += '\nmsgid ' + po_string(msgid) + '\nmsgstr ' + po_string(msgstr) + '\n'
    open(path, 'w', encoding='utf-8').write(text)

main()
