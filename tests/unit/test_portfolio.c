/* portfolio_value_book: the valuation rules of core/portfolio.h, one book
 * shape at a time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "core/portfolio.h"

/* Doubles equal to within rounding; cmocka's float check narrows them. */
#define assert_near(a, b)                                                                          \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (fabs(a_ - b_) > 1e-9) {                                                                \
            print_error("%s is %.12g, wanted %.12g\n", #a, a_, b_);                                \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

/* A position's inputs in one line: quantity, cost (< 0: none), last (< 0:
 * none), sentiment (NOSENT: none), change (NOSENT: none). */
#define NOSENT 9.0
static struct valuation_in pos(double qty, double cost, double last, double sent, double chg)
{
    return (struct valuation_in){
        .quantity = qty,
        .has_cost = cost >= 0,
        .cost = cost >= 0 ? cost : 0,
        .has_last = last >= 0,
        .last = last >= 0 ? last : 0,
        .has_sentiment = sent != NOSENT,
        .sentiment = sent != NOSENT ? sent : 0,
        .has_change = chg != NOSENT,
        .change = chg != NOSENT ? chg : 0,
    };
}

static void test_empty_book(void **state)
{
    struct valuation_book b;
    memset(&b, 0x5a, sizeof b);
    portfolio_value_book(NULL, 0, NULL, &b);
    assert_int_equal(b.has_value, 0);
    assert_int_equal(b.has_pnl, 0);
    assert_int_equal(b.has_sentiment, 0);
    assert_int_equal(b.has_change, 0);
    assert_int_equal(b.n_market + b.n_at_cost + b.n_none, 0);
    assert_true(b.value == 0 && b.gross == 0 && b.pnl == 0 && b.cost_basis == 0);
}

static void test_long(void **state)
{
    struct valuation_in in = pos(10, 100, 131.88, 0.2, 0.4);
    struct valuation_line l;
    struct valuation_book b;
    portfolio_value_book(&in, 1, &l, &b);
    assert_int_equal(l.basis, VALUE_MARKET);
    assert_near(l.value, 1318.8);
    assert_true(l.has_pnl);
    assert_near(l.pnl, 318.8);
    assert_true(l.has_weight);
    assert_near(l.weight, 1);
    assert_int_equal(b.n_market, 1);
    assert_near(b.value, 1318.8);
    assert_near(b.gross, 1318.8);
    assert_near(b.pnl, 318.8);
    assert_near(b.cost_basis, 1000);
    assert_true(b.has_sentiment && b.has_change);
    assert_near(b.sentiment, 0.2);
    assert_near(b.change, 0.4);
}

/* A short: negative value and weight, a gain when the price falls, and bad
 * news on the name reads as good news for the book. */
static void test_short(void **state)
{
    struct valuation_in in = pos(-3, 190, 183.66, -0.8, -0.5);
    struct valuation_line l;
    struct valuation_book b;
    portfolio_value_book(&in, 1, &l, &b);
    assert_int_equal(l.basis, VALUE_MARKET);
    assert_near(l.value, -550.98);
    assert_near(l.pnl, (183.66 - 190) * -3);
    assert_true(l.pnl > 0);
    assert_near(l.weight, -1);
    assert_near(b.value, -550.98);
    assert_near(b.gross, 550.98);
    assert_near(b.cost_basis, 570);
    assert_near(b.sentiment, 0.8);
    assert_near(b.change, 0.5);

    /* A loss when it rises. */
    in.last = 200;
    portfolio_value_book(&in, 1, &l, &b);
    assert_near(l.pnl, -30);
    assert_near(b.pnl, -30);
}

/* No close: valued at cost and said so; no P&L without a price. Neither
 * close nor cost: no value, left out of every total. */
static void test_unpriced(void **state)
{
    struct valuation_in in[] = {
        pos(5, 150, -1, 0.6, NOSENT), /* at cost */
        pos(100, -1, -1, -0.9, 0.1),  /* nothing to value it by */
        pos(-2, 50, -1, 0.5, NOSENT), /* a short at cost */
    };
    struct valuation_line l[3];
    struct valuation_book b;
    portfolio_value_book(in, 3, l, &b);
    assert_int_equal(l[0].basis, VALUE_AT_COST);
    assert_near(l[0].value, 750);
    assert_false(l[0].has_pnl);
    assert_int_equal(l[1].basis, VALUE_NONE);
    assert_near(l[1].value, 0);
    assert_false(l[1].has_pnl);
    assert_false(l[1].has_weight);
    assert_int_equal(l[2].basis, VALUE_AT_COST);
    assert_near(l[2].value, -100);
    assert_int_equal(b.n_market, 0);
    assert_int_equal(b.n_at_cost, 2);
    assert_int_equal(b.n_none, 1);
    assert_true(b.has_value);
    assert_near(b.value, 650);
    assert_near(b.gross, 850);
    assert_near(l[0].weight, 750.0 / 850);
    assert_near(l[2].weight, -100.0 / 850);
    assert_false(b.has_pnl);
    /* The unvalued position's -0.9 does not count; the short's +0.5 does,
     * against the book. */
    assert_near(b.sentiment, (750 * 0.6 - 100 * 0.5) / 850);
    assert_false(b.has_change);

    /* Only unvalued positions: no value at all, not a value of 0. */
    portfolio_value_book(&in[1], 1, l, &b);
    assert_false(b.has_value);
    assert_false(b.has_sentiment);
    assert_false(l[0].has_weight);
}

/* A position of no size values to 0, weighs 0 and moves no sentiment. */
static void test_zero_quantity(void **state)
{
    struct valuation_in in[] = {
        pos(0, 100, 120, -1, -1),
        pos(10, 100, 120, 0.3, NOSENT),
    };
    struct valuation_line l[2];
    struct valuation_book b;
    portfolio_value_book(in, 2, l, &b);
    assert_int_equal(l[0].basis, VALUE_MARKET);
    assert_near(l[0].value, 0);
    assert_true(l[0].has_pnl);
    assert_near(l[0].pnl, 0);
    assert_true(l[0].has_weight);
    assert_near(l[0].weight, 0);
    assert_near(l[1].weight, 1);
    assert_near(b.sentiment, 0.3);
    assert_false(b.has_change); /* the only change was on the empty position */

    /* Alone, it leaves a book with a value of 0 and no weights. */
    portfolio_value_book(in, 1, l, &b);
    assert_true(b.has_value);
    assert_near(b.value, 0);
    assert_false(l[0].has_weight);
    assert_false(b.has_sentiment);
}

/* Longs, a short, one at cost, one unvalued, one without sentiment. */
static void test_mixed(void **state)
{
    struct valuation_in in[] = {
        pos(5, 150, -1, 0.73, 0.93),        /* AMD: at cost */
        pos(-3, 190, 183.66, -0.83, -1.15), /* AMZN: short */
        pos(100, -1, -1, NOSENT, NOSENT),   /* KO: unvalued */
        pos(2, 400, 442.57, 0.16, NOSENT),  /* MSFT */
        pos(10, 100, 131.88, 0.25, 0.69),   /* NVDA */
        pos(20, -1, 10, NOSENT, NOSENT),    /* priced, no cost, no news */
    };
    enum { N = sizeof in / sizeof in[0] };
    struct valuation_line l[N];
    struct valuation_book b;
    portfolio_value_book(in, N, l, &b);
    double v[N] = {750, -550.98, 0, 885.14, 1318.8, 200};
    double gross = 750 + 550.98 + 885.14 + 1318.8 + 200;
    for (int i = 0; i < N; i++)
        assert_near(l[i].value, v[i]);
    assert_near(b.value, 750 - 550.98 + 885.14 + 1318.8 + 200);
    assert_near(b.gross, gross);
    double wsum = 0;
    for (int i = 0; i < N; i++) {
        if (!l[i].has_weight) continue;
        assert_near(l[i].weight, v[i] / gross);
        wsum += l[i].weight < 0 ? -l[i].weight : l[i].weight;
    }
    assert_near(wsum, 1);
    assert_false(l[2].has_weight);
    /* P&L: the priced positions with a cost only. */
    assert_false(l[0].has_pnl);
    assert_false(l[5].has_pnl);
    assert_near(b.pnl, 19.02 + 85.14 + 318.8);
    assert_near(b.cost_basis, 570 + 800 + 1000);
    assert_int_equal(b.n_market, 4);
    assert_int_equal(b.n_at_cost, 1);
    assert_int_equal(b.n_none, 1);
    double sw = 750 + 550.98 + 885.14 + 1318.8;
    assert_near(b.sentiment, (750 * 0.73 + 550.98 * 0.83 + 885.14 * 0.16 + 1318.8 * 0.25) / sw);
    double cw = 750 + 550.98 + 1318.8;
    assert_near(b.change, (750 * 0.93 + 550.98 * 1.15 + 1318.8 * 0.69) / cw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_book),    cmocka_unit_test(test_long),
        cmocka_unit_test(test_short),         cmocka_unit_test(test_unpriced),
        cmocka_unit_test(test_zero_quantity), cmocka_unit_test(test_mixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
