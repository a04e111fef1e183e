#!/usr/bin/env bash
# Process-level benchmarks of the word-processor round trip as people type
# (issue 18): `avenant draft` from the convention edited in LibreOffice
# (tests/fixtures/wordproc: a division typed as a paragraph, the paragraph
# before a heading deleted, a heading restyled, the sommaire edited, Word
# comments), tracked or not, DOCX or ODT, beside the clean edit of issue 14
# (tests/fixtures/docx); and a 1 MB DOCX edited (bench/word.sh's) with the
# ODT LibreOffice makes of it. Median wall time of N runs and peak memory
# of one (bench/timeit.py), release build, all rows in one run so that
# their ratios hold on a busy machine.
#   bash bench/wordproc.sh [RUNS] [BASE_BINARY]
# BASE_BINARY (a release build of an earlier commit): the rows both can
# run are timed with it too, interleaved run by run with this build's.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
base=${2:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release -q
bin=./target/release/clausier
fx=tests/fixtures/wordproc

python3 - tests/fixtures/convention-paris-ivry.md "$work" << 'PY'
import sys
seed, work = sys.argv[1], sys.argv[2]
s = open(seed, encoding="utf-8").read()
body = s[s.index("## ***Préambule"):]
big = "**CONVENTION DE TEST**\n\n" + "\n\n".join(body.replace("## ***Préambule", "## ***Préambule %d" % (k + 1), 1) for k in range(70))
open("%s/big.md" % work, "w", encoding="utf-8").write(big)
PY
$bin import "$work/big.md" -o "$work/big" 2> /dev/null
$bin build "$work/big" -o "$work/big.docx" 2> /dev/null
python3 - "$work/big.docx" "$work/big-edited.docx" << 'PY'
import re, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
zin = zipfile.ZipFile(src)
zout = zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED)
k = 0
def edit(m):
    global k
    k += 1
    return m.group(0) if k % 50 else m.group(1) + m.group(2).replace(" ", " nouvellement ", 1) + m.group(3)
for item in zin.infolist():
    data = zin.read(item.filename)
    if item.filename == "word/document.xml":
        data = re.sub(r'(<w:t xml:space="preserve">)([^<]{40,})(</w:t>)', edit, data.decode("utf-8")).encode("utf-8")
    zout.writestr(item, data)
zout.close()
PY
profile=$(mktemp -d)
soffice --headless -env:UserInstallation="file://$profile" --convert-to odt --outdir "$work" "$work/big-edited.docx" > /dev/null 2>&1
rm -rf "$profile"

row() { printf '| %-66s | %10s | %8s |\n' "$1" "$2" "$3"; }
line() {
  local what=$1 n=$2
  shift 2
  read -r s kb < <(python3 bench/timeit.py "$n" -- "$@")
  row "$what" "$(python3 -c "print('%.1f ms' % ($s * 1000))")" "$(python3 -c "print('%.0f MB' % ($kb / 1024))")"
}
echo "Process-level, median of $runs runs, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "big: DOCX $(( $(stat -c %s "$work/big-edited.docx") / 1024 )) KB, ODT $(( $(stat -c %s "$work/big-edited.odt") / 1024 )) KB"
echo
row "command" "time" "peak mem"
row "---" "---:" "---:"
draft() { line "avenant draft, $1" "$2" $bin avenant draft "$3" "$4" -o "$work/a.json"; }
draft "the clean edit of issue 14, tracked (DOCX)" "$runs" clauses/paris-ivry tests/fixtures/docx/convention-suivi.docx
for f in ivry-ensemble-suivi.docx ivry-ensemble-suivi.odt ivry-ensemble-modifie.docx ivry-ensemble-modifie.odt \
  ivry-commentaires-suivi.docx ivry-commentaires-suivi.odt; do
  draft "as people type: $f" "$runs" clauses/paris-ivry "$fx/$f"
done
line "redline --table, comments in the tableau (ODT)" "$runs" $bin redline clauses/paris-ivry "$fx/ivry-commentaires-suivi.odt" --table -o "$work/t.docx"
line "import the convention's ODT" "$runs" $bin import "$fx/ivry.odt" -o "$work/imported" --force
draft "a 1 MB DOCX edited" 5 "$work/big" "$work/big-edited.docx"
draft "the same as ODT (LibreOffice's)" 5 "$work/big" "$work/big-edited.odt"
line "import a 1 MB ODT" 5 $bin import "$work/big-edited.odt" -o "$work/big-imported" --force

if [ -n "$base" ]; then
  echo
  echo "Against $base (the same inputs; time of this build / of the base, each the median of $runs interleaved runs):"
  echo
  row "command" "ratio" ""
  row "---" "---:" ""
  versus() {
    local what=$1 n=$2
    shift 2
    python3 - "$n" "$bin" "$base" "$@" << 'PY'
import statistics, subprocess, sys, time
n, new, old, args = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
t = {new: [], old: []}
for _ in range(n):
    for b in (new, old):
        s = time.perf_counter()
        subprocess.run([b] + args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t[b].append(time.perf_counter() - s)
a, b = statistics.median(t[new]), statistics.median(t[old])
print("%.1f / %.1f ms = %.2f" % (a * 1000, b * 1000, a / b))
PY
  }
  r() { row "$1" "$(versus "$@")" ""; }
  r "avenant draft, the clean edit of issue 14, tracked" "$runs" avenant draft clauses/paris-ivry tests/fixtures/docx/convention-suivi.docx -o "$work/a.json"
  r "avenant draft, the clean edit of issue 14, untracked" "$runs" avenant draft clauses/paris-ivry tests/fixtures/docx/convention-modifiee.docx -o "$work/a.json"
  r "redline, the clean edit, tracked → DOCX" "$runs" redline clauses/paris-ivry tests/fixtures/docx/convention-suivi.docx -o "$work/r.docx"
  r "avenant draft, a 1 MB DOCX edited" 5 avenant draft "$work/big" "$work/big-edited.docx" -o "$work/big.json"
  r "import a 1 MB DOCX" 5 import "$work/big-edited.docx" -o "$work/big-imported" --force
fi
