#!/usr/bin/env bash
# Copies of one story: the same link (once scheme, host case and tracking
# parameters are set aside) or the same title within two days in another
# feed is one row in `articles` and `search`, "+N" the other feeds carrying
# it; --no-group lists every copy; reading one copy reads them all.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
export TZ=UTC
for f in wire desk agg; do
    expect_rc 0 bp import "$BULLPEN_FIXTURES/stories/$f.xml" --feed "https://$f.example/feed"
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
