/* feed_parse over the fixture corpus (tests/fixtures/feeds), asserting the
 * exact values parsed, and over hostile and random input. */
#include "feed_test.h"

static void test_rss091(void **state)
{
    struct feed_doc d;
    char t[DATE_ISO_SIZE];
    parse_fixture("rss091.xml", &d);
    assert_int_equal(d.format, FEED_RSS);
    assert_string_equal(d.title, "Harbor Street Journal \xe2\x80\x93 Markets");
    assert_string_equal(d.link, "https://markets.example.com/");
    assert_int_equal(d.n_items, 2);
    assert_string_equal(d.items[0].title, "Dow closes 0.4% higher as banks rally into the close");
    assert_string_equal(d.items[0].guid,
                        "https://markets.example.com/2024/03/05/dow-closes-higher");
    assert_string_equal(d.items[1].summary,
                        "Brent crude fell 1.2% \xe2\x80\x94 its third straight decline.");
    /* RSS 0.91 items carry no dates: now, and flagged */
    assert_int_equal(d.items[0].date_missing, 1);
    assert_int_equal(d.items[0].published, NOW);
    assert_int_equal(d.items[0].fetched, NOW);
    assert_string_equal(iso(&d.items[1], t), "none");
    assert_clean(&d);
    feed_doc_free(&d);
}

static void test_rss092(void **state)
{
    struct feed_doc d;
    parse_fixture("rss092.xml", &d);
    assert_int_equal(d.format, FEED_RSS);
    assert_int_equal(d.n_items, 2);
    assert_null(d.items[0].title);
    assert_string_equal(d.items[0].summary, "Costco (COST) reported net sales of $57.8 billion, "
                                            "up 5.7%.\n\nComparable sales rose 5.6%.");
    assert_string_equal(d.items[1].title, "Broadcom guides Q2 revenue to $12.0 billion");
    assert_string_equal(d.items[1].link, "https://wire.example.org/earnings/avgo-q1");
    assert_clean(&d);
    feed_doc_free(&d);
}

static void test_rss2(void **state)
{
    struct feed_doc d;
    char t[DATE_ISO_SIZE];
    parse_fixture("rss2.xml", &d);
    assert_int_equal(d.format, FEED_RSS);
    assert_string_equal(d.title, "Ledger Daily \xe2\x80\x94 Top Stories");
    assert_string_equal(d.link, "https://ledgerdaily.example.com/");
    assert_int_equal(d.n_items, 6);
    const struct article *a = &d.items[0];
    assert_string_equal(a->title, "Nvidia tops $1.8 trillion as AI chip demand stays hot");
    assert_string_equal(a->author, "Maya Lindqvist");
    assert_string_equal(iso(a, t), "2024-02-14T17:46:00Z");
    assert_string_equal(a->summary, "Shares of Nvidia <https://ledgerdaily.example.com/quote/NVDA> "
                                    "rose 2.5% on Wednesday.");
    assert_string_equal(a->content,
                        "Shares of Nvidia <https://ledgerdaily.example.com/quote/NVDA> rose 2.5% "
                        "on Wednesday, lifting its market value above $1.8 trillion.\n\n"
                        "Analysts at two brokers raised their targets to $850.\n"
                        "\"Demand is outstripping supply through 2025,\" one wrote.\n\n"
                        "- Data-center revenue: $18.4B\n- Gross margin: 76%");
    a = &d.items[1];
    assert_string_equal(a->title, "Fed\xe2\x80\x99s Barkin says rate cuts can wait");
    assert_string_equal(a->guid, "ld-2024-02-14-0042");
    assert_string_equal(a->link, "https://ledgerdaily.example.com/economy/barkin-rate-cuts");
    assert_string_equal(a->author, "Owen Achebe");
    assert_string_equal(iso(a, t), "2024-02-14T16:05:00Z");
    assert_null(a->content);
    a = &d.items[2]; /* guid without isPermaLink: a permalink, so the link */
    assert_string_equal(a->link, "https://ledgerdaily.example.com/bonds/yields-climb-cpi");
    assert_string_equal(iso(a, t), "2024-02-13T21:30:00Z");
    a = &d.items[3]; /* media:title, media:description, atom:link, dc:date */
    assert_string_equal(a->title, "Airbnb shares fall 6% as bookings outlook disappoints");
    assert_string_equal(a->summary, "ABNB guided first-quarter revenue below estimates.");
    assert_string_equal(a->link, "https://ledgerdaily.example.com/companies/airbnb-outlook");
    assert_string_equal(a->guid, a->link);
    assert_string_equal(iso(a, t), "2024-02-14T08:15:30Z");
    assert_string_equal(iso(&d.items[4], t), "2024-02-15T15:10:00Z");
    a = &d.items[5]; /* unreadable date */
    assert_int_equal(a->date_missing, 1);
    assert_int_equal(a->published, NOW);
    assert_clean(&d);
    feed_doc_free(&d);
}

