/* Tests for the analyser: tickers, claims, sentiment, and what hostile or odd
 * input does to them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <math.h>

#include <cmocka.h>

#include "core/analyze.h"
#include "core/err.h"
#include "core/str.h"

static struct analyzer *an;

static int setup(void **state)
{
    (void)state;
    an = analyzer_new(NULL);
    return an ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    analyzer_free(an);
    return 0;
}

static const struct ticker_hit *find(const struct analysis *a, const char *sym)
{
    for (size_t i = 0; i < a->n_tickers; i++)
        if (!strcmp(a->tickers[i].symbol, sym)) return &a->tickers[i];
    return NULL;
}

static void run(const char *text, struct analysis *a)
{
    assert_int_equal(analyzer_run(an, text, strlen(text), 0, a), 0);
}

/* Character offset of byte offset b, decoding like the analyser does. */
static uint32_t chars_before(const char *s, size_t b)
{
    uint32_t n = 0;
    for (size_t i = 0; i < b;) {
        unsigned c = (unsigned char)s[i];
        size_t k = c < 0x80                 ? 1
                   : c >= 0xC2 && c <= 0xDF ? 2
                   : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4
                                            : 1;
        int ok = i + k <= b;
        for (size_t j = 1; ok && j < k; j++)
            ok = ((unsigned char)s[i + j] & 0xC0) == 0x80;
        i += ok ? k : 1;
        n++;
    }
    return n;
}

/* Every span of every hit covers exactly `want` in the text, with its
 * character offsets agreeing with its byte offsets. */
static void check_spans(const char *text, const struct ticker_hit *h, const char *want)
{
    assert_non_null(h);
    assert_true(h->n_spans > 0);
    for (size_t i = 0; i < h->n_spans; i++) {
        const struct span *s = &h->spans[i];
        assert_true(s->bend > s->bstart);
        assert_int_equal(s->start, chars_before(text, s->bstart));
        assert_int_equal(s->end, chars_before(text, s->bend));
        if (want) assert_memory_equal(text + s->bstart, want, strlen(want));
    }
}

static char *fixture(const char *name, size_t *len)
{
    const char *dir = getenv("BULLPEN_FIXTURES");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/fixtures", name);
    char *s = file_read_all(path, 1 << 20, len);
    assert_non_null(s);
    return s;
}

static void test_design_article(void **state)
{
    (void)state;
    size_t len;
    char *text = fixture("trainium.txt", &len);
    const char *nl = strstr(text, "\n\n");
    struct analysis a;
    assert_int_equal(analyzer_run(an, text, len, (size_t)(nl - text), &a), 0);
    const struct ticker_hit *amzn = find(&a, "AMZN"), *nvda = find(&a, "NVDA");
    assert_non_null(amzn);
    assert_non_null(nvda);
    assert_string_equal(amzn->name, "AMAZON COM INC");
    assert_true(amzn->relevance > nvda->relevance);
    assert_true(amzn->score > nvda->score);
    /* Amazon's news is good throughout: a chip 30% better for the price than
     * the rivals', savings of tens of billions, lower costs, more capacity */
    assert_string_equal(sentiment_label(amzn->score), "positive");
    /* the compared GPUs and Nvidia's grip on the market are what it beats */
    assert_true(nvda->score < 0.15);
    assert_string_equal(sentiment_label(a.score), "moderately positive");
    assert_true(a.score >= 0.17); /* clear of the label's lower edge, 0.15 */
    assert_true(a.score < 0.45);  /* and of its upper one, 0.5: the article hedges */
    int saw_30 = 0, saw_capex = 0;
    for (size_t i = 0; i < a.n_claims; i++) {
        const struct claim *c = &a.claims[i];
        char *t = xstrndup(text + c->span.bstart, c->span.bend - c->span.bstart);
        if (strstr(t, "30% better")) {
            saw_30 = 1;
            assert_int_equal(c->kind, CLAIM_FIGURE);
            assert_true(c->n_tickers >= 1);
            assert_string_equal(c->tickers[0], "AMZN");
        }
        if (strstr(t, "tens of billions")) {
            saw_capex = 1;
            assert_true(c->kind == CLAIM_FORECAST || c->kind == CLAIM_FIGURE);
        }
        assert_int_equal(c->span.start, chars_before(text, c->span.bstart));
        free(t);
    }
    assert_true(saw_30);
    assert_true(saw_capex);
    /* Curly possessive: the span is the name, without ’s. */
    check_spans(text, nvda, NULL);
    for (size_t i = 0; i < nvda->n_spans; i++) {
        const char *p = text + nvda->spans[i].bstart;
        assert_true(!strncmp(p, "Nvidia", 6) || !strncmp(p, "NVDA", 4));
        if (!strncmp(p, "Nvidia", 6))
            assert_int_equal(nvda->spans[i].bend - nvda->spans[i].bstart, 6);
    }
    analysis_free(&a);
    free(text);
}

static void test_ticker_forms(void **state)
{
    (void)state;
    struct analysis a;
    const char *t = "Chipmakers rallied: $NVDA jumped while Amazon.com Inc (NASDAQ: AMZN) and "
                    "NYSE:JPM lagged. Shopify (TSX: SHOP) and (LSE: ZZZQ) were flat; "
                    "Berkshire (NYSE: BRK.B) said nothing.";
    run(t, &a);
    check_spans(t, find(&a, "NVDA"), "$NVDA");
    check_spans(t, find(&a, "JPM"), NULL);
    check_spans(t, find(&a, "SHOP"), NULL);
    check_spans(t, find(&a, "BRK-B"), NULL);
    const struct ticker_hit *amzn = find(&a, "AMZN");
    assert_non_null(amzn);
    assert_int_equal(amzn->mentions, 2);
    assert_memory_equal(t + amzn->spans[0].bstart, "Amazon.com", 10);
    assert_int_equal(a.n_tickers, 5);
    analysis_free(&a);
}

static void test_bare_symbols(void **state)
{
    (void)state;
    struct analysis a;
    run("The CEO said IT budgets are ON track and ALL is well. A rally in AI stocks lifted "
        "GDP hopes.",
        &a);
    assert_int_equal(a.n_tickers, 0);
    analysis_free(&a);
    run("Shares of AAPL and MSFT rose on Tuesday.", &a);
    assert_non_null(find(&a, "AAPL"));
    assert_non_null(find(&a, "MSFT"));
    analysis_free(&a);
    /* Shouting headlines: upper-case words are not symbols there. */
    run("STOCKS SOAR AS FED CUTS RATES AND KEY BANKS RALLY", &a);
    assert_int_equal(a.n_tickers, 0);
    analysis_free(&a);
    /* One-letter symbols only in parentheses after the name. */
    run("Ford (F) and Citigroup (C) reported. F is a letter.", &a);
    assert_non_null(find(&a, "F"));
    assert_non_null(find(&a, "C"));
    assert_int_equal(find(&a, "F")->mentions, 1);
    analysis_free(&a);
}

