#!/usr/bin/env bash
# Nothing from a feed, the store or the command line reaches the terminal
# unfiltered: a store poisoned the way an older version or another program
# could leave it (escape sequences, OSC 52, C1 controls, bidi overrides,
# invalid UTF-8) is listed by every plain-text command without one control
# character; --json stays valid UTF-8; arguments with controls are refused;
# the OPML export stays well-formed; fetch --quiet prints errors only.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
command -v curl >/dev/null || { echo "curl missing"; exit 77; }

# assert_clean WHAT FILE: FILE is valid UTF-8 with no control character but
# '\n' and '\t', no bidi control and no BOM.
assert_clean() {
    python3 - "$1" "$2" <<'PY' || fail "$1 is not clean"
import sys
what, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
try:
    text = data.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit("%s: invalid UTF-8: %s" % (what, e))
bad = [hex(ord(c)) for c in text
       if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0
       or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069
       or ord(c) in (0x200E, 0x200F, 0x061C, 0xFEFF)]
if bad:
    sys.exit("%s: %s in %r" % (what, bad[:5], text[:300]))
PY
}

# run_clean WHAT CMD...: runs CMD (status 0 wanted) and checks both streams.
run_clean() {
    local what=$1
    shift
    expect_rc 0 "$@"
    printf '%s' "$OUT" >"$T/clean.out"
    printf '%s' "$ERR" >"$T/clean.err"
    assert_clean "$what (stdout)" "$T/clean.out"
    assert_clean "$what (stderr)" "$T/clean.err"
}

# The poison: a retitle, a clipboard write (OSC 52), a screen clear, an
# 8-bit CSI, a right-to-left override, a DCS and a byte that is not UTF-8.
sql() { python3 -c 'import os,sys; sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests"); from storedb import connect; c=connect(sys.argv[1]); c.execute(sys.argv[2], [bytes.fromhex(a) for a in sys.argv[3:]]); c.commit()' "$DB" "$@"; }
hexof() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
POISON=$(hexof $'Evil\e]0;pwned\a\e]52;c;cm0gLXJmIH4=\a\e[2J\xc2\x9b31m \xe2\x80\xaeWire\ePq#0\e\\\xff')
POISON_NL=$(hexof $'Headline\nsecond line\e[1m\r\nthird')

bp import "$BULLPEN_FIXTURES/feeds/rss2.xml" --feed https://example.com/wire >/dev/null || fail "import"
sql "UPDATE feeds SET name = CAST(? AS TEXT), last_error = CAST(? AS TEXT), status = 'error'" "$POISON" "$POISON"
sql "UPDATE articles SET title = CAST(? AS TEXT), link = CAST(? AS TEXT) WHERE id = 1" "$POISON" "$POISON"
sql "UPDATE articles SET title = CAST(? AS TEXT), tickers = CAST(? AS TEXT) WHERE id = 2" "$POISON_NL" "$POISON"
sql "INSERT INTO watchlist(symbol, note, added) VALUES (CAST(? AS TEXT), CAST(? AS TEXT), 0)" \
    "$(hexof $'EV\e[2JL')" "$POISON"
sql "INSERT INTO positions(symbol, quantity, cost, updated) VALUES (CAST(? AS TEXT), 1, 1, 0)" \
    "$(hexof $'PO\e]0;x\aS')"
sql "INSERT INTO alert_rules(id, spec, kind, keyword, created) VALUES (7, CAST(? AS TEXT), 'keyword', 'x', 0)" "$POISON"
sql "INSERT INTO alert_events(rule_id, article_id, at, detail) VALUES (7, 1, 0, CAST(? AS TEXT))" "$POISON"

run_clean "feeds list" bp feeds list
contains "$OUT" "Evil" "the name's text is kept"
contains "$OUT" "Wire" "the name's text is kept"
run_clean "articles" bp articles
contains "$OUT" "Headline second line third" "a title with line breaks stays on its row"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 6 ] || fail "one row per article: $OUT"
run_clean "search" bp search Nvidia
run_clean "export csv" bp export --format csv
python3 -c 'import csv,sys; rows=list(csv.reader(sys.stdin)); assert len(rows) == 7, len(rows); assert all(len(r) == 8 for r in rows)' <<<"$OUT" ||
    fail "csv rows"
run_clean "watch list" bp watch list
contains "$OUT" "EVL" "watched symbol"
run_clean "trend --watchlist" bp trend --watchlist --days 2
run_clean "portfolio list" bp portfolio list
contains "$OUT" "POS" "position symbol"
run_clean "alerts list" bp alerts list
run_clean "alerts log" bp alerts log

# --json: always valid UTF-8; the bad byte is U+FFFD; controls escaped.
for cmd in "feeds list --json" "articles --json" "search Nvidia --json" "export" "watch list --json" \
    "alerts list --json" "alerts log --json" "portfolio list --json" "trend --watchlist --days 2 --json"; do
    # shellcheck disable=SC2086
    expect_rc 0 bp $cmd
    printf '%s' "$OUT" >"$T/json.out"
    python3 -c 'import json,sys; json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))' "$T/json.out" ||
        fail "$cmd: not valid UTF-8 JSON: ${OUT:0:200}"
