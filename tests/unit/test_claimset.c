/* Claim sets (storage/claimset.h): layout 3 names an article's symbols
 * once and reads back what was packed, tickers spelt out where a selection
 * cannot say them; layouts 1 and 2, as schemas 10 and 13 wrote them, read
 * back and pack again into layout 3 unchanged in meaning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/analyze.h"
#include "core/str.h"
#include "storage/claimset.h"

static void check(const struct claim_row *r, int start, int end, const char *kind, double s,
                  const char *tickers)
{
    assert_int_equal(r->start, start);
    assert_int_equal(r->end, end);
    assert_string_equal(r->kind, kind);
    assert_float_equal(r->sentiment, s, 1e-9);
    if (tickers)
        assert_string_equal(r->tickers, tickers);
    else
        assert_null(r->tickers);
}

#define T(s) .tickers = s, .tickers_len = sizeof s - 1

static void test_layout3_round_trip(void **state)
{
    struct claimset_item items[] = {
        {.start = 40, .end = 90, .kind = CLAIM_FORECAST, .score = 0.3333, T("NVDA AMD")},
        {.start = 3, .end = 20, .kind = CLAIM_FIGURE, .score = -0.7183, T("NVDA")},
        {.start = 3, .end = 20, .kind = CLAIM_FIGURE, .score = -0.7183, T("NVDA")}, /* again */
        {.start = 95, .end = 120, .kind = CLAIM_ATTRIBUTED, .score = 0, T("AMD NVDA")},
        {.start = 130, .end = 150, .kind = CLAIM_COMPARISON, .score = 1, T("A B C D E")},
        {.start = 160, .end = 170, .kind = CLAIM_FIGURE, .score = -1, T("NVDA NVDA")},
        {.start = 180, .end = 190, .kind = CLAIM_FIGURE, .score = 0.5, T("NVDA")},
        {.start = 200, .end = 210, .kind = CLAIM_FIGURE, .score = 0.25, .tickers = NULL},
    };
    struct sbuf out = {0};
    assert_int_equal(claimset_pack(items, 8, &out), 0);
    assert_int_equal((unsigned char)out.p[0], 3);
    /* The table: NVDA AMD A B C (D and E do not fit; that claim is spelt). */
    assert_int_equal(out.p[1], 14);
    assert_memory_equal(out.p + 2, "NVDA AMD A B C", 14);
    struct claim_row *r;
    size_t n;
    assert_int_equal(claimset_unpack(out.p, out.len, &r, &n), 0);
    assert_int_equal(n, 7);
    check(&r[0], 3, 20, "figure", -0.7183, "NVDA");
    check(&r[1], 40, 90, "forecast", 0.3333, "NVDA AMD");
    check(&r[2], 95, 120, "attributed", 0, "AMD NVDA"); /* out of the table's order: spelt */
    check(&r[3], 130, 150, "comparison", 1, "A B C D E");
    check(&r[4], 160, 170, "figure", -1, "NVDA NVDA"); /* twice: spelt */
    check(&r[5], 180, 190, "figure", 0.5, "NVDA");
    check(&r[6], 200, 210, "figure", 0.25, NULL);
    store_claims_free(r, n);
    /* Cut short anywhere, it is damaged, never read past its end. */
    for (size_t len = 1; len < out.len; len++) {
        int rc = claimset_unpack(out.p, len, &r, &n);
        if (!rc) store_claims_free(r, n);
        if (len < 16) assert_int_equal(rc, -1);
    }
    sbuf_free(&out);
}

/* The three claims of test_layout1_repacked, read back from a set. */
static void check_three(const void *set, size_t len)
{
    struct claim_row *r;
    size_t n;
    assert_int_equal(claimset_unpack(set, len, &r, &n), 0);
    assert_int_equal(n, 3);
    check(&r[0], 3, 20, "figure", -0.7183, "NVDA");
    check(&r[1], 40, 90, "forecast", 0.3333, "NVDA AMD");
    check(&r[2], 95, 120, "attributed", 0, NULL);
    store_claims_free(r, n);
}

/* Schema 10's layout: read as it is, and packed again into layout 2 with
 * the same claims, smaller. */
static void test_layout1_repacked(void **state)
{
    static const unsigned char v1[] = {
        1,                                                                /* layout 1 */
        3,  17, 0, 0xf1, 0xe3, 4, 'N', 'V', 'D', 'A',                     /* 3-20 figure -0.7183 */
        37, 50, 1, 0x05, 0x0d, 8, 'N', 'V', 'D', 'A', ' ', 'A', 'M', 'D', /* 40-90 */
        55, 25, 2, 0,    0,    0, /* 95-120 attributed, none */
    };
    check_three(v1, sizeof v1);
    struct sbuf out = {0};
    assert_int_equal(claimset_repack(v1, sizeof v1, &out), 0);
    assert_int_equal((unsigned char)out.p[0], 3);
    assert_true(out.len < sizeof v1);
    check_three(out.p, out.len);
    /* Layout 3 is copied as it is; damaged layout 1 is an error. */
    struct sbuf again = {0};
    assert_int_equal(claimset_repack(out.p, out.len, &again), 0);
    assert_int_equal(again.len, out.len);
    assert_memory_equal(again.p, out.p, out.len);
    assert_int_equal(claimset_repack(v1, 8, &again), -1);
    sbuf_free(&again);
    sbuf_free(&out);
}

/* Schema 13's layout: read as it is, and packed again into layout 3, where
 * a sentiment of 0 takes one byte instead of two and the others two. */
static void test_layout2_repacked(void **state)
{
    (void)state;
    static const unsigned char v2[] = {
        2,  8,  'N',        'V',  'D',  'A', ' ', 'A', 'M', 'D', /* layout 2, the table */
        3,  17, 0 | 1 << 2, 0xf1, 0xe3,                          /* 3-20 figure -0.7183, NVDA */
        37, 50, 1 | 3 << 2, 0x05, 0x0d, /* 40-90 forecast 0.3333, NVDA AMD */
        55, 25, 2,          0,    0,    /* 95-120 attributed 0, none */
    };
    check_three(v2, sizeof v2);
    struct sbuf out = {0};
    assert_int_equal(claimset_repack(v2, sizeof v2, &out), 0);
    assert_int_equal((unsigned char)out.p[0], 3);
    assert_int_equal(out.len, sizeof v2 - 1);
    check_three(out.p, out.len);
    assert_int_equal(claimset_repack(v2, sizeof v2 - 1, &out), -1);
    sbuf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout3_round_trip),
        cmocka_unit_test(test_layout1_repacked),
        cmocka_unit_test(test_layout2_repacked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
