/* Tests for the analyser: the design article, company scores, claims,
 * sentiment rules, and what hostile or odd input does to it. Tickers are in
 * test_analyze_tickers.c, the register of news in test_analyze_news.c. */
#include <math.h>
#include <unistd.h>

#include "analyze_test.h"
#include "core/err.h"

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
    /* Version 7: a source named as text is not the subject either */
    const char *v = "It reported a profit of 18 cents, beating estimates by a wide margin, "
                    "according to data from Refinitiv.";
    assert_true(fabs(analyzer_score_target(an, v, strlen(v), "Refinitiv")) < 0.15);
    const char *w = "Car sales at Renault slumped in the first half, said Tom Reed, an analyst "
                    "at Kestrel Research.";
    assert_true(analyzer_score_target(an, w, strlen(w), "Renault") <= -0.15);
    assert_true(fabs(analyzer_score_target(an, w, strlen(w), "Kestrel Research")) < 0.15);
    const char *u = "Bitcoin slumped 10%, while gold rallied to a record.";
    assert_true(analyzer_score_target(an, u, strlen(u), "Bitcoin") <= -0.15);
    assert_true(analyzer_score_target(an, u, strlen(u), "gold") >= 0.15);
    /* Version 7: clauses by company in headlines and wire sentences */
    struct {
        const char *text, *pos, *neg;
    } pairs[] = {
        {"Apple beats estimates; Microsoft shares fall.", "AAPL", "MSFT"},
        {"Apple beats estimates, Microsoft shares fall", "AAPL", "MSFT"},
        {"GM reported a 24% jump in quarterly sales while Toyota sales declined 7%.", "GM", "TM"},
        {"While AMD grew its market share quickly, rival Intel saw its share slip.", "AMD", "INTC"},
        {"Nvidia shares rose 4% after Citi raised its price target, while AMD fell 2%.", "NVDA",
         "AMD"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        run(pairs[i].text, &a);
        const struct ticker_hit *p = find(&a, pairs[i].pos), *n = find(&a, pairs[i].neg);
        assert_non_null(p);
        assert_non_null(n);
        if (p->score < 0.15 || n->score > -0.15)
            print_error("%s %+.2f %s %+.2f: %s\n", p->symbol, p->score, n->symbol, n->score,
                        pairs[i].text);
        assert_true(p->score >= 0.15);
        assert_true(n->score <= -0.15);
        analysis_free(&a);
    }
    /* a list of companies is one subject, not clauses */
    run("Barclays, HSBC and Citi all reported lower profits.", &a);
    assert_true(find(&a, "BCS")->score <= -0.15);
    assert_true(find(&a, "C")->score <= -0.15);
    analysis_free(&a);
    /* the broker gets none of the company's news; "more than expected"
     * compares with a forecast, not with the company named after it */
    run("Nvidia shares rose 4% after Citi raised its price target, while AMD fell 2%.", &a);
    assert_true(fabs(find(&a, "C")->score) < 0.15);
    analysis_free(&a);
    run("Stocks rose as retail sales increased more than expected and Citigroup shares jumped.",
        &a);
    assert_true(find(&a, "C")->score >= 0.15);
    analysis_free(&a);
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

/* Version 7: the score grows with the strength of the news; one clear move
 * is plainly polar, not at the band's edge, and more news is stronger. */
static void test_score_strength(void **state)
{
    (void)state;
    const char *rising[] = {
        "Kestrel shares rose 3%.",
        "Kestrel beats estimates.",
        "Kestrel beats estimates and raises guidance.",
        "Kestrel crushes estimates, raises guidance and boosts its buyback.",
    };
    double prev = 0;
    for (size_t i = 0; i < sizeof rising / sizeof rising[0]; i++) {
        double s = score(rising[i]);
        assert_true(s > prev);
        prev = s;
    }
    assert_true(score("Kestrel shares rose 3%.") >= 0.3);
    assert_true(score("Kestrel shares fell 3%.") <= -0.3);
    assert_true(score("Kestrel crushes estimates, raises guidance and boosts its buyback.") < 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_score_strength),  cmocka_unit_test(test_design_article),
        cmocka_unit_test(test_sentiment_rules), cmocka_unit_test(test_claims),
        cmocka_unit_test(test_utf8_edges),      cmocka_unit_test(test_hostile_inputs),
        cmocka_unit_test(test_quantity_moves),  cmocka_unit_test(test_finance_phrasing),
        cmocka_unit_test(test_figure_trends),   cmocka_unit_test(test_expectations),
        cmocka_unit_test(test_analyst_actions), cmocka_unit_test(test_neutral_statements),
        cmocka_unit_test(test_claim_clauses),   cmocka_unit_test(test_newlines),
        cmocka_unit_test(test_company_scores),  cmocka_unit_test(test_company_evidence),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
