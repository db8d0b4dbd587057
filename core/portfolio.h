/* portfolio: the valuation of a book of positions, the one set of rules the
 * portfolio panel, `portfolio list` and anything else that shows a value, a
 * P&L, a weight or the book's sentiment follow. It is arithmetic only: the
 * caller reads positions, closes and sentiment from wherever it keeps them.
 *
 * The rules, as a portfolio manager reads a long/short book:
 *
 *   - Value is signed: quantity x last close, so a short (negative quantity)
 *     has a negative value and the book's value is its net value.
 *   - A position with no close is valued at its average cost (quantity x
 *     cost) and marked VALUE_AT_COST, so it is neither dropped from the book
 *     nor mixed in unseen; one with neither a close nor a cost has no value
 *     (VALUE_NONE) and is left out of every total.
 *   - P&L is (last - cost) x quantity, known only with both a close and a
 *     cost; a short gains when the price falls. The book's P&L sums the
 *     known ones; its cost basis is the gross cost (|quantity| x cost) of the
 *     same positions, for a return that means the same for longs and shorts.
 *   - Weight is value / gross exposure (the sum of |value|), signed like the
 *     value: weights of a long/short book stay meaningful when its net value
 *     is near zero, and their absolute values add up to 1.
 *   - The book's sentiment weights each valued position's 7-day sentiment by
 *     its gross exposure |value| and counts it against the book for a short:
 *     bad news on a name the book is short is good news for the book. The
 *     book's sentiment change is the same weighted mean of the positions'
 *     changes, over the positions whose change is known. A position of no
 *     exposure (zero quantity, or valued at a cost of 0) weighs nothing.
 *
 * Nothing here allocates or fails. */
#ifndef BULLPEN_CORE_PORTFOLIO_H
#define BULLPEN_CORE_PORTFOLIO_H

#include <stddef.h>

/* One position as the caller knows it. A has_ flag of 0 means unknown. */
struct valuation_in {
    double quantity; /* negative for a short */
    int has_cost;
    double cost; /* average cost per unit */
    int has_last;
    double last; /* last close */
    int has_sentiment;
    double sentiment; /* the name's recent sentiment, [-1, 1] */
    int has_change;
    double change; /* that sentiment against the period before */
};

/* How a position's value was found. */
enum value_basis {
    VALUE_NONE,    /* no close and no cost: no value, left out of the totals */
    VALUE_MARKET,  /* quantity x last close */
    VALUE_AT_COST, /* no close: quantity x average cost, to be shown marked */
};

/* One position's figures. value is 0 when basis is VALUE_NONE. */
struct valuation_line {
    enum value_basis basis;
    double value;
    int has_pnl;
    double pnl;
    int has_weight;
    double weight; /* value / book gross, signed; [-1, 1] */
};

/* The book's figures. */
struct valuation_book {
    size_t n_market, n_at_cost, n_none; /* positions by basis */
    int has_value;                      /* some position has a value */
    double value;                       /* net: the sum of the values */
    double gross;                       /* the sum of |value| */
    int has_pnl;
    double pnl;        /* the sum of the known P&Ls */
    double cost_basis; /* the sum of |quantity| x cost over those positions */
    int has_sentiment;
    double sentiment; /* gross-weighted, shorts counted against the book */
    int has_change;
    double change; /* the same weighting of the positions' changes */
};

/* Values the n positions of in: lines[i] describes in[i] (lines holds n
 * entries, written by the call), *book the whole. n may be 0. */
void portfolio_value_book(const struct valuation_in *in, size_t n, struct valuation_line *lines,
                          struct valuation_book *book);

#endif
