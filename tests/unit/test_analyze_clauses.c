/* Analyser: how clauses weigh against each other in a sentence (concessions,
 * failures) and how a company is found in one. Sentences written for
 * bullpen; the company names are invented. */
#include <math.h>

#include "analyze_test.h"

static void test_concessions(void **state)
{
    (void)state;
    /* after the main clause, "although" and "even though" concede: they do
     * not overrule what came before as "but" does */
    const char *bad[] = {
        "Shares of Harwick fell 3% on Tuesday after the delay, although the company kept its "
        "annual forecast.",
    };
    const char *good[] = {
        "Kestrel's quarterly sales rose 8% from a year earlier, even though the company kept its "
        "outlook for the year unchanged.",
        "Harwick stock ends higher despite a weak session for retailers",
        /* at the start it concedes as before */
        "Although sales fell, Harwick's profit rose 12%.",
    };
    expect_side(bad, sizeof bad / sizeof bad[0], -1);
    expect_side(good, sizeof good / sizeof good[0], 1);
    /* "though" alone after the main clause still turns the sentence */
    assert_true(score("Harwick's profit rose 12%, though its chief executive warned of a "
                      "slowdown.") < 0.15);
}

static void test_failures(void **state)
{
    (void)state;
    /* what a failure reaches is bad news either way, not turned round as
     * after "not" */
    const char *bad[] = {
        "Harwick was unable to avoid a loss in the quarter.",
        "The regulator said Harwick failed to disclose the losses.",
        "Kestrel failed to reverse the slide in its shares.",
        "Kestrel failed to win approval for its new drug.",
    };
    expect_side(bad, sizeof bad / sizeof bad[0], -1);
    /* a failure reaching no word of news is itself mildly bad */
    double s = score("Kestrel failed to provide the forecasts its partner had asked for.");
    assert_true(s < -0.05 && s > -0.15);
    /* "not" still turns what it reaches round */
    assert_true(score("Harwick did not report a loss in the quarter.") > -0.15);
}

static void test_possessive_phrases(void **state)
{
    (void)state;
    /* a phrase of the lexicon matches across a possessive: "the dollar's
     * strength" is "dollar strength", no good news for the company it hurts */
    const char *bad[] = {
        "Kestrel's exports were hurt by the yen's strength.",
        "Harwick has been hit by the dollar's strength against other currencies.",
    };
    expect_side(bad, sizeof bad / sizeof bad[0], -1);
    assert_true(fabs(score("The dollar's strength persisted into Friday.")) < 0.05);
}

static double target(const char *text, const char *name)
{
    return analyzer_score_target(an, text, strlen(text), name);
}

static void test_titled_speakers(void **state)
{
    (void)state;
    /* a company lending a speaker a title after the speaker's name is the
     * source of the news, not its subject */
    assert_true(fabs(target("\"Demand is collapsing and losses are mounting,\" said Jane Roe, "
                            "head of rates strategy at Kestrel Partners.",
                            "Kestrel Partners")) < 0.05);
    /* and the quote going on in the next sentence is not its news either */
    const char *q = "\"Cracks are beginning to appear in the labor market,\" writes Jane Roe, "
                    "senior vice president at Morgan Stanley. \"Hiring is slowing and layoffs "
                    "are mounting.\"";
    assert_true(fabs(target(q, "MS")) < 0.05);
    assert_true(score(q) <= -0.15);
    /* with no name before it, the company's own officer speaks of it */
    assert_true(target("The chief executive of Renault said the company would cut 5,000 jobs "
                       "after sales fell 20%.",
                       "Renault") <= -0.15);
    /* a company that is the subject first keeps its news */
    assert_true(target("Renault sales fell 20%, said Jane Roe, head of investor relations at "
                       "Renault.",
                       "Renault") <= -0.15);
}

static void test_research_from(void **state)
{
    (void)state;
    /* a company whose research, note or rating the news is from is its
     * source; one whose results it is from is its subject */
    assert_true(fabs(target("Kestrel shares slumped 6% following a cut target price from Morgan "
                            "Stanley.",
                            "MS")) < 0.05);
    assert_true(fabs(target("Short interest in Harwick continues to tumble, says the latest "
                            "research from Morgan Stanley.",
                            "MS")) < 0.05);
    assert_true(target("Tech stocks came under pressure following downbeat earnings reports from "
                       "Microsoft.",
                       "MSFT") <= -0.15);
}

static void test_long_sentence_company(void **state)
{
    (void)state;
    /* a long sentence thins its loose words less for a company it names
     * than for the sentence read on its own: the few words about the
     * company are its news, not stray words of a wire's context */
    const char *t = "Software makers such as Kestrel have attracted strong investor interest in "
                    "recent months thanks to solid demand for their services as more businesses "
                    "across the region move their records and their accounting work to the cloud.";
    double whole = score(t), co = target(t, "Kestrel");
    assert_true(whole < 0.15);
    assert_true(co >= 0.15);
    /* a short one reads the same either way */
    const char *u = "Software makers such as Kestrel have attracted strong investor interest.";
    assert_true(fabs(score(u) - target(u, "Kestrel")) < 0.01);
}

