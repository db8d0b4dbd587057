/* term: the only file that talks to curses set-up. It owns the terminal
 * modes, the colour roles of the loaded theme and the sanitiser that every
 * string from outside passes through before it is drawn. */
#ifndef BULLPEN_TUI_TERM_H
#define BULLPEN_TUI_TERM_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

/* Colour roles: every colour on screen is one of these, looked up in the
 * theme by name. */
#define TERM_ROLES(X)                                                                              \
    X(NORMAL, "normal")                                                                            \
    X(TITLE, "title")                                                                              \
    X(TITLE_FOCUS, "title.focus")                                                                  \
    X(BORDER, "border")                                                                            \
    X(HEADER, "header")                                                                            \
    X(STATUS, "status")                                                                            \
    X(STATUS_ERROR, "status.error")                                                                \
    X(STATUS_ALERT, "status.alert")                                                                \
    X(STATUS_HINT, "status.hint")                                                                  \
    X(PROMPT, "prompt")                                                                            \
    X(LIST_SELECTED, "list.selected")                                                              \
    X(LIST_UNREAD, "list.unread")                                                                  \
    X(LIST_TIME, "list.time")                                                                      \
    X(LIST_SOURCE, "list.source")                                                                  \
    X(LIST_TICKERS, "list.tickers")                                                                \
    X(STAR, "star")                                                                                \
    X(SENT_POS, "sentiment.pos")                                                                   \
    X(SENT_NEG, "sentiment.neg")                                                                   \
    X(SENT_NEUTRAL, "sentiment.neutral")                                                           \
    X(TICKER_POS, "ticker.pos")                                                                    \
    X(TICKER_NEG, "ticker.neg")                                                                    \
    X(TICKER_NEUTRAL, "ticker.neutral")                                                            \
    X(CURSOR, "cursor")                                                                            \
    X(CLAIM_FIGURE, "claim.figure")                                                                \
    X(CLAIM_FORECAST, "claim.forecast")                                                            \
    X(CLAIM_ATTRIBUTED, "claim.attributed")                                                        \
    X(CLAIM_COMPARISON, "claim.comparison")                                                        \
    X(SEARCH_MATCH, "search.match")                                                                \
    X(CHART_POS, "chart.pos")                                                                      \
    X(CHART_NEG, "chart.neg")                                                                      \
    X(CHART_AXIS, "chart.axis")                                                                    \
    X(CHART_PRICE, "chart.price")                                                                  \
    X(CHART_COUNT, "chart.count")                                                                  \
    X(DIM, "dim")                                                                                  \
    X(HELP_KEY, "help.key")                                                                        \
    X(BACKGROUND, "background")

enum term_role {
#define ROLE_ENUM(id, name) ROLE_##id,
    TERM_ROLES(ROLE_ENUM)
#undef ROLE_ENUM
        ROLE_N
};

/* The role's name as themes spell it ("ticker.pos"); static. */
const char *term_role_name(enum term_role r);
/* The role with that name, or -1. */
int term_role_find(const char *name);

/* One role's look: colours are curses colour numbers (-1 = default). */
struct term_style {
    short fg, bg;
    attr_t attrs;
    int set; /* named in the theme */
};

/* Starts curses on the terminal (locale, raw keys, keypad, mouse when
 * mouse). Returns 0 or -1 with err set (no terminal). */
int term_start(int mouse);
void term_stop(void);

/* True when colours are in use (a colour terminal and NO_COLOR unset). */
int term_has_color(void);
/* True when the locale encodes UTF-8 (block and braille glyphs allowed). */
int term_utf8(void);

/* Installs a theme's styles (ROLE_N entries) as curses colour pairs,
 * degrading 256 colours to 16 or 8 as the terminal requires. */
void term_apply_styles(const struct term_style *styles);
/* The attributes (colour pair included) to draw role with. */
attr_t term_attr(enum term_role r);
/* Gives w the theme's background (the "background" role): the colour its
 * blank cells take when erased. A theme that names a background draws every
 * role it leaves on "default" over that colour, not the terminal's. */
void term_bkgd(WINDOW *w);

/* A character ready to draw: a printable code point, its width in columns
 * (0 for combining marks), and the index of the code point in the input
 * it came from (offsets in stored analyses count code points). */
struct tchar {
    wchar_t ch;
    int width;
    uint32_t src;
};

/* Decodes len bytes of UTF-8 into drawable characters: what text_read
 * (core/utf8.h, the rules the command line follows too) lets through, less
 * anything wcwidth calls unprintable. A tab becomes a space; a line break is
 * kept when keep_newlines (else a space); outside a UTF-8 locale every
 * non-ASCII character shows as '?'. *out is malloc'd (caller frees), *n its
 * length. Returns 0 or -1 with err set. */
int term_sanitize(const char *s, size_t len, int keep_newlines, struct tchar **out, size_t *n);

/* Where text is cut: the one rule for every column of the workstation. t
 * (n characters) fits in maxw columns, or is cut to maxw - 1 columns and an
 * ellipsis ("…", "~" outside UTF-8): a wide character that would straddle
 * the cut is left out whole, combining marks stay with their base. Sets
 * *keep to the characters drawn before the ellipsis; returns 1 when the
 * text was cut, 0 when it fits whole. */
int term_fit(const struct tchar *t, size_t n, int maxw, size_t *keep);

/* Draws s (UTF-8 from anywhere) sanitised in role's style from y, x of w,
 * in at most maxw columns and never past the window's right edge, cut with
 * an ellipsis when it is wider (term_fit). Returns the columns used. */
int term_put(WINDOW *w, int y, int x, int maxw, const char *s, enum term_role role);
/* Draws already sanitised characters, cut like term_put; returns the
 * columns used. */
int term_put_tchars(WINDOW *w, int y, int x, int maxw, const struct tchar *t, size_t n,
                    attr_t attr);
/* Columns s would take once sanitised. */
int term_width(const char *s);
/* Fills columns [x, x + n) of row y with spaces in role's style. */
void term_fill(WINDOW *w, int y, int x, int n, enum term_role role);

/* Draws one glyph, falling back to ascii when the locale is not UTF-8. */
void term_glyph(WINDOW *w, int y, int x, wchar_t glyph, char ascii, attr_t attr);

#endif
