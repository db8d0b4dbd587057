#!/usr/bin/env bash
# The portfolio panel and `portfolio list` (JSON and text) value one store
# the same way: a long/short book with prices, news imported from a feed, a
# position valued at cost, one with nothing to value it by and a watched
# symbol. The JSON is checked against the valuation rules, then the text
# table and the panel's screen are compared whole with what the JSON says.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
export BULLPEN_NOW=1718798400 # 2024-06-19T12:00:00Z
P="$BULLPEN_FIXTURES/prices"

expect_rc 0 bp prices import "$P/nvda_us_d.csv" "$P/msft.us.csv" "$P/amzn_daily.json"
# A feed URL nothing answers on, so the workstation's fetcher changes nothing.
expect_rc 0 bp import "$BULLPEN_FIXTURES/feeds/portfolio_news.xml" --feed http://127.0.0.1:9/desk.xml
expect_rc 0 bp portfolio add NVDA 10 --cost 100
expect_rc 0 bp portfolio add MSFT 2 --cost 400
expect_rc 0 bp portfolio add AMZN -3 --cost 190 # short
expect_rc 0 bp portfolio add AMD 5 --cost 150   # no close: at cost
expect_rc 0 bp portfolio add KO 100             # no close, no cost
expect_rc 0 bp watch add TSLA NVDA

expect_rc 0 bp portfolio list --json
JSON=$OUT
json '[p["symbol"] for p in j["positions"]] == ["AMD", "AMZN", "KO", "MSFT", "NVDA"]'
json '[p["basis"] for p in j["positions"]] == ["cost", "market", None, "market", "market"]'
json 'j["unpriced"] == ["AMD", "KO"]'
# The feed gave every name but KO a 7-day sentiment, and AMZN bad news.
json 'all((p["sentiment_7d"] is None) == (p["symbol"] == "KO") for p in j["positions"])'
A='[p for p in j["positions"] if p["symbol"] == "AMZN"][0]'
json "$A['sentiment_7d'] < -0.15 and $A['value'] < 0 and $A['weight'] < 0 and $A['pnl'] > 0"
# Values signed, at cost without a close; weights of gross exposure.
json 'abs(j["value"] - (750 - 550.98 + 885.14 + 1318.8)) < 1e-9'
json 'abs(j["gross"] - (750 + 550.98 + 885.14 + 1318.8)) < 1e-9'
json 'all(abs(p["weight"] - p["value"] / j["gross"]) < 1e-12 for p in j["positions"] if p["value"] is not None)'
json 'abs(j["pnl"] - (19.02 + 85.14 + 318.8)) < 1e-9 and abs(j["cost_basis"] - 2370) < 1e-9'
# The book's sentiment: gross-weighted, the short's counted against the book.
json 'abs(j["sentiment"] - sum(abs(p["value"]) * (1 if p["quantity"] > 0 else -1) * p["sentiment_7d"] for p in j["positions"] if p["value"] is not None) / j["gross"]) < 1e-9'
json 'abs(j["sentiment_change"] - sum(abs(p["value"]) * (1 if p["quantity"] > 0 else -1) * p["sentiment_change"] for p in j["positions"] if p["sentiment_change"] is not None) / sum(abs(p["value"]) for p in j["positions"] if p["sentiment_change"] is not None)) < 1e-9'

# check.py text|panel: prints the figures of $JSON laid out as `portfolio
# list` prints them, or as the panel draws its book line, heading and
# position rows.
cat >"$T/check.py" <<'EOF'
import json, sys

j = json.loads(sys.stdin.read())
ps = j["positions"]


def f(fmt, v):
    return "-" if v is None else fmt % v