static void test_rdf(void **state)
{
    struct feed_doc d;
    char t[DATE_ISO_SIZE];
    parse_fixture("rdf.xml", &d);
    assert_int_equal(d.format, FEED_RDF);
    assert_string_equal(feed_format_name(d.format), "rdf");
    assert_string_equal(d.title, "Central Bank Press Releases");
    assert_string_equal(d.link, "https://centralbank.example.int/press");
    assert_int_equal(d.n_items, 2);
    assert_string_equal(d.items[0].title, "Monetary policy decision: key rates unchanged at 4.50%");
    assert_string_equal(d.items[0].author, "Press Office");
    assert_string_equal(iso(&d.items[0], t), "2024-02-01T13:15:00Z");
    /* no <link>: rdf:about gives link and identity */
    assert_string_equal(d.items[1].link,
                        "https://centralbank.example.int/press/2024/pr240125.html");
    assert_string_equal(d.items[1].guid, d.items[1].link);
    assert_string_equal(iso(&d.items[1], t), "2024-01-25T00:00:00Z");
    assert_clean(&d);
    feed_doc_free(&d);
}

static void test_atom10(void **state)
{
    struct feed_doc d;
    char t[DATE_ISO_SIZE];
    parse_fixture("atom10.xml", &d);
    assert_int_equal(d.format, FEED_ATOM);
    assert_string_equal(d.title, "Latest Filings & Disclosures");
    assert_string_equal(d.link, "https://filings.example.gov/latest");
    assert_int_equal(d.n_items, 3);
    const struct article *a = &d.items[0];
    assert_string_equal(a->title, "8-K: Apple Inc. (AAPL) current report");
    assert_string_equal(a->guid, "urn:filing:0000320193-24-000012");
    /* relative href resolved against xml:base; rel=enclosure ignored */
    assert_string_equal(a->link, "https://filings.example.gov/filing/0000320193-24-000012");
    assert_string_equal(a->author, "Filings Desk");         /* the feed's author */
    assert_string_equal(iso(a, t), "2024-02-14T21:31:07Z"); /* published, not updated */
    assert_string_equal(a->summary,
                        "Item 5.02 Departure of Directors or Certain Officers <not HTML>");
    a = &d.items[1];
    assert_string_equal(a->author, "Cisco Systems, Inc.");
    assert_string_equal(iso(a, t), "2024-02-14T21:02:11Z");
    assert_string_equal(a->content, "Revenue of $12.8 billion, down 6% year over year.\n\n"
                                    "See investor relations <https://investor.example.com/csco>.");
    a = &d.items[2];
    assert_string_equal(a->link, "https://filings.example.gov/filing/0001713445-24-000003");
    assert_string_equal(a->content, "Proposed listing on the NYSE under the symbol \"RDDT\".");
    assert_string_equal(iso(a, t), "2024-02-22T17:45:00Z");
    assert_clean(&d);
    feed_doc_free(&d);
}

static void test_atom03(void **state)
{
    struct feed_doc d;
    char t[DATE_ISO_SIZE];
    parse_fixture("atom03.xml", &d);
    assert_int_equal(d.format, FEED_ATOM);
    assert_string_equal(d.title, "Pit Notes: commodities blog");
    assert_int_equal(d.n_items, 2);
    assert_string_equal(d.items[0].content,
                        "West African harvests are running 35% behind last season.");
    assert_string_equal(iso(&d.items[0], t), "2024-02-09T17:00:00Z"); /* issued */
    assert_string_equal(d.items[0].author, "R. Okafor");
    assert_string_equal(iso(&d.items[1], t), "2024-02-08T09:00:00Z"); /* modified */
    assert_string_equal(d.items[1].summary,
                        "LME copper held gains as Chinese demand signals improved.");
    assert_clean(&d);
    feed_doc_free(&d);
}

