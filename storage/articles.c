/* Storing articles with their analysis, and keyset-paged reading. */
#include "storage/articles.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/summary.h"
#include "storage/claimset.h"
#include "storage/internal.h"
#include "core/story.h"
#include "storage/stories.h"

/* SQLite keys the guid by its key and slot (schema.c, m15), the slot one
 * the insert has found free (guid_slot), so a conflict there is an error,
 * not a refetch; PostgreSQL keeps UNIQUE (feed_id, guid) and lets it say.
 * SQLite writes the article's sentiment in ten-thousandths (m15), which
 * the column sentiment reads back as a fraction. */
#define INSERT_COLS(sentiment)                                                                     \
    "INSERT INTO articles(feed_id, guid, title, link, author, published, fetched, summary,"        \
    " content, analyzer_version, " sentiment ", tickers, provider_score, provider_label, digest, " \
    "updated, claims, link_key, title_key, story"
#define INSERT_VALUES "VALUES (?,?,?,?,?,?,?,bp_pack(?),bp_pack(?),?,?,?,?,?,?,?,?,?,?,?"
static const char SQL_INSERT[] = INSERT_COLS("sentiment_e4") ", guid_slot) " INSERT_VALUES ",?)";
static const char SQL_INSERT_PG[] =
    INSERT_COLS("sentiment") ") " INSERT_VALUES ") ON CONFLICT(feed_id, guid) DO NOTHING";
/* The slots of a guid's key in its feed, and whether each holds the guid. */
static const char SQL_SLOTS[] = "SELECT guid_slot, guid = ?4 FROM articles WHERE feed_id = ?1"
                                " AND " STORE_GUID_INDEXED " BETWEEN ?2 AND ?3";
/* SQLite keeps relevance and sentiment in ten-thousandths in mention_rows
 * (schema.c, m12) and the provider's three columns in one (m15);
 * PostgreSQL as they are in mentions. */
static const char SQL_MENTION[] =
    "INSERT INTO mention_rows(article_id, symbol, count, relevance, sentiment, published,"
    " provider) VALUES (?1,?2,?3,round(?4 * 10000),round(?5 * 10000),?6,bp_provider(?7,?8,?9))"
    " ON CONFLICT(article_id, symbol) DO UPDATE SET provider = excluded.provider";
static const char SQL_MENTION_PG[] =
    "INSERT INTO mentions(article_id, symbol, count, relevance, sentiment, published,"
    " provider_score, provider_relevance, provider_label) VALUES (?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT(article_id, symbol) DO UPDATE SET provider_score = excluded.provider_score,"
    " provider_relevance = excluded.provider_relevance,"
    " provider_label = excluded.provider_label";
static const char SQL_TICKER[] =
    "INSERT INTO tickers(symbol, name) VALUES (?, ?) ON CONFLICT(symbol) DO NOTHING";
/* The summary expression matches the triggers in schema.c. PostgreSQL
 * keeps its index (a generated tsvector column) by itself. */
static const char SQL_FTS[] =
    "INSERT INTO articles_fts(rowid, title, summary, content) VALUES (?1, ?2,"
    " CASE WHEN instr(?4, ?3) > 0 THEN NULL ELSE ?3 END, ?4)";
static const char SQL_DEL_MENTIONS[] = "DELETE FROM mention_rows WHERE article_id = ?";
static const char SQL_DEL_MENTIONS_PG[] = "DELETE FROM mentions WHERE article_id = ?";
#define SET_ANALYSIS(sentiment)                                                                    \
    "UPDATE articles SET analyzer_version = ?, " sentiment " = ?, tickers = ?, digest = ?,"        \
    " claims = ? WHERE id = ?"
static const char SQL_SET_ANALYSIS[] = SET_ANALYSIS("sentiment_e4");
static const char SQL_SET_ANALYSIS_PG[] = SET_ANALYSIS("sentiment");

/* The top symbols by relevance, space-separated, for drawing a list row. */
static char *top_tickers(const struct analysis *an)
{
    struct sbuf b = {0};
    int order[5];
    size_t k = 0;
    for (size_t i = 0; i < an->n_tickers; i++) {
        size_t j;
        if (k < 5) {
            j = k++;
        } else {
            /* Full: the newcomer replaces the last only when it ranks higher. */
            if (an->tickers[order[4]].relevance >= an->tickers[i].relevance) continue;
            j = 4;
        }
        order[j] = (int)i;
        while (j > 0 && an->tickers[order[j - 1]].relevance < an->tickers[order[j]].relevance) {
            int t = order[j - 1];
            order[j - 1] = order[j];
            order[j] = t;
            j--;
        }
    }
    int bad = 0;
    for (size_t i = 0; i < k; i++)
        bad |= (i && sbuf_addc(&b, ' ')) || sbuf_adds(&b, an->tickers[order[i]].symbol);
    if (bad) {
        sbuf_free(&b);
        return NULL;
    }
    return sbuf_take(&b);
}

