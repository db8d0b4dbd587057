/* Per-transaction sums for the per-feed article counts and the per-ticker
 * per-day sentiment aggregates.
 *
 * Why not triggers: once FTS5 holds pending terms in a transaction, every
 * later statement that fires a trigger opens a statement savepoint, and FTS5
 * flushes its pending terms to a new segment at each savepoint. With insert
 * triggers that meant a segment per article, which cost about 40% of ingest.
 * So inserts add to these sums and store_commit writes them once per key,
 * just before COMMIT. Deletes (rare: removing a feed, reanalysing) still use
 * the triggers in schema.c.
 *
 * The same per-transaction memory keeps the symbols the transaction has
 * written to tickers, so that each is upserted once a transaction rather
 * than once a mention. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "storage/internal.h"

struct agg_day {
    char symbol[16];
    int64_t day;
    int used; /* 0: empty slot */
    int articles;
    double weight, score;
};

struct agg_feed {
    int64_t feed; /* 0: empty slot */
    int64_t n;
};

struct store_agg {
    struct agg_day *days;
    size_t n_days, cap_days; /* cap is a power of two */
    struct agg_feed *feeds;
    size_t n_feeds, cap_feeds;
    /* Symbols written to tickers in this transaction, open addressing;
     * NULL until first use. */
    char (*tickers)[16];
    size_t n_tickers;
};

/* Slots for known tickers: a batch of news names a few hundred at most;
 * past half full the rest are simply written each time. */
#define KNOWN_TICKERS 1024

static uint64_t hash_day(const char *sym, int64_t day)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)day;
    for (; *sym; sym++)
        h = (h ^ (unsigned char)*sym) * 1099511628211ull;
    return h ^ (h >> 29);
}

static int grow_days(struct store_agg *g)
{
    size_t cap = g->cap_days ? g->cap_days * 2 : 256;
    struct agg_day *d = malloc(cap * sizeof *d);
    if (!d) return err_set("out of memory");
    for (size_t i = 0; i < cap; i++)
        d[i].used = 0;
    for (size_t i = 0; i < g->cap_days; i++) {
        if (!g->days[i].used) continue;
        size_t j = hash_day(g->days[i].symbol, g->days[i].day) & (cap - 1);
        while (d[j].used)
            j = (j + 1) & (cap - 1);
        d[j] = g->days[i];
    }
    free(g->days);
    g->days = d;
    g->cap_days = cap;
    return 0;
}

static struct store_agg *agg(struct store *s)
{
    if (!s->agg) s->agg = calloc(1, sizeof *s->agg);
    if (!s->agg) err_set("out of memory");
    return s->agg;
}

int store_agg_mention(struct store *s, const char *symbol, int64_t published, double relevance,
                      double sentiment)
{
    struct store_agg *g = agg(s);
    if (!g) return -1;
    if ((g->n_days + 1) * 2 > g->cap_days && grow_days(g)) return -1;
    /* Truncating division, as SQLite does in the delete trigger. */
    int64_t day = published / 86400;
    size_t j = hash_day(symbol, day) & (g->cap_days - 1);
    while (g->days[j].used && (g->days[j].day != day || strcmp(g->days[j].symbol, symbol)))
        j = (j + 1) & (g->cap_days - 1);
    struct agg_day *d = &g->days[j];
    if (!d->used) {
        memset(d, 0, sizeof *d);
        snprintf(d->symbol, sizeof d->symbol, "%s", symbol);
        d->day = day;
        d->used = 1;
        g->n_days++;
    }
    d->articles++;
    d->weight += relevance;
    d->score += relevance * sentiment;
    return 0;
}

int store_agg_article(struct store *s, int64_t feed_id)
{
    struct store_agg *g = agg(s);
    if (!g) return -1;
    /* A transaction touches few feeds (usually one): a short list will do. */
    for (size_t i = 0; i < g->n_feeds; i++) {
        if (g->feeds[i].feed == feed_id) {
            g->feeds[i].n++;
            return 0;
        }
    }
    if (g->n_feeds == g->cap_feeds) {
        size_t cap = g->cap_feeds ? g->cap_feeds * 2 : 8;
        struct agg_feed *f = realloc(g->feeds, cap * sizeof *f);
        if (!f) return err_set("out of memory");
        g->feeds = f;
        g->cap_feeds = cap;
    }
    g->feeds[g->n_feeds].feed = feed_id;
    g->feeds[g->n_feeds].n = 1;
    g->n_feeds++;
    return 0;
}