/* Version 5: what is not a ticker (datelines, units, states, ordinary words,
 * a name in another sense) and the short names taken from legal names. */
static void test_ticker_precision(void **state)
{
    (void)state;
    struct analysis a;
    const char *none[] = {
        "NEW YORK (AP) -- Stocks drifted as traders in the U.S. and Washington, D.C. waited.",
        "The filing is 9 MB; the phone has 512 GB and the card 2 TB.",
        "Hospitals in MD and VA face shortages; a heat wave grips TX, OK and KS.",
        "FUN FACT: our HR team tried every TECH gadget.",
        "Apple orchards brace for a smaller harvest. The Amazon rainforest shrank.",
        "Drought strands boats on the Amazon River. Target dates slipped.",
        "The S&P 500 <.SPX> rose 1% and the index <.DJI> fell on Nov. 11.",
        "The UK and the EU agreed a deal with the US.",
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        run(none[i], &a);
        if (a.n_tickers) print_error("unexpected %s in: %s\n", a.tickers[0].symbol, none[i]);
        assert_int_equal(a.n_tickers, 0);
        analysis_free(&a);
    }
    /* strong forms still win: a cashtag, an exchange form, a Reuters code */
    run("$FUN and (NASDAQ: TECH) rose; Kellanova <K.N> and Shell <SHEL.L> fell.", &a);
    assert_non_null(find(&a, "FUN"));
    assert_non_null(find(&a, "TECH"));
    assert_non_null(find(&a, "K"));
    assert_non_null(find(&a, "SHEL"));
    analysis_free(&a);
    /* short forms of legal names */
    struct {
        const char *text, *sym;
    } names[] = {
        {"Agilent raised its outlook.", "A"},
        {"Teva Pharmaceutical Industries beat estimates.", "TEVA"},
        {"Acadia Pharma won approval.", "ACAD"},
        {"Jack Henry posted higher revenue.", "JKHY"},
        {"Molson Coors cut its forecast.", "TAP"},
        {"Chegg will cut jobs.", "CHGG"},
        {"Yext raised its forecast.", "YEXT"},
        {"Eventbrite shares sank.", "EB"},
        {"HP Inc. shares fell.", "HPQ"},
        {"Affirm said revenue rose.", "AFRM"},
        {"Hilton, Hyatt and Marriott were upgraded.", "H"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        run(names[i].text, &a);
        if (!find(&a, names[i].sym)) print_error("no %s in: %s\n", names[i].sym, names[i].text);
        assert_non_null(find(&a, names[i].sym));
        analysis_free(&a);
    }
    /* "HP Inc." is not Helmerich & Payne (HP) */
    run("HP Inc. shares fell.", &a);
    assert_null(find(&a, "HP"));
    analysis_free(&a);
    /* a relevance tie goes to the company named first */
    run("Coca-Cola and PepsiCo both rose.", &a);
    assert_int_equal(a.n_tickers, 2);
    assert_string_equal(a.tickers[0].symbol, "KO");
    analysis_free(&a);
    run("PepsiCo and Coca-Cola both rose.", &a);
    assert_string_equal(a.tickers[0].symbol, "PEP");
    analysis_free(&a);
}

/* Version 5: a company's score comes from the clauses about it; a broker
 * or source acting on another company is not scored by its news. */
static void test_company_scores(void **state)
{
    (void)state;
    struct analysis a;
    run("Morgan Stanley upgrades Apple to overweight.", &a);
    assert_true(find(&a, "AAPL")->score >= 0.15);
    assert_true(fabs(find(&a, "MS")->score) < 0.15);
    analysis_free(&a);
    run("Analysts at Goldman Sachs cut their rating on Tesla, citing weak demand.", &a);
    assert_true(find(&a, "TSLA")->score <= -0.15);
    assert_true(fabs(find(&a, "GS")->score) < 0.15);
    analysis_free(&a);
    run("Apple shares jumped 5%, while Microsoft fell 3%.", &a);
    assert_true(find(&a, "AAPL")->score >= 0.15);
    assert_true(find(&a, "MSFT")->score <= -0.15);
    analysis_free(&a);
    /* a target: a symbol, a known name, or any name matched as text */
    const char *t = "Apple shares jumped 5%, while Microsoft fell 3%.";
    assert_true(analyzer_score_target(an, t, strlen(t), "MSFT") <= -0.15);
    assert_true(analyzer_score_target(an, t, strlen(t), "Apple Inc") >= 0.15);
    const char *u = "Bitcoin slumped 10%, while gold rallied to a record.";
    assert_true(analyzer_score_target(an, u, strlen(u), "Bitcoin") <= -0.15);
    assert_true(analyzer_score_target(an, u, strlen(u), "gold") >= 0.15);
}

static void test_ambiguous_names(void **state)
{
    (void)state;
    struct analysis a;
    run("Target shoppers were out early. Block the exits. Visa rules changed.", &a);
    assert_int_equal(a.n_tickers, 0);
    analysis_free(&a);
    run("Target Corp said sales rose.", &a);
    assert_non_null(find(&a, "TGT"));
    analysis_free(&a);
    run("Target’s quarter was strong.", &a);
    check_spans("Target’s quarter was strong.", find(&a, "TGT"), "Target");
    analysis_free(&a);
    run("Target beat estimates. Shares of TGT rose.", &a);
    assert_int_equal(find(&a, "TGT")->mentions, 2);
    analysis_free(&a);
    run("Google and Facebook fought over ads while Nvidia's chips sold out.", &a);
    assert_non_null(find(&a, "GOOGL"));
    assert_non_null(find(&a, "META"));
    check_spans("Google and Facebook fought over ads while Nvidia's chips sold out.",
                find(&a, "NVDA"), "Nvidia");
    analysis_free(&a);
}

static double score(const char *s)
{
    return analyzer_score(an, s, strlen(s));
}

static void test_sentiment_rules(void **state)
{
    (void)state;
    assert_true(score("Apple beat estimates") >= 0.5);
    assert_true(score("Apple did not beat estimates") < -0.15);
    assert_true(score("Apple missed estimates") <= -0.5);
    assert_true(score("Operating costs rose sharply") < -0.15);
    assert_true(score("Net loss narrowed") > 0.1);
    assert_true(score("The bank cut its guidance") <= -0.5);
    assert_true(score("Analyst downgrade hits the stock") < -0.15);
    assert_true(score("Stranded costs weigh on the utility") < -0.15);
    assert_true(score("Margin expansion continued") >= 0.15);
    assert_true(score("Revenue rose, but the company cut its outlook") < 0);
    assert_true(score("Despite weak demand, profit rose sharply") > 0);
    assert_true(score("Sales rose slightly") < score("Sales rose"));
    assert_true(score("Sales rose sharply") > score("Sales rose"));
    assert_true(score("Sales may rise") < score("Sales rose"));
    assert_true(score("The meeting is on Tuesday at the headquarters") == 0);
    assert_true(score("Shares up 5%") > 0);
    assert_true(score("Shares -5% after the report") < 0);
    assert_true(fabs(score("set up a new office")) < 0.15);
    assert_string_equal(sentiment_label(-0.5), "negative");
    assert_string_equal(sentiment_label(-0.2), "moderately negative");
    assert_string_equal(sentiment_label(0.0), "neutral");
    assert_string_equal(sentiment_label(0.15), "moderately positive");
    assert_string_equal(sentiment_label(0.9), "positive");
    assert_string_equal(sentiment_label(-0.15), "moderately negative");
    assert_string_equal(sentiment_label(0.1499), "neutral");
    /* The band every colour, mark and filter uses is the labels' own. */
    assert_int_equal(sentiment_side(SENTIMENT_BAND), 1);
    assert_int_equal(sentiment_side(-SENTIMENT_BAND), -1);
    assert_int_equal(sentiment_side(0.1499), 0);
    assert_int_equal(sentiment_side(-0.1499), 0);
    for (double x = -1; x <= 1; x += 0.01) {
        int side = sentiment_side(x);
        const char *l = sentiment_label(x);
        assert_int_equal(side, strstr(l, "positive") ? 1 : strstr(l, "negative") ? -1 : 0);
    }
    for (const char *s = "Apple beat estimates"; s;) {
        struct analysis a;
        run(s, &a);
        assert_true(a.score == score(s));
        analysis_free(&a);
        s = NULL;
    }
}

/* A direction is signed by the quantity it moves: good ones (sales, profit)
 * keep its sign, bad ones (costs, losses) turn it round. */
/* Version 6: the register of news. A plain statement of results is polar
 * however many words of context a wire sentence wraps around it. */
static void test_news_results(void **state)
{
    (void)state;
    assert_true(score("In the three months to the end of September, Harwick Industries said net "
                      "sales fell 5% to $2.1 billion as demand for its office furniture weakened "
                      "in North America and Europe.") <= -0.15);
    assert_true(score("Operating profit at the Leeds-based packaging group more than doubled in "
                      "the first half, helped by lower energy bills and price increases pushed "
                      "through last year.") >= 0.15);
    assert_true(score("For the full year, the Ohio lender reported that net interest income rose "
                      "14% to $880 million on the back of higher average loan balances.") >= 0.15);
    /* stray words in a long sentence still count for little */
    assert_true(fabs(score("The chief executive, who joined from a strong rival last spring, "
                           "will speak at the annual investor day in London on Thursday.")) < 0.15);
}

/* Figures compared in either order, with any of the usual words. */
static void test_figure_comparisons(void **state)
{
    (void)state;
    assert_true(score("Revenue rose to $4.2 billion from $3.9 billion.") >= 0.15);
    assert_true(score("Adjusted EPS was $1.12 compared with $0.98 a year earlier.") >= 0.15);
    assert_true(score("Pretax profit was 41 million pounds versus 55 million pounds last "
                      "year.") <= -0.15);
    assert_true(score("Group revenue of 1.3 billion pounds was up from 1.1 billion pounds.") >=
                0.15);
    assert_true(score("Order intake was 310 million euros, down from 402 million euros.") <= -0.15);
    assert_true(score("The unit posted an operating profit of 575 million euros, more than the "
                      "275 million euros in the same period of last year.") >= 0.15);
    assert_true(score("Sales were $3 million, less than the $4 million a year earlier.") <= -0.15);
    /* a move's figure ends its reach: the next item is not its quantity */
    assert_true(score("Kestrel reports: Net sales: $1.38 billion; decrease of 25.7% Diluted loss "
                      "per share of $1.02") <= -0.15);
    /* a level in a forecast is no move */
    assert_true(score("Marlow cuts same-store sales outlook to up 1.3%-1.5% from up "
                      "1.5%-2.5%") <= -0.15);
    /* a figure, then its move after a comma */
    assert_true(score("Operating profit totalled $12 million, down 41% year on year.") <= -0.15);
    assert_true(score("Operating profit totalled $48 million, up 32% year on year.") >= 0.15);
    assert_true(score("Net sales in the Americas were down by a fifth.") <= -0.15);
    assert_true(score("Shares in Halden, one of the utilities affected, were 1.5% lower "
                      "following the news.") <= -0.15);
    assert_true(score("Shares of rooftop solar providers closed 20% to 27% higher on "
                      "Thursday.") >= 0.15);
    assert_true(fabs(score("Options making up more than half of the volume.")) < 0.15);
    /* an earlier forecast or a forecast of others is a base too */
    assert_true(score("Kestrel now expects full-year adjusted earnings of $4.10 to $4.25 per "
                      "share, up from its previous range of $3.90 to $4.05.") >= 0.15);
    assert_true(score("The company now expects full-year revenue of $2.0 billion, down from its "
                      "prior outlook of $2.2 billion.") <= -0.15);
    assert_true(score("Kestrel reported revenue of $5.24 billion, compared with analysts' average "
                      "estimate of $5.14 billion.") >= 0.15);
    assert_true(score("Revenue was $880 million, against a consensus forecast of $910 "
                      "million.") <= -0.15);
    assert_true(score("Kestrel Q3 adj. EPS 74 cents; consensus 86 cents") <= -0.15);
    assert_true(score("Kestrel sees FY revenue $4.1B-$4.3B, consensus $4.0B") >= 0.15);
    /* a year is no figure to compare */
    assert_true(fabs(score("Kestrel 2026 EPS consensus $6.12; revenue $42.2 bln")) < 0.15);
    assert_true(score("Quarterly revenue at the Denver software maker came in at $812 million, "
                      "down from $905 million in the same quarter a year earlier, the company "
                      "said in a filing on Tuesday.") <= -0.15);
}

/* From loss to profit and back. */
static void test_swings(void **state)
{
    (void)state;
    assert_true(score("Marlow Foods swung to a profit of $12 million in the second quarter.") >=
                0.15);
    assert_true(score("The Sheffield steelmaker turned a profit for the first time since "
                      "2019.") >= 0.15);
    assert_true(score("Brightwater Energy swung to a net loss of $40 million.") <= -0.15);
    assert_true(score("The insurer narrowed its loss to $8 million from $31 million.") >= 0.15);
    assert_true(score("The regional carrier slipped into the red in the winter quarter.") <= -0.15);
    assert_true(score("Halden Bank swung to a bigger-than-expected second-quarter net profit on "
                      "Wednesday.") >= 0.15);
    assert_true(score("The airline swung to a first-half loss of 80 million euros.") <= -0.15);
    assert_true(score("The miner swung back into the black.") >= 0.15);
    assert_true(score("The group returned to growth in the fourth quarter.") >= 0.15);
    assert_true(score("Kestrel shares were the biggest decliners on the index.") <= -0.15);
    assert_true(score("The biggest riser was Halden Bank, up 4%.") >= 0.15);
    assert_true(score("Utilities were the leading gainer on the index.") >= 0.15);
    assert_true(score("Retailers took the biggest hit after the data.") <= -0.15);
    /* a reason cannot undo a movers list */
    assert_true(score("Kestrel and Marlow were among the biggest losers as investors dumped the "
                      "growth stocks that drove the rally.") <= -0.15);
    assert_true(fabs(score("Kestrel and Marlow among gainers; Halden and Brightwater among "
                           "losers")) < 0.15);
}

/* A size against expectations: its sign is the news's only with what grew
 * or shrank. */
static void test_surprises(void **state)
{
    (void)state;
    assert_true(score("Kestrel posted a smaller-than-expected 27% drop in quarterly profit.") >=
                0.15);
    assert_true(score("The retailer reported a smaller-than-expected rise in net sales.") <= -0.15);
    assert_true(score("The carrier posted a lower-than-expected quarterly profit.") <= -0.15);
    assert_true(score("The insurer reported higher-than-expected costs.") <= -0.15);
    assert_true(score("The carmaker reported a bigger-than-expected loss.") <= -0.15);
    assert_true(score("Kestrel reported a smaller than expected loss.") >= 0.15);
}

/* Directions whose meaning depends on what falls: less debt, fewer errors
 * and defaults are good news. */
static void test_lower_is_better(void **state)
{
    (void)state;
    assert_true(score("The group cut its net debt to $1.2 billion.") >= 0.15);
    assert_true(score("Inventories declined 12% from a year earlier.") >= 0.15);
    assert_true(score("Loan defaults dropped for a third straight quarter.") >= 0.15);
    assert_true(score("Error rates at the plant fell by half.") >= 0.15);
    assert_true(score("Unemployment fell to 3.9%.") >= 0.15);
    assert_true(score("Operating costs rose 9% in the period.") <= -0.15);
    assert_true(score("Energy bills fell sharply for the grocer.") >= 0.15);
    assert_true(score("The airline carried fewer passengers in March than a year earlier.") <=
                -0.15);
    assert_true(score("There were fewer defaults in the quarter.") >= 0.15);
    assert_true(fabs(score("Fewer than 100 shareholders attended the meeting.")) < 0.15);
}

/* Names, products and boilerplate whose words say nothing of the news. */
static void test_names_and_boilerplate(void **state)
{
    (void)state;
    const char *quiet[] = {
        "The company declined to comment.",
        "A spokeswoman for the bank did not respond to a request for comment.",
        "The Strong Growth Fund bought 1,000 shares in March.",
        "Sales of cold cuts and cheese were flat in the quarter.",
        "Advanced Micro Devices will present at the conference on Thursday.",
        "General Electric will hold its annual meeting on May 4.",
        "Best Buy opened two stores in Texas.",
        "This release contains forward-looking statements within the meaning of the Safe Harbor "
        "provisions, which involve risks and uncertainties.",
        "Actual results could differ materially from those described in forward-looking "
        "statements.",
        "Kestrel has 212 million shares outstanding.",
        "The dividend is payable to shareholders of record on June 3.",
    };
    for (size_t i = 0; i < sizeof quiet / sizeof *quiet; i++) {
        double s = score(quiet[i]);
        if (fabs(s) >= 0.1) fail_msg("%s: %.3f", quiet[i], s);
    }
    /* the words keep their sense outside a name */
    assert_true(score("Strong growth in cloud sales lifted the shares.") >= 0.15);
    assert_true(score("Hedge Funds Are Selling Kestrel Corp") <= -0.15);
}

/* Idioms where a negator stresses or a negated worry is good news. */
static void test_idioms(void **state)
{
    (void)state;
    assert_true(score("I have never been more bullish on this stock.") >= 0.35);
    assert_true(score("We couldn't be happier with the quarter.") >= 0.15);
    assert_true(score("Chip supply is no longer a concern for the carmaker.") >= 0.15);
    assert_true(score("Not bad for a quarter with two fewer selling days.") >= 0.15);
    assert_true(score("The outlook has never looked better, the chairman said.") >= 0.15);
    assert_true(score("Kestrel shakes off a bear call from a rival broker.") >= 0.15);
    assert_true(score("Rate cut fails to stop the sell-off in bank shares.") <= -0.15);
    assert_true(score("Regulators give the new drug a thumbs down.") <= -0.15);
    assert_true(score("A jury found Kestrel liable for $7 billion in punitive damages.") <= -0.15);
    /* plain negation still denies */
    assert_true(score("The results were not strong.") < 0);
    assert_true(score("We are not bullish on the shares.") <= -0.15);
}

/* Business won: a contract, an order, a tender. */
static void test_business_won(void **state)
{
    (void)state;
    assert_true(score("The company won a five-year contract to supply signalling equipment to "
                      "the Danish rail operator.") >= 0.15);
    assert_true(score("Kestrel secured orders worth $80 million from two utilities.") >= 0.15);
    assert_true(score("The shipyard's order is the largest in its history.") >= 0.15);
    /* business won is more than a loose "won" */
    assert_true(score("Kestrel won a contract.") > score("Kestrel won."));
}

/* Favourable comparisons measured by a figure, and savings of an amount. */
static void test_comparisons_and_savings(void **state)
{
    (void)state;
    assert_true(score("The new accelerator offers 30% better price performance than rival "
                      "chips.") >= 0.35);
    assert_true(score("The merger will save $300 million a year in costs.") >= 0.35);
    assert_true(score("The plan could save tens of billions of dollars in capital spending.") >=
                0.15);
    assert_true(score("The new engine is three times faster than the old one.") >= 0.15);
    /* a favourable comparison is unfavourable to what it is compared with */
    struct analysis a;
    run("Kestrel says its new chip offers 30% better price performance than Nvidia's.", &a);
    const struct ticker_hit *nvda = find(&a, "NVDA");
    assert_non_null(nvda);
    assert_true(nvda->score < 0);
    analysis_free(&a);
}

/* A company's score gathers its sentences: several that agree are surer
 * news than one, and ones that disagree cancel. */
static void test_company_evidence(void **state)
{
    (void)state;
    struct analysis a;
    run("Nvidia raised its dividend.", &a);
    assert_non_null(find(&a, "NVDA"));
    double one = find(&a, "NVDA")->score;
    assert_true(fabs(one - a.score) < 1e-9); /* one sentence: its own score */
    analysis_free(&a);
    run("Nvidia raised its dividend. Nvidia also said orders rose 12%. Nvidia cut its debt.", &a);
    const struct ticker_hit *h = find(&a, "NVDA");
    assert_non_null(h);
    assert_true(h->score > one);
    assert_true(h->score >= 0.5);
    analysis_free(&a);
    run("Nvidia raised its dividend. Nvidia said orders fell 12%.", &a);
    h = find(&a, "NVDA");
    assert_non_null(h);
    assert_true(fabs(h->score) < 0.15);
    analysis_free(&a);
}

/* Cues that combine: each bad piece of news adds, none turns another round. */
static void test_cue_combinations(void **state)
{
    (void)state;
    assert_true(score("Kestrel sees Q2 EPS below consensus.") <= -0.15);
    assert_true(score("Kestrel withdraws guidance.") <= -0.15);
    assert_true(score("Kestrel pulls its full-year outlook.") <= -0.15);
    double both = score("Kestrel sees Q2 below consensus, withdraws guidance.");
    assert_true(both <= -0.5);
    assert_true(both <= score("Kestrel sees Q2 EPS below consensus."));
    assert_true(score("Kestrel beats estimates, raises guidance.") >= 0.5);
    assert_true(score("Kestrel misses estimates, cuts guidance.") <= -0.5);
    assert_true(score("Quarterly results sailed past analysts' estimates.") >= 0.35);
    /* "even as" concedes like "despite" */
    assert_true(score("Kestrel reported better-than-expected profit even as expenses soared.") >=
                0.15);
}

/* Price targets: cuts are bad news, raises good, however abbreviated. */
static void test_price_targets(void **state)
{
    (void)state;
    assert_true(score("Barclays cuts price target on Kestrel to $40.") <= -0.15);
    assert_true(score("Jefferies lowers PT to $40.") <= -0.15);
    assert_true(score("Kestrel PT cut to $31 at Wedbush.") <= -0.15);
    assert_true(score("Citi raises price target on Kestrel to $60 from $52.") >= 0.15);
    assert_true(score("Stifel lifts PT on Kestrel to $75.") >= 0.15);
    assert_true(score("Kestrel price target raised to $75 at Stifel.") >= 0.15);
}

/* A loss per share, or a result below zero, is a loss. */
static void test_negative_results(void **state)
{
    (void)state;
    assert_true(score("Kestrel reports EPS of -$0.12.") <= -0.15);
    assert_true(score("Kestrel Q3 EPS -$0.07, revenue $41.2M") <= -0.15);
    assert_true(score("Kestrel posts a loss per share of $0.12.") <= -0.15);
    assert_true(score("Kestrel reported a net loss of $0.08 per share.") <= -0.15);
    /* a smaller loss than expected is a beat */
    assert_true(score("Kestrel Q3 EPS -$0.12 vs. -$0.20 est.") >= 0.15);
    /* a minus that is no sign */
    assert_true(fabs(score("The 2024-2025 season starts in May.")) < 0.15);
}

static void test_quantity_moves(void **state)
{
    (void)state;
    assert_true(score("Operating income rose to $131 million") >= 0.15);
    assert_true(score("Operating income fell to $62 million") <= -0.15);
    assert_true(score("Costs rose 12%") <= -0.15);
    assert_true(score("Costs fell 12%") >= 0.15);
    assert_true(score("The net loss narrowed to $21 million") >= 0.15);
    assert_true(score("The net loss widened to $127 million") <= -0.15);
    assert_true(score("Unemployment fell to 3.9%") >= 0.15);
    assert_true(score("Jobless claims fall to lowest in six months") > 0);
    /* the object of a verb, the quantity after an adjective or "in" */
    assert_true(score("The company cut 350 jobs") <= -0.15);
    assert_true(score("The company cut its debt") >= 0.15);
    assert_true(score("Rising costs squeezed the company") < -0.15);
    assert_true(score("The group reported a decrease of 17% in operating profit") <= -0.15);
    assert_true(score("Inventories grew to $950 million") < -0.15);
    /* "up"/"down" move only before a figure, possibly hedged or in money */
    assert_true(score("Comparable sales were up 6.3% in the period") >= 0.15);
    assert_true(score("Revenue was down $140 million") <= -0.15);
    assert_true(score("Energy sector down nearly 3% this week") < -0.15);
    /* a quantity whose moves take no side: a central bank's rate */
    assert_true(fabs(score("The central bank cut its key interest rate by 25 basis points")) < 0.2);
    assert_true(fabs(score("Mexico's central bank cut its key interest rate")) < 0.2);
}

/* Version 4: directions that judge, amounts taken "from" a quantity,
 * moves without figures, lower-is-better ratios, plans and lists. */
static void test_finance_phrasing(void **state)
{
    (void)state;
    /* "improved"/"worsened" judge: a bad quantity does not turn them round */
    assert_true(score("The cost-to-income ratio improved to 45%") >= 0.15);
    assert_true(score("Losses worsened in the quarter") <= -0.15);
    assert_true(score("Credit quality deteriorated") <= -0.15);
    /* lower-is-better ratios are bad quantities */
    assert_true(score("The cost-to-income ratio rose to 52% from 45%") <= -0.15);
    assert_true(score("The combined ratio fell to 94%") >= 0.15);
    /* "taxes" inside "earnings before interest and taxes" is not the quantity */
    assert_true(score("Earnings before interest and taxes rose to $50 million") >= 0.15);
    assert_true(score("Earnings before interest and taxes fell 8%") <= -0.15);
    /* an amount taken from a quantity */
    assert_true(score("The company will cut $2 bn from its costs") >= 0.15);
    assert_true(score("The plan could trim 300 basis points from data-center costs") >= 0.15);
    /* "up"/"down" after a quantity or before a figure; "up to" starts an amount */
    assert_true(score("Akers Biosciences up 62% on vaccine data") >= 0.15);
    assert_true(score("Bristol-Myers shares up after FDA nod") >= 0.15);
    assert_true(score("Sales down in May") <= -0.15);
    assert_true(fabs(score("Revenue of up to $5 million is expected")) < 0.15);
    assert_true(score("The housing market index ticks down in November") <= -0.15);
    /* restructuring: job cuts under a savings plan are mildly bad, the plan's
     * name is not a move of costs */
    double r = score("The company will cut 120 jobs as part of a cost-reduction plan");
    assert_true(r <= -0.15 && r > -0.6);
    assert_true(score("Lowe's says it will shut 34 stores in Canada") <= -0.15);
    assert_true(score("Apple closing all China stores") <= -0.15);
    assert_true(score("Amazon to create 500 new jobs in Mississippi") >= 0.15);
    /* fund flows and movers lists; a list of both is a neutral roundup */
    assert_true(score("Hedge Funds Are Selling Franks International") <= -0.15);
    assert_true(score("Hedge Funds Are Betting On Aduro BioTech") >= 0.15);
    assert_true(score("UBER, NLOK among premarket gainers") >= 0.15);
    assert_true(score("ACB, MYGN among premarket losers") <= -0.15);
    assert_true(fabs(score("Acme leads healthcare gainers; Foo and Bar among losers")) < 0.15);
    /* a clause of cause explains the move before it and cannot undo it */
    assert_true(score("Airline stocks fall as oil prices surge") <= -0.15);
    assert_true(score("Oil tumbles as U.S. gasoline supplies rise") <= -0.15);
    assert_true(score("Shares fall as demand weakens") <= -0.3);
    assert_true(score("Shares rise on strong demand") >= 0.3);
    /* raising money is routine; declaring the usual dividend too, raising it is news */
    assert_true(fabs(score("Paytm raises $1 billion in fresh funding")) < 0.15);
    assert_true(fabs(score("The company raised $200 million in a stock offering")) < 0.15);
    assert_true(fabs(score("The board declared a quarterly dividend of 50 cents a share")) < 0.15);
    assert_true(score("Acme raised its dividend") >= 0.15);
    /* the end of a matter that troubled a company; losses won back */
    assert_true(score("French regulator ends probe into supermarket Casino") >= 0.15);
    assert_true(score("S&P 500 erases losses") >= 0.15);
    assert_true(score("Energy up as commodities recoup some losses") >= 0.15);
    assert_true(score("U.S. claims for jobless benefits fall to lowest since April") >= 0.15);
    assert_true(score("IHS Markit reduces global recession probability") >= 0.15);
    /* levels over N months or years, small moves, sector roundups */
    assert_true(score("Sterling hits a seven-month high") >= 0.15);
    assert_true(score("The stock fell to a 3-month low") <= -0.15);
    assert_true(score("Asian markets inch up ahead of U.S. jobs report") >= 0.15);
    assert_true(score("Materials up after trade comments") >= 0.15);
    assert_true(score("Energy costs rose 5%") <= -0.15);
    /* results in line with guidance are neutral */
    assert_true(fabs(score("Results were in line with guidance")) < 0.15);
}

/* Figures compared with a base show a direction of their own. */
static void test_figure_trends(void **state)
{
    (void)state;
    assert_true(score("Operating income was $158 million, up from $113 million.") >= 0.15);
    assert_true(score("Operating income was $9 million, down from $53 million.") <= -0.15);
    assert_true(score("New orders were $2.01 billion against $1.60 billion a year ago.") >= 0.15);
    assert_true(score("Net income was $93 million, compared with a loss of $22 million a year "
                      "earlier.") >= 0.15);
    assert_true(
        score("The operating loss was $43 million, compared with a profit of $19 million.") <=
        -0.15);
    assert_true(
        score("The pretax loss came to $72 million, compared with a loss of $21 million.") <=
        -0.15);
    assert_true(
        score("The pretax loss came to $12 million, compared with a loss of $21 million.") >= 0.15);
    assert_true(score("Kestrel swung to an operating profit of $32 million after a loss of $15 "
                      "million a year ago.") >= 0.15);
    assert_true(score("Q3 sales $5.17 bln vs. $5.40 bln a year ago") <= -0.15);
    assert_true(score("Sales rose from $5 million to $7 million") >= 0.15);
    /* units: 80 cents is less than a dollar */
    assert_true(score("Price target raised to $1.00 from 80 cents") >= 0.15);
    /* a figure alone, or the same as before, is no news */
    assert_true(fabs(score("Net sales were $2.4 billion in 2025.")) < 0.15);
    assert_true(fabs(score("Earnings per share were 35 cents, the same as a year earlier.")) <
                0.15);
    assert_true(fabs(score("Operating income was $50 million, compared with $50 million.")) < 0.15);
}

/* Results against expectations, and moves against them. */
static void test_expectations(void **state)
{
    (void)state;
    assert_true(score("DaVita tops Q4 earnings estimates") >= 0.4);
    assert_true(score("Taubman Centers tops Q4 FFO and revenue estimates") >= 0.4);
    assert_true(score("Yum Brands misses same-store sales, profit estimates") <= -0.4);
    assert_true(score("Net sales fell short of the company's own forecast") <= -0.4);
    assert_true(score("Revenue came in slightly below estimates") < -0.15);
    assert_true(score("Revenue came in slightly below estimates") >
                score("Revenue came in below estimates"));
    assert_true(score("Savings reached $200 million, ahead of schedule") >= 0.15);
    assert_true(fabs(score("Results were in line with expectations")) < 0.15);
    /* "rose less than forecast" is a disappointment */
    assert_true(score("Productivity rose less than forecast in the fourth quarter") < -0.15);
    assert_true(score("Housing starts fell less than expected") > 0.15);
    assert_true(score("Exports fell more than expected") < score("Exports fell"));
    assert_true(score("Factory orders rise more than forecast") > score("Factory orders rise"));
}

/* Analyst actions: the action decides, whatever ratings it names. */
static void test_analyst_actions(void **state)
{
    (void)state;
    assert_true(score("Canada Goose downgraded to buy from strong buy at CFRA") <= -0.15);
    assert_true(score("Analysts at Stanwick upgraded the stock to buy from hold") >= 0.4);
    assert_true(score("Raymond Capital initiated coverage with an outperform rating") >= 0.15);
    assert_true(score("Initiated at underperform by Carver Partners") <= -0.15);
    assert_true(score("Morgan raises its price target on the shares to $85 from $70") >= 0.15);
    assert_true(score("Citi raises PT on Nu Skin") >= 0.15);
    assert_true(score("Price target cut to $31 from $38 at Hollis Securities") <= -0.15);
    assert_true(fabs(score("Hadley reiterates hold on Corvin")) < 0.15);
    assert_true(fabs(score("Kemble starts coverage of the insurer at neutral")) < 0.15);
}

/* Plain corporate facts stay neutral however upbeat their words. */
static void test_neutral_statements(void **state)
{
    (void)state;
    const char *facts[] = {
        "Kestrel Systems signed a contract with the city of Phoenix to supply software.",
        "The merger still requires clearance from the Federal Trade Commission.",
        "The company will report second-quarter results on Aug. 7.",
        "The contract includes an option for five more vessels.",
        "Dana Whitfield has been named chief financial officer, effective March 1.",
        "Harbor Logistics to buy a Texas freight broker",
        "Prairie Energy sets record date for dividend",
    };
    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++)
        assert_true(fabs(score(facts[i])) < 0.2);
    /* the same words in a long sentence weigh less than in a short one */
    assert_true(score("Strong demand lifted sales") >
                score("Strong demand lifted sales, the company said in a statement released to "
                      "the New York Stock Exchange on Tuesday morning after the close"));
}

