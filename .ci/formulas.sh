#!/usr/bin/env bash
# CI: the avenants' words read by an independent parser of French amendment
# formulas, DuraLex (Legilibre), where it is there: $DURALEX names a checkout
# of it (its Python dependencies are installed from PyPI into a venv of the
# output folder). Each amending article of the example avenants and of the
# 1952 cahier des charges redrafted from its consolidation is given to it
# alone; every word replacement it reads must be one the change set makes.
# Without DuraLex, says so and passes: the project's own reader of the
# formulas (tests/it/prose.rs) runs in `cargo test`.
# Usage: .ci/formulas.sh BINARY OUTPUT_FOLDER (from the repository root).
set -euo pipefail
start=$(date +%s)
bin=$1
out=$2/formulas
rm -rf "$out" && mkdir -p "$out"

# The avenants: the examples, and one redrafted from a real consolidation.
"$bin" avenant build clauses/paris-ivry examples/avenant-1.json -o "$out/avenant-1.txt"
"$bin" avenant apply clauses/paris-ivry examples/avenant-1.json -o "$out/consolidee-1"
"$bin" avenant build "$out/consolidee-1" examples/avenant-2.json -o "$out/avenant-2.txt"
cp examples/avenant-1.json "$out/avenant-1.json"
cp examples/avenant-2.json "$out/avenant-2.json"
corpus=tests/fixtures/corpus
"$bin" import "$corpus/1952-cahier-charges-type-transport-gaz-v1-original.md" -o "$out/cdc-v1" 2> /dev/null
"$bin" import "$corpus/1952-cahier-charges-type-transport-gaz-v2-consolide.md" -o "$out/cdc-v2" 2> /dev/null
"$bin" avenant draft "$out/cdc-v1" "$out/cdc-v2" -o "$out/cahier-1952.json" 2> /dev/null
"$bin" avenant build "$out/cdc-v1" "$out/cahier-1952.json" -o "$out/cahier-1952.txt" 2> /dev/null

if [ -z "${DURALEX:-}" ] || [ ! -f "$DURALEX/bin/duralex" ]; then
  echo "formulas: DuraLex not found (DURALEX names a checkout of Legilibre/DuraLex): its reading skipped"
  echo "formulas: $(($(date +%s) - start)) s"
  exit 0
fi
python3 -m venv "$out/venv"
"$out/venv/bin/pip" install -q beautifulsoup4 html5lib requests colorama unidiff
"$out/venv/bin/python" - "$DURALEX" "$out" avenant-1 avenant-2 cahier-1952 <<'PY'
import json, os, subprocess, sys, tempfile, unicodedata

duralex, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]

def norm(s):
    return unicodedata.normalize("NFC", s).replace("\u2019", "'").replace("\xa0", " ").replace("\u202f", " ").strip()

def articles(text):
    """The avenant's amending articles: each as its lines."""
    lines = [norm(l) for l in text.splitlines() if l.strip()]
    start = next(i for i, l in enumerate(lines) if l.lower().endswith("il a été convenu ce qui suit :"))
    end = next((i for i, l in enumerate(lines) if l.startswith("Fait à ")), len(lines))
    arts, cur = [], None
    for l in lines[start + 1:end]:
        if l.startswith("Article ") and not l.startswith("« "):
            cur = []
            arts.append(cur)
        elif cur is not None:
            cur.append(l)
    return arts

def edits(n, acc):
    if n.get("type") == "edit":
        acc.append(n)
    for c in n.get("children", []):
        edits(c, acc)
    return acc

def quotes(n, kind, acc):
    if n.get("type") == kind:
        for c in n.get("children", []):
            if c.get("type") == "quote":
                acc.append(norm(c.get("words", "")))
    for c in n.get("children", []):
        quotes(c, kind, acc)
    return acc

failed = False
for name in names:
    text = open(os.path.join(out, name + ".txt"), encoding="utf-8").read()
    ops = json.load(open(os.path.join(out, name + ".json"), encoding="utf-8"))["operations"]
    pairs = {(norm(o.get("words", "")), norm(o.get("by", ""))) for o in ops if "by" in o}
    read, crashed, raw, found = 0, 0, 0, []
    for lines in articles(text):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
            f.write("Article 1er\n\n" + "\n\n".join(lines) + "\n")
        r = subprocess.run([sys.executable, os.path.join(duralex, "bin", "duralex"), "--file", f.name],
                           capture_output=True, text=True, timeout=120)
        os.unlink(f.name)
        if r.returncode != 0:
            crashed += 1
            continue
        es = edits(json.loads(r.stdout), [])
        if not es:
            raw += 1
            continue
        read += 1
        for e in es:
            if e.get("editType") == "replace":
                w = quotes(e, "word-reference", [])
                d = quotes(e, "word-definition", [])
                if len(w) == 1 and len(d) == 1:
                    found.append((w[0], d[0]))
    wrong = [p for p in found if p not in pairs]
    print("formulas: %s: %d amending articles, %d read by DuraLex as edits, %d left as text, %d it could not parse; "
          "%d word replacements read, %d not in the change set%s" % (
              name, len(articles(text)), read, raw, crashed, len(found), len(wrong),
              "".join("\n  « %s » → « %s »" % p for p in wrong)))
    failed = failed or bool(wrong)
sys.exit(1 if failed else 0)
PY
echo "formulas: $(($(date +%s) - start)) s"
