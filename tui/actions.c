/* Desk-wide actions: filters, search, the watchlist, views, themes, the
 * command line, and opening links. Views handle what concerns their own
 * cursor and pass the rest here. The loop calls in (app_dispatch,
 * app_global); what runs here changes the screen, the status bar, the
 * command line and the fetcher, never the loop. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/analyze.h"
#include "core/config.h"
#include "core/err.h"
#include "core/spawn.h"
#include "core/str.h"
#include "core/symbol.h"
#include "storage/feeds.h"
#include "storage/store.h"
#include "storage/watch.h"
#include "tui/app.h"
#include "tui/fetcher.h"

enum term_role role_for_sentiment(double s)
{
    int side = sentiment_side(s);
    return side > 0 ? ROLE_SENT_POS : side < 0 ? ROLE_SENT_NEG : ROLE_SENT_NEUTRAL;
}

int draw_score(WINDOW *w, int y, int x, double score, int has)
{
    char buf[16];
    if (!has) return term_put(w, y, x, 5, "    -", ROLE_DIM);
    snprintf(buf, sizeof buf, "%+.2f", score);
    return term_put(w, y, x, 5, buf, role_for_sentiment(score));
}

void fmt_time(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm)) {
        snprintf(buf, size, "?");
        return;
    }
    strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
}

static void filter_changed(struct app *app)
{
    app->new_articles = 0;
    app_reload(app, RELOAD_FILTER);
    /* What a filter changes is the list: it shows, whatever view asked. */
    app_close_overlays(app);
    if (app->arrange == ARRANGE_TABS) app_focus(app, PANE_LIST);
}

static int parse_day(const char *s, int64_t *out)
{
    int y, m, d, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || m < 1 || m > 12 || d < 1 ||
        d > 31)
        return -1;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    *out = (int64_t)timegm(&tm);
    /* timegm moves 2026-02-31 on to March: a day that moved is no day. */
    return tm.tm_mday == d && tm.tm_mon == m - 1 ? 0 : -1;
}

static void set_dates(struct app *app, const char *arg)
{
    struct desk_filter *d = &app->filt;
    char a[32] = "", b[32] = "";
    int n = sscanf(arg, "%31s %31s", a, b);
    int64_t now = (int64_t)time(NULL), since = 0, until = 0;
    size_t al = strlen(a);
    if (n >= 1 && al >= 2 && isdigit((unsigned char)a[0]) && strchr("dwmy", a[al - 1])) {
        long k = strtol(a, NULL, 10);
        int unit = a[al - 1] == 'd' ? 1 : a[al - 1] == 'w' ? 7 : a[al - 1] == 'm' ? 30 : 365;
        since = now - (int64_t)k * unit * 86400;
    } else if (n >= 1 && !parse_day(a, &since)) {
        if (n == 2 && parse_day(b, &until)) {
            app_message(app, ROLE_STATUS_ERROR, "'%s' is not a date (YYYY-MM-DD)", b);
            return;
        }
        if (until && until < since) {
            app_message(app, ROLE_STATUS_ERROR, "dates: %s is before %s", b, a);
            return;
        }
        if (until) until += 86400; /* the TO day is included */
    } else if (n >= 1) {
        app_message(app, ROLE_STATUS_ERROR, "'%s' is not 7d, 30d, 1y or YYYY-MM-DD", a);
        return;
    }
    d->since = since;
    d->until = until;
    filter_changed(app);
}

static void set_sentiment(struct app *app, const char *arg)
{
    struct desk_filter *d = &app->filt;
    double lo, hi;
    if (!*arg) {
        d->has_range = 0;
    } else if (!strncasecmp(arg, "pos", 3)) {
        d->has_range = 1, d->smin = SENTIMENT_BAND, d->smax = 1;
    } else if (!strncasecmp(arg, "neg", 3)) {
        d->has_range = 1, d->smin = -1, d->smax = -SENTIMENT_BAND;
    } else if (!strncasecmp(arg, "neu", 3)) {
        d->has_range = 1, d->smin = -SENTIMENT_BAND, d->smax = SENTIMENT_BAND;
    } else if (sscanf(arg, "%lf %lf", &lo, &hi) == 2 && lo <= hi && lo >= -1 && hi <= 1) {
        d->has_range = 1, d->smin = lo, d->smax = hi;
    } else {
        app_message(app, ROLE_STATUS_ERROR, "sentiment: pos, neg, neutral or MIN MAX in -1..1");
        return;
    }
    filter_changed(app);
}

