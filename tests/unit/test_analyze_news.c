/* Tests for how the analyser reads the register of news: statements of
 * results, figures compared with a base, swings, surprises, quantities whose
 * fall is good, names and boilerplate, idioms, business won, price targets,
 * losses, negation and concession, sources, contests and policy, levels and
 * traders' wording, questions and results in line. */
#include <math.h>

#include "analyze_test.h"

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
    /* version 9: its amount may stand between the win and what was won */
    assert_true(score("Harwick Rail wins $310 million signalling order from a state "
                      "operator") >= 0.15);
}

/* Version 9: contests, prizes, conflict, lists and policy are not business
 * news. A win, an award or a war named in passing stays near neutral; advice
 * and rankings ("how to", "the best and worst") and a central bank's deeds
 * are damped or neutral. */
static void test_contests_and_lists(void **state)
{
    (void)state;
    const char *neutral[] = {
        "Local rowing team wins regional title in close race",
        "Kestrel Foods designer wins packaging award",
        "The best and worst airports for holiday travellers",
        "How to find bargains in a rising market",
        "Five ways to boost your pension before retirement",
        /* a central bank's deeds are policy, read either way */
        "The Fed unveils a major expansion of its bond buying",
        "The ECB expands its asset purchases",
        /* expanding a business is a plan */
        "Harwick expands its partnership with a cloud provider",
    };
    /* what markets do about policy is still news, a margin that expands is
     * a result, and the same words about results still count */
    const char *good[] = {
        "Stocks soar after the Fed cuts rates",
        "Gross margin expanded 120 basis points",
        "Kestrel Foods raises full-year guidance as sales rise 9%",
    };
    expect_side(neutral, sizeof neutral / sizeof neutral[0], 0);
    expect_side(good, sizeof good / sizeof good[0], 1);
    assert_true(score("Harwick suffers its worst quarterly loss in a decade") <= -0.15);
}

/* Version 9: a level reached is the level's news ("hit a 52-week high",
 * "fresh intraday highs"), and traders' wording of gaps and options. */
