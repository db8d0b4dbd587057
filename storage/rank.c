/* best_match(articles_fts): the rank of a row for best-match order, FTS5's
 * BM25 (k1 1.2, b 0.75) without its inverse document frequency. FTS5's own
 * bm25() counts, once per query, every row that holds each phrase (a pass
 * over every match of a common word, whatever the LIMIT: a second at four
 * million articles). This one reads the row's own hits and size, and the
 * index's totals (which FTS5 keeps) once a query, so ranking a window of
 * rows costs that window. The phrases of a query weigh alike. Lower is
 * better, as bm25(). */
#include <sqlite3.h>
#include <stdlib.h>

#include "core/err.h"
#include "storage/internal.h"

/* What stays the same for every row of one query: kept as the query's
 * auxiliary data, so the index's totals are read once, not once a row, and
 * the counts of each row go in one buffer. */
struct rank_query {
    double avg; /* tokens a row, over the whole index */
    int np;     /* phrases in the query */
    double tf[];
};

static struct rank_query *rank_query(const Fts5ExtensionApi *api, Fts5Context *fts, int *rc)
{
    struct rank_query *rq = api->xGetAuxdata(fts, 0);
    if (rq) return rq;
    int np = api->xPhraseCount(fts);
    sqlite3_int64 nrow = 0, ntok = 0;
    *rc = api->xRowCount(fts, &nrow);
    if (*rc == SQLITE_OK) *rc = api->xColumnTotalSize(fts, -1, &ntok);
    if (*rc != SQLITE_OK) return NULL;
    rq = calloc(1, sizeof *rq + (size_t)(np > 0 ? np : 1) * sizeof rq->tf[0]);
    if (!rq) {
        *rc = SQLITE_NOMEM;
        return NULL;
    }
    rq->np = np > 0 ? np : 0;
    rq->avg = nrow > 0 && ntok > 0 ? (double)ntok / (double)nrow : 1;
    /* On failure xSetAuxdata has already called free on rq. */
    *rc = api->xSetAuxdata(fts, rq, free);
    return *rc == SQLITE_OK ? rq : NULL;
}

static void best_match(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                       int nval, sqlite3_value **val)
{
    (void)nval;
    (void)val;
    int rc = SQLITE_OK, ninst = 0, dl = 0;
    struct rank_query *rq = rank_query(api, fts, &rc);
    if (!rq) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    for (int p = 0; p < rq->np; p++)
        rq->tf[p] = 0;
    rc = api->xInstCount(fts, &ninst);
    if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &dl);
    for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
        int p, col, off;
        rc = api->xInst(fts, i, &p, &col, &off);
        if (rc == SQLITE_OK && p >= 0 && p < rq->np) rq->tf[p] += 1;
    }
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    double k1 = 1.2, b = 0.75, score = 0;
    for (int p = 0; p < rq->np; p++)
        score += rq->tf[p] * (k1 + 1) / (rq->tf[p] + k1 * (1 - b + b * dl / rq->avg));
    sqlite3_result_double(ctx, -score);
}

int store_rank_functions(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return err_set("setting up the store: %s", sqlite3_errmsg(db));
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api || api->iVersion < 2 ||
        api->xCreateFunction(api, "best_match", NULL, best_match, NULL) != SQLITE_OK)
        return err_set("setting up the store: no FTS5 ranking");
    return 0;
}
