#!/usr/bin/env bash
# CI for issue 22 (safe on endless and odd inputs), on the release binary:
# an endless pipe stops at the 32 MB cap in bounded memory, a FIFO reads as a
# file, a FIFO marker is refused at once.
#   bash .ci/safety.sh BINARY OUTPUT-FOLDER
set -euo pipefail
started=$(date +%s)
bin=$(realpath "$1")
out=$2/safety
rm -rf "$out" && mkdir -p "$out"
seed=tests/fixtures/convention-paris-ivry.md

# An endless input: a zip signature and 2.5 GB of zeros on a pipe. Refused
# naming the cap, with a peak resident memory under 300 MB.
set +e
(printf 'PK\003\004'; head -c 2500000000 /dev/zero) | /usr/bin/time -v "$bin" import /dev/stdin -o "$out/endless" 2> "$out/endless.txt"
status=${PIPESTATUS[1]}
set -e
test "$status" -eq 1
grep -q "32 MB" "$out/endless.txt"
peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/endless.txt")
echo "endless input refused at the cap, peak memory $((peak / 1024)) MB"
test "$peak" -lt $((300 * 1024))
test ! -e "$out/endless"

# A FIFO as the text: read once, whole.
mkfifo "$out/f.md"
cat "$seed" > "$out/f.md" &
timeout 60 "$bin" import "$out/f.md" -o "$out/fifo" 2> /dev/null
# The same text as a plain file of the same name (the facts record the
# file they were read in): the same source.
rm "$out/f.md" && cp "$seed" "$out/f.md"
"$bin" import "$out/f.md" -o "$out/file" 2> /dev/null
diff -r -x .clausier-output "$out/fifo" "$out/file"
# A pipe (/dev/stdin), a DOCX piped: the same source but for the name of
# the file each fact was read in.
"$bin" import /dev/stdin -o "$out/pipe" < "$seed" 2> /dev/null
diff -r -x .clausier-output -x manifest.json "$out/pipe" "$out/file"
diff <(grep -v '"fichier":' "$out/pipe/manifest.json") <(grep -v '"fichier":' "$out/file/manifest.json")
"$bin" build -o "$out/seed.docx" 2> /dev/null
"$bin" import /dev/stdin -o "$out/docx-pipe" < "$out/seed.docx" 2> /dev/null
"$bin" import "$out/seed.docx" -o "$out/docx-file" 2> /dev/null
diff -r -x .clausier-output -x manifest.json "$out/docx-pipe" "$out/docx-file"
diff <(grep -v '"fichier":' "$out/docx-pipe/manifest.json") <(grep -v '"fichier":' "$out/docx-file/manifest.json")

# A marker that is a FIFO: refused at once, never waited on.
rm "$out/file/.clausier-output"
mkfifo "$out/file/.clausier-output"
if timeout 20 "$bin" import "$seed" -o "$out/file" 2> "$out/fifo-marker.txt"; then
  echo "a FIFO marker was accepted"
  exit 1
fi
grep -q "not a plain file" "$out/fifo-marker.txt"

echo "safety: endless pipe, FIFO, pipes, FIFO marker: $(($(date +%s) - started)) s"
