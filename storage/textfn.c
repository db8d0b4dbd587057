/* The SQL functions every connection to a store has: article text packed
 * with zstd (core/textpack.h) and read back, claims gathered into a
 * claim set (storage/claimset.h) or packed again, and a digest packed
 * (core/summary.h), and a mention's provider columns in one (which the view mentions
 * reads back in SQL). The schema's FTS view and
 * triggers, the article insert, the readers and the migrations call them, so they are registered
 * before anything else runs on a connection (storage/open.c). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/summary.h"
#include "core/textpack.h"
#include "storage/claimset.h"
#include "storage/internal.h"

/* bp_digest(X): a digest kept as text ("12-140 141-260") packed as
 * summary_spans_pack does, a BLOB; anything else, or text that is not a
 * digest in order, as it is (schema.c, m13). */
static void fn_digest(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    struct span sp[SUMMARY_MAX];
    unsigned char packed[SUMMARY_SPANS_PACKED];
    int n = sqlite3_value_type(argv[0]) == SQLITE_TEXT
                ? summary_spans_parse((const char *)sqlite3_value_text(argv[0]), sp)
                : -1;
    size_t len = n > 0 ? summary_spans_pack(sp, (size_t)n, packed) : 0;
    if (len)
        sqlite3_result_blob(ctx, packed, (int)len, SQLITE_TRANSIENT);
    else
        sqlite3_result_value(ctx, argv[0]);
}

/* bp_claimset(X): a claim set in layout 1 or 2 packed again in the newest
 * layout (storage/claimset.h); anything else as it is (schema.c, m13 and
 * m15). */
static void fn_claimset(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    struct sbuf out = {0};
    const void *p = sqlite3_value_blob(argv[0]);
    if (claimset_repack(p, (size_t)sqlite3_value_bytes(argv[0]), &out)) {
        sqlite3_result_error(ctx, err_msg(), -1);
    } else if (out.len) {
        sqlite3_result_blob(ctx, out.p, (int)out.len, SQLITE_TRANSIENT);
    } else {
        sqlite3_result_null(ctx);
    }
    sbuf_free(&out);
}

/* bp_pack(X): text X as a BLOB packed (zstd) when that is smaller, else X
 * as it is (NULL, short text, anything not text). */
static void fn_pack(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    int n = sqlite3_value_bytes(argv[0]);
    const unsigned char *out;
    long k = text ? textpack_pack(sqlite3_user_data(ctx), text, (size_t)n, &out) : 0;
    if (k < 0)
        sqlite3_result_error_nomem(ctx);
    else if (k == 0)
        sqlite3_result_value(ctx, argv[0]);
    else
        sqlite3_result_blob(ctx, out, (int)k, SQLITE_TRANSIENT);
}

/* bp_unpack(X): the text of a packed BLOB; anything else (text stored
 * before packing, or written by another program) as it is. */
static void fn_unpack(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    const char *text;
    long k = textpack_unpack(sqlite3_user_data(ctx), sqlite3_value_blob(argv[0]),
                             (size_t)sqlite3_value_bytes(argv[0]), &text);
    if (k < 0)
        sqlite3_result_error(ctx, err_msg(), -1);
    else
        sqlite3_result_text(ctx, text, (int)k, SQLITE_TRANSIENT);
}

/* bp_claims(start, end, kind, sentiment, tickers): an aggregate packing
 * the claims it is given into a claim set, NULL for none (migration 10). */
struct claims_acc {
    struct claimset_item *items;
    size_t n, cap;
    int failed;
};

