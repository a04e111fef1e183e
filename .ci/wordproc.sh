#!/usr/bin/env bash
# CI for the word-processor round trip as people really type (issue 18):
# the conventions built by clausier, edited by LibreOffice through
# lo_edit.py the way a legal service edits them — a division typed as a
# plain paragraph, the paragraph before a heading deleted, a heading
# restyled, the sommaire edited, subdivisions and articles typed in,
# paragraphs merged and split — with Track Changes and without, saved as
# DOCX and as ODT (the DOCX converted by LibreOffice, then edited there);
# Word comments added by docx_comment.py. Each edited file must give the
# same avenant (tracked or not, DOCX or ODT), whose consolidated text is
# the edited document's accept-all text (docx_accept_reject.py on both
# sides); the sommaire reported, the comments listed and in the tableau, a
# document made from another convention refused as such.
#
#   .ci/wordproc.sh RELEASE_BINARY OUTPUT_FOLDER     (from the repository root)
#
# LibreOffice starts three times: the DOCX to ODT, every edit (one
# lo_batch.py run), the commented DOCX to ODT.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bin=$1
out=$2
SHARED=${SHARED:-../shared}
started=$(date +%s)
w="$out/wordproc"
rm -rf "$w" && mkdir -p "$w"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
ar="$SHARED/tools/docx_accept_reject.py"
lo() { soffice --headless -env:UserInstallation="file://$profile" "$@" > /dev/null 2>&1; }

"$bin" build -o "$w/ivry.docx" 2> /dev/null
"$bin" build clauses/application-tam -o "$w/tam.docx" 2> /dev/null
lo --convert-to odt --outdir "$w" "$w/ivry.docx" "$w/tam.docx"

python3 - "$w" > "$w/jobs.json" << 'PY'
import json, sys
w = sys.argv[1]
cases = {"ivry-ensemble": "ivry", "ivry-sommaire": "ivry", "ivry-niveaux": "ivry",
         "ivry-paragraphes": "ivry", "tam-articles": "tam"}
jobs = []
for case, base in cases.items():
    edits = json.load(open("tests/fixtures/wordproc/sources/%s.json" % case, encoding="utf-8"))
    for track, mode in ((True, "suivi"), (False, "modifie")):
        for ext in ("docx", "odt"):
            jobs.append({"in": "%s/%s.%s" % (w, base, ext), "edits": edits, "track": track,
                         "out": ["%s/%s-%s.%s" % (w, case, mode, ext)]})
print(json.dumps(jobs, ensure_ascii=False))
PY
/usr/bin/python3 tests/fixtures/wordproc/lo_batch.py "$SHARED/tools" "$w/jobs.json" > "$w/edits.log"
for mode in suivi modifie; do
  /usr/bin/python3 "$SHARED/tools/docx_comment.py" "$w/ivry-ensemble-$mode.docx" \
    tests/fixtures/wordproc/sources/ivry-commentaires.json "$w/ivry-commentaires-$mode.docx" > /dev/null
done
lo --convert-to odt --outdir "$w" "$w/ivry-commentaires-suivi.docx" "$w/ivry-commentaires-modifie.docx"
edited=$(date +%s)

# The sommaire's entries (LibreOffice and docx_accept_reject end them with a
# tab) are derived from the headings: left out of the comparison; a label's
# punctuation is the text's numbering's (« Article 10 : » typed is
# « Article 10 – » in the consolidated text).
body() { python3 "$ar" "$1" --mode accept | grep -v $'\t$' | sed -E 's/^(Article [0-9]+(er| bis)?) ?[:.–-] /\1 – /' > "$2"; }
draft() { # BASE CASE: the same avenant from the four files, its text the edited text
  local base=$1 case=$2 first=""
  for mode in suivi modifie; do
    for ext in docx odt; do
      local f="$w/$case-$mode.$ext" a="$w/$case-$mode.$ext.json"
      "$bin" avenant draft "$base" "$f" -o "$a" 2> "$a.log"
      if [ -z "$first" ]; then first=$a; else cmp "$first" "$a"; fi
    done
    "$bin" avenant apply "$base" "$w/$case-$mode.docx.json" -o "$w/$case-$mode-consolidee"
    "$bin" build "$w/$case-$mode-consolidee" --unmarked -o "$w/$case-$mode-consolidee.docx" 2> /dev/null
    body "$w/$case-$mode.docx" "$w/$case-$mode.accept.txt"
    body "$w/$case-$mode-consolidee.docx" "$w/$case-$mode-consolidee.txt"
    python3 .ci/same_text.py "$w/$case-$mode.accept.txt" "$w/$case-$mode-consolidee.txt" > /dev/null
  done
}
draft clauses/paris-ivry ivry-ensemble
draft clauses/paris-ivry ivry-niveaux
draft clauses/paris-ivry ivry-paragraphes
draft clauses/paris-ivry ivry-commentaires
draft clauses/application-tam tam-articles
drafted=$(date +%s)

