#!/usr/bin/env python3
"""docx_words.py REFERENCE.txt READ.txt — checks that clausier kept the words
of a document: every word of REFERENCE (the text docx_accept_reject.py
reads) found in order in READ (what
`examples/read_docx` prints, or `examples/import_reading` for an import),
and every template tag ({{ … }}, {% … %}) of REFERENCE in READ as many
times. Prints one line; exit 1 when it fails."""
import collections
import difflib
import re
import sys


def norm(t):
    # Typography is not a word: the same apostrophe and spaces on both sides.
    return re.sub(r"\s+", " ", t.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'"))


ref, got = (norm(open(p, encoding="utf-8").read()) for p in sys.argv[1:3])
words = lambda t: [m.lower() for m in re.findall(r"\w+", t)]
a, b = words(ref), words(got)
sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
matched = sum(m.size for m in sm.get_matching_blocks())
kept = matched / max(1, len(a))
# The words lost, each run with its place: the claim is exact, so is the check.
lost = [" ".join(a[i1:i2]) for op, i1, i2, _, _ in sm.get_opcodes() if op in ("delete", "replace")]
tags = lambda t: collections.Counter(re.findall(r"\{\{.*?\}\}|\{%.*?%\}", t))
missing = tags(ref) - tags(got)
ok = matched == len(a) and not missing
print("%s: %.2f %% of %d words in order, %d template tags%s" % (sys.argv[2], 100 * kept, len(a), sum(tags(ref).values()),
                                                           ("" if not missing else ", missing: %s" % list(missing)[:5])
                                                           + ("" if not lost else ", words lost: %s" % lost[:5])))
sys.exit(0 if ok else 1)
