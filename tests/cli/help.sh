#!/usr/bin/env bash
# Help: every command's --help comes from the command table, the README's
# Usage section names the same commands and options as --help (both ways,
# tests/cli/help_readme.py), and bullpen config lists the config options.
. "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
CHECK="$BULLPEN_SRC/tests/cli/help_readme.py"

# The README against --help, both ways, and every --help within 80 columns.
# The checker catches drift either way: an option the README lost, an option
# only the README has, a command only --help has. One run reads the help once
# and checks the README and the three changed copies of it in turn.
sed 's/ \[--until YYYY-MM-DD\]//' "$BULLPEN_SRC/README.md" >"$T/r1.md"
sed 's/bullpen mark ID\.\.\. /bullpen mark ID... [--flag] /' "$BULLPEN_SRC/README.md" >"$T/r2.md"
grep -v 'bullpen reanalyze' "$BULLPEN_SRC/README.md" >"$T/r3.md"
expect_rc 1 python3 "$CHECK" "$BULLPEN" "$BULLPEN_SRC/README.md" "$T/r1.md" "$T/r2.md" "$T/r3.md"
# section FILE: the checker's lines for one README.
section() { awk -v f="== $1" '/^== /{on = ($0 == f); next} on' <<<"$OUT"; }
[ -z "$(sed -n '1{/^== /!p}' <<<"$OUT")" ] || fail "a --help failed: $(head -3 <<<"$OUT")"
s=$(section "$BULLPEN_SRC/README.md")
contains "$s" "commands and" "README check ran"
! grep -q FAIL <<<"$s" || fail "README and --help differ: $s"
contains "$(section "$T/r1.md")" "'bullpen trend --help' names --until" "README missing an option"
contains "$(section "$T/r2.md")" "lines name --flag" "README with an extra option"
contains "$(section "$T/r3.md")" "'bullpen reanalyze' is in --help but not in README" "README missing a command"

# Every command's --help and the list agree (the checker compares the usage
# lines); each group lists its sub-commands; a group alone is a usage error.
expect_rc 0 "$BULLPEN" --help
contains "$OUT" "trend SYMBOL|--watchlist [--days N] [--bucket day|week]" "trend in the list"
contains "$OUT" "[--until YYYY-MM-DD]" "trend --until in the list"
for g in feeds watch portfolio prices alerts; do
    expect_rc 0 "$BULLPEN" "$g" --help
    contains "$OUT" "bullpen $g " "$g --help lists its sub-commands"
    expect_rc 2 "$BULLPEN" "$g"
    is_error_line
    contains "$ERR" "bullpen $g --help" "$g alone"
done
expect_rc 0 "$BULLPEN" feeds help
contains "$OUT" "bullpen feeds import FILE.opml" "feeds help"
# bullpen config: every option with its default, and the value in force.
expect_rc 0 "$BULLPEN" config
contains "$OUT" "# no config file" "config without a file"
contains "$OUT" "fetch.parallel = 8" "default value"
contains "$OUT" "# int, 1 to 64, default 8" "type and range"
contains "$OUT" "llm.url = \"\"" "empty string value"
printf 'fetch.parallel = 3\nui.theme = light\nbind.J = move-down\n' >"$T/cfg"
expect_rc 0 "$BULLPEN" --config "$T/cfg" config
contains "$OUT" "# $T/cfg" "the file read"
contains "$OUT" "fetch.parallel = 3" "value from the file"
contains "$OUT" "ui.theme = light" "string from the file"
contains "$OUT" "bind.J = move-down" "bindings"
expect_rc 0 "$BULLPEN" --config "$T/cfg" config --json
json 'len(j) >= 20 and all(set(o) == {"name", "type", "min", "max", "default", "value", "help"} for o in j)'
json '[o["value"] for o in j if o["name"] == "fetch.parallel"] == ["3"] and [o["default"] for o in j if o["name"] == "fetch.parallel"] == ["8"]'
json '[(o["type"], o["min"], o["max"]) for o in j if o["name"] == "ui.mouse"] == [("bool", None, None)]'
expect_rc 2 "$BULLPEN" config --bogus
is_error_line
[ ! -e "$DB" ] || fail "config created a store"

finish
