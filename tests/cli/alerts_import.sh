#!/usr/bin/env bash
# `import` stores a saved feed through the same path as `fetch`, so its new
# articles fire alerts: the lines print after the import's own summary (the
# commit), the commands run with the article in their environment, and
# importing the same file again fires nothing. A feed imported and then
# fetched from the same address fires each rule once in all.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

expect_rc 0 bp alerts add mention NVDA --exec sh -c 'env | grep ^BULLPEN_ | sort >"$0"' "$T/env"
expect_rc 0 bp alerts add keyword '"profit forecast"' --exec sh -c 'echo "$BULLPEN_ARTICLE_ID" >>"$0"' "$T/ran"
expect_rc 0 bp alerts add keyword '"no such phrase"'
expect_rc 0 bp import "$BULLPEN_FIXTURES/feeds/rss2.xml"
first=$(head -1 <<<"$OUT")
[ "$first" = "6 new articles of 6 (rss)" ] || fail "the summary comes first, at the commit: $OUT"
contains "$OUT" "alert #1 NVDA mentioned (sentiment " "mention fires on import"
contains "$OUT" 'alert #2 keyword "profit forecast": Deere cuts 2024 profit forecast' "keyword fires on import"
not_contains "$OUT" "alert #3" "the other rule stays quiet"
[ "$(grep -c '^alert ' <<<"$OUT")" -eq 2 ] || fail "two alert lines: $OUT"

for _ in $(seq 200); do [ -s "$T/env" ] && [ -s "$T/ran" ] && break; sleep 0.05; done
ENV=$(cat "$T/env" 2>/dev/null)
contains "$ENV" "BULLPEN_SYMBOL=NVDA" "symbol kept for the command"
contains "$ENV" "BULLPEN_TITLE=Nvidia tops" "title"
contains "$ENV" "BULLPEN_RULE=1" "rule"
contains "$ENV" "BULLPEN_FEED=Ledger Daily" "the feed's title, stored in the same transaction"
sent=$(sed -n 's/^BULLPEN_SENTIMENT=//p' <<<"$ENV")
python3 -c 'import sys; sys.exit(0 if 0.15 <= float(sys.argv[1]) <= 1 else 1)' "$sent" ||
    fail "sentiment kept for the command, NVDA's good news: '$sent'"
id=$(sed -n 's/^BULLPEN_ARTICLE_ID=//p' <<<"$ENV")
expect_rc 0 bp articles --json
json "any(a['id'] == $id and a['title'].startswith('Nvidia tops') for a in j)"

expect_rc 0 bp alerts log --json
json 'len(j) == 2 and all(e["delivery"] == "delivered" and not e["seen"] for e in j)'

# Again: nothing new, nothing fired.
expect_rc 0 bp import "$BULLPEN_FIXTURES/feeds/rss2.xml"
[ "$OUT" = "0 new articles of 6 (rss)" ] || fail "a second import fires nothing: $OUT"

# Filed under a feed address, then fetched from it: the articles are known,
# so the rules do not fire again.
mkdir -p "$T/www"
cp "$BULLPEN_FIXTURES/feeds/rss2.xml" "$T/www/"
start_server --root "$T/www"
expect_rc 0 bp import - --feed "$SRV/rss2.xml" <"$T/www/rss2.xml"
contains "$OUT" "6 new articles of 6 (rss)" "a second feed's copies are new articles"
[ "$(grep -c '^alert ' <<<"$OUT")" -eq 2 ] || fail "they fire for the new feed: $OUT"
expect_rc 0 bp fetch
not_contains "$OUT" "alert #" "fetch after import fires nothing new"
expect_rc 0 bp alerts log --json
json 'len(j) == 4'
for _ in $(seq 200); do [ "$(wc -l <"$T/ran")" -ge 2 ] && break; sleep 0.05; done
[ "$(sort -u "$T/ran" | wc -l)" -eq 2 ] && [ "$(wc -l <"$T/ran")" -eq 2 ] ||
    fail "the keyword command ran once per article: $(cat "$T/ran")"
finish