static void test_jsonfeed(void **state)
{
    struct feed_doc d;
    char t[DATE_ISO_SIZE];
    parse_fixture("jsonfeed10.json", &d);
    assert_int_equal(d.format, FEED_JSONFEED);
    assert_string_equal(d.title, "Quant Corner");
    assert_string_equal(d.link, "https://quantcorner.example.io/");
    assert_int_equal(d.n_items, 2);
    assert_string_equal(d.items[0].guid, "2024-02-12-momentum");
    assert_string_equal(d.items[0].content,
                        "Our crowding gauge for MTUM is in its 95th percentile."
                        "\n\nRead the method <https://quantcorner.example.io/method>.");
    assert_string_equal(d.items[0].summary, "Crowding in momentum names is at a three-year high.");
    assert_string_equal(d.items[0].author, "Priya Raman");
    assert_string_equal(iso(&d.items[0], t), "2024-02-12T08:00:00Z");
    assert_string_equal(d.items[1].guid, "1042"); /* numeric id */
    assert_string_equal(d.items[1].link, "https://news.example.com/vix-12");
    assert_string_equal(d.items[1].content,
                        "Short-vol ETPs saw $1.1 billion of inflows last week.\n"
                        "That is the most since 2018.");
    assert_string_equal(iso(&d.items[1], t), "2024-02-10T19:45:00Z"); /* date_modified */
    assert_clean(&d);
    feed_doc_free(&d);

    parse_fixture("jsonfeed11.json", &d);
    assert_int_equal(d.format, FEED_JSONFEED);
    assert_int_equal(d.n_items, 2);
    assert_string_equal(d.items[0].author, "Lena Fischer");
    assert_string_equal(iso(&d.items[0], t), "2024-02-15T18:05:00Z");
    assert_string_equal(d.items[1].author, "Dividend Watch staff");
    assert_int_equal(d.items[1].date_missing, 1);
    assert_clean(&d);
    feed_doc_free(&d);
}

static void test_alphavantage(void **state)
{
    struct feed_doc d;
    char t[DATE_ISO_SIZE];
    parse_fixture("alphavantage.json", &d);
    assert_int_equal(d.format, FEED_ALPHAVANTAGE);
    assert_int_equal(d.n_items, 3);
    const struct article *a = &d.items[0];
    assert_string_equal(a->title, "Microsoft Extends Lead In Cloud AI As Azure Growth Accelerates");
    assert_string_equal(a->guid, "https://news.example.com/tech/msft-azure-growth-accelerates");
    assert_string_equal(a->author, "Dana Whitfield, Example Tech Desk");
    assert_string_equal(iso(a, t), "2024-01-31T22:15:00Z"); /* read as UTC */
    assert_true(a->has_provider);
    assert_float_equal(a->provider_score, 0.412307, 1e-9);
    assert_string_equal(a->provider_label, "Bullish");
    assert_int_equal(a->n_provider_tickers, 2);
    assert_string_equal(a->provider_tickers[0].symbol, "MSFT");
    assert_float_equal(a->provider_tickers[0].relevance, 0.874512, 1e-9);
    assert_float_equal(a->provider_tickers[0].score, 0.501223, 1e-9);
    assert_string_equal(a->provider_tickers[0].label, "Bullish");
    assert_float_equal(a->provider_tickers[1].score, -0.052190, 1e-9);
    a = &d.items[1];
    assert_string_equal(a->author, "Example Coin Daily"); /* no authors: the source */
    assert_string_equal(iso(a, t), "2024-01-23T09:05:02Z");
    assert_float_equal(a->provider_score, -0.287551, 1e-9);
    assert_string_equal(a->provider_label, "Somewhat-Bearish");
    assert_int_equal(a->n_provider_tickers, 3);
    assert_string_equal(a->provider_tickers[0].symbol, "CRYPTO:BTC");
    assert_string_equal(a->provider_tickers[1].symbol, "FOREX:USD");
    assert_string_equal(a->provider_tickers[2].label, "Somewhat-Bearish");
    a = &d.items[2]; /* the underscore spelling, normalised */
    assert_string_equal(a->provider_label, "Somewhat-Bullish");
    assert_string_equal(a->provider_tickers[0].label, "Somewhat-Bullish");
    assert_string_equal(a->provider_tickers[1].symbol, "FOREX:AMD");
    assert_clean(&d);
    feed_doc_free(&d);
}

