#!/usr/bin/env bash
# A key in the workstation changes only the flag it names: a star set by
# another process while the workstation shows the article survives the
# workstation marking it read (and a read mark survives a star), in the list
# and in the article pane.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
flags() { # ID: prints "unread starred" as the store has them
    bp articles --limit 1000 --json | python3 -c 'import json,sys
a = [x for x in json.load(sys.stdin) if x["id"] == int(sys.argv[1])][0]
print(int(a["unread"]), int(a["starred"]))' "$1"
}
id=$(bp articles --limit 1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
[ "$(flags "$id")" = "1 0" ] || fail "the newest demo article starts unread, unstarred: $(flags "$id")"

tui_start 100 30 "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"

# The list: another process stars the selected article, then m marks it read.
expect_rc 0 bp mark "$id" --star
send m
for _ in $(seq 1 40); do [ "$(flags "$id")" = "0 1" ] && break; sleep 0.05; done
[ "$(flags "$id")" = "0 1" ] || fail "list: m dropped the other process's star: want '0 1', store has '$(flags "$id")'"

# The article pane: another process marks it unread, then s unstars it.
expect_rc 0 bp mark "$id" --unread
send Tab
wait_for_text "Overall"
send s
for _ in $(seq 1 40); do [ "$(flags "$id")" = "1 0" ] && break; sleep 0.05; done
[ "$(flags "$id")" = "1 0" ] || fail "article pane: s dropped the other process's unread mark: want '1 0', store has '$(flags "$id")'"

send q
send q
wait_for_exit
contains "$(screen)" "[exited 0]" "the workstation ends cleanly"
finish
