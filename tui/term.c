/* The terminal: curses set-up, colour roles and the sanitiser. Nothing else
 * calls initscr, init_pair or decodes text for display. */
#include "tui/term.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/utf8.h"

static const char *const role_names[ROLE_N] = {
#define ROLE_NAME(id, name) name,
    TERM_ROLES(ROLE_NAME)
#undef ROLE_NAME
};

static struct {
    int started, color, utf8;
    attr_t attrs[ROLE_N];
} term;

const char *term_role_name(enum term_role r)
{
    return r < ROLE_N ? role_names[r] : "?";
}

int term_role_find(const char *name)
{
    for (int i = 0; i < ROLE_N; i++)
        if (!strcmp(role_names[i], name)) return i;
    return -1;
}

static int locale_is_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8"));
}

int term_start(int mouse)
{
    setlocale(LC_ALL, "");
    term.utf8 = locale_is_utf8();
    /* ESC alone cancels prompts; without this curses waits a full second to
     * tell it from the start of an arrow key's sequence. */
    set_escdelay(25);
    if (!initscr()) return err_set("cannot start the terminal");
    term.started = 1;
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    curs_set(0);
    const char *nc = getenv("NO_COLOR");
    term.color = has_colors() && !(nc && *nc);
    if (term.color) {
        start_color();
        use_default_colors();
    }
    if (mouse) {
        mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
        mouseinterval(0);
    }
    return 0;
}

void term_stop(void)
{
    if (!term.started) return;
    endwin();
    term.started = 0;
}

int term_has_color(void)
{
    return term.color;
}

int term_utf8(void)
{
    return term.utf8;
}

/* What a role looks like without colour when the theme gives it no
 * attributes of its own: the monochrome theme's choices. */
static attr_t mono_default(enum term_role r)
{
    switch (r) {
    case ROLE_LIST_SELECTED:
    case ROLE_CURSOR:
    case ROLE_STATUS:
    case ROLE_TITLE_FOCUS:
    case ROLE_SEARCH_MATCH:
        return A_REVERSE;
    case ROLE_LIST_UNREAD:
    case ROLE_TITLE:
    case ROLE_HEADER:
    case ROLE_TICKER_POS:
    case ROLE_TICKER_NEG:
    case ROLE_TICKER_NEUTRAL:
    case ROLE_STATUS_ERROR:
    case ROLE_STATUS_ALERT:
    case ROLE_HELP_KEY:
    case ROLE_STAR:
        return A_BOLD;
    case ROLE_CLAIM_FIGURE:
    case ROLE_CLAIM_FORECAST:
    case ROLE_CLAIM_ATTRIBUTED:
    case ROLE_CLAIM_COMPARISON:
        return A_UNDERLINE;
    case ROLE_DIM:
    case ROLE_LIST_TIME:
    case ROLE_BORDER:
        return A_DIM;
    default:
        return A_NORMAL;
    }
}

/* The xterm 256-colour palette as RGB, to find the nearest of the 16 or 8
 * colours a smaller terminal has. */
