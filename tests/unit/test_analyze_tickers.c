/* Tests for the analyser's tickers: cashtags, exchange forms, bare symbols,
 * company names in their forms (small letters, possessives, short forms),
 * what is no ticker, and the user's aliases. */
#include <unistd.h>

#include "analyze_test.h"
#include "core/err.h"

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
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        expect_no_ticker(none[i]);
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
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        expect_ticker(names[i].text, names[i].sym, NULL);
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

/* Version 7: names written with a small letter, names taken only as
 * possessives, distinctive first words of legal names, and places and
 * people that share a company's short name. */
static void test_name_forms(void **state)
{
    (void)state;
    struct {
        const char *text, *sym, *span;
    } names[] = {
        {"Shares of eBay fell 3%.", "EBAY", "eBay"},
        {"iRobot cut 7% of its workforce.", "IRBT", "iRobot"},
        {"Analysts said lululemon faces tougher rivals.", "LULU", "lululemon"},
        {"monday.com beat revenue estimates.", "MNDY", "monday.com"},
        {"Kohl's named a new chief executive.", "KSS", "Kohl"},
        {"Moody's downgraded the bonds.", "MCO", "Moody"},
        {"Victoria's Secret shares rose.", "VSCO", "Victoria's Secret"},
        {"Dick's Sporting Goods raised its outlook.", "DKS", "Dick's Sporting Goods"},
        {"Northrop delivered the first bomber.", "NOC", "Northrop"},
        {"Truist cut its revenue outlook.", "TFC", "Truist"},
        {"Vertex raised its forecast.", "VRTX", "Vertex"},
        {"Nvidia's revenue nearly tripled.", "NVDA", "Nvidia"},
        {"Vail Resorts cut its forecast.", "MTN", "Vail Resorts"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        expect_ticker(names[i].text, names[i].sym, names[i].span);
    const char *none[] = {
        "The moody market drifted as indie bands played.", /* "Moody's" only */
        "Kohl said the talks would go on.",                /* the possessive form only */
        "Thomas Edison's lab reopens in New Jersey.",
        "Snow will fall near Vail and in Palo Alto it stays mild.",
        "Prince William's visit drew crowds.",
        "The Latam region grew and esports audiences rose.",
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        expect_no_ticker(none[i]);
    /* a word for a business before a common-word name shows a company */
    expect_ticker("Retailers including discount chain Target and Coty gained.", "TGT", "Target");
    expect_ticker("Oil major Shell edged up.", "SHEL", "Shell");
    expect_no_ticker("Shell companies hide assets, and the Target range is wide.");
    /* a place's name is the company with company context */
    expect_ticker("Palo Alto said billings rose.", "PANW", "Palo Alto");
    /* Version 8: so does a business noun and its preposition before it */
    expect_ticker("After strong earnings from Palo Alto, software stocks rallied.", "PANW",
                  "Palo Alto");
    expect_ticker("The fund sold its shares of Target in May.", "TGT", "Target");
    expect_ticker("Elliott has built a stake in Vail, people familiar said.", "MTN", "Vail");
    expect_no_ticker("Investors from Palo Alto met in a ski lodge near Vail.");
    /* a name that starts with a figure; alone it needs context, since
     * "3M" is also three million */
    expect_ticker("3M agreed to pay $6 billion to settle the lawsuits.", "MMM", "3M");
    expect_ticker("Shares of 3M rose 2%.", "MMM", "3M");
    expect_ticker("A printer maker, 3D Systems, cut its outlook.", "DDD", "3D Systems");
    expect_no_ticker("The startup raised 3M in seed funding and sold 3m shares.");
    /* a word that begins many companies' names names none of them */
    expect_no_ticker("American shares rose 3% and United shares fell.");
    expect_ticker("Northern Trust shares rose 3%.", "NTRS", "Northern Trust");
    expect_ticker("American Airlines shares rose 3%.", "AAL", "American Airlines");
    /* Version 9: so do a company's results, people and parts after the name */
    expect_ticker("Target employees walked out over pay on Friday.", "TGT", "Target");
    expect_ticker("Coke deliveries to stores slowed in March.", "KO", "Coke");
    expect_ticker("Block chairman Jack Dorsey spoke at the event.", "XYZ", "Block");
    /* Version 10: an abbreviation's period before a capital stays in the
     * name ("U.S. Bancorp") and is no break between the words */
    expect_ticker("Regional lender U.S. Bancorp raised its dividend.", "USB", "U.S. Bancorp");
    expect_ticker("U.S. Bancorp said deposits were stable.", "USB", "U.S. Bancorp");
    struct analysis a;
    run("Wells Fargo & Co. Chief Executive Charlie Scharf spoke. Sales rose.", &a);
    assert_non_null(find(&a, "WFC"));
    assert_int_equal(a.n_tickers, 1);
    analysis_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ticker_forms),     cmocka_unit_test(test_bare_symbols),
        cmocka_unit_test(test_ticker_precision), cmocka_unit_test(test_ambiguous_names),
        cmocka_unit_test(test_user_aliases),     cmocka_unit_test(test_name_forms),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
