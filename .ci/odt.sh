#!/usr/bin/env bash
# ODT and PDF/A out of clausier (issue 18, items 6 and 7): the convention,
# an avenant, a redline, a tableau comparatif and originals written as ODT
# and as PDF; every ODT opened by LibreOffice in ONE run (converted to PDF:
# it must have pages); the ODT redline's Accept All / Reject All by
# LibreOffice give the new and the old text, as the DOCX redline's do; the
# PDFs are PDF/A-2b (structural check, .ci/pdfa.py: veraPDF is not
# installable here) and byte-reproducible.
# Usage: .ci/odt.sh RELEASE-BINARY OUTPUT-FOLDER
set -euo pipefail
started=$(date +%s)
bin=$1
out=$2/odt
SHARED=${SHARED:-../shared}
rm -rf "$out" && mkdir -p "$out/open" "$out/lo"

# ODT of every kind of document, twice for the reproducibility.
"$bin" build -o "$out/convention.odt" 2> /dev/null
"$bin" build -o "$out/again.odt" 2> /dev/null
cmp "$out/convention.odt" "$out/again.odt" && rm "$out/again.odt"
# The mimetype first, stored, as ODF asks.
python3 - "$out/convention.odt" << 'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
first = z.infolist()[0]
assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED and not first.extra, first
assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
PY
"$bin" avenant build clauses/paris-ivry examples/avenant-1.json -o "$out/avenant-1.odt" 2> /dev/null
"$bin" avenant apply clauses/paris-ivry examples/avenant-1.json -o "$out/consolidee-1"
"$bin" build "$out/consolidee-1" --unmarked -o "$out/consolidee-1-texte.odt" 2> /dev/null
"$bin" redline clauses/paris-ivry --avenant examples/avenant-1.json -o "$out/redline-1-odt.odt"
"$bin" redline clauses/paris-ivry --avenant examples/avenant-1.json -o "$out/redline-1-docx.docx"
"$bin" build -o "$out/convention-docx.docx" 2> /dev/null
"$bin" redline clauses/paris-ivry --avenant examples/avenant-1.json --table -o "$out/tableau-1.odt"
"$bin" originals -o "$out/originaux-odt" --format odt 2> /dev/null
"$bin" originals -o "$out/originaux-odt-2" --format odt 2> /dev/null
cmp "$out/originaux-odt/SHA256SUMS" "$out/originaux-odt-2/SHA256SUMS"
(cd "$out/originaux-odt" && sha256sum -c --quiet SHA256SUMS)

# LibreOffice opens every ODT: one run converts them all to PDF.
odts=("$out"/*.odt "$out"/originaux-odt/*.odt)
soffice -env:UserInstallation="file://$(mktemp -d)" --headless --norestore --convert-to pdf --outdir "$out/open" "${odts[@]}" > /dev/null 2>&1
for f in "${odts[@]}"; do
  pdf="$out/open/$(basename "${f%.odt}").pdf"
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  test "$pages" -ge 1 || { echo "LibreOffice made no page of $f"; exit 1; }
done
echo "LibreOffice opened ${#odts[@]} ODT files"
# The sommaire's entries are links to their headings, in the PDF too (an
# entry on two lines is two link areas).
entries=$(unzip -p "$out/convention.odt" content.xml | grep -o '<text:a xlink:type="simple" xlink:href="#_Toc' | wc -l)
links=$(grep -ac '/Subtype/Link' "$out/open/convention.pdf")
test "$entries" -ge 1 && test "$links" -ge "$entries" || { echo "sommaire: $entries entries, $links links in the PDF"; exit 1; }
pdftoppm -png -r 40 -f 1 -l 2 "$out/open/convention.pdf" "$out/convention-odt"
pdftoppm -png -r 40 -f 1 -l 1 "$out/open/tableau-1.pdf" "$out/tableau-odt"

# Accept All gives the new text, Reject All the old, by LibreOffice, for
# the ODT redline as for the DOCX one (empty paragraphs aside).
lo=/usr/bin/python3
$lo "$SHARED/tools/lo_accept_all.py" "$out/redline-1-odt.odt" "$out/redline-1-docx.docx" "$out/consolidee-1-texte.odt" \
  "$out/convention.odt" --out-dir "$out/lo" > /dev/null
$lo "$SHARED/tools/lo_accept_all.py" "$out/redline-1-odt.odt" "$out/redline-1-docx.docx" --reject --out-dir "$out/lo" > /dev/null
same() { diff <(grep -v '^$' "$1" | sed 's/\xe2\x80\x91/-/g') <(grep -v '^$' "$2" | sed 's/\xe2\x80\x91/-/g'); }
same "$out/lo/redline-1-odt.accepted.txt" "$out/lo/consolidee-1-texte.accepted.txt"
same "$out/lo/redline-1-odt.rejected.txt" "$out/lo/convention.accepted.txt"
# Across formats, a bullet is a list label in the DOCX and in the ODT
# (LibreOffice exports both as « • »); an ordered item's typed marker
# (« a)<tab> ») is text in both.
bullets() { grep -v '^$' "$1" | sed -e 's/\xe2\x80\x91/-/g' -e 's/^ *• /– /' -e 's/^–\t/– /'; }
diff <(bullets "$out/lo/redline-1-odt.accepted.txt") <(bullets "$out/lo/redline-1-docx.accepted.txt")
diff <(bullets "$out/lo/redline-1-odt.rejected.txt") <(bullets "$out/lo/redline-1-docx.rejected.txt")
echo "ODT redline: Accept All = consolidated text, Reject All = convention, as the DOCX redline (LibreOffice)"

# PDF/A-2b wherever a document is written.
"$bin" build -o "$out/convention.pdf" 2> /dev/null
"$bin" avenant build clauses/paris-ivry examples/avenant-1.json -o "$out/avenant-1.pdf" 2> /dev/null
"$bin" avenant build clauses/paris-ivry examples/avenant-1.json -o "$out/again.pdf" 2> /dev/null
cmp "$out/avenant-1.pdf" "$out/again.pdf" && rm "$out/again.pdf"
"$bin" redline clauses/paris-ivry --avenant examples/avenant-1.json -o "$out/redline-1.pdf"
"$bin" redline clauses/paris-ivry --avenant examples/avenant-1.json --table -o "$out/tableau-1.pdf"
"$bin" originals --avenant examples/avenant-1.json --format pdf --projet -o "$out/originaux-pdf" 2> /dev/null
(cd "$out/originaux-pdf" && sha256sum -c --quiet SHA256SUMS)
python3 .ci/pdfa.py "$out"/*.pdf "$out"/originaux-pdf/*.pdf
pdftotext -f 2 -l 2 -layout "$out/convention.pdf" - | grep -qE '^IV\. DURÉE DE LA CONVENTION\.+ *[0-9]+$'
pdftoppm -png -r 40 -f 2 -l 2 "$out/convention.pdf" "$out/convention-pdf"
ls -l "$out"/*.odt "$out"/*.pdf | awk '{print "  " $5 "  " $9}'
echo "odt.sh: $(($(date +%s) - started)) s"
