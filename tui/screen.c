/* The screen: the panes' windows for the layout, the overlays over them,
 * the focus, and one draw per pass of the loop (wnoutrefresh per window,
 * one doupdate). */
#include "tui/screen.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/err.h"
#include "tui/app.h"

static const char *const mode_names[LAYOUT_MODES] = {"auto", "wide", "narrow"};

const char *layout_mode_name(int mode)
{
    return mode >= 0 && mode < LAYOUT_MODES ? mode_names[mode] : "?";
}

int layout_mode_parse(const char *name)
{
    for (int i = 0; i < LAYOUT_MODES; i++)
        if (!strcasecmp(name, mode_names[i])) return i;
    return -1;
}

void app_focus(struct app *app, int pane)
{
    if (pane < 0 || pane >= PANE_N) return;
    if (app->focus != pane) {
        app->focus = pane;
        /* The narrow layout shows one pane: a switch changes the screen. */
        app->redraw_all = 1;
    }
}

void app_select(struct app *app, int64_t id)
{
    if (app->selected == id) return;
    app->selected = id;
    view_reload(&app->panes[PANE_DETAIL], 0);
}

void app_close_overlays(struct app *app)
{
    for (int i = 0; i < app->n_overlays; i++)
        app_close_overlay(&app->overlays[i]);
}

void app_show_article(struct app *app, int64_t id)
{
    app_close_overlays(app);
    /* Opened is read, as Enter in the list makes it; the star is left alone. */
    if (store_article_mark(app->s, id, 0, -1) < 0)
        app_message(app, ROLE_STATUS_ERROR, "%s", err_msg());
    else
        app_reload(app, RELOAD_FLAGS);
    app_select(app, id);
    app_focus(app, PANE_DETAIL);
}

void app_reload(struct app *app, int what)
{
    if (what & (RELOAD_ARTICLES | RELOAD_FLAGS | RELOAD_FEEDS | RELOAD_FILTER))
        app_counts_refresh(app);
    for (int i = 0; i < PANE_N; i++)
        view_reload(&app->panes[i], what);
    for (int i = 0; i < app->n_overlays; i++)
        view_reload(&app->overlays[i], what);
    app->status_dirty = 1;
}

struct view *app_top_overlay(struct app *app)
{
    for (int i = app->n_overlays - 1; i >= 0; i--)
        if (!app->overlays[i].closing) return &app->overlays[i];
    return NULL;
}

int app_open_overlay(struct app *app, const struct view_ops *ops, const char *arg)
{
    /* The room for closing views fills only when one action closes more
     * than APP_OVERLAYS of them; a view more is refused, not overrun. */
    if (app->n_overlays == (int)(sizeof app->overlays / sizeof app->overlays[0])) {
        app_message(app, ROLE_STATUS_ERROR, "too many views open: q closes one");
        return -1;
    }
    int open = 0;
    for (int i = 0; i < app->n_overlays; i++)
        open += !app->overlays[i].closing;
    struct view *top = app_top_overlay(app);
    struct view *v = &app->overlays[app->n_overlays];
    memset(v, 0, sizeof *v);
    v->ops = ops;
    v->app = app;
    if (view_open(v, arg)) {
        app_message(app, ROLE_STATUS_ERROR, "%s", err_msg());
        memset(v, 0, sizeof *v);
        return -1;
    }
    app->n_overlays++;
    view_place(v, 0, 0, LINES - 2, COLS);
    if (open == APP_OVERLAYS) app_close_overlay(top);
    app->redraw_all = 1;
    return 0;
}

void app_close_overlay(struct view *v)
{
    struct app *app = v->app;
    if (v < app->overlays || v >= app->overlays + app->n_overlays || v->closing) return;
    v->closing = 1;
    app->redraw_all = 1;
}

void screen_reap_overlays(struct app *app)
{
    int kept = 0;
    for (int i = 0; i < app->n_overlays; i++) {
        struct view *v = &app->overlays[i];
        if (v->closing) {
            view_close(v);
            continue;
        }
        if (kept != i) {
            app->overlays[kept] = *v;
            memset(v, 0, sizeof *v);
        }
        kept++;
    }
    if (kept == app->n_overlays) return;
    app->n_overlays = kept;
    app->redraw_all = 1;
}

static enum arrangement arrangement_for(enum layout_mode mode, int W, int H)
{
    switch (mode) {
    case LAYOUT_WIDE:
        return ARRANGE_SIDE;
    case LAYOUT_NARROW:
        return ARRANGE_TABS;
    default:
        return W >= 160 && H >= 30   ? ARRANGE_SIDE
               : W >= 110 && H >= 32 ? ARRANGE_STACKED
                                     : ARRANGE_TABS;
    }
}

