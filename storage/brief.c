/* Gathering a brief from the store. */
#include "storage/brief.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/article.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/portfolio.h"
#include "core/str.h"
#include "core/summary.h"
#include "storage/articles.h"
#include "storage/claimset.h"
#include "storage/internal.h"
#include "storage/prices.h"
#include "storage/trends.h"
#include "storage/watch.h"

#define WEIGHT_EPS 1e-9
/* Mentions read for one name's window sentiment and claims: a bound so a
 * name in every headline still costs a fixed amount. */
#define WINDOW_ROWS 2000
#define CLAIM_ARTICLES 200
#define ALERT_ROWS 2000

/* The base period: per-day sums, one index range of (symbol, day). */
static const char SQL_BASE[] =
    "SELECT total(articles), total(weight_sum), total(score_sum) FROM sentiment_daily"
    " WHERE symbol = ? AND day >= ? AND day <= ?";
/* The window: mentions_symbol_time, newest first, bounded. */
static const char SQL_WINDOW[] =
    "SELECT count(*), total(relevance), total(relevance * sentiment) FROM"
    " (SELECT relevance, sentiment FROM mentions WHERE symbol = ?1 AND published >= ?2"
    "  AND published <= ?3 AND count > 0 ORDER BY published DESC LIMIT ?4) AS w";
static const char SQL_LATEST[] =
    "SELECT a.id, a.published, a.title, a.link, a.sentiment, coalesce(f.name, f.title, f.url)"
    " FROM mentions m JOIN articles a ON a.id = m.article_id LEFT JOIN feeds f ON f.id = a.feed_id"
    " WHERE m.symbol = ?1 AND m.published >= ?2 AND m.published <= ?3"
    " ORDER BY m.published DESC, m.article_id DESC LIMIT ?4";
/* The claim sets of the symbol's newest articles in the window, newest
 * first: items() keeps the strongest claims naming the symbol. */
static const char SQL_CLAIMS[] =
    "SELECT m.article_id, m.published, a.claims, a.link, coalesce(f.name, f.title, f.url)"
    " FROM (SELECT article_id, published FROM mentions WHERE symbol = ?1 AND published >= ?2"
    "  AND published <= ?3 ORDER BY published DESC LIMIT ?4) m"
    " JOIN articles a ON a.id = m.article_id LEFT JOIN feeds f ON f.id = a.feed_id"
    " WHERE a.claims IS NOT NULL ORDER BY m.published DESC, m.article_id DESC";
/* Alert events by time (alert_events_at), then the mention's primary key. */
static const char SQL_ALERTS[] =
    "SELECT count(*) FROM (SELECT article_id FROM alert_events WHERE at >= ?2 AND at <= ?3"
    " ORDER BY at DESC LIMIT ?4) e JOIN mentions m ON m.article_id = e.article_id AND m.symbol = "
    "?1";

static int base_figures(struct store *s, struct brief_name *nm, int64_t since, int64_t window)
{
    struct db_stmt *st = store_prep(s, SQL_BASE);
    if (!st) return -1;
    int64_t d0 = clock_day_of(since);
    db_bind_text(st, 1, nm->symbol);
    db_bind_int64(st, 2, d0 - BRIEF_BASE_DAYS);
    db_bind_int64(st, 3, d0 - 1);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        double arts = db_column_double(st, 0), w = db_column_double(st, 1),
               ss = db_column_double(st, 2);
        nm->has_usual = 1;
        nm->usual = arts / BRIEF_BASE_DAYS * ((double)window / 86400.0);
        if (w > WEIGHT_EPS) {
            nm->has_before = 1;
            nm->before = ss / w;
        }
    }
    db_reset(st);
    return rc == DB_ROW ? 0 : store_fail(s, "reading the usual pace");
}

static int window_figures(struct store *s, struct brief_name *nm, int64_t since, int64_t now)
{
    struct db_stmt *st = store_prep(s, SQL_WINDOW);
    if (!st) return -1;
    db_bind_text(st, 1, nm->symbol);
    db_bind_int64(st, 2, since);
    db_bind_int64(st, 3, now);
    db_bind_int(st, 4, WINDOW_ROWS);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        nm->articles = db_column_int64(st, 0);
        double w = db_column_double(st, 1);
        if (w > WEIGHT_EPS) {
            nm->has_sentiment = 1;
            nm->sentiment = db_column_double(st, 2) / w;
        }
    }
    db_reset(st);
    if (rc != DB_ROW) return store_fail(s, "reading the window");
    if (!(st = store_prep(s, SQL_ALERTS))) return -1;
    db_bind_text(st, 1, nm->symbol);
    db_bind_int64(st, 2, since);
    db_bind_int64(st, 3, now);
    db_bind_int(st, 4, ALERT_ROWS);
    rc = db_step(st);
    if (rc == DB_ROW) nm->alerts = db_column_int64(st, 0);
    db_reset(st);
    return rc == DB_ROW ? 0 : store_fail(s, "reading alerts");
}

