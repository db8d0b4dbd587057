#!/usr/bin/env bash
# feeds add on a web page finds the feeds it announces; a feed with full
# text on gets its articles' pages fetched, their main text stored and
# analysed, a failing page recorded on the feed, and no more pages a pass
# than fetch.full_text_pages. Fixture pages: tests/fixtures/site.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
command -v curl >/dev/null || { echo "curl missing"; exit 77; }
mkdir -p "$T/www"
cp -r "$BULLPEN_FIXTURES/site/." "$T/www/"
start_server --root "$T/www"
printf 'fetch.full_text_pages = 2\nfetch.host_gap_ms = 0\n' >"$T/cfg"
b() { "$BULLPEN" --config "$T/cfg" --db "$DB" "$@"; }

# Discovery: --list prints them all and adds nothing.
expect_rc 0 b feeds add --list "$SRV/index.html"
[ "$(printf '%s\n' "$OUT" | head -1)" = "$SRV/news/markets.xml	rss	Harbor Street: Markets" ] ||
    fail "first announced feed: $OUT"
contains "$OUT" "https://127.0.0.1/atom/companies	atom	Harbor Street: Companies" "absolute href"
contains "$OUT" "http://feeds.example.net/hs.json	json	Harbor & Co JSON" "scheme-relative href"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 3 ] || fail "three feeds announced: $OUT"
expect_rc 0 b feeds list --json
json 'j == []'
# Without --list the first is added and the others named.
expect_rc 0 b feeds add "$SRV/index.html"
[ "$OUT" = 1 ] || fail "feeds add prints the id: $OUT"
contains "$ERR" "is a web page; subscribing to its rss feed $SRV/news/markets.xml" "says what it added"
contains "$ERR" "also announces atom https://127.0.0.1/atom/companies" "names the others"
expect_rc 0 b feeds list --json
json 'len(j) == 1 and j[0]["url"].endswith("/news/markets.xml")'
# A feed URL is added as it is; the page's feed is the same feed.
expect_rc 1 b feeds add "$SRV/news/markets.xml"
contains "$ERR" "already feed 1" "the feed itself: already subscribed, an error"
# A page without feeds is refused, in one line.
expect_rc 1 b feeds add "$SRV/nofeeds.html"
contains "$ERR" "announces none" "no feeds on the page"
is_error_line
expect_rc 2 b feeds add --list --no-check "$SRV/index.html"

# Full text: a headline-only wire whose links point at our pages.
cat >"$T/www/wire.xml" <<XML
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Headline wire</title><link>$SRV/</link>
<item><title>Chipmaker beats</title><link>$SRV/story/chips.html</link><guid>w1</guid><description>Shares rose.</description></item>
<item><title>Missing page</title><link>$SRV/story/missing.html</link><guid>w2</guid><description>Kept summary.</description></item>
<item><title>Rates on hold</title><link>$SRV/story/plain.html</link><guid>w3</guid><description>Rates held.</description></item>
</channel></rss>
XML
expect_rc 0 b feeds add --full-text "$SRV/wire.xml"
[ "$OUT" = 2 ] || fail "feeds add --full-text: $OUT"
curl -s "$SRV/__reset" >/dev/null
expect_rc 0 b fetch
contains "$OUT" "wire.xml: 3 new" "the wire's items stored"
OUT=$(server_log)
json 'sorted(r["path"] for r in j if r["path"].startswith("/story/")) == ["/story/chips.html", "/story/missing.html"]'
python3 - "$DB" <<'PY' || fail "full text stored and analysed"
import os, sys
sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
from storedb import connect, unpack
c = connect(sys.argv[1])
rows = {g: (unpack(s), unpack(t), k) for g, s, t, k in c.execute(
    "SELECT guid, summary, content, tickers FROM articles WHERE feed_id = 2")}
s, t, k = rows["w1"]
assert t and "Nvidia reported quarterly revenue of $22.1 billion" in t, t
assert "newsletter" not in t and "Most read" not in t and "First!" not in t, t
assert s == "Shares rose.", s
assert k and "NVDA" in k.split(), k          # analysed from the page, not the summary
assert rows["w2"][0] == "Kept summary." and rows["w2"][1] is None, rows["w2"]
assert rows["w3"][1] is None, rows["w3"]     # past fetch.full_text_pages
PY
expect_rc 0 b feeds list --json
json '[f for f in j if f["id"] == 2][0]["full_text"] is True'
json '"missing.html: HTTP 404" in [f for f in j if f["id"] == 2][0]["full_text_error"]'
json '[f for f in j if f["id"] == 1][0]["full_text"] is False'
expect_rc 0 b feeds list
contains "$OUT" "full text: 1 of 2 pages failed" "the failure on the feed's status"

# feeds set turns it off (and on); bad values are usage errors.
expect_rc 0 b feeds set 2 --full-text off
expect_rc 0 b feeds list --json
json '[f for f in j if f["id"] == 2][0]["full_text"] is False'
expect_rc 0 b feeds set "$SRV/wire.xml" --full-text on
expect_rc 2 b feeds set 2 --full-text maybe
expect_rc 2 b feeds set 2
expect_rc 1 b feeds set 99 --full-text on
finish
