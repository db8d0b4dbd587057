/* bigstore: writes a large store straight through the storage API, for the
 * workstation and query benchmarks.
 *
 *   bigstore DB N [--feeds K] [--seed S] [--days D] [--synthetic] [--now T]
 *
 * Adds K feeds (default 50) and N articles of generated market news spread
 * evenly over the D days (default 365) before now, in transactions of 20,000
 * through store_article_insert. By default every article goes through the
 * real analyser (analyzer_run), so mentions, claims and the per-day
 * aggregates are what a fetch would have stored; with --synthetic a cheap
 * made-up analysis (two tickers, one claim, a score) is stored instead.
 * The same seed gives the same store. Prints articles/s at the end. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/analyze.h"
#include "core/article.h"
#include "core/err.h"
#include "core/str.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/store.h"

static const char *const companies[][2] = {
    {"Apple", "AAPL"},
    {"Microsoft", "MSFT"},
    {"Nvidia", "NVDA"},
    {"Amazon", "AMZN"},
    {"Alphabet", "GOOGL"},
    {"Meta Platforms", "META"},
    {"Tesla", "TSLA"},
    {"JPMorgan Chase", "JPM"},
    {"Visa", "V"},
    {"Exxon Mobil", "XOM"},
    {"UnitedHealth", "UNH"},
    {"Walmart", "WMT"},
    {"Procter & Gamble", "PG"},
    {"Mastercard", "MA"},
    {"Chevron", "CVX"},
    {"Home Depot", "HD"},
    {"Eli Lilly", "LLY"},
    {"AbbVie", "ABBV"},
    {"Merck", "MRK"},
    {"PepsiCo", "PEP"},
    {"Coca-Cola", "KO"},
    {"Costco", "COST"},
    {"Broadcom", "AVGO"},
    {"Oracle", "ORCL"},
    {"Adobe", "ADBE"},
    {"Salesforce", "CRM"},
    {"Netflix", "NFLX"},
    {"Advanced Micro Devices", "AMD"},
    {"Intel", "INTC"},
    {"Qualcomm", "QCOM"},
    {"Cisco", "CSCO"},
    {"Bank of America", "BAC"},
    {"Goldman Sachs", "GS"},
    {"Boeing", "BA"},
    {"Caterpillar", "CAT"},
    {"Ford Motor", "F"},
    {"General Motors", "GM"},
    {"Pfizer", "PFE"},
    {"Starbucks", "SBUX"},
    {"Nike", "NKE"},
    {"Disney", "DIS"},
    {"Verizon", "VZ"},
    {"Uber", "UBER"},
    {"PayPal", "PYPL"},
    {"Palantir", "PLTR"},
    {"Micron Technology", "MU"},
    {"Target", "TGT"},
    {"BlackRock", "BLK"},
};
#define N_COMPANIES (sizeof companies / sizeof companies[0])

static const char *const brokers[] = {"Morgan Stanley", "Barclays", "UBS",  "Jefferies",
                                      "Bernstein",      "Wedbush",  "Citi", "Evercore ISI"};
static const char *const products[] = {"data-centre chips", "cloud services",    "advertising",
                                       "subscriptions",     "electric vehicles", "smartphones",
                                       "software licences", "AI accelerators"};
static const char *const up[] = {"rose", "jumped", "climbed", "gained"};
static const char *const down[] = {"fell", "slid", "dropped", "declined"};

/* xorshift64*: small, seedable, the same everywhere. */
static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}
static unsigned pick(unsigned n)
{
    return (unsigned)(rnd() % n);
}
#define PICK(a) a[pick(sizeof a / sizeof a[0])]
static double pct(void)
{
    return 0.3 + (double)pick(3700) / 100.0;
}

static void sentence(struct sbuf *b, const char *an, const char *at, const char *bn)
{
    switch (pick(8)) {
    case 0:
        sbuf_printf(b,
                    "%s (NASDAQ: %s) reported revenue of $%.1f billion, up %.1f%% from a year "
                    "earlier. ",
                    an, at, 1 + pick(900) / 10.0, pct());
        break;
    case 1:
        sbuf_printf(b, "Shares of %s %s %.1f%% after the results beat estimates. ", an, PICK(up),
                    pct());
        break;
    case 2:
        sbuf_printf(b, "Shares of %s %s %.1f%% after the company cut its guidance. ", an,
                    PICK(down), pct());
        break;
    case 3:
        sbuf_printf(b, "%s expects revenue of $%.1f billion next quarter, ahead of consensus. ", an,
                    1 + pick(900) / 10.0);
        break;
    case 4:
        sbuf_printf(b, "Analysts at %s raised their price target on $%s to $%u. ", PICK(brokers),
                    at, 40 + pick(800));
        break;
    case 5:
        sbuf_printf(b, "%s downgraded %s, warning that margins will narrow next year. ",
                    PICK(brokers), an);
        break;
    case 6:
        sbuf_printf(b, "%s said demand for %s was weaker than expected. ", an, PICK(products));
        break;
    default:
        sbuf_printf(b, "%s now leads the market for %s, well ahead of %s. ", an, PICK(products),
                    bn);
        break;
    }
}

