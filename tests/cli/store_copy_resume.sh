#!/usr/bin/env bash
# store copy, interrupted: a copy killed half way (SIGKILL once its first
# page of 2,000 articles is committed) is completed by running it again,
# the result the same as its source's: articles, marks and analysis.
source "$BULLPEN_TESTLIB"
# added KIND N: the copy's line for KIND says N added.
added() { contains "$OUT" "$(printf '%-19s %s added' "$1" "$2")" "copy's count of $1"; }
b() { "$BULLPEN" --db "$1" "${@:2}"; }

expect_rc 0 "$BULLPEN" demo --db "$T/demo.db"
"$BULLPEN" store copy "$T/demo.db" "$T/cut.db" >/dev/null 2>&1 &
cut=$!
left=$(python3 - "$T/cut.db" "$cut" <<'EOF'
import os, signal, sqlite3, sys, time
end = time.time() + 60
while time.time() < end:
    try:
        c = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
        n = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        c.close()
    except sqlite3.Error:
        n = 0
    if n >= 2000:
        os.kill(int(sys.argv[2]), signal.SIGKILL)
        break
    time.sleep(0.005)
print(n)
EOF
)
{ wait "$cut"; } 2>/dev/null || true # killed on purpose
expect_rc 0 b "$T/demo.db" export
total=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <<<"$OUT")
[ "$left" -ge 2000 ] && [ "$left" -lt "$total" ] || fail "the copy was not cut half way ($left of $total)"
expect_rc 0 "$BULLPEN" store copy "$T/demo.db" "$T/cut.db"
added articles $((total - left))
for db in demo cut; do
    expect_rc 0 b "$T/$db.db" export
    python3 -c 'import json,sys
a = json.loads(sys.stdin.read())
print(json.dumps([{k: v for k, v in x.items() if k not in ("id", "feed_id")} for x in a]))' \
        <<<"$OUT" >"$T/$db.export"
done
cmp -s "$T/demo.export" "$T/cut.export" || fail "the completed copy differs from its source"

finish
