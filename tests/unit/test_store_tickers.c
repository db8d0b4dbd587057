/* The tickers a list row shows: the five most relevant of an article's,
 * most relevant first, however many it names; and each claim's own, in its
 * order, one claim after another. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/analyze.h"
#include "core/article.h"
#include "storage/articles.h"
#include "storage/db.h"
#include "storage/feeds.h"
#include "storage/internal.h"
#include "storage/store.h"
#include "store_fixture.h"

/* Stores one article whose analysis names n tickers with the given
 * relevances and returns its list row's tickers (malloc'd). */
static char *row_tickers(struct store *s, const char *guid, const double *rel, size_t n)
{
    static const char *syms[] = {"AAPL", "MSFT", "NVDA", "AMZN", "META", "TSLA", "INTC", "AMD"};
    struct ticker_hit hits[8];
    memset(hits, 0, sizeof hits);
    for (size_t i = 0; i < n; i++) {
        snprintf(hits[i].symbol, sizeof hits[i].symbol, "%s", syms[i]);
        hits[i].mentions = 1;
        hits[i].relevance = rel[i];
    }
    struct analysis an = {.score = 0.1, .tickers = hits, .n_tickers = n};
    int64_t fid;
    assert_true(store_feed_add(s, "http://127.0.0.1/t.xml", "t", 1, &fid) >= 0);
    struct article a = {.feed_id = fid,
                        .guid = (char *)guid,
                        .title = (char *)"t",
                        .published = 1700000000 + (int64_t)n,
                        .fetched = 1700000000};
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(store_article_insert(s, &a, &an), 1);
    assert_int_equal(store_commit(s), 0);
    struct article_filter f = {0};
    struct article_row *rows;
    size_t nrows;
    assert_int_equal(store_articles_page(s, &f, NULL, 0, 1, &rows, &nrows), 0);
    assert_int_equal(nrows, 1);
    char *t = strdup(rows[0].tickers ? rows[0].tickers : "");
    store_article_rows_free(rows, nrows);
    return t;
}

static void test_top_five_of_many(void **state)
{
    struct store *s = *state;
    /* The fifth arrives when the list just filled: it must be placed, not
     * compared with an empty slot. */
    const double rel[] = {0.5, 0.9, 0.1, 0.7, 0.3, 0.8, 0.2, 0.6};
    char *t = row_tickers(s, "eight", rel, 8);
    assert_string_equal(t, "MSFT TSLA AMZN AMD AAPL");
    free(t);
}

static void test_exactly_five(void **state)
{
    const double rel[] = {0.1, 0.2, 0.3, 0.4, 0.5};
    char *t = row_tickers(*state, "five", rel, 5);
    assert_string_equal(t, "META AMZN NVDA MSFT AAPL");
    free(t);
}

static void test_fifth_below_first(void **state)
{
    const double rel[] = {0.9, 0.1, 0.2, 0.3, 0.4};
    char *t = row_tickers(*state, "fifth", rel, 5);
    assert_string_equal(t, "AAPL META AMZN NVDA MSFT");
    free(t);
}

static void test_fewer_than_five(void **state)
{
    const double rel[] = {0.2, 0.9};
    char *t = row_tickers(*state, "two", rel, 2);
    assert_string_equal(t, "MSFT AAPL");
    free(t);
}

/* Three claims of one article: two symbols, none, one. Each keeps its own
 * and nothing of the claim before it. */