static void check_claim(const char *text, const struct claim *c, const char *want)
{
    size_t n = strlen(want);
    assert_int_equal(c->span.bend - c->span.bstart, n);
    assert_memory_equal(text + c->span.bstart, want, n);
    assert_int_equal(c->span.start, chars_before(text, c->span.bstart));
    assert_int_equal(c->span.end, chars_before(text, c->span.bend));
}

/* A claim is a clause: split at ";", ", but", ", while", ", and" + subject. */
static void test_claim_clauses(void **state)
{
    (void)state;
    struct analysis a;
    const char *t1 = "Revenue rose 8% to $4.2 billion; margins narrowed to 31%.";
    run(t1, &a);
    assert_int_equal(a.n_claims, 2);
    check_claim(t1, &a.claims[0], "Revenue rose 8% to $4.2 billion");
    check_claim(t1, &a.claims[1], "margins narrowed to 31%.");
    assert_true(a.claims[0].score > 0.15 && a.claims[1].score < -0.15);
    analysis_free(&a);

    const char *t2 = "Nvidia remains the leader, and its shares have rallied 40% this year, but "
                     "the company could face pricing pressure.";
    run(t2, &a);
    assert_int_equal(a.n_claims, 3);
    check_claim(t2, &a.claims[0], "Nvidia remains the leader");
    check_claim(t2, &a.claims[1], "its shares have rallied 40% this year");
    check_claim(t2, &a.claims[2], "the company could face pricing pressure.");
    assert_int_equal(a.claims[0].kind, CLAIM_COMPARISON);
    assert_int_equal(a.claims[1].kind, CLAIM_FIGURE);
    assert_int_equal(a.claims[2].kind, CLAIM_FORECAST);
    assert_true(a.claims[1].score > 0.15 && a.claims[2].score < 0);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(a.claims[i].n_tickers, 1);
        assert_string_equal(a.claims[i].tickers[0], "NVDA");
    }
    analysis_free(&a);

    const char *t3 = "Sales rose 5% in Europe, while costs fell 3% in the quarter.";
    run(t3, &a);
    assert_int_equal(a.n_claims, 2);
    check_claim(t3, &a.claims[1], "costs fell 3% in the quarter.");
    analysis_free(&a);

    /* a list is not a new clause; nor is a short piece */
    run("Microsoft, Alphabet, and Amazon together account for 60% of the market.", &a);
    assert_int_equal(a.n_claims, 1);
    analysis_free(&a);
    run("Sales rose 5%, and costs too.", &a);
    assert_int_equal(a.n_claims, 1);
    analysis_free(&a);
}

