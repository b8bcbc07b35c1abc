#!/usr/bin/env python3
"""Print the scaling table of `build-aux/dev bench --scale` (issue #19).

  build-aux/bench-scale-table.py FIGURES...

Each FIGURES file holds the figures of one team file, one "KEY<tab>VALUE"
a line, as bench_figure() (tests/bench/bench-common.c) appends them, plus
"file-mb" and "load" that build-aux/dev adds. Prints one Markdown table:
a column per size, smallest first; a row per figure, and beside each cost
its cost per household, so that linearity can be read off down a column
pair. Every ratio is one bench's same-run ratio against its peer (the
plain SQLite writer of the same JSON, the unencrypted copy, Argon2id).
"""
import sys


def load(path):
    figures = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            key, _, value = line.rstrip('\n').partition('\t')
            if value:
                figures[key] = float(value)
    return figures


def households(f):
    for key in ('cases-json.regisseur.households', 'vault.households'):
        if key in f:
            return f[key]
    return 0


def fmt(value, digits=0):
    if value is None:
        return '–'
    return f'{value:,.{digits}f}'.replace(',', ' ')


# (label, key, digits, per-household unit or None, goal)
ROWS = [
    ('team file (MB)', 'file-mb', 0, None, ''),
    ('**cases --json, regisseur**: ours, CPU ms', 'cases-json.regisseur.ours-cpu-ms', 0, 'µs', ''),
    ('  plain SQLite peer, CPU ms', 'cases-json.regisseur.peer-cpu-ms', 0, 'µs', ''),
    ('  ratio ours / peer (CPU)', 'cases-json.regisseur.cpu-ratio', 2, None, '≤ 2'),
    ('  ours again, page cache kept (warm), CPU ms', 'cases-json.regisseur.warm-cpu-ms', 0, 'µs',
     ''),
    ('  peak RSS of the listing above the session (MB)', 'cases-json.regisseur.peak-rss-mb', 1,
     None, 'flat'),
    ('  RSS of the unlocked session (MB)', 'cases-json.regisseur.session-rss-mb', 1, None, ''),
    ('**cases --json, politie**: ours, CPU ms', 'cases-json.politie.ours-cpu-ms', 0, 'µs', ''),
    ('  plain SQLite peer, CPU ms', 'cases-json.politie.peer-cpu-ms', 0, 'µs', ''),
    ('  ratio ours / peer (CPU)', 'cases-json.politie.cpu-ratio', 2, None, '≤ 2'),
    ('  ours again, page cache kept (warm), CPU ms', 'cases-json.politie.warm-cpu-ms', 0, 'µs',
     ''),
    ('  peak RSS of the listing above the session (MB)', 'cases-json.politie.peak-rss-mb', 1,
     None, 'flat'),
    ('**full scans, cold**: encrypted, CPU ms', 'vault.cold.all.enc-cpu-ms', 0, 'µs', ''),
    ('  unencrypted copy, CPU ms', 'vault.cold.all.plain-cpu-ms', 0, 'µs', ''),
    ('  ratio (CPU)', 'vault.cold.all.cpu-ratio', 2, None, '≤ 1.3'),
    ('  tables a view reads: ratio (CPU)', 'vault.cold.hot.cpu-ratio', 2, None, '≤ 1.3'),
    ('**full scans, warm** (16 MiB cache): encrypted, CPU ms', 'vault.warm.all.enc-cpu-ms', 0,
     'µs', ''),
    ('  unencrypted copy, CPU ms', 'vault.warm.all.plain-cpu-ms', 0, 'µs', ''),
    ('  ratio (CPU)', 'vault.warm.all.cpu-ratio', 2, None, '≤ 1.3'),
    ('  tables a view reads: ratio (CPU)', 'vault.warm.hot.cpu-ratio', 2, None, '≤ 1.3'),
    ('**unlock** (core): Argon2id, ms', 'vault.unlock.argon2id-ms', 0, None, ''),
    ('  after Argon2id, ms', 'vault.unlock.after-ms', 0, 'µs', '< 50 ms'),
    ('  after Argon2id, CPU ms', 'vault.unlock.after-cpu-ms', 0, 'µs', ''),
]
# The window, once per renderer that bench-gui ran (cairo; GL, GTK's default).
for renderer, name in (('cairo', 'cairo'), ('gl', 'GL (the default)')):
    ROWS += [
        (f'**GUI, {name}**: Enter → first rows drawn, ms', f'gui.{renderer}.list-ms', 0, None,
         ''),
        ('  Argon2id alone, ms', f'gui.{renderer}.argon2id-ms', 0, None, ''),
        ('  ratio Enter → first rows / Argon2id', f'gui.{renderer}.list-ratio', 2, None, ''),
        ('  after Argon2id, ms', f'gui.{renderer}.after-argon2id-ms', 0, 'µs', '≤ 1 000 ms'),
        ('  ratio every case in and drawn / Argon2id', f'gui.{renderer}.all-ratio', 2, None, ''),
        ('  CPU, Enter → first rows: the process, ms', f'gui.{renderer}.cpu-ms', 0, None, ''),
        ('  of which the main thread, ms', f'gui.{renderer}.main-cpu-ms', 0, None, ''),
        ('  RSS once every case is in (MB)', f'gui.{renderer}.rss-mb', 0, None, '≤ 150 MB'),
        ('  back to Cases: next frame, ms', f'gui.{renderer}.again-ms', 0, None, ''),
        ('  runs', f'gui.{renderer}.runs', 0, None, ''),
    ]


def main():
    teams = sorted((load(p) for p in sys.argv[1:]), key=households)
    if not teams:
        sys.exit('no figures')
    head = ['figure']
    for t in teams:
        head += [f'{fmt(households(t))} households', 'per household']
    head.append('goal')
    print('| ' + ' | '.join(head) + ' |')
    print('|' + '---|' * len(head))
    for label, key, digits, unit, goal in ROWS:
        if not any(key in t for t in teams):
            continue
        cells = [label]
        for t in teams:
            value = t.get(key)
            cells.append(fmt(value, digits))
            n = households(t)
            if unit and value is not None and n > 0:
                cells.append(f'{fmt(value * 1000 / n, 1)} {unit}')
            else:
                cells.append('')
        cells.append(goal)
        print('| ' + ' | '.join(cells) + ' |')
    loads = [t.get('load') for t in teams if 'load' in t]
    if loads:
        print(f'\nLoad average (1 min) at the start of each size: '
              + ', '.join(fmt(v, 1) for v in loads))


if __name__ == '__main__':
    main()