static void test_claim_tickers(void **state)
{
    struct store *s = *state;
    char two[2][16] = {"AAPL", "BRK.B"}, one[1][16] = {"NVDA"};
    struct claim claims[] = {
        {.span = {0, 5, 0, 5}, .kind = CLAIM_FIGURE, .score = 0.5, .tickers = two, .n_tickers = 2},
        {.span = {6, 9, 6, 9}, .kind = CLAIM_FIGURE, .score = 0},
        {.span = {10, 14, 10, 14},
         .kind = CLAIM_FIGURE,
         .score = -0.5,
         .tickers = one,
         .n_tickers = 1},
    };
    struct analysis an = {.claims = claims, .n_claims = 3};
    int64_t fid;
    assert_true(store_feed_add(s, "http://127.0.0.1/c.xml", "c", 1, &fid) >= 0);
    struct article a = {.feed_id = fid,
                        .guid = (char *)"claims",
                        .title = (char *)"t",
                        .content = (char *)"Sales rose 5% and more.",
                        .published = 1700000000,
                        .fetched = 1700000000};
    assert_int_equal(store_article_insert(s, &a, &an), 1);
    struct claim_row *c;
    size_t n;
    assert_int_equal(store_article_claims(s, a.id, &c, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(c[0].tickers, "AAPL BRK.B");
    assert_null(c[1].tickers);
    assert_string_equal(c[2].tickers, "NVDA");
    store_claims_free(c, n);
}

/* The first row of sql on the store's file, as text (static buffer). */
static const char *raw(const char *sql)
{
    static char out[256];
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    out[0] = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

/* AAPL's relevance and sentiment in article id, as readers get them. */
static void assert_aapl(struct store *s, int64_t id, double relevance, double sentiment)
{
    struct mention_row *m;
    size_t n;
    assert_int_equal(store_article_mentions(s, id, &m, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(m[0].symbol, "AAPL");
    assert_float_equal(m[0].relevance, relevance, 1e-12);
    assert_float_equal(m[0].sentiment, sentiment, 1e-12);
    assert_float_equal(m[1].sentiment, 0, 0);
    free(m);
}

/* A mention's relevance and sentiment are kept in ten-thousandths, as
 * integers, and read back as fractions; a store from before (schema 11)
 * has its mentions converted on opening, and deleting them still takes
 * them out of the per-day sums. */
static void test_mentions_in_ten_thousandths(void **state)
{
    struct store *s = *state;
    struct ticker_hit hits[2] = {
        {.symbol = "AAPL", .mentions = 2, .relevance = 0.123456, .score = 0.654321},
        {.symbol = "MSFT", .mentions = 1, .relevance = 0.05}};
    struct analysis an = {.score = 0.1, .tickers = hits, .n_tickers = 2};
    int64_t fid;
    assert_true(store_feed_add(s, "http://127.0.0.1/m.xml", "m", 1, &fid) >= 0);
    struct article a = {.feed_id = fid,
                        .guid = (char *)"m1",
                        .title = (char *)"m",
                        .published = 1700000000,
                        .fetched = 1700000000};
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(store_article_insert(s, &a, &an), 1);
    assert_int_equal(store_commit(s), 0);
    assert_aapl(s, a.id, 0.1235, 0.6543);
    assert_string_equal(raw("SELECT typeof(relevance) || ' ' || relevance || ' ' || sentiment"
                            " FROM mention_rows WHERE symbol = 'AAPL'"),
                        "integer 1235 6543");
    store_close(s);
    *state = NULL;

    sqlite3 *db;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(store_functions_register(db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, undo_mention_rows(), NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE mentions SET relevance = 0.25, sentiment = -0.333333"
                                  " WHERE symbol = 'AAPL'; PRAGMA user_version = 11;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
    assert_aapl(s, a.id, 0.25, -0.3333);
    assert_string_equal(raw("SELECT typeof(sentiment) || ' ' || sentiment FROM mention_rows"
                            " WHERE symbol = 'AAPL'"),
                        "integer -3333");
    assert_string_equal(raw("SELECT count(*) FROM sentiment_daily WHERE symbol = 'AAPL'"), "1");
    assert_int_equal(store_feed_rm(s, fid), 1);
    assert_string_equal(raw("SELECT count(*) FROM mention_rows"), "0");
    assert_string_equal(raw("SELECT count(*) FROM sentiment_daily"), "0");
}

/* Stores an article naming symbol (called "Name Inc") in the open
 * transaction. */
static void insert_naming(struct store *s, int64_t fid, const char *guid, const char *symbol)
{
    struct ticker_hit hit = {.name = "Name Inc", .mentions = 1, .relevance = 0.5};
    snprintf(hit.symbol, sizeof hit.symbol, "%s", symbol);
    struct analysis an = {.score = 0.1, .tickers = &hit, .n_tickers = 1};
    struct article a = {.feed_id = fid,
                        .guid = (char *)guid,
                        .title = (char *)guid,
                        .published = 1700000000,
                        .fetched = 1700000000};
    assert_int_equal(store_article_insert(s, &a, &an), 1);
}

/* A ticker is written once a transaction, however many articles name it;
 * one first written by a transaction that rolled back is written again by
 * the next article that names it. */
static void test_ticker_once_a_transaction(void **state)
{
    struct store *s = *state;
    int64_t fid;
    assert_true(store_feed_add(s, "http://127.0.0.1/k.xml", "k", 1, &fid) >= 0);
    assert_int_equal(store_begin(s), 0);
    insert_naming(s, fid, "k1", "NVDA");
    store_rollback(s);
    assert_int_equal(store_begin(s), 0);
    insert_naming(s, fid, "k2", "NVDA");
    insert_naming(s, fid, "k3", "NVDA");
    assert_int_equal(store_commit(s), 0);
    assert_string_equal(raw("SELECT group_concat(symbol || '=' || name) FROM tickers"),
                        "NVDA=Name Inc");
    assert_string_equal(raw("SELECT count(*) FROM mention_rows WHERE symbol = 'NVDA'"), "2");

    assert_int_equal(store_begin(s), 0);
    insert_naming(s, fid, "k4", "AMD");
    store_rollback(s);
    assert_int_equal(store_begin(s), 0);
    insert_naming(s, fid, "k5", "AMD");
    assert_int_equal(store_commit(s), 0);
    assert_string_equal(raw("SELECT count(*) FROM tickers WHERE symbol = 'AMD'"), "1");
}

/* A number sql counts through s's own connection, which sees its open
 * transaction. */
static long long inside(struct store *s, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sqlite(s->db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* Stores an article of fid naming the symbols in syms (space-separated,
 * relevance 0.1 more for each) with a provider's own tickers as given, in
 * the open transaction. */
static void insert_provided(struct store *s, int64_t fid, const char *guid, int64_t published,
                            const char *syms, struct provider_ticker *prov, size_t n_prov)
{
    struct ticker_hit hits[4];
    size_t n = 0;
    memset(hits, 0, sizeof hits);
    for (const char *p = syms; *p && n < 4; n++) {
        size_t len = strcspn(p, " ");
        snprintf(hits[n].symbol, sizeof hits[n].symbol, "%.*s", (int)len, p);
        hits[n].mentions = 1;
        hits[n].relevance = 0.1 * (double)(n + 1);
        hits[n].score = -0.25;
        p += len + (p[len] == ' ');
    }
    struct analysis an = {.score = 0.1, .tickers = hits, .n_tickers = n};
    struct article a = {.feed_id = fid,
                        .guid = (char *)guid,
                        .title = (char *)guid,
                        .published = published,
                        .fetched = published,
                        .provider_tickers = prov,
                        .n_provider_tickers = n_prov};
    assert_int_equal(store_article_insert(s, &a, &an), 1);
}

/* A transaction's mentions are held until its commit and then written in
 * the symbol index's order: every row arrives whole (values, provider
 * fields), in any order the articles came, and a transaction that rolled
 * back leaves none of its own, though a later article takes the id its
 * article had. */
static void test_mentions_held_for_the_commit(void **state)
{
    struct store *s = *state;
    int64_t fid;
    assert_true(store_feed_add(s, "http://127.0.0.1/h.xml", "h", 1, &fid) >= 0);
    assert_int_equal(store_begin(s), 0);
    insert_provided(s, fid, "gone", 1700000000, "AMD INTC", NULL, 0);
    store_rollback(s);
    struct provider_ticker prov[2] = {{.symbol = "NVDA", .relevance = 0.75, .score = 0.5},
                                      {.symbol = "ORCL", .relevance = 0.25, .score = -0.5}};
    snprintf(prov[0].label, sizeof prov[0].label, "Bullish");
    snprintf(prov[1].label, sizeof prov[1].label, "Bearish");
    assert_int_equal(store_begin(s), 0);
    insert_provided(s, fid, "h1", 1700000300, "NVDA AAPL", prov, 2);
    insert_provided(s, fid, "h2", 1700000100, "AAPL", NULL, 0);
    insert_provided(s, fid, "h3", 1700000200, "MSFT NVDA AAPL", NULL, 0);
    /* Nothing of the transaction is written before it commits. */
    assert_int_equal(inside(s, "SELECT count(*) FROM mention_rows"), 0);
    assert_int_equal(inside(s, "SELECT count(*) FROM articles WHERE guid LIKE 'h_'"), 3);
    assert_int_equal(store_commit(s), 0);
    assert_string_equal(
        raw("SELECT group_concat(x, ' ') FROM (SELECT a.guid || ':' || m.symbol || ':' || m.count"
            " || ':' || m.relevance || ':' || m.sentiment || ':' || coalesce(v.provider_label, '-')"
            " || ':' || coalesce(v.provider_relevance, '-') AS x FROM mention_rows m"
            " JOIN articles a ON a.id = m.article_id"
            " JOIN mentions v ON v.article_id = m.article_id AND v.symbol = m.symbol"
            " ORDER BY a.guid, m.symbol)"),
        "h1:AAPL:1:2000:-2500:-:- h1:NVDA:1:1000:-2500:Bullish:0.75 h1:ORCL:0:0:0:Bearish:0.25"
        " h2:AAPL:1:1000:-2500:-:- h3:AAPL:1:3000:-2500:-:- h3:MSFT:1:1000:-2500:-:-"
        " h3:NVDA:1:2000:-2500:-:-");
    assert_string_equal(raw("SELECT count(*) FROM mention_rows WHERE symbol IN ('AMD', 'INTC')"),
                        "0");
    /* The per-day sums as the rows say. */
    assert_string_equal(raw("SELECT articles || ' ' || round(weight_sum, 4) FROM sentiment_daily"
                            " WHERE symbol = 'AAPL'"),
                        "3 0.6");
}

/* A long transaction's mentions are written a full queue at a time, not
 * all held to its commit: memory stays bounded by the queue. The rows
 * written early are the transaction's: a rollback takes them back too. */
static void test_mentions_queue_bounded(void **state)
{
    struct store *s = *state;
    int64_t fid;
    assert_true(store_feed_add(s, "http://127.0.0.1/q.xml", "q", 1, &fid) >= 0);
    size_t per = 4, articles = MENTION_QUEUE_MAX / per + 1;
    char guid[32];
    assert_int_equal(store_begin(s), 0);
    for (size_t i = 0; i < articles; i++) {
        snprintf(guid, sizeof guid, "q%zu", i);
        insert_provided(s, fid, guid, 1700000000 + (int64_t)i, "AAPL MSFT NVDA AMD", NULL, 0);
    }
    /* One queue's worth written, the last article's still held. */
    assert_int_equal(inside(s, "SELECT count(*) FROM mention_rows"), MENTION_QUEUE_MAX);
    store_rollback(s);
    assert_string_equal(raw("SELECT count(*) FROM mention_rows"), "0");
    assert_int_equal(store_begin(s), 0);
    for (size_t i = 0; i < articles; i++) {
        snprintf(guid, sizeof guid, "q%zu", i);
        insert_provided(s, fid, guid, 1700000000 + (int64_t)i, "AAPL MSFT NVDA AMD", NULL, 0);
    }
    assert_int_equal(store_commit(s), 0);
    assert_string_equal(
        raw("SELECT count(*) || ' ' || count(DISTINCT article_id) FROM mention_rows"),
        "16388 4097");
    assert_string_equal(raw("SELECT articles FROM sentiment_daily WHERE symbol = 'AMD'"
                            " ORDER BY day LIMIT 1"),
                        raw("SELECT count(*) FROM mention_rows WHERE symbol = 'AMD'"
                            " AND published < 1700000000 + 86400 - 1700000000 % 86400"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_top_five_of_many, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exactly_five, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifth_below_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fewer_than_five, setup, teardown),
        cmocka_unit_test_setup_teardown(test_claim_tickers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mentions_in_ten_thousandths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ticker_once_a_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mentions_held_for_the_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mentions_queue_bounded, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