static void test_levels_and_traders(void **state)
{
    (void)state;
    const char *good[] = {
        "Harwick shares hit a 52-week high after the update",
        "Copper futures touch fresh intraday highs in Asian trade",
        "Kestrel gapping up in the premarket",
        "Unusual calls in Harwick ahead of the drug decision",
        "Chart looks good here, primed for a run",
    };
    const char *bad[] = {
        "Kestrel gapped down at the open",
        "Unusual puts in Harwick ahead of the trial readout",
        "The retailer hit a snag with its new warehouse system",
        "Investors are bailing on the regional lenders",
    };
    expect_side(good, sizeof good / sizeof good[0], 1);
    expect_side(bad, sizeof bad / sizeof bad[0], -1);
    /* where a move started is the past: the move tells */
    assert_true(score("Wall Street slips from record highs after jobs report") <= -0.15);
    assert_true(score("Kestrel shares retreat from all-time highs") <= -0.15);
    /* a dispute settled */
    assert_true(score("Harwick settles class action lawsuit") >= 0.15);
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

/* Version 7: "while" inside a sentence joins a second fact, and only an
 * opening "While ..." concedes; negated praise is a verdict on its subject;
 * what a swing swung from is the past. */
static void test_negation_and_concession(void **state)
{
    (void)state;
    /* ", while" weighs its clause as ", and" does */
    double w = score("Net sales rose 6%, while operating costs climbed 11%.");
    double a = score("Net sales rose 6%, and operating costs climbed 11%.");
    assert_true(fabs(w - a) < 0.02);
    assert_true(fabs(w) < 0.15); /* the two facts cancel */
    assert_true(score("Kestrel's revenue rose 4% while its margin narrowed sharply.") < 0.15);
    /* an opening concession still yields to the main clause */
    assert_true(score("While revenue rose, the company cut its outlook.") <= -0.15);
    assert_true(score("Although costs rose, quarterly profit beat estimates.") >= 0.15);
    /* negated praise */
    assert_true(score("The recovery is not strong.") <= -0.15);
    assert_true(score("Results were not impressive.") <= -0.15);
    assert_true(score("Demand was not strong enough.") <= -0.15);
    assert_true(score("Cash flow was not enough to cover the dividend.") < 0);
    assert_true(score("The quarter was not bad.") >= 0.15); /* negated bad news stays good */
    /* a swing's base is the past */
    assert_true(score("The company swung to a loss from a profit a year earlier.") <= -0.15);
    assert_true(score("Kestrel swung to a profit from a loss a year earlier.") >= 0.15);
    assert_true(score("Marlow swung to a profit after a loss a year ago.") >= 0.15);
}

/* Version 8: more wire wording of trouble, each word on its own. */
static void test_trouble_words(void **state)
{
    (void)state;
    const char *bad[] = {
        "Weak demand in Europe will dampen growth at Kestrel Foods this year.",
        "Uncertainty over the merger continues to hang over the shares.",
        "The lender moved toward liquidation after talks failed.",
        "Shoppers ridiculed the new range, and the Harwick stores stayed empty.",
    };
    expect_side(bad, sizeof bad / sizeof bad[0], -1);
    /* version 9: deceit, cost pressure; proof of a product working */
    assert_true(score("Harwick falsely labelled the range as organic.") <= -0.15);
    assert_true(score("Cost pressures will weigh on Harwick's margins this year.") <= -0.5);
    assert_true(score("The county sued Kestrel, calling its plant a public nuisance") <= -0.5);
    assert_true(score("The outage could have a knock-on effect on Harwick's deliveries") <= -0.3);
    assert_true(score("The regulator fined Kestrel for failing to comply with disclosure "
                      "rules") <= -0.5);
    /* a hit to results, or a hit from a cause, is the blow named */
    assert_true(score("Harwick sees a hit to margins this year") <= -0.25);
    assert_true(score("Most grocers expect a revenue hit from the storm") <= -0.25);
    /* a strike is trouble; its end is not */
    assert_true(score("Warehouse staff at Harwick went on strike over pay") <= -0.25);
    assert_true(score("The strike ends at Harwick's copper mine") > -0.15);
    assert_true(score("The trial showed the vaccine to be highly effective in older "
                      "patients.") >= 0.15);
}

/* Version 8: a mild move word with a percent straight after it is a price
 * move, as plainly polar as "rose 5%"; without a figure it stays mild. */
static void test_moves_by_percent(void **state)
{
    (void)state;
    assert_true(score("Harwick Industries added 5.5% in early trade.") >= 0.15);
    assert_true(score("Shares of Kestrel Foods added nearly 3% after the bell.") >= 0.15);
    assert_true(fabs(score("The firm added a new product line.")) < 0.15);
    /* "off" by a percent is a fall; "off" before other figures is not */
    assert_true(score("Harwick shares off 1.2% at $10.40") <= -0.15);
    assert_true(score("Kestrel's March sales were off by about 4% from a year ago") <= -0.15);
    assert_true(fabs(score("Harwick kicks off 2027 with a store opening in Leeds")) < 0.15);
    assert_true(score("Kestrel paid off $2 billion of its debt") > -0.15);
}

/* A rating cut names the rating it left, and "in line" after "to" or
 * "from" is a rating, not results meeting estimates. */
static void test_rating_cuts(void **state)
{
    (void)state;
    assert_true(score("Harwick downgraded to in line from outperform at Delmont") <= -0.3);
    assert_true(score("Kestrel Foods upgraded to outperform from in line at Delmont") >= 0.3);
    assert_true(score("Harwick cut from Conviction Buy at Delmont on valuation") <= -0.3);
    assert_true(score("Kestrel Foods cut from outperform at Delmont") <= -0.3);
    assert_true(score("Harwick cut to in line at Delmont") <= -0.3);
    /* a writer's call to sell, as "time to buy" is one to buy */
    assert_true(score("Three reasons to sell Harwick before the summer") <= -0.15);
    assert_true(score("Harwick: sell, and sell short") <= -0.15);
    /* still results meeting estimates elsewhere */
    assert_true(score("Harwick's EPS in-line, revenue beats") >= 0.15);
}

/* A rally or gains given up, stalled or out of steam: the move is the loss,
 * not the rally it ends. */
static void test_rally_ended(void **state)
{
    (void)state;
    assert_true(score("Harwick shares give up gains in late trade") <= -0.15);
    assert_true(score("Kestrel Foods shares have given back gains") <= -0.15);
    assert_true(score("The copper rally stalls at resistance") <= -0.15);
    assert_true(score("The Nordic stock rally halted near its old high") <= -0.15);
    assert_true(score("The lira rally may stall before the meeting") <= -0.15);
    assert_true(score("Chip stocks are running out of steam") <= -0.15);
    /* a rally on its own is still a rally */
    assert_true(score("The copper rally extends into a third day") >= 0.15);
}

/* Version 8: a company named only as the source of the news (its analyst,
 * economist or fund manager, its research or data business) takes none of
 * the news, even as the only company named; its own chief speaking for it
 * does, and with another company the subject, its chief is a source too. */
static void test_sources(void **state)
{
    (void)state;
    struct analysis a;
    const char *only_source[] = {
        "Demand for chips will weaken sharply next year and prices will fall, said Maria Lowe, "
        "an economist at Goldman Sachs.",
        "Goldman Sachs analysts said the slump in home sales would deepen.",
        "Margins will shrink further as costs soar, said Ann Lee, a portfolio manager at "
        "BlackRock.",
    };
    const char *syms[] = {"GS", "GS", "BLK"};
    for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
        run(only_source[i], &a);
        assert_true(a.score <= -0.15); /* the news itself stays bad */
        const struct ticker_hit *h = find(&a, syms[i]);
        assert_non_null(h);
        assert_true(fabs(h->score) < 0.15);
        analysis_free(&a);
    }
    run("Tesla chief executive Elon Musk said deliveries rose 20% to a record.", &a);
    assert_true(find(&a, "TSLA")->score >= 0.15);
    analysis_free(&a);
    run("Intel shares jumped 5% after it named Apple CEO Tim Cook to its board.", &a);
    assert_true(find(&a, "INTC")->score >= 0.15);
    assert_true(fabs(find(&a, "AAPL")->score) < 0.15);
    analysis_free(&a);
    const char *t = "Crude output fell to a six-month low, data provider Refinitiv said.";
    assert_true(fabs(analyzer_score_target(an, t, strlen(t), "Refinitiv")) < 0.15);
    const char *u = "Shipments of tablets dropped 12% in the quarter, research firm Kestrel said.";
    assert_true(fabs(analyzer_score_target(an, u, strlen(u), "Kestrel")) < 0.15);
    assert_true(score(u) <= -0.15);
    /* version 9: a ratings or research agency reports on others */
    const char *v = "Defaults will rise and the downturn will deepen, ratings agency Harwick said.";
    assert_true(fabs(analyzer_score_target(an, v, strlen(v), "Harwick")) < 0.15);
    assert_true(score(v) <= -0.15);
    /* version 10: so does one whose strategist or analyst follows a title */
    struct analysis b;
    run("Prices of used cars dropped 4% in May, Morgan Stanley Chief Equity Strategist Mike "
        "Wilson said.",
        &b);
    assert_true(b.score <= -0.15);
    assert_true(fabs(find(&b, "MS")->score) < 0.15);
    analysis_free(&b);
    const char *w =
        "Home sales fell 9% in May, the Kestrel Capital senior strategist Ann Lee said.";
    assert_true(fabs(analyzer_score_target(an, w, strlen(w), "Kestrel")) < 0.15);
}

