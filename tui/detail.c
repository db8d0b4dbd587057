/* The detail pane: the article's clean text, wrapped, with tickers coloured
 * by their sentiment in the article and claims marked by kind; the overall
 * label and score and a per-ticker table above it. A cursor steps from
 * ticker to ticker and claim to claim; the ticker under it is what the
 * watchlist, filter and trend keys act on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

#include "core/analyze.h"
#include "core/article.h"
#include "core/err.h"
#include "core/str.h"
#include "core/symbol.h"
#include "core/summary.h"
#include "storage/articles.h"
#include "storage/stories.h"
#include "storage/feeds.h"
#include "storage/notes.h"
#include "tui/app.h"
#include "tui/hits.h"
#include "tui/note.h"
#include "tui/wrap.h"

struct tspan {
    uint32_t start, end; /* code points of the composed text */
    char sym[16];
};

struct line {
    size_t start, end; /* indexes into the tchar array */
};

struct detail {
    int64_t id;
    struct article a;
    char feed[64];
    char *also; /* the other feeds carrying the story; malloc'd or NULL */
    double sent;
    int has_sent, unread, starred;
    struct mention_row *m;
    size_t nm;
    struct claim_row *c;
    size_t nc;
    struct tchar *t;
    size_t nt;
    unsigned char *role; /* per tchar: enum term_role */
    unsigned char *hit;  /* per tchar: 1 inside a search hit */
    struct hits hits;    /* the search's words */
    struct tspan *tk;
    size_t ntk;
    struct line *lines;
    size_t nlines;
    int wrap_w, top, header;
    int cur_kind, cur; /* 0 none, 1 ticker (tk index), 2 claim (c index) */
    struct tchar *sum; /* the summary, sanitised; NULL when none */
    size_t nsum;
    struct note_panel *note; /* lives as long as the pane (tui/note.h) */
};

enum { CUR_NONE, CUR_TICKER, CUR_CLAIM };

static struct detail *D(struct view *v)
{
    return v->priv;
}

static void unload(struct detail *d)
{
    article_clear(&d->a);
    free(d->m);
    store_claims_free(d->c, d->nc);
    free(d->t);
    free(d->role);
    free(d->hit);
    free(d->tk);
    free(d->lines);
    free(d->sum);
    free(d->also);
    struct note_panel *note = d->note;
    memset(d, 0, sizeof *d);
    d->note = note;
}

static int add_span(struct detail *d, size_t *cap, uint32_t start, uint32_t end, const char *sym)
{
    if (d->ntk == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        struct tspan *n = realloc(d->tk, *cap * sizeof *n);
        if (!n) return -1;
        d->tk = n;
    }
    struct tspan *s = &d->tk[d->ntk++];
    s->start = start;
    s->end = end;
    snprintf(s->sym, sizeof s->sym, "%s", sym);
    return 0;
}

