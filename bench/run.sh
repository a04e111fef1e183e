#!/usr/bin/env bash
# Process-level benchmarks, side by side in one run on this machine, with
# ratios: clausier against pandoc, docxtpl and Docxodus (python-redlines),
# and clausier's cost as the text grows (40 KB, 400 KB, 1 MB).
#   bash bench/run.sh [RUNS]      (needs pandoc; makes bench/.venv for the Python peers)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v pandoc > /dev/null && command -v hyperfine > /dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pandoc hyperfine > /dev/null; }
venv=bench/.venv
if [ ! -x "$venv/bin/python" ]; then
  # (through a link, if bench/.venv is one: the environment may live elsewhere)
  python3 -m venv "$(readlink -f "$venv")"
  "$venv/bin/pip" install -q docxtpl 'python-redlines[docxodus]'
fi
py="$venv/bin/python"
cargo build --release -q
bin=./target/release/clausier
seed=tests/fixtures/convention-paris-ivry.md
# Median wall time by hyperfine (no shell in between), peak memory of one run.
t() {
  local n=$1
  shift
  hyperfine -N -w 2 -r "$n" --export-json "$work/h.json" -- "$*" > /dev/null 2>&1
  local median
  median=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['median'])" "$work/h.json")
  echo "$median $(python3 bench/timeit.py 1 -- "$@" | cut -d' ' -f2)"
}

# Inputs: the seed and an edited seed (about 1 % of words changed), each
# repeated to about 40 KB, 400 KB and 1 MB.
python3 - "$seed" "$work" <<'PY'
import sys, re
seed, work = sys.argv[1], sys.argv[2]
s = open(seed, encoding="utf-8").read()
body = s[s.index("## ***Préambule"):]
def edit(text):
    words = text.split(" ")
    k = 0
    for i, w in enumerate(words):
        if re.fullmatch(r"[a-zéèàç]{4,}", w):
            k += 1
            if k % 100 == 0:
                words[i] = w + "x"
    return " ".join(words)
for name, n in (("40k", 1), ("400k", 10), ("1m", 25)):
    old = "**CONVENTION DE TEST**\n\n" + "\n\n".join(body.replace("## ***Préambule", "## ***Préambule %d" % (k + 1), 1) for k in range(n))
    open("%s/%s-old.md" % (work, name), "w", encoding="utf-8").write(old)
    open("%s/%s-new.md" % (work, name), "w", encoding="utf-8").write(edit(old))
open("%s/seed-new.md" % work, "w", encoding="utf-8").write(edit(s))
PY
$bin import "$seed" -o "$work/seed-old"
$bin import "$work/seed-new.md" -o "$work/seed-new"
$bin build "$work/seed-old" -o "$work/seed-old.docx"
$bin build "$work/seed-new" -o "$work/seed-new.docx"
"$py" bench/make_template.py "$work/template.docx"

row() { printf '| %-58s | %10s | %8s |\n' "$1" "$2" "$3"; }
ms() { python3 -c "print('%.1f ms' % (float('$1') * 1000))"; }
mb() { python3 -c "print('%.0f MB' % ($1 / 1024))"; }

echo "Process-level, median of $runs runs, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
row "command" "time" "peak mem"
row "---" "---:" "---:"
read cb cm < <(t "$runs" $bin build -o "$work/c.docx")
row "clausier build (the Paris–Ivry convention → DOCX)" "$(ms $cb)" "$(mb $cm)"
read pb pm < <(t "$runs" pandoc "$seed" -o "$work/p.docx")
row "pandoc (the seed Markdown → DOCX)" "$(ms $pb)" "$(mb $pm)"
read xb xm < <(t "$runs" "$py" bench/docxtpl_render.py "$work/template.docx" "$seed" "$work/x.docx")
row "docxtpl (a template of the same size → DOCX)" "$(ms $xb)" "$(mb $xm)"
read cr crm < <(t "$runs" $bin redline "$work/seed-old" "$work/seed-new" -o "$work/r.docx")
row "clausier redline (seed vs edited seed → DOCX)" "$(ms $cr)" "$(mb $crm)"
dr_runs=$(( runs < 5 ? runs : 5 ))
read dr drm < <(t "$dr_runs" "$py" bench/docxodus_redline.py "$work/seed-old.docx" "$work/seed-new.docx" "$work/d.docx")
row "Docxodus / WmlComparer via python-redlines (same pair)" "$(ms $dr)" "$(mb $drm)"
echo
python3 -c "print('ratios: build %.0f× faster than pandoc, %.0f× faster than docxtpl; redline %.0f× faster than Docxodus' % ($pb/$cb, $xb/$cb, $dr/$cr))"
echo
row "as the text grows" "time" "peak mem"
row "---" "---:" "---:"
for size in 40k 400k 1m; do
  read a am < <(t 5 $bin import "$work/$size-old.md" -o "$work/$size-old")
  row "clausier import, $size" "$(ms $a)" "$(mb $am)"
  $bin import "$work/$size-new.md" -o "$work/$size-new"
  read a am < <(t 5 $bin build "$work/$size-old" -o "$work/$size.docx")
  row "clausier build, $size" "$(ms $a)" "$(mb $am)"
  read a am < <(t 5 $bin redline "$work/$size-old" "$work/$size-new" -o "$work/$size-r.docx")
  row "clausier redline, $size" "$(ms $a)" "$(mb $am)"
  read a am < <(t 3 $bin avenant draft "$work/$size-old" "$work/$size-new" -o "$work/$size-a.json")
  row "clausier avenant draft, $size" "$(ms $a)" "$(mb $am)"
done