/* Version 9: a question asks, it does not tell; a result "in-line" with
 * estimates, or meeting them, is mildly good, so in line on one figure and a
 * miss on another is mixed; confidence denied, best sellers, the FDA's
 * verdicts. */
static void test_questions_and_inline(void **state)
{
    (void)state;
    const char *good[] = {
        "Harwick raises its dividend by 8%",
        "Harwick EPS in-line, beats on revenue",
        "Kestrel guides in-line for the second quarter",
        "Harwick meets Q2 earnings estimates", /* meeting estimates is mildly good */
        "FDA approves Harwick's second migraine drug",
        "The drug became the best-selling treatment in its class",
    };
    const char *neutral[] = {
        "Will Harwick raise its dividend this year?",
        "Harwick EPS in-line, misses on revenue",
    };
    expect_side(good, sizeof good / sizeof good[0], 1);
    expect_side(neutral, sizeof neutral / sizeof neutral[0], 0);
    /* a "view" is an expectation */
    assert_true(score("Kestrel tops Q3 earnings view") >= 0.4);
    assert_true(score("FDA rejects Harwick's arthritis drug") <= -0.3);
    assert_true(score("I have zero confidence in the board's plan, one shareholder said") <= -0.15);
}

/* Version 10: a company named as a holding takes none of the news of a
 * sentence about another; a relative clause after a comma gives its news to
 * the companies it names (or, ending the sentence, the one it follows) and
 * the rest to the others; a rival beaten takes the win turned round. */