static void synthetic_analysis(struct analysis *an, const char *s1, const char *s2, size_t tlen)
{
    static struct ticker_hit hits[2];
    static struct claim claims[1];
    static struct span spans[2];
    memset(hits, 0, sizeof hits);
    snprintf(hits[0].symbol, sizeof hits[0].symbol, "%s", s1);
    snprintf(hits[1].symbol, sizeof hits[1].symbol, "%s", s2);
    double sc = ((double)pick(2001) - 1000.0) / 1000.0;
    for (int i = 0; i < 2; i++) {
        hits[i].mentions = 1 + (int)pick(3);
        hits[i].relevance = i ? 0.4 : 0.9;
        hits[i].score = i ? -sc / 2 : sc;
        spans[i] = (struct span){0, 4, 0, 4};
        hits[i].spans = &spans[i];
        hits[i].n_spans = 1;
    }
    claims[0] = (struct claim){
        .span = {0, (uint32_t)tlen, 0, (uint32_t)tlen}, .kind = CLAIM_FIGURE, .score = sc};
    *an = (struct analysis){
        .score = sc, .tickers = hits, .n_tickers = 2, .claims = claims, .n_claims = 1};
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bigstore DB N [--feeds K] [--seed S] [--days D] [--synthetic] "
                        "[--now T]\n");
        return 2;
    }
    const char *db = argv[1];
    long long n = atoll(argv[2]);
    long feeds = 50, days = 365;
    uint64_t seed = 1;
    int synthetic = 0;
    int64_t now = (int64_t)time(NULL);
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--feeds") && i + 1 < argc)
            feeds = atol(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--days") && i + 1 < argc)
            days = atol(argv[++i]);
        else if (!strcmp(argv[i], "--now") && i + 1 < argc)
            now = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--synthetic"))
            synthetic = 1;
        else {
            fprintf(stderr, "bigstore: unknown option '%s'\n", argv[i]);
            return 2;
        }
    }
    if (n <= 0 || feeds <= 0 || days <= 0) {
        fprintf(stderr, "bigstore: N, --feeds and --days must be positive\n");
        return 2;
    }
    rng_state = seed * 0x9E3779B97F4A7C15ull + 1;
    struct store *s = store_open(db, 0);
    struct analyzer *an = synthetic ? NULL : analyzer_new(NULL);
    if (!s || (!synthetic && !an)) {
        fprintf(stderr, "bigstore: %s\n", err_msg());
        return 1;
    }
    int64_t *ids = calloc((size_t)feeds, sizeof *ids);
    if (!ids || store_begin(s)) goto fail;
    for (long f = 0; f < feeds; f++) {
        char url[128], name[64];
        snprintf(url, sizeof url, "http://127.0.0.1:9/bigstore/feed-%04ld.xml", f);
        snprintf(name, sizeof name, "Wire %ld", f);
        if (store_feed_add(s, url, name, now - days * 86400, &ids[f]) < 0) goto fail;
    }
    if (store_commit(s)) goto fail;

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    double span = (double)days * 86400.0;
    struct sbuf text = {0}, body = {0}, title = {0};
    long long stored = 0, text_bytes = 0;
    for (long long i = 0; i < n; i++) {
        if (i % 20000 == 0 && store_begin(s)) goto fail;
        unsigned ca = pick(N_COMPANIES), cb = (ca + 1 + pick(N_COMPANIES - 1)) % N_COMPANIES;
        const char *aname = companies[ca][0], *atick = companies[ca][1];
        title.len = body.len = 0;
        switch (pick(4)) {
        case 0:
            sbuf_printf(&title, "%s beats estimates as revenue jumps %.1f%%", aname, pct());
            break;
        case 1:
            sbuf_printf(&title, "%s (%s) shares slide after weak guidance", aname, atick);
            break;
        case 2:
            sbuf_printf(&title, "%s upgrades %s to buy", PICK(brokers), atick);
            break;
        default:
            sbuf_printf(&title, "%s and %s battle for share in %s", aname, companies[cb][0],
                        PICK(products));
        }
        for (unsigned k = 2 + pick(4); k > 0; k--)
            sentence(&body, aname, atick, companies[cb][0]);
        char guid[48];
        snprintf(guid, sizeof guid, "big-%lld", i);
        struct article a = {
            .feed_id = ids[i % feeds],
            .guid = guid,
            .title = title.p,
            .link = guid,
            .summary = body.p,
            /* Oldest first, evenly spread: the last one is `now`. */
            .published = now - (int64_t)(span * (double)(n - 1 - i) / (double)n),
        };
        a.fetched = a.published;
        struct analysis res;
        size_t tlen = 0;
        text.len = 0;
        if (article_compose_text(&a, &text, &tlen)) goto fail;
        text_bytes += (long long)text.len;
        if (synthetic)
            synthetic_analysis(&res, atick, companies[cb][1], tlen);
        else if (analyzer_run(an, text.p, text.len, tlen, &res))
            goto fail;
        int rc = store_article_insert(s, &a, &res);
        if (!synthetic) analysis_free(&res);
        if (rc < 0) goto fail;
        stored += rc;
        if ((i + 1) % 20000 == 0 || i + 1 == n) {
            if (store_commit(s)) goto fail;
            if ((i + 1) % 200000 == 0) fprintf(stderr, "bigstore: %lld articles\n", i + 1);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("{\"articles\": %lld, \"seconds\": %.2f, \"per_second\": %.0f, \"text_mb\": %.1f, "
           "\"analysis\": \"%s\"}\n",
           stored, secs, (double)stored / secs, (double)text_bytes / 1e6,
           synthetic ? "synthetic" : "analyzer_run");
    sbuf_free(&text);
    sbuf_free(&body);
    sbuf_free(&title);
    free(ids);
    analyzer_free(an);
    store_close(s);
    return 0;
fail:
    fprintf(stderr, "bigstore: %s\n", err_msg());
    store_rollback(s);
    store_close(s);
    return 1;
}
