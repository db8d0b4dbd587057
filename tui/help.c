/* The help view, generated from the action table and the live key map, so
 * it always shows the bindings in force (config overrides included). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "tui/app.h"
#include "tui/listbox.h"

static void help_draw(struct view *v)
{
    struct listbox *lb = v->priv;
    lb->n = ACT_N - 1;
    listbox_clamp(lb, v->h);
    for (int i = 0; i < v->h && lb->top + i < lb->n; i++) {
        enum action a = (enum action)(lb->top + i + 1);
        char keys[64];
        keymap_keys_of(a, keys, sizeof keys);
        int sel = lb->top + i == lb->sel;
        if (sel) term_fill(v->win, i, 0, v->w, ROLE_LIST_SELECTED);
        term_put(v->win, i, 1, 16, keys[0] ? keys : "(unbound)",
                 sel       ? ROLE_LIST_SELECTED
                 : keys[0] ? ROLE_HELP_KEY
                           : ROLE_DIM);
        term_put(v->win, i, 18, 18, keymap_actions[a].name, sel ? ROLE_LIST_SELECTED : ROLE_DIM);
        term_put(v->win, i, 37, v->w - 38, keymap_actions[a].help,
                 sel ? ROLE_LIST_SELECTED : ROLE_NORMAL);
    }
}

static void help_title(struct view *v, char *buf, size_t size)
{
    (void)v;
    snprintf(buf, size, "Keys  (rebind with `bind.KEY = action` in the config; q closes)");
}

static struct listbox *help_listbox(struct view *v)
{
    return v->priv;
}

const struct view_ops help_ops = {
    .name = "help",
    .private_size = sizeof(struct listbox),
    .draw = help_draw,
    .close_on = ACT_HELP,
    .listbox = help_listbox,
    .title = help_title,
};
