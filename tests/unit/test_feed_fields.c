/* Every field feed_parse fills, item by item, for one fixture of each
 * format. */
#include "feed_test.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
