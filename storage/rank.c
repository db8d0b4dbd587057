/* best_match(articles_fts): the rank of a row for best-match order, FTS5's
 * BM25 (k1 1.2, b 0.75) without its inverse document frequency. FTS5's own
 * bm25() counts, once per query, every row that holds each phrase (a pass
 * over every match of a common word, whatever the LIMIT: a second at four
 * million articles). This one reads the row's own hits and size and the
 * index's totals, which FTS5 keeps, so ranking a window of rows costs that
 * window. The phrases of a query weigh alike. Lower is better, as bm25(). */
#include <sqlite3.h>
#include <stdlib.h>

#include "core/err.h"
#include "storage/internal.h"

static void best_match(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                       int nval, sqlite3_value **val)
{
    (void)nval;
    (void)val;
    int np = api->xPhraseCount(fts), ninst = 0, dl = 0;
    sqlite3_int64 nrow = 0, ntok = 0;
    double *tf = calloc(np > 0 ? (size_t)np : 1, sizeof *tf);
    if (!tf) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    int rc = api->xInstCount(fts, &ninst);
    if (rc == SQLITE_OK) rc = api->xRowCount(fts, &nrow);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &ntok);
    if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &dl);
    for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
        int p, col, off;
        rc = api->xInst(fts, i, &p, &col, &off);
        if (rc == SQLITE_OK && p >= 0 && p < np) tf[p] += 1;
    }
    if (rc != SQLITE_OK) {
        free(tf);
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    double avg = nrow > 0 && ntok > 0 ? (double)ntok / (double)nrow : 1, k1 = 1.2, b = 0.75;
    double score = 0;
    for (int p = 0; p < np; p++)
        score += tf[p] * (k1 + 1) / (tf[p] + k1 * (1 - b + b * dl / avg));
    free(tf);
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
