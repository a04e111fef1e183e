#!/usr/bin/env bash
# The desk (clausier serve) as a legal service uses it, in a real Chromium
# driven through WebDriver (desk-browser/): the library, a convention's
# facts form, the convention edited by LibreOffice dropped on the avenant
# page, the avenant's facts, the councils' pack downloaded and opened,
# the échéancier, « Avenant signé »; a screenshot of each page in OUT.
# Then: a desk bound beyond 127.0.0.1 is refused without --auth, and with
# it refuses every unauthenticated request; the iCalendar feed is read by
# a real parser (Python icalendar).
# Usage: bash .ci/desk.sh target/release/clausier OUT
set -euo pipefail
started=$(date +%s)
bin=$(realpath "$1")
mkdir -p "$2"
out=$(realpath "$2")
SHARED=${SHARED:-../shared}

# Chromium and its WebDriver, Debian's packages.
command -v chromium > /dev/null && command -v chromedriver > /dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver > /dev/null
}
cargo build -q -p clausier-desk-browser
lib="$out/bibliotheque"
rm -rf "$lib" "$out/travail" "$out/travail-equipe" "$out/telechargements" "$out/profil-chromium" "$out"/*.png
cp -r clauses "$lib"

# The convention as Word receives it, edited by LibreOffice with Track Changes.
"$bin" build -o "$out/convention.docx" 2> /dev/null
/usr/bin/python3 "$SHARED/tools/lo_edit.py" "$out/convention.docx" .ci/word-edits.json "$out/convention-modifiee.docx" --track > /dev/null

port=18431
team=18432
driver=18433
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done' EXIT

# Beyond 127.0.0.1 without accounts: refused, nothing served.
if "$bin" serve --library "$lib" --bind "127.0.0.2:$team" 2> "$out/refus.txt"; then
  echo "desk: served on 127.0.0.2 without --auth"; exit 1
fi
grep -q -- "--auth FILE" "$out/refus.txt"
rm -f "$out/comptes"
printf 'un mot de passe assez long\n' | "$bin" serve --auth "$out/comptes" --add-user juriste 2> /dev/null

"$bin" serve --library "$lib" --work "$out/travail" --bind "127.0.0.1:$port" > "$out/serve.log" 2>&1 &
pids+=($!)
"$bin" serve --library "$lib" --work "$out/travail-equipe" --bind "127.0.0.2:$team" --auth "$out/comptes" > "$out/serve-equipe.log" 2>&1 &
pids+=($!)
LANGUAGE=fr LANG=fr_FR.UTF-8 chromedriver --port="$driver" > "$out/chromedriver.log" 2>&1 &
pids+=($!)
for url in "http://127.0.0.1:$port/style.css" "http://127.0.0.2:$team/style.css" "http://127.0.0.1:$driver/status"; do
  for _ in $(seq 100); do curl -sf -o /dev/null "$url" && break; sleep 0.1; done
  curl -sf -o /dev/null "$url"
done

# The team's desk refuses whoever has not logged in: pages, files, forms.
for path in / /echeancier.ics /conventions/paris-ivry /conventions/paris-ivry/fichiers/paris-ivry.docx; do
  code=$(curl -s -o "$out/refused-body" -w '%{http_code}' "http://127.0.0.2:$team$path")
  test "$code" = 303 || { echo "desk: $path answered $code without a login"; exit 1; }
  ! grep -q "VCALENDAR\|Convention de coopération" "$out/refused-body"
done
code=$(curl -s -o /dev/null -w '%{http_code}' -d 'dates.adoption=2019-07-11' "http://127.0.0.2:$team/conventions/paris-ivry/faits")
test "$code" = 401
echo "desk: a desk on 127.0.0.2 is refused without --auth; with it, unauthenticated requests get the login page or 401"

./target/debug/clausier-desk-browser --desk "http://127.0.0.1:$port/" --webdriver "http://127.0.0.1:$driver" \
  --docx "$out/convention-modifiee.docx" --out "$out" --team "http://127.0.0.2:$team/"

# What the browser did is in the library: the facts, the signed avenant, the journal.
grep -q '"dates.adoption"' "$lib/journal.jsonl"
grep -q '"avenant signé"' "$lib/journal.jsonl"
test -f "$lib/paris-ivry/avenants/avenant-1.json"
"$bin" build "$lib/paris-ivry" -o "$out/consolidee.txt" 2> /dev/null
grep -q "Version consolidée" "$out/consolidee.txt"

# The iCalendar feed, read by a parser that calendar tools use.
curl -sf "http://127.0.0.1:$port/echeancier.ics" -o "$out/echeancier.ics"
venv="$out/.venv-ical"
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q icalendar; }
"$venv/bin/python" - "$out/echeancier.ics" <<'PY'
import sys, datetime
from icalendar import Calendar
raw = open(sys.argv[1], "rb").read()
assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n"), "lines end with CRLF"
assert all(len(l) <= 75 for l in raw.split(b"\r\n")), "lines folded at 75 octets"
cal = Calendar.from_ical(raw)
events = [c for c in cal.walk() if c.name == "VEVENT"]
assert events, "no event"
uids = set()
for ev in events:
    assert isinstance(ev.decoded("DTSTART"), datetime.date) and not isinstance(ev.decoded("DTSTART"), datetime.datetime)
    assert ev.decoded("DTEND") - ev.decoded("DTSTART") == datetime.timedelta(days=1)
    assert ev.get("DTSTAMP") is not None and ev.get("SUMMARY")
    uids.add(str(ev["UID"]))
assert len(uids) == len(events), "one UID per event"
print(f"desk: echeancier.ics parsed by icalendar: {len(events)} all-day events, unique UIDs")
PY
echo "desk: browser tests passed, screenshots in $out: $(( $(date +%s) - started )) s"
