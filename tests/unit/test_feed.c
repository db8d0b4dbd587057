/* feed_parse over the fixture corpus (tests/fixtures/feeds), asserting the
 * exact values parsed, and over hostile and random input. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "core/err.h"
#include "core/feed.h"
#include "core/str.h"
#include "core/utf8.h"

#define NOW 1700000000 /* 2023-11-14T22:13:20Z: "now" for undated items */

static char *load(const char *name, size_t *len)
{
    const char *dir = getenv("BULLPEN_FIXTURES");
    char path[1024];
    snprintf(path, sizeof path, "%s/feeds/%s", dir ? dir : "tests/fixtures", name);
    char *buf = file_read_all(path, 64u << 20, len);
    if (!buf) fail_msg("%s", err_msg());
    return buf;
}

static void parse_fixture(const char *name, struct feed_doc *doc)
{
    size_t len;
    char *buf = load(name, &len);
    if (feed_parse(buf, len, NOW, doc) != 0) fail_msg("%s: %s", name, err_msg());
    free(buf);
}

static const char *iso(const struct article *a, char buf[DATE_ISO_SIZE])
{
    return a->date_missing ? "none" : date_format_iso(a->published, buf);
}

/* Every string of every item is valid UTF-8 without controls but \n \t. */
static void assert_clean(const struct feed_doc *d)
{
    for (size_t i = 0; i < d->n_items; i++) {
        const struct article *a = &d->items[i];
        const char *f[] = {a->guid, a->title, a->link, a->author, a->summary, a->content};
        assert_non_null(a->guid);
        for (size_t k = 0; k < 6; k++) {
            if (!f[k]) continue;
            size_t n = strlen(f[k]);
            assert_true(utf8_valid(f[k], n));
            for (size_t j = 0; j < n;) {
                uint32_t cp;
                j += utf8_decode(f[k] + j, n - j, &cp);
                if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp < 0xA0) ||
                    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
                    fail_msg("control U+%04X in field %zu of item %zu", cp, k, i);
            }
        }
        if (a->title) assert_null(strchr(a->title, '\n'));
    }
}

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

/* Every fixture cut at many lengths, and bytes flipped: parse or fail
 * cleanly, never crash (ASan/UBSan watch). */
static void test_truncations(void **state)
{
    const char *names[] = {"rss2.xml",          "atom10.xml",  "rdf.xml",     "jsonfeed10.json",
                           "alphavantage.json", "hostile.xml", "utf16le.xml", "entities.xml"};
    uint32_t seed = 12345;
    for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
        size_t len;
        char *buf = load(names[f], &len);
        for (size_t n = 0; n <= len; n += 1 + n / 16) {
            struct feed_doc d;
            if (feed_parse(buf, n, NOW, &d) == 0) {
                assert_clean(&d);
                feed_doc_free(&d);
            }
        }
        char *copy = malloc(len);
        assert_non_null(copy);
        for (int round = 0; round < 200; round++) {
            memcpy(copy, buf, len);
            for (int k = 0; k < 4; k++) {
                seed = seed * 1103515245u + 12345u;
                copy[(seed >> 8) % len] = (char)(seed >> 24);
            }
            struct feed_doc d;
            if (feed_parse(copy, len, NOW, &d) == 0) {
                assert_clean(&d);
                feed_doc_free(&d);
            }
        }
        free(copy);
        free(buf);
    }
}

/* Every field `parse --json` prints, for one fixture of each format. NULL
 * stands for null. The feed: title, link, subtitle, author, id, updated;
 * each item: id, title, link, author, published, updated, summary,
 * content (times ISO-8601 UTC). */
struct want_doc {
    const char *file, *format;
    const char *feed[6];
    size_t n;
    struct {
        const char *f[8];
    } items[6];
};