/* A single newline ends a headline or list item, not wrapped prose. */
static void test_newlines(void **state)
{
    (void)state;
    struct analysis a;
    const char *t1 = "Shares Jump After Results Beat Forecasts\nRevenue rose 12% to $4 billion.";
    run(t1, &a);
    assert_int_equal(a.n_claims, 1);
    check_claim(t1, &a.claims[0], "Revenue rose 12% to $4 billion.");
    analysis_free(&a);

    const char *t2 = "The company said that revenue for the third quarter of the year rose by 12% "
                     "to\n$4 billion, helped by new customers in the United States and in\nEurope.";
    run(t2, &a);
    assert_int_equal(a.n_claims, 1);
    assert_int_equal(a.claims[0].span.bstart, 0);
    assert_int_equal(a.claims[0].span.bend, strlen(t2));
    analysis_free(&a);

    const char *t3 = "Quarter in brief\n- Revenue up 12%\n- Margins down 2 points\n";
    run(t3, &a);
    assert_int_equal(a.n_claims, 2);
    check_claim(t3, &a.claims[0], "Revenue up 12%");
    check_claim(t3, &a.claims[1], "Margins down 2 points");
    assert_true(a.claims[0].score > 0.15 && a.claims[1].score < -0.15);
    analysis_free(&a);
}

