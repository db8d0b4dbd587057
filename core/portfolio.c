/* The book's valuation; the rules are stated in portfolio.h. */
#include "core/portfolio.h"

#include <math.h>
#include <string.h>

void portfolio_value_book(const struct valuation_in *in, size_t n, struct valuation_line *lines,
                          struct valuation_book *book)
{
    memset(book, 0, sizeof *book);
    double sent_w = 0, sent_sum = 0, chg_w = 0, chg_sum = 0;
    for (size_t i = 0; i < n; i++) {
        const struct valuation_in *p = &in[i];
        struct valuation_line *l = &lines[i];
        memset(l, 0, sizeof *l);
        if (p->has_last) {
            l->basis = VALUE_MARKET;
            l->value = p->quantity * p->last;
            book->n_market++;
        } else if (p->has_cost) {
            l->basis = VALUE_AT_COST;
            l->value = p->quantity * p->cost;
            book->n_at_cost++;
        } else {
            book->n_none++;
            continue;
        }
        book->has_value = 1;
        book->value += l->value;
        book->gross += fabs(l->value);
        if (p->has_last && p->has_cost) {
            l->has_pnl = 1;
            l->pnl = (p->last - p->cost) * p->quantity;
            book->has_pnl = 1;
            book->pnl += l->pnl;
            book->cost_basis += fabs(p->quantity) * p->cost;
        }
        /* A short's sentiment counts against the book: the side is the sign
         * of the quantity, the weight the exposure whatever the side. */
        double exposure = fabs(l->value);
        double side = p->quantity < 0 ? -1 : 1;
        if (p->has_sentiment && exposure > 0) {
            sent_w += exposure;
            sent_sum += exposure * side * p->sentiment;
            if (p->has_change) {
                chg_w += exposure;
                chg_sum += exposure * side * p->change;
            }
        }
    }
    for (size_t i = 0; i < n && book->gross > 0; i++) {
        if (lines[i].basis == VALUE_NONE) continue;
        lines[i].has_weight = 1;
        lines[i].weight = lines[i].value / book->gross;
    }
    if (sent_w > 0) {
        book->has_sentiment = 1;
        book->sentiment = sent_sum / sent_w;
    }
    if (chg_w > 0) {
        book->has_change = 1;
        book->change = chg_sum / chg_w;
    }
}