static const struct want_doc every_field[] = {
    {"rss091.xml",
     "rss",
     {"Harbor Street Journal \xe2\x80\x93 Markets", "https://markets.example.com/",
      "Closing bell coverage", "Closing Desk", NULL, "2024-03-05T21:45:00Z"},
     2,
     {
         {{"https://markets.example.com/2024/03/05/dow-closes-higher",
           "Dow closes 0.4% higher as banks rally into the close",
           "https://markets.example.com/2024/03/05/dow-closes-higher", NULL, NULL, NULL,
           "JPMorgan (JPM) and Goldman Sachs (GS) led financials higher after Treasury yields "
           "eased.",
           NULL}},
         {{"https://markets.example.com/2024/03/05/oil-slips",
           "Oil slips below $78 on demand worries",
           "https://markets.example.com/2024/03/05/oil-slips", NULL, NULL, NULL,
           "Brent crude fell 1.2% \xe2\x80\x94 its third straight decline.", NULL}},
     }},
    {"rss092.xml",
     "rss",
     {"Midtown Wire: Earnings", "https://wire.example.org/earnings",
      "Quarterly results as they cross the wire", "Wire Ops", NULL, "2024-03-07T21:30:00Z"},
     2,
     {
         {{"https://wire.example.org/earnings/cost-q2", NULL,
           "https://wire.example.org/earnings/cost-q2", NULL, NULL, NULL,
           "Costco (COST) reported net sales of $57.8 billion, up 5.7%.\n\nComparable sales rose "
           "5.6%.",
           NULL}},
         {{"https://wire.example.org/earnings/avgo-q1",
           "Broadcom guides Q2 revenue to $12.0 billion",
           "https://wire.example.org/earnings/avgo-q1", NULL, NULL, NULL,
           "AVGO sees AI semiconductor revenue of about $10 billion for fiscal 2024.", NULL}},
     }},
    {"rdf.xml",
     "rdf",
     {"Central Bank Press Releases", "https://centralbank.example.int/press",
      "Monetary policy decisions and statements", "Central Bank Communications",
      "https://centralbank.example.int/rss/press.rdf", "2024-02-01T13:00:00Z"},
     2,
     {
         {{"https://centralbank.example.int/press/2024/pr240201.html",
           "Monetary policy decision: key rates unchanged at 4.50%",
           "https://centralbank.example.int/press/2024/pr240201.html", "Press Office",
           "2024-02-01T13:15:00Z", "2024-02-01T15:30:00Z",
           "The Governing Council decided to keep the three key interest rates unchanged.",
           "The Governing Council decided to keep the three key interest rates "
           "unchanged.\n\nRates: 4.50% / 4.75% / 4.00%."}},
         {{"https://centralbank.example.int/press/2024/pr240125.html",
           "Bank lending survey: credit standards tighten further",
           "https://centralbank.example.int/press/2024/pr240125.html", NULL, "2024-01-25T00:00:00Z",
           NULL, "Banks reported a further net tightening of credit standards for loans to firms.",
           NULL}},
     }},
    {"rss2.xml",
     "rss",
     {"Ledger Daily \xe2\x80\x94 Top Stories", "https://ledgerdaily.example.com/",
      "Markets, companies and the economy", "Ledger Daily Editors",
      "tag:ledgerdaily.example.com,2024:top", "2024-02-14T18:00:00Z"},
     6,
     {
         {{"https://ledgerdaily.example.com/markets/nvidia-tops-1-8-trillion",
           "Nvidia tops $1.8 trillion as AI chip demand stays hot",
           "https://ledgerdaily.example.com/markets/nvidia-tops-1-8-trillion", "Maya Lindqvist",
           "2024-02-14T17:46:00Z", "2024-02-14T18:05:00Z",
           "Shares of Nvidia <https://ledgerdaily.example.com/quote/NVDA> rose 2.5% on Wednesday.",
           "Shares of Nvidia <https://ledgerdaily.example.com/quote/NVDA> rose 2.5% on Wednesday, "
           "lifting its market value above $1.8 trillion.\n\nAnalysts at two brokers raised their "
           "targets to $850.\n\"Demand is outstripping supply through 2025,\" one wrote.\n\n- "
           "Data-center revenue: $18.4B\n- Gross margin: 76%"}},
         {{"ld-2024-02-14-0042", "Fed\xe2\x80\x99s Barkin says rate cuts can wait",
           "https://ledgerdaily.example.com/economy/barkin-rate-cuts", "Owen Achebe",
           "2024-02-14T16:05:00Z", NULL,
           "Richmond Fed President Thomas Barkin said the central bank has time to be patient.",
           NULL}},
         {{"https://ledgerdaily.example.com/bonds/yields-climb-cpi",
           "Treasury yields climb after hot CPI print",
           "https://ledgerdaily.example.com/bonds/yields-climb-cpi", NULL, "2024-02-13T21:30:00Z",
           NULL, "The 10-year yield rose to 4.31%, its highest since December.", NULL}},
         {{"https://ledgerdaily.example.com/companies/airbnb-outlook",
           "Airbnb shares fall 6% as bookings outlook disappoints",
           "https://ledgerdaily.example.com/companies/airbnb-outlook", NULL, "2024-02-14T08:15:30Z",
           NULL, "ABNB guided first-quarter revenue below estimates.", NULL}},
         {{"https://ledgerdaily.example.com/companies/deere-forecast",
           "Deere cuts 2024 profit forecast",
           "https://ledgerdaily.example.com/companies/deere-forecast", NULL, "2024-02-15T15:10:00Z",
           NULL, "Farm-equipment maker DE expects net income of about $7.75 billion.", NULL}},
         {{"https://ledgerdaily.example.com/markets/premarket-movers-0214",
           "Pre-market movers: Lyft, Akamai, Kraft Heinz",
           "https://ledgerdaily.example.com/markets/premarket-movers-0214", NULL, NULL, NULL, NULL,
           NULL}},
     }},
    {"atom03.xml",
     "atom",
     {"Pit Notes: commodities blog", "https://pitnotes.example.net/",
      "Softs, metals and energy, from the pit", "R. Okafor", "tag:pitnotes.example.net,2024:/",
      "2024-02-09T18:20:00Z"},
     2,
     {
         {{"tag:pitnotes.example.net,2024:/cocoa-record", "Cocoa futures hit a record above $5,900",
           "https://pitnotes.example.net/2024/02/cocoa-record", "R. Okafor", "2024-02-09T17:00:00Z",
           "2024-02-09T18:30:00Z", NULL,
           "West African harvests are running 35% behind last season."}},
         {{"tag:pitnotes.example.net,2024:/copper", "Copper steadies near $8,200 a tonne",
           "https://pitnotes.example.net/2024/02/copper", "R. Okafor", "2024-02-08T09:00:00Z",
           "2024-02-08T09:00:00Z", "LME copper held gains as Chinese demand signals improved.",
           NULL}},
     }},
    {"atom10.xml",
     "atom",
     {"Latest Filings & Disclosures", "https://filings.example.gov/latest",
      "8-K, 10-Q & S-1 filings as filed", "Filings Desk",
      "urn:uuid:6a7e5b1c-2c4d-4f0e-9a51-0f3b7f1f8c11", "2024-02-15T03:05:41Z"},
     3,
     {
         {{"urn:filing:0000320193-24-000012", "8-K: Apple Inc. (AAPL) current report",
           "https://filings.example.gov/filing/0000320193-24-000012", "Filings Desk",
           "2024-02-14T21:31:07Z", "2024-02-14T21:40:00Z",
           "Item 5.02 Departure of Directors or Certain Officers <not HTML>", NULL}},
         {{"urn:filing:0000858877-24-000007", "10-Q: Cisco Systems quarterly report",
           "https://filings.example.gov/filing/0000858877-24-000007", "Cisco Systems, Inc.",
           "2024-02-14T21:02:11Z", "2024-02-14T21:02:11Z", NULL,
           "Revenue of $12.8 billion, down 6% year over year.\n\nSee investor relations "
           "<https://investor.example.com/csco>."}},
         {{"urn:filing:0001713445-24-000003", "S-1: Reddit registration statement",
           "https://filings.example.gov/filing/0001713445-24-000003", "Filings Desk",
           "2024-02-22T17:45:00Z", NULL, NULL,
           "Proposed listing on the NYSE under the symbol \"RDDT\"."}},
     }},
    {"jsonfeed10.json",
     "jsonfeed",
     {"Quant Corner", "https://quantcorner.example.io/", "Factor research, briefly", "Priya Raman",
      "https://quantcorner.example.io/feed.json", NULL},
     2,
     {
         {{"2024-02-12-momentum", "Momentum factor crowding reaches 2021 levels",
           "https://quantcorner.example.io/posts/momentum-crowding", "Priya Raman",
           "2024-02-12T08:00:00Z", "2024-02-12T09:30:00Z",
           "Crowding in momentum names is at a three-year high.",
           "Our crowding gauge for MTUM is in its 95th percentile.\n\nRead the method "
           "<https://quantcorner.example.io/method>."}},
         {{"1042", "Volatility sellers return as VIX sinks to 12",
           "https://news.example.com/vix-12", "Priya Raman", "2024-02-10T19:45:00Z",
           "2024-02-10T19:45:00Z", NULL,
           "Short-vol ETPs saw $1.1 billion of inflows last week.\nThat is the most since 2018."}},
     }},
    {"jsonfeed11.json",
     "jsonfeed",
     {"Dividend Watch", "https://dividendwatch.example.com/", "Raises, cuts and suspensions",
      "Dividend Watch staff", "https://dividendwatch.example.com/feed.json", NULL},
     2,
     {
         {{"https://dividendwatch.example.com/2024/02/ko-raise",
           "Coca-Cola raises dividend for the 62nd straight year",
           "https://dividendwatch.example.com/2024/02/ko-raise", "Lena Fischer",
           "2024-02-15T18:05:00Z", "2024-02-15T19:00:00Z", NULL,
           "KO lifted its quarterly payout 5.4% to $0.485 a share."}},
         {{"https://dividendwatch.example.com/2024/02/wba-cut", "Walgreens halves its dividend",
           "https://dividendwatch.example.com/2024/02/wba-cut", "Dividend Watch staff", NULL, NULL,
           "WBA cut its quarterly dividend to 25 cents from 48 cents.",
           "Walgreens Boots Alliance (WBA) cut its quarterly dividend to 25 cents a share from 48 "
           "cents."}},
     }},
    {"alphavantage.json",
     "alphavantage",
     {"Alpha Vantage news sentiment", NULL, NULL, NULL, NULL, NULL},
     3,
     {
         {{"https://news.example.com/tech/msft-azure-growth-accelerates",
           "Microsoft Extends Lead In Cloud AI As Azure Growth Accelerates",
           "https://news.example.com/tech/msft-azure-growth-accelerates",
           "Dana Whitfield, Example Tech Desk", "2024-01-31T22:15:00Z", NULL,
           "Azure revenue grew 30% in the December quarter, ahead of estimates, as AI services "
           "added six points of growth.",
           NULL}},
         {{"https://coins.example.org/markets/bitcoin-slides-etf-outflows",
           "Bitcoin Slides As Spot ETF Outflows Persist",
           "https://coins.example.org/markets/bitcoin-slides-etf-outflows", "Example Coin Daily",
           "2024-01-23T09:05:02Z", NULL,
           "Bitcoin fell below $39,000 for the first time since early December.", NULL}},
         {{"https://news.example.com/chips/amd-rallies-mi300-outlook",
           "Advanced Micro Devices Rallies On Data Center GPU Outlook",
           "https://news.example.com/chips/amd-rallies-mi300-outlook", "Example Chips Desk",
           "2024-01-31T14:30:00Z", NULL,
           "AMD raised its MI300 revenue forecast to $3.5 billion for 2024.", NULL}},
     }},
};

