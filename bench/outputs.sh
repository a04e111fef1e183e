#!/usr/bin/env bash
# Every output CI builds without LibreOffice, into one folder: run it with
# the binary before a refactor and after, then `diff -r` the two folders
# (bench/outputs.sh BIN OUT; bench/outputs.sh --compare OLD NEW). Outputs
# laid out by LibreOffice (PDF, --pages) are left out: their bytes hold
# LibreOffice's layout, not only clausier's.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --compare ]; then
  n=$(find "$2" -type f | wc -l)
  diff -r "$2" "$3" && echo "outputs: $n files, all byte-identical"
  exit
fi
bin=$(realpath "$1")
out=$2
rm -rf "$out" && mkdir -p "$out"
q() { "$bin" "$@" 2> /dev/null; }
for ext in docx odt html md txt; do q build -o "$out/convention.$ext"; done
for src in clauses/*/; do
  name=$(basename "$src")
  [ -f "$src/manifest.json" ] || continue
  for ext in docx odt txt; do q build "$src" -o "$out/src-$name.$ext" || true; done
done
q import tests/fixtures/convention-paris-ivry.md -o "$out/import"
q build "$out/import" -o "$out/import.docx"
for ext in docx odt html md txt; do q avenant build clauses/paris-ivry examples/avenant-1.json -o "$out/avenant-1.$ext"; done
q avenant apply clauses/paris-ivry examples/avenant-1.json -o "$out/consolidee-1"
q build "$out/consolidee-1" -o "$out/consolidee-1.docx"
q build "$out/consolidee-1" --annotate -o "$out/consolidee-1-annotee.docx"
q build "$out/consolidee-1" --unmarked -o "$out/consolidee-1-texte.docx"
q build "$out/consolidee-1" --unmarked -o "$out/consolidee-1-texte.odt"
q avenant build "$out/consolidee-1" examples/avenant-2.json -o "$out/avenant-2.docx"
q avenant apply "$out/consolidee-1" examples/avenant-2.json -o "$out/consolidee-2"
q build "$out/consolidee-2" -o "$out/consolidee-2.docx"
q redline "$out/consolidee-1" --avenant examples/avenant-2.json -o "$out/redline-2.docx"
for ext in docx odt html; do q redline clauses/paris-ivry --avenant examples/avenant-1.json -o "$out/redline-1.$ext"; done
for ext in docx odt; do q redline clauses/paris-ivry --avenant examples/avenant-1.json --table -o "$out/tableau-1.$ext"; done
q redline clauses/paris-ivry --avenant examples/avenant-1.json --stat > "$out/redline-1.stat.txt"
q originals -o "$out/originaux"
q originals -o "$out/originaux-odt" --format odt
q originals --avenant examples/avenant-1.json -o "$out/originaux-avenant-1" --projet
q originals clauses/application-passerelle -o "$out/originaux-passerelle" --projet
q dossier clauses/paris-ivry examples/avenant-1.json -o "$out/dossier-1" -q --no-pdf
q build tests/fixtures/hostile -o "$out/hostile.docx"
# Edited Word and ODT documents (tracked and not): the avenant drafted from
# each, its redline, tableau and dossier.
for f in tests/fixtures/docx/convention-suivi.docx tests/fixtures/docx/convention-modifiee.docx tests/fixtures/wordproc/*.docx tests/fixtures/wordproc/*.odt; do
  name=$(basename "$f" | tr . -)
  q avenant draft clauses/paris-ivry "$f" -o "$out/draft-$name.json" || continue
  q avenant build clauses/paris-ivry "$out/draft-$name.json" -o "$out/draft-$name.docx" || true
  q avenant build clauses/paris-ivry "$out/draft-$name.json" -o "$out/draft-$name.txt" || true
  for ext in docx odt html; do q redline clauses/paris-ivry "$f" -o "$out/redline-$name.$ext" || true; done
  for ext in docx odt; do q redline clauses/paris-ivry "$f" --table -o "$out/tableau-$name.$ext" || true; done
  q dossier clauses/paris-ivry "$f" -o "$out/dossier-$name" -q --no-pdf || true
done
echo "outputs: $(find "$out" -type f | wc -l) files in $out"
