#!/usr/bin/env bash
# The bash completion (scripts/bullpen.bash-completion), sourced in bash:
# commands, sub-commands and options from the command table, and feed ids,
# tags and symbols from the store named on the line.
. "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
# shellcheck source=/dev/null
. "$BULLPEN_SRC/scripts/bullpen.bash-completion"

complete -p bullpen | grep -q _bullpen || fail "no completion registered for bullpen"

# comp WORD...: completes the last word of "bullpen WORD..." into $GOT.
comp() {
    COMP_WORDS=("$BULLPEN" "$@")
    COMP_CWORD=$#
    COMPREPLY=()
    _bullpen
    GOT="${COMPREPLY[*]}"
}
# is WANT WHAT: the completions are exactly WANT (in order).
is() { [ "$GOT" = "$1" ] || fail "$2: got '$GOT', wanted '$1'"; }

comp fe
is "feeds fetch" "bullpen fe<TAB>"
comp ""
for c in open articles search export mark fetch feeds import reanalyze watch portfolio parse \
    analyze score prices trend alerts demo brief note config; do
    contains " $GOT " " $c " "bullpen <TAB> offers $c"
done
comp feeds ""
is "add list set rm import export --help" "bullpen feeds <TAB>"
comp fetch --
is "--all --every --jobs --quiet --help" "bullpen fetch --<TAB>"
comp feeds add http://x/ --f
is "--full-text" "bullpen feeds add URL --f<TAB>"
comp --
is "--db --config --version --help" "bullpen --<TAB>"
comp export --format ""
is "json csv" "export --format <TAB>"
comp search turbine --order ""
is "newest relevance" "search --order <TAB>"
comp feeds set 1 --full-text ""
is "on off" "feeds set ID --full-text <TAB>"
comp trend AAPL --bucket ""
is "day week" "trend --bucket <TAB>"
comp fetch --every ""
is "" "fetch --every <TAB> (a number)"
comp alerts ""
is "add list rm enable disable log --help" "bullpen alerts <TAB>"

# From the store: nothing before there is one.
comp --db "$DB" feeds rm ""
is "" "feeds rm <TAB> with no store"
bp feeds add http://127.0.0.1:9/wire.xml --no-check --tag macro >/dev/null 2>&1 || fail "feeds add"
bp feeds add http://127.0.0.1:9/filings.xml --no-check --tag sec >/dev/null 2>&1 || fail "feeds add"
bp watch add AAPL NVDA >/dev/null 2>&1 || fail "watch add"
bp watch tag AAPL megacap >/dev/null 2>&1 || fail "watch tag"
bp portfolio add MSFT 10 --cost 400 >/dev/null 2>&1 || fail "portfolio add"
comp --db "$DB" feeds rm ""
is "1 2" "feeds rm <TAB> with two feeds"
comp --db="$DB" feeds set ""
is "1 2" "feeds set <TAB> with --db=PATH"
comp --db "$DB" articles --feed ""
is "1 2" "articles --feed <TAB>"
comp --db "$DB" feeds add http://x/ --tag ""
is "macro megacap sec" "--tag <TAB>"
comp --db "$DB" watch tag AAPL m
is "macro megacap" "watch tag SYMBOL m<TAB>"
comp --db "$DB" trend ""
is "AAPL MSFT NVDA" "trend <TAB>: watchlist and portfolio"
comp --db "$DB" articles --ticker N
is "NVDA" "articles --ticker N<TAB>"
comp --db "$DB" portfolio add MSFT ""
is "" "portfolio add SYMBOL <TAB> (a quantity)"
# The store is the line's: without --db, the (empty) default store.
comp feeds rm ""
is "" "feeds rm <TAB> on the default store"

finish