static void expect_error(const char *name, const char *msg)
{
    size_t len;
    char *buf = load(name, &len);
    struct feed_doc d;
    assert_int_equal(feed_parse(buf, len, NOW, &d), -1);
    if (strcmp(err_msg(), msg) != 0) fail_msg("%s: got '%s'", name, err_msg());
    assert_null(d.items);
    free(buf);
}

static void test_errors(void **state)
{
    expect_error("alphavantage_information.json",
                 "Alpha Vantage: Thank you for using Alpha Vantage! Our standard API rate limit is "
                 "25 requests per day. Please subscribe to any of the premium plans to instantly "
                 "remove all daily rate limits.");
    expect_error("alphavantage_note.json",
                 "Alpha Vantage: Thank you for using Alpha Vantage! Our standard API call "
                 "frequency is 5 calls per minute and 500 calls per day.");
    expect_error("alphavantage_error.json",
                 "Alpha Vantage: Invalid API call. Please retry or visit "
                 "the documentation for NEWS_SENTIMENT.");
    expect_error("not_a_feed.html", "not a feed: an HTML page");
    expect_error("not_a_feed.csv", "not a feed: neither XML nor JSON");
    expect_error("broken.json", "not a feed: malformed JSON");
    struct feed_doc d;
    assert_int_equal(feed_parse("", 0, NOW, &d), -1);
    assert_string_equal(err_msg(), "not a feed: empty");
    assert_int_equal(feed_parse("<?xml version=\"1.0\"?><opml/>", 27, NOW, &d), -1);
    assert_string_equal(err_msg(), "not a feed: XML with root element <opml>");
    assert_int_equal(feed_parse("[1,2]", 5, NOW, &d), -1);
    assert_int_equal(feed_parse("{\"a\": 1}", 8, NOW, &d), -1);
    assert_int_equal(feed_parse("<<<>>>", 6, NOW, &d), -1);
    assert_non_null(strstr(err_msg(), "not a feed: malformed XML at line 1"));
}

static void test_entities_encodings(void **state)
{
    struct feed_doc d;
    parse_fixture("entities.xml", &d);
    assert_string_equal(d.title, "Street & Main: Banks & Brokers");
    assert_string_equal(d.link, "https://streetandmain.example.com/?section=banks&page=1");
    assert_int_equal(d.n_items, 1);
    assert_string_equal(d.items[0].title,
                        "AT&T and Verizon slip \xe2\x80\x94 S&P 500 telecoms lag\xe2\x80\xa6");
    assert_string_equal(d.items[0].link, "https://streetandmain.example.com/story?id=4411&ref=rss");
    assert_string_equal(d.items[0].summary,
                        "Shares fell 2% on the day\xe2\x80\x99s news \xc2\xa9 \xe2\x82\xac"
                        "1.2bn deal &unknownentity; \xe2\x80\x93 R&D up \xe2\x80\x94 done");
    feed_doc_free(&d);

    parse_fixture("latin1_as_utf8.xml", &d);
    assert_string_equal(d.title, "Bourse \xc3\xa9"
                                 "conomie");
    assert_string_equal(d.items[0].title,
                        "Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale "
                        "d\xc3\xa9passe les attentes \xe2\x80\x94 Nestl\xc3\xa9 recule");
    assert_string_equal(d.items[0].summary, "Le b\xc3\xa9n\xc3\xa9"
                                            "fice net atteint 2,5 "
                                            "milliards d\xe2\x80\x99"
                                            "euros.");
    feed_doc_free(&d);

    parse_fixture("cp1252_quotes.xml", &d);
    assert_string_equal(d.items[0].title, "\xe2\x80\x9cWe\xe2\x80\x99re not done,\xe2\x80\x9d says "
                                          "CEO \xe2\x80\x93 shares up \xe2\x82\xac"
                                          "1.50");
    feed_doc_free(&d);

    parse_fixture("latin1_declared.xml", &d);
    assert_string_equal(d.title, "Z\xc3\xbcrich B\xc3\xb6rse");
    assert_string_equal(d.items[0].title,
                        "Roche f\xc3\xa4llt nach Studiendaten \xe2\x80\x93 Novartis stabil");
    feed_doc_free(&d);

    parse_fixture("utf16le.xml", &d);
    assert_string_equal(d.title, "Wide \xc3\x89"
                                 "dition");
    assert_string_equal(d.items[0].title, "Yen weakens past \xc2\xa5"
                                          "150 per dollar \xf0\x9f\x93\x89");
    feed_doc_free(&d);
}