static void set_feed(struct app *app, const char *arg)
{
    struct desk_filter *d = &app->filt;
    if (!*arg) {
        d->feed_id = 0;
        filter_changed(app);
        return;
    }
    struct feed_row *rows;
    size_t n;
    if (store_feed_list(app->s, &rows, &n)) {
        app_message(app, ROLE_STATUS_ERROR, "feeds: %s", err_msg());
        return;
    }
    char *end;
    long long id = strtoll(arg[0] == '=' ? arg + 1 : arg, &end, 10);
    struct feed_row *hit = NULL;
    for (size_t i = 0; i < n && !hit; i++) {
        const char *name = rows[i].name ? rows[i].name : rows[i].title ? rows[i].title : "";
        if ((!*end && rows[i].id == id) || strcasestr(name, arg) ||
            (rows[i].url && strcasestr(rows[i].url, arg)))
            hit = &rows[i];
    }
    if (hit) {
        d->feed_id = hit->id;
        snprintf(d->feed_name, sizeof d->feed_name, "%s",
                 hit->name    ? hit->name
                 : hit->title ? hit->title
                              : hit->url);
        filter_changed(app);
    } else {
        app_message(app, ROLE_STATUS_ERROR, "no feed matches '%s'", arg);
    }
    store_feed_rows_free(rows, n);
}

/* A symbol from the user: normalised, or NULL after saying why not. */
static const char *symbol_arg(struct app *app, const char *arg, char out[SYMBOL_MAX + 1])
{
    if (symbol_normalize(arg, out)) {
        app_message(app, ROLE_STATUS_ERROR, "%s", err_msg());
        return NULL;
    }
    return out;
}

/* What the ticker filter's prompt names: a symbol, or a company by name
 * ("Nvidia" filters NVDA). A symbol the directory does not know is still
 * taken (a user's own), with a note, so an empty list is explained. */
static const char *ticker_arg(struct app *app, const char *arg, char out[SYMBOL_MAX + 1])
{
    int is_sym = !symbol_normalize(arg, out);
    if (is_sym && (!app->an || analyzer_symbol_name(app->an, out))) return out;
    if (app->an && analyzer_resolve(app->an, arg, out)) {
        const char *name = analyzer_symbol_name(app->an, out);
        app_message(app, ROLE_STATUS, "%s: %s%s%s", arg, out, name ? ", " : "", name ? name : "");
        return out;
    }
    if (is_sym) {
        app_message(app, ROLE_STATUS, "%s is not in the symbol directory; filtering on it anyway",
                    out);
        return out;
    }
    app_message(app, ROLE_STATUS_ERROR, "%s: no such symbol or company", arg);
    return NULL;
}

