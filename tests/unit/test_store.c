/* The store: identity checks, article storage, keyset paging, search and
 * the per-day aggregates. Runs against real SQLite files in a temp dir. */
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

/* An article's update time is kept beside its publication time, and a
 * store made before there was a place for it is given one on opening. */
/* Migration 8 (copies of a story) undone. */
static const char UNDO_STORIES[] =
    "DROP INDEX articles_story; DROP INDEX articles_title_key; DROP INDEX articles_link_key;"
    "ALTER TABLE articles DROP COLUMN story; ALTER TABLE articles DROP COLUMN title_key;"
    "ALTER TABLE articles DROP COLUMN link_key;";

/* Migration 13 (narrower keys and indexes) undone: the time indexes as m1
 * made them (the story indexes go with UNDO_STORIES). */
static const char UNDO_NARROW[] =
    "DROP INDEX articles_time; DROP INDEX articles_feed_time;"
    "CREATE INDEX articles_time ON articles(published DESC, id DESC);"
    "CREATE INDEX articles_feed_time ON articles(feed_id, published DESC, id DESC);";

/* Migrations 15 and 14 (guids keyed by a hash, then by a slot beside an
 * expression of the guid; the sentiment in ten-thousandths) undone: the
 * guid unique again in an index of its own, where m1 had it inline (m14
 * makes the table again either way), the sentiment a stored fraction. */
static const char UNDO_GUID_KEY[] =
    "DROP INDEX articles_guid; ALTER TABLE articles DROP COLUMN guid_slot;"
    "CREATE UNIQUE INDEX articles_feed_guid ON articles(feed_id, guid);" UNDO_SENTIMENT_E4;

/* The claims table as migration 1 made it (before m7 compacted it), in
 * place of m10's claims column. */
static const char OLD_CLAIMS[] =
    "ALTER TABLE articles DROP COLUMN claims;"
    "CREATE TABLE claims (id INTEGER PRIMARY KEY,"
    " article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    " start INTEGER NOT NULL, end INTEGER NOT NULL, kind TEXT NOT NULL,"
    " sentiment REAL NOT NULL, tickers TEXT);"
    "CREATE INDEX claims_article ON claims(article_id);";

/* SQL putting back the FTS view and triggers as migration 1 made them,
 * before m8 read the text through bp_unpack: m1's own statements. Returns
 * a static string. */
