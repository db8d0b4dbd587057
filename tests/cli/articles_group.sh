#!/usr/bin/env bash
# Copies of one story: the same link (once scheme, host case and tracking
# parameters are set aside) or the same title within two days in another
# feed is one row in `articles` and `search`, "+N" the other feeds carrying
# it; --no-group lists every copy; reading one copy reads them all.
source "$BULLPEN_TESTLIB"
export TZ=UTC
feed() { # FILE TITLE ITEMS...
    local f=$1 t=$2
    shift 2
    {
        echo '<?xml version="1.0"?><rss version="2.0"><channel>'
        echo "<title>$t</title><link>https://$t.example/</link>"
        printf '%s\n' "$@"
        echo '</channel></rss>'
    } >"$f"
}
item() { # GUID TITLE LINK DATE
    echo "<item><guid>$1</guid><title>$2</title><link>$3</link><pubDate>$4</pubDate>" \
        "<description>Rates were left where they were.</description></item>"
}
feed "$T/wire.xml" Wire \
    "$(item w1 'Fed holds rates steady as inflation cools' 'https://www.wire.example/fed?id=1' 'Wed, 14 Feb 2024 12:00:00 GMT')" \
    "$(item w2 'Oil prices fall on supply worries' 'https://wire.example/oil' 'Wed, 14 Feb 2024 13:00:00 GMT')"
feed "$T/desk.xml" Desk \
    "$(item d1 'Fed holds rates steady, as inflation cools' 'https://desk.example/fed' 'Wed, 14 Feb 2024 15:00:00 GMT')" \
    "$(item d2 'Oil prices fall on supply worries' 'https://desk.example/oil' 'Mon, 19 Feb 2024 13:00:00 GMT')"
feed "$T/agg.xml" Aggregator \
    "$(item a1 'Fed decision: what it means' 'HTTP://WIRE.example/fed?utm_source=agg&id=1#top' 'Thu, 15 Feb 2024 09:00:00 GMT')"
for f in wire desk agg; do
    expect_rc 0 bp import "$T/$f.xml" --feed "https://$f.example/feed"
done
rows() { python3 -c 'import json,sys; print(" | ".join("%s +%d" % (r["title"], r["other_feeds"]) for r in json.load(sys.stdin)))' <<<"$OUT"; }

# Grouped: the Fed story once, as its newest copy (the aggregator's), two
# other feeds; the oil story five days apart is two stories.
expect_rc 0 bp articles --json
[ "$(rows)" = "Oil prices fall on supply worries +0 | Fed decision: what it means +2 | Oil prices fall on supply worries +0" ] ||
    fail "grouped: $(rows)"
expect_rc 0 bp articles
[ "$(wc -l <<<"$OUT")" -eq 3 ] || fail "three rows: $OUT"
contains "$OUT" "Aggregator       +2 Fed decision: what it means" "the plain row's +2"
expect_rc 0 bp articles --no-group --json
[ "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <<<"$OUT")" -eq 5 ] ||
    fail "--no-group lists every copy: $OUT"
# One feed's view shows its own copy.
expect_rc 0 bp articles --feed 2 --json
[ "$(rows)" = "Oil prices fall on supply worries +0 | Fed holds rates steady, as inflation cools +2" ] ||
    fail "--feed 2: $(rows)"
# A search keeps the newest copy that matches.
expect_rc 0 bp search inflation --json
[ "$(rows)" = "Fed holds rates steady, as inflation cools +2" ] || fail "search: $(rows)"
expect_rc 0 bp search inflation --no-group --json
[ "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <<<"$OUT")" -eq 2 ] ||
    fail "search --no-group: $OUT"
# Reading one copy reads every copy; the star stays on the one.
id=$(bp articles --json | python3 -c 'import json,sys; print([r["id"] for r in json.load(sys.stdin) if r["other_feeds"]][0])')
expect_rc 0 bp mark "$id" --read --star
expect_rc 0 bp articles --no-group --json
unread=$(python3 -c 'import json,sys; print(sorted((r["title"][:8], r["unread"], r["starred"]) for r in json.load(sys.stdin) if "Fed" in r["title"]))' <<<"$OUT")
[ "$unread" = "[('Fed deci', False, True), ('Fed hold', False, False), ('Fed hold', False, False)]" ] ||
    fail "read copies: $unread"
expect_rc 2 bp articles --no-group=yes
is_error_line
finish
