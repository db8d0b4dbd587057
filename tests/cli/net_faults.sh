#!/usr/bin/env bash
# Network faults: one store subscribed to good feeds and to every kind of bad
# server (slow drip, reset mid-body, truncated and corrupt gzip, a gzip bomb,
# endless redirects, a 1 GB body, garbage, a wrong content type, invalid
# UTF-8). One fetch must end every bad feed with a clear one-line error of
# its own within the configured timeout, keep its memory bounded (the bomb
# and the 1 GB body are never held), and store the good feeds.
. "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

mkdir -p "$T/www"
for f in rss2.xml atom10.xml jsonfeed11.json rdf.xml alphavantage.json; do
    cp "$BULLPEN_FIXTURES/feeds/$f" "$T/www/"
done
start_server --root "$T/www"

cat >"$T/faults.conf" <<CFG
fetch.timeout = 3
fetch.max_body_mb = 1
fetch.parallel = 8
fetch.per_host = 8
CFG
bpc() { "$BULLPEN" --db "$DB" --config "$T/faults.conf" "$@"; }

# URL path -> what its error must say (a Python regex, case-insensitive).
declare -A BAD=(
    ["/drip?every=0.5&bytes=100"]="timed out"
    ["/reset?bytes=200000"]="reset|closed|receiv|transfer|partial"
    ["/truncated?bytes=200000"]="partial|closed|transfer|short"
    ["/truncated-gzip"]="gzip|compress|truncat"
    ["/corrupt-gzip"]="gzip|compress|corrupt"
    ["/bomb?gb=4"]="over 1 MiB"
    ["/redirect-loop"]="redirect"
    ["/big?mb=1024"]="over 1 MiB"
    ["/big?mb=1024&nolength=1"]="over 1 MiB"
    ["/garbage?bytes=20000"]="not a feed|malformed|XML|parse"
    ["/status/500"]="500"
)
for path in "${!BAD[@]}"; do
    bpc feeds add --no-check "$SRV$path" >/dev/null || fail "feeds add $path"
done
for f in rss2.xml atom10.xml jsonfeed11.json rdf.xml alphavantage.json; do
    bpc feeds add --no-check "$SRV/$f" >/dev/null || fail "feeds add $f"
done
# Not faults a reader should refuse: a feed labelled image/png and one with
# bad UTF-8 bytes are read, the bytes repaired.
bpc feeds add --no-check "$SRV/wrongtype" >/dev/null || fail "feeds add wrongtype"
bpc feeds add --no-check "$SRV/badutf8" >/dev/null || fail "feeds add badutf8"

# Peak RSS of the fetch alone. A sanitizer build carries shadow memory, so it
# gets a wider bound.
limit_mb=100
if ldd "$BULLPEN" 2>/dev/null | grep -q 'libasan'; then limit_mb=400; fi
t0=$(date +%s%N)
/usr/bin/time -f '%M' -o "$T/rss" "$BULLPEN" --db "$DB" --config "$T/faults.conf" fetch --jobs 8 \
    >"$T/out" 2>"$T/err"
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
rss_kb=$(tail -1 "$T/rss")
echo "fetch: ${ms} ms, peak RSS $((rss_kb / 1024)) MB, exit $rc" >&2
[ "$rc" -eq 3 ] || fail "fetch exited $rc, wanted 3 (feeds failed): $(cat "$T/err")"
[ "$rss_kb" -lt $((limit_mb * 1024)) ] || fail "peak RSS $((rss_kb / 1024)) MB over $limit_mb MB"
# Every fault is bounded by the 3 s timeout, run 8 at a time: well under 15 s.
[ "$ms" -lt 15000 ] || fail "the fetch took $ms ms"

OUT=$(bpc feeds list --json)
printf '%s' "$OUT" >"$T/feeds.json"
for path in "${!BAD[@]}"; do
    python3 - "$T/feeds.json" "$SRV$path" "${BAD[$path]}" "$T/err" <<'PY' || fail "feed $path"
import json, re, sys
feeds = {f["url"]: f for f in json.load(open(sys.argv[1]))}
url, want, errfile = sys.argv[2], sys.argv[3], sys.argv[4]
f = feeds[url]
err = f.get("last_error") or ""
if f.get("status") != "error" or not re.search(want, err, re.I):
    sys.exit("%s: status %r, last_error %r (wanted /%s/)" % (url, f.get("status"), err, want))
if "\n" in err or len(err) > 200:
    sys.exit("%s: error is not one short line: %r" % (url, err))
lines = [l for l in open(errfile, errors="replace")
         if l.startswith("bullpen: fetch: %s: " % url)]
if len(lines) != 1:
    sys.exit("%s: wanted one 'bullpen: fetch: URL: why' line on stderr, got %r" % (url, lines))
if f.get("articles"):
    sys.exit("%s: stored %d articles from a bad response" % (url, f["articles"]))
PY
done

python3 - "$T/feeds.json" "$SRV" <<'PY' || fail "good feeds"
import json, sys
feeds = {f["url"]: f for f in json.load(open(sys.argv[1]))}
srv = sys.argv[2]
for name in ("rss2.xml", "atom10.xml", "jsonfeed11.json", "rdf.xml", "alphavantage.json",
             "wrongtype", "badutf8"):
    f = feeds[srv + "/" + name]
    if f.get("status") != "ok" or not f.get("articles"):
        sys.exit("%s: status %r, %r articles, error %r" % (name, f.get("status"),
                                                          f.get("articles"),
                                                          f.get("last_error")))
PY
# The repaired text is valid UTF-8 all the way to the export.
bpc export --format json >"$T/export.json" || fail "export"
python3 -c 'import sys; open(sys.argv[1], encoding="utf-8", errors="strict").read()' \
    "$T/export.json" || fail "export is not valid UTF-8"
grep -q 'caf' "$T/export.json" || fail "the badutf8 item is not in the export"
finish