static void test_claims(void **state)
{
    (void)state;
    struct analysis a;
    run("Revenue rose 12% to $4.2 billion. The company expects growth to slow next year. "
        "Analysts at Morgan Stanley said demand was firm. The chip is faster than rivals. "
        "The weather was nice.",
        &a);
    assert_int_equal(a.n_claims, 4);
    assert_int_equal(a.claims[0].kind, CLAIM_FIGURE);
    assert_int_equal(a.claims[1].kind, CLAIM_FORECAST);
    assert_int_equal(a.claims[2].kind, CLAIM_ATTRIBUTED);
    assert_int_equal(a.claims[3].kind, CLAIM_COMPARISON);
    assert_int_equal(a.claims[2].n_tickers, 1);
    assert_string_equal(a.claims[2].tickers[0], "MS");
    assert_string_equal(claim_kind_name(CLAIM_COMPARISON), "comparison");
    analysis_free(&a);
    run("It could cut several hundred basis points from costs.", &a);
    assert_int_equal(a.n_claims, 1);
    analysis_free(&a);
}

static void test_utf8_edges(void **state)
{
    (void)state;
    struct analysis a;
    /* NBSP, emoji, curly quotes, invalid bytes and a stray continuation byte
     * before the names: character offsets must still line up. */
    const char *t =
        "\xF0\x9F\x9A\x80 \xE2\x80\x9C"
        "Big day\xE2\x80\x9D \xFF\xFE\x80 "
        "Nvidia\xC2\xA0(NASDAQ:\xC2\xA0NVDA) and Apple\xE2\x80\x99s iPhone \xE2\x80\x94 "
        "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC"
        " Tesla\xC3";
    run(t, &a);
    check_spans(t, find(&a, "NVDA"), NULL);
    check_spans(t, find(&a, "AAPL"), "Apple");
    check_spans(t, find(&a, "TSLA"), "Tesla");
    const struct ticker_hit *tsla = find(&a, "TSLA");
    assert_int_equal(tsla->spans[0].end - tsla->spans[0].start, 5);
    analysis_free(&a);
}