static void xterm_rgb(int c, int rgb[3])
{
    static const int base[16][3] = {
        {0, 0, 0},       {205, 0, 0},   {0, 205, 0},   {205, 205, 0},
        {0, 0, 238},     {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
        {127, 127, 127}, {255, 0, 0},   {0, 255, 0},   {255, 255, 0},
        {92, 92, 255},   {255, 0, 255}, {0, 255, 255}, {255, 255, 255},
    };
    if (c < 16) {
        memcpy(rgb, base[c], sizeof base[c]);
    } else if (c < 232) {
        static const int lv[6] = {0, 95, 135, 175, 215, 255};
        c -= 16;
        rgb[0] = lv[c / 36];
        rgb[1] = lv[(c / 6) % 6];
        rgb[2] = lv[c % 6];
    } else {
        rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
    }
}

static short nearest(int c, int limit)
{
    int rgb[3], best = 0;
    long bestd = -1;
    xterm_rgb(c, rgb);
    for (int i = 0; i < limit; i++) {
        int q[3];
        xterm_rgb(i, q);
        long d = 0;
        for (int k = 0; k < 3; k++)
            d += (long)(rgb[k] - q[k]) * (rgb[k] - q[k]);
        if (bestd < 0 || d < bestd) bestd = d, best = i;
    }
    return (short)best;
}

/* Maps a theme colour onto what the terminal has; bright colours on an
 * 8-colour terminal become the base colour (bold for a foreground). */
static short degrade(short c, int fg, attr_t *attrs)
{
    if (c < 0 || c < COLORS) return c;
    if (COLORS >= 16) return nearest(c, 16);
    short n = c < 16 ? c : nearest(c, 16);
    if (n >= 8) {
        if (fg) *attrs |= A_BOLD;
        n = (short)(n - 8);
    }
    return n;
}

void term_apply_styles(const struct term_style *styles)
{
    const struct term_style *bg = &styles[ROLE_BACKGROUND];
    for (int i = 0; i < ROLE_N; i++) {
        struct term_style own = styles[i];
        const struct term_style *st = &own;
        /* "default" means the theme's background where it names one. */
        if (bg->set && own.fg < 0) own.fg = bg->fg;
        if (bg->set && own.bg < 0) own.bg = bg->bg;
        attr_t a = st->attrs;
        if (!term.color) {
            term.attrs[i] = a ? a : mono_default((enum term_role)i);
            continue;
        }
        short fg = degrade(st->fg, 1, &a), bg = degrade(st->bg, 0, &a);
        if (i + 1 < COLOR_PAIRS && (fg >= 0 || bg >= 0)) {
            init_pair((short)(i + 1), fg, bg);
            a |= COLOR_PAIR(i + 1);
        } else if (fg < 0 && bg < 0 && !st->attrs && st->set == 0) {
            a = mono_default((enum term_role)i);
        }
        term.attrs[i] = a;
    }
}

attr_t term_attr(enum term_role r)
{
    return r < ROLE_N ? term.attrs[r] : A_NORMAL;
}

void term_bkgd(WINDOW *w)
{
    if (w) wbkgd(w, ' ' | (chtype)(term.attrs[ROLE_BACKGROUND] & (A_COLOR | A_BOLD | A_DIM)));
}

int term_sanitize(const char *s, size_t len, int keep_newlines, struct tchar **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct tchar *t = malloc((len ? len : 1) * sizeof *t);
    if (!t) return err_set("out of memory");
    size_t k = 0;
    int utf8 = term.started ? term.utf8 : locale_is_utf8();
    /* What may reach the terminal at all is decided in core (text_read);
     * here only how it is drawn: columns, tabs, line breaks, the locale. */
    struct text_reader r = TEXT_READER(s, len);
    uint32_t u, at;
    while (text_read(&r, &u, &at)) {
        wchar_t cp = (wchar_t)u;
        int w;
        if (cp == L'\n') {
            t[k++] = (struct tchar){keep_newlines ? L'\n' : L' ', keep_newlines ? 0 : 1, at};
            continue;
        }
        if (cp == L'\t') cp = L' ';
        if (cp >= 0x80 && !utf8) {
            cp = L'?';
            w = 1;
        } else if ((w = wcwidth(cp)) < 0) {
            continue;
        }
        t[k++] = (struct tchar){cp, w, at};
    }
    *out = t;
    *n = k;
    return 0;
}

int term_fit(const struct tchar *t, size_t n, int maxw, size_t *keep)
{
    int total = 0;
    for (size_t i = 0; i < n; i++)
        if (t[i].ch != L'\n') total += t[i].width;
    if (total <= maxw) {
        *keep = n;
        return 0;
    }
    /* One column for the ellipsis; a wide character that would straddle
     * the cut goes whole, and combining marks stay with their base. */
    int used = 0;
    size_t i = 0;
    for (; i < n; i++) {
        if (t[i].ch == L'\n' || t[i].width == 0) continue;
        if (used + t[i].width > maxw - 1) break;
        used += t[i].width;
    }
    *keep = i;
    return 1;
}

int term_put_tchars(WINDOW *w, int y, int x, int maxw, const struct tchar *t, size_t n, attr_t attr)
{
    int used = 0, drawn = 0;
    /* Never past the window's edge: curses would wrap onto the next row. */
    int room = getmaxx(w) - x;
    if (maxw > room) maxw = room;
    if (maxw <= 0) return 0;
    size_t keep;
    int cut = term_fit(t, n, maxw, &keep);
    wattrset(w, attr);
    wmove(w, y, x);
    for (size_t i = 0; i < keep; i++) {
        if (t[i].ch == L'\n') continue;
        if (t[i].width == 0) {
            /* A combining mark joins the cell drawn before it. */
            if (drawn) waddnwstr(w, &t[i].ch, 1);
            continue;
        }
        waddnwstr(w, &t[i].ch, 1);
        used += t[i].width;
        drawn = 1;
    }
    if (cut) {
        if (term.utf8)
            waddnwstr(w, L"…", 1);
        else
            waddch(w, '~');
        used++;
    }
    wattrset(w, A_NORMAL);
    return used;
}

int term_put(WINDOW *w, int y, int x, int maxw, const char *s, enum term_role role)
{
    if (!s || maxw <= 0) return 0;
    struct tchar *t;
    size_t n;
    if (term_sanitize(s, strlen(s), 0, &t, &n)) return 0;
    int used = term_put_tchars(w, y, x, maxw, t, n, term_attr(role));
    free(t);
    return used;
}

int term_width(const char *s)
{
    struct tchar *t;
    size_t n;
    if (!s || term_sanitize(s, strlen(s), 0, &t, &n)) return 0;
    int w = 0;
    for (size_t i = 0; i < n; i++)
        w += t[i].width;
    free(t);
    return w;
}

void term_fill(WINDOW *w, int y, int x, int n, enum term_role role)
{
    if (n <= 0) return;
    mvwhline(w, y, x, ' ' | (chtype)term_attr(role), n);
}

void term_glyph(WINDOW *w, int y, int x, wchar_t glyph, char ascii, attr_t attr)
{
    wattrset(w, attr);
    if (term.utf8) {
        mvwaddnwstr(w, y, x, &glyph, 1);
    } else {
        mvwaddch(w, y, x, (chtype)(unsigned char)ascii);
    }
    wattrset(w, A_NORMAL);
}