static void watch_change(struct app *app, enum action a, const char *arg)
{
    char sym[SYMBOL_MAX + 1], tag[64] = "";
    char first[64] = "";
    sscanf(arg, "%63s %63s", first, tag);
    if (!symbol_arg(app, first, sym)) return;
    int64_t now = (int64_t)time(NULL);
    int r;
    if (a == ACT_WATCH_TAG && !tag[0]) {
        char label[64];
        snprintf(label, sizeof label, "tag %s as: ", sym);
        char prefix[32];
        snprintf(prefix, sizeof prefix, "%s ", sym);
        app_prompt(app, label, ACT_WATCH_TAG, prefix);
        return;
    }
    if (a == ACT_WATCH_RM && tag[0] != ':') {
        /* Tags are work: dropping them is asked first. */
        char tags[128] = "";
        struct watch_row *rows;
        size_t n;
        if (!store_watch_list(app->s, &rows, &n)) {
            for (size_t i = 0; i < n; i++)
                if (!strcmp(rows[i].symbol, sym) && rows[i].tags)
                    snprintf(tags, sizeof tags, "%s", rows[i].tags);
            store_watch_rows_free(rows, n);
        }
        if (tags[0]) {
            char label[200], prefix[32];
            snprintf(label, sizeof label, "stop watching %s and drop its tags (%s)?", sym, tags);
            snprintf(prefix, sizeof prefix, "%s :", sym);
            app_prompt_yesno(app, label, ACT_WATCH_RM, prefix);
            return;
        }
    } else if (a == ACT_WATCH_RM && tag[1] != 'y' && tag[1] != 'Y') {
        app_message(app, ROLE_STATUS, "%s is still watched, tags kept", sym);
        return;
    }
    if (a == ACT_WATCH_ADD)
        r = store_watch_add(app->s, sym, now);
    else if (a == ACT_WATCH_RM)
        r = store_watch_rm(app->s, sym);
    else
        r = store_watch_tag(app->s, sym, tag, now);
    if (r < 0) {
        app_message(app, ROLE_STATUS_ERROR, "watchlist: %s", err_msg());
        return;
    }
    if (a == ACT_WATCH_ADD)
        app_message(app, ROLE_STATUS, r ? "%s added to the watchlist" : "%s is already watched",
                    sym);
    else if (a == ACT_WATCH_RM)
        app_message(app, ROLE_STATUS, r ? "%s removed from the watchlist" : "%s was not watched",
                    sym);
    else
        app_message(app, ROLE_STATUS, "%s tagged %s", sym, tag);
    app_reload(app, RELOAD_WATCH);
}

/* The theme remembered from the last time one was chosen here, with the
 * config's ui.theme at that moment: an edited config wins over the memory. */
#define META_THEME "ui.theme"
#define META_THEME_CONFIG "ui.theme.config"

/* Remembers the theme chosen (C, :theme) in the store, for the next start.
 * The config's ui.theme wins again once it changes. */
static void theme_remember(struct app *app, const char *name)
{
    /* A store that cannot be written (read-only media) forgets: no error. */
    if (store_is_readonly(app->s)) return;
    if (store_meta_set(app->s, META_THEME, name) ||
        store_meta_set(app->s, META_THEME_CONFIG, config_str(app->cfg, CFG_UI_THEME)))
        app_message(app, ROLE_STATUS_ERROR, "theme not remembered: %s", err_msg());
}

int app_theme_load(struct app *app)
{
    const char *cfg = config_str(app->cfg, CFG_UI_THEME);
    char *name = store_meta_get(app->s, META_THEME);
    char *was = store_meta_get(app->s, META_THEME_CONFIG);
    int rc = -1;
    if (name && was && !strcmp(was, cfg)) rc = theme_load(name, &app->theme);
    /* A remembered theme that no longer loads gives way to the config's. */
    if (rc) rc = theme_load(cfg, &app->theme);
    free(name);
    free(was);
    return rc;
}

static void set_theme(struct app *app, const char *name)
{
    struct theme t;
    if (theme_load(name, &t)) {
        app_message(app, ROLE_STATUS_ERROR, "theme: %s", err_msg());
        return;
    }
    app->theme = t;
    term_apply_styles(t.styles);
    app->redraw_all = 1;
    theme_remember(app, name);
    app_message(app, ROLE_STATUS, "theme %s", t.name);
}

/* ":name [arg]" from the command line: any action by its table name. */
static void run_command(struct app *app, const char *line)
{
    char name[64] = "";
    int n = 0;
    sscanf(line, " %63s %n", name, &n);
    if (!name[0]) return;
    const char *rest = line + n;
    if (!strcmp(name, "theme")) {
        set_theme(app, *rest ? rest : theme_next_name(app->theme.name));
        return;
    }
    /* :q is :quit, which is q: it closes the view on top, and quits only
     * from the desk. */
    int a = keymap_action_find(!strcmp(name, "q") ? "quit" : name);
    if (a < 0 || a == ACT_COMMAND) {
        app_message(app, ROLE_STATUS_ERROR, "unknown command '%s' (see ?)", name);
        return;
    }
    app_dispatch(app, (enum action)a, *rest ? rest : NULL);
}

