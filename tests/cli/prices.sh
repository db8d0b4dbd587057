#!/usr/bin/env bash
# prices import / list / fetch: the three file shapes, errors that name the
# problem, and fetching from a real HTTP server on 127.0.0.1.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
P="$BULLPEN_FIXTURES/prices"

# Plain CSV with a header, two symbols.
expect_rc 0 bp prices import "$P/closes.csv"
contains "$OUT" "AAPL" "import reports AAPL"
contains "$OUT" "MSFT" "import reports MSFT"
expect_rc 0 bp prices list AAPL --json
json 'j["symbol"] == "AAPL" and [p["day"] for p in j["prices"]] == ["2024-06-10", "2024-06-11", "2024-06-12", "2024-06-13"]'
json 'abs(j["prices"][-1]["close"] - 214.24) < 1e-9'

# Stooq: symbol from the file name (nvda_us_d.csv), CRLF, fractional volume.
expect_rc 0 bp prices import "$P/nvda_us_d.csv"
expect_rc 0 bp prices list NVDA --json
json 'len(j["prices"]) == 5 and j["prices"][0] == {"day": "2024-06-10", "close": 121.79}'
json 'j["prices"][-1] == {"day": "2024-06-14", "close": 131.88}'
# Stooq with Polish headers, name like msft.us.csv; merges with the CSV days.
expect_rc 0 bp prices import "$P/msft.us.csv"
expect_rc 0 bp prices list MSFT --json
json '[p["day"] for p in j["prices"]] == ["2024-06-11", "2024-06-12", "2024-06-13", "2024-06-14"]'
json 'j["prices"][-1]["close"] == 442.57'
# Alpha Vantage JSON: the symbol from its Meta Data, values strings.
expect_rc 0 bp prices import "$P/amzn_daily.json"
expect_rc 0 bp prices list AMZN --json
json '[p["close"] for p in j["prices"]] == [186.89, 183.83, 183.66]'
expect_rc 0 bp prices list AMZN --since 2024-06-13
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 2 ] || fail "--since keeps two days: $OUT"

# A Stooq file whose name holds no symbol needs --symbol.
cp "$P/nvda_us_d.csv" "$T/download.csv"
cp "$P/nvda_us_d.csv" "$T/123 bad name.csv"
expect_rc 1 bp prices import "$T/123 bad name.csv"
contains "$ERR" "--symbol" "asks for --symbol"
is_error_line
expect_rc 0 bp prices import --symbol amd "$T/download.csv"
expect_rc 0 bp prices list AMD --json
json 'len(j["prices"]) == 5'
# A re-import replaces the close of a day rather than adding a row.
printf 'symbol,date,close\nAMD,2024-06-14,140.5\n' >"$T/fix.csv"
expect_rc 0 bp prices import "$T/fix.csv"
expect_rc 0 bp prices list AMD --json
json 'len(j["prices"]) == 5 and j["prices"][-1]["close"] == 140.5'

# Errors name the file and the line; nothing is stored from a bad file.
expect_rc 1 bp prices import "$P/bad_close.csv"
contains "$ERR" "bad_close.csv: line 3: 'lots' is not a price" "bad close"
is_error_line
expect_rc 1 bp prices import "$P/bad_date.csv"
contains "$ERR" "line 2: '2024-02-30' is not a date" "bad date"
expect_rc 0 bp prices list AAPL --json
json 'j["prices"][0]["close"] == 193.12 and len(j["prices"]) == 4'
expect_rc 1 bp prices import "$P/nodata.csv" --symbol ZZZZ
contains "$ERR" "no data" "Stooq's No data answer"
expect_rc 1 bp prices import "$P/av_limit.json"
contains "$ERR" "the source answered: Thank you" "Alpha Vantage note"
printf '<!DOCTYPE html><html><body>Oops</body></html>' >"$T/page.csv"
expect_rc 1 bp prices import "$T/page.csv" --symbol AAPL
contains "$ERR" "HTML" "an HTML page"
expect_rc 1 bp prices import "$T/missing.csv"
contains "$ERR" "missing.csv" "missing file"
expect_rc 1 bp prices import "$P/closes.csv" --symbol AAPL
contains "$ERR" "names its own symbols" "--symbol refused for plain CSV"
expect_rc 2 bp prices import "$P/closes.csv" --symbol 'NOT A SYMBOL'
expect_rc 2 bp prices import
expect_rc 2 bp prices list
expect_rc 2 bp prices list AAPL --since yesterday

