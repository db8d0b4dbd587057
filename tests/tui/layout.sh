#!/usr/bin/env bash
# Layout: whole screens compared with what they should be. Text wider than
# its column is cut with an ellipsis (headlines, feed names, tickers by
# whole symbols, the portfolio title, help lines, URLs in the feed view);
# the list's source column survives at 80 columns and widens at 200; the
# article header clips at 30x8 instead of wrapping; growing the terminal
# from 80x24 to 200x50 leaves the same screen as starting at 200x50. The
# demo carries one Tesla story in two feeds: one row, "+1".
# The demo store is built for a fixed time (BULLPEN_NOW) so its screens
# are the same on every run.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
export TZ=UTC BULLPEN_NOW=1764590400
"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
RUN=(env TZ=UTC BULLPEN_NOW=$BULLPEN_NOW "$BULLPEN" --db "$DB")

S80='[1 List] 2 Article  3 Portfolio   Articles: all articles
●  12-01 11:10 Earnings W… Alphabet misses first-quarter estimates … GOOGL -0.73
●  12-01 09:48 Market Wire JPMorgan margins expand as cost cuts p… JPM OPY +0.63
●  12-01 08:11 Global Mar… Exxon Mobil to report first-quarter re… XOM CVX +0.00
●  12-01 08:01 Sector Desk Exxon Mobil tops revenue forecasts; Pe… XOM CVX +0.54
●  12-01 07:34 Street Led… Meta Platforms wins major advertising con… META +0.59
●  12-01 05:37 Street Led… Chevron recalls products, takes $14.3 bill… CVX -0.61
●  12-01 05:17 Earnings W… JPMorgan (NYSE: JPM) drops as Goldman S… JPM GS -0.50
●  12-01 04:28 Sector Desk Bernstein upgrades Amazon to outperf… AMZN PIPR +0.61
●  12-01 02:42 Market Wire AMD cuts outlook, warns of weaker MI300 ac… AMD -0.74
●  11-30 11:37 Street Led… +1 Tesla misses first-quarter estima… TSLA AAPL -0.56
●  11-30 08:52 Earnings W… Tesla files annual report with the SEC     TSLA +0.00
●  11-30 07:44 Global Mar… Microsoft cuts outlook, warns of wea… MSFT PIPR -0.74
   11-29 10:19 Earnings W… Chevron and Exxon Mobil face off in re… CVX XOM +0.00
   11-29 05:49 Street Led… Goldman Sachs announces $9.4 billion bu… GS JPM +0.60
   11-28 11:57 Earnings W… Regulators open probe into Nvidia data-ce… NVDA -0.52
   11-28 10:34 Market Wire Alphabet shares jump 8% after recor… GOOGL META +0.65
   11-28 10:24 Earnings W… Tesla margins shrink as costs climb        TSLA -0.56
   11-28 09:42 Global Mar… Wedbush downgrades Tesla to underperform … TSLA -0.68
   11-28 05:59 Global Mar… Wedbush upgrades Nvidia to outperfor… NVDA PIPR +0.63
   11-28 05:02 Street Led… Oppenheimer upgrades Nvidia to outperform… NVDA +0.64
   11-28 04:55 Earnings W… Amazon shares slide 9% after disappo… AMZN MSFT -0.52
 all articles  12/3095 unread