static void expect_field(const char *file, const char *what, size_t item, const char *got,
                         const char *want)
{
    if (!want && !got) return;
    if (!want || !got || strcmp(got, want) != 0)
        fail_msg("%s: %s of item %zu: got [%s], want [%s]", file, what, item, got ? got : "null",
                 want ? want : "null");
}

static const char *iso_if(int has, int64_t t, char buf[DATE_ISO_SIZE])
{
    return has ? date_format_iso(t, buf) : NULL;
}

static void test_every_field(void **state)
{
    static const char *const feed_names[] = {"title",  "link", "subtitle",
                                             "author", "id",   "updated"};
    static const char *const item_names[] = {"id",        "title",   "link",    "author",
                                             "published", "updated", "summary", "content"};
    for (size_t f = 0; f < sizeof every_field / sizeof every_field[0]; f++) {
        const struct want_doc *w = &every_field[f];
        struct feed_doc d;
        char t1[DATE_ISO_SIZE], t2[DATE_ISO_SIZE];
        parse_fixture(w->file, &d);
        assert_string_equal(feed_format_name(d.format), w->format);
        const char *feed[6] = {d.title,  d.link, d.subtitle,
                               d.author, d.id,   iso_if(d.has_updated, d.updated, t1)};
        for (size_t k = 0; k < 6; k++)
            expect_field(w->file, feed_names[k], 0, feed[k], w->feed[k]);
        if (d.n_items != w->n) fail_msg("%s: %zu items, want %zu", w->file, d.n_items, w->n);
        for (size_t i = 0; i < d.n_items; i++) {
            const struct article *a = &d.items[i];
            const char *got[8] = {a->guid,
                                  a->title,
                                  a->link,
                                  a->author,
                                  iso_if(!a->date_missing, a->published, t1),
                                  iso_if(a->has_updated, a->updated, t2),
                                  a->summary,
                                  a->content};
            for (size_t k = 0; k < 8; k++)
                expect_field(w->file, item_names[k], i, got[k], w->items[i].f[k]);
        }
        assert_clean(&d);
        feed_doc_free(&d);
    }
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

/* The no-loss property: hostile bytes in one item's title or description
 * (escape sequences raw or as character references, C1 controls, BEL,
 * NUL, lone surrogates, invalid UTF-8, bidi controls) never change how
 * many items a feed has, nor the other items, nor the text after the next
 * tag. Each template has three items; @T@, @D@ and @A@ mark where the
 * hostile string goes (title, description, an attribute value). */
struct tmpl {
    const char *name, *text;
    int json;
};

static const struct tmpl templates[] = {
    {"rss cdata",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Prop</title>"
     "<link>https://p.example/</link>\n"
     "<item><title>First item</title><link>https://p.example/1</link>"
     "<description>One</description></item>\n"
     "<item><title>Second @T@ title</title><link>https://p.example/2</link>"
     "<description><![CDATA[<p>Second @D@ body</p><p>kept</p>]]></description></item>\n"
     "<item><title>Third item</title><link>https://p.example/3</link>"
     "<description>Three &amp; more</description></item>\n</channel></rss>\n",
     0},
    {"rss escaped",
     "<rss version=\"2.0\"><channel><title>Prop</title>"
     "<item><title>First item</title><link>https://p.example/1</link>"
     "<description>One</description></item>"
     "<item><title>Second @T@ title</title><link>https://p.example/2</link>"
     "<description>&lt;p&gt;Second @D@ body&lt;/p&gt;&lt;p&gt;kept&lt;/p&gt;</description>"
     "</item><item><title>Third item</title><link>https://p.example/3</link>"
     "<description>Three &amp; more</description></item></channel></rss>",
     0},
    {"atom",
     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
     "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Prop</title>\n"
     "<entry><id>urn:p:1</id><title>First item</title><link href=\"https://p.example/1\"/>"
     "<summary>One</summary></entry>\n"
     "<entry><id>urn:p:2</id><title>Second @T@ title</title>"
     "<category term=\"x@A@y\"/><link href=\"https://p.example/2\"/>"
     "<content type=\"html\">&lt;p&gt;Second @D@ body&lt;/p&gt;&lt;p&gt;kept&lt;/p&gt;</content>"
     "</entry>\n<entry><id>urn:p:3</id><title>Third item</title>"
     "<link href=\"https://p.example/3\"/><summary>Three &amp; more</summary></entry>\n</feed>\n",
     0},
    {"jsonfeed",
     "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Prop\", \"items\": [\n"
     "{\"id\": \"1\", \"title\": \"First item\", \"url\": \"https://p.example/1\", "
     "\"content_text\": \"One\"},\n"
     "{\"id\": \"2\", \"title\": \"Second @T@ title\", \"url\": \"https://p.example/2\", "
     "\"content_html\": \"<p>Second @D@ body</p><p>kept</p>\"},\n"
     "{\"id\": \"3\", \"title\": \"Third item\", \"url\": \"https://p.example/3\", "
     "\"content_text\": \"Three & more\"}]}\n",
     1},
};

struct atom {
    const char *s;
    size_t n;
};
#define ATOM(lit)                                                                                  \
    {                                                                                              \
        lit, sizeof lit - 1                                                                        \
    }

/* Raw bytes, for XML and JSON alike (no '<' or '"'; a backslash is
 * escaped for JSON). */
static const struct atom raw_atoms[] = {
    ATOM("\x1b"),
    ATOM("\x1b["),
    ATOM("\x1b[31m"),
    ATOM("\x1b[1;2;3"),
    ATOM("\x1b]"),
    ATOM("\x1b]0;T"),
    ATOM("\x1b]0;T\x07"),
    ATOM("\x1b]8;;https://e.example/\x1b\\"),
    ATOM("\x1b]52;c;cm0gLXJm"),
    ATOM("\x1bP"),
    ATOM("\x1bPq#0;2"),
    ATOM("\x1bP1$r\x1b\\"),
    ATOM("\x1bX"),
    ATOM("\x1b^"),
    ATOM("\x1b_"),
    ATOM("\x1b(B"),
    ATOM("\x1b#8"),
    ATOM("\x1b\x1b"),
    ATOM("\x1b "),
    ATOM("\xc2\x9b"),
    ATOM("\xc2\x9b"
         "2J"),
    ATOM("\xc2\x9d"),
    ATOM("\xc2\x9d"
         "0;T"),
    ATOM("\xc2\x90"),
    ATOM("\xc2\x98"),
    ATOM("\xc2\x9e"),
    ATOM("\xc2\x9f"),
    ATOM("\xc2\x9c"),
    ATOM("\xc2\x85"),
    ATOM("\x07"),
    ATOM("\x00"),
    ATOM("\x00\x00"),
    ATOM("\x08"),
    ATOM("\x0b"),
    ATOM("\x0c"),
    ATOM("\x7f"),
    ATOM("\r"),
    ATOM("\n"),
    ATOM("\t"),
    ATOM("\xed\xa0\x80"),
    ATOM("\xed\xbf\xbf"),
    ATOM("\xed\xa0\x80\xed\xb0\x80"),
    ATOM("\xff"),
    ATOM("\xfe"),
    ATOM("\xc0\xaf"),
    ATOM("\xe2\x82"),
    ATOM("\xf4\x90\x80\x80"),
    ATOM("\xf0\x9f"),
    ATOM("\xbf"),
    ATOM("\xc3"),
    ATOM("\xe2\x80\xae"),
    ATOM("\xe2\x80\xab"),
    ATOM("\xe2\x81\xa6"),
    ATOM("\xe2\x81\xa9"),
    ATOM("\xef\xbb\xbf"),
    ATOM("\xe2\x80\xa8"),
    ATOM("\xef\xbf\xbe"),
    ATOM("\xef\xbf\xbf"),
    ATOM("]]"),
    ATOM("--"),
    ATOM(">"),
    ATOM("&"),
    ATOM("'"),
    ATOM(";"),
};

/* Character references, in XML or in HTML inside a field. */
static const struct atom ref_atoms[] = {
    ATOM("&#27;"),
    ATOM("&#x1b;"),
    ATOM("&#X1B;"),
    ATOM("&#27;]0;T&#7;"),
    ATOM("&#27;]0;T"),
    ATOM("&#27;["),
    ATOM("&#27;[31m"),
    ATOM("&#27;P"),
    ATOM("&#27;]8;;x&#27;\\"),
    ATOM("&#155;"),
    ATOM("&#157;"),
    ATOM("&#x9d;"),
    ATOM("&#x90;"),
    ATOM("&#7;"),
    ATOM("&#0;"),
    ATOM("&#x0;"),
    ATOM("&#8;"),
    ATOM("&#127;"),
    ATOM("&#xD800;"),
    ATOM("&#xDFFF;"),
    ATOM("&#55296;"),
    ATOM("&#xFFFE;"),
    ATOM("&#xFFFF;"),
    ATOM("&#1114112;"),
    ATOM("&#x110000;"),
    ATOM("&#x202E;"),
    ATOM("&#8238;"),
    ATOM("&#x2066;"),
    ATOM("&#xFEFF;"),
    ATOM("&#x2028;"),
    ATOM("&#99999999;"),
    ATOM("&#27"),
    ATOM("&#x1b"),
    ATOM("&amp;#27;]0;T"),
    ATOM("&amp;#27;]0;T&amp;#7;"),
    ATOM("&amp;#155;"),
    ATOM("&nbsp;"),
    ATOM("&bogus;"),
};

/* JSON string escapes. */
static const struct atom json_atoms[] = {
    ATOM("\\u001b"),        ATOM("\\u001b]0;T"),     ATOM("\\u001b]0;T\\u0007"),
    ATOM("\\u001b[31m"),    ATOM("\\u009b"),         ATOM("\\u009d0;T"),
    ATOM("\\u0090"),        ATOM("\\u0007"),         ATOM("\\u0000"),
    ATOM("\\u007f"),        ATOM("\\ud800"),         ATOM("\\udfff"),
    ATOM("\\ud800\\u0041"), ATOM("\\udc00\\ud800"),  ATOM("\\ud83d\\udcc9"),
    ATOM("\\ud800\\\\"),    ATOM("\\u202e"),         ATOM("\\u2066"),
    ATOM("\\ufeff"),        ATOM("\\u2028"),         ATOM("\\ufffe"),
    ATOM("\\r\\n"),         ATOM("\\u0000\\u001b]"),
};

/* Picks the k-th hostile atom for a template: raw bytes and references for
 * XML, raw bytes, references and JSON escapes for JSON; then the C1 bytes
 * 0x80-0x9f raw, and (XML) as references. buf holds atoms made here. */
static size_t n_atoms(int json)
{
    size_t n = sizeof raw_atoms / sizeof raw_atoms[0] + sizeof ref_atoms / sizeof ref_atoms[0] + 32;
    return json ? n + sizeof json_atoms / sizeof json_atoms[0] : n + 32;
}

static struct atom pick(int json, size_t k, char buf[64])
{
    size_t nr = sizeof raw_atoms / sizeof raw_atoms[0], nf = sizeof ref_atoms / sizeof ref_atoms[0];
    if (k < nr) return raw_atoms[k];
    k -= nr;
    if (k < nf) return ref_atoms[k];
    k -= nf;
    if (k < 32) {
        buf[0] = (char)(0x80 + k);
        return (struct atom){buf, 1};
    }
    k -= 32;
    if (json) return json_atoms[k];
    int n = snprintf(buf, 64, "&#%zu;", 0x80 + k);
    return (struct atom){buf, (size_t)n};
}

static struct atom atom_at(int json, size_t k, char buf[64])
{
    struct atom at = pick(json, k, buf);
    size_t first_json = n_atoms(json) - sizeof json_atoms / sizeof json_atoms[0];
    if (!json || k >= first_json || !memchr(at.s, '\\', at.n)) return at;
    /* A backslash (ESC \\ ends a string) is escaped for JSON. */
    char tmp[64];
    size_t m = 0;
    for (size_t i = 0; i < at.n && m + 2 < sizeof tmp; i++) {
        if (at.s[i] == '\\') tmp[m++] = '\\';
        tmp[m++] = at.s[i];
    }
    memcpy(buf, tmp, m);
    return (struct atom){buf, m};
}

/* The template with payload at marker (one of "@T@", "@D@", "@A@"), the
 * other markers empty. */
static void fill(struct sbuf *out, const char *t, const char *marker, const struct sbuf *payload)
{
    sbuf_reset(out);
    while (*t) {
        if (t[0] == '@' && t[1] && t[2] == '@') {
            if (strncmp(t, marker, 3) == 0 && payload->len)
                assert_int_equal(sbuf_add(out, payload->p, payload->len), 0);
            t += 3;
            continue;
        }
        assert_int_equal(sbuf_addc(out, *t++), 0);
    }
}

static size_t prop_docs;

/* The payload in C escapes, for failure messages. */
static const char *shown(const struct sbuf *payload)
{
    static char out[1024];
    size_t k = 0;
    for (size_t i = 0; i < payload->len && k + 5 < sizeof out; i++) {
        unsigned char c = (unsigned char)payload->p[i];
        k += (size_t)snprintf(out + k, sizeof out - k, c >= 0x20 && c < 0x7F ? "%c" : "\\x%02x", c);
    }
    out[k] = '\0';
    return out;
}

static void check_property(const struct tmpl *t, const char *marker, const struct sbuf *payload)
{
    struct sbuf doc = {0};
    fill(&doc, t->text, marker, payload);
    struct feed_doc d;
    prop_docs++;
    if (feed_parse(doc.p, doc.len, NOW, &d) != 0)
        fail_msg("%s %s: %s for payload [%s]", t->name, marker, err_msg(), shown(payload));
    if (d.n_items != 3)
        fail_msg("%s %s: %zu items for payload [%s]", t->name, marker, d.n_items, shown(payload));
    assert_string_equal(d.items[0].title, "First item");
    assert_string_equal(d.items[2].title, "Third item");
    assert_string_equal(d.items[1].link, "https://p.example/2");
    assert_string_equal(d.items[2].link, "https://p.example/3");
    const char *three = d.items[2].summary ? d.items[2].summary : d.items[2].content;
    assert_non_null(three);
    assert_string_equal(three, "Three & more");
    const struct article *a = &d.items[1];
    /* The text before the hostile string survives, and so does the text
     * after the next tag. */
    if (!a->title || strncmp(a->title, "Second", 6) != 0)
        fail_msg("%s %s: title [%s] for payload [%s]", t->name, marker,
                 a->title ? a->title : "(null)", shown(payload));
    const char *body = a->content ? a->content : a->summary;
    if (!body || strncmp(body, "Second", 6) != 0 || !strstr(body, "kept"))
        fail_msg("%s %s: body [%s] for payload [%s]", t->name, marker, body ? body : "(null)",
                 shown(payload));
    assert_clean(&d);
    feed_doc_free(&d);
    sbuf_free(&doc);
}

static void test_no_loss_property(void **state)
{
    static const char *const markers[] = {"@T@", "@D@", "@A@"};
    uint32_t seed = 20240214;
    struct sbuf payload = {0};
    char gen[64];
    prop_docs = 0;
    for (size_t ti = 0; ti < sizeof templates / sizeof templates[0]; ti++) {
        const struct tmpl *t = &templates[ti];
        size_t na = n_atoms(t->json);
        for (size_t m = 0; m < 3; m++) {
            if (!strstr(t->text, markers[m])) continue;
            /* Every atom alone, then between words. */
            for (size_t k = 0; k < na; k++) {
                struct atom at = atom_at(t->json, k, gen);
                sbuf_reset(&payload);
                assert_int_equal(sbuf_add(&payload, at.s, at.n), 0);
                check_property(t, markers[m], &payload);
                sbuf_reset(&payload);
                assert_int_equal(sbuf_adds(&payload, "a "), 0);
                assert_int_equal(sbuf_add(&payload, at.s, at.n), 0);
                assert_int_equal(sbuf_adds(&payload, " b"), 0);
                check_property(t, markers[m], &payload);
            }
            /* Random runs of two to six atoms, with words between some. */
            for (int round = 0; round < 1500; round++) {
                sbuf_reset(&payload);
                seed = seed * 1103515245u + 12345u;
                int len = 2 + (int)((seed >> 16) % 5);
                for (int j = 0; j < len; j++) {
                    seed = seed * 1103515245u + 12345u;
                    struct atom at = atom_at(t->json, (seed >> 8) % na, gen);
                    assert_int_equal(sbuf_add(&payload, at.s, at.n), 0);
                    if ((seed >> 28) == 0) assert_int_equal(sbuf_adds(&payload, "w "), 0);
                }
                check_property(t, markers[m], &payload);
            }
        }
    }
    print_message("no-loss property: %zu documents\n", prop_docs);
    sbuf_free(&payload);
}

struct job {
    char *buf;
    size_t len;
    size_t want;
    int bad;
};

static void *parse_many(void *arg)
{
    struct job *j = arg;
    for (int i = 0; i < 30; i++) {
        struct feed_doc d;
        if (feed_parse(j->buf, j->len, NOW, &d) != 0 || d.n_items != j->want) j->bad++;
        feed_doc_free(&d);
    }
    return NULL;
}

/* The fetcher parses in its own thread while the UI may convert HTML. */
static void test_threads(void **state)
{
    const char *names[] = {"rss2.xml", "atom10.xml", "latin1_as_utf8.xml", "jsonfeed10.json"};
    size_t want[] = {6, 3, 1, 2};
    struct job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (struct job){NULL, 0, want[i], 0};
        jobs[i].buf = load(names[i], &jobs[i].len);
    }
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, parse_many, &jobs[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(jobs[i].bad, 0);
        free(jobs[i].buf);
    }
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
        cmocka_unit_test(test_truncations),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_no_loss_property),
        cmocka_unit_test(test_every_field),
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