static const char *old_fts(void)
{
    static char sql[4096];
    const char *view, *trig;
    int n_view =
        m1_part("CREATE VIEW articles_fts_text", "CREATE VIRTUAL TABLE articles_fts", &view);
    int n_trig =
        m1_part("CREATE TRIGGER articles_fts_ad", "CREATE TRIGGER articles_count_ad", &trig);
    snprintf(sql, sizeof sql,
             "DROP TRIGGER articles_fts_au; DROP TRIGGER articles_fts_ad;"
             " DROP VIEW articles_fts_text; %.*s%.*s",
             n_view, view, n_trig, trig);
    return sql;
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

/* A store of schema 6 (claims with a rowid and the kind as text) is
 * converted by m7 and m10 (the claims into a claim set on the article's
 * row): every claim kept, its kind read back by name, the
 * article's claims in order, and deleting the article still removes them. */
static void test_claims_migrated(void **state)
{
    struct store *s = *state;
    store_close(s);
    *state = NULL;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(store_functions_register(db), SQLITE_OK);
    char *undo = sqlite3_mprintf(
        "%s%s%s%sCREATE INDEX articles_stale ON articles(analyzer_version);"
        "%s%sPRAGMA user_version = 6;",
        UNDO_GUID_KEY, UNDO_NARROW, undo_mention_rows(), UNDO_STORIES, old_fts(), OLD_CLAIMS);
    assert_int_equal(sqlite3_exec(db, undo, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(undo);
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT INTO feeds(id, url, added) VALUES (1, 'http://c/feed', 0);"
                     "INSERT INTO articles(id, feed_id, guid, published, fetched, content)"
                     " VALUES (7, 1, 'g', 10, 10, 'Sales rose 5%. It expects more. He said so.');"
                     "INSERT INTO claims(article_id, start, end, kind, sentiment, tickers) VALUES"
                     " (7, 15, 31, 'forecast', 0.25, 'ACME'), (7, 0, 14, 'figure', 0.5, NULL),"
                     " (7, 32, 43, 'attributed', -0.125, 'ACME BETA'),"
                     " (7, 32, 43, 'comparison', 0, NULL);"
                     "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
    assert_int_equal(store_schema_version(), 16);
    struct claim_row *c;
    size_t n;
    assert_int_equal(store_article_claims(s, 7, &c, &n), 0);
    assert_int_equal(n, 4);
    assert_int_equal(c[0].start, 0);
    assert_int_equal(c[0].end, 14);
    assert_string_equal(c[0].kind, "figure");
    assert_true(c[0].sentiment == 0.5);
    assert_null(c[0].tickers);
    assert_string_equal(c[1].kind, "forecast");
    assert_string_equal(c[1].tickers, "ACME");
    assert_true(c[1].sentiment == 0.25);
    assert_int_equal(c[2].start, 32);
    assert_string_equal(c[2].kind, "attributed");
    assert_true(c[2].sentiment == -0.125);
    assert_string_equal(c[3].kind, "comparison");
    store_claims_free(c, n);
    assert_int_equal(store_feed_rm(s, 1), 1);
    assert_int_equal(store_article_claims(s, 7, &c, &n), 0);
    assert_int_equal(n, 0);
    store_claims_free(c, n);
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

static int fts_check(void)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(store_functions_register(db), SQLITE_OK);
    /* rank 1: also compare the index with the text it was built from. */
    int rc = sqlite3_exec(
        db, "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)", NULL,
        NULL, NULL);
    sqlite3_close(db);
    return rc;
}

/* A summary repeated inside the content is indexed once; the index stays
 * consistent through inserts and deletes either way. */
static void test_fts_summary_inside_content(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://a/feed");
    struct article a = {.feed_id = f, .published = 100, .fetched = 100};
    a.guid = xstrdup("x");
    a.title = xstrdup("Headline");
    a.summary = xstrdup("Orders rose sharply.");
    a.content = xstrdup("Orders rose sharply. Margins widened in the quarter.");
    struct analysis an = {0};
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(store_article_insert(s, &a, &an), 1);
    article_clear(&a);
    a = (struct article){.feed_id = f, .published = 200, .fetched = 200};
    a.guid = xstrdup("y");
    a.title = xstrdup("Other");
    a.summary = xstrdup("A different lead about dividends.");
    a.content = xstrdup("The body says nothing of it.");
    assert_int_equal(store_article_insert(s, &a, &an), 1);
    article_clear(&a);
    assert_int_equal(store_commit(s), 0);
    assert_int_equal(fts_check(), SQLITE_OK);
    struct article_filter flt = {.query = "orders"};
    struct article_row *rows;
    size_t n;
    assert_int_equal(store_articles_page(s, &flt, NULL, 0, 10, &rows, &n), 0);
    assert_int_equal(n, 1);
    store_article_rows_free(rows, n);
    flt.query = "dividends";
    assert_int_equal(store_articles_page(s, &flt, NULL, 0, 10, &rows, &n), 0);
    assert_int_equal(n, 1);
    store_article_rows_free(rows, n);
    assert_int_equal(store_feed_rm(s, f), 1);
    assert_int_equal(fts_check(), SQLITE_OK);
    flt.query = "orders";
    assert_int_equal(store_articles_page(s, &flt, NULL, 0, 10, &rows, &n), 0);
    assert_int_equal(n, 0);
    store_article_rows_free(rows, n);
}

/* Runs one statement on a connection of its own and returns its first
 * column as text (malloc'd; NULL for none). */
static char *raw_text(const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    char *out = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

static void assert_raw(const char *sql, const char *want)
{
    char *got = raw_text(sql);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void assert_text(struct store *s, int64_t id, const char *summary, const char *content)
{
    struct article a;
    assert_int_equal(store_article_get(s, id, &a, NULL, NULL, NULL, NULL), 1);
    if (summary)
        assert_string_equal(a.summary, summary);
    else
        assert_null(a.summary);
    assert_string_equal(a.content, content);
    article_clear(&a);
}

static size_t search_count(struct store *s, const char *query)
{
    struct article_filter f = {.query = query};
    struct article_row *rows;
    size_t n;
    assert_int_equal(store_articles_page(s, &f, NULL, 0, 10, &rows, &n), 0);
    store_article_rows_free(rows, n);
    return n;
}

/* Text packed beside the parse (article_pack) is stored as the very bytes
 * the store would have packed itself, reads back whole and is indexed. */
static void test_text_prepacked(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://p/feed");
    const char *lead = "Lenders gained after the central bank held rates and said inflation "
                       "was cooling faster than it had expected.";
    struct sbuf body = {0};
    for (int i = 0; i < 300; i++)
        sbuf_printf(&body, "Deposit costs eased in quarter %d as loan books grew. ", i % 4);
    struct textpack tp = {0};
    int64_t ids[2];
    for (int i = 0; i < 2; i++) {
        struct article a = {.feed_id = f, .published = 100, .fetched = 100};
        a.guid = xstrdup(i ? "plain" : "prepacked");
        a.summary = xstrdup(lead);
        a.content = xstrdup(body.p);
        if (!i) {
            assert_int_equal(article_pack(&a, &tp), 0);
            assert_non_null(a.summary_packed);
            assert_true(a.content_packed_len > 0 && a.content_packed_len < body.len / 3);
        }
        assert_int_equal(store_article_insert(s, &a, NULL), 1);
        ids[i] = a.id;
        article_clear(&a);
    }
    textpack_free(&tp);
    assert_raw("SELECT typeof(summary) || ' ' || typeof(content) FROM articles WHERE guid = "
               "'prepacked'",
               "blob blob");
    assert_raw("SELECT count(DISTINCT content) || ' ' || count(DISTINCT summary) FROM articles",
               "1 1");
    assert_text(s, ids[0], lead, body.p);
    assert_text(s, ids[1], lead, body.p);
    assert_int_equal(search_count(s, "\"deposit costs eased\""), 2);
    assert_int_equal(fts_check(), SQLITE_OK);
    sbuf_free(&body);
}

/* Summaries and bodies are stored packed and read back whole, through the
 * readers and the index; a store of schema 7 (plain text) is packed by m8
 * with its index intact; a damaged packed body is a clear error. */
static void test_text_packed(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://p/feed");
    const char *lead = "Chipmakers rallied after the company raised its outlook for the year "
                       "on strong demand for accelerators.";
    struct sbuf body = {0};
    for (int i = 0; i < 4000; i++) /* 280 KB that packs far below a third */
        sbuf_printf(&body, "Paragraph %d says margins widened again. ", i % 7);
    struct article a = {.feed_id = f, .published = 100, .fetched = 100};
    a.guid = xstrdup("p1");
    a.title = xstrdup("Outlook raised");
    a.summary = xstrdup(lead);
    a.content = xstrdup(body.p);
    assert_int_equal(store_article_insert(s, &a, NULL), 1);
    int64_t packed = a.id;
    article_clear(&a);
    assert_raw("SELECT typeof(summary) || ' ' || typeof(content) FROM articles", "blob blob");
    char *len = raw_text("SELECT length(content) FROM articles");
    assert_true(atol(len) < (long)body.len / 3);
    free(len);
    assert_text(s, packed, lead, body.p);
    assert_int_equal(search_count(s, "accelerators"), 1);
    assert_int_equal(search_count(s, "\"margins widened\""), 1);
    assert_int_equal(fts_check(), SQLITE_OK);

    /* Back to schema 7: no stories, the text plain again, the old view and triggers,
     * and an article as bullpen wrote them then. */
    store_close(s);
    s = *state = NULL;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(store_functions_register(db), SQLITE_OK);
    char *undo = sqlite3_mprintf(
        "%s%s%sUPDATE articles SET summary = bp_unpack(summary), content = bp_unpack(content);%s"
        "INSERT INTO articles(id, feed_id, guid, published, fetched, summary, content)"
        " VALUES (9, %lld, 'p2', 50, 50, 'Short lead.', 'Refiners slipped as crude fell for a "
        "third session, and analysts trimmed their forecasts.');"
        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');"
        "CREATE INDEX articles_stale ON articles(analyzer_version);%s%s"
        "PRAGMA user_version = 7;",
        UNDO_GUID_KEY, undo_mention_rows(), UNDO_STORIES, old_fts(), (long long)f, OLD_CLAIMS,
        store_migrations[6]);
    assert_int_equal(sqlite3_exec(db, undo, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(undo);
    sqlite3_close(db);
    assert_raw("SELECT group_concat(typeof(content), ' ') FROM articles", "text text");
    s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
    assert_raw("SELECT group_concat(typeof(content), ' ') FROM articles", "blob blob");
    /* Too short to gain: kept as it is. */
    assert_raw("SELECT typeof(summary) FROM articles WHERE id = 9", "text");
    assert_text(s, packed, lead, body.p);
    assert_text(s, 9, "Short lead.",
                "Refiners slipped as crude fell for a third session, and analysts trimmed "
                "their forecasts.");
    assert_int_equal(fts_check(), SQLITE_OK);
    assert_int_equal(search_count(s, "refiners"), 1);
    assert_int_equal(search_count(s, "accelerators"), 1);

    /* Damaged bytes are an error naming what failed, not wrong text. */
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(store_story_functions(db), 0);
    undo = sqlite3_mprintf("INSERT INTO articles(id, feed_id, guid, guid_slot, published, fetched,"
                           " content) VALUES (10, %lld, 'bad', 0, 60, 60, x'789c0102')",
                           (long long)f);
    assert_int_equal(sqlite3_exec(db, undo, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(undo);
    sqlite3_close(db);
    assert_int_equal(store_article_get(s, 10, &a, NULL, NULL, NULL, NULL), -1);
    assert_non_null(strstr(err_msg(), "unpacking text"));

    /* Deleting reads the packed text back for the index. */
    char del[64];
    snprintf(del, sizeof del, "DELETE FROM articles WHERE id = %lld", (long long)packed);
    assert_int_equal(store_exec(s, del, "deleting"), 0);
    assert_int_equal(search_count(s, "refiners"), 1);
    assert_int_equal(search_count(s, "accelerators"), 0);
    sbuf_free(&body);
}

/* An article's claims go in with it and come back in span order, a
 * repeated one once, the sentiment to four places; a new analysis replaces
 * them, and one with none leaves none. */
static void test_claims_round_trip(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://c/feed");
    char two[2][16] = {"NVDA", "AMD"}, one[1][16] = {"NVDA"};
    struct claim cl[] = {
        {.span = {40, 52, 0, 0},
         .kind = CLAIM_FORECAST,
         .score = 1.0 / 3,
         .tickers = two,
         .n_tickers = 2},
        {.span = {3, 20, 0, 0},
         .kind = CLAIM_FIGURE,
         .score = -0.71828,
         .tickers = one,
         .n_tickers = 1},
        {.span = {40, 52, 0, 0},
         .kind = CLAIM_FORECAST,
         .score = 1.0 / 3,
         .tickers = two,
         .n_tickers = 2},
        {.span = {300, 310, 0, 0}, .kind = CLAIM_COMPARISON, .score = 0},
    };
    struct analysis an = {.score = 0.1, .claims = cl, .n_claims = 4};
    struct article a = {.feed_id = f, .published = 100, .fetched = 100};
    a.guid = xstrdup("c1");
    a.title = xstrdup("Claims");
    assert_int_equal(store_article_insert(s, &a, &an), 1);
    struct claim_row *c;
    size_t n;
    assert_int_equal(store_article_claims(s, a.id, &c, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(c[0].start, 3);
    assert_int_equal(c[0].end, 20);
    assert_string_equal(c[0].kind, "figure");
    assert_float_equal(c[0].sentiment, -0.7183, 1e-9);
    assert_string_equal(c[0].tickers, "NVDA");
    assert_int_equal(c[1].start, 40);
    assert_string_equal(c[1].kind, "forecast");
    assert_float_equal(c[1].sentiment, 0.3333, 1e-9);
    assert_string_equal(c[1].tickers, "NVDA AMD");
    assert_int_equal(c[2].end, 310);
    assert_string_equal(c[2].kind, "comparison");
    assert_null(c[2].tickers);
    store_claims_free(c, n);
    an.claims = &cl[3];
    an.n_claims = 1;
    assert_int_equal(store_article_set_analysis(s, a.id, &an, &a), 0);
    assert_int_equal(store_article_claims(s, a.id, &c, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(c[0].start, 300);
    store_claims_free(c, n);
    an.n_claims = 0;
    assert_int_equal(store_article_set_analysis(s, a.id, &an, &a), 0);
    assert_int_equal(store_article_claims(s, a.id, &c, &n), 0);
    assert_int_equal(n, 0);
    article_clear(&a);
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
        cmocka_unit_test_setup_teardown(test_fts_summary_inside_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_daily_sums_before_1970, setup, teardown),
        cmocka_unit_test_setup_teardown(test_claims_migrated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_packed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_prepacked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_claims_round_trip, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