done
expect_rc 0 bp feeds list --json
json 'j[0]["name"].endswith("\ufffd") and "\x1b]52;" in j[0]["name"]'

# Errors that echo an argument are sanitised too, and stay one line.
expect_rc 2 bp articles --since $'\e]52;c;cm0gLXJm\a2024\e[2J'
is_error_line
printf '%s' "$ERR" >"$T/err1"
assert_clean "an echoed --since" "$T/err1"
expect_rc 2 bp $'\e]0;pwned\anope'
is_error_line
printf '%s' "$ERR" >"$T/err2"
assert_clean "an echoed command name" "$T/err2"
expect_rc 1 bp import $'/nonexistent/\e]0;pwned\afeed.xml'
printf '%s' "$ERR" >"$T/err3"
assert_clean "an echoed path" "$T/err3"

# Input: names, tags, keywords, symbols, queries and URLs must be valid UTF-8
# without control characters; the error names the argument; status 2.
refused() { # WANT-IN-STDERR CMD...
    local want=$1
    shift
    expect_rc 2 "$@"
    is_error_line
    contains "$ERR" "$want" "refusal names the argument"
}
refused "bullpen: feeds add: --name: contains a control character" \
    bp feeds add https://example.com/a --name $'Evil\e]0;x\a'
refused "bullpen: feeds add: --name: contains a control character" \
    bp feeds add https://example.com/a --name $'Evil\xe2\x80\xaeWire'
refused "bullpen: feeds add: --name: is not valid UTF-8" bp feeds add https://example.com/a --name $'Caf\xe9'
refused "bullpen: feeds add: --tag: contains a control character" bp feeds add https://example.com/a --tag $'x\ty'
refused "bullpen: feeds add: URL: contains a control character" bp feeds add $'https://example.com/\xc2\x9b2J'
refused "bullpen: watch tag: TAG: contains a control character" bp watch tag AAPL $'semis\e[2J'
refused "bullpen: watch add: SYMBOL: contains a control character" bp watch add $'AAPL\e[2J'
refused "bullpen: alerts add: RULE: contains a control character" bp alerts add keyword $'"guid\e]0;x\aance"'
refused "bullpen: search: QUERY: contains a control character" bp search $'nvidia\e[2J'
refused "bullpen: portfolio add: SYMBOL: contains a control character" bp portfolio add $'NV\x01DA' 5
refused "bullpen: import: --feed: " bp import - --feed $'https://example.com/\e[2J'
expect_rc 0 bp feeds add https://example.com/ok --name 'Caf'$'\xc3\xa9'' & Co <wire> "x" '\''y'\'''
[ "$OUT" -gt 0 ] 2>/dev/null || fail "a name with & < > \" ' and é is accepted"

# OPML export: well-formed whatever the names hold, and read back the same.
expect_rc 0 bp feeds export
printf '%s' "$OUT" >"$T/out.opml"
python3 - "$T/out.opml" <<'PY' || fail "OPML export does not parse back as written"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
names = {o.get("xmlUrl"): o.get("title") for o in root.iter("outline") if o.get("xmlUrl")}
want = {
    "https://example.com/wire": "Evil Wire\ufffd",
    "https://example.com/ok": "Caf\u00e9 & Co <wire> \"x\" 'y'",
}
if names != want:
    sys.exit("got %r, want %r" % (names, want))
PY
expect_rc 0 "$BULLPEN" --db "$T/second.db" feeds import "$T/out.opml"
expect_rc 0 "$BULLPEN" --db "$T/second.db" feeds list --json
json 'sorted(f["name"] for f in j) == sorted(["Caf\u00e9 & Co <wire> \"x\" \u0027y\u0027", "Evil Wire\ufffd"])'

# feeds rm names the poisoned feed it removed, sanitised, on one line.
run_clean "feeds rm" bp feeds rm https://example.com/wire
contains "$OUT" "removed feed 1 (Evil" "feeds rm names the feed"
contains "$OUT" "Wire" "feeds rm keeps the name's text"
contains "$OUT" "and its 6 articles" "feeds rm counts the articles"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 1 ] || fail "feeds rm is one line: $OUT"

# fetch --quiet: errors only, so no alert lines; the alert is still kept.
mkdir -p "$T/www"
cat >"$T/www/wire.xml" <<'RSS'
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title><link>https://news.example.com/</link>
<item><guid>q1</guid><title>Retailer issues guidance cut</title><link>https://news.example.com/q1</link>
<description>Shares fell after the company cut its outlook.</description></item>
</channel></rss>
RSS
start_server --root "$T/www"
DB="$T/quiet.db"
bp feeds add "$SRV/wire.xml" >/dev/null
bp alerts add 'keyword "guidance cut"' >/dev/null
expect_rc 0 bp fetch --quiet
[ -z "$OUT$ERR" ] || fail "fetch --quiet printed: $OUT$ERR"
expect_rc 0 bp alerts log --json
json 'len(j) == 1 and j[0]["title"] == "Retailer issues guidance cut"'
finish
