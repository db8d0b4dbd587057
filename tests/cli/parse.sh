#!/usr/bin/env bash
# bullpen parse: every fixture format to JSON, the readable listing, errors
# and exit codes, stdin, and URLs served by a real HTTP server on 127.0.0.1.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
F="$BULLPEN_FIXTURES/feeds"

expect_rc 0 bp parse --help
contains "$OUT" "usage: bullpen parse" "parse --help"

# The JSON shape: exactly these keys, in this order, plain strings,
# ISO-8601 UTC or null.
expect_rc 0 bp parse "$F/rss2.xml" --json
json 'list(j) == ["title", "link", "subtitle", "author", "id", "updated", "format", "items"]'
json 'all(list(i) == ["id", "title", "link", "author", "published", "updated", "summary", "content"] for i in j["items"])'
json 'j["subtitle"] == "Markets, companies and the economy" and j["author"] == "Ledger Daily Editors"'
json 'j["id"] == "tag:ledgerdaily.example.com,2024:top" and j["updated"] == "2024-02-14T18:00:00Z"'
json 'j["items"][0]["updated"] == "2024-02-14T18:05:00Z" and j["items"][1]["updated"] is None'
json 'j["format"] == "rss" and j["title"] == "Ledger Daily \u2014 Top Stories" and len(j["items"]) == 6'
json 'j["items"][0]["published"] == "2024-02-14T17:46:00Z" and j["items"][0]["author"] == "Maya Lindqvist"'
json 'j["items"][0]["content"].startswith("Shares of Nvidia <https://ledgerdaily.example.com/quote/NVDA> rose 2.5%")'
json 'j["items"][1]["id"] == "ld-2024-02-14-0042" and j["items"][1]["published"] == "2024-02-14T16:05:00Z"'
json 'j["items"][5]["published"] is None and j["items"][5]["summary"] is None'
json 'j["items"][3]["title"] == "Airbnb shares fall 6% as bookings outlook disappoints"'

expect_rc 0 bp parse --json "$F/rss091.xml"
json 'j["format"] == "rss" and all(i["published"] is None and i["updated"] is None for i in j["items"])'
json 'j["subtitle"] == "Closing bell coverage" and j["author"] == "Closing Desk" and j["id"] is None'
json 'j["updated"] == "2024-03-05T21:45:00Z"' # lastBuildDate, 16:45 ET
expect_rc 0 bp parse --json "$F/rss092.xml"
json 'j["items"][0]["title"] is None and "Costco (COST)" in j["items"][0]["summary"]'
json 'j["author"] == "Wire Ops" and j["updated"] == "2024-03-07T21:30:00Z"'
expect_rc 0 bp parse --json "$F/rdf.xml"
json 'j["format"] == "rdf" and j["items"][0]["published"] == "2024-02-01T13:15:00Z"'
json 'j["id"] == "https://centralbank.example.int/rss/press.rdf" and j["author"] == "Central Bank Communications"'
json 'j["items"][0]["updated"] == "2024-02-01T15:30:00Z" and j["items"][0]["content"].endswith("4.00%.")'
expect_rc 0 bp parse --json "$F/atom10.xml"
json 'j["format"] == "atom" and j["items"][0]["link"] == "https://filings.example.gov/filing/0000320193-24-000012"'
json 'j["items"][0]["published"] == "2024-02-14T21:31:07Z" and j["items"][0]["updated"] == "2024-02-14T21:40:00Z"'
json 'j["subtitle"] == "8-K, 10-Q & S-1 filings as filed" and j["author"] == "Filings Desk"'
json 'j["id"] == "urn:uuid:6a7e5b1c-2c4d-4f0e-9a51-0f3b7f1f8c11" and j["updated"] == "2024-02-15T03:05:41Z"'
expect_rc 0 bp parse --json "$F/atom03.xml"
json 'j["format"] == "atom" and j["items"][0]["published"] == "2024-02-09T17:00:00Z"'
json 'j["items"][0]["updated"] == "2024-02-09T18:30:00Z" and j["subtitle"] == "Softs, metals and energy, from the pit"'
expect_rc 0 bp parse --json "$F/atom03_base64.xml"
json 'j["items"][0]["content"].startswith("The 2s10s spread steepened by 6 bp")'
expect_rc 0 bp parse --json "$F/jsonfeed10.json"
json 'j["format"] == "jsonfeed" and j["items"][1]["id"] == "1042"'
json 'j["id"] == "https://quantcorner.example.io/feed.json" and j["subtitle"] == "Factor research, briefly"'
json 'j["items"][0]["updated"] == "2024-02-12T09:30:00Z"'
expect_rc 0 bp parse --json "$F/jsonfeed11.json"
json 'j["items"][0]["author"] == "Lena Fischer" and j["items"][1]["published"] is None'
json 'j["author"] == "Dividend Watch staff" and j["items"][0]["updated"] == "2024-02-15T19:00:00Z"'
expect_rc 0 bp parse --json "$F/alphavantage.json"
json 'j["format"] == "alphavantage" and len(j["items"]) == 3'
json 'j["items"][0]["published"] == "2024-01-31T22:15:00Z" and j["items"][0]["content"] is None'
json 'j["subtitle"] is None and j["updated"] is None and j["items"][0]["updated"] is None'
# Items made only of markup, or with no text at all, are articles too.
expect_rc 0 bp parse --json "$F/markup_only.xml"
json 'len(j["items"]) == 7 and len(set(i["id"] for i in j["items"])) == 7'
# A default namespace of its own does not make a feed "not a feed".
expect_rc 0 bp parse --json "$F/stray_ns.xml"
json 'j["format"] == "rss" and len(j["items"]) == 2 and j["items"][0]["published"] == "2024-02-12T21:00:00Z"'
expect_rc 0 bp parse --json "$F/text_fidelity.xml"
json 'j["items"][0]["title"] == "Q&amp;A: the  CFO  on margins"'
expect_rc 0 bp parse --json "$F/cp1252_quotes.xml"
json 'j["items"][0]["title"] == "\u201cWe\u2019re not done,\u201d says CEO \u2013 shares up \u20ac1.50"'
expect_rc 0 bp parse --json "$F/utf16le.xml"
json 'j["title"] == "Wide \u00c9dition"'