static void test_hostile(void **state)
{
    struct feed_doc d;
    parse_fixture("hostile.xml", &d);
    assert_string_equal(d.title, "Hostile feed");
    assert_int_equal(d.n_items, 2);
    assert_string_equal(d.items[0].title, "Red ALERT: buy now evil ok end");
    assert_string_equal(d.items[0].link, "https://hostile.example.com/a?x=1");
    assert_string_equal(d.items[0].summary, "Body text more");
    assert_string_equal(d.items[1].title, "Second item \xc3\xbf\xc3\xbe bad bytes");
    assert_clean(&d);
    feed_doc_free(&d);

    parse_fixture("hostile.json", &d);
    assert_string_equal(d.title, "Escape");
    /* the spaces either side of the removed sequence both stay: titles
     * keep their spacing */
    assert_string_equal(d.items[0].title, "Null byte right-to-left and  clipboard");
    assert_string_equal(d.items[0].content, "line1\nline2");
    assert_clean(&d);
    feed_doc_free(&d);
}

/* A 10 MB title is cut to 1024 bytes; the items after it survive. */
static void test_huge_title(void **state)
{
    struct sbuf b = {0};
    assert_int_equal(sbuf_adds(&b, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big"
                                   "</title><item><title>"),
                     0);
    for (int i = 0; i < 10 * 1024 * 1024 / 8; i++)
        assert_int_equal(sbuf_add(&b, "Caf\xc3\xa9 ab ", 8), 0);
    assert_int_equal(sbuf_adds(&b, "</title><link>https://big.example.com/1</link></item>"
                                   "<item><title>after</title></item></channel></rss>"),
                     0);
    struct feed_doc d;
    assert_int_equal(feed_parse(b.p, b.len, NOW, &d), 0);
    assert_int_equal(d.n_items, 2);
    assert_true(strlen(d.items[0].title) <= 1024);
    assert_true(strlen(d.items[0].title) > 1000);
    assert_true(utf8_valid(d.items[0].title, strlen(d.items[0].title)));
    /* cut after a whole word, and says so */
    size_t tl = strlen(d.items[0].title);
    assert_string_equal(d.items[0].title + tl - 3, "\xe2\x80\xa6");
    assert_true(d.items[0].title[tl - 4] == 'b' || d.items[0].title[tl - 4] == '\xa9');
    assert_string_equal(d.items[1].title, "after");
    /* no link, no guid: a stable hash of title and date */
    assert_int_equal(strlen(d.items[1].guid), 16);
    feed_doc_free(&d);
    sbuf_free(&b);
}

static void test_identity(void **state)
{
    const char *xml = "<rss><channel><item><title>Same</title><pubDate>Wed, 14 Feb 2024 17:46:00 "
                      "GMT</pubDate></item><item><title>Same</title><pubDate>Thu, 15 Feb 2024 "
                      "17:46:00 GMT</pubDate></item><item><title>Same</title><pubDate>Wed, 14 "
                      "Feb 2024 17:46:00 GMT</pubDate></item></channel></rss>";
    struct feed_doc d;
    assert_int_equal(feed_parse(xml, strlen(xml), NOW, &d), 0);
    assert_int_equal(d.n_items, 3);
    assert_string_not_equal(d.items[0].guid, d.items[1].guid);
    assert_string_equal(d.items[0].guid, d.items[2].guid);
    feed_doc_free(&d);
}

/* The Alpha Vantage sample, read in place when the shared data is there. */
static void test_alphavantage_sample(void **state)
{
    const char *shared = getenv("BULLPEN_SHARED");
    char path[1024];
    snprintf(path, sizeof path, "%s/data/alphavantage_news_sentiment_sample.json",
             shared ? shared : "../shared");
    size_t len;
    char *buf = file_read_all(path, 16u << 20, &len);
    if (!buf) skip();
    struct feed_doc d;
    assert_int_equal(feed_parse(buf, len, NOW, &d), 0);
    free(buf);
    assert_int_equal(d.format, FEED_ALPHAVANTAGE);
    assert_int_equal(d.n_items, 50);
    size_t rows = 0, crypto = 0, forex = 0;
    for (size_t i = 0; i < d.n_items; i++) {
        assert_true(d.items[i].has_provider);
        assert_non_null(d.items[i].provider_label);
        assert_int_equal(d.items[i].date_missing, 0);
        rows += d.items[i].n_provider_tickers;
        for (size_t k = 0; k < d.items[i].n_provider_tickers; k++) {
            crypto += strncmp(d.items[i].provider_tickers[k].symbol, "CRYPTO:", 7) == 0;
            forex += strncmp(d.items[i].provider_tickers[k].symbol, "FOREX:", 6) == 0;
        }
    }
    assert_int_equal(rows, 233);
    assert_true(crypto > 0);
    assert_true(forex > 0);
    char t[DATE_ISO_SIZE];
    assert_string_equal(iso(&d.items[0], t), "2024-02-14T17:46:00Z");
    assert_float_equal(d.items[0].provider_score, 0.310567, 1e-9);
    assert_string_equal(d.items[0].provider_label, "Somewhat-Bullish");
    assert_clean(&d);
    feed_doc_free(&d);
}

