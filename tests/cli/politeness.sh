#!/usr/bin/env bash
# Politeness against a real HTTP server on 127.0.0.1: at most
# fetch.per_host transfers at once to one host, at least
# fetch.host_gap_ms between two requests to it (the server logs when each
# arrived), and the configured User-Agent with its contact address.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
command -v curl >/dev/null || { echo "curl missing"; exit 77; }
start_server
cat >"$T/cfg" <<CFG
fetch.per_host = 2
fetch.host_gap_ms = 200
fetch.parallel = 8
fetch.user_agent = bullpen-test/1 (markets desk; ops@example.com)
CFG
b() { "$BULLPEN" --config "$T/cfg" --db "$DB" "$@"; }
for i in $(seq 1 8); do
    expect_rc 0 b feeds add --no-check "$SRV/paced/s$i?sleep=0.5"
done
curl -s "$SRV/__reset" >/dev/null
expect_rc 0 b fetch --all
contains "$OUT" "8 feeds fetched, 8 new articles, 0 errors" "every feed fetched"
OUT=$(curl -s "$SRV/__stats")
json 'j["max_inflight"] == 2'
OUT=$(server_log)
json 'len(j) == 8'
json 'all(b["t"] - a["t"] >= 0.18 for a, b in zip(j, j[1:]))'
json 'all(r["ua"] == "bullpen-test/1 (markets desk; ops@example.com)" for r in j)'

# Without the limits the same pass runs all eight at once.
printf 'fetch.per_host = 0\nfetch.host_gap_ms = 0\nfetch.parallel = 8\n' >"$T/cfg"
curl -s "$SRV/__reset" >/dev/null
expect_rc 0 b fetch --all
OUT=$(curl -s "$SRV/__stats")
json 'j["max_inflight"] > 2'
finish
