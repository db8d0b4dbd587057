/* The store: identity checks, article storage, keyset paging, search and
 * the per-day aggregates (text and claims on disk: test_store_text.c). Runs
 * against real SQLite files in a temp dir. */
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
#include "core/err.h"
#include "core/str.h"
#include "core/textpack.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/internal.h"
#include "storage/store.h"
#include "storage/stories.h"
#include "storage/watch.h"

#include "store_fixture.h"
#include "store_undo.h"

/* Stores one article naming sym with the given sentiment. */
static int insert(struct store *s, int64_t feed, const char *guid, int64_t published,
                  const char *title, const char *sym, double score)
{
    struct article a = {.feed_id = feed, .published = published, .fetched = published};
    a.guid = xstrdup(guid);
    a.title = xstrdup(title);
    a.content = xstrdup("Body text about the quarter.");
    struct span sp = {0, 3, 0, 3};
    struct ticker_hit t = {
        .mentions = 1, .relevance = 0.5, .score = score, .spans = &sp, .n_spans = 1};
    snprintf(t.symbol, sizeof t.symbol, "%s", sym ? sym : "");
    struct analysis an = {.score = score, .tickers = &t, .n_tickers = sym ? 1 : 0};
    int rc = store_article_insert(s, &a, &an);
    article_clear(&a);
    return rc;
}

static void test_reopen_is_idempotent(void **state)
{
    struct store *s = *state;
    assert_int_equal(store_watch_add(s, "AAPL", 1), 1);
    struct store *again = store_open(tmp_path("s.db"), 0);
    assert_non_null(again);
    assert_int_equal(store_watch_has(again, "AAPL"), 1);
    store_close(again);
}