# Hostile content never reaches the terminal: no ESC, BEL, NUL or bidi
# controls in either output form.
for f in hostile.xml hostile.json; do
    expect_rc 0 bp parse "$F/$f"
    if printf '%s' "$OUT" | LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]'; then fail "$f: control bytes in listing"; fi
    not_contains "$OUT" $'\xe2\x80\xae' "$f listing bidi override"
    expect_rc 0 bp parse --json "$F/$f"
    if printf '%s' "$OUT" | LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]'; then fail "$f: control bytes in JSON"; fi
done
expect_rc 0 bp parse --json "$F/hostile.xml"
json 'j["items"][0]["title"] == "Red ALERT: buy now evil ok end"'

# The readable listing.
expect_rc 0 bp parse "$F/atom10.xml"
contains "$OUT" "Latest Filings & Disclosures" "listing title"
contains "$OUT" "atom, 3 items" "listing format"
contains "$OUT" "2024-02-14 21:31  8-K: Apple Inc. (AAPL) current report" "listing item"
expect_rc 0 bp parse "$F/rss091.xml"
contains "$OUT" "(no date)" "listing undated item"

# stdin
OUT=$(bp parse - --json <"$F/jsonfeed11.json") || fail "parse - exited $?"
json 'j["title"] == "Dividend Watch"'

# Errors: exit 1, one line, naming the input.
expect_rc 1 bp parse "$F/not_a_feed.html"
is_error_line
contains "$ERR" "bullpen: $F/not_a_feed.html: not a feed" "html error"
expect_rc 1 bp parse "$F/broken.json" --json
is_error_line
[ -z "$OUT" ] || fail "output on error: $OUT"
expect_rc 1 bp parse "$F/alphavantage_information.json"
is_error_line
contains "$ERR" "Alpha Vantage: Thank you for using Alpha Vantage!" "rate-limit message"
expect_rc 1 bp parse "$F/alphavantage_note.json"
expect_rc 1 bp parse "$F/alphavantage_error.json"
contains "$ERR" "Invalid API call" "error message"
expect_rc 1 bp parse "$T/no-such-file.xml"
is_error_line
contains "$ERR" "no-such-file.xml" "missing file named"

# Usage errors: exit 2.
expect_rc 2 bp parse
is_error_line
expect_rc 2 bp parse a.xml b.xml
expect_rc 2 bp parse --frobnicate a.xml

# A 10 MB title: cut, not fatal.
python3 -c 'import sys; sys.stdout.write("<rss><channel><item><title>" + "Q" * (10 << 20) + "</title><link>https://x.example/1</link></item></channel></rss>")' >"$T/huge.xml"
expect_rc 0 bp parse --json "$T/huge.xml"
json 'len(j["items"][0]["title"].encode()) == 1024 and j["items"][0]["title"].endswith("\u2026")'

# The real Alpha Vantage sample, read in place when present.
SAMPLE="${BULLPEN_SHARED:-}/data/alphavantage_news_sentiment_sample.json"
if [ -f "$SAMPLE" ]; then
    expect_rc 0 bp parse --json "$SAMPLE"
    json 'j["format"] == "alphavantage" and len(j["items"]) == 50'
    json 'j["items"][0]["published"] == "2024-02-14T17:46:00Z"'
    json 'all(i["id"] and i["link"] for i in j["items"])'
else
    echo "skipped: $SAMPLE not present" >&2
fi

# URLs: a real server on 127.0.0.1 with redirects and errors.
cat >"$T/server.py" <<'PY'
import http.server, os, sys
root = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        p = self.path
        if p.startswith("/hop/"):
            n = int(p[5:])
            self.send_response(302)
            self.send_header("Location", "/hop/%d" % (n - 1) if n > 0 else "/feeds/atom03.xml")
            self.end_headers()
            return
        if p == "/ua":
            body = self.headers.get("User-Agent", "").encode()
            body = b'{"version": "https://jsonfeed.org/version/1.1", "title": "' + body + b'", "items": []}'
        else:
            path = os.path.join(root, p.lstrip("/"))
            if ".." in p or not os.path.isfile(path):
                self.send_response(404); self.end_headers(); return
            body = open(path, "rb").read()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[2] + ".tmp", "w").write(str(s.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
s.serve_forever()
PY
python3 "$T/server.py" "$BULLPEN_FIXTURES" "$T/port" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do [ -f "$T/port" ] && break; sleep 0.05; done
PORT=$(cat "$T/port")
BASE="http://127.0.0.1:$PORT"
expect_rc 0 bp parse --json "$BASE/feeds/rdf.xml"
json 'j["format"] == "rdf" and len(j["items"]) == 2'
expect_rc 0 bp parse --json "$BASE/hop/3"
json 'j["title"] == "Pit Notes: commodities blog"'
expect_rc 1 bp parse "$BASE/hop/7"
is_error_line
expect_rc 1 bp parse "$BASE/feeds/missing.xml"
is_error_line
contains "$ERR" "HTTP 404" "404 reported"
expect_rc 0 bp parse --json "$BASE/ua"
json 'j["title"].startswith("bullpen/")'

finish
