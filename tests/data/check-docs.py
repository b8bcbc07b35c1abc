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
#    ("DESIGN.md", "DESIGN §…"): the repository's own docs/ say it;
#  - every section a source file, a test or a page cites is a heading of the
#    page it names: `docs/sync-merge.md, "Merge rules"` (also across the lines
#    of a comment, and `("…")`, `"…" and "…"`), `page.md#anchor` in a link,
#    and a page's `(above, "…")` / `(below, "…")` of its own headings.
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

# Cited sections: each names a heading of its page.
def headings(page):
    """The headings of a page of ours, None when there is no such page."""
    for folder in ("docs", ""):
        path = os.path.join(folder, page)
        if os.path.isfile(os.path.join(top, path)):
            text = re.sub(r"^```.*?^```", "", read(path), flags=re.S | re.M)
            names = [h.strip() for h in re.findall(r"^#+ (.*)$", text, flags=re.M)]
            # A heading's words before its colon ("Threads" for "Threads: what
            # may run off the main loop"), and a paragraph's or an item's bold
            # lead ("**Signed rows.** An explicit involvement …").
            names += [h.split(":")[0] for h in names if ":" in h]
            names += [b.strip().rstrip(".") for b in
                      re.findall(r"^[ \t]*(?:[-*] |\d+\. )?\*\*([^*\n]+)\*\*", text, flags=re.M)]
            return names
    return None


def slug(heading):
    """GitHub's anchor of a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.lower().replace("`", ""))
    return text.replace(" ", "-")


CITE = re.compile(r"(?<![\w/.-])(?:docs/)?([a-z][\w-]*\.md)\)?(?:,\s*|\s+\(?\s*|\s*\(\s*)"
                  r"\"([A-Za-z`][^\"]*)\"((?:\s*(?:,|and|or)\s*\"[A-Za-z`][^\"]*\")*)")
ANCHOR = re.compile(r"\(((?:\.\./|docs/)?[\w-]+\.md)#([\w-]+)\)")
AROUND = re.compile(r"\b(?:above|below)[,:]? \"([A-Za-z`][^\"]*)\""
                    r"|\"([A-Za-z`][^\"]*)\",? (?:above|below)\b")
citations = []
n_cited = 0
for root, dirs, entries in os.walk(top):
    rel = os.path.relpath(root, top)
    dirs[:] = [d for d in dirs if not d.startswith(".")
               and not (d.startswith("build") and d != "build-aux")
               and not (rel == "." and d == "subprojects")]
    for entry in entries:
        if not entry.endswith((".c", ".h", ".md", ".py", ".sh", ".build", ".ui")) \
           or entry == "check-docs.py":
            continue
        path = os.path.normpath(os.path.join(rel, entry))
        whole = read(path)
        # One line of text for each comment or paragraph: a citation may break.
        text = re.sub(r"\n[ \t]*(?:\*(?!/)|//|#(?!#))?[ \t]*", " ", whole)
        found = []
        for m in CITE.finditer(text):
            found.append((m.group(1), m.group(2)))
            found += [(m.group(1), more) for more in re.findall(r"\"([^\"]+)\"", m.group(3))]
        for m in ANCHOR.finditer(whole):
            found.append((os.path.basename(m.group(1)), "#" + m.group(2)))
        if entry.endswith(".md"):
            for m in AROUND.finditer(text):
                found.append((entry, m.group(1) or m.group(2)))
        for page, section in found:
            if page == entry and rel not in ("docs", "."):
                continue
            have = headings(page)
            if have is None:
                citations.append("%s cites %s, which is no page of docs/" % (path, page))
                continue
            n_cited += 1
            if section.startswith("#"):
                ok = section[1:] in (slug(h) for h in have)
            else:
                ok = section.lower() in (h.lower() for h in have)
            if not ok:
                citations.append("%s cites %s \"%s\", which is no heading there"
                                 % (path, page, section))

print("1..4")
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
for f in citations:
    print("# " + f)
print("%s 4 - every section cited is a heading of its page (%d citations)"
      % ("not ok" if citations else "ok", n_cited))
sys.exit(1 if failures or outside or citations else 0)
