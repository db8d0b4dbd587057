/* The demo generator: deterministic, a year of news across the companies,
 * and fast enough to build on a first run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/article.h"
#include "core/demo.h"

struct tally {
    uint64_t hash;
    long articles, prices;
    int64_t first, last;
    int sources[DEMO_N_SOURCES];
    int nvda;
};

static void mix(uint64_t *h, const char *s)
{
    for (; s && *s; s++)
        *h = (*h ^ (unsigned char)*s) * 1099511628211ull;
}

static int on_article(void *ctx, const struct article *a, int source)
{
    struct tally *t = ctx;
    mix(&t->hash, a->title);
    mix(&t->hash, a->content);
    mix(&t->hash, a->guid);
    if (!t->articles || a->published < t->first) t->first = a->published;
    if (a->published > t->last) t->last = a->published;
    t->articles++;
    t->sources[source]++;
    if (strstr(a->title, "Nvidia") || strstr(a->content, "Nvidia")) t->nvda++;
    assert_non_null(a->guid);
    assert_true(!strncmp(a->link, "https://", 8));
    return 0;
}

static int on_price(void *ctx, const char *symbol, int64_t day, double close)
{
    struct tally *t = ctx;
    char buf[64];
    snprintf(buf, sizeof buf, "%s%lld%.4f", symbol, (long long)day, close);
    mix(&t->hash, buf);
    assert_true(close > 0);
    t->prices++;
    return 0;
}

static void test_deterministic_year(void **state)
{
    (void)state;
    struct tally a = {.hash = 1469598103934665603ull}, b = a;
    struct demo_sink sa = {on_article, on_price, &a}, sb = {on_article, on_price, &b};
    clock_t c0 = clock();
    assert_int_equal(demo_generate(20000, 365, &sa), 0);
    double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
    assert_int_equal(demo_generate(20000, 365, &sb), 0);
    assert_true(a.hash == b.hash);
    assert_int_equal(a.articles, b.articles);
    assert_true(a.articles > 2000 && a.articles < 6000);
    assert_true(a.prices > 12 * 250);
    assert_true(a.first >= (20000 - 364) * 86400LL && a.last < 20001 * 86400LL);
    for (int i = 0; i < DEMO_N_SOURCES; i++)
        assert_true(a.sources[i] > 100);
    assert_true(a.nvda > 50);
    assert_true(secs < 1.0);
}

static int stop_at_ten(void *ctx, const struct article *a, int source)
{
    (void)a;
    (void)source;
    return ++*(int *)ctx == 10 ? 7 : 0;
}

static void test_stops_on_sink_error(void **state)
{
    (void)state;
    int seen = 0;
    struct demo_sink stop = {stop_at_ten, NULL, &seen};
    assert_int_equal(demo_generate(20000, 30, &stop), 7);
    assert_int_equal(seen, 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deterministic_year),
        cmocka_unit_test(test_stops_on_sink_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
