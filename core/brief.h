/* brief: one page on a set of names (a watchlist, a portfolio, symbols the
 * user names) over a recent window: how much news each got against its
 * usual pace, its sentiment and how that moved, the strongest claims with
 * source and link, alerts fired and the price move; then the portfolio's
 * value-weighted sentiment and the positions that moved it.
 *
 * This file holds the brief as data and its renderings (text, Markdown,
 * JSON, and the lines the workstation draws); storage/brief.h fills it from
 * the store. No SQL and no curses here.
 *
 * Ownership: a struct brief owns every string in it; brief_free releases
 * them. Threads: no shared state; any thread may call anything. */
#ifndef BULLPEN_CORE_BRIEF_H
#define BULLPEN_CORE_BRIEF_H

#include <stddef.h>
#include <stdint.h>

#include "core/symbol.h"

struct sbuf;

#define BRIEF_CLAIMS 3
#define BRIEF_HEADLINES 3
#define BRIEF_MOVERS 3
/* The usual pace is the mean over this many days before the window. */
#define BRIEF_BASE_DAYS 28

/* A claim or a headline, with the article it comes from. Strings malloc'd,
 * NULL when absent; not sanitised (renderers for a terminal clean them). */
struct brief_item {
    int64_t article_id, published;
    char *text;   /* the claim's words, or the headline */
    char *source; /* the feed's name */
    char *link;
    char kind[16]; /* claim kind (core/analyze.h); "" for a headline */
    int has_score;
    double score;
};

struct brief_name {
    char symbol[SYMBOL_MAX + 1];
    int in_portfolio;
    int64_t articles; /* mentions published in the window */
    int has_usual;
    double usual; /* mentions a window this long gets at the base pace */
    int has_sentiment, has_before;
    double sentiment, before; /* the window; the BRIEF_BASE_DAYS before it */
    int64_t alerts;           /* alert events in the window on articles naming it */
    int has_move;
    double close, close_before, move; /* move: relative, 0.05 = +5% */
    int64_t close_day, close_before_day;
    struct brief_item claims[BRIEF_CLAIMS];
    size_t n_claims;
    struct brief_item headlines[BRIEF_HEADLINES];
    size_t n_headlines;
};

/* A position's share of the change in the portfolio's sentiment. */
struct brief_mover {
    char symbol[SYMBOL_MAX + 1];
    double weight;       /* of the portfolio's value, [0, 1] */
    double sentiment;    /* in the window */
    double before;       /* in the base period */
    double contribution; /* weight x (sentiment - before) */
};

struct brief {
    int64_t now, since; /* the window, unix seconds */
    struct brief_name *names;
    size_t n;
    int has_portfolio; /* positions with a known value */
    double value;
    int has_sentiment, has_before;
    double sentiment, before; /* value-weighted, window and base period */
    struct brief_mover movers[BRIEF_MOVERS];
    size_t n_movers; /* largest |contribution| first */
};

void brief_free(struct brief *b);

enum brief_format { BRIEF_TEXT, BRIEF_MARKDOWN, BRIEF_JSON };

/* Parses "text", "markdown" or "json"; -1 with err set otherwise. */
int brief_format_parse(const char *s, enum brief_format *out);

/* Parses a window such as "24h", "7d", "2w" into seconds; -1 with err set. */
int brief_window_parse(const char *s, int64_t *seconds);

/* Appends the brief in format f to out. Text and Markdown carry control
 * characters from feeds as they are: a caller printing to a terminal
 * sanitises the result. JSON is one line. Returns 0 or -1 (memory). */
int brief_render(const struct brief *b, enum brief_format f, struct sbuf *out);

/* The text rendering as lines for the workstation: each knows the article
 * it names (0 when none) and what it is, for colour. */
enum brief_line_kind { BRIEF_LINE_HEAD, BRIEF_LINE_NAME, BRIEF_LINE_FACT, BRIEF_LINE_ITEM };
struct brief_line {
    char *text; /* malloc'd */
    int64_t article_id;
    enum brief_line_kind kind;
    int has_score;
    double score; /* for an item: its sentiment */
};
/* *lines is malloc'd; free with brief_lines_free. Returns 0 or -1 (memory). */
int brief_lines(const struct brief *b, struct brief_line **lines, size_t *n);
void brief_lines_free(struct brief_line *lines, size_t n);

#endif
