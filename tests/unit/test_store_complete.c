/* Names by prefix for completion: tags of the watchlist and the feeds,
 * symbols and company names of the store's directory; case-insensitive,
 * '%' and '_' taken literally, at most the limit asked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/analyze.h"
#include "core/article.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/store.h"
#include "store_fixture.h"
#include "storage/watch.h"

static void collect(void *ctx, const char *name)
{
    char *buf = ctx;
    size_t l = strlen(buf);
    snprintf(buf + l, 512 - l, "%s%s", l ? "," : "", name);
}

static void test_tags(void **state)
{
    struct store *s = *state;
    int64_t fid;
    assert_true(store_feed_add(s, "http://127.0.0.1/a.xml", "a", 1, &fid) > 0);
    assert_int_equal(store_feed_tag(s, fid, "semis-news"), 0);
    assert_int_equal(store_watch_tag(s, "NVDA", "semis", 1), 0);
    assert_int_equal(store_watch_tag(s, "AMD", "semis", 1), 0);
    assert_int_equal(store_watch_tag(s, "AAPL", "megacap", 1), 0);
    assert_int_equal(store_watch_tag(s, "AMD", "50%_off", 1), 0);
    char buf[512] = "";
    assert_int_equal(store_complete_tags(s, "SEM", 10, collect, buf), 0);
    assert_string_equal(buf, "semis,semis-news");
    buf[0] = '\0';
    assert_int_equal(store_complete_tags(s, "", 2, collect, buf), 0);
    assert_string_equal(buf, "50%_off,megacap");
    buf[0] = '\0';
    assert_int_equal(store_complete_tags(s, "5%", 10, collect, buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(store_complete_tags(s, "50%_", 10, collect, buf), 0);
    assert_string_equal(buf, "50%_off");
}

static void test_symbols_and_names(void **state)
{
    struct store *s = *state;
    struct ticker_hit hits[2];
    memset(hits, 0, sizeof hits);
    snprintf(hits[0].symbol, sizeof hits[0].symbol, "NVDA");
    hits[0].name = "NVIDIA CORP";
    snprintf(hits[1].symbol, sizeof hits[1].symbol, "NVO");
    hits[1].name = "NOVO NORDISK";
    for (int i = 0; i < 2; i++) {
        hits[i].mentions = 1;
        hits[i].relevance = 0.5;
    }
    struct analysis an = {.score = 0.1, .tickers = hits, .n_tickers = 2};
    int64_t fid;
    assert_true(store_feed_add(s, "http://127.0.0.1/t.xml", "t", 1, &fid) >= 0);
    struct article a = {.feed_id = fid,
                        .guid = (char *)"g",
                        .title = (char *)"t",
                        .published = 1700000000,
                        .fetched = 1700000000};
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(store_article_insert(s, &a, &an), 1);
    assert_int_equal(store_commit(s), 0);
    char buf[512] = "";
    /* A symbol that matches stands for its company. */
    assert_int_equal(store_complete_symbols(s, "nv", 10, collect, buf), 0);
    assert_string_equal(buf, "NVDA,NVO");
    buf[0] = '\0';
    assert_int_equal(store_complete_symbols(s, "nvi", 10, collect, buf), 0);
    assert_string_equal(buf, "NVIDIA CORP");
    buf[0] = '\0';
    assert_int_equal(store_complete_symbols(s, "no", 10, collect, buf), 0);
    assert_string_equal(buf, "NOVO NORDISK");
    buf[0] = '\0';
    assert_int_equal(store_complete_symbols(s, "N", 1, collect, buf), 0);
    assert_string_equal(buf, "NVDA");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symbols_and_names, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