static const struct provider_ticker *provider_for(const struct article *a, const char *sym)
{
    for (size_t i = 0; i < a->n_provider_tickers; i++)
        if (!strcmp(a->provider_tickers[i].symbol, sym)) return &a->provider_tickers[i];
    return NULL;
}

/* The analysis's claims as a claim set (storage/claimset.h) in out; empty
 * for none. Only offsets are kept: the text is the article's own
 * (article_compose_text), so storing it again would double the claims'
 * share of the file. Returns 0 or -1 with err set. */
static int pack_claims(const struct analysis *an, struct sbuf *out)
{
    sbuf_reset(out);
    if (!an || !an->n_claims) return 0;
    struct claimset_item *items = calloc(an->n_claims, sizeof *items);
    /* Every claim's tickers, space-separated, one after another. */
    struct sbuf tk = {0};
    size_t *at = calloc(an->n_claims, sizeof *at);
    int bad = !items || !at;
    for (size_t i = 0; !bad && i < an->n_claims; i++) {
        const struct claim *c = &an->claims[i];
        at[i] = tk.len;
        for (size_t j = 0; j < c->n_tickers && !bad; j++)
            bad = (j && sbuf_addc(&tk, ' ')) || sbuf_adds(&tk, c->tickers[j]);
        items[i] = (struct claimset_item){.start = (int)c->span.start,
                                          .end = (int)c->span.end,
                                          .kind = (int)c->kind,
                                          .score = c->score,
                                          .tickers_len = tk.len - at[i]};
    }
    /* Pointers only now: tk may have moved while it grew. */
    for (size_t i = 0; !bad && i < an->n_claims; i++)
        items[i].tickers = items[i].tickers_len ? tk.p + at[i] : NULL;
    int rc = bad ? err_set("out of memory") : claimset_pack(items, an->n_claims, out);
    free(items);
    free(at);
    sbuf_free(&tk);
    return rc;
}

/* Binds a claim set without a copy: set must outlive the step. */
static int bind_claims(struct db_stmt *st, int i, const struct sbuf *set)
{
    if (!set->len) return db_bind_null(st, i);
    return db_bind_blob(st, i, set->p, (int)set->len);
}

/* A mention's relevance or sentiment, or an article's sentiment, to four
 * decimals, as SQLite keeps them (ten-thousandths, schema.c m12 and m15):
 * rounded here on either engine, so the per-day sums add what is stored
 * and both engines and a store copy agree. */
static double ten_thousandths(double x)
{
    return round(x * 10000) / 10000;
}

/* Binds an article's sentiment as its engine keeps it: SQLite's column
 * in ten-thousandths, PostgreSQL's the fraction to four decimals. */
static void bind_sentiment(struct store *s, struct db_stmt *st, int i, double x)
{
    if (store_is_pg(s))
        db_bind_double(st, i, ten_thousandths(x));
    else
        db_bind_int64(st, i, (int64_t)round(x * 10000));
}

int store_mention_write(struct store *s, const struct mention_put *m)
{
    struct db_stmt *st = store_prep(s, STORE_SQL(s, SQL_MENTION));
    if (!st) return -1;
    db_bind_int64(st, 1, m->article_id);
    db_bind_text(st, 2, m->symbol);
    db_bind_int(st, 3, m->count);
    db_bind_double(st, 4, m->relevance);
    db_bind_double(st, 5, m->sentiment);
    db_bind_int64(st, 6, m->published);
    if (m->has_provider) {
        db_bind_double(st, 7, m->provider_score);
        db_bind_double(st, 8, m->provider_relevance);
        db_bind_text(st, 9, m->provider_label);
    } else {
        db_bind_null(st, 7);
        db_bind_null(st, 8);
        db_bind_null(st, 9);
    }
    return store_step_later(s, st, "storing a mention");
}

/* Writes m now, or (queue) holds it for the end of the part
 * (storage/mention_queue.c). */
static int put_mention(struct store *s, const struct mention_put *m, int queue)
{
    return queue ? store_mentions_queue(s, m) : store_mention_write(s, m);
}