static int price_move(struct store *s, struct brief_name *nm, int64_t since)
{
    double c1, c0;
    int64_t d1, d0;
    int r = store_price_last(s, nm->symbol, INT64_MAX, &c1, &d1);
    if (r <= 0) return r;
    /* The last close before the window opened; when the window holds no
     * close (a weekend, a holiday), the last session's move instead: the
     * close before the last one. */
    r = store_price_last(s, nm->symbol, clock_day_of(since) - 1, &c0, &d0);
    if (r > 0 && d0 >= d1) r = store_price_last(s, nm->symbol, d1 - 1, &c0, &d0);
    if (r <= 0 || d0 >= d1 || c0 == 0) return r < 0 ? -1 : 0;
    nm->has_move = 1;
    nm->close = c1;
    nm->close_day = d1;
    nm->close_before = c0;
    nm->close_before_day = d0;
    nm->move = c1 / c0 - 1;
    return 0;
}

/* The words of a claim: offsets into its article's composed text. */
static char *claim_text(struct store *s, int64_t id, int start, int end)
{
    struct article a;
    if (store_article_get(s, id, &a, NULL, NULL, NULL, NULL) <= 0) return NULL;
    struct sbuf text = {0}, out = {0};
    size_t title_len;
    struct span sp = {(uint32_t)start, (uint32_t)end, 0, 0};
    if (!article_compose_text(&a, &text, &title_len) && text.p &&
        summary_spans_locate(text.p, text.len, &sp, 1) == 1)
        summary_render(text.p, text.len, &sp, 1, &out);
    article_clear(&a);
    sbuf_free(&text);
    return out.len ? sbuf_take(&out) : (sbuf_free(&out), NULL);
}

/* True when the space-separated tickers name sym. */
static int names(const char *tickers, const char *sym)
{
    size_t k = strlen(sym);
    for (const char *p = tickers; p && (p = strstr(p, sym)); p += k)
        if ((p == tickers || p[-1] == ' ') && (p[k] == ' ' || p[k] == '\0')) return 1;
    return 0;
}

/* Where a kept claim is, for its text. */
struct claim_at {
    int64_t id;
    int start, end;
};

/* Keeps claim r of article id among nm's strongest: by |sentiment|, the
 * newer first on a tie (articles come newest first, so a claim goes after
 * those it ties with). */
static int keep_claim(struct brief_name *nm, struct claim_at *where, struct db_stmt *st,
                      const struct claim_row *r)
{
    size_t k = nm->n_claims;
    while (k > 0 && fabs(nm->claims[k - 1].score) < fabs(r->sentiment))
        k--;
    if (k >= BRIEF_CLAIMS) return 0;
    char *link = store_col_dup(st, 3), *source = store_col_dup(st, 4);
    if ((db_column_type(st, 3) != DB_NULL && !link) ||
        (db_column_type(st, 4) != DB_NULL && !source)) {
        free(link);
        free(source);
        return err_set("out of memory");
    }
    if (nm->n_claims == BRIEF_CLAIMS) {
        /* The weakest falls out. */
        nm->n_claims--;
        free(nm->claims[nm->n_claims].link);
        free(nm->claims[nm->n_claims].source);
    }
    memmove(&nm->claims[k + 1], &nm->claims[k], (nm->n_claims - k) * sizeof nm->claims[0]);
    memmove(&where[k + 1], &where[k], (nm->n_claims - k) * sizeof where[0]);
    struct brief_item *c = &nm->claims[k];
    memset(c, 0, sizeof *c);
    c->article_id = db_column_int64(st, 0);
    c->published = db_column_int64(st, 1);
    snprintf(c->kind, sizeof c->kind, "%s", r->kind);
    c->has_score = 1;
    c->score = r->sentiment;
    c->link = link;
    c->source = source;
    where[k] = (struct claim_at){c->article_id, r->start, r->end};
    nm->n_claims++;
    return 0;
}

