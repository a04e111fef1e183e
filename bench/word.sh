#!/usr/bin/env bash
# Process-level benchmarks of the Word round trip (issue 14): whole
# commands, median wall time of N runs and peak memory of one
# (bench/timeit.py), release build.
#   bash bench/word.sh [RUNS]
# Inputs: the seed convention edited by LibreOffice (the committed fixtures
# of tests/fixtures/docx, with and without Track Changes), and a DOCX of
# about 1 MB: the seed's text repeated, imported, built, and one text run
# in fifty edited in its XML the way a word processor saves an edit.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release -q
bin=./target/release/clausier
fx=tests/fixtures/docx
seed=tests/fixtures/convention-paris-ivry.md

python3 - "$seed" "$work" <<'PY'
import sys
seed, work = sys.argv[1], sys.argv[2]
s = open(seed, encoding="utf-8").read()
body = s[s.index("## ***Préambule"):]
big = "**CONVENTION DE TEST**\n\n" + "\n\n".join(body.replace("## ***Préambule", "## ***Préambule %d" % (k + 1), 1) for k in range(70))
open("%s/big.md" % work, "w", encoding="utf-8").write(big)
PY
$bin import "$work/big.md" -o "$work/big" 2> /dev/null
$bin build "$work/big" -o "$work/big.docx" 2> /dev/null
python3 - "$work/big.docx" "$work/big-edited.docx" <<'PY'
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

row() { printf '| %-62s | %10s | %8s |\n' "$1" "$2" "$3"; }
t() { python3 bench/timeit.py "$1" -- "${@:2}"; }
show() { read -r s kb < <(t "$@"); python3 -c "import sys; print('%.1f ms' % (float(sys.argv[1]) * 1000), '%.0f MB' % (int(sys.argv[2]) / 1024))" "$s" "$kb"; }
say() { local what=$1; shift; read -r a b c < <(show "$@" | tr '\n' ' '); row "$what" "$a $b" "$c $d" 2> /dev/null || true; }

echo "Process-level, median of $runs runs, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "big DOCX: $(( $(stat -c %s "$work/big-edited.docx") / 1024 )) KB, $(python3 -c "import zipfile,sys; print(len(zipfile.ZipFile(sys.argv[1]).read('word/document.xml')) // 1024)" "$work/big-edited.docx") KB of document.xml"
echo
row "command" "time" "peak mem"
row "---" "---:" "---:"
line() {
  local what=$1 n=$2
  shift 2
  read -r s kb < <(t "$n" "$@")
  row "$what" "$(python3 -c "print('%.1f ms' % ($s * 1000))")" "$(python3 -c "print('%.0f MB' % ($kb / 1024))")"
}
line "avenant draft, the seed edited with Track Changes (29 KB)" "$runs" $bin avenant draft clauses/paris-ivry $fx/convention-suivi.docx -o "$work/a.json"
line "avenant draft, the seed edited without Track Changes" "$runs" $bin avenant draft clauses/paris-ivry $fx/convention-modifiee.docx -o "$work/a.json"
line "redline, the seed edited with Track Changes → DOCX" "$runs" $bin redline clauses/paris-ivry $fx/convention-suivi.docx -o "$work/r.docx"
line "import the seed's DOCX" "$runs" $bin import $fx/convention.docx -o "$work/imported" --force
line "avenant draft, a 1 MB DOCX edited" 5 $bin avenant draft "$work/big" "$work/big-edited.docx" -o "$work/big.json"
line "redline, a 1 MB DOCX edited → DOCX" 5 $bin redline "$work/big" "$work/big-edited.docx" -o "$work/big-r.docx"
line "import a 1 MB DOCX" 5 $bin import "$work/big-edited.docx" -o "$work/big-imported" --force