static const char SQL_DAY[] =
    "INSERT INTO sentiment_daily(symbol, day, articles, weight_sum, score_sum) VALUES (?,?,?,?,?)"
    " ON CONFLICT(symbol, day) DO UPDATE SET articles = sentiment_daily.articles + "
    "excluded.articles,"
    " weight_sum = sentiment_daily.weight_sum + excluded.weight_sum,"
    " score_sum = sentiment_daily.score_sum + excluded.score_sum";
static const char SQL_FEED_COUNT[] =
    "UPDATE feeds SET article_count = article_count + ? WHERE id = ?";

int store_agg_flush(struct store *s)
{
    struct store_agg *g = s->agg;
    /* The mentions first; a failure there discards the sums as well. */
    int rc = store_mentions_flush(s);
    if (!g) return rc;
    for (size_t i = 0; !rc && i < g->cap_days; i++) {
        struct agg_day *d = &g->days[i];
        if (!d->used) continue;
        struct db_stmt *st = store_prep(s, SQL_DAY);
        if (!st) {
            rc = -1;
            break;
        }
        db_bind_static(st, 1, d->symbol);
        db_bind_int64(st, 2, d->day);
        db_bind_int(st, 3, d->articles);
        db_bind_double(st, 4, d->weight);
        db_bind_double(st, 5, d->score);
        rc = store_step_later(s, st, "updating daily sentiment");
    }
    for (size_t i = 0; !rc && i < g->n_feeds; i++) {
        struct db_stmt *st = store_prep(s, SQL_FEED_COUNT);
        if (!st) {
            rc = -1;
            break;
        }
        db_bind_int64(st, 1, g->feeds[i].n);
        db_bind_int64(st, 2, g->feeds[i].feed);
        rc = store_step_later(s, st, "counting a feed's articles");
    }
    store_agg_discard(s);
    return rc;
}

void store_agg_discard(struct store *s)
{
    struct store_agg *g = s->agg;
    store_mentions_discard(s);
    if (!g) return;
    for (size_t i = 0; i < g->cap_days; i++)
        g->days[i].used = 0;
    g->n_days = 0;
    g->n_feeds = 0;
}

int store_agg_ticker_new(struct store *s, const char *symbol)
{
    size_t len = strlen(symbol);
    struct store_agg *g = s->agg;
    /* Outside a transaction each statement commits alone: nothing to
     * remember it by. */
    if (db_autocommit(s->db) || len >= sizeof g->tickers[0] || !(g = agg(s))) return 1;
    if (!g->tickers && !(g->tickers = calloc(KNOWN_TICKERS, sizeof *g->tickers))) return 1;
    size_t j = hash_day(symbol, 0) & (KNOWN_TICKERS - 1);
    while (g->tickers[j][0]) {
        if (!strcmp(g->tickers[j], symbol)) return 0;
        j = (j + 1) & (KNOWN_TICKERS - 1);
    }
    if ((g->n_tickers + 1) * 2 > KNOWN_TICKERS) return 1;
    memcpy(g->tickers[j], symbol, len + 1);
    g->n_tickers++;
    return 1;
}

void store_agg_tickers_forget(struct store *s)
{
    struct store_agg *g = s->agg;
    if (!g || !g->n_tickers) return;
    memset(g->tickers, 0, KNOWN_TICKERS * sizeof *g->tickers);
    g->n_tickers = 0;
}

void store_agg_free(struct store *s)
{
    store_mentions_free(s);
    if (!s->agg) return;
    free(s->agg->tickers);
    free(s->agg->days);
    free(s->agg->feeds);
    free(s->agg);
    s->agg = NULL;
}