void app_layout(struct app *app)
{
    int H = LINES - 2, W = COLS;
    app->arrange = arrangement_for(app->layout_mode, W, H);
    struct view *list = &app->panes[PANE_LIST], *detail = &app->panes[PANE_DETAIL],
                *book = &app->panes[PANE_PORTFOLIO];
    if (app->arrange == ARRANGE_SIDE) {
        int lw = W * 56 / 100, lh = H * 62 / 100;
        view_place(list, 0, 0, lh, lw);
        view_place(book, lh, 0, H - lh, lw);
        view_place(detail, 0, lw + 1, H, W - lw - 1);
    } else if (app->arrange == ARRANGE_STACKED) {
        int lh = H * 45 / 100, dw = W * 58 / 100;
        view_place(list, 0, 0, lh, W);
        view_place(detail, lh, 0, H - lh, dw);
        view_place(book, lh, dw + 1, H - lh, W - dw - 1);
    } else {
        /* All three keep the full size so hidden panes keep their rows. */
        for (int i = 0; i < PANE_N; i++)
            view_place(&app->panes[i], 0, 0, H, W);
    }
    for (int i = 0; i < app->n_overlays; i++)
        view_place(&app->overlays[i], 0, 0, H, W);
    app->redraw_all = 1;
}

void screen_resize(struct app *app)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resize_term(ws.ws_row, ws.ws_col);
    /* The terminal's own copy of the old screen is not to be trusted after
     * a resize (some keep the old rows where the new layout has blanks):
     * the next update clears and repaints every cell. */
    clearok(curscr, TRUE);
    app_layout(app);
}

struct view *screen_view_at(struct app *app, int *y, int *x)
{
    struct view *vs[PANE_N];
    int n = 0;
    struct view *top = app_top_overlay(app);
    if (top)
        vs[n++] = top;
    else if (app->arrange == ARRANGE_TABS)
        vs[n++] = &app->panes[app->focus];
    else
        for (int i = 0; i < PANE_N; i++)
            vs[n++] = &app->panes[i];
    for (int i = 0; i < n; i++)
        if (vs[i]->win && wenclose(vs[i]->win, *y, *x)) {
            wmouse_trafo(vs[i]->win, y, x, FALSE);
            return vs[i];
        }
    return NULL;
}

static void draw_bar(struct app *app, struct view *v, int focused)
{
    char title[256] = "";
    v->ops->title(v, title, sizeof title);
    enum term_role r = focused ? ROLE_TITLE_FOCUS : ROLE_TITLE;
    werase(v->bar);
    term_fill(v->bar, 0, 0, v->w, r);
    int x = 0;
    if (app->arrange == ARRANGE_TABS && !app->n_overlays) {
        /* Narrow: the bar doubles as tabs for the hidden panes. */
        static const char *const names[PANE_N] = {"1 List", "2 Article", "3 Portfolio"};
        for (int i = 0; i < PANE_N; i++) {
            char tab[32];
            snprintf(tab, sizeof tab, i == app->focus ? "[%s]" : " %s ", names[i]);
            x += term_put(v->bar, 0, x, v->w - x, tab, i == app->focus ? r : ROLE_TITLE);
        }
        x += term_put(v->bar, 0, x, v->w - x, " ", r);
    }
    term_put(v->bar, 0, x + 1, v->w - x - 1, title, r);
    wnoutrefresh(v->bar);
}

/* Every window takes the theme's background. */
static void backgrounds(struct app *app)
{
    term_bkgd(stdscr);
    for (int i = 0; i < PANE_N; i++) {
        term_bkgd(app->panes[i].bar);
        term_bkgd(app->panes[i].win);
    }
    for (int i = 0; i < app->n_overlays; i++) {
        term_bkgd(app->overlays[i].bar);
        term_bkgd(app->overlays[i].win);
    }
}

/* The rule between the panes that stand side by side. */
static void draw_rule(struct app *app)
{
    struct view *d = &app->panes[PANE_DETAIL], *p = &app->panes[PANE_PORTFOLIO];
    int x, y;
    if (app->arrange == ARRANGE_SIDE && d->win) {
        getbegyx(d->bar, y, x);
        for (int r = 0; r < LINES - 2; r++)
            term_glyph(stdscr, r, x - 1, L'│', '|', term_attr(ROLE_BORDER));
    } else if (app->arrange == ARRANGE_STACKED && p->win) {
        getbegyx(p->bar, y, x);
        for (int r = y; r < LINES - 2; r++)
            term_glyph(stdscr, r, x - 1, L'│', '|', term_attr(ROLE_BORDER));
    }
}

void screen_draw(struct app *app)
{
    if (app->redraw_all) {
        backgrounds(app);
        erase();
        if (!app->n_overlays) draw_rule(app);
        wnoutrefresh(stdscr);
        app->status_dirty = 1;
    }
    struct view *top = app_top_overlay(app);
    if (top) {
        if (top->win && (top->dirty || app->redraw_all)) {
            draw_bar(app, top, 1);
            view_draw(top);
        }
    } else {
        for (int i = 0; i < PANE_N; i++) {
            struct view *v = &app->panes[i];
            if (app->arrange == ARRANGE_TABS && i != app->focus) continue;
            if (!v->win || !(v->dirty || app->redraw_all)) continue;
            draw_bar(app, v, i == app->focus);
            view_draw(v);
        }
    }
    if (app->status_dirty || app->redraw_all) statusbar_draw(app);
    if (app->prompting) {
        /* Leave the terminal cursor at the end of the typed text. */
        int x = getcurx(stdscr);
        wmove(stdscr, LINES - 1, x);
        wnoutrefresh(stdscr);
    }
    app->redraw_all = app->status_dirty = 0;
    doupdate();
}