static void test_hostile_inputs(void **state)
{
    (void)state;
    size_t n = 10u << 20;
    char *big = malloc(n);
    assert_non_null(big);
    /* 10 MB of mixed junk: NULs, escape sequences, long words, all caps. */
    static const char *const parts[] = {"\x1b[31mAMAZON BEATS\x1b[0m ",
                                        "NVDA ",
                                        "$AAPL ",
                                        "\0\0\0",
                                        "(NASDAQ: ",
                                        "))))((((",
                                        "Costs rose. ",
                                        "\xff\xfe",
                                        "...",
                                        "Nvidia’s ",
                                        "$$$$",
                                        "-5% ",
                                        "a",
                                        "\n\n"};
    size_t np = sizeof parts / sizeof parts[0];
    unsigned seed = 7;
    for (size_t i = 0; i < n;) {
        seed = seed * 1103515245u + 12345u;
        size_t k = (seed >> 16) % np;
        size_t l = k == 3 ? 3 : strlen(parts[k]);
        if (k == 12) l = 1 + (seed >> 8) % 3000; /* a long "word" */
        for (size_t j = 0; j < l && i < n; j++, i++)
            big[i] = k == 12 ? 'a' : parts[k][j];
    }
    struct analysis a;
    assert_int_equal(analyzer_run(an, big, n, 100, &a), 0);
    assert_true(a.score >= -1 && a.score <= 1);
    for (size_t i = 0; i < a.n_tickers; i++)
        for (size_t k = 0; k < a.tickers[i].n_spans; k++)
            assert_true(a.tickers[i].spans[k].bend <= n);
    assert_non_null(find(&a, "AAPL"));
    analysis_free(&a);
    /* One 10 MB upper-case "sentence" with no spaces or stops at all. */
    memset(big, 'A', n);
    assert_int_equal(analyzer_run(an, big, n, 0, &a), 0);
    assert_int_equal(a.n_tickers, 0);
    analysis_free(&a);
    /* All caps words with spaces. */
    for (size_t i = 0; i + 5 <= n; i += 5)
        memcpy(big + i, "NVDA ", 5);
    assert_int_equal(analyzer_run(an, big, n, 0, &a), 0);
    analysis_free(&a);
    free(big);
    assert_int_equal(analyzer_run(an, "", 0, 0, &a), 0);
    assert_int_equal(a.n_tickers, 0);
    assert_true(a.score == 0);
    analysis_free(&a);
}

