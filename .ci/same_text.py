#!/usr/bin/env python3
"""same_text.py A.txt B.txt — checks that two texts read by
docx_accept_reject.py say the same, paragraph for paragraph, once the noise
of word processors is taken out on both sides the same way: every kind of
apostrophe is ', non-breaking spaces and no-break hyphens are plain, runs of
white space are one space, empty paragraphs are not paragraphs. Prints one
line; exit 1 naming the first paragraph that differs."""
import re
import sys


def paragraphs(path):
    t = open(path, encoding="utf-8").read()
    t = t.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ").replace("\u2011", "-")
    return [p for p in (re.sub(r"\s+", " ", l).strip() for l in t.split("\n")) if p]


a, b = paragraphs(sys.argv[1]), paragraphs(sys.argv[2])
for k, (x, y) in enumerate(zip(a, b)):
    if x != y:
        print("%s and %s differ at paragraph %d:\n  %s\n  %s" % (sys.argv[1], sys.argv[2], k + 1, x[:200], y[:200]))
        sys.exit(1)
if len(a) != len(b):
    print("%s has %d paragraphs, %s %d" % (sys.argv[1], len(a), sys.argv[2], len(b)))
    sys.exit(1)
print("%s = %s (%d paragraphs)" % (sys.argv[1], sys.argv[2], len(a)))