void app_dispatch(struct app *app, enum action a, const char *arg)
{
    if (a == ACT_NONE) return;
    struct view *top = app_top_overlay(app);
    struct view *v = top ? top : &app->panes[app->focus];
    if (view_request(v, a, arg)) return;
    if (top && (a == ACT_QUIT || a == ACT_BACK)) {
        app_close_overlay(top);
        return;
    }
    /* Nobody took it: say so rather than do nothing in silence (Esc with
     * nothing to close is the one exception). */
    if (!app_global(app, a, arg) && a != ACT_BACK)
        app_message(app, ROLE_STATUS_ERROR, "%s: nothing to do here", keymap_actions[a].name);
}

/* L cycles auto, wide, narrow; :layout NAME picks one. */
static void set_layout(struct app *app, const char *arg)
{
    int mode = arg ? layout_mode_parse(arg) : (int)(app->layout_mode + 1) % LAYOUT_MODES;
    if (mode < 0) {
        app_message(app, ROLE_STATUS_ERROR, "layout: '%s' is not auto, wide or narrow", arg);
        return;
    }
    app->layout_mode = (enum layout_mode)mode;
    app_layout(app);
    app_message(app, ROLE_STATUS, "layout %s", layout_mode_name(mode));
}

static int ask(struct app *app, const char *arg, const char *label, enum action a)
{
    if (arg) return 0;
    app_prompt(app, label, a, NULL);
    return 1;
}

int app_global(struct app *app, enum action a, const char *arg)
{
    struct desk_filter *d = &app->filt;
    char sym[SYMBOL_MAX + 1];
    switch (a) {
    case ACT_QUIT:
        app->quit = 1;
        return 1;
    case ACT_HELP:
        app_open_overlay(app, &help_ops, NULL);
        return 1;
    case ACT_PANE_LIST:
    case ACT_PANE_ARTICLE:
    case ACT_PANE_PORTFOLIO:
        app_close_overlays(app); /* the pane asked for shows, not only gets the keys */
        app_focus(app, a == ACT_PANE_LIST      ? PANE_LIST
                       : a == ACT_PANE_ARTICLE ? PANE_DETAIL
                                               : PANE_PORTFOLIO);
        return 1;
    case ACT_NEXT_PANE:
    case ACT_PREV_PANE:
        app_focus(app, (app->focus + (a == ACT_NEXT_PANE ? 1 : PANE_N - 1)) % PANE_N);
        return 1;
    case ACT_SEARCH:
        if (ask(app, arg, "/", ACT_SEARCH)) return 1;
        snprintf(d->query, sizeof d->query, "%s", arg);
        filter_changed(app);
        return 1;
    case ACT_SEARCH_NEXT:
    case ACT_SEARCH_PREV:
        if (!d->query[0]) {
            app_message(app, ROLE_STATUS, "no search yet: press / to search");
            return 1;
        }
        {
            int64_t was = app->selected;
            view_request(&app->panes[PANE_LIST], a == ACT_SEARCH_NEXT ? ACT_MOVE_DOWN : ACT_MOVE_UP,
                         NULL);
            /* Nowhere to go: say so rather than nothing. */
            if (app->selected == was)
                app_message(app, ROLE_STATUS, a == ACT_SEARCH_NEXT ? "last match" : "first match");
            return 1;
        }
    case ACT_FILTER_TICKER:
    case ACT_FILTER_THIS:
        if (ask(app, arg, "ticker or company (empty clears): ", ACT_FILTER_TICKER)) return 1;
        if (!*arg)
            d->ticker[0] = '\0';
        else if (!ticker_arg(app, arg, sym))
            return 1;
        else
            snprintf(d->ticker, sizeof d->ticker, "%s", sym);
        filter_changed(app);
        return 1;
    case ACT_FILTER_FEED:
        if (ask(app, arg, "feed (name or id, empty clears): ", a)) return 1;
        set_feed(app, arg);
        return 1;
    case ACT_FILTER_TAG:
        if (ask(app, arg, "tag (empty clears): ", a)) return 1;
        snprintf(d->tag, sizeof d->tag, "%s", arg);
        filter_changed(app);
        return 1;
    case ACT_FILTER_WATCHLIST:
        d->watchlist = !d->watchlist;
        filter_changed(app);
        return 1;
    case ACT_FILTER_UNREAD:
        d->unread_only = !d->unread_only;
        filter_changed(app);
        return 1;
    case ACT_FILTER_STARRED:
        d->starred_only = !d->starred_only;
        filter_changed(app);
        return 1;
    case ACT_FILTER_SENTIMENT:
        if (ask(app, arg, "sentiment (pos, neg, neutral, MIN MAX; empty clears): ", a)) return 1;
        set_sentiment(app, arg);
        return 1;
    case ACT_FILTER_DATE:
        if (ask(app, arg, "dates (7d, 30d, 1y, FROM [TO]; empty clears): ", a)) return 1;
        set_dates(app, arg);
        return 1;
    case ACT_FILTER_CLEAR:
        memset(d, 0, sizeof *d);
        filter_changed(app);
        app_message(app, ROLE_STATUS, "filters cleared");
        return 1;
    case ACT_WATCH_ADD:
    case ACT_WATCH_RM:
    case ACT_WATCH_TAG:
        if (ask(app, arg, a == ACT_WATCH_RM ? "stop watching: " : "watch symbol: ", a)) return 1;
        watch_change(app, a, arg);
        return 1;
    case ACT_TREND:
        if (ask(app, arg, "trend of symbol: ", a)) return 1;
        if (symbol_arg(app, arg, sym)) app_open_overlay(app, &trend_ops, sym);
        return 1;
    case ACT_OVERVIEW:
        app_open_overlay(app, &overview_ops, NULL);
        return 1;
    case ACT_FEEDS:
        app_open_overlay(app, &feeds_ops, NULL);
        return 1;
    case ACT_ALERTS:
        app_open_overlay(app, &alerts_ops, NULL);
        return 1;
    case ACT_MESSAGES:
        app_open_overlay(app, &messages_ops, NULL);
        return 1;
    case ACT_BRIEF:
        app_open_overlay(app, &brief_ops, NULL);
        return 1;
    case ACT_ORDER: /* the list's, from any pane */
    case ACT_GROUP:
        return view_request(&app->panes[PANE_LIST], a, arg);
    case ACT_NOTE: /* the article pane's: from elsewhere, go there */
        app_focus(app, PANE_DETAIL);
        return view_request(&app->panes[PANE_DETAIL], a, arg);
    case ACT_FETCH:
        app_fetch_now(app);
        return 1;
    case ACT_THEME_NEXT:
        set_theme(app, arg ? arg : theme_next_name(app->theme.name));
        return 1;
    case ACT_LAYOUT:
        set_layout(app, arg);
        return 1;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        app->redraw_all = 1;
        return 1;
    case ACT_COMMAND:
        if (ask(app, arg, ":", a)) return 1;
        run_command(app, arg);
        return 1;
    default:
        return 0;
    }
}

