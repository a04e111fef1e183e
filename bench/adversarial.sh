#!/usr/bin/env bash
# Adversarial inputs, process level: the cost must stay near-linear whatever
# a hostile or careless source or change set holds (issue « safe on real
# folders »). Median wall time of a few runs, peak memory of one.
#   bash bench/adversarial.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release -q
bin=$PWD/target/release/clausier

python3 - "$work" tests/fixtures/convention-paris-ivry.md <<'PY'
import random, sys
work, seed = sys.argv[1], sys.argv[2]
words = open(seed, encoding="utf-8").read().split()
r = random.Random(1)
def para(n):
    return " ".join(r.choice(words) for _ in range(n)) + "."
# One HTML table row of 64 000 cells.
open(f"{work}/row.md", "w").write("## Article 1 – Tableau\n\n<table><tr>" + "".join(f"<td>c{k}</td>" for k in range(64000)) + "</tr></table>\n")
# Decimal labels nested 2 000 deep.
open(f"{work}/deep.md", "w").write("".join(f"{'.'.join(['1'] * (k + 1))}. Titre {k}\n\nTexte {k}.\n\n" for k in range(2000)))
# Two unrelated texts of 1.4 MB, articles numbered alike.
def text(seed_, size):
    rr = random.Random(seed_)
    out, n, art = [], 0, 1
    while n < size:
        out.append(f"## Article {art} – Titre {rr.randint(1, 10**6)}\n")
        for _ in range(rr.randint(1, 6)):
            p = " ".join(rr.choice(words) for _ in range(rr.randint(20, 120))) + "."
            out.append(p + "\n")
            n += len(p)
        art += 1
    return "\n".join(out)
open(f"{work}/a.md", "w").write(text(1, 1_400_000))
open(f"{work}/b.md", "w").write(text(2, 1_400_000))
# One alinéa of 20 000 words, rewritten.
open(f"{work}/c.md", "w").write("## Article 1 – Objet\n\n" + para(20000) + "\n")
open(f"{work}/d.md", "w").write("## Article 1 – Objet\n\n" + para(20000) + "\n")
# A 30 MB fragment: one big table.
rows = []
size = 0
k = 0
while size < 30_000_000:
    line = f"| ligne {k} | " + " ".join(r.choice(words) for _ in range(12)) + " |"
    rows.append(line)
    size += len(line) + 1
    k += 1
open(f"{work}/big.md", "w").write("| A | B |\n|---|---|\n" + "\n".join(rows[:-20]) + "\n")
PY
for x in a b c d; do "$bin" import "$work/$x.md" -o "$work/$x"; done
# The 30 MB table as one clause of a source.
mkdir -p "$work/big"
cp "$work/big.md" "$work/big/tableau.md"
cat > "$work/big/manifest.json" <<'JSON'
{ "kind": "convention", "title": "Grand tableau", "numbering": ["Article {1er} –"],
  "outline": [{ "id": "tableau", "title": "Tableau", "clause": "tableau" }] }
JSON

t() {
  local n=$1
  shift
  python3 bench/timeit.py "$n" -- "$@"
}
row() { printf '| %-58s | %10s | %8s |\n' "$1" "$2" "$3"; }
ms() { python3 -c "print('%.0f ms' % (float('$1') * 1000))"; }
mb() { python3 -c "print('%.0f MB' % ($1 / 1024))"; }

echo "Adversarial inputs, process level, median of $runs runs, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
row "command" "time" "peak mem"
row "---" "---:" "---:"
read a m < <(t "$runs" "$bin" import "$work/row.md" -o "$work/row")
row "import: one HTML table row of 64 000 cells" "$(ms "$a")" "$(mb "$m")"
read a m < <(t "$runs" "$bin" import "$work/deep.md" -o "$work/deep")
row "import: decimal labels nested 2 000 deep" "$(ms "$a")" "$(mb "$m")"
read a m < <(t "$runs" "$bin" redline "$work/a" "$work/b" -o "$work/ab.docx")
row "redline: two unrelated texts of 1.4 MB" "$(ms "$a")" "$(mb "$m")"
read a m < <(t "$runs" "$bin" avenant draft "$work/c" "$work/d" -o "$work/cd.json")
row "avenant draft: one 20 000-word alinéa rewritten" "$(ms "$a")" "$(mb "$m")"
read a m < <(t 1 "$bin" build "$work/big" -o "$work/big.txt")
row "build .txt: a 30 MB clause holding one table" "$(ms "$a")" "$(mb "$m")"
read a m < <(t 1 "$bin" build "$work/big" -o "$work/big.docx")
row "build .docx: the same" "$(ms "$a")" "$(mb "$m")"