# The shared real samples, read in place when present.
if [ -r "$BULLPEN_SHARED/data/stooq_daily_sample.csv" ]; then
    expect_rc 0 bp prices import --symbol AAPL "$BULLPEN_SHARED/data/stooq_daily_sample.csv"
    expect_rc 0 bp prices list AAPL --since 2022-01-01 --json
    json 'j["prices"][0] == {"day": "2022-01-03", "close": 178.268} and len(j["prices"]) == 1025'
fi
if [ -r "$BULLPEN_SHARED/data/alphavantage_time_series_daily_sample.json" ]; then
    expect_rc 0 bp prices import "$BULLPEN_SHARED/data/alphavantage_time_series_daily_sample.json"
    expect_rc 0 bp prices list IBM --json
    json 'len(j["prices"]) == 100 and j["prices"][-1] == {"day": "2024-06-18", "close": 170.55}'
fi

# fetch: a real server on 127.0.0.1 serving per-symbol files.
mkdir -p "$T/www"
cp "$P/nvda_us_d.csv" "$T/www/nvda.csv"
cp "$P/msft.us.csv" "$T/www/msft.csv"
cp "$P/nodata.csv" "$T/www/zzzz.csv"
printf '<html><body>Service busy</body></html>' >"$T/www/busy.csv"
start_server --root "$T/www"
printf 'prices.url = http://127.0.0.1:%s/{symbol}.csv\n' "$PORT" >"$T/config"
DB="$T/fetch.db"
bpc() { "$BULLPEN" --db "$DB" --config "$T/config" "$@"; }

# One unknown symbol and one HTML answer are clear errors; the others are
# stored, and the status (3) says the batch ran with failures.
expect_rc 3 bpc prices fetch nvda MSFT zzzz nosuch busy
contains "$ERR" "ZZZZ: no data" "No data answer"
contains "$ERR" "NOSUCH: HTTP 404" "404"
contains "$ERR" "BUSY: not price data" "HTML answer"
contains "$OUT" "NVDA" "NVDA fetched"
contains "$OUT" "MSFT" "MSFT fetched"
expect_rc 0 bpc prices list NVDA --json
json 'len(j["prices"]) == 5'
expect_rc 0 bpc prices list MSFT --json
json 'len(j["prices"]) == 2'

# Default symbols: positions and the watchlist. The second time the server
# answers 304 to the stored validators.
expect_rc 0 bpc portfolio add NVDA 10 --cost 100
expect_rc 0 bpc watch add msft
curl -s "$SRV/__reset" >/dev/null
expect_rc 0 bpc prices fetch
contains "$OUT" "NVDA     not modified" "conditional GET"
contains "$OUT" "MSFT     not modified" "conditional GET"
LOG=$(server_log)
python3 -c 'import json,sys; l=json.loads(sys.argv[1]); sys.exit(0 if len(l) == 2 and all(r["inm"] for r in l) else 1)' "$LOG" ||
    fail "requests carried If-None-Match: $LOG"
expect_rc 0 bpc prices fetch --force NVDA
contains "$OUT" "NVDA" "forced fetch"
not_contains "$OUT" "not modified" "forced fetch is unconditional"

# No symbols at all, and a template without {symbol}.
rm -f "$T/empty.db"
expect_rc 1 "$BULLPEN" --db "$T/empty.db" --config "$T/config" prices fetch
contains "$ERR" "no symbols" "nothing to fetch"
printf 'prices.url = http://127.0.0.1:%s/fixed.csv\n' "$PORT" >"$T/config2"
expect_rc 1 "$BULLPEN" --db "$DB" --config "$T/config2" prices fetch NVDA
contains "$ERR" "does not contain {symbol}" "template checked"
finish