# What a légiste writes.
a="$w/ivry-ensemble-suivi.docx.json"
"$bin" avenant build clauses/paris-ivry "$a" -o "$w/avenant-ensemble.txt" 2> /dev/null
grep -q "Après le IV, il est inséré un V ainsi rédigé" "$w/avenant-ensemble.txt"
python3 -c 'import json, sys; ops = [o["op"] for o in json.load(open(sys.argv[1]))["operations"]]; assert ops == ["delete_alineas", "insert_division"], ops' "$a"
"$bin" avenant build clauses/application-tam "$w/tam-articles-suivi.odt.json" -o "$w/avenant-tam.txt" 2> /dev/null
grep -q "Après l’article 2, il est inséré un article 2 bis ainsi rédigé" "$w/avenant-tam.txt"
grep -q "Après l’article 9, il est inséré un article 10 ainsi rédigé" "$w/avenant-tam.txt"
"$bin" avenant build clauses/paris-ivry "$w/ivry-niveaux-suivi.odt.json" -o "$w/avenant-niveaux.txt" 2> /dev/null
grep -q "Après le 3. du B du II, il est inséré un 4. ainsi rédigé" "$w/avenant-niveaux.txt"
grep -q "il est inséré un iii) ainsi rédigé" "$w/avenant-niveaux.txt"
# The sommaire reported: beside the avenant, or as the reason there is none.
grep -q "the sommaire was edited" "$w/ivry-ensemble-modifie.odt.json.log"
for f in "$w"/ivry-sommaire-*.docx "$w"/ivry-sommaire-*.odt; do
  if "$bin" avenant draft clauses/paris-ivry "$f" -o "$w/rien.json" 2> "$w/rien.txt"; then echo "$f: drafted"; exit 1; fi
  grep -q "nothing for an avenant to amend: the sommaire was edited" "$w/rien.txt"
done
# The comments: listed by avenant draft, redline and dossier; in the tableau.
for ext in docx odt; do
  f="$w/ivry-commentaires-suivi.$ext"
  test "$(grep -c ': comment on ' "$f.json.log")" -eq 3
  "$bin" redline clauses/paris-ivry "$f" --table -o "$w/tableau-$ext.docx" 2> "$w/tableau-$ext.log"
  test "$(grep -c ': comment on ' "$w/tableau-$ext.log")" -eq 3
  "$bin" dossier clauses/paris-ivry "$f" -o "$w/dossier-$ext" -q 2> "$w/dossier-$ext.log"
  test "$(grep -c ': comment on ' "$w/dossier-$ext.log")" -eq 3
  for t in "$w/tableau-$ext.docx" "$w/dossier-$ext/tableau-comparatif-avenant-1.docx"; do
    python3 "$ar" "$t" --mode accept > "$t.txt"
    grep -q "Prévoir une durée de trois ans" "$t.txt"
    grep -q "Un bilan annuel suffit-il" "$t.txt"
  done
done
# A document made from another convention, tracked or not, DOCX or ODT.
for f in "$w"/ivry-ensemble-suivi.docx "$w"/ivry-ensemble-modifie.odt; do
  if "$bin" avenant draft clauses/application-tam "$f" -o "$w/refus.json" 2> "$w/refus.txt"; then echo "$f: drafted"; exit 1; fi
  grep -q "was not made from clauses/application-tam: first difference at the title page" "$w/refus.txt"
  test ! -e "$w/refus.json"
done
# Import reads the ODT as it reads the DOCX.
"$bin" import "$w/ivry.odt" -o "$w/import-odt" 2> /dev/null
"$bin" import "$w/ivry.docx" -o "$w/import-docx" 2> /dev/null
"$bin" build "$w/import-odt" -o "$w/import-odt.txt" 2> /dev/null
"$bin" build "$w/import-docx" -o "$w/import-docx.txt" 2> /dev/null
cmp "$w/import-odt.txt" "$w/import-docx.txt"
check_docx "$w"/tableau-*.docx "$w"/*-consolidee.docx
# (The ODT reader is fuzzed from a fixed seed with the other targets by .ci/run.)
done_at=$(date +%s)
echo "wordproc: 5 cases × tracked/untracked × DOCX/ODT + comments: same avenant from each, consolidated = accept-all;" \
  "sommaire reported, comments listed and in the tableau, other convention refused:" \
  "$((done_at - started)) s ($((edited - started)) s LibreOffice, $((drafted - edited)) s drafting)"