/* An item whose only content is markup that gives no text (an image, a
 * table of images, a link around an image), or that has no text at all (a
 * guid, an enclosure, a title or a link alone), is still an article; an
 * empty item is not. */
static void test_markup_only_items(void **state)
{
    struct feed_doc d;
    char t[DATE_ISO_SIZE];
    parse_fixture("markup_only.xml", &d);
    assert_int_equal(d.n_items, 7);
    assert_string_equal(d.items[0].guid, "chart-spx-0214");
    assert_string_equal(d.items[0].summary,
                        "Image: S&P 500 intraday <https://chartroom.example.com/c/spx.png>");
    assert_string_equal(iso(&d.items[0], t), "2024-02-14T21:00:00Z");
    assert_string_equal(d.items[1].summary, "Image <https://chartroom.example.com/c/vix.png>");
    assert_string_equal(d.items[2].summary, "Link <https://chartroom.example.com/c/ndx>\n"
                                            "Image <https://chartroom.example.com/c/ndx.png>");
    assert_string_equal(d.items[3].guid, "chart-rut-0214");
    assert_null(d.items[3].summary);
    assert_int_equal(d.items[3].date_missing, 1);
    assert_string_equal(d.items[4].guid, "https://chartroom.example.com/audio/close-0214.mp3");
    assert_string_equal(d.items[5].title, "Closing bell: the day in four charts");
    assert_null(d.items[5].link);
    assert_string_equal(d.items[6].link, "https://chartroom.example.com/c/2024-02-14");
    assert_null(d.items[6].title);
    /* every item its own identity, so the store keeps them all */
    for (size_t i = 0; i < d.n_items; i++)
        for (size_t j = i + 1; j < d.n_items; j++)
            assert_string_not_equal(d.items[i].guid, d.items[j].guid);
    assert_clean(&d);
    feed_doc_free(&d);

    parse_fixture("markup_only.json", &d);
    assert_int_equal(d.n_items, 3);
    assert_string_equal(d.items[0].content, "Image <https://chartroom.example.com/c/spx.png>");
    assert_string_equal(d.items[1].guid, "chart-rut-0214");
    assert_null(d.items[1].content);
    assert_string_equal(d.items[2].content, "Link <https://chartroom.example.com/c/ndx>\n"
                                            "Image <https://chartroom.example.com/c/ndx.png>");
    assert_int_equal(strlen(d.items[2].guid), 16);
    feed_doc_free(&d);

    const char *atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title>"
                       "<entry><id>urn:x:1</id><content type=\"html\">&lt;img "
                       "src=\"https://x.example/a.png\"&gt;</content></entry>"
                       "<entry><id>urn:x:2</id></entry><entry> </entry></feed>";
    assert_int_equal(feed_parse(atom, strlen(atom), NOW, &d), 0);
    assert_int_equal(d.n_items, 2);
    assert_string_equal(d.items[0].content, "Image <https://x.example/a.png>");
    assert_string_equal(d.items[1].guid, "urn:x:2");
    feed_doc_free(&d);
}

/* Atom 0.3 content in mode="base64" is decoded; its type says whether it
 * is HTML or text, and content that is not text (an image) is left out. */
static void test_atom03_base64(void **state)
{
    struct feed_doc d;
    parse_fixture("atom03_base64.xml", &d);
    assert_int_equal(d.format, FEED_ATOM);
    assert_int_equal(d.n_items, 2);
    assert_string_equal(d.items[0].summary,
                        "The spread between 2- and 10-year Treasury yields narrowed to -28 bp.");
    assert_string_equal(d.items[0].content, "The 2s10s spread steepened by 6 bp on the week.\n\n"
                                            "Watch Thursday's 30-year auction.");
    assert_string_equal(d.items[1].title, "Chart: term premium since 2019");
    assert_null(d.items[1].content);
    assert_clean(&d);
    feed_doc_free(&d);
}

