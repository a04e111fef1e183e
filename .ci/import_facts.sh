#!/usr/bin/env bash
# Facts read, never invented (issue 17, point 1), on the real Word document of
# the corpus (read in place, never copied): the résidence sociale convention's
# parties — the State (no deliberation), the owner with its designation and
# its board's deliberation, the manager left blank but designated — its
# number, and no sentence of the body taken for a party (« la Contribution de
# Sécurité Immobilière … » once was). Usage: .ci/import_facts.sh BIN OUT.
set -euo pipefail
bin=$1
w=$2/import-facts
SHARED=${SHARED:-../shared}
rm -rf "$w" && mkdir -p "$w"
f="$SHARED/corpus/docx/apilos-convention-residence-sociale-94D260001-rendue.docx"
"$bin" import "$f" -o "$w/rs" 2> "$w/rs.err"
python3 - "$w/rs/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
parties = m.get("parties", [])
noms = [p["nom"] for p in parties]
def fail(msg):
    sys.exit(f"import facts: {msg}: {json.dumps(parties, ensure_ascii=False)[:2000]}")
if len(parties) != 3:
    fail(f"3 parties expected, {len(parties)} read: {noms}")
etat, owner, manager = parties
if "ETAT" not in etat["nom"] or etat.get("delibere") or etat.get("deliberation"):
    fail("the State first, with no deliberation")
if "ADOMA" not in owner["nom"] or owner.get("designation") != "le propriétaire":
    fail("the owner, designated « le propriétaire »")
if (owner.get("deliberation") or {}).get("date") != "2022-09-01":
    fail("the owner's board deliberation of 1 September 2022")
if manager.get("designation") != "le gestionnaire" or manager.get("representant"):
    fail("the manager designated « le gestionnaire », its blank representative unset")
if m.get("numero") != "94.D.26.0001":
    fail(f"the convention's number, not {m.get('numero')!r}")
if any("Contribution" in n or n.lower().startswith("le ministre") for n in noms):
    fail("a sentence or an office taken for a party")
prov = m.get("provenance", {})
if not any(k.startswith("parties[") and v.get("ligne") for k, v in prov.items()):
    fail("no fact says where it was read")
print("import facts: the real DOCX's 3 parties, designations, deliberation and number read, nothing invented")
PY
