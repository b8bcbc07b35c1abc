#!/usr/bin/env python3
# check-help.py SRCDIR — the user guide (help/) is valid Mallard, the same in
# every language, and true to the interface:
#  - yelp-check validates every page, and finds no broken link and no orphan;
#  - every language has the same pages, each marked with its own xml:lang;
#  - every <gui> label names a string the interface shows: an msgid of the
#    program for help/C, its Dutch msgstr for help/nl (mnemonics dropped);
#  - every help topic the interface opens (app.help-topic) is a page.
import glob
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MAL = "{http://projectmallard.org/1.0/}"
top = sys.argv[1]
helpdir = os.path.join(top, "help")
langs = sorted(d for d in os.listdir(helpdir) if os.path.isdir(os.path.join(helpdir, d)))
failures = []


def fail(msg):
    failures.append(msg)


def norm(text):
    return re.sub(r"\s+", " ", text.replace("_", "")).strip()


def po_strings():
    with open(os.path.join(top, "po", "nl.po"), encoding="utf-8") as f:
        po = f.read()
    ids, strs = set(), set()
    for msgid, msgstr in re.findall(r'msgid ((?:"(?:[^"\\]|\\.)*"\n?)+)msgstr ((?:"(?:[^"\\]|\\.)*"\n?)+)', po):
        join = lambda s: "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s))
        ids.add(norm(join(msgid)))
        strs.add(norm(join(msgstr)))
    return {"C": ids, "nl": strs}


if "C" not in langs or "nl" not in langs:
    fail("help/ must hold the C and nl guides, found: %s" % ", ".join(langs))

yelp_check = subprocess.run(["which", "yelp-check"], capture_output=True, text=True).stdout.strip()
if not yelp_check:
    fail("yelp-check is missing: build-aux/dev test installs yelp-tools")
else:
    for sub in ("validate", "links", "orphans"):
        r = subprocess.run([yelp_check, sub] + langs, cwd=helpdir, capture_output=True, text=True)
        out = (r.stdout + r.stderr).strip()
        if r.returncode != 0 or out:
            fail("yelp-check %s: %s" % (sub, out or "exit %d" % r.returncode))

labels = po_strings()
pages = {}
for lang in langs:
    pages[lang] = set()
    for path in sorted(glob.glob(os.path.join(helpdir, lang, "*.page"))):
        root = ET.parse(path).getroot()
        pages[lang].add(root.get("id"))
        if root.get("{http://www.w3.org/XML/1998/namespace}lang") != ("en" if lang == "C" else lang):
            fail("%s: xml:lang does not match its folder" % path)
        if root.get("id") + ".page" != os.path.basename(path):
            fail("%s: the id is not the file name" % path)
        known = labels.get(lang)
        for gui in root.iter(MAL + "gui"):
            text = norm("".join(gui.itertext()))
            if known is not None and text not in known:
                fail("%s: <gui>%s</gui> is not a string of the interface" % (path, text))

for lang in langs:
    if pages[lang] != pages["C"]:
        fail("help/%s has other pages than help/C: %s" % (lang, sorted(pages[lang] ^ pages["C"])))

sources = glob.glob(os.path.join(top, "ui", "**", "*.ui"), recursive=True) + \
          glob.glob(os.path.join(top, "src", "**", "*.c"), recursive=True)
topics = set()
for path in sources:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    topics |= set(re.findall(r"app\.help-topic::([a-z0-9-]+)", text))
    topics |= set(re.findall(r'ct_application_show_help \([^,]+, "([a-z0-9-]+)"\)', text))
    for target in re.findall(r'name="action-name">app\.help-topic</property>\s*<property name="action-target">\'([^\']+)\'', text):
        topics.add(target)
if not topics:
    fail("no page of the interface opens a help topic")
for topic in sorted(topics):
    for lang in langs:
        if topic not in pages[lang]:
            fail("the interface opens help topic %s, which help/%s lacks" % (topic, lang))

print("1..1")
if failures:
    for f in failures:
        print("# " + f)
    print("not ok 1 - the user guide")
    sys.exit(1)
print("ok 1 - the user guide: %d pages in %s, %d topics opened from the interface"
      % (len(pages["C"]), ", ".join(langs), len(topics)))
