#!/usr/bin/env bash
# Facts you can sign on (issue 17): originals refuse blanks, naming the
# `facts --set` that fills each; once set, check passes and the originals
# print with no blank; a draft (--projet) is marked PROJET on every page of
# every PDF; the consolidated text's calendar counts the term its avenant
# gives. Usage: .ci/facts.sh BIN OUT (from the repository root).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
start=$(date +%s)
bin=$1
w=$2/facts
SHARED=${SHARED:-../shared}
rm -rf "$w" && mkdir -p "$w/lib"
cp -r clauses/paris-ivry clauses/commun "$w/lib/"
cp examples/avenant-1.json "$w/a.json"

if "$bin" originals "$w/lib/paris-ivry" --avenant "$w/a.json" -o "$w/refused" 2> "$w/refused.txt"; then
  echo "originals should refuse to print blanks"; exit 1
fi
grep -q -- "--set 'deliberations\[ivry\].numero=…'" "$w/refused.txt"
"$bin" facts "$w/lib/paris-ivry" --avenant "$w/a.json" \
  --set 'deliberations[ivry].numero=2026-45' --set 'dates.signature=10 mars 2026' > /dev/null
"$bin" check "$w/lib/paris-ivry" --avenant "$w/a.json" > /dev/null
"$bin" originals "$w/lib/paris-ivry" --avenant "$w/a.json" -o "$w/signed" 2> /dev/null
for f in "$w"/signed/*.docx; do
  if python3 "$SHARED/tools/docx_accept_reject.py" "$f" --mode accept | grep -q '……'; then
    echo "$f: a blank in an original"; exit 1
  fi
done

# The draft: one copy, one LibreOffice run.
"$bin" originals --avenant examples/avenant-1.json -o "$w/projet" --projet --pdf --copies 1 2> /dev/null
for pdf in "$w"/projet/*.pdf; do
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  marked=$(pdftotext "$pdf" - | awk 'BEGIN { RS = "\f" } /PROJET/ { n++ } END { print n + 0 }')
  test "$marked" -eq "$pages" || { echo "$pdf: PROJET on $marked of $pages pages"; exit 1; }
done
check_docx "$w"/signed/avenant-1-original-1-sur-4.docx "$w"/projet/*.docx

"$bin" avenant apply clauses/paris-ivry examples/avenant-1.json -o "$w/consolidee-1"
"$bin" calendrier "$w/consolidee-1" --adoption 2019-07-11 | grep -q "(36 mois) : 10 juillet 2022"
echo "facts: $(($(date +%s) - start)) s"
