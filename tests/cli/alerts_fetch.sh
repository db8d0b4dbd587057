#!/usr/bin/env bash
# An alert fired by `bullpen fetch` from a feed on a local HTTP server: the
# event is stored with its article, reported, runs its command, and does
# not fire again when the feed is fetched again.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
mkdir -p "$T/www"
item() { # guid title description
    printf '<item><guid>%s</guid><title>%s</title><link>https://news.example.com/%s</link>' "$1" "$2" "$1"
    printf '<pubDate>Tue, 18 Jun 2024 14:00:00 GMT</pubDate><description>%s</description></item>\n' "$3"
}
feed() {
    printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Wire</title><link>https://news.example.com/</link>\n'
    cat
    printf '</channel></rss>\n'
}
item a1 "Retailer issues guidance cut" "Shares fell after the company cut its outlook." | feed >"$T/www/wire.xml"
start_server --root "$T/www"

expect_rc 0 bp feeds add "$SRV/wire.xml"
expect_rc 0 bp alerts add 'keyword "guidance cut"' --exec sh -c 'printf "%s|%s|%s\n" "$BULLPEN_RULE" "$BULLPEN_TITLE" "$BULLPEN_FEED" >>"$0"' "$T/ran"
expect_rc 0 bp alerts add 'keyword "record revenue"'
expect_rc 0 bp fetch
contains "$OUT" 'alert #1 keyword "guidance cut": Retailer issues guidance cut' "alert reported by fetch"
not_contains "$OUT" "alert #2" "the other rule stays quiet"
expect_rc 0 bp alerts log --json
json 'len(j) == 1 and j[0]["rule_id"] == 1 and j[0]["title"] == "Retailer issues guidance cut"'
json 'j[0]["link"] == "https://news.example.com/a1"'
for _ in $(seq 300); do [ -s "$T/ran" ] && break; sleep 0.05; done
contains "$(cat "$T/ran" 2>/dev/null)" "1|Retailer issues guidance cut|" "command ran with the article"

# The feed grows: only the new article fires; the old one never again.
{
    item a2 "Chipmaker posts record revenue" "Record revenue in the data center unit."
    item a1 "Retailer issues guidance cut" "Shares fell after the company cut its outlook."
} | feed >"$T/www/wire.xml"
expect_rc 0 bp fetch --all
contains "$OUT" 'alert #2 keyword "record revenue"' "new article fires"
not_contains "$OUT" "alert #1" "old article does not fire again"
expect_rc 0 bp alerts log --json
json 'len(j) == 2 and sorted(e["rule_id"] for e in j) == [1, 2]'
sleep 0.2
[ "$(wc -l <"$T/ran")" -eq 1 ] || fail "the command ran once: $(cat "$T/ran")"
finish
