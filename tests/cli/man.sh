#!/usr/bin/env bash
# The man page: built from the command table (build/bullpen.1, as bullpen
# --man prints it), it names every command and option --help names and every
# config option, and man renders it without a warning.
. "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

expect_rc 0 "$BULLPEN" --man
printf '%s\n' "$OUT" >"$T/bullpen.1"
BUILT="$(dirname "$BULLPEN")/bullpen.1"
if [ -f "$BUILT" ]; then
    cmp -s "$BUILT" "$T/bullpen.1" || fail "$BUILT differs from what bullpen --man prints (rebuild?)"
else
    fail "the build wrote no $BUILT"
fi
contains "$OUT" ".TH BULLPEN 1" "man page header"
for s in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS CONFIGURATION ENVIRONMENT FILES "EXIT STATUS"; do
    contains "$OUT" ".SH $s" "section $s"
done

# has TEXT WHAT: the man page's source holds TEXT.
has() { grep -qF -- "$1" "$T/bullpen.1" || fail "$2: '$1' not in the man page"; }

# Every command of --help, with each option it names.
n=0
while IFS=$'\t' read -r name usage; do
    n=$((n + 1))
    if [ "$name" = open ]; then
        has '\fBbullpen\fR [open]' "man: open"
    else
        has "\\fBbullpen $name\\fR" "man: $name"
    fi
    # shellcheck disable=SC2086
    for o in $("$BULLPEN" $name --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
        [ "$o" = --help ] && continue
        has "${o//-/\\-}" "man: $name $o"
    done
done < <("$BULLPEN" --usage)
[ "$n" -ge 30 ] || fail "only $n commands listed by --usage"
for o in --db --config --version --help; do
    has "${o//-/\\-}" "man: global option $o"
done

# Every config option.
expect_rc 0 "$BULLPEN" config --json
for k in $(python3 -c 'import json,sys; print(" ".join(o["name"] for o in json.load(sys.stdin)))' <<<"$OUT"); do
    grep -qxF ".B $k" "$T/bullpen.1" || fail "man: config option $k"
done

# man renders it without warnings.
if command -v man >/dev/null; then
    W=$(MANWIDTH=80 man --warnings -l "$T/bullpen.1" 2>&1 >/dev/null)
    [ -z "$W" ] || fail "man --warnings: $W"
    R=$(MANWIDTH=80 man -l "$T/bullpen.1" 2>/dev/null)
    contains "$R" "bullpen feeds add URL" "rendered page"
    contains "$R" "fetch.parallel" "rendered config"
else
    echo "note: man is not installed; the rendering check was skipped"
fi

# cmake --install puts the binary, the man page and the completion in place.
if command -v cmake >/dev/null && [ -f "$(dirname "$BULLPEN")/cmake_install.cmake" ]; then
    expect_rc 0 cmake --install "$(dirname "$BULLPEN")" --prefix "$T/prefix"
    [ -x "$T/prefix/bin/bullpen" ] || fail "install: no bin/bullpen"
    cmp -s "$T/prefix/share/man/man1/bullpen.1" "$T/bullpen.1" || fail "install: share/man/man1/bullpen.1"
    cmp -s "$T/prefix/share/bash-completion/completions/bullpen" \
        "$BULLPEN_SRC/scripts/bullpen.bash-completion" || fail "install: the bash completion"
    if command -v man >/dev/null; then
        expect_rc 0 env MANPATH="$T/prefix/share/man" man -w bullpen
        contains "$OUT" "$T/prefix/share/man/man1/bullpen.1" "man finds the installed page"
    fi
else
    echo "note: no cmake or build tree; the install check was skipped"
fi

finish