static void test_refuses_foreign_sqlite(void **state)
{
    (void)state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(tmp_path("foreign.db"), &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE x(y)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_null(store_open(tmp_path("foreign.db"), 0));
    FILE *f = fopen(tmp_path("garbage.db"), "w");
    fputs("hello", f);
    fclose(f);
    assert_null(store_open(tmp_path("garbage.db"), 0));
    /* An empty file is a new store. */
    f = fopen(tmp_path("empty.db"), "w");
    fclose(f);
    struct store *s = store_open(tmp_path("empty.db"), 0);
    assert_non_null(s);
    store_close(s);
}

static void test_insert_dedupes_per_feed(void **state)
{
    struct store *s = *state;
    int64_t f1 = add_feed(s, "http://a/feed"), f2 = add_feed(s, "http://b/feed");
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(insert(s, f1, "g1", 100, "Apple beats", "AAPL", 0.6), 1);
    assert_int_equal(insert(s, f1, "g1", 100, "Apple beats", "AAPL", 0.6), 0);
    assert_int_equal(insert(s, f2, "g1", 100, "Apple beats", "AAPL", 0.6), 1);
    assert_int_equal(store_commit(s), 0);
    assert_int_equal(store_articles_count(s), 2);
    struct feed_row fr;
    assert_int_equal(store_feed_get(s, f1, &fr), 1);
    assert_int_equal(fr.article_count, 1);
    store_feed_row_clear(&fr);
}

/* The full-text index's automerge as its config table holds it (-1 for
 * none: FTS5's default, 4). */
static int fts_automerge(const char *path)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT v FROM articles_fts_config WHERE k = 'automerge'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* An article's update time is kept beside its publication time, and a
 * store made before there was a place for it is given one on opening. */
static void test_updated_kept(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://u/feed");
    struct article a = {.feed_id = f, .published = 1000, .fetched = 1000};
    a.guid = xstrdup("u1");
    a.updated = 1500;
    a.has_updated = 1;
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(store_article_insert(s, &a, NULL), 1);
    int64_t with = a.id;
    article_clear(&a);
    a = (struct article){.feed_id = f, .published = 2000, .fetched = 2000};
    a.guid = xstrdup("u2");
    assert_int_equal(store_article_insert(s, &a, NULL), 1);
    int64_t without = a.id;
    article_clear(&a);
    assert_int_equal(store_commit(s), 0);
    int unread = 0, starred = 1;
    assert_int_equal(store_article_get(s, with, &a, NULL, NULL, &unread, &starred), 1);
    assert_int_equal(a.published, 1000);
    assert_true(a.has_updated);
    assert_int_equal(a.updated, 1500);
    assert_int_equal(unread, 1);
    assert_int_equal(starred, 0);
    article_clear(&a);
    assert_int_equal(store_article_get(s, without, &a, NULL, NULL, NULL, NULL), 1);
    assert_false(a.has_updated);
    article_clear(&a);

    /* A store of the schema before it: the column is added, nothing lost. */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(tmp_path("old.db"), &db), SQLITE_OK);
    sqlite3_close(db);
    struct store *old = store_open(tmp_path("old.db"), 0);
    assert_non_null(old);
    store_close(old);
    assert_int_equal(sqlite3_open(tmp_path("old.db"), &db), SQLITE_OK);
    assert_int_equal(store_functions_register(db), SQLITE_OK);
    assert_int_equal(fts_automerge(tmp_path("old.db")), 16);
    /* The schema just before the column came (4): the index's automerge
     * (16), the guid's key (14), the narrower keys and indexes (13), the
     * mention rows (12), the stories (11), the claims column (10), the
     * stale index dropped (9), the packed text (8), the compact claims (7),
     * the unread index (6) and the column (5) undone. */
    char *undo = sqlite3_mprintf(
        "DELETE FROM articles_fts_config WHERE k = 'automerge';"
        "%s%s%s%sCREATE INDEX articles_stale ON articles(analyzer_version);"
        "%s%sDROP INDEX articles_unread;"
        "ALTER TABLE articles DROP COLUMN updated;"
        "PRAGMA user_version = 4;",
        UNDO_GUID_KEY, UNDO_NARROW, undo_mention_rows(), UNDO_STORIES, old_fts(), OLD_CLAIMS);
    assert_int_equal(sqlite3_exec(db, undo, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(undo);
    sqlite3_close(db);
    old = store_open(tmp_path("old.db"), 0);
    assert_non_null(old);
    int64_t f2 = add_feed(old, "http://u/old");
    a = (struct article){.feed_id = f2, .published = 10, .fetched = 10, .updated = 20};
    a.has_updated = 1;
    a.guid = xstrdup("o1");
    assert_int_equal(store_article_insert(old, &a, NULL), 1);
    int64_t id = a.id;
    article_clear(&a);
    assert_int_equal(store_article_get(old, id, &a, NULL, NULL, NULL, NULL), 1);
    assert_int_equal(a.updated, 20);
    article_clear(&a);
    store_close(old);
    assert_int_equal(fts_automerge(tmp_path("old.db")), 16);
}

/* The unread counts follow the flags and deletes, and stop at their cap;
 * a filtered count stops at its cap too. */
static void test_unread_counts(void **state)
{
    struct store *s = *state;
    int64_t f1 = add_feed(s, "http://a/feed"), f2 = add_feed(s, "http://b/feed");
    assert_int_equal(store_begin(s), 0);
    char guid[16];
    for (int i = 0; i < 5; i++) {
        snprintf(guid, sizeof guid, "g%d", i);
        assert_int_equal(insert(s, i < 3 ? f1 : f2, guid, 1000 + i, "Nvidia title", "NVDA", 0), 1);
    }
    assert_int_equal(store_commit(s), 0);
    assert_int_equal(store_articles_unread(s, 0, 100), 5);
    assert_int_equal(store_articles_unread(s, f1, 100), 3);
    assert_int_equal(store_articles_unread(s, f2, 100), 2);
    assert_int_equal(store_articles_unread(s, 0, 4), 4);
    struct article_row *rows;
    size_t n;
    struct article_filter all = {0};
    assert_int_equal(store_articles_page(s, &all, NULL, 0, 10, &rows, &n), 0);
    assert_int_equal(n, 5);
    assert_int_equal(store_article_set_flags(s, rows[0].id, 0, 0), 0);
    assert_int_equal(store_articles_unread(s, 0, 100), 4);
    assert_int_equal(store_articles_unread(s, rows[0].feed_id, 100), 1);
    store_article_rows_free(rows, n);
    assert_int_equal(store_feed_rm(s, f1), 1);
    assert_int_equal(store_articles_unread(s, 0, 100), 1); /* f2: two, one of them read */
    struct article_filter q = {.query = "nvidia"};
    assert_int_equal(store_articles_count_upto(s, &q, 100), 2);
    assert_int_equal(store_articles_count_upto(s, &q, 1), 1);
    q.query = "AND (";
    assert_int_equal(store_articles_count_upto(s, &q, 100), -1);
}

/* Walks every page forward and back: no row twice, none missed, order kept. */
static void test_keyset_paging(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://a/feed");
    assert_int_equal(store_begin(s), 0);
    char guid[16];
    for (int i = 0; i < 95; i++) {
        snprintf(guid, sizeof guid, "g%d", i);
        /* Pairs share a timestamp so the id breaks ties. */
        assert_int_equal(insert(s, f, guid, 1000 + i / 2, "Title", i % 3 ? "MSFT" : "NVDA", 0), 1);
    }
    assert_int_equal(store_commit(s), 0);
    struct article_filter flt = {0};
    struct article_cursor cur = {0};
    int64_t seen[95];
    size_t total = 0;
    for (;;) {
        struct article_row *rows;
        size_t n;
        assert_int_equal(store_articles_page(s, &flt, &cur, 0, 10, &rows, &n), 0);
        for (size_t i = 0; i < n; i++) {
            assert_true(total < 95);
            seen[total++] = rows[i].id;
        }
        if (n) cur = store_article_cursor_of(&flt, &rows[n - 1]);
        store_article_rows_free(rows, n);
        if (n < 10) break;
    }
    assert_int_equal(total, 95);
    for (size_t i = 1; i < total; i++)
        assert_true(seen[i] < seen[i - 1]); /* ids rise with time here */
    /* Backward from the 50th row gives the 10 rows just above it. */
    struct article_row *rows;
    size_t n;
    struct article_row *one;
    size_t n1;
    assert_int_equal(store_articles_page(s, &flt, NULL, 0, 51, &one, &n1), 0);
    struct article_cursor at = store_article_cursor_of(&flt, &one[50]);
    store_article_rows_free(one, n1);
    assert_int_equal(store_articles_page(s, &flt, &at, 1, 10, &rows, &n), 0);
    assert_int_equal(n, 10);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(rows[i].id, seen[40 + i]);
    store_article_rows_free(rows, n);
    /* Ticker filter walks mentions. */
    flt.ticker = "NVDA";
    assert_int_equal(store_articles_page(s, &flt, NULL, 0, 100, &rows, &n), 0);
    assert_int_equal(n, 32);
    store_article_rows_free(rows, n);
}

static void test_search_and_errors(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://a/feed");
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(insert(s, f, "1", 10, "Nvidia raises guidance", "NVDA", 0.7), 1);
    assert_int_equal(insert(s, f, "2", 20, "Intel cuts guidance", "INTC", -0.6), 1);
    assert_int_equal(insert(s, f, "3", 30, "Quiet day for markets", NULL, 0), 1);
    assert_int_equal(store_commit(s), 0);
    struct article_filter flt = {.query = "guidance"};
    struct article_row *rows;
    size_t n;
    assert_int_equal(store_articles_page(s, &flt, NULL, 0, 10, &rows, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].title, "Intel cuts guidance");
    store_article_rows_free(rows, n);
    flt.query = "\"unterminated";
    assert_int_equal(store_articles_page(s, &flt, NULL, 0, 10, &rows, &n), -1);
    /* Sentiment range. */
    struct article_filter neg = {.has_range = 1, .smin = -1, .smax = -0.15};
    assert_int_equal(store_articles_page(s, &neg, NULL, 0, 10, &rows, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].tickers, "INTC");
    store_article_rows_free(rows, n);
}

static double daily(struct store *s, const char *sym, int64_t day, int *articles)
{
    (void)s;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT articles, score_sum / weight_sum FROM "
                                        "sentiment_daily WHERE symbol = ? AND day = ?",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, sym, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, day);
    double v = -9;
    *articles = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *articles = sqlite3_column_int(st, 0);
        v = sqlite3_column_double(st, 1);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void test_daily_aggregates_follow_mentions(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://a/feed");
    int64_t day = 19000, t = day * 86400 + 3600;
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(insert(s, f, "1", t, "A", "AMZN", 0.8), 1);
    assert_int_equal(insert(s, f, "2", t + 60, "B", "AMZN", -0.2), 1);
    assert_int_equal(store_commit(s), 0);
    int n;
    assert_float_equal(daily(s, "AMZN", day, &n), 0.3, 1e-9);
    assert_int_equal(n, 2);
    /* Removing the feed removes its articles, their mentions and the sums. */
    assert_int_equal(store_feed_rm(s, f), 1);
    assert_float_equal(daily(s, "AMZN", day, &n), -9, 1e-9);
    assert_int_equal(n, 0);
    assert_int_equal(store_articles_count(s), 0);
}

/* The sums are written at commit, forgotten on rollback, written at once
 * outside a transaction, and ignore the provider's own tickers. */
static void test_daily_sums_follow_transactions(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://a/feed");
    int64_t day = 19100, t = day * 86400 + 600;
    int n;
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(insert(s, f, "1", t, "A", "NVDA", 0.5), 1);
    store_rollback(s);
    assert_float_equal(daily(s, "NVDA", day, &n), -9, 1e-9);
    assert_int_equal(insert(s, f, "2", t, "B", "NVDA", -0.5), 1); /* autocommit */
    assert_float_equal(daily(s, "NVDA", day, &n), -0.5, 1e-9);
    assert_int_equal(n, 1);
    struct feed_row fr;
    assert_int_equal(store_feed_get(s, f, &fr), 1);
    assert_int_equal(fr.article_count, 1);
    store_feed_row_clear(&fr);
    /* A provider-only ticker is stored as a mention but not counted. */
    struct article a = {.feed_id = f, .published = t, .fetched = t};
    a.guid = xstrdup("3");
    a.title = xstrdup("C");
    struct provider_ticker pt = {.symbol = "AMD", .relevance = 0.9, .score = 0.4};
    a.provider_tickers = malloc(sizeof pt);
    memcpy(a.provider_tickers, &pt, sizeof pt);
    a.n_provider_tickers = 1;
    struct analysis an = {0};
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(store_article_insert(s, &a, &an), 1);
    assert_int_equal(store_commit(s), 0);
    struct mention_row *m;
    size_t nm;
    assert_int_equal(store_article_mentions(s, a.id, &m, &nm), 0);
    assert_int_equal(nm, 1);
    assert_int_equal(m[0].count, 0);
    assert_true(m[0].has_provider);
    free(m);
    article_clear(&a);
    assert_float_equal(daily(s, "AMD", day, &n), -9, 1e-9);
}

/* Dates before 1970 land on the same day going in (C) and coming out (the
 * delete trigger in SQL): both truncate. */
static void test_daily_sums_before_1970(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://old/feed");
    int n;
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(insert(s, f, "old", -90000, "Old news", "IBM", 0.4), 1);
    assert_int_equal(store_commit(s), 0);
    assert_float_equal(daily(s, "IBM", -1, &n), 0.4, 1e-9);
    assert_int_equal(n, 1);
    assert_int_equal(store_feed_rm(s, f), 1);
    assert_float_equal(daily(s, "IBM", -1, &n), -9, 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reopen_is_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_foreign_sqlite, setup, teardown),
        cmocka_unit_test_setup_teardown(test_insert_dedupes_per_feed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_updated_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keyset_paging, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unread_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_and_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_daily_aggregates_follow_mentions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_daily_sums_follow_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_daily_sums_before_1970, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
