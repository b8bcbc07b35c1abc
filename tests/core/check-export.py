#!/usr/bin/env python3
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-export.py OUT.xlsx EXPECT.txt
   check-export.py --pseudonyms A.xlsx B.xlsx FRESH1.xlsx FRESH2.xlsx OTHER.xlsx

Checks an evaluator workbook against what test-export read through the
core (EXPECT.txt: tab-separated lines, identifying values hex-encoded):

- no identifying value and no exact date in any part of the zip (every XML
  part, docProps included; the creation time only as the month's first day);
- microdata: only rows with consent; every combination of up to three
  quasi-identifier columns occurs at least k times; no class has one
  shared health or justice intake band (l-diversity); no tables; a first
  sheet about the processing agreement; frozen header and autofilter;
- aggregate: the figures match the team within the perturbation, shown
  counts are at least the threshold (less the noise), no line of a table
  with totals has exactly one hidden cell, every row counts its hidden
  cells; a hidden cell is blank and hatched;
- without health access, no health or justice ZRM column.

With --pseudonyms: A and B (same key and agreement) share their
pseudonyms in uncorrelated orders; the fresh-key exports and the export
under another agreement share none.  Exit status 0 when all hold.
"""

import collections
import html
import itertools
import re
import sys
import zipfile

import openpyxl

HEALTH = ['geestelijke_gezondheid', 'lichamelijke_gezondheid', 'middelengebruik', 'basale_adl',
          'instrumentele_adl']
JUSTICE = ['justitie']
QI = ['Leeftijdsklasse', 'Huishoudgrootte', 'Gebied', 'Geslacht']
failures = []


def fail(message):
    failures.append(message)


def read_expect(path):
    e = {'id': [], 'action': {}, 'budget': {}, 'absent': []}
    for line in open(path, encoding='utf-8'):
        f = line.rstrip('\n').split('\t')
        if f[0] == 'id':
            e['id'].append(bytes.fromhex(f[1]).decode('utf-8'))
        elif f[0] == 'action':
            e['action'][f[1]] = int(f[2])
        elif f[0] == 'budget':
            e['budget'][f[1]] = (int(f[2]), int(f[3]))
        elif f[0] == 'absent':
            e['absent'].append(f[1])
        elif f[0] == 'profile':
            e['profile'] = f[1]
        else:
            e[f[0]] = int(f[1])
    return e


def zip_parts(path):
    parts = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            text = z.read(name).decode('utf-8')
            if name == 'docProps/core.xml':
                for tag in ('dcterms:created', 'dcterms:modified'):
                    m = re.search(r'<%s[^>]*>([^<]*)</%s>' % (tag, tag), text)
                    if not m or not re.fullmatch(r'\d{4}-\d{2}-01T00:00:00Z', m.group(1)):
                        fail('%s is not the first of a month: %r' % (tag, m and m.group(1)))
                    elif m:
                        text = text.replace(m.group(0), '')
            parts[name] = html.unescape(text)
    return parts


def check_parts(parts, identifying):
    if 'xl/sharedStrings.xml' in parts:
        pass  # checked like every other part
    if not any(n.startswith('docProps/') for n in parts):
        fail('no document properties')
    for name, text in parts.items():
        m = re.search(r'\d{4}-\d{2}-\d{2}', text)
        if m:
            fail('exact date %s in %s' % (m.group(0), name))
    patterns = []
    for v in set(identifying):
        p = re.escape(v)
        if v[0].isalnum():
            p = r'(?<!\w)' + p
        if v[-1].isalnum():
            p = p + r'(?!\w)'
        patterns.append((v, re.compile(p)))
    for name, text in parts.items():
        for v, p in patterns:
            if p.search(text):
                fail('identifying value %r in %s' % (v[:60], name))
    for name, text in parts.items():
        if name.startswith('xl/charts/chart') and '<c:ser>' not in text:
            fail('empty chart frame %s' % name)


def rows_of(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def is_hidden(cell):
    return cell.value is None and cell.fill is not None and cell.fill.patternType == 'gray125'


def shown_rows(ws):
    """Rows of values with a hidden cell as the token HIDDEN."""
    return [[HIDDEN if is_hidden(c) else c.value for c in r] for r in ws.iter_rows()]


HIDDEN = object()


def tables_of(ws):
    """Blocks: ("Tabel: title"), header row, data rows up to an empty row."""
    rows = shown_rows(ws)
    tables = []
    i = 0
    while i < len(rows):
        first = rows[i][0] if rows[i] else None
        if isinstance(first, str) and first.startswith('Tabel: '):
            header = rows[i + 1]
            body = []
            j = i + 2
            while j < len(rows) and any(c is not None for c in rows[j]) and \
                    not (isinstance(rows[j][0], str) and rows[j][0].startswith('Verborgen cellen')):
                body.append(rows[j])
                j += 1
            width = max(k for k, c in enumerate(header) if c is not None) + 1
            tables.append((first[7:], header[:width], [r[:width] + [None] * (width - len(r)) for r in body]))
            i = j
        else:
            i += 1
    return tables


def check_table(sheet, title, header, body, e):
    where = '%s / %s' % (sheet, title)
    flag = header.index('Verborgen') if 'Verborgen' in header else None
    cols = [k for k in range(1, len(header)) if k != flag]
    for r in body:
        hidden = sum(1 for k in cols if r[k] is HIDDEN)
        if flag is not None and r[flag] != hidden:
            fail('%s: row %s says %s hidden, has %d' % (where, r[0], r[flag], hidden))
        if flag is None and hidden:
            fail('%s: row %s has hidden cells but no Verborgen column' % (where, r[0]))
    if title.startswith('ZRM'):
        line = [header.index(h) for h in ('Aantal casussen', 'Verbeterd', 'Gelijk', 'Verslechterd')]
        for r in body:
            if sum(1 for c in line if r[c] is HIDDEN) == 1:
                fail('%s: row %s has one hidden cell' % (where, r[0]))
        count_cols = line
    else:
        count_cols = [k for k in cols if 'EUR' not in str(header[k])]
        if header[cols[-1]] == 'Totaal':
            for r in body:
                if sum(1 for k in cols if r[k] is HIDDEN) == 1:
                    fail('%s: row %s has exactly one hidden cell' % (where, r[0]))
        if body and body[-1][0] == 'Totaal':
            for k in cols:
                if sum(1 for r in body if r[k] is HIDDEN) == 1:
                    fail('%s: column %s has exactly one hidden cell' % (where, header[k]))
    for r in body:
        for k in count_cols:
            v = r[k]
            # Shown counts are perturbed by at most 2.
            if isinstance(v, (int, float)) and 0 < v < e['threshold'] - 2:
                fail('%s: %s / %s = %s is under the threshold' % (where, r[0], header[k], v))


def near(shown, want, slack):
    return abs(shown - want) <= slack


def check_figures(wb, e):
    by_sheet = {ws.title: tables_of(ws) for ws in wb.worksheets}
    tables = 0
    for sheet, blocks in by_sheet.items():
        if sheet == 'Grafieken':
            continue
        for title, header, body in blocks:
            tables += 1
            check_table(sheet, title, header, body, e)
    if e['profile'] == 'microdata':
        if tables:
            fail('microdata workbook with %d tables' % tables)
        return

    title, header, body = by_sheet['Advies en acties'][0]
    total = header.index('Totaal')
    for r in body:
        label, v = r[0], r[total]
        want = e['n_actions'] if label == 'Totaal' else e['action'].get(label, 0)
        if v is not HIDDEN and v is not None and not near(v, want, 2):
            fail('actions of %s: workbook %s, team %s' % (label, v, want))

    title, header, body = by_sheet['Maatwerkbudget'][0]
    for r in body:
        if r[0] == 'Totaal':
            want = (sum(n for n, s in e['budget'].values()), sum(s for n, s in e['budget'].values()))
        else:
            want = e['budget'].get(r[0], (0, 0))
        if r[1] is not HIDDEN and r[1] is not None and not near(r[1], want[0], 2):
            fail('budget count of %s: workbook %s, team %s' % (r[0], r[1], want[0]))
        if r[2] is not HIDDEN and r[2] is not None and not near(r[2], want[1], 0.2 * want[1] + 20):
            fail('budget sum of %s: workbook %s, team %s' % (r[0], r[2], want[1]))

    title, header, body = by_sheet['Casussen'][0]
    total = body[-1][1]
    if total is not HIDDEN and not near(total, e['n_cases'], 2):
        fail('cases by status: total %s, team %s' % (total, e['n_cases']))
    for sheet in ('Casussen', 'Maatwerkbudget'):
        if not any(t.startswith(p) for t, h, b in by_sheet[sheet]
                   for p in ('Aanmeldingen per', 'Uitgaven per budgetperiode')):
            fail('%s: no period table' % sheet)


def check_layout(ws, rows_sheet):
    if ws.column_dimensions['A'].width is None or ws.column_dimensions['A'].width < 8:
        fail('%s: column A not fitted: %s' % (ws.title, ws.column_dimensions['A'].width))
    if rows_sheet:
        if ws.freeze_panes != 'B2':
            fail('%s: header not frozen: %s' % (ws.title, ws.freeze_panes))
        if not ws.auto_filter.ref:
            fail('%s: no autofilter' % ws.title)


def classes(rows, cols, width):
    for n in range(1, width + 1):
        for combo in itertools.combinations(cols, n):
            groups = collections.defaultdict(list)
            for i, r in enumerate(rows):
                groups[tuple('\0x' if r[c] is HIDDEN else r[c] for c in combo)].append(i)
            yield combo, groups


def check_microdata(wb, e):
    cases = shown_rows(wb['Casussen'])
    header, body = cases[0], cases[1:]
    want_rows = e['n_consent'] if e['n_consent'] >= e['k'] else 0
    if len(body) != want_rows:
        fail('Casussen has %d rows, %d cases with consent' % (len(body), e['n_consent']))
    check_layout(wb['Casussen'], True)
    check_layout(wb['ZRM'], True)
    flag = header.index('Onderdrukte kenmerken')
    qi = [k for k in range(1, flag)]
    if e['health'] and 'Leeftijdsklasse' not in header:
        fail('quasi-identifier columns missing: %s' % header)
    for r in body:
        if r[flag] != sum(1 for k in qi if r[k] is HIDDEN):
            fail('row %s: hidden count %s is wrong' % (r[0], r[flag]))
    absent = set(e['absent'])
    for r in body:
        if r[0] in absent:
            fail('%s has no evaluatie consent and is a row' % r[0])
    smallest = None
    for combo, groups in classes(body, qi, 3):
        for members in groups.values():
            if smallest is None or len(members) < smallest:
                smallest = len(members)
    if body and smallest < e['k']:
        fail('a combination of up to three quasi-identifiers occurs %d < k = %d times' % (smallest, e['k']))
    if body and smallest != e['k_reached']:
        fail('k reached: workbook %d, report %d' % (smallest, e['k_reached']))

    zrm = shown_rows(wb['ZRM'])
    zheader = zrm[0]
    sensitive = [c for c in zheader if c and c.split(' ')[0] in HEALTH + JUSTICE]
    if not e['health'] and sensitive:
        fail('health or justice columns without access: %s' % sensitive)
    if e['health'] and body and not sensitive:
        fail('no health columns for a member with access')
    by_pseudonym = {r[0]: r for r in zrm[1:]}
    if [r[0] for r in zrm[1:]] != [r[0] for r in body]:
        fail('ZRM rows are not in the order of Casussen')
    for col in [c for c in sensitive if c.endswith(' intake')]:
        k = zheader.index(col)
        bands = []
        for r in body:
            v = by_pseudonym[r[0]][k]
            bands.append(None if v is None or v is HIDDEN else 0 if v <= 2 else 1 if v == 3 else 2)
        for combo, groups in classes(body, qi, 3):
            for members in groups.values():
                real = set(bands[i] for i in members if bands[i] is not None)
                if len(real) == 1:
                    fail('class %s of %s shares %s band %s' % (combo, len(members), col, real))
                    return


def check_account(wb, e):
    rows = rows_of(wb['Verantwoording'])
    cats = {r[0]: (r[1], r[2]) for r in rows if r and r[0] in ('gezondheid', 'justitie')}
    if not e['health'] and cats.get('gezondheid') != ('nee', 'nee'):
        fail('Verantwoording: gezondheid should be unreadable and left out: %s' % cats)
    if e['health'] and cats.get('gezondheid') != ('ja', 'ja'):
        fail('Verantwoording: gezondheid should be included: %s' % cats)
    text = ' '.join(str(c) for r in rows for c in r if c is not None)
    if 'gearceerd' not in text:
        fail('Verantwoording does not explain the hidden-cell marker')
    if e['profile'] == 'microdata':
        if 'Verwerkersovereenkomst' not in text or 'toestemming' not in text:
            fail('Verantwoording: no agreement or consent')
        notice = ' '.join(str(c) for r in rows_of(wb['Gebruik']) for c in r if c is not None)
        if 'verwerkersovereenkomst' not in notice.lower():
            fail('first sheet does not say it needs a processing agreement')


def pseudonyms(path):
    wb = openpyxl.load_workbook(path)
    return [r[0] for r in rows_of(wb['Casussen'])[1:]]


def spearman(a, b):
    common = [p for p in a if p in set(b)]
    n = len(common)
    if n < 3:
        return 0.0
    ra = {p: i for i, p in enumerate(x for x in a if x in set(common))}
    rb = {p: i for i, p in enumerate(x for x in b if x in set(common))}
    d2 = sum((ra[p] - rb[p]) ** 2 for p in common)
    return 1 - 6 * d2 / (n * (n * n - 1))


def main():
    if sys.argv[1] == '--pseudonyms':
        a, b, c, d, other = (pseudonyms(p) for p in sys.argv[2:7])
        for p in a + c + d + other:
            if not re.fullmatch(r'C-[0-9A-F]{10}', p):
                fail('pseudonym %r' % p)
        if not a:
            fail('no rows to compare')
        if set(a) != set(b):
            fail('the team key gave other pseudonyms the second time')
        if set(a) & set(c) or set(a) & set(d) or set(c) & set(d):
            fail('a fresh key shares pseudonyms with another export')
        if set(a) & set(other):
            fail('another agreement shares pseudonyms')
        if len(set(a)) != len(a):
            fail('pseudonyms collide')
        rho = spearman(a, b)
        print('row order correlation of two exports: %.2f over %d rows' % (rho, len(a)))
        if a == b or abs(rho) > 0.6:
            fail('two exports have correlated row orders: rho %.2f' % rho)
    else:
        e = read_expect(sys.argv[2])
        check_parts(zip_parts(sys.argv[1]), e['id'])
        wb = openpyxl.load_workbook(sys.argv[1])
        want = (['Gebruik', 'Casussen', 'ZRM', 'Grafieken', 'Verantwoording']
                if e['profile'] == 'microdata' else
                ['Casussen', 'ZRM', 'Advies en acties', 'Hulpverleners', 'Maatwerkbudget',
                 'Doorbraken', 'Grafieken', 'Verantwoording'])
        if wb.sheetnames != want:
            fail('sheets: %s' % wb.sheetnames)
        check_figures(wb, e)
        if e['profile'] == 'microdata':
            check_microdata(wb, e)
        else:
            check_layout(wb['Casussen'], False)
        check_account(wb, e)
        print('checked %s: %d identifying values, %d cases' % (sys.argv[1], len(set(e['id'])),
                                                               e['n_cases']))
    for f in failures:
        print('FAIL: ' + f)
    return 1 if failures else 0


sys.exit(main())