static int span_cmp(const void *a, const void *b)
{
    const struct tspan *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Where the tickers are in the text. Stored mentions keep no offsets, so
 * the analyser reads the text again (fast); without one, the symbols the
 * article was stored with are found as whole words. */
static void find_tickers(struct view *v, struct detail *d, const char *text, size_t len,
                         size_t title_len)
{
    size_t cap = 0;
    struct analysis an = {0};
    if (v->app->an && !analyzer_run(v->app->an, text, len, title_len, &an)) {
        for (size_t i = 0; i < an.n_tickers; i++)
            for (size_t j = 0; j < an.tickers[i].n_spans; j++)
                add_span(d, &cap, an.tickers[i].spans[j].start, an.tickers[i].spans[j].end,
                         an.tickers[i].symbol);
        analysis_free(&an);
    } else {
        for (size_t k = 0; k < d->nm; k++) {
            size_t sl = strlen(d->m[k].symbol);
            for (size_t i = 0; i + sl <= d->nt; i++) {
                size_t j = 0;
                while (j < sl && d->t[i + j].ch == (wchar_t)d->m[k].symbol[j])
                    j++;
                int edge_l = i == 0 || !iswalnum((wint_t)d->t[i - 1].ch);
                int edge_r = i + sl == d->nt || !iswalnum((wint_t)d->t[i + sl].ch);
                if (j == sl && edge_l && edge_r)
                    add_span(d, &cap, d->t[i].src, d->t[i + sl - 1].src + 1, d->m[k].symbol);
            }
        }
    }
    if (d->ntk) qsort(d->tk, d->ntk, sizeof *d->tk, span_cmp);
}

static const struct mention_row *mention_of(const struct detail *d, const char *sym)
{
    for (size_t i = 0; i < d->nm; i++)
        if (!strcmp(d->m[i].symbol, sym)) return &d->m[i];
    return NULL;
}

static enum term_role claim_role(const char *kind)
{
    if (!strcmp(kind, "figure")) return ROLE_CLAIM_FIGURE;
    if (!strcmp(kind, "forecast")) return ROLE_CLAIM_FORECAST;
    if (!strcmp(kind, "attributed")) return ROLE_CLAIM_ATTRIBUTED;
    return ROLE_CLAIM_COMPARISON;
}

static void mark(struct detail *d, uint32_t start, uint32_t end, enum term_role r)
{
    for (size_t i = 0; i < d->nt; i++)
        if (d->t[i].src >= start && d->t[i].src < end) d->role[i] = (unsigned char)r;
}

/* The role of every character: claims by kind, tickers by sentiment over
 * them, the cursor's item over both. */
static void paint(struct detail *d)
{
    memset(d->role, ROLE_NORMAL, d->nt);
    for (size_t i = 0; i < d->nc; i++)
        mark(d, (uint32_t)d->c[i].start, (uint32_t)d->c[i].end, claim_role(d->c[i].kind));
    for (size_t i = 0; i < d->ntk; i++) {
        const struct mention_row *m = mention_of(d, d->tk[i].sym);
        int side = sentiment_side(m ? m->sentiment : 0);
        mark(d, d->tk[i].start, d->tk[i].end,
             side > 0   ? ROLE_TICKER_POS
             : side < 0 ? ROLE_TICKER_NEG
                        : ROLE_TICKER_NEUTRAL);
    }
    if (d->hit) {
        memset(d->hit, 0, d->nt);
        hits_mark(&d->hits, d->t, d->nt, d->hit);
        for (size_t i = 0; i < d->nt; i++)
            if (d->hit[i]) d->role[i] = ROLE_SEARCH_MATCH;
    }
    if (d->cur_kind == CUR_TICKER)
        mark(d, d->tk[d->cur].start, d->tk[d->cur].end, ROLE_CURSOR);
    else if (d->cur_kind == CUR_CLAIM)
        mark(d, (uint32_t)d->c[d->cur].start, (uint32_t)d->c[d->cur].end, ROLE_CURSOR);
}

/* The stored summary's sentences, cut from the text just composed. */
static void load_summary(struct view *v, struct detail *d, const char *text, size_t len)
{
    struct span sp[SUMMARY_MAX];
    int n = store_article_digest(v->app->s, d->id, sp);
    if (n <= 0) return;
    struct sbuf line = {0};
    size_t k = summary_spans_locate(text, len, sp, (size_t)n);
    if (!summary_render(text, len, sp, k, &line) && line.len)
        term_sanitize(line.p, line.len, 0, &d->sum, &d->nsum);
    sbuf_free(&line);
}

static void load(struct view *v, int64_t id)
{
    struct detail *d = D(v);
    unload(d);
    note_panel_article(d->note, id);
    v->dirty = 1;
    if (!id) return;
    struct store *s = v->app->s;
    int rc = store_article_get(s, id, &d->a, &d->sent, &d->has_sent, &d->unread, &d->starred);
    if (rc != 1 || store_article_mentions(s, id, &d->m, &d->nm) ||
        store_article_claims(s, id, &d->c, &d->nc)) {
        if (rc < 0) app_message(v->app, ROLE_STATUS_ERROR, "%s", err_msg());
        unload(d);
        return;
    }
    d->id = id;
    /* The source's name, by key: one row. */
    struct feed_row fr = {0};
    if (store_feed_get(s, d->a.feed_id, &fr) == 1)
        snprintf(d->feed, sizeof d->feed, "%s",
                 fr.name    ? fr.name
                 : fr.title ? fr.title
                 : fr.url   ? fr.url
                            : "");
    store_feed_row_clear(&fr);
    if (store_story_sources(s, id, &d->also))
        app_message(v->app, ROLE_STATUS_ERROR, "%s", err_msg());
    struct sbuf text = {0};
    size_t title_len = 0;
    if (article_compose_text(&d->a, &text, &title_len) ||
        term_sanitize(text.p ? text.p : "", text.len, 1, &d->t, &d->nt) ||
        !(d->role = malloc(d->nt ? d->nt : 1)) || !(d->hit = calloc(d->nt ? d->nt : 1, 1))) {
        sbuf_free(&text);
        app_message(v->app, ROLE_STATUS_ERROR, "out of memory");
        unload(d);
        return;
    }
    hits_parse(v->app->filt.query, &d->hits);
    find_tickers(v, d, text.p ? text.p : "", text.len, title_len);
    load_summary(v, d, text.p ? text.p : "", text.len);
    sbuf_free(&text);
    paint(d);
}

static int push_line(struct detail *d, size_t *cap, size_t start, size_t end)
{
    if (d->nlines == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        struct line *n = realloc(d->lines, *cap * sizeof *n);
        if (!n) return -1;
        d->lines = n;
    }
    d->lines[d->nlines++] = (struct line){start, end};
    return 0;
}

/* Word-wraps the text to width w: at the last space that fits, or mid-word
 * when a word is wider than the pane. */
static void wrap(struct detail *d, int w)
{
    free(d->lines);
    d->lines = NULL;
    d->nlines = 0;
    d->wrap_w = w;
    if (w < 4) return;
    size_t cap = 0, i = 0;
    while (i <= d->nt) {
        size_t start = i, brk = (size_t)-1, j = i;
        int col = 0;
        for (; j < d->nt; j++) {
            if (d->t[j].ch == L'\n' || col + d->t[j].width > w) break;
            if (d->t[j].ch == L' ') brk = j;
            col += d->t[j].width;
        }
        int rc;
        if (j >= d->nt) {
            push_line(d, &cap, start, d->nt);
            break;
        }
        if (d->t[j].ch == L'\n') {
            rc = push_line(d, &cap, start, j);
            i = j + 1;
        } else if (brk != (size_t)-1 && brk > start) {
            rc = push_line(d, &cap, start, brk);
            i = brk + 1;
        } else {
            rc = push_line(d, &cap, start, j);
            i = j > start ? j : j + 1;
        }
        if (rc) return;
    }
}

static int body_rows(struct view *v)
{
    int r = v->h - D(v)->header;
    return r > 1 ? r : 1;
}

static void header_draw(struct view *v, int draw)
{
    struct detail *d = D(v);
    WINDOW *w = v->win;
    int y = 0, W = v->w;
    char buf[256], tb[32];
    fmt_time(d->a.published, tb, sizeof tb);
    if (draw) {
        int x = term_put(w, y, 1, W - 1, tb, ROLE_LIST_TIME) + 1;
        if (d->feed[0]) x += term_put(w, y, x + 1, W - x - 1, d->feed, ROLE_LIST_SOURCE) + 1;
        if (d->also) {
            snprintf(buf, sizeof buf, "also in: %s", d->also);
            x += term_put(w, y, x + 1, W - x - 1, buf, ROLE_DIM) + 1;
        }
        if (d->a.author && *d->a.author) {
            snprintf(buf, sizeof buf, "by %s", d->a.author);
            x += term_put(w, y, x + 1, W - x - 1, buf, ROLE_DIM) + 1;
        }
        if (d->starred) x += term_put(w, y, x + 1, W - x - 1, "starred", ROLE_STAR) + 1;
        if (d->unread) x += term_put(w, y, x + 1, W - x - 1, "unread", ROLE_LIST_UNREAD) + 1;
        term_put(w, y, x + 2, W - x - 2, d->a.link ? d->a.link : "", ROLE_DIM);
    }
    y++;
    if (draw) {
        int x = term_put(w, y, 1, W - 1, "Overall ", ROLE_HEADER) + 1;
        x += term_put(w, y, x, W - x, d->has_sent ? sentiment_label(d->sent) : "not analysed",
                      d->has_sent ? role_for_sentiment(d->sent) : ROLE_DIM);
        x += 2;
        x += draw_score(w, y, x, d->sent, d->has_sent) + 2;
        snprintf(buf, sizeof buf, "%zu claim%s  %zu ticker%s", d->nc, d->nc == 1 ? "" : "s", d->nm,
                 d->nm == 1 ? "" : "s");
        x += term_put(w, y, x, W - x, buf, ROLE_DIM) + 2;
        /* The language model's reading stands beside bullpen's, labelled. */
        double ms;
        if (note_panel_score(d->note, d->id, &ms) && x + 12 < W) {
            x += term_put(w, y, x, W - x, "model", ROLE_DIM) + 1;
            draw_score(w, y, x, ms, 1);
        }
    }
    y++;
    /* The table and the summary share what is left once the text has half
     * of the rows below the two header lines and the rule. */
    int spare = v->h - 3 - ((v->h - 3) / 2 > 2 ? (v->h - 3) / 2 : 2);
    if (spare < 0) spare = 0;
    /* The per-ticker table, as many rows as leave room for the text. */
    size_t rows = d->nm, maxrows = (size_t)(v->h > 16 ? v->h / 4 : 2);
    if (maxrows > (size_t)spare) maxrows = (size_t)spare;
    spare -= (int)(rows < maxrows ? rows : maxrows);
    if (rows > maxrows) rows = maxrows;
    for (size_t i = 0; i < rows; i++, y++) {
        if (!draw) continue;
        const struct mention_row *m = &d->m[i];
        int x = term_put(w, y, 2, 6, m->symbol, ROLE_LIST_TICKERS) + 2;
        if (x < 9) x = 9;
        x += draw_score(w, y, x, m->sentiment, m->count > 0) + 1;
        snprintf(buf, sizeof buf, " %-19s x%-3d rel %.2f", sentiment_label(m->sentiment), m->count,
                 m->relevance);
        x += term_put(w, y, x, W - x, buf,
                      m->count > 0 ? role_for_sentiment(m->sentiment) : ROLE_DIM);
        if (m->has_provider) {
            snprintf(buf, sizeof buf, "  source %+.2f", m->provider_score);
            term_put(w, y, x, W - x, buf, ROLE_DIM);
        }
    }
    if (d->nm > rows && rows > 0 && draw) {
        snprintf(buf, sizeof buf, "  ... %zu more", d->nm - rows);
        term_put(w, y - 1, W - 14 > 0 ? W - 14 : 0, 14, buf, ROLE_DIM);
    }
    /* The summary, as much of it as a quarter of the pane holds. */
    int sum_rows = v->h > 20 ? v->h / 4 : 2;
    if (sum_rows > spare) sum_rows = spare;
    if (d->sum && W > 12 && sum_rows > 0) {
        if (draw) term_put(w, y, 1, 8, "Summary", ROLE_HEADER);
        y += wrap_draw(w, y, 10, W - 11, sum_rows, d->sum, d->nsum, term_attr(ROLE_NORMAL), draw);
    }
    if (draw) {
        for (int x = 0; x < W; x++)
            term_glyph(w, y, x, L'─', '-', term_attr(ROLE_BORDER));
    }
    d->header = y + 1;
}

static void detail_draw(struct view *v)
{
    struct detail *d = D(v);
    if (!d->id) {
        term_put(v->win, 1, 2, v->w - 4, "No article selected.", ROLE_DIM);
        return;
    }
    header_draw(v, 1);
    if (note_panel_active(d->note)) {
        note_panel_draw(d->note, v->win, d->header, body_rows(v), v->w - 2);
        return;
    }
    if (d->wrap_w != v->w - 2) wrap(d, v->w - 2);
    int rows = body_rows(v);
    if (d->top > (int)d->nlines - rows) d->top = (int)d->nlines - rows;
    if (d->top < 0) d->top = 0;
    for (int r = 0; r < rows && d->header + r < v->h && (size_t)(d->top + r) < d->nlines; r++) {
        const struct line *ln = &d->lines[d->top + r];
        int x = 1;
        /* Runs of one role drawn together. */
        for (size_t i = ln->start; i < ln->end;) {
            size_t j = i;
            while (j < ln->end && d->role[j] == d->role[i])
                j++;
            x += term_put_tchars(v->win, d->header + r, x, v->w - 1 - x, d->t + i, j - i,
                                 term_attr((enum term_role)d->role[i]));
            i = j;
        }
    }
    /* The text's first line is the title: blank when there is none. */
    if (d->top == 0 && (!d->a.title || !*d->a.title))
        term_put(v->win, d->header, 1, v->w - 2, article_title_shown(d->a.title), ROLE_DIM);
}

/* The tchar index where code point offset src starts. */
static size_t index_of(const struct detail *d, uint32_t src)
{
    size_t lo = 0, hi = d->nt;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->t[mid].src < src)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void show_index(struct view *v, size_t idx)
{
    struct detail *d = D(v);
    if (d->wrap_w != v->w - 2) wrap(d, v->w - 2);
    header_draw(v, 0);
    for (size_t l = 0; l < d->nlines; l++)
        if (idx < d->lines[l].end || l + 1 == d->nlines) {
            int rows = body_rows(v);
            if ((int)l < d->top || (int)l >= d->top + rows) d->top = (int)l - rows / 3;
            if (d->top < 0) d->top = 0;
            return;
        }
}

/* Moves the cursor to the next (dir 1) or previous (-1) ticker or claim. */
static void step(struct view *v, int kind, int dir)
{
    struct detail *d = D(v);
    size_t n = kind == CUR_TICKER ? d->ntk : d->nc;
    if (!n) {
        app_message(v->app, ROLE_STATUS,
                    kind == CUR_TICKER ? "no tickers in this article"
                                       : "no claims in this article");
        return;
    }
    uint32_t at = 0;
    int have = d->cur_kind != CUR_NONE;
    if (d->cur_kind == CUR_TICKER) at = d->tk[d->cur].start;
    if (d->cur_kind == CUR_CLAIM) at = (uint32_t)d->c[d->cur].start;
    int pick = -1;
    for (size_t k = 0; k < n; k++) {
        size_t i = dir > 0 ? k : n - 1 - k;
        uint32_t s = kind == CUR_TICKER ? d->tk[i].start : (uint32_t)d->c[i].start;
        if (!have || (dir > 0 ? s > at : s < at)) {
            pick = (int)i;
            break;
        }
    }
    if (pick < 0) pick = dir > 0 ? 0 : (int)n - 1; /* wrap around */
    d->cur_kind = kind;
    d->cur = pick;
    paint(d);
    uint32_t s = kind == CUR_TICKER ? d->tk[pick].start : (uint32_t)d->c[pick].start;
    show_index(v, index_of(d, s));
    if (kind == CUR_CLAIM) {
        app_message(v->app, ROLE_STATUS, "claim %d/%zu: %s, %+.2f", pick + 1, n, d->c[pick].kind,
                    d->c[pick].sentiment);
    } else {
        const struct mention_row *m = mention_of(d, d->tk[pick].sym);
        if (m && m->count > 0)
            app_message(v->app, ROLE_STATUS, "ticker %d/%zu: %s, %+.2f %s", pick + 1, n,
                        d->tk[pick].sym, m->sentiment, sentiment_label(m->sentiment));
        else
            app_message(v->app, ROLE_STATUS, "ticker %d/%zu: %s", pick + 1, n, d->tk[pick].sym);
    }
    v->dirty = 1;
}

/* The ticker the cursor is on, else the article's most relevant one. */
static const char *cursor_symbol(const struct detail *d, char out[SYMBOL_MAX + 1])
{
    const char *sym = NULL;
    char first[32] = "";
    if (d->cur_kind == CUR_TICKER) sym = d->tk[d->cur].sym;
    if (d->cur_kind == CUR_CLAIM && d->c[d->cur].tickers &&
        sscanf(d->c[d->cur].tickers, "%31s", first) == 1)
        sym = first;
    if (!sym && d->nm) sym = d->m[0].symbol;
    if (!sym || symbol_normalize(sym, out)) return NULL;
    return out;
}

static int detail_request(struct view *v, enum action a, const char *arg)
{
    struct detail *d = D(v);
    int rows = body_rows(v);
    char sym[SYMBOL_MAX + 1];
    if (a == ACT_NOTE) {
        if (!d->id) return 1;
        note_panel_toggle(d->note, d->id, arg && !strcmp(arg, "refresh"));
        v->dirty = 1;
        return 1;
    }
    if (a == ACT_BACK && note_panel_back(d->note)) return 1;
    if (note_panel_active(d->note)) {
        int by = a == ACT_MOVE_DOWN    ? 1
                 : a == ACT_MOVE_UP    ? -1
                 : a == ACT_PAGE_DOWN  ? rows - 1
                 : a == ACT_PAGE_UP    ? 1 - rows
                 : a == ACT_MOVE_FIRST ? -1000000
                 : a == ACT_MOVE_LAST  ? 1000000
                                       : 0;
        if (by) {
            note_panel_scroll(d->note, by);
            return 1;
        }
    }
    switch (a) {
    case ACT_MOVE_DOWN:
        d->top++;
        break;
    case ACT_MOVE_UP:
        d->top--;
        break;
    case ACT_PAGE_DOWN:
        d->top += rows - 1;
        break;
    case ACT_PAGE_UP:
        d->top -= rows - 1;
        break;
    case ACT_MOVE_FIRST:
        d->top = 0;
        break;
    case ACT_MOVE_LAST:
        d->top = (int)d->nlines;
        break;
    case ACT_NEXT_CLAIM:
        step(v, CUR_CLAIM, 1);
        return 1;
    case ACT_PREV_CLAIM:
        step(v, CUR_CLAIM, -1);
        return 1;
    case ACT_NEXT_TICKER:
        step(v, CUR_TICKER, 1);
        return 1;
    case ACT_PREV_TICKER:
        step(v, CUR_TICKER, -1);
        return 1;
    case ACT_BACK:
        if (d->cur_kind) {
            d->cur_kind = CUR_NONE;
            paint(d);
            break;
        }
        app_focus(v->app, PANE_LIST);
        return 1;
    case ACT_STAR:
    case ACT_TOGGLE_READ:
        if (!d->id) return 1;
        /* Only the flag the key changes: another process may have changed
         * the other since this article was read. */
        if (store_article_mark(v->app->s, d->id, a == ACT_TOGGLE_READ ? !d->unread : -1,
                               a == ACT_STAR ? !d->starred : -1) < 0) {
            app_message(v->app, ROLE_STATUS_ERROR, "%s", err_msg());
            return 1;
        }
        app_reload(v->app, RELOAD_FLAGS);
        return 1;
    case ACT_OPEN_LINK:
        if (!d->id) return 1;
        if (app_open_url(d->a.link))
            app_message(v->app, ROLE_STATUS_ERROR, "%s", err_msg());
        else
            app_message(v->app, ROLE_STATUS, "opening the link");
        return 1;
    case ACT_FILTER_THIS:
    case ACT_TREND:
    case ACT_WATCH_ADD:
    case ACT_WATCH_RM:
    case ACT_WATCH_TAG:
        if (arg || !d->id) return 0;
        if (!cursor_symbol(d, sym)) {
            app_message(v->app, ROLE_STATUS, "no ticker here: > steps to the next one");
            return 1;
        }
        return app_global(v->app, a == ACT_FILTER_THIS ? ACT_FILTER_TICKER : a, sym);
    default:
        return 0;
    }
    v->dirty = 1;
    return 1;
}

static void detail_mouse(struct view *v, int y, int x, int button)
{
    struct detail *d = D(v);
    if (button == 4 || button == 5) {
        d->top += button == 4 ? -3 : 3;
        v->dirty = 1;
        return;
    }
    int l = d->top + y - d->header;
    if (y < d->header || l < 0 || (size_t)l >= d->nlines) return;
    int col = 1;
    for (size_t i = d->lines[l].start; i < d->lines[l].end; i++) {
        if (x >= col && x < col + (d->t[i].width ? d->t[i].width : 0)) {
            for (size_t k = 0; k < d->ntk; k++)
                if (d->t[i].src >= d->tk[k].start && d->t[i].src < d->tk[k].end) {
                    d->cur_kind = CUR_TICKER;
                    d->cur = (int)k;
                    paint(d);
                    v->dirty = 1;
                    return;
                }
            return;
        }
        col += d->t[i].width;
    }
}

static void detail_reload(struct view *v, int what)
{
    struct detail *d = D(v);
    if (what & RELOAD_NOTE) {
        note_panel_ready(d->note);
        if (what == RELOAD_NOTE) return;
    }
    if ((what & RELOAD_FILTER) && d->id && v->app->selected == d->id) {
        /* The same article under a new search: its hits change. */
        hits_parse(v->app->filt.query, &d->hits);
        paint(d);
    }
    if (v->app->selected != d->id || (what & RELOAD_FLAGS)) {
        int same = v->app->selected == d->id;
        int top = d->top, kind = d->cur_kind, cur = d->cur;
        load(v, v->app->selected);
        /* The cursor's place is kept only when the same article loaded
         * again: a failed load leaves nothing to paint. */
        if (same && d->id) {
            d->top = top;
            d->cur_kind = kind;
            d->cur = cur;
            paint(d);
        }
    }
    v->dirty = 1;
}

static void detail_title(struct view *v, char *buf, size_t size)
{
    struct detail *d = D(v);
    char sym[SYMBOL_MAX + 1];
    if (!d->id)
        snprintf(buf, size, "Article");
    else if (note_panel_active(d->note))
        snprintf(buf, size, "Article: research note  (A article, Esc cancels or closes)");
    else if (d->cur_kind && cursor_symbol(d, sym))
        snprintf(buf, size, "Article  [cursor %s: a watch, f filter, p trend]", sym);
    else
        snprintf(buf, size, "Article  (] claims, > tickers, o open link)");
}

static int detail_open(struct view *v, const char *arg)
{
    (void)arg;
    if (!(D(v)->note = note_panel_new(v->app))) return err_set("out of memory");
    load(v, v->app->selected);
    return 0;
}

static void detail_close(struct view *v)
{
    note_panel_free(D(v)->note);
    D(v)->note = NULL;
    unload(D(v));
}

const struct view_ops detail_ops = {
    .name = "detail",
    .private_size = sizeof(struct detail),
    .open = detail_open,
    .close = detail_close,
    .reload = detail_reload,
    .draw = detail_draw,
    .request = detail_request,
    .mouse = detail_mouse,
    .title = detail_title,
};
