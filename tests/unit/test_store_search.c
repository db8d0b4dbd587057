/* Search order: best match first (FTS5 bm25) among the newest matches,
 * keyset-paged in that order without repeats or gaps, forward and back,
 * and the same count of matches in either order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/article.h"
#include "core/str.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/store.h"
#include "storage/stories.h"

#include "store_fixture.h"
static int64_t insert(struct store *s, int64_t feed, int64_t published, const char *title,
                      const char *content)
{
    char guid[32];
    snprintf(guid, sizeof guid, "g%lld", (long long)published);
    struct article a = {.feed_id = feed, .published = published, .fetched = published};
    a.guid = xstrdup(guid);
    a.title = xstrdup(title);
    a.content = xstrdup(content);
    assert_int_equal(store_article_insert(s, &a, NULL), 1);
    int64_t id = a.id;
    article_clear(&a);
    return id;
}

/* The text of article i: "turbine" (i % 4) + 1 times in ten words, so
 * ranks differ and every rank is shared by several articles (ties). */
static void text_of(int i, char *buf, size_t size)
{
    int k = i % 4 + 1;
    snprintf(buf, size, "%s", "");
    for (int w = 0; w < 10; w++)
        snprintf(buf + strlen(buf), size - strlen(buf), "%s ", w < k ? "turbine" : "grid");
}

static void test_best_match_pages(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://a/feed");
    char text[256];
    assert_int_equal(store_begin(s), 0);
    for (int i = 0; i < 23; i++) {
        text_of(i, text, sizeof text);
        insert(s, f, 1000 + i, "Power report", text);
    }
    insert(s, f, 2000, "Bank earnings", "Net interest income rose.");
    assert_int_equal(store_commit(s), 0);

    struct article_filter best = {.query = "turbine", .by_relevance = 1};
    int64_t all[64], paged[64];
    double rank[64];
    size_t n = read_all(s, &best, 100, all, rank, 64);
    assert_int_equal(n, 23);
    /* Best first: the four-word texts (i % 4 == 3), then ranks only rise,
     * and equal ranks go newest stored first. */
    char want[256];
    text_of(3, want, sizeof want);
    struct article a;
    assert_int_equal(store_article_get(s, all[0], &a, NULL, NULL, NULL, NULL), 1);
    assert_string_equal(a.content, want);
    article_clear(&a);
    for (size_t i = 1; i < n; i++) {
        assert_true(rank[i - 1] <= rank[i]);
        if (rank[i - 1] == rank[i]) assert_true(all[i - 1] > all[i]);
    }
    assert_true(rank[0] < rank[n - 1]);

    /* Pages of 1, 3 and 5 rows give the same rows in the same order. */
    size_t sizes[] = {1, 3, 5};
    for (size_t z = 0; z < 3; z++) {
        memset(paged, 0, sizeof paged);
        assert_int_equal(read_all(s, &best, sizes[z], paged, NULL, 64), n);
        assert_memory_equal(paged, all, n * sizeof all[0]);
    }

    /* Backward from past the end: the last rows, still best first; then
     * on back to the top. */
    struct article_cursor c = {INT64_MIN, INT64_MIN, HUGE_VAL};
    size_t k = n;
    for (;;) {
        struct article_row *rows;
        size_t m;
        assert_int_equal(store_articles_page(s, &best, &c, 1, 4, &rows, &m), 0);
        for (size_t i = m; i-- > 0;)
            assert_int_equal(rows[i].id, all[--k]);
        if (m) c = store_article_cursor_of(&best, &rows[0]);
        store_article_rows_free(rows, m);
        if (m < 4) break;
    }
    assert_int_equal(k, 0);

    /* Newest first has the same rows; the count is the same in both. */
    struct article_filter newest = {.query = "turbine"};
    assert_int_equal(read_all(s, &newest, 4, paged, NULL, 64), n);
    int64_t top = 0;
    for (size_t i = 0; i < n; i++)
        top = all[i] > top ? all[i] : top;
    assert_int_equal(paged[0], top);
    for (size_t i = 1; i < n; i++)
        assert_true(paged[i - 1] > paged[i]);
    assert_int_equal(store_articles_count_upto(s, &best, 1000), 23);
    assert_int_equal(store_articles_count_upto(s, &newest, 1000), 23);
    /* A bad query is an error in this order too (PostgreSQL's web search
     * syntax has none). */
    if (getenv("BULLPEN_PG")) return;
    struct article_row *rows;
    size_t m;
    best.query = "\"unterminated";
    assert_int_equal(store_articles_page(s, &best, NULL, 0, 10, &rows, &m), -1);
}

