/* An article's analysis as stored: its mentions and claims, the symbols
 * seen, and the articles an older analyser left to analyse again. */
#include <stdio.h>
#include <stdlib.h>

#include "core/err.h"
#include "storage/articles.h"
#include "storage/claimset.h"
#include "storage/internal.h"

/* The tickers table keeps every symbol an analysis found, even after its
 * articles are gone; provider tickers (Alpha Vantage) are only in mentions.
 * Both are index lookups. */
static const char SQL_SYMBOL_SEEN[] = "SELECT EXISTS (SELECT 1 FROM tickers WHERE symbol = ?1)"
                                      " OR EXISTS (SELECT 1 FROM mentions WHERE symbol = ?1)";

int store_symbol_seen(struct store *s, const char *symbol)
{
    struct db_stmt *st = store_prep(s, SQL_SYMBOL_SEEN);
    if (!st) return -1;
    db_bind_static(st, 1, symbol);
    int rc = db_step(st);
    int seen = rc == DB_ROW && db_column_int(st, 0);
    db_reset(st);
    if (rc != DB_ROW) return store_fail(s, "reading tickers");
    return seen;
}

static const char SQL_MENTIONS[] =
    "SELECT symbol, count, relevance, sentiment, provider_score FROM mentions"
    " WHERE article_id = ? ORDER BY count = 0, relevance DESC, symbol";

static void fill_mention(struct db_stmt *st, void *row)
{
    struct mention_row *r = row;
    const unsigned char *sym = db_column_text(st, 0);
    snprintf(r->symbol, sizeof r->symbol, "%s", sym ? (const char *)sym : "");
    r->count = db_column_int(st, 1);
    r->relevance = db_column_double(st, 2);
    r->sentiment = db_column_double(st, 3);
    r->has_provider = db_column_type(st, 4) != DB_NULL;
    r->provider_score = db_column_double(st, 4);
}

static void drop_plain(void *rows, size_t n)
{
    (void)n;
    free(rows);
}

int store_article_mentions(struct store *s, int64_t id, struct mention_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    struct db_stmt *st = store_prep(s, SQL_MENTIONS);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    return store_read_rows(s, st, sizeof **rows, fill_mention, drop_plain, rows, n,
                           "reading mentions");
}

static const char SQL_CLAIMS[] = "SELECT claims FROM articles WHERE id = ?";

int store_article_claims(struct store *s, int64_t id, struct claim_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    struct db_stmt *st = store_prep(s, SQL_CLAIMS);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st), ret = 0;
    if (rc == DB_ROW)
        ret = claimset_unpack(db_column_blob(st, 0), (size_t)db_column_bytes(st, 0), rows, n);
    else if (rc != DB_DONE)
        ret = store_fail(s, "reading claims");
    db_reset(st);
    return ret;
}

void store_claims_free(struct claim_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].tickers);
    }
    free(rows);
}

static const char SQL_STALE[] =
    "SELECT id FROM articles WHERE analyzer_version < ? AND id > ? ORDER BY id LIMIT ?";

int store_articles_stale(struct store *s, int version, int64_t after_id, size_t limit,
                         int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    struct db_stmt *st = store_prep(s, SQL_STALE);
    if (!st) return -1;
    int64_t *out = calloc(limit ? limit : 1, sizeof *out);
    if (!out) return err_set("out of memory");
    db_bind_int(st, 1, version);
    db_bind_int64(st, 2, after_id);
    db_bind_int64(st, 3, (int64_t)limit);
    int rc;
    while (*n < limit && (rc = db_step(st)) == DB_ROW)
        out[(*n)++] = db_column_int64(st, 0);
    db_reset(st);
    *ids = out;
    return 0;
}
