/* Block-glyph charts. A cell holds eighths of a bar (U+2581..U+2588); with
 * no UTF-8 the same shapes are drawn with ASCII. */
#include "tui/chart.h"

#include "core/analyze.h"

static const wchar_t eighths[9] = {L' ', L'▁', L'▂', L'▃', L'▄', L'▅', L'▆', L'▇', L'█'};
static const char ascii_eighths[9] = {' ', '.', '.', '_', '_', 'o', 'o', '#', '#'};

/* Draws a bar of `units` eighths upward from row `base` (its bottom row). */
static void bar_up(WINDOW *w, int base, int x, int units, int max_rows, attr_t a)
{
    for (int r = 0; r < max_rows && units > 0; r++, units -= 8) {
        int e = units >= 8 ? 8 : units;
        term_glyph(w, base - r, x, eighths[e], ascii_eighths[e], a);
    }
}

void chart_sentiment(WINDOW *w, int y, int x, int rows, const struct bucket *b, int n, int colw)
{
    int half = rows / 2;
    if (half < 1) return;
    int zero = y + half; /* the zero line's row */
    attr_t axis = term_attr(ROLE_CHART_AXIS);
    for (int i = 0; i < n * colw; i++)
        term_glyph(w, zero, x + i, L'─', '-', axis);
    for (int i = 0; i < n; i++) {
        if (!b[i].has) continue;
        double v = b[i].mean;
        int units = (int)(v * half * 8 + (v >= 0 ? 0.5 : -0.5));
        for (int c = 0; c < colw; c++) {
            int cx = x + i * colw + c;
            if (colw > 2 && c == colw - 1) continue; /* a gap between wide bars */
            if (units > 0) {
                bar_up(w, zero - 1, cx, units, half, term_attr(ROLE_CHART_POS));
            } else if (units < 0) {
                /* Below the line bars hang down: full cells, then a top half. */
                int u = -units;
                for (int r = 0; r < half && u > 0; r++, u -= 8)
                    term_glyph(w, zero + 1 + r, cx, u >= 4 ? L'█' : L'▀', u >= 4 ? '#' : '\'',
                               term_attr(ROLE_CHART_NEG));
            } else {
                term_glyph(w, zero, cx, L'•', '*', term_attr(ROLE_CHART_AXIS));
            }
        }
    }
}

void chart_counts(WINDOW *w, int y, int x, int rows, const struct bucket *b, int n, int colw)
{
    int64_t max = 0;
    for (int i = 0; i < n; i++)
        if (b[i].count > max) max = b[i].count;
    if (!max || rows < 1) return;
    for (int i = 0; i < n; i++) {
        int units = (int)((double)b[i].count / (double)max * rows * 8 + 0.5);
        if (b[i].count && units == 0) units = 1;
        for (int c = 0; c < colw; c++)
            if (!(colw > 2 && c == colw - 1))
                bar_up(w, y + rows - 1, x + i * colw + c, units, rows, term_attr(ROLE_CHART_COUNT));
    }
}

void chart_prices(WINDOW *w, int y, int x, int rows, const struct bucket *b, int n, int colw)
{
    double lo = 0, hi = 0;
    int any = 0;
    for (int i = 0; i < n; i++) {
        if (!b[i].has_price) continue;
        if (!any || b[i].price < lo) lo = b[i].price;
        if (!any || b[i].price > hi) hi = b[i].price;
        any = 1;
    }
    if (!any || rows < 1) return;
    double span = hi - lo > 1e-9 ? hi - lo : 1;
    for (int i = 0; i < n; i++) {
        if (!b[i].has_price) continue;
        /* A floor of one eighth keeps the lowest close visible. */
        int units = 1 + (int)((b[i].price - lo) / span * (rows * 8 - 1) + 0.5);
        for (int c = 0; c < colw; c++)
            if (!(colw > 2 && c == colw - 1))
                bar_up(w, y + rows - 1, x + i * colw + c, units, rows, term_attr(ROLE_CHART_PRICE));
    }
}

void chart_spark(WINDOW *w, int y, int x, const struct bucket *b, int n)
{
    for (int i = 0; i < n; i++) {
        if (!b[i].has) {
            term_glyph(w, y, x + i, L'·', '.', term_attr(ROLE_DIM));
            continue;
        }
        int e = 1 + (int)((b[i].mean + 1) / 2 * 7 + 0.5);
        if (e > 8) e = 8;
        if (e < 1) e = 1;
        int side = sentiment_side(b[i].mean);
        enum term_role r = side > 0 ? ROLE_CHART_POS : side < 0 ? ROLE_CHART_NEG : ROLE_CHART_AXIS;
        term_glyph(w, y, x + i, eighths[e], "_.-~=+*#"[e - 1], term_attr(r));
    }
}