/* A phrase matches only its words in that order, side by side, however
 * the store finds the candidates (PostgreSQL confirms each candidate's
 * phrase only as far as the page needs): every page size, both
 * directions, best match, the count and a negated phrase agree. */
static void test_phrase_pages(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://a/feed");
    int64_t want[64];
    size_t nwant = 0;
    assert_int_equal(store_begin(s), 0);
    for (int i = 0; i < 40; i++) {
        /* Every article has both words; one in three in the phrase's
         * order side by side, the others apart or the other way round. */
        const char *text = i % 3 == 0   ? "Analysts raise the price target for the turbine maker"
                           : i % 3 == 1 ? "The target was a higher price for the turbine maker"
                                        : "Price of the turbine: target unchanged";
        int64_t id = insert(s, f, 1000 + i, "Turbine note", text);
        if (i % 3 == 0) want[nwant++] = id;
    }
    insert(s, f, 2000, "Bank note", "price target cut for the bank");
    assert_int_equal(store_commit(s), 0);
    /* Newest first. */
    for (size_t i = 0; i < nwant / 2; i++) {
        int64_t t = want[i];
        want[i] = want[nwant - 1 - i];
        want[nwant - 1 - i] = t;
    }

    const char *queries[] = {"\"price target\" turbine", "turbine \"price target\""};
    for (size_t qi = 0; qi < 2; qi++) {
        struct article_filter newest = {.query = queries[qi]};
        int64_t got[64];
        size_t sizes[] = {1, 4, 100};
        for (size_t z = 0; z < 3; z++) {
            memset(got, 0, sizeof got);
            assert_int_equal(read_all(s, &newest, sizes[z], got, NULL, 64), nwant);
            assert_memory_equal(got, want, nwant * sizeof want[0]);
        }
        /* Backward from the last row: the rows before it, in order. */
        struct article_cursor c = {1000 + 39, want[nwant - 1], 0};
        struct article_row *rows;
        size_t m;
        assert_int_equal(store_articles_page(s, &newest, &c, 1, 3, &rows, &m), 0);
        assert_int_equal(m, 3);
        for (size_t i = 0; i < m; i++)
            assert_int_equal(rows[i].id, want[nwant - 4 + i]);
        store_article_rows_free(rows, m);
        assert_int_equal(store_articles_count_upto(s, &newest, 1000), (int64_t)nwant);
        assert_int_equal(store_articles_count_upto(s, &newest, 5), 5);
        /* Best match has the same rows. */
        struct article_filter best = {.query = queries[qi], .by_relevance = 1, .group = 1};
        assert_int_equal(read_all(s, &best, 4, got, NULL, 64), nwant);
        for (size_t i = 0; i < nwant; i++) {
            size_t j = 0;
            while (j < nwant && want[j] != got[i])
                j++;
            assert_true(j < nwant);
        }
    }
    /* Without the phrase: every turbine article but those (PostgreSQL's
     * web search syntax; FTS5 has no negation of its own). */
    if (!getenv("BULLPEN_PG")) return;
    struct article_filter without = {.query = "turbine -\"price target\""};
    assert_int_equal(store_articles_count_upto(s, &without, 1000), 40 - (int64_t)nwant);
}