static void set_provider(struct mention_put *m, const struct provider_ticker *p)
{
    m->has_provider = p != NULL;
    if (!p) return;
    m->provider_score = p->score;
    m->provider_relevance = p->relevance;
    m->provider_label = p->label;
}

/* Writes the mentions of an analysed article. Provider tickers that the
 * analyser did not find are kept with count 0, which the per-day
 * aggregates ignore. queue: a new article's on SQLite, whose mentions are
 * written at the commit in the symbol index's order; the sums
 * and the tickers are written as before either way. */
static int write_mentions(struct store *s, int64_t id, int64_t published, const struct analysis *an,
                          const struct article *a, int queue)
{
    struct db_stmt *st;
    for (size_t i = 0; an && i < an->n_tickers; i++) {
        const struct ticker_hit *t = &an->tickers[i];
        struct mention_put m = {.article_id = id,
                                .published = published,
                                .symbol = t->symbol,
                                .count = t->mentions,
                                .relevance = ten_thousandths(t->relevance),
                                .sentiment = ten_thousandths(t->score)};
        set_provider(&m, a ? provider_for(a, t->symbol) : NULL);
        if (put_mention(s, &m, queue)) return -1;
        if (t->mentions > 0 && store_agg_mention(s, t->symbol, published, m.relevance, m.sentiment))
            return -1;
        if (!store_agg_ticker_new(s, t->symbol)) continue;
        if (!(st = store_prep(s, SQL_TICKER))) return -1;
        db_bind_text(st, 1, t->symbol);
        db_bind_text(st, 2, t->name);
        if (store_step_later(s, st, "storing a ticker")) return -1;
    }
    for (size_t i = 0; a && i < a->n_provider_tickers; i++) {
        const struct provider_ticker *p = &a->provider_tickers[i];
        int found = 0;
        for (size_t j = 0; an && j < an->n_tickers && !found; j++)
            found = !strcmp(an->tickers[j].symbol, p->symbol);
        if (found) continue;
        struct mention_put m = {.article_id = id, .published = published, .symbol = p->symbol};
        set_provider(&m, p);
        if (put_mention(s, &m, queue)) return -1;
    }
    return 0;
}

void store_bind_guid_slots(struct db_stmt *st, int i, const char *guid)
{
    int64_t k = store_guid_key32(guid);
    db_bind_int64(st, i, k);
    db_bind_int64(st, i + 1, k + STORY_GUID_SLOTS - 1);
}

/* Where guid goes in feed_id's slots (SQLite): 1 when one holds it
 * already, 0 with *slot the first free one, -1 with err set (every slot
 * taken by another guid). The caller holds the write lock, so no other
 * writer can take the slot before the insert. */
static int guid_slot(struct store *s, int64_t feed_id, const char *guid, int64_t *slot)
{
    struct db_stmt *st = store_prep(s, SQL_SLOTS);
    if (!st) return -1;
    db_bind_int64(st, 1, feed_id);
    store_bind_guid_slots(st, 2, guid);
    db_bind_static(st, 4, guid);
    unsigned taken = 0;
    int rc, known = 0;
    while (!known && (rc = db_step(st)) == DB_ROW) {
        taken |= 1u << (db_column_int64(st, 0) & (STORY_GUID_SLOTS - 1));
        known = db_column_int(st, 1);
    }
    db_reset(st);
    if (known) return 1;
    if (rc != DB_DONE) return store_fail(s, "looking up an article's guid");
    for (int i = 0; i < STORY_GUID_SLOTS; i++)
        if (!(taken & 1u << i)) {
            *slot = i;
            return 0;
        }
    return err_set("%s: feed %lld: %d other guids share the key of guid %s", store_path(s),
                   (long long)feed_id, STORY_GUID_SLOTS, guid);
}

/* Text the insert passes through bp_pack: the packed copy when the caller
 * made one (bp_pack keeps a BLOB as it is), else the text. PostgreSQL keeps
 * text as text. */
static void bind_packed(struct store *s, struct db_stmt *st, int i, const char *text,
                        const unsigned char *packed, size_t n)
{
    if (packed && !store_is_pg(s))
        db_bind_blob(st, i, packed, (int)n);
    else
        db_bind_static(st, i, text);
}

