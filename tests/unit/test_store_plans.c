/* The hot queries' plans: every statement the store runs for the article
 * list (newest first, keyset paged), a ticker, a feed, unread articles, a
 * search and a trend is caught as it runs and asked for its plan
 * (EXPLAIN QUERY PLAN), which must use the index meant for it and never
 * scan articles or mentions whole or sort them. Plans, not timings: what
 * the planner chooses does not depend on the machine. */
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
#include "core/str.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/internal.h"
#include "storage/store.h"
#include "storage/stories.h"
#include "storage/trends.h"

static char dir[64];
static char path[128];

/* The plans of the statements run since the last call, one line per step,
 * each statement's block starting with its SQL. */
static struct sbuf plans;
static sqlite3 *explainer;

static int on_statement(unsigned type, void *ctx, void *p, void *x)
{
    (void)ctx;
    (void)x;
    if (type != SQLITE_TRACE_STMT) return 0;
    char *sql = sqlite3_expanded_sql(p);
    if (!sql) return 0;
    /* Only what reads articles or mentions, or the daily sums; not the
     * statements FTS5 runs inside (their text starts with "--"). */
    if (strncmp(sql, "--", 2) &&
        (strstr(sql, "articles") || strstr(sql, "mentions") || strstr(sql, "sentiment_daily"))) {
        char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
        sqlite3_stmt *st;
        sbuf_printf(&plans, "SQL %s\n", sql);
        if (sqlite3_prepare_v2(explainer, q, -1, &st, NULL) == SQLITE_OK) {
            while (sqlite3_step(st) == SQLITE_ROW)
                sbuf_printf(&plans, "  %s\n", (const char *)sqlite3_column_text(st, 3));
            sqlite3_finalize(st);
        } else {
            sbuf_printf(&plans, "  cannot explain: %s\n", sqlite3_errmsg(explainer));
        }
        sqlite3_free(q);
    }
    sqlite3_free(sql);
    return 0;
}

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/bullpen-unit-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/s.db", dir);
    struct store *s = store_open(path, 0);
    if (!s) return -1;
    *state = s;
    /* Two feeds, articles naming a few symbols. */
    int64_t feeds[2];
    assert_true(store_feed_add(s, "http://a/feed", NULL, 1, &feeds[0]) >= 0);
    assert_true(store_feed_add(s, "http://b/feed", NULL, 1, &feeds[1]) >= 0);
    assert_int_equal(store_begin(s), 0);
    const char *syms[] = {"NVDA", "AAPL", "AMZN"};
    for (int i = 0; i < 60; i++) {
        struct article a = {.feed_id = feeds[i % 2], .published = 86400 * 19000 + i * 3600};
        a.fetched = a.published;
        char guid[16];
        snprintf(guid, sizeof guid, "g%d", i);
        a.guid = xstrdup(guid);
        a.title = xstrdup("Chipmaker raises guidance");
        a.content = xstrdup("The company raised its guidance for the quarter on demand.");
        struct span sp = {0, 3, 0, 3};
        struct ticker_hit t = {
            .mentions = 1, .relevance = 0.5, .score = 0.2, .spans = &sp, .n_spans = 1};
        snprintf(t.symbol, sizeof t.symbol, "%s", syms[i % 3]);
        struct analysis an = {.score = 0.2, .tickers = &t, .n_tickers = 1};
        assert_int_equal(store_article_insert(s, &a, &an), 1);
        article_clear(&a);
    }
    assert_int_equal(store_commit(s), 0);
    assert_int_equal(sqlite3_open_v2(path, &explainer, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(store_functions_register(explainer), SQLITE_OK);
    assert_int_equal(store_story_functions(explainer), 0);
    sqlite3_trace_v2(db_sqlite(s->db), SQLITE_TRACE_STMT, on_statement, NULL);
    sbuf_reset(&plans);
    return 0;
}

static int teardown(void **state)
{
    store_close(*state);
    sqlite3_close(explainer);
    sbuf_free(&plans);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

/* The plans caught since the last check must contain every one of want
 * (NULL-terminated) and no full scan of articles or mentions, no sort of
 * their rows (unless sort_ok: rows an index already bounded, put in an
 * order no index has); then they are forgotten. */
static void check_plans_sorting(const char *what, const char *const *want, int sort_ok)
{
    const char *p = plans.p ? plans.p : "";
    int bad = 0;
    for (size_t i = 0; want[i]; i++)
        if (!strstr(p, want[i])) {
            print_error("%s: no '%s' in the plans:\n%s", what, want[i], p);
            bad = 1;
        }
    /* A SCAN is a whole b-tree unless it walks an index in the order asked
     * for, stopped by the LIMIT ("SCAN a USING INDEX articles_time"). A
     * temporary b-tree that sorts or groups rows is forbidden; one for
     * count(DISTINCT) over the copies of one story (a row shown) is not. */
    const char *const forbidden[] = {"SCAN a\n",
                                     "SCAN articles\n",
                                     "SCAN m\n",
                                     "SCAN mentions\n",
                                     "SCAN mention_rows\n",
                                     "TEMP B-TREE FOR ORDER BY",
                                     "TEMP B-TREE FOR GROUP BY",
                                     "TEMP B-TREE FOR DISTINCT",
                                     "TEMP B-TREE FOR RIGHT PART OF ORDER BY",
                                     "TEMP B-TREE FOR LAST",
                                     "cannot explain",
                                     NULL};
    for (size_t i = 0; forbidden[i]; i++)
        if (strstr(p, forbidden[i]) &&
            !(sort_ok && !strcmp(forbidden[i], "TEMP B-TREE FOR ORDER BY"))) {
            print_error("%s: '%s' in the plans:\n%s", what, forbidden[i], p);
            bad = 1;
        }
    if (!*p) {
        print_error("%s: no statement ran\n", what);
        bad = 1;
    }
    sbuf_reset(&plans);
    if (bad) fail();
}

static void check_plans(const char *what, const char *const *want)
{
    check_plans_sorting(what, want, 0);
}

/* One page from the top and the next from its last row. */
static void page_twice(struct store *s, const struct article_filter *f)
{
    struct article_row *rows;
    size_t n;
    assert_int_equal(store_articles_page(s, f, NULL, 0, 5, &rows, &n), 0);
    assert_int_equal(n, 5);
    struct article_cursor c = store_article_cursor_of(f, &rows[n - 1]);
    store_article_rows_free(rows, n);
    assert_int_equal(store_articles_page(s, f, &c, 0, 5, &rows, &n), 0);
    assert_true(n > 0);
    store_article_rows_free(rows, n);
}

static void test_list_newest_first(void **state)
{
    struct article_filter f = {0};
    page_twice(*state, &f);
    check_plans("list",
                (const char *const[]){"SCAN a USING INDEX articles_time",
                                      "SEARCH a USING INDEX articles_time (published<?)", NULL});
}

static void test_ticker(void **state)
{
    struct article_filter f = {.ticker = "NVDA"};
    page_twice(*state, &f);
    check_plans("ticker", (const char *const[]){
                              "SEARCH mention_rows USING INDEX mentions_symbol_time (symbol=?)",
                              "SEARCH mention_rows USING INDEX mentions_symbol_time "
                              "(symbol=? AND "
                              "(published,article_id)<(?,?))",
                              "SEARCH a USING INTEGER PRIMARY KEY (rowid=?)", NULL});
}

static void test_feed(void **state)
{
    struct store *s = *state;
    struct article_filter f = {0};
    assert_int_equal(store_feed_find(s, "http://a/feed", &f.feed_id), 1);
    sbuf_reset(&plans);
    page_twice(s, &f);
    check_plans("feed", (const char *const[]){"USING INDEX articles_feed_time (feed_id=?)",
                                              "USING INDEX articles_feed_time (feed_id=? AND "
                                              "published<?)",
                                              NULL});
}

static void test_unread(void **state)
{
    struct store *s = *state;
    assert_int_equal(store_articles_unread(s, 0, 1000), 60);
    assert_int_equal(store_articles_unread(s, 1, 1000), 30);
    check_plans("unread counts",
                (const char *const[]){"SCAN articles USING COVERING INDEX articles_unread",
                                      "SEARCH articles USING COVERING INDEX articles_unread "
                                      "(feed_id=?)",
                                      NULL});
    struct article_filter f = {.unread_only = 1};
    page_twice(s, &f);
    check_plans("unread list", (const char *const[]){"SCAN a USING INDEX articles_time", NULL});
}

static void test_search(void **state)
{
    struct article_filter f = {.query = "guidance"};
    page_twice(*state, &f);
    check_plans("search",
                (const char *const[]){"SCAN articles_fts VIRTUAL TABLE INDEX",
                                      "SEARCH a USING INTEGER PRIMARY KEY (rowid=?)", NULL});
}

/* Grouped, the first page walks the list and keeps each story's first row
 * (no lookup of copies); the next looks up, through the story's index,
 * the copies up to the cursor's row. */
static void test_grouped(void **state)
{
    struct article_filter list = {.group = 1}, ticker = {.group = 1, .ticker = "NVDA"},
                          search = {.group = 1, .query = "guidance"};
    page_twice(*state, &list);
    check_plans("grouped list", (const char *const[]){
                                    "SCAN a USING INDEX articles_time",
                                    "SEARCH a USING INDEX articles_time (published<?)",
                                    "SEARCH b USING COVERING INDEX articles_story (story=?", NULL});
    page_twice(*state, &ticker);
    check_plans(
        "grouped ticker",
        (const char *const[]){"SEARCH mention_rows USING INDEX mentions_symbol_time (symbol=?)",
                              "SEARCH b USING COVERING INDEX articles_story (story=?", NULL});
    page_twice(*state, &search);
    check_plans("grouped search",
                (const char *const[]){"SCAN articles_fts VIRTUAL TABLE INDEX",
                                      "SEARCH b USING COVERING INDEX articles_story (story=?",
                                      NULL});
}

static void test_trend(void **state)
{
    struct store *s = *state;
    struct trend_point *pts;
    size_t n;
    assert_int_equal(store_trend(s, "NVDA", 18990, 19010, TREND_DAY, &pts, &n), 0);
    assert_int_equal(n, 21);
    free(pts);
    struct symbol_summary sum;
    assert_int_equal(store_symbol_summary(s, "NVDA", 86400 * 19002, &sum), 0);
    check_plans("trend", (const char *const[]){"SEARCH sentiment_daily USING PRIMARY KEY "
                                               "(symbol=? AND day>? AND day<?)",
                                               "SEARCH mention_rows USING COVERING INDEX "
                                               "mentions_symbol_time (symbol=? AND published>?)",
                                               NULL});
}

/* The fetch's check for a known guid and the insert's look-up of its
 * slots read the guid's index (its key and slot an expression of the
 * row, schema 15), not the feed's articles. */
static void test_guid(void **state)
{
    struct store *s = *state;
    int64_t feed;
    assert_int_equal(store_feed_find(s, "http://a/feed", &feed), 1);
    sbuf_reset(&plans);
    assert_int_equal(store_article_known(s, feed, "g0"), 1);
    assert_int_equal(store_article_known(s, feed, "g1"), 0);
    struct article a = {.feed_id = feed, .published = 86400 * 19000, .fetched = 86400 * 19000};
    a.guid = xstrdup("g0");
    assert_int_equal(store_article_insert(s, &a, NULL), 0);
    article_clear(&a);
    check_plans("guid", (const char *const[]){"SEARCH articles USING INDEX articles_guid "
                                              "(feed_id=? AND <expr>>? AND <expr><?)",
                                              NULL});
}

/* Storing an article looks for copies of its story: by link through its
 * key's index, by title through the title index, which holds only the
 * articles a copy can join (first copies and articles with none yet). */
static void test_story_find(void **state)
{
    struct store *s = *state;
    int64_t feed;
    assert_int_equal(store_feed_find(s, "http://a/feed", &feed), 1);
    sbuf_reset(&plans);
    struct article a = {.feed_id = feed, .published = 86400 * 19000, .fetched = 86400 * 19000};
    a.guid = xstrdup("story-find");
    a.title = xstrdup("Refiners slip as crude falls for a third session");
    a.link = xstrdup("http://a/news/story-find");
    assert_int_equal(store_article_insert(s, &a, NULL), 1);
    article_clear(&a);
    /* The candidates, a handful, in order of distance in time. */
    check_plans_sorting(
        "story find",
        (const char *const[]){"SEARCH articles USING INDEX articles_link_key (link_key=?)",
                              "SEARCH articles USING COVERING INDEX articles_title_key "
                              "(title_key=? AND published>? AND published<?)",
                              NULL},
        1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_list_newest_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ticker, setup, teardown),
        cmocka_unit_test_setup_teardown(test_feed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unread, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_grouped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trend, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_story_find, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