/* PostgreSQL looks for a phrase among the newest ids first and goes on
 * below them when those do not fill the page: with the matches split by a
 * gap of 100,000 ids (far wider than the ids it looks among first), every
 * page size still lists them all, newest first, each once, and a phrase
 * that only the old articles hold is still found. On SQLite the ids have
 * no gap, and the same must hold. */
static void test_phrase_window(void **state)
{
    struct store *s = *state;
    /* The phrase's articles, newest first. */
    int64_t want[6];
    size_t nwant = sizeof want / sizeof want[0];
    int64_t feed = add_feed(s, "http://a/feed");
    assert_int_equal(store_begin(s), 0);
    for (int i = 0; i < 12; i++) {
        /* Old: 0..5; new, past the gap: 6..11. Every other one holds the
         * phrase. */
        if (i == 6 && getenv("BULLPEN_PG"))
            assert_int_equal(store_exec(s,
                                        "SELECT setval(pg_get_serial_sequence('article_rows',"
                                        " 'id'), (SELECT max(id) FROM article_rows) + 100000)",
                                        "moving the ids on"),
                             0);
        int64_t id = insert(s, feed, 1000 + i, i < 6 ? "Old note" : "New note",
                            i % 2 ? "the target price of the turbine maker"
                                  : "a price target for the turbine maker");
        if (i % 2 == 0) want[nwant - 1 - i / 2] = id;
    }
    assert_int_equal(store_commit(s), 0);
    assert_true(want[0] - want[nwant - 1] > (getenv("BULLPEN_PG") ? 100000 : 0));
    struct article_filter newest = {.query = "\"price target\" turbine"};
    size_t sizes[] = {1, 2, 4, 5, 100};
    for (size_t z = 0; z < 5; z++) {
        int64_t got[16] = {0};
        assert_int_equal(read_all(s, &newest, sizes[z], got, NULL, 16), nwant);
        assert_memory_equal(got, want, nwant * sizeof want[0]);
    }
    struct article_filter old = {.query = "\"price target\" old"};
    int64_t got[16] = {0};
    assert_int_equal(read_all(s, &old, 2, got, NULL, 16), 3);
    assert_memory_equal(got, want + 3, 3 * sizeof want[0]);
}

/* Only the newest STORE_RANK_WINDOW matches are ranked: the strongest match
 * of all, stored first, is past the window and not listed; the count still
 * counts it. */
static void test_best_match_window(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://a/feed");
    assert_int_equal(store_begin(s), 0);
    int64_t strongest = insert(s, f, 10, "Turbine turbine turbine", "turbine turbine turbine");
    int64_t second = 0;
    for (int i = 0; i < STORE_RANK_WINDOW; i++) {
        int64_t id = insert(s, f, 100 + i, i == 7 ? "Turbine turbine" : "Grid report",
                            "one turbine among many other words in a longer text");
        if (i == 7) second = id;
    }
    assert_int_equal(store_commit(s), 0);
    struct article_filter best = {.query = "turbine", .by_relevance = 1};
    static int64_t ids[STORE_RANK_WINDOW + 8];
    size_t n = read_all(s, &best, 200, ids, NULL, STORE_RANK_WINDOW + 8);
    assert_int_equal(n, STORE_RANK_WINDOW);
    assert_int_equal(ids[0], second);
    for (size_t i = 0; i < n; i++)
        assert_int_not_equal(ids[i], strongest);
    assert_int_equal(store_articles_count_upto(s, &best, 5000), STORE_RANK_WINDOW + 1);
    /* Newest first still reaches it, last. */
    struct article_filter newest = {.query = "turbine"};
    n = read_all(s, &newest, 200, ids, NULL, STORE_RANK_WINDOW + 8);
    assert_int_equal(n, STORE_RANK_WINDOW + 1);
    assert_int_equal(ids[n - 1], strongest);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_best_match_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_best_match_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phrase_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phrase_window, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