static void test_gains_from(void **state)
{
    (void)state;
    /* what a company benefits from is good news for it, however it reads */
    const char *good[] = {
        "Harwick has benefited this year from rising inflation and staff shortages.",
        "Kestrel posted record profits, benefiting from surging fuel costs that have squeezed "
        "its rivals.",
    };
    expect_side(good, sizeof good / sizeof good[0], 1);
    /* only to the clause's end */
    const char *bad[] = {
        "Rising inflation and staff shortages hurt Harwick.",
        "Kestrel benefited from the rally, but its costs rose sharply.",
    };
    expect_side(bad, sizeof bad / sizeof bad[0], -1);
}

static void test_verdicts_and_endings(void **state)
{
    (void)state;
    const char *bad[] = {
        "Investors punished Kestrel for its results.",
        "Kestrel delivered less than stellar results in the quarter.",
        "Harwick was caught off guard by the new rules.",
        "Kestrel wound down the venture after two years.",
    };
    expect_side(bad, sizeof bad / sizeof bad[0], -1);
}

static void test_points_moved(void **state)
{
    (void)state;
    /* points after a move measure it as a percent does ("added" alone is
     * also speech) */
    assert_true(score("Kestrel added 149.90 points.") >= 0.15);
    assert_true(score("The Kestrel 40 <.KST> added 149.90 points, or 1.3%, to 11,234.50.") >= 0.15);
    /* a figure that is no move is not one */
    assert_true(fabs(score("The Kestrel 40 is made up of 40 points of sale.")) < 0.05);
}

static void test_figures_then_names(void **state)
{
    (void)state;
    /* after a figure, a comma and a name with its own verb start a clause
     * of their own: each company takes its own move */
    const char *t = "Kestrel Foods rose 4%, Harwick Mills fell 3% and the sector ended flat.";
    assert_true(target(t, "Kestrel Foods") >= 0.15);
    assert_true(target(t, "Harwick Mills") <= -0.15);
    /* "the" before the name and a code in brackets after it */
    const char *u = "The Brookfield Index <.BRKX> was up 40.2 points, or 0.8%, at 5,120.10, the "
                    "Larch Index <.LRCX> was down 12.5 points, or 0.4%, at 3,002.75.";
    assert_true(target(u, "Brookfield Index") >= 0.15);
    assert_true(target(u, "Larch Index") <= -0.15);
    /* no comma needed before "and" and a name with its own verb */
    const char *w = "Kestrel Foods rose 4% to $12.50 and Harwick Mills fell 3% to $8.";
    assert_true(target(w, "Kestrel Foods") >= 0.15);
    assert_true(target(w, "Harwick Mills") <= -0.15);
    /* a list of names is still one subject */
    const char *v = "Kestrel, Harwick and Tamsin fell 3% after the report.";
    assert_true(target(v, "Kestrel") <= -0.15);
    assert_true(target(v, "Tamsin") <= -0.15);
}

static void test_expected_results(void **state)
{
    (void)state;
    /* a result worded against what was expected ("weaker-than-expected
     * earnings") is a result, not a loose word that a long wire sentence
     * thins */
    const char *t = "Meanwhile, Danish network equipment maker Kestrel Systems and its rival "
                    "Harwick Mills reported weaker-than-expected quarterly earnings, bruised by "
                    "long patent battles which pressured margins and offset strong demand for "
                    "their new equipment.";
    assert_true(target(t, "Kestrel Systems") <= -0.15);
    assert_true(target(t, "Harwick Mills") <= -0.15);
}

static void test_measured_moves(void **state)
{
    (void)state;
    /* a move measured by its percent keeps its weight in a long sentence:
     * the figure says how strong it is, however much context follows */
    const char *t = "Shipping stocks led the market in early trading, with Kestrel Lines and "
                    "Harwick Marine climbing 3.2% and 4.1%, respectively, as the storm deepened "
                    "worries that a long closure of the canal could disrupt trade across the "
                    "region.";
    assert_true(target(t, "Kestrel Lines") >= 0.15);
    assert_true(target(t, "Harwick Marine") >= 0.15);
    /* a move without its figure is still thinned */
    const char *u = "Shipping stocks led the market in early trading, with Kestrel Lines and "
                    "Harwick Marine climbing, as the storm deepened worries that a long closure "
                    "of the canal could disrupt trade across the region and beyond.";
    assert_true(target(u, "Kestrel Lines") < 0.15);
}

static void test_clause_subjects(void **state)
{
    (void)state;
    /* a clause after the companies' own that names none goes on with them
     * only when it has no subject of its own, or one that points back */
    struct analysis a;
    run("Apple, Amazon and Microsoft provided the lift, while small caps and transports were "
        "sharply lower.",
        &a);
    assert_true(find(&a, "AAPL")->score >= 0.15);
    assert_true(find(&a, "MSFT")->score >= 0.15);
    analysis_free(&a);
    run("Apple and Microsoft rose 2%, but their shares later fell 3%.", &a);
    assert_true(find(&a, "AAPL")->score < 0.15);
    analysis_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concessions),           cmocka_unit_test(test_failures),
        cmocka_unit_test(test_possessive_phrases),    cmocka_unit_test(test_titled_speakers),
        cmocka_unit_test(test_long_sentence_company), cmocka_unit_test(test_gains_from),
        cmocka_unit_test(test_verdicts_and_endings),  cmocka_unit_test(test_research_from),
        cmocka_unit_test(test_figures_then_names),    cmocka_unit_test(test_points_moved),
        cmocka_unit_test(test_expected_results),      cmocka_unit_test(test_measured_moves),
        cmocka_unit_test(test_clause_subjects),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
