#!/usr/bin/env python3
# check-docs.py SRCDIR — the pages for people who change the code name what
# is there:
#  - every step `path: function` in HACKING.md's "Two walks through the code"
#    names a file that exists and a function defined in it (GNU style: the
#    name at the start of a line, then its parameters);
#  - every `function()` that HACKING.md, README.md, po/README.md or a page
#    of docs/ names in code is a name the code still uses (comments left
#    out), and every file of ours they name (ct-…, test-…, bench-…, fuzz-…)
#    exists. Library functions (g_…, gtk_…, …), a suffix that stands for a
#    pair (`_finish()`) and the placeholder names of the "How to add"
#    recipes (ct-thing.c) are not checked;
#  - nothing in the tree cites a design document that is not in it
#    ("DESIGN.md", "DESIGN §…"): the repository's own docs/ say it.
import glob
import os
import re
import sys

top = sys.argv[1]
failures = []

EXTERNAL = ("g_", "gtk_", "gdk_", "adw_", "sqlite3_", "sodium_", "crypto_", "lxw_",
            "pango_", "cairo_", "malloc_")


def read(path):
    with open(os.path.join(top, path), encoding="utf-8", errors="replace") as f:
        return f.read()


def without_comments(text):
    return re.sub(r"/\*.*?\*/|//[^\n]*", " ", text, flags=re.S)


def code_spans(text):
    """The `…` spans of a Markdown page, outside fenced blocks."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return re.findall(r"`([^`\n]+)`", text)


# Every name in the code, comments left out, and every file name we have.
names = set()
files = set()
outside = []
for root, dirs, entries in os.walk(top):
    rel = os.path.relpath(root, top)
    # Build directories (build, build-asan, build-bench, …), not build-aux.
    dirs[:] = [d for d in dirs if not d.startswith(".")
               and not (d.startswith("build") and d != "build-aux")
               and not (rel == "." and d == "subprojects")]
    files.update(entries)
    for entry in entries:
        if rel != os.path.join("tests", "data") or entry != "check-docs.py":
            try:
                whole = read(os.path.join(rel, entry))
            except OSError:
                whole = ""
            for number, line in enumerate(whole.splitlines(), 1):
                if re.search(r"DESIGN(\.md| §)", line):
                    outside.append("%s:%d cites %s" % (os.path.join(rel, entry), number,
                                                        line.strip()))
        if entry.endswith((".c", ".h", ".py", ".sh", ".ui", ".xml", ".build", ".in")) \
           or rel.startswith("build-aux"):
            text = read(os.path.join(rel, entry))
            if entry.endswith((".c", ".h")):
                text = without_comments(text)
            names.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))

# The walks: each `path: function` is defined in that file.
hacking = read("HACKING.md")
walks = re.search(r"^## Two walks through the code\n(.*?)^## ", hacking, flags=re.S | re.M)
if walks is None:
    failures.append("HACKING.md has no section \"Two walks through the code\"")
    steps = []
else:
    steps = re.findall(r"`([\w./-]+\.c): (\w+)`", walks.group(1))
    if len(steps) < 20:
        failures.append("HACKING.md's walks have %d steps `file: function`; expected both walks"
                        % len(steps))
for path, function in steps:
    if not os.path.isfile(os.path.join(top, path)):
        failures.append("HACKING.md walks: %s does not exist" % path)
    elif not re.search(r"^%s \(" % re.escape(function), without_comments(read(path)), re.M):
        failures.append("HACKING.md walks: %s defines no %s()" % (path, function))

# Names in the pages.
pages = ["HACKING.md", "README.md", os.path.join("po", "README.md")]
pages += sorted(os.path.relpath(p, top) for p in glob.glob(os.path.join(top, "docs", "*.md")))
n_names = 0
for page in pages:
    if not os.path.isfile(os.path.join(top, page)):
        continue
    for span in code_spans(read(page)):
        for function in re.findall(r"(?<![\w.…])([A-Za-z_]\w*)\(\)", span):
            # A library's function, or a suffix standing for a pair (`_finish()`).
            if function.startswith(EXTERNAL) or (function[0] == "_" and
                                                 not function.startswith("_ct_")):
                continue
            n_names += 1
            if function not in names:
                failures.append("%s names %s(), which the code does not use" % (page, function))
        for name in re.findall(r"(?<![\w.-])((?:ct|test|bench|fuzz)-[a-z0-9-]+\.(?:c|h|ui|py|sh))\b",
                               span):
            if "thing" in name:
                continue
            n_names += 1
            if name not in files:
                failures.append("%s names %s, which does not exist" % (page, name))

print("1..3")
walk_failures = [f for f in failures if f.startswith("HACKING.md walks") or "section" in f
                 or "steps" in f]
other_failures = [f for f in failures if f not in walk_failures]
for f in walk_failures:
    print("# " + f)
print("%s 1 - every step of HACKING.md's walks is a function of its file (%d steps)"
      % ("not ok" if walk_failures else "ok", len(steps)))
for f in other_failures:
    print("# " + f)
print("%s 2 - the docs name functions and files that exist (%d names)"
      % ("not ok" if other_failures else "ok", n_names))
for f in outside:
    print("# " + f)
print("%s 3 - nothing cites a design document outside the repository"
      % ("not ok" if outside else "ok"))
sys.exit(1 if failures or outside else 0)