/* RSS 2.0 with Dublin Core in place of the core elements; where both are
 * there, the core one wins whatever the order. */
static void test_dublin_core(void **state)
{
    struct feed_doc d;
    char t[DATE_ISO_SIZE];
    parse_fixture("dc_fallback.xml", &d);
    assert_string_equal(d.title, "Muni Desk");
    assert_string_equal(d.subtitle, "Municipal bonds, daily");
    assert_string_equal(d.author, "Muni Desk staff");
    assert_string_equal(date_format_iso(d.updated, t), "2024-02-14T20:00:00Z");
    assert_int_equal(d.n_items, 2);
    const struct article *a = &d.items[0];
    assert_string_equal(a->title, "New York prices $1.2 billion GO sale");
    assert_string_equal(a->summary, "Yields came in 5 bp through talk.");
    assert_string_equal(a->author, "A. Moreau");
    assert_string_equal(iso(a, t), "2024-02-14T20:30:00Z");
    a = &d.items[1];
    assert_string_equal(a->title, "California muni fund flows turn positive");
    assert_string_equal(a->summary, "Weekly inflows of $410 million.");
    assert_string_equal(a->author, "B. Osei");
    assert_string_equal(iso(a, t), "2024-02-13T20:00:00Z"); /* pubDate, in PT */
    assert_clean(&d);
    feed_doc_free(&d);
}

/* A default namespace that is not the standard one: read by element name. */
static void test_odd_namespaces(void **state)
{
    struct feed_doc d;
    char t[DATE_ISO_SIZE];
    parse_fixture("stray_ns.xml", &d);
    assert_int_equal(d.format, FEED_RSS);
    assert_string_equal(d.title, "Odd Lots Wire");
    assert_string_equal(d.subtitle, "A feed that declares a namespace of its own");
    assert_int_equal(d.n_items, 2);
    assert_string_equal(d.items[0].title, "Odd-lot volume hits a record");
    assert_string_equal(d.items[0].link, "https://oddlots.example.com/record");
    assert_string_equal(d.items[0].author, "C. Lindgren");
    assert_string_equal(iso(&d.items[0], t), "2024-02-12T21:00:00Z");
    feed_doc_free(&d);

    parse_fixture("atom03_ns.xml", &d);
    assert_int_equal(d.format, FEED_ATOM);
    assert_string_equal(d.subtitle, "Written against a draft of Atom");
    assert_int_equal(d.n_items, 1);
    assert_string_equal(d.items[0].summary, "Bullion rose to EUR 1,900 an ounce.");
    assert_string_equal(iso(&d.items[0], t), "2024-02-10T09:00:00Z");
    feed_doc_free(&d);

    static const char *const docs[] = {
        "<feed xmlns=\"http://purl.org/atom/ns\"><title>T</title><entry><title>A</title>"
        "<link rel=\"alternate\" href=\"https://x.example/1\"/></entry></feed>",
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
        "xmlns=\"http://example.com/odd\"><channel><title>T</title></channel>"
        "<item><title>A</title><link>https://x.example/1</link></item></rdf:RDF>",
        "<rss version=\"2.0\" xmlns=\"http://www.w3.org/2005/Atom\"><channel><title>T</title>"
        "<item><title>A</title><link>https://x.example/1</link></item></channel></rss>",
        "<x:rss xmlns:x=\"http://example.com/x\"><x:channel><x:title>T</x:title><x:item>"
        "<x:title>A</x:title><x:link>https://x.example/1</x:link></x:item></x:channel></x:rss>",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        if (feed_parse(docs[i], strlen(docs[i]), NOW, &d) != 0) fail_msg("%zu: %s", i, err_msg());
        assert_string_equal(d.title, "T");
        assert_int_equal(d.n_items, 1);
        assert_string_equal(d.items[0].title, "A");
        assert_string_equal(d.items[0].link, "https://x.example/1");
        feed_doc_free(&d);
    }
}

/* The publisher's text as written: "&amp;amp;" in a title is "&amp;", the
 * spacing inside a title stays (line breaks of the XML become one space),
 * and the text after an <embed>, <object> or <iframe> left open survives. */