static void test_user_aliases(void **state)
{
    (void)state;
    char path[] = "/tmp/bullpen-aliases-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *body = "# mine\nAcme Rockets = ACME\nBig Blue = IBM\n";
    assert_int_equal(write(fd, body, strlen(body)), (ssize_t)strlen(body));
    close(fd);
    struct analyzer *mine = analyzer_new(path);
    assert_non_null(mine);
    struct analysis a;
    const char *t = "Acme Rockets and Big Blue both rose.";
    assert_int_equal(analyzer_run(mine, t, strlen(t), 0, &a), 0);
    assert_int_equal(a.n_tickers, 2);
    assert_string_equal(analyzer_symbol_name(mine, "ACME"), "Acme Rockets");
    analysis_free(&a);
    analyzer_free(mine);

    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("Good = GOOD\nno equals sign here\n", f);
    fclose(f);
    assert_null(analyzer_new(path));
    assert_non_null(strstr(err_msg(), ":2:"));
    unlink(path);
    /* A missing file is not an error: the user simply has none. */
    struct analyzer *none = analyzer_new("/nonexistent/bullpen/aliases");
    assert_non_null(none);
    analyzer_free(none);
    assert_non_null(analyzer_symbol_name(an, "AAPL"));
    assert_null(analyzer_symbol_name(an, "ZZZZZZ"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_design_article),
        cmocka_unit_test(test_ticker_forms),
        cmocka_unit_test(test_bare_symbols),
        cmocka_unit_test(test_ambiguous_names),
        cmocka_unit_test(test_sentiment_rules),
        cmocka_unit_test(test_claims),
        cmocka_unit_test(test_utf8_edges),
        cmocka_unit_test(test_hostile_inputs),
        cmocka_unit_test(test_user_aliases),
        cmocka_unit_test(test_quantity_moves),
        cmocka_unit_test(test_finance_phrasing),
        cmocka_unit_test(test_figure_trends),
        cmocka_unit_test(test_expectations),
        cmocka_unit_test(test_analyst_actions),
        cmocka_unit_test(test_neutral_statements),
        cmocka_unit_test(test_claim_clauses),
        cmocka_unit_test(test_newlines),
        cmocka_unit_test(test_ticker_precision),
        cmocka_unit_test(test_company_scores),
        cmocka_unit_test(test_news_results),
        cmocka_unit_test(test_figure_comparisons),
        cmocka_unit_test(test_swings),
        cmocka_unit_test(test_lower_is_better),
        cmocka_unit_test(test_names_and_boilerplate),
        cmocka_unit_test(test_idioms),
        cmocka_unit_test(test_cue_combinations),
        cmocka_unit_test(test_price_targets),
        cmocka_unit_test(test_negative_results),
        cmocka_unit_test(test_comparisons_and_savings),
        cmocka_unit_test(test_company_evidence),
        cmocka_unit_test(test_surprises),
        cmocka_unit_test(test_business_won),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