int app_open_url(const char *url)
{
    if (!url || (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)))
        return err_set("the article has no web link");
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f) return err_set("the link is malformed");
    /* $BROWSER may name several browsers (':'), the first one installed
     * wins, and each may carry arguments ("%s" stands for the link): split
     * on spaces, never handed to a shell. */
    const char *env = getenv("BROWSER");
    char *list = xstrdup(env && *env ? env : "xdg-open");
    if (!list) return err_set("out of memory");
    int rc = err_set("BROWSER is empty");
    char first_err[256] = "";
    char *save_list = NULL;
    for (char *entry = strtok_r(list, ":", &save_list); entry;
         entry = strtok_r(NULL, ":", &save_list)) {
        char *argv[16];
        int argc = 0, has_url = 0;
        char *save = NULL;
        for (char *w = strtok_r(entry, " \t", &save); w && argc < 14;
             w = strtok_r(NULL, " \t", &save)) {
            if (!strcmp(w, "%s")) {
                w = (char *)url;
                has_url = 1;
            }
            argv[argc++] = w;
        }
        if (!argc) continue;
        if (!has_url) argv[argc++] = (char *)url;
        argv[argc] = NULL;
        rc = spawn_detached(argv);
        if (!rc) break;
        if (!first_err[0]) snprintf(first_err, sizeof first_err, "%s", err_msg());
    }
    free(list);
    if (rc && first_err[0]) err_set("cannot open the link: %s", first_err);
    return rc;
}