static void test_holdings_and_asides(void **state)
{
    (void)state;
    struct analysis a;
    run("Shares of Alphabet jumped 6% after it disclosed a stake in Snap and Pinterest.", &a);
    assert_true(find(&a, "GOOGL")->score >= 0.15);
    assert_true(fabs(find(&a, "SNAP")->score) < 0.15);
    assert_true(fabs(find(&a, "PINS")->score) < 0.15);
    analysis_free(&a);
    run("The Cobalt Fund, which has positions in Nvidia, Microsoft and Oracle, rose 3%.", &a);
    assert_int_equal(a.n_tickers, 3);
    for (size_t i = 0; i < a.n_tickers; i++)
        assert_true(fabs(a.tickers[i].score) < 0.15);
    analysis_free(&a);
    const char *t = "The Cobalt Fund, which has positions in Nvidia and Kestrel, rose 3%.";
    assert_true(fabs(analyzer_score_target(an, t, strlen(t), "Kestrel")) < 0.15);
    run("Ford, whose rival General Motors slumped 8% on weak sales, rose 2% on Tuesday.", &a);
    assert_true(find(&a, "F")->score >= 0.15);
    assert_true(find(&a, "GM")->score <= -0.15);
    analysis_free(&a);
    run("Lloyds mirrored peers such as Barclays, which reported record profits.", &a);
    assert_true(fabs(find(&a, "LYG")->score) < 0.15);
    assert_true(find(&a, "BCS")->score >= 0.15);
    analysis_free(&a);
    /* a rival beaten takes the win turned round, as one named after "than" */
    run("Lockheed Martin beat out Boeing and Northrop to win the $4 billion contract.", &a);
    assert_true(find(&a, "LMT")->score >= 0.15);
    assert_true(find(&a, "BA")->score <= -0.15);
    assert_true(find(&a, "NOC")->score <= -0.15);
    analysis_free(&a);
    /* an abbreviation's period is no break: "while" splits before Toyota */
    run("General Motors reported a 24% jump in sales while Toyota's U.S. sales fell 7%.", &a);
    assert_true(find(&a, "GM")->score >= 0.15);
    assert_true(find(&a, "TM")->score <= -0.15);
    analysis_free(&a);
}