static void claims_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    struct claims_acc *acc = sqlite3_aggregate_context(ctx, sizeof *acc);
    if (!acc || acc->failed) return;
    if (acc->n == acc->cap) {
        size_t cap = acc->cap ? acc->cap * 2 : 16;
        struct claimset_item *it = realloc(acc->items, cap * sizeof *it);
        if (!it) {
            acc->failed = 1;
            return;
        }
        acc->items = it;
        acc->cap = cap;
    }
    struct claimset_item *c = &acc->items[acc->n];
    c->start = sqlite3_value_int(argv[0]);
    c->end = sqlite3_value_int(argv[1]);
    c->kind = sqlite3_value_int(argv[2]);
    c->score = sqlite3_value_double(argv[3]);
    const char *t = (const char *)sqlite3_value_text(argv[4]);
    c->tickers_len = t ? strlen(t) : 0;
    c->tickers = t ? xstrdup(t) : NULL;
    if (t && !c->tickers) {
        acc->failed = 1;
        return;
    }
    acc->n++;
}

static void claims_final(sqlite3_context *ctx)
{
    struct claims_acc *acc = sqlite3_aggregate_context(ctx, 0);
    if (!acc) return; /* no rows: NULL */
    struct sbuf out = {0};
    if (acc->failed || claimset_pack(acc->items, acc->n, &out))
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_blob(ctx, out.p, (int)out.len, SQLITE_TRANSIENT);
    for (size_t i = 0; i < acc->n; i++)
        free((char *)acc->items[i].tickers);
    free(acc->items);
    sbuf_free(&out);
}

/* Appends x to b as the shortest text strtod reads back as x. Returns 0
 * or -1 (out of memory). */
static int add_number(struct sbuf *b, double x)
{
    char num[32];
    snprintf(num, sizeof num, "%.15g", x);
    if (strtod(num, NULL) != x) snprintf(num, sizeof num, "%.17g", x);
    return sbuf_adds(b, num);
}

/* bp_provider(SCORE, RELEVANCE, LABEL): a mention's provider columns in
 * one (schema.c, m15, whose view reads them back): NULL when all three
 * are, else "SCORE,RELEVANCE" with ",LABEL" after it when there is a
 * label; a number that is NULL is left empty. */
static void fn_provider(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL && sqlite3_value_type(argv[1]) == SQLITE_NULL &&
        sqlite3_value_type(argv[2]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    struct sbuf b = {0};
    int bad = 0;
    if (sqlite3_value_type(argv[0]) != SQLITE_NULL)
        bad |= add_number(&b, sqlite3_value_double(argv[0]));
    bad |= sbuf_addc(&b, ',');
    if (sqlite3_value_type(argv[1]) != SQLITE_NULL)
        bad |= add_number(&b, sqlite3_value_double(argv[1]));
    if (sqlite3_value_type(argv[2]) != SQLITE_NULL)
        bad |= sbuf_addc(&b, ',') || sbuf_adds(&b, (const char *)sqlite3_value_text(argv[2]));
    if (bad || !b.p)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text(ctx, b.p, (int)b.len, SQLITE_TRANSIENT);
    sbuf_free(&b);
}

static void drop_pack(void *p)
{
    textpack_free(p);
    free(p);
}

int store_functions_register(sqlite3 *db)
{
    /* Deterministic, so the schema may use them; innocuous, so it may even
     * where the schema is not trusted. */
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    struct textpack *p = calloc(1, sizeof *p);
    if (!p) return SQLITE_NOMEM;
    /* Both share p: one connection runs one function call at a time. The
     * destructor runs when the connection closes (or now, on failure). */
    int rc = sqlite3_create_function_v2(db, "bp_unpack", 1, flags, p, fn_unpack, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(db, "bp_pack", 1, flags, p, fn_pack, NULL, NULL, drop_pack);
    else
        drop_pack(p);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(db, "bp_claims", 5, flags, NULL, NULL, claims_step,
                                        claims_final, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(db, "bp_claimset", 1, flags, NULL, fn_claimset, NULL, NULL,
                                        NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(db, "bp_digest", 1, flags, NULL, fn_digest, NULL, NULL,
                                        NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(db, "bp_provider", 3, flags, NULL, fn_provider, NULL, NULL,
                                        NULL);
    return rc;
}
