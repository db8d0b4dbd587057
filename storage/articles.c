/* Storing articles with their analysis, and keyset-paged reading. */
#include "storage/articles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/summary.h"
#include "storage/internal.h"

static const char SQL_INSERT[] =
    "INSERT INTO articles(feed_id, guid, title, link, author, published, fetched, summary,"
    " content, analyzer_version, sentiment, tickers, provider_score, provider_label, digest, "
    "updated)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(feed_id, guid) DO NOTHING";
static const char SQL_MENTION[] =
    "INSERT INTO mentions(article_id, symbol, count, relevance, sentiment, published,"
    " provider_score, provider_relevance, provider_label) VALUES (?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT(article_id, symbol) DO UPDATE SET provider_score = excluded.provider_score,"
    " provider_relevance = excluded.provider_relevance,"
    " provider_label = excluded.provider_label";
static const char SQL_TICKER[] =
    "INSERT INTO tickers(symbol, name) VALUES (?, ?) ON CONFLICT(symbol) DO NOTHING";
static const char SQL_CLAIM[] =
    "INSERT INTO claims(article_id, start, end, kind, sentiment, tickers) VALUES (?,?,?,?,?,?)"
    " ON CONFLICT DO NOTHING";
/* The summary expression matches the triggers in schema.c. */
static const char SQL_FTS[] =
    "INSERT INTO articles_fts(rowid, title, summary, content) VALUES (?1, ?2,"
    " CASE WHEN instr(?4, ?3) > 0 THEN NULL ELSE ?3 END, ?4)";
static const char SQL_DEL_MENTIONS[] = "DELETE FROM mentions WHERE article_id = ?";
static const char SQL_DEL_CLAIMS[] = "DELETE FROM claims WHERE article_id = ?";
static const char SQL_SET_ANALYSIS[] =
    "UPDATE articles SET analyzer_version = ?, sentiment = ?, tickers = ?, digest = ? WHERE id = ?";

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
    for (size_t i = 0; i < k; i++)
        sbuf_printf(&b, "%s%s", i ? " " : "", an->tickers[order[i]].symbol);
    return sbuf_take(&b);
}

static const struct provider_ticker *provider_for(const struct article *a, const char *sym)
{
    for (size_t i = 0; i < a->n_provider_tickers; i++)
        if (!strcmp(a->provider_tickers[i].symbol, sym)) return &a->provider_tickers[i];
    return NULL;
}

static void bind_provider(sqlite3_stmt *st, const struct provider_ticker *p)
{
    if (p) {
        sqlite3_bind_double(st, 7, p->score);
        sqlite3_bind_double(st, 8, p->relevance);
        store_bind_text(st, 9, p->label);
    } else {
        sqlite3_bind_null(st, 7);
        sqlite3_bind_null(st, 8);
        sqlite3_bind_null(st, 9);
    }
}

static int write_mentions(struct store *s, int64_t id, int64_t published, const struct analysis *an,
                          const struct article *a);

/* Writes mentions and claims of an analysed article. Provider tickers that
 * the analyser did not find are kept with count 0, which the per-day
 * aggregates ignore. */
static int write_analysis(struct store *s, int64_t id, int64_t published, const struct analysis *an,
                          const struct article *a)
{
    sqlite3_stmt *st;
    int rc = write_mentions(s, id, published, an, a);
    /* One buffer for every claim's symbols, appended to, not printed: an
     * article has about ten claims and this runs for each at ingest. */
    struct sbuf tk = {0};
    for (size_t i = 0; !rc && an && i < an->n_claims; i++) {
        const struct claim *c = &an->claims[i];
        if (!(st = store_prep(s, SQL_CLAIM))) {
            rc = -1;
            break;
        }
        sbuf_reset(&tk);
        for (size_t j = 0; j < c->n_tickers && !rc; j++)
            if ((j && sbuf_addc(&tk, ' ')) || sbuf_adds(&tk, c->tickers[j]))
                rc = err_set("out of memory");
        if (rc) break;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, (int)c->span.start);
        sqlite3_bind_int(st, 3, (int)c->span.end);
        sqlite3_bind_int(st, 4, (int)c->kind);
        sqlite3_bind_double(st, 5, c->score);
        /* Only offsets are kept: the text is the article's own
         * (article_compose_text), so storing it again would double the
         * claims' share of the file. */
        store_bind_text(st, 6, tk.len ? tk.p : NULL);
        rc = store_step_done(s, st, "storing a claim");
    }
    sbuf_free(&tk);
    return rc;
}

