/* The alert inbox: the alerts fired, newest first, whoever fired them (the
 * workstation's fetcher, a cron fetch, an import) and whether or not the
 * workstation was open. Opening it marks them seen; Enter opens an alert's
 * article in the article pane. The status bar's count of unseen alerts is
 * kept here too, so the desk's loop only asks for it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/article.h"
#include "core/err.h"
#include "storage/alerts.h"
#include "tui/app.h"
#include "tui/listbox.h"

/* The inbox holds at most this many: memory does not grow with the log. */
#define INBOX_MAX 500

struct inbox {
    struct alert_event_row *rows;
    size_t n;
    /* Unseen when the inbox read them: marked "new" while it stays open,
     * though the store already counts them seen. */
    unsigned char *fresh;
    /* The oldest alert that was unseen when the inbox first read it (0:
     * none). Marking seen goes up to the newest alert read, so the new ones
     * are every alert from here on: a reload while the inbox stays open
     * (a fetch, another process) keeps them marked. */
    int64_t fresh_from;
    struct listbox lb;
};

static struct inbox *I(struct view *v)
{
    return v->priv;
}

void app_alerts_refresh(struct app *app)
{
    int64_t n = store_alert_unseen(app->s);
    if (n < 0) n = 0; /* a count that cannot be read is not worth an error line */
    if (n != app->alerts_unseen) app->status_dirty = 1;
    app->alerts_unseen = n;
}

void app_alerts_status(const struct app *app, char *buf, size_t size)
{
    buf[0] = '\0';
    if (app->alerts_unseen <= 0) return;
    char keys[64];
    keymap_keys_of(ACT_ALERTS, keys, sizeof keys);
    char *space = strchr(keys, ' ');
    if (space) *space = '\0'; /* the first key is hint enough */
    snprintf(buf, size, "%lld alert%s%s%s%s", (long long)app->alerts_unseen,
             app->alerts_unseen == 1 ? "" : "s", keys[0] ? " (" : "", keys, keys[0] ? ")" : "");
}

/* Reads the newest alerts and marks them seen: they are on screen now. */
static void load(struct view *v)
{
    struct inbox *b = I(v);
    int64_t keep = b->n ? b->rows[b->lb.sel].id : 0;
    store_alert_events_free(b->rows, b->n);
    free(b->fresh);
    b->rows = NULL;
    b->fresh = NULL;
    b->n = 0;
    b->lb.n = 0;
    if (store_alert_log(v->app->s, INBOX_MAX, &b->rows, &b->n)) {
        app_message(v->app, ROLE_STATUS_ERROR, "alerts: %s", err_msg());
        return;
    }
    b->fresh = calloc(b->n ? b->n : 1, 1);
    int64_t newest = 0;
    for (size_t i = 0; i < b->n; i++)
        if (!b->rows[i].seen && (!b->fresh_from || b->rows[i].id < b->fresh_from))
            b->fresh_from = b->rows[i].id;
    for (size_t i = 0; i < b->n; i++) {
        if (b->fresh)
            b->fresh[i] = !b->rows[i].seen || (b->fresh_from && b->rows[i].id >= b->fresh_from);
        if (b->rows[i].id > newest) newest = b->rows[i].id;
        if (keep && b->rows[i].id == keep) b->lb.sel = (int)i;
    }
    b->lb.n = (int)b->n;
    if (newest && store_alert_mark_seen(v->app->s, newest))
        app_message(v->app, ROLE_STATUS_ERROR, "alerts: %s", err_msg());
    app_alerts_refresh(v->app);
    v->dirty = 1;
}

static void alerts_draw(struct view *v)
{
    struct inbox *b = I(v);
    WINDOW *w = v->win;
    term_put(w, 0, 1, v->w - 2, "    FIRED             RULE  WHAT                          ARTICLE",
             ROLE_DIM);
    int rows = v->h - 1;
    listbox_clamp(&b->lb, rows);
    for (int i = 0; i < rows && b->lb.top + i < b->lb.n; i++) {
        int k = b->lb.top + i, y = i + 1, sel = k == b->lb.sel;
        const struct alert_event_row *r = &b->rows[k];
        enum term_role base = sel ? ROLE_LIST_SELECTED : ROLE_NORMAL;
        term_fill(w, y, 0, v->w, base);
        if (b->fresh && b->fresh[k])
            term_glyph(w, y, 2, L'●', '*', term_attr(sel ? base : ROLE_LIST_UNREAD));
        char when[32], rule[24];
        fmt_time(r->at, when, sizeof when);
        term_put(w, y, 5, 16, when, sel ? base : ROLE_LIST_TIME);
        snprintf(rule, sizeof rule, "#%lld", (long long)r->rule_id);
        term_put(w, y, 23, 5, rule, sel ? base : ROLE_DIM);
        term_put(w, y, 29, 29, r->detail ? r->detail : "", sel ? base : ROLE_STATUS_ALERT);
        int x = 59;
        if (strcmp(r->delivery, "delivered")) {
            char state[24];
            snprintf(state, sizeof state, "(%s) ", r->delivery);
            x += term_put(w, y, x, v->w - x - 1, state, sel ? base : ROLE_DIM);
        }
        term_put(w, y, x, v->w - x - 1, article_title_shown(r->title), base);
    }
    if (!b->n)
        term_put(w, 2, 2, v->w - 4, "No alerts yet. Add a rule with: bullpen alerts add RULE",
                 ROLE_DIM);
}

static int alerts_request(struct view *v, enum action a, const char *arg)
{
    struct inbox *b = I(v);
    if (a == ACT_ENTER && b->n && !arg) {
        int64_t id = b->rows[b->lb.sel].article_id;
        app_show_article(v->app, id);
        return 1;
    }
    return 0;
}

static void alerts_title(struct view *v, char *buf, size_t size)
{
    struct inbox *b = I(v);
    size_t fresh = 0;
    for (size_t i = 0; b->fresh && i < b->n; i++)
        fresh += b->fresh[i];
    snprintf(buf, size, "Alerts: %zu%s, %zu new  (Enter opens the article, q closes)", b->n,
             b->n == INBOX_MAX ? " newest" : "", fresh);
}

static void alerts_close(struct view *v)
{
    store_alert_events_free(I(v)->rows, I(v)->n);
    free(I(v)->fresh);
}

static struct listbox *alerts_listbox(struct view *v)
{
    return &I(v)->lb;
}

const struct view_ops alerts_ops = {
    .name = "alerts",
    .private_size = sizeof(struct inbox),
    .close = alerts_close,
    .load = load,
    .reload_on = RELOAD_ARTICLES, /* new articles may have fired new alerts */
    .draw = alerts_draw,
    .request = alerts_request,
    .close_on = ACT_ALERTS,
    .listbox = alerts_listbox,
    .listbox_row = 1,
    .title = alerts_title,
};