def text():
    row = "%-8s %12s %10s %10s %13s %12s %7s %7s %7s %5s"
    print(row % ("SYMBOL", "QUANTITY", "COST", "LAST", "VALUE ", "P&L", "WEIGHT", "SENT7D",
                 "CHANGE", "NEWS"))
    for p in ps:
        mark = {"market": " ", "cost": "*"}.get(p["basis"])
        print(row % (p["symbol"], "%.4g" % p["quantity"], f("%.2f", p["cost"]),
                     f("%.2f", p["last"]), "- " if mark is None else "%.2f%s" % (p["value"], mark),
                     f("%+.2f", p["pnl"]), f("%.1f%%", None if p["weight"] is None else p["weight"] * 100),
                     f("%+.2f", p["sentiment_7d"]), f("%+.2f", p["sentiment_change"]), p["news_24h"]))
    at_cost = [p["symbol"] for p in ps if p["basis"] == "cost"]
    print(("%-8s %12s %10s %10s %13s %12s %7s %7s %7s" % (
        "TOTAL", "", "", "", "%.2f%s" % (j["value"], "*" if at_cost else " "),
        f("%+.2f", j["pnl"]), "", f("%+.2f", j["sentiment"]), f("%+.2f", j["sentiment_change"]))))
    if at_cost:
        print("* no close, valued at cost: " + ", ".join(at_cost))
    none = [p["symbol"] for p in ps if p["basis"] is None]
    if none:
        print("no close and no cost, not valued: " + ", ".join(none))


def money(v, sign):
    a = abs(v)
    s = "-" if v < 0 else "+" if sign else ""
    if a >= 1e6:
        return "%s%.2fM" % (s, a / 1e6)
    if a >= 1e4:
        return "%s%.1fk" % (s, a / 1e3)
    return "%s%.0f" % (s, a)


def change(d):
    return ("^" if d > 0.005 else "v" if d < -0.005 else " ") + "%+.2f" % d


COLS = [("SYM", 6), ("QTY", 7), ("LAST", 9), ("VALUE ", 8), ("P&L", 8), ("WT", 5), ("7D", 6),
        ("CHG", 7), ("24H", 4)]


def line(cells):
    return (" " + " ".join(c.ljust(w)[:w] for c, (_, w) in zip(cells, COLS))).rstrip()


def panel():
    book = "Value %s%s " % (money(j["value"], 0), "*" if j["unpriced"] else "")
    book += "P&L %s (%+.1f%%) " % (money(j["pnl"], 1), 100 * j["pnl"] / j["cost_basis"])
    book += "Sentiment %+.2f %s  * at cost" % (j["sentiment"], change(j["sentiment_change"]))
    print(" " + book)
    print(line([h if i == 0 else h.rjust(w) for i, (h, w) in enumerate(COLS)]))
    for p in ps:
        mark = {"market": " ", "cost": "*"}.get(p["basis"])
        print(line([
            p["symbol"],
            "%7g" % p["quantity"],
            "" if p["last"] is None else "%9.2f" % p["last"],
            "" if mark is None else "%7s%s" % (money(p["value"], 0), mark),
            "" if p["pnl"] is None else "%8s" % money(p["pnl"], 1),
            "" if p["weight"] is None else "%4.0f%%" % (100 * p["weight"]),
            "%6s" % "-" if p["sentiment_7d"] is None else "%+6.2f" % p["sentiment_7d"],
            "" if p["sentiment_change"] is None else change(p["sentiment_change"]),
            "%4d" % p["news_24h"],
        ]))


text() if sys.argv[1] == "text" else panel()
EOF

expect_rc 0 bp portfolio list
want=$(python3 "$T/check.py" text <<<"$JSON")
[ "$OUT" = "$want" ] || fail "portfolio list and --json differ:
$OUT
--- wanted, from the JSON:
$want"

tui_start 100 30 "$BULLPEN" --db "$DB"
wait_for_text "[1 List]" 20
send 3
wait_for_text "[3 Portfolio]"
wait_for_text "TSLA"
want=$(python3 "$T/check.py" panel <<<"$JSON")
# The panel's book line, heading and positions, then TSLA: watched, held
# nothing, so no quantity, value, P&L or weight; NVDA is not listed twice.
got=$(screen | sed -n '2,8p' | sed 's/ *$//')
[ "$got" = "$want" ] || fail "the panel and portfolio list --json differ:
$got
--- wanted, from the JSON:
$want"
tsla=$(screen | sed -n '9p')
case "$tsla" in " TSLA   "*) ;; *) fail "watched TSLA after the positions: $tsla" ;; esac
[ -z "$(printf '%s' "${tsla:7:42}" | tr -d ' ')" ] || fail "a watched symbol has no position figures: $tsla"
[ "$(screen | grep -c ' NVDA ')" -eq 1 ] || fail "NVDA listed once"

send q
wait_for_exit
finish