int store_article_insert_stored(struct store *s, struct article *a, const struct article_stored *an)
{
    int64_t slot = 0;
    if (!store_is_pg(s)) {
        int known = guid_slot(s, a->feed_id, a->guid, &slot);
        if (known) return known < 0 ? -1 : 0;
    }
    struct story_keys sk;
    if (store_story_find(s, a, &sk)) return -1;
    struct db_stmt *st = store_prep_insert(s, STORE_SQL(s, SQL_INSERT));
    if (!st) return -1;
    /* The article outlives the step, so SQLite need not copy its text (the
     * bodies are most of what an ingest moves). */
    db_bind_int64(st, 1, a->feed_id);
    db_bind_static(st, 2, a->guid);
    db_bind_static(st, 3, a->title);
    db_bind_static(st, 4, a->link);
    db_bind_static(st, 5, a->author);
    db_bind_int64(st, 6, a->published);
    db_bind_int64(st, 7, a->fetched);
    bind_packed(s, st, 8, a->summary, a->summary_packed, a->summary_packed_len);
    bind_packed(s, st, 9, a->content, a->content_packed, a->content_packed_len);
    db_bind_int(st, 10, an->version);
    if (an->has_score)
        bind_sentiment(s, st, 11, an->score);
    else
        db_bind_null(st, 11);
    db_bind_static(st, 12, an->tickers);
    if (a->has_provider)
        db_bind_double(st, 13, a->provider_score);
    else
        db_bind_null(st, 13);
    db_bind_static(st, 14, a->provider_label);
    unsigned char digest[SUMMARY_SPANS_PACKED];
    store_bind_digest(s, st, 15, an->digest, an->n_digest, digest);
    if (a->has_updated)
        db_bind_int64(st, 16, a->updated);
    else
        db_bind_null(st, 16);
    if (an->claims_len)
        db_bind_blob(st, 17, an->claims, an->claims_len);
    else
        db_bind_null(st, 17);
    store_story_bind(st, 18, &sk);
    if (!store_is_pg(s)) db_bind_int64(st, 21, slot);
    int64_t id;
    if (store_step_id(s, st, &id, "storing an article")) return -1;
    if (!id) return 0;
    a->id = id;
    if (store_story_join(s, &sk)) return -1;
    if (!store_is_pg(s)) {
        if (!(st = store_prep(s, SQL_FTS))) return -1;
        db_bind_int64(st, 1, a->id);
        db_bind_static(st, 2, a->title);
        db_bind_static(st, 3, a->summary);
        db_bind_static(st, 4, a->content);
        if (store_step_done(s, st, "indexing an article")) return -1;
    }
    return store_agg_article(s, a->feed_id) ? -1 : 1;
}

int store_article_insert(struct store *s, struct article *a, const struct analysis *an)
{
    struct sbuf claims = {0};
    if (pack_claims(an, &claims)) return -1;
    struct article_stored cols = {.version = an ? ANALYZER_VERSION : 0,
                                  .has_score = an != NULL,
                                  .score = an ? an->score : 0,
                                  .tickers = an ? top_tickers(an) : NULL,
                                  .digest = an ? an->summary : NULL,
                                  .n_digest = an ? an->n_summary : 0,
                                  .claims = claims.p,
                                  .claims_len = (int)claims.len};
    int rc = store_article_insert_stored(s, a, &cols);
    free((char *)cols.tickers);
    sbuf_free(&claims);
    if (rc != 1) return rc;
    if (write_mentions(s, a->id, a->published, an, a, !store_is_pg(s))) return -1;
    /* Outside a transaction the sums are written at once. */
    if (db_autocommit(s->db) && store_agg_flush(s)) return -1;
    return 1;
}

int store_article_set_analysis(struct store *s, int64_t id, const struct analysis *an,
                               const struct article *a)
{
    struct db_stmt *st;
    if (!(st = store_prep(s, STORE_SQL(s, SQL_DEL_MENTIONS)))) return -1;
    db_bind_int64(st, 1, id);
    if (store_step_done(s, st, "clearing mentions")) return -1;
    if (write_mentions(s, id, a->published, an, a, 0)) return -1;
    if (!(st = store_prep(s, STORE_SQL(s, SQL_SET_ANALYSIS)))) return -1;
    struct sbuf claims = {0};
    if (pack_claims(an, &claims)) {
        db_reset(st);
        return -1;
    }
    char *tickers = top_tickers(an);
    db_bind_int(st, 1, ANALYZER_VERSION);
    bind_sentiment(s, st, 2, an->score);
    db_bind_text(st, 3, tickers);
    unsigned char digest[SUMMARY_SPANS_PACKED];
    store_bind_digest(s, st, 4, an->summary, an->n_summary, digest);
    bind_claims(st, 5, &claims);
    db_bind_int64(st, 6, id);
    int rc = store_step_done(s, st, "saving the analysis");
    free(tickers);
    sbuf_free(&claims);
    if (!rc && db_autocommit(s->db)) rc = store_agg_flush(s);
    return rc;
}