static int items(struct store *s, struct brief_name *nm, int64_t since, int64_t now)
{
    struct db_stmt *st = store_prep(s, SQL_CLAIMS);
    if (!st) return -1;
    db_bind_text(st, 1, nm->symbol);
    db_bind_int64(st, 2, since);
    db_bind_int64(st, 3, now);
    db_bind_int(st, 4, CLAIM_ARTICLES);
    struct claim_at where[BRIEF_CLAIMS];
    int rc, ret = 0;
    while (!ret && (rc = db_step(st)) == DB_ROW) {
        struct claim_row *rows;
        size_t n;
        ret = claimset_unpack(db_column_blob(st, 2), (size_t)db_column_bytes(st, 2), &rows, &n);
        for (size_t i = 0; !ret && i < n; i++)
            if (names(rows[i].tickers, nm->symbol)) ret = keep_claim(nm, where, st, &rows[i]);
        if (!ret) store_claims_free(rows, n);
    }
    db_reset(st);
    if (ret) return -1;
    if (rc != DB_DONE) return store_fail(s, "reading claims");
    /* The texts after the statement is done: store_article_get reuses the
     * connection's cache. */
    for (size_t i = 0; i < nm->n_claims; i++)
        nm->claims[i].text = claim_text(s, where[i].id, where[i].start, where[i].end);

    if (!(st = store_prep(s, SQL_LATEST))) return -1;
    db_bind_text(st, 1, nm->symbol);
    db_bind_int64(st, 2, since);
    db_bind_int64(st, 3, now);
    db_bind_int(st, 4, BRIEF_HEADLINES);
    while ((rc = db_step(st)) == DB_ROW && nm->n_headlines < BRIEF_HEADLINES) {
        struct brief_item *h = &nm->headlines[nm->n_headlines++];
        h->article_id = db_column_int64(st, 0);
        h->published = db_column_int64(st, 1);
        h->text = store_col_dup(st, 2);
        h->link = store_col_dup(st, 3);
        h->has_score = db_column_type(st, 4) != DB_NULL;
        h->score = db_column_double(st, 4);
        h->source = store_col_dup(st, 5);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? 0 : store_fail(s, "reading headlines");
}

static int add_name(struct brief *b, const char *sym, int in_portfolio)
{
    for (size_t i = 0; i < b->n; i++)
        if (!strcmp(b->names[i].symbol, sym)) {
            b->names[i].in_portfolio |= in_portfolio;
            return 0;
        }
    if (b->n >= BRIEF_MAX_NAMES) return 0;
    struct brief_name *n = realloc(b->names, (b->n + 1) * sizeof *n);
    if (!n) return err_set("out of memory");
    b->names = n;
    memset(&n[b->n], 0, sizeof n[b->n]);
    snprintf(n[b->n].symbol, sizeof n[b->n].symbol, "%s", sym);
    n[b->n].in_portfolio = in_portfolio;
    b->n++;
    return 0;
}

/* What each position is worth now, by the one valuation the portfolio
 * pane and `portfolio list` use (core/portfolio.h). *values is malloc'd,
 * parallel to *syms; *known says which positions have a value at all. */
static int position_values(struct store *s, int64_t now, char (**syms)[SYMBOL_MAX + 1],
                           double **values, int **known, size_t *n)
{
    struct portfolio_positions p;
    *syms = NULL;
    *values = NULL;
    *known = NULL;
    *n = 0;
    if (store_portfolio_read(s, now, &p)) return -1;
    struct valuation_book book;
    portfolio_value_book(p.in, p.n, p.val, &book);
    if (p.n) {
        *syms = calloc(p.n, sizeof **syms);
        *values = calloc(p.n, sizeof **values);
        *known = calloc(p.n, sizeof **known);
        if (!*syms || !*values || !*known) {
            free(*syms);
            free(*values);
            free(*known);
            store_portfolio_free(&p);
            return err_set("out of memory");
        }
    }
    for (size_t i = 0; i < p.n; i++) {
        snprintf((*syms)[i], SYMBOL_MAX + 1, "%s", p.lines[i].sum.symbol);
        (*known)[i] = p.val[i].basis != VALUE_NONE;
        (*values)[i] = p.val[i].value;
    }
    *n = p.n;
    store_portfolio_free(&p);
    return 0;
}

static const struct brief_name *find_name(const struct brief *b, const char *sym)
{
    for (size_t i = 0; i < b->n; i++)
        if (!strcmp(b->names[i].symbol, sym)) return &b->names[i];
    return NULL;
}

/* Value-weighted sentiment now and in the base period, and the positions
 * whose move in sentiment moved it most. */
static int portfolio(struct store *s, struct brief *b, const struct brief_opts *o)
{
    char(*syms)[SYMBOL_MAX + 1];
    double *values;
    int *known;
    size_t n;
    if (position_values(s, o->now, &syms, &values, &known, &n)) return -1;
    double total = 0, sw = 0, ss = 0, bw = 0, bs = 0;
    for (size_t i = 0; i < n; i++)
        if (known[i]) total += fabs(values[i]);
    int rc = 0;
    for (size_t i = 0; i < n && total > 0 && !rc; i++) {
        if (!known[i]) continue;
        struct brief_name tmp = {0};
        const struct brief_name *nm = find_name(b, syms[i]);
        if (!nm) {
            snprintf(tmp.symbol, sizeof tmp.symbol, "%s", syms[i]);
            rc = window_figures(s, &tmp, o->since, o->now) ||
                 base_figures(s, &tmp, o->since, o->now - o->since);
            nm = &tmp;
        }
        double w = fabs(values[i]) / total;
        if (nm->has_sentiment) sw += w, ss += w * nm->sentiment;
        if (nm->has_before) bw += w, bs += w * nm->before;
        if (!nm->has_sentiment || !nm->has_before) continue;
        struct brief_mover m = {.weight = w, .sentiment = nm->sentiment, .before = nm->before};
        snprintf(m.symbol, sizeof m.symbol, "%s", nm->symbol);
        m.contribution = w * (nm->sentiment - nm->before);
        /* Keep the largest |contribution| first. */
        size_t at = b->n_movers;
        while (at > 0 && fabs(b->movers[at - 1].contribution) < fabs(m.contribution))
            at--;
        if (at >= BRIEF_MOVERS) continue;
        size_t last = b->n_movers < BRIEF_MOVERS ? b->n_movers : BRIEF_MOVERS - 1;
        memmove(&b->movers[at + 1], &b->movers[at], (last - at) * sizeof *b->movers);
        b->movers[at] = m;
        if (b->n_movers < BRIEF_MOVERS) b->n_movers++;
    }
    if (!rc && total > 0) {
        b->has_portfolio = 1;
        for (size_t i = 0; i < n; i++)
            if (known[i]) b->value += values[i];
        if (sw > WEIGHT_EPS) b->has_sentiment = 1, b->sentiment = ss / sw;
        if (bw > WEIGHT_EPS) b->has_before = 1, b->before = bs / bw;
    }
    free(syms);
    free(values);
    free(known);
    return rc ? -1 : 0;
}

static int by_news(const void *x, const void *y)
{
    const struct brief_name *a = x, *b = y;
    if (a->articles != b->articles) return a->articles > b->articles ? -1 : 1;
    return strcmp(a->symbol, b->symbol);
}

int store_brief_build(struct store *s, const struct brief_opts *o, struct brief *out)
{
    memset(out, 0, sizeof *out);
    out->now = o->now;
    out->since = o->since;
    if (o->since >= o->now) return err_set("the window is empty");
    int rc = 0;
    struct position_row *pos = NULL;
    size_t npos = 0;
    if (store_position_list(s, &pos, &npos)) return -1;
    if (o->n_symbols) {
        for (size_t i = 0; i < o->n_symbols && !rc; i++)
            rc = add_name(out, o->symbols[i], 0);
    } else {
        int both = !o->watchlist && !o->portfolio;
        for (size_t i = 0; (both || o->portfolio) && i < npos && !rc; i++)
            rc = add_name(out, pos[i].symbol, 1);
        if (!rc && (both || o->watchlist)) {
            struct watch_row *w;
            size_t nw;
            rc = store_watch_list(s, &w, &nw);
            for (size_t i = 0; !rc && i < nw; i++)
                rc = add_name(out, w[i].symbol, 0);
            if (!rc) store_watch_rows_free(w, nw);
        }
    }
    for (size_t i = 0; i < out->n && !rc; i++)
        for (size_t k = 0; k < npos; k++)
            if (!strcmp(pos[k].symbol, out->names[i].symbol)) out->names[i].in_portfolio = 1;
    free(pos);
    for (size_t i = 0; i < out->n && !rc; i++) {
        struct brief_name *nm = &out->names[i];
        rc = window_figures(s, nm, o->since, o->now) ||
             base_figures(s, nm, o->since, o->now - o->since) || price_move(s, nm, o->since) ||
             items(s, nm, o->since, o->now);
    }
    if (!rc && !o->n_symbols && out->n > 1) qsort(out->names, out->n, sizeof *out->names, by_news);
    if (!rc && (!o->watchlist || o->portfolio)) rc = portfolio(s, out, o);
    if (rc) {
        brief_free(out);
        return -1;
    }
    return 0;
}