/* Version 11: a company named only in the reason for another's move. */
static void test_move_reasons(void **state)
{
    (void)state;
    struct analysis a;
    /* a company named only in the reason for another's move takes the
     * reason's own news, not the move */
    run("Etsy surged 9% after the company said it would sell its handmade goods on eBay in a "
        "bid to reach more buyers.",
        &a);
    assert_true(find(&a, "ETSY")->score >= 0.15);
    assert_true(fabs(find(&a, "EBAY")->score) < 0.15);
    analysis_free(&a);
    const char *r = "Etsy surged 9% after the company said it would sell its handmade goods "
                    "through Kestrel Market in a bid to reach more buyers.";
    assert_true(fabs(analyzer_score_target(an, r, strlen(r), "Kestrel Market")) < 0.15);
    run("Ford rose 3% after upbeat results from General Motors lifted carmakers.", &a);
    assert_true(find(&a, "GM")->score >= 0.15);
    analysis_free(&a);
}

/* Version 11: the rival a company competes with. */
static void test_rivals(void **state)
{
    (void)state;
    struct analysis a;
    /* the rival a company competes with is a yardstick, not the subject */
    run("Lucid's losses widened again and the carmaker cut its forecast in the face of fierce "
        "competition with market leaders Tesla and General Motors.",
        &a);
    assert_true(find(&a, "LCID")->score <= -0.15);
    assert_true(fabs(find(&a, "TSLA")->score) < 0.15);
    assert_true(fabs(find(&a, "GM")->score) < 0.15);
    analysis_free(&a);
}

/* Version 10: a move losing its pace is a direction; writers' verdicts on a
 * stock; bankruptcies and write-offs. */
static void test_lost_pace_and_verdicts(void **state)
{
    (void)state;
    const char *bad[] = {
        "Harwick loses a bull",
        "Kestrel gains a bear on margin view",
        "Retail sales growth softens",
        "Factory orders cool down",
        "Global stocks stutter after a record week",
        "Harwick still can't catch a break",
        "Harwick shares got obliterated after its results",
        "Shale bankruptcies are mounting",
        "More writeoffs are likely after Kestrel's charge",
        "Investor enthusiasm for the deal continues to wane",
    };
    const char *good[] = {
        "Inflation cooled in March",
        "Kestrel gains a bull",
    };
    expect_side(bad, sizeof bad / sizeof bad[0], -1);
    expect_side(good, sizeof good / sizeof good[0], 1);
    /* a currency's strength is no good news for the company it hurts */
    const char *hurt[] = {
        "Kestrel's overseas sales were hurt by a stronger dollar",
        "Exporters such as Harwick have been hit by yen strength",
        "Harwick trimmed its outlook on the strength of the euro",
    };
    expect_side(hurt, sizeof hurt / sizeof hurt[0], -1);
    assert_true(fabs(score("The dollar strength persisted into Friday")) < 0.15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_news_results),
        cmocka_unit_test(test_figure_comparisons),
        cmocka_unit_test(test_swings),
        cmocka_unit_test(test_surprises),
        cmocka_unit_test(test_lower_is_better),
        cmocka_unit_test(test_names_and_boilerplate),
        cmocka_unit_test(test_idioms),
        cmocka_unit_test(test_business_won),
        cmocka_unit_test(test_comparisons_and_savings),
        cmocka_unit_test(test_cue_combinations),
        cmocka_unit_test(test_price_targets),
        cmocka_unit_test(test_negative_results),
        cmocka_unit_test(test_negation_and_concession),
        cmocka_unit_test(test_sources),
        cmocka_unit_test(test_moves_by_percent),
        cmocka_unit_test(test_rally_ended),
        cmocka_unit_test(test_rating_cuts),
        cmocka_unit_test(test_trouble_words),
        cmocka_unit_test(test_contests_and_lists),
        cmocka_unit_test(test_levels_and_traders),
        cmocka_unit_test(test_questions_and_inline),
        cmocka_unit_test(test_holdings_and_asides),
        cmocka_unit_test(test_lost_pace_and_verdicts),
        cmocka_unit_test(test_move_reasons),
        cmocka_unit_test(test_rivals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
