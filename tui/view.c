/* What every view shares: its private state's life, its windows, reloads
 * and the clicks on its listbox. The views keep only what is their own. */
#include "tui/view.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "tui/screen.h"

int view_open(struct view *v, const char *arg)
{
    const struct view_ops *ops = v->ops;
    v->priv = NULL;
    v->opened = v->closing = v->tick = 0;
    if (ops->private_size && !(v->priv = calloc(1, ops->private_size)))
        return err_set("out of memory");
    if (ops->open && ops->open(v, arg)) {
        free(v->priv);
        v->priv = NULL;
        return -1;
    }
    v->opened = 1;
    v->dirty = 1;
    if (ops->load) ops->load(v);
    return 0;
}

void view_close(struct view *v)
{
    if (v->opened && v->ops->close) v->ops->close(v);
    free(v->priv);
    if (v->win) delwin(v->win);
    if (v->bar) delwin(v->bar);
    memset(v, 0, sizeof *v);
}

/* The rows v's listbox has on screen: below its headings, above its foot. */
static int list_height(const struct view *v)
{
    return v->h - v->ops->listbox_row - (v->ops->listbox_foot ? v->ops->listbox_foot(v) : 0);
}

void view_place(struct view *v, int y, int x, int h, int w)
{
    if (v->win) delwin(v->win);
    if (v->bar) delwin(v->bar);
    v->win = v->bar = NULL;
    v->h = v->w = 0;
    if (h < 2 || w < 4) return;
    v->bar = newwin(1, w, y, x);
    v->win = newwin(h - 1, w, y + 1, x);
    if (!v->bar || !v->win) {
        /* curses refused the size: the view stays off screen. */
        if (v->win) delwin(v->win);
        if (v->bar) delwin(v->bar);
        v->win = v->bar = NULL;
        return;
    }
    v->h = h - 1;
    v->w = w;
    v->dirty = 1;
    if (!v->opened) return;
    if (v->ops->listbox) listbox_clamp(v->ops->listbox(v), list_height(v));
    if (v->ops->resize) v->ops->resize(v);
}

void view_reload(struct view *v, int what)
{
    if (!v->opened || v->closing) return;
    if (v->ops->reload) {
        v->ops->reload(v, what);
        return;
    }
    if ((what & v->ops->reload_on) && v->ops->load) v->ops->load(v);
    v->dirty = 1;
}

int view_request(struct view *v, enum action a, const char *arg)
{
    if (!v->opened) return 0;
    if (v->ops->listbox && listbox_request(v->ops->listbox(v), a, list_height(v))) {
        v->dirty = 1;
        return 1;
    }
    if (a != ACT_NONE && a == v->ops->close_on) {
        app_close_overlay(v);
        return 1;
    }
    return v->ops->request ? v->ops->request(v, a, arg) : 0;
}

void view_mouse(struct view *v, int y, int x, int button)
{
    if (!v->opened) return;
    if (v->ops->mouse) {
        v->ops->mouse(v, y, x, button);
        return;
    }
    if (!v->ops->listbox) return;
    int top = v->ops->listbox_row;
    /* A click on the column headings, or on the foot, picks nothing. */
    if (button == 1 && (y < top || y >= top + list_height(v))) return;
    if (listbox_mouse(v->ops->listbox(v), y - top, button, list_height(v)))
        view_request(v, ACT_ENTER, NULL);
    v->dirty = 1;
}

void view_draw(struct view *v)
{
    werase(v->win);
    v->ops->draw(v);
    wnoutrefresh(v->win);
    v->dirty = 0;
}
