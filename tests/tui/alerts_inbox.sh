#!/usr/bin/env bash
# Alerts fired while the workstation was closed (here by a `bullpen fetch`
# from cron's point of view) are waiting when it opens: the status bar
# counts them, `!` lists them newest first, Enter on one opens its article
# in the article pane (closing any view the list was opened over) and marks
# it read, as Enter in the list does, and having looked at them clears the
# count, also for the next start.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
command -v curl >/dev/null || { echo "curl missing: skipped"; exit 77; }
mkdir -p "$T/www"
item() { # guid title description hour
    printf '<item><guid>%s</guid><title>%s</title><link>https://news.example.com/%s</link>' "$1" "$2" "$1"
    printf '<pubDate>Tue, 18 Jun 2024 %s:00:00 GMT</pubDate><description>%s</description></item>\n' "$4" "$3"
}
{
    printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Wire</title>\n'
    item a1 "Retailer issues guidance cut" "Shares fell after the company cut its outlook." 14
    item a2 "Chipmaker posts record revenue" "Record revenue in the data center unit." 15
    item a3 "Quiet day on the bond market" "Nothing much happened to yields." 16
    printf '</channel></rss>\n'
} >"$T/www/wire.xml"
start_server --root "$T/www"
printf 'fetch.timeout = 3\n' >"$T/cfg"
bpc() { "$BULLPEN" --config "$T/cfg" --db "$DB" "$@"; }

# The workstation is closed: a fetch fires two alerts.
bpc feeds add "$SRV/wire.xml" >/dev/null || fail "feeds add"
bpc alerts add keyword '"guidance cut"' >/dev/null || fail "alerts add"
bpc alerts add keyword '"record revenue"' >/dev/null || fail "alerts add"
bpc fetch >"$T/fetch.out" 2>&1 || fail "fetch: $(cat "$T/fetch.out")"
[ "$(grep -c '^alert #' "$T/fetch.out")" -eq 2 ] || fail "two alerts fired: $(cat "$T/fetch.out")"

tui_start 100 30 env TZ=UTC "$BULLPEN" --config "$T/cfg" --db "$DB"
wait_for_text "Quiet day on the bond market"
wait_for_text "2 alerts (!)"
send '!'
wait_for_text "Alerts: 2, 2 new"
# Newest first: the rows in order, each marked new, under the header.
rows=$(screen | grep -E 'keyword "(record revenue|guidance cut)"')
[ "$(wc -l <<<"$rows")" -eq 2 ] || fail "two rows: $(screen)"
contains "$(head -1 <<<"$rows")" "Chipmaker posts record revenue" "newest alert first"
contains "$(sed -n 2p <<<"$rows")" "Retailer issues guidance cut" "older alert second"
contains "$(screen)" "FIRED" "column header"
# A fetch pass that ends while the inbox is open reloads it: what was new
# when it opened stays marked new.
send r
wait_for_text "done: " 20
sleep 0.5
contains "$(screen)" "Alerts: 2, 2 new" "new alerts still marked after a reload"
# Looking at them is seeing them: the count leaves the status bar.
wait_for_gone "2 alerts (!)"
# Enter on the second opens its article (not the list's newest) in the article pane.
send j
send Enter
wait_for_gone "Alerts: 2"
wait_for_text "Shares fell after the company cut its outlook."
contains "$(screen)" "[2 Article]" "the article pane has the focus"
not_contains "$(screen)" "alerts (!)" "no unseen alerts left"
# Opened is read: in the store, in the pane's header and in the list.
unread_of() { # TITLE: the store's unread flag of that article
    bpc articles --json | python3 -c 'import json,sys
print([int(a["unread"]) for a in json.load(sys.stdin) if a["title"] == sys.argv[1]][0])' "$1"
}
[ "$(unread_of "Retailer issues guidance cut")" = 0 ] || fail "the article opened from the inbox is still unread"
[ "$(unread_of "Quiet day on the bond market")" = 1 ] || fail "the others stay unread"
not_contains "$(screen | head -2)" " unread " "the article pane's header says unread"
send BTab
wait_for_text "[1 List]"
row=$(screen | grep 'Retailer issues')
[ -n "$row" ] || fail "the list shows the opened article: $(screen)"
case "$row" in *●*) fail "the list still shows the opened article unread: $row" ;; esac
send Tab
# Opened over another view (the feeds), Enter still shows the article: the
# views above the desk all give way to it.
send F
wait_for_text "Feeds: 1"
send '!'
wait_for_text "Alerts: 2"
send Enter
wait_for_text "Record revenue in the data center unit."
not_contains "$(screen)" "Feeds: 1" "the feed view closed"
contains "$(screen)" "[2 Article]" "the article pane has the focus"
send q
wait_for_text "[exited 0]"
bpc alerts log --json >"$T/log" || fail "alerts log"
OUT=$(cat "$T/log")
json 'len(j) == 2 and all(e["seen"] for e in j)'
finish
