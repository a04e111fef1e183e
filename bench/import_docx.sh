#!/usr/bin/env bash
# Process-level time of `clausier import` on the seed's DOCX (issue 17's
# goal: under 8 ms), and on a one-line text (the fixed cost of a process:
# start-up and compiling the import's regular expressions once).
# Usage: bash bench/import_docx.sh [BINARY] [RUNS]
set -euo pipefail
bin=${1:-target/release/clausier}
runs=${2:-100}
command -v hyperfine >/dev/null || { echo "hyperfine missing (apt-get install hyperfine)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" build clauses/paris-ivry -o "$work/seed.docx" 2>/dev/null
printf 'Texte.\n' > "$work/tiny.md"
hyperfine -N -w 5 -r "$runs" \
  "$bin import $work/seed.docx -o $work/out --force" \
  "$bin import $work/tiny.md -o $work/tiny --force" \
  "$bin --version"