static int write_mentions(struct store *s, int64_t id, int64_t published, const struct analysis *an,
                          const struct article *a)
{
    sqlite3_stmt *st;
    for (size_t i = 0; an && i < an->n_tickers; i++) {
        const struct ticker_hit *t = &an->tickers[i];
        if (!(st = store_prep(s, SQL_MENTION))) return -1;
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, t->symbol);
        sqlite3_bind_int(st, 3, t->mentions);
        sqlite3_bind_double(st, 4, t->relevance);
        sqlite3_bind_double(st, 5, t->score);
        sqlite3_bind_int64(st, 6, published);
        bind_provider(st, a ? provider_for(a, t->symbol) : NULL);
        if (store_step_done(s, st, "storing a mention")) return -1;
        if (t->mentions > 0 && store_agg_mention(s, t->symbol, published, t->relevance, t->score))
            return -1;
        if (!(st = store_prep(s, SQL_TICKER))) return -1;
        store_bind_text(st, 1, t->symbol);
        store_bind_text(st, 2, t->name);
        if (store_step_done(s, st, "storing a ticker")) return -1;
    }
    for (size_t i = 0; a && i < a->n_provider_tickers; i++) {
        const struct provider_ticker *p = &a->provider_tickers[i];
        int found = 0;
        for (size_t j = 0; an && j < an->n_tickers && !found; j++)
            found = !strcmp(an->tickers[j].symbol, p->symbol);
        if (found) continue;
        if (!(st = store_prep(s, SQL_MENTION))) return -1;
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, p->symbol);
        sqlite3_bind_int(st, 3, 0);
        sqlite3_bind_double(st, 4, 0);
        sqlite3_bind_double(st, 5, 0);
        sqlite3_bind_int64(st, 6, published);
        bind_provider(st, p);
        if (store_step_done(s, st, "storing a mention")) return -1;
    }
    return 0;
}

int store_article_insert(struct store *s, struct article *a, const struct analysis *an)
{
    sqlite3_stmt *st = store_prep(s, SQL_INSERT);
    if (!st) return -1;
    /* The article outlives the step, so SQLite need not copy its text (the
     * bodies are most of what an ingest moves). */
    char *tickers = an ? top_tickers(an) : NULL;
    sqlite3_bind_int64(st, 1, a->feed_id);
    store_bind_static(st, 2, a->guid);
    store_bind_static(st, 3, a->title);
    store_bind_static(st, 4, a->link);
    store_bind_static(st, 5, a->author);
    sqlite3_bind_int64(st, 6, a->published);
    sqlite3_bind_int64(st, 7, a->fetched);
    store_bind_static(st, 8, a->summary);
    store_bind_static(st, 9, a->content);
    sqlite3_bind_int(st, 10, an ? ANALYZER_VERSION : 0);
    if (an)
        sqlite3_bind_double(st, 11, an->score);
    else
        sqlite3_bind_null(st, 11);
    store_bind_static(st, 12, tickers);
    if (a->has_provider)
        sqlite3_bind_double(st, 13, a->provider_score);
    else
        sqlite3_bind_null(st, 13);
    store_bind_static(st, 14, a->provider_label);
    char digest[SUMMARY_SPANS_TEXT] = "";
    if (an) summary_spans_format(an->summary, an->n_summary, digest);
    store_bind_static(st, 15, an && an->n_summary ? digest : NULL);
    if (a->has_updated)
        sqlite3_bind_int64(st, 16, a->updated);
    else
        sqlite3_bind_null(st, 16);
    int rc = store_step_done(s, st, "storing an article");
    free(tickers);
    if (rc) return -1;
    if (sqlite3_changes(s->db) == 0) return 0;
    a->id = sqlite3_last_insert_rowid(s->db);
    if (!(st = store_prep(s, SQL_FTS))) return -1;
    sqlite3_bind_int64(st, 1, a->id);
    store_bind_static(st, 2, a->title);
    store_bind_static(st, 3, a->summary);
    store_bind_static(st, 4, a->content);
    if (store_step_done(s, st, "indexing an article")) return -1;
    if (write_analysis(s, a->id, a->published, an, a) || store_agg_article(s, a->feed_id))
        return -1;
    /* Outside a transaction the sums are written at once. */
    if (sqlite3_get_autocommit(s->db) && store_agg_flush(s)) return -1;
    return 1;
}

int store_article_set_analysis(struct store *s, int64_t id, const struct analysis *an,
                               const struct article *a)
{
    sqlite3_stmt *st;
    if (!(st = store_prep(s, SQL_DEL_MENTIONS))) return -1;
    sqlite3_bind_int64(st, 1, id);
    if (store_step_done(s, st, "clearing mentions")) return -1;
    if (!(st = store_prep(s, SQL_DEL_CLAIMS))) return -1;
    sqlite3_bind_int64(st, 1, id);
    if (store_step_done(s, st, "clearing claims")) return -1;
    if (write_analysis(s, id, a->published, an, a)) return -1;
    if (!(st = store_prep(s, SQL_SET_ANALYSIS))) return -1;
    char *tickers = top_tickers(an);
    sqlite3_bind_int(st, 1, ANALYZER_VERSION);
    sqlite3_bind_double(st, 2, an->score);
    store_bind_text(st, 3, tickers);
    char digest[SUMMARY_SPANS_TEXT];
    summary_spans_format(an->summary, an->n_summary, digest);
    store_bind_text(st, 4, an->n_summary ? digest : NULL);
    sqlite3_bind_int64(st, 5, id);
    int rc = store_step_done(s, st, "saving the analysis");
    free(tickers);
    if (!rc && sqlite3_get_autocommit(s->db)) rc = store_agg_flush(s);
    return rc;
}