demo store: add feeds with: bullpen feeds add URL'
S200=' Articles: all articles                                                                                         │ Article  (] claims, > tickers, o open link)
●  2025-12-01 11:10 Earnings Watch    Alphabet misses first-quarter estimates as Google Cloud sales… GOOGL -0.73│ 2025-12-01 11:10 Earnings Watch unread  https://demo.bullpen.invalid/earnings-watch/d…
●  2025-12-01 09:48 Market Wire       JPMorgan margins expand as cost cuts pay off                 JPM OPY +0.63│ Overall negative  -0.73  3 claims  1 ticker
●  2025-12-01 08:11 Global Markets D… Exxon Mobil to report first-quarter results next week: what… XOM CVX +0.00│  GOOGL  -0.88  negative            x2   rel 0.85
●  2025-12-01 08:01 Sector Desk       Exxon Mobil tops revenue forecasts; Permian growth beats Ch… XOM CVX +0.54│ Summary  Wedbush said the risks to earnings are skewed to the downside after the
●  2025-12-01 07:34 Street Ledger     Meta Platforms wins major advertising contract, analysts see u… META +0.59│          disappointing quarter. Management cut its full-year outlook, citing weaker
●  2025-12-01 05:37 Street Ledger     Chevron recalls products, takes $14.3 billion charge             CVX -0.61│          demand and rising costs. Investors worry that slowing growth and a costly
●  2025-12-01 05:17 Earnings Watch    JPMorgan (NYSE: JPM) drops as Goldman Sachs undercuts invest… JPM GS -0.50│          investment cycle will weigh on profits.
●  2025-12-01 04:28 Sector Desk       Bernstein upgrades Amazon to outperform, lifts targe… AMZN PIPR MSFT +0.61│───────────────────────────────────────────────────────────────────────────────────────
●  2025-12-01 02:42 Market Wire       AMD cuts outlook, warns of weaker MI300 accelerator demand       AMD -0.74│ Alphabet misses first-quarter estimates as Google Cloud sales slow
●  2025-11-30 11:37 Street Ledger     +1 Tesla misses first-quarter estimates as Model Y sales … TSLA AAPL -0.56│
●  2025-11-30 08:52 Earnings Watch    Tesla files annual report with the SEC                          TSLA +0.00│ Wedbush said the risks to earnings are skewed to the downside after the
●  2025-11-30 07:44 Global Markets D… Microsoft cuts outlook, warns of weaker Azure cloud demand MSFT PIPR -0.74│ disappointing quarter. Management cut its full-year outlook, citing weaker demand
 all articles  12/3095 unread                                                                                                                         demo store: add feeds with: bullpen feeds add URL
? help  / search  Tab pane  p trend  F feeds  q quit'
S30=' 1 List [2 Article] 3 Portfol…
 2025-12-01 11:10 Earnings Wa…
 Overall negative  -0.73  3 c…
──────────────────────────────
 Alphabet misses
 first-quarter estimates as
 all articles  12/3095 unread
demo store: add feeds with: b…'
F80=' Feeds: 5  (Enter filters the list, x full text on/off, r fetches now, q closes)
   ID  FEED        STATUS    FETCHED    UNREAD/TOTAL  NEXT    TEXT LAST ERROR …
    1  Market Wire ok        364d ago          2/640  in 15m       https://dem…
    2  Street Led… ok        364d ago          3/617  in 15m       https://dem…
    3  Sector Desk ok        364d ago          2/604  in 15m       https://dem…
    4  Global Mar… ok        364d ago          2/601  in 15m       https://dem…
    5  Earnings W… ok        364d ago          3/633  in 15m       https://dem…'

tui_start 80 24 "${RUN[@]}"
wait_for_text "unread"
settle
same "the list at 80x24" "$S80" "$(screen)"

# The feed view at 80 columns: names and URLs cut, unread/total per feed.
# (FETCHED says how long ago by the wall clock: it is left out.)
send F
wait_for_text "UNREAD/TOTAL"
settle
same "the feed view at 80x24" "$(sed 's/  *[0-9]*[smhd] ago/ AGE/' <<<"$F80")" \
    "$(screen | head -7 | sed 's/  *[0-9]*[smhd] ago/ AGE/')"
send q
wait_for_gone "UNREAD/TOTAL"

# Help lines longer than 80 columns end in an ellipsis, none wraps.
send '?'
wait_for_text "rebind with"
send G
wait_for_text "Research note on"
help=$(screen)
contains "$help" "…" "a help line cut with an ellipsis"
send q
wait_for_gone "rebind with"

# Growing to 200x50 draws what starting there draws.
tui_resize 200 50
wait_for_text "Portfolio & watchlist"
settle
same "after growing to 200x50" "$S200" "$(screen | sed -n '1,13p;49,50p')"
send q
wait_for_text "[exited 0]"

tui_respawn "${RUN[@]}"
tui_resize 200 50
wait_for_text "Portfolio & watchlist"
settle
same "the desk at 200x50" "$S200" "$(screen | sed -n '1,13p;49,50p')"

# The article at 30x8: every header line clipped to its row.
tui_resize 30 8
send 2
wait_for_text "[2 Article]"
settle
same "the article at 30x8" "$S30" "$(screen)"
send q
wait_for_text "[exited 0]"
finish