static void test_text_fidelity(void **state)
{
    struct feed_doc d;
    parse_fixture("text_fidelity.xml", &d);
    assert_string_equal(d.title, "Desk  Notes");
    assert_int_equal(d.n_items, 4);
    assert_string_equal(d.items[0].title, "Q&amp;A: the  CFO  on margins");
    assert_string_equal(d.items[0].summary, "Watch the call:\n\nMargins widened 40 bp.");
    assert_string_equal(d.items[1].title, "Guidance raised for fiscal 2025");
    assert_string_equal(d.items[1].summary, "Intro Buybacks resume in March.");
    assert_string_equal(d.items[2].title, "Tabs and  spaces");
    assert_string_equal(d.items[2].summary, "Before\n\nAfter the video: guidance unchanged.");
    assert_string_equal(d.items[3].title, "AT&T \xe2\x80\x93 5 < 6");
    assert_string_equal(d.items[3].summary, "Closed properly."); /* closed: its inside goes */
    assert_clean(&d);
    feed_doc_free(&d);
    /* A title with tags is HTML, and its entities are read once. */
    const char *x = "<rss><channel><item><title>&lt;b&gt;AT&amp;amp;T&lt;/b&gt;  up</title>"
                    "</item></channel></rss>";
    assert_int_equal(feed_parse(x, strlen(x), NOW, &d), 0);
    assert_string_equal(d.items[0].title, "AT&T up");
    feed_doc_free(&d);
}

/* Zone names, offsets and two-digit years as feeds write them. */
static void test_feed_dates(void **state)
{
    static const char *const want[] = {
        "2024-02-14T17:46:00Z", "2024-08-14T17:46:00Z", "2024-08-14T17:46:00Z",
        "2024-02-14T17:46:00Z", "2003-12-31T17:46:00Z", "2003-12-31T00:00:00Z",
        "2024-02-16T14:30:00Z", "2024-02-16T14:30:00Z",
    };
    struct feed_doc d;
    char t[DATE_ISO_SIZE];
    parse_fixture("dates.xml", &d);
    assert_int_equal(d.n_items, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < d.n_items; i++)
        if (strcmp(iso(&d.items[i], t), want[i]) != 0)
            fail_msg("item %zu (%s): %s, want %s", i, d.items[i].title, t, want[i]);
    feed_doc_free(&d);
}

/* Atom: published orders, updated is kept beside it; an entry with only
 * updated is ordered by it. */
static void test_published_and_updated(void **state)
{
    struct feed_doc d;
    char t[DATE_ISO_SIZE];
    parse_fixture("atom10.xml", &d);
    assert_string_equal(iso(&d.items[0], t), "2024-02-14T21:31:07Z");
    assert_true(d.items[0].has_updated);
    assert_string_equal(date_format_iso(d.items[0].updated, t), "2024-02-14T21:40:00Z");
    assert_string_equal(iso(&d.items[1], t), "2024-02-14T21:02:11Z");
    assert_int_equal(d.items[1].updated, d.items[1].published);
    assert_false(d.items[2].has_updated);
    feed_doc_free(&d);
    /* updated before published in the document changes nothing */
    const char *x = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>1</id>"
                    "<updated>2024-03-01T00:00:00Z</updated>"
                    "<published>2024-02-01T00:00:00Z</published></entry></feed>";
    assert_int_equal(feed_parse(x, strlen(x), NOW, &d), 0);
    assert_string_equal(iso(&d.items[0], t), "2024-02-01T00:00:00Z");
    assert_string_equal(date_format_iso(d.items[0].updated, t), "2024-03-01T00:00:00Z");
    feed_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rss091),
        cmocka_unit_test(test_rss092),
        cmocka_unit_test(test_rss2),
        cmocka_unit_test(test_rdf),
        cmocka_unit_test(test_atom10),
        cmocka_unit_test(test_atom03),
        cmocka_unit_test(test_jsonfeed),
        cmocka_unit_test(test_alphavantage),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_entities_encodings),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_huge_title),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_alphavantage_sample),
        cmocka_unit_test(test_markup_only_items),
        cmocka_unit_test(test_atom03_base64),
        cmocka_unit_test(test_dublin_core),
        cmocka_unit_test(test_odd_namespaces),
        cmocka_unit_test(test_text_fidelity),
        cmocka_unit_test(test_feed_dates),
        cmocka_unit_test(test_published_and_updated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
