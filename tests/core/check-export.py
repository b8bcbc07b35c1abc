#!/usr/bin/env python3
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-export.py OUT.xlsx EXPECT.txt
   check-export.py --pseudonyms A.xlsx B.xlsx FRESH.xlsx

Checks an evaluator workbook against what test-export read through the
core (EXPECT.txt: tab-separated lines, identifying values hex-encoded):

- no identifying value and no exact date in any part of the zip (every XML
  part, docProps included; the creation time only as the month's first day);
- the case rows are k-anonymous on the quasi-identifiers that are present,
  and no class has one shared health or justice intake band (l-diversity);
- the figures match the team (cases, actions per partner type, budget per
  purpose), shown counts are 0 or at least the threshold, and no line of a
  table with totals has exactly one suppressed cell;
- without health access, no health or justice ZRM column.

With --pseudonyms: A and B (same team key) share their pseudonyms, the
fresh-key export shares none.  Exit status 0 when all hold.
"""

import collections
import html
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
    e = {'id': [], 'action': {}, 'budget': {}}
    for line in open(path, encoding='utf-8'):
        f = line.rstrip('\n').split('\t')
        if f[0] == 'id':
            e['id'].append(bytes.fromhex(f[1]).decode('utf-8'))
        elif f[0] == 'action':
            e['action'][f[1]] = int(f[2])
        elif f[0] == 'budget':
            e['budget'][f[1]] = (int(f[2]), int(f[3]))
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
    if not any(n.startswith('xl/charts/chart') for n in parts):
        fail('no charts')


def rows_of(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def tables_of(ws):
    """Blocks: ("Tabel: title"), header row, data rows up to an empty row."""
    rows = rows_of(ws)
    tables = []
    i = 0
    while i < len(rows):
        first = rows[i][0] if rows[i] else None
        if isinstance(first, str) and first.startswith('Tabel: '):
            header = rows[i + 1]
            body = []
            j = i + 2
            while j < len(rows) and any(c is not None for c in rows[j]):
                body.append(rows[j])
                j += 1
            width = max(k for k, c in enumerate(header) if c is not None) + 1
            tables.append((first[7:], header[:width], [r[:width] for r in body]))
            i = j
        else:
            i += 1
    return tables


def check_table(sheet, title, header, body, e):
    where = '%s / %s' % (sheet, title)
    if title.startswith('ZRM'):
        line_cols = [header.index(h) for h in ('Aantal casussen', 'Verbeterd', 'Gelijk', 'Verslechterd')
                     if h in header]
        if len(line_cols) == 4:
            for r in body:
                if sum(1 for c in line_cols if r[c] == 'x') == 1:
                    fail('%s: row %s has one suppressed cell' % (where, r[0]))
        count_cols = line_cols
    else:
        count_cols = [k for k in range(1, len(header)) if 'EUR' not in str(header[k])]
        if header[-1] == 'Totaal':
            for r in body:
                if sum(1 for c in r[1:] if c == 'x') == 1:
                    fail('%s: row %s has exactly one suppressed cell' % (where, r[0]))
        if body and body[-1][0] == 'Totaal':
            for k in range(1, len(header)):
                if sum(1 for r in body if r[k] == 'x') == 1:
                    fail('%s: column %s has exactly one suppressed cell' % (where, header[k]))
    for r in body:
        for k in count_cols:
            v = r[k]
            if isinstance(v, (int, float)) and 0 < v < e['threshold']:
                fail('%s: %s / %s = %s is under the threshold' % (where, r[0], header[k], v))


def check_figures(wb, e):
    by_sheet = {ws.title: tables_of(ws) for ws in wb.worksheets}
    for sheet, tables in by_sheet.items():
        if sheet == 'Grafieken':
            continue
        for title, header, body in tables:
            check_table(sheet, title, header, body, e)

    title, header, body = by_sheet['Advies en acties'][0]
    for r in body:
        label, total = r[0], r[-1]
        want = e['n_actions'] if label == 'Totaal' else e['action'].get(label, 0)
        if total != 'x' and total != want:
            fail('actions of %s: workbook %s, team %s' % (label, total, want))

    title, header, body = by_sheet['Maatwerkbudget'][0]
    for r in body:
        if r[0] == 'Totaal':
            want = (sum(n for n, s in e['budget'].values()), sum(s for n, s in e['budget'].values()))
        else:
            want = e['budget'].get(r[0], (0, 0))
        if r[1] != 'x' and r[1] != want[0]:
            fail('budget count of %s: workbook %s, team %s' % (r[0], r[1], want[0]))
        if r[2] != 'x' and r[2] != want[1]:
            fail('budget sum of %s: workbook %s, team %s' % (r[0], r[2], want[1]))

    if e['profile'] == 'aggregate':
        title, header, body = by_sheet['Casussen'][0]
        total = body[-1][1]
        if total != 'x' and total != e['n_cases']:
            fail('cases by status: total %s, team %s' % (total, e['n_cases']))


def check_microdata(wb, e):
    cases = rows_of(wb['Casussen'])
    header, body = cases[0], cases[1:]
    n_rows = e['n_cases'] if e['n_cases'] >= e['k'] else 0
    if len(body) != n_rows:
        fail('Casussen has %d rows, the team %d cases' % (len(body), e['n_cases']))
    qi = [header.index(q) for q in QI if q in header]
    if e['health'] and len(qi) != 4:
        fail('quasi-identifier columns missing: %s' % header)
    classes = collections.Counter(tuple(r[i] for i in qi) for r in body)
    smallest = min(classes.values()) if classes else 0
    if body and smallest < e['k']:
        fail('a quasi-identifier combination occurs %d < k = %d times' % (smallest, e['k']))
    if body and smallest != e['k_reached']:
        fail('k reached: workbook %d, report %d' % (smallest, e['k_reached']))

    zrm = rows_of(wb['ZRM'])
    zheader = zrm[0]
    sensitive = [c for c in zheader if c and c.split(' ')[0] in HEALTH + JUSTICE]
    if not e['health'] and sensitive:
        fail('health or justice columns without access: %s' % sensitive)
    if e['health'] and not sensitive:
        fail('no health columns for a member with access')
    by_pseudonym = {r[0]: r for r in zrm[1:]}
    klass = {r[0]: tuple(r[i] for i in qi) for r in body}
    for col in [c for c in sensitive if c.endswith(' intake')]:
        k = zheader.index(col)
        bands = collections.defaultdict(list)
        for p, r in by_pseudonym.items():
            v = r[k]
            band = None if v is None else 'x' if v == 'x' else (0 if v <= 2 else 1 if v == 3 else 2)
            bands[klass[p]].append(band)
        for c, values in bands.items():
            if None not in values and 'x' not in values and len(set(values)) == 1:
                fail('class %s shares %s band %s' % (c, col, values[0]))


def check_account(wb, e):
    rows = rows_of(wb['Verantwoording'])
    cats = {r[0]: (r[1], r[2]) for r in rows if r and r[0] in ('gezondheid', 'justitie')}
    if not e['health'] and cats.get('gezondheid') != ('nee', 'nee'):
        fail('Verantwoording: gezondheid should be unreadable and left out: %s' % cats)
    if e['health'] and cats.get('gezondheid') != ('ja', 'ja'):
        fail('Verantwoording: gezondheid should be included: %s' % cats)


def pseudonyms(path):
    wb = openpyxl.load_workbook(path)
    return [r[0] for r in rows_of(wb['Casussen'])[1:]]


def main():
    if sys.argv[1] == '--pseudonyms':
        a, b, c = (pseudonyms(p) for p in sys.argv[2:5])
        for p in a + c:
            if not re.fullmatch(r'C-[0-9A-F]{10}', p):
                fail('pseudonym %r' % p)
        if a != b:
            fail('the team key gave other pseudonyms the second time')
        if set(a) & set(c):
            fail('a fresh key shares pseudonyms with the team key')
        if len(set(a)) != len(a):
            fail('pseudonyms collide')
    else:
        e = read_expect(sys.argv[2])
        check_parts(zip_parts(sys.argv[1]), e['id'])
        wb = openpyxl.load_workbook(sys.argv[1])
        if wb.sheetnames != ['Casussen', 'ZRM', 'Advies en acties', 'Hulpverleners',
                             'Maatwerkbudget', 'Doorbraken', 'Grafieken', 'Verantwoording']:
            fail('sheets: %s' % wb.sheetnames)
        check_figures(wb, e)
        if e['profile'] == 'microdata':
            check_microdata(wb, e)
        check_account(wb, e)
        print('checked %s: %d identifying values, %d cases' % (sys.argv[1], len(set(e['id'])),
                                                               e['n_cases']))
    for f in failures:
        print('FAIL: ' + f)
    return 1 if failures else 0


sys.exit(main())
