#!/usr/bin/env bash
# Doubling series, process level (issue 22): the cost must grow with the
# input, not with its square, for the two shapes that were quadratic —
# many untitled sibling articles (« Article k » and one sentence) and many
# parties. Median wall time of a few runs, peak memory of one; the ratio
# column is each row's CPU time over the previous size's (×2 input: ≈ ×2
# wanted); CPU time (user + system) is shown besides the wall time, as a
# machine shared with other work stretches the wall time.
#   bash bench/scaling.sh [RUNS] [BINARY]      (SHAPES=articles or parties: one only)
# BINARY defaults to target/release/clausier (built here); give another
# binary (an older build) to compare.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
if [ -n "${2:-}" ]; then
  bin=$(realpath "$2")
else
  cargo build --release -q
  bin=$PWD/target/release/clausier
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" tests/fixtures/convention-paris-ivry.md <<'PY'
import random, sys
work, seed = sys.argv[1], sys.argv[2]
words = [w for w in open(seed, encoding="utf-8").read().split() if w.isalpha()]
for n in (2000, 4000, 8000, 16000):
    r = random.Random(n)
    sentences = [" ".join(r.choice(words) for _ in range(r.randint(8, 16))).capitalize() + "." for _ in range(n)]
    def text(ss):
        return "CONVENTION DE TEST\n\n" + "".join(f"## Article {k + 1}\n\n{s}\n\n" for k, s in enumerate(ss))
    open(f"{work}/u{n}.md", "w").write(text(sentences))
    # One article in a hundred edited: a word replaced.
    edited = [s.replace(" ", " modifié ", 1) if k % 100 == 50 else s for k, s in enumerate(sentences)]
    open(f"{work}/u{n}e.md", "w").write(text(edited))
PY
for n in 2000 4000 8000 16000; do
  "$bin" import "$work/u$n.md" -o "$work/u$n" 2> /dev/null
  "$bin" import "$work/u${n}e.md" -o "$work/u${n}e" 2> /dev/null
done
# Parties: the Paris–Ivry source (its parties, visas and signature blocks
# made by the frame, one per party) with its parties repeated.
mkdir -p "$work/lib"
cp -r clauses/commun "$work/lib/"
for p in 400 800 1600 3200; do
  cp -r clauses/paris-ivry "$work/lib/p$p"
  python3 - "$work/lib/p$p/manifest.json" "$p" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
m = json.load(open(path, encoding="utf-8"))
first = m["parties"][0]
m["parties"] = [dict(first, id=f"p{k}", nom=f"la Commune n° {k}") for k in range(n)]
m["signature_order"] = [f"p{k}" for k in range(n)]
json.dump(m, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
done

t() {
  local n=$1
  shift
  TIMEIT_CPU=1 python3 bench/timeit.py "$n" -- "$@"
}
row() { printf '| %-40s | %9s | %9s | %7s | %8s |\n' "$1" "$2" "$3" "$4" "$5"; }
ms() { python3 -c "print('%.0f ms' % (float('$1') * 1000))"; }
mb() { python3 -c "print('%.0f MB' % ($1 / 1024))"; }
ratio() { if [ -z "$1" ]; then echo "–"; else python3 -c "print('×%.1f' % (float('$2') / float('$1')))"; fi; }

echo "Doubling series, $bin, median of $runs runs, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
row "command" "wall" "CPU" "ratio" "peak mem"
row "---" "---:" "---:" "---:" "---:"
series() {
  local label=$1 prev=""
  shift
  for n in 2000 4000 8000 16000; do
    local args=()
    for a in "$@"; do args+=("${a//@N@/$n}"); done
    read -r a m c < <(t "$runs" "$bin" "${args[@]}")
    row "$label $n" "$(ms "$a")" "$(ms "$c")" "$(ratio "$prev" "$c")" "$(mb "$m")"
    prev=$c
  done
}
shapes=${SHAPES:-articles parties}
if [[ $shapes == *articles* ]]; then
series "redline U U --stat, articles:" redline "$work/u@N@" "$work/u@N@" --stat
series "redline U U' → DOCX, articles:" redline "$work/u@N@" "$work/u@N@e" -o "$work/r.docx"
series "avenant draft U U', articles:" avenant draft "$work/u@N@" "$work/u@N@e" -o "$work/a.json"
fi
[[ $shapes == *parties* ]] || exit 0
prev=""
for p in 400 800 1600 3200; do
  read -r a m c < <(t "$runs" "$bin" build "$work/lib/p$p" -o "$work/p.docx")
  row "build, $p parties" "$(ms "$a")" "$(ms "$c")" "$(ratio "$prev" "$c")" "$(mb "$m")"
  prev=$c
done
