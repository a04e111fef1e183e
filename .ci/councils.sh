#!/usr/bin/env bash
# CI for the councils' documents (issue 19): `dossier` writes, per party that
# deliberates, a projet de délibération and its note, every piece as PDF/A-2b
# (one LibreOffice run), an @CTES folder where the séance's facts allow it and
# a refusal naming each missing fact where they do not. Checks the PDF/A
# markers and embedded fonts, the @CTES metadata's constraints, check-docx on
# every DOCX, twice-run identity of the whole pack, and lays the pages out
# as PNG for a look (`$out/png`).
# Usage: .ci/councils.sh BIN OUT   (from the repository root)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bin=$1
out=$2/councils
SHARED=${SHARED:-../shared}
started=$(date +%s)
rm -rf "$out" && mkdir -p "$out/png"

# The example avenant with Paris's @CTES facts set; Ivry's stay unset.
python3 - examples/avenant-1.json "$out/avenant-1.json" <<'PY'
import json, sys
cs = json.load(open(sys.argv[1]))
for d in cs["deliberations"]:
    if d["partie"] == "paris":
        d.update({"acte": "2026SG123", "classification": "1.4"})
json.dump(cs, open(sys.argv[2], "w"), ensure_ascii=False, indent=2)
PY
"$bin" dossier clauses/paris-ivry "$out/avenant-1.json" -o "$out/pack" 2> "$out/pack.log"
cat "$out/pack.log"
grep -q "la Ville de Paris : dossier @CTES prêt dans paris/actes/" "$out/pack.log"
grep -q "la Ville d'Ivry-sur-Seine : dossier @CTES non écrit — deliberations\[ivry\].acte: not set" "$out/pack.log"
test ! -e "$out/pack/ivry/actes"

# Every PDF: PDF/A-2b, every font embedded.
n=0
while IFS= read -r -d '' f; do
  meta=$(pdfinfo -meta "$f")
  grep -q '<pdfaid:part>2</pdfaid:part>' <<< "$meta" || { echo "not PDF/A-2: $f"; exit 1; }
  grep -q '<pdfaid:conformance>B</pdfaid:conformance>' <<< "$meta" || { echo "not PDF/A-2b: $f"; exit 1; }
  if pdffonts "$f" | tail -n +3 | awk '$(NF-4) != "yes"' | grep -q .; then echo "a font not embedded: $f"; exit 1; fi
  n=$((n + 1))
done < <(find "$out/pack" -name '*.pdf' -print0)
test "$n" -eq 13
echo "councils: $n PDF, all PDF/A-2b with their fonts embedded"

# The @CTES metadata: nature, classification, objet (one line, ≤ 499), acte
# number, date, file names without space or accent, ≤ 150 MB in all.
python3 - "$out/pack/paris/actes" <<'PY'
import json, os, re, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "acte.json")))
assert m["nature"]["code"] == 1, m["nature"]
assert re.fullmatch(r"[1-9](\.\d{1,2}){0,4}", m["classification"]["code"]), m["classification"]
assert len(m["objet"]) <= 499 and "\n" not in m["objet"], m["objet"]
assert re.fullmatch(r"[0-9A-Z_]{2,15}", m["numero"]), m["numero"]
assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", m["date_decision"]), m["date_decision"]
files = [m["acte"]] + m["annexes"]
assert len(files) == 5 and sorted(os.listdir(d)) == sorted(files + ["acte.json"]), os.listdir(d)
assert all(re.fullmatch(r"[a-z0-9._-]+", f) for f in files), files
total = sum(os.path.getsize(os.path.join(d, f)) for f in files)
assert total <= 150 * 1024 * 1024, total
print("councils: @CTES folder of la Ville de Paris:", len(files), "PDF,", round(total / 1024), "KB; objet", len(m["objet"]), "characters")
PY

# What the councils read, as they read it.
pdftotext "$out/pack/paris/projet-de-deliberation-avenant-1.pdf" - | tr '\n' ' ' | grep -q "Madame la Maire de Paris est autorisée à signer cet avenant"
pdftotext "$out/pack/ivry/projet-de-deliberation-avenant-1.pdf" - | tr '\n' ' ' | grep -q "Le conseil municipal,"
for f in paris/projet-de-deliberation-avenant-1 paris/expose-des-motifs-avenant-1 ivry/projet-de-deliberation-avenant-1 ivry/note-explicative-de-synthese-avenant-1 tableau-comparatif-avenant-1 redline-avenant-1; do
  pdftoppm -png -r 60 -f 1 -l 1 "$out/pack/$f.pdf" "$out/png/$(echo "$f" | tr / -)"
done

# Same input, same bytes: the whole pack, PDFs and manifest included, twice.
"$bin" dossier clauses/paris-ivry "$out/avenant-1.json" -o "$out/again" -q
diff -r "$out/pack" "$out/again" > /dev/null || { diff -rq "$out/pack" "$out/again"; exit 1; }
echo "councils: two runs, the same bytes ($(find "$out/pack" -type f | wc -l) files)"

# The party documents: checked at once, or with every DOCX of .ci/run.
check_docx $(find "$out/pack" -mindepth 2 -name '*.docx')
echo "councils: pack, PDF/A, @CTES, identity, check-docx: $(( $(date +%s) - started )) s"
