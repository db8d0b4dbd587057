/* Completion in the prompts: each prompt kind names its source in one
 * table; the sources read the store through bounded queries only. */
#include "tui/complete.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "storage/feeds.h"
#include "storage/watch.h"
#include "tui/app.h"
#include "tui/theme.h"

/* Candidates kept per Tab, and rows asked of each store query. */
#define COMPLETE_MAX 64

struct cands {
    const char *typed;
    size_t tlen;
    char names[COMPLETE_MAX][80];
    int n, more; /* more: matches beyond COMPLETE_MAX */
};

static void add(void *ctx, const char *name)
{
    struct cands *c = ctx;
    if (strncasecmp(name, c->typed, c->tlen) || strlen(name) >= sizeof c->names[0]) return;
    for (int i = 0; i < c->n; i++)
        if (!strcasecmp(c->names[i], name)) return;
    if (c->n == COMPLETE_MAX) {
        c->more++;
        return;
    }
    snprintf(c->names[c->n++], sizeof c->names[0], "%s", name);
}

/* Feeds by name (or title, or address when they have neither) and id. */
static void from_feeds(struct app *app, struct cands *c)
{
    struct feed_row *rows;
    size_t n;
    if (store_feed_list(app->s, &rows, &n)) return;
    for (size_t i = 0; i < n; i++) {
        const char *name = rows[i].name    ? rows[i].name
                           : rows[i].title ? rows[i].title
                                           : rows[i].url;
        if (name) add(c, name);
    }
    for (size_t i = 0; i < n; i++) { /* the ids after the names */
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)rows[i].id);
        add(c, id);
    }
    store_feed_rows_free(rows, n);
}

static void from_tags(struct app *app, struct cands *c)
{
    store_complete_tags(app->s, c->typed, COMPLETE_MAX, add, c);
}

/* The watchlist's and the portfolio's symbols, then the store's directory
 * of symbols and company names. */
static void from_symbols(struct app *app, struct cands *c)
{
    struct watch_row *w;
    size_t n;
    if (!store_watch_list(app->s, &w, &n)) {
        for (size_t i = 0; i < n; i++)
            add(c, w[i].symbol);
        store_watch_rows_free(w, n);
    }
    struct position_row *p;
    if (!store_position_list(app->s, &p, &n)) {
        for (size_t i = 0; i < n; i++)
            add(c, p[i].symbol);
        free(p);
    }
    store_complete_symbols(app->s, c->typed, COMPLETE_MAX, add, c);
}

/* The action table's names, and the command line's own words. */
static void from_actions(struct app *app, struct cands *c)
{
    (void)app;
    if (!strncasecmp(c->typed, "theme ", 6)) {
        /* :theme's argument: the compiled-in themes, in the C key's order. */
        const char *t = theme_next_name(NULL);
        do {
            char line[64];
            snprintf(line, sizeof line, "theme %s", t);
            add(c, line);
            t = theme_next_name(t);
        } while (strcmp(t, theme_next_name(NULL)));
        return;
    }
    if (strchr(c->typed, ' ')) return; /* past the name: an argument */
    for (int i = 0; i < ACT_N; i++)
        if (i != ACT_NONE && i != ACT_COMMAND) add(c, keymap_actions[i].name);
    add(c, "theme");
}

/* What each prompt completes; with_prefix tells the prompts that carry a
 * prefix (the tag asked for a symbol already given) from those that do not. */
static const struct {
    enum action act;
    int with_prefix;
    void (*source)(struct app *app, struct cands *c);
} sources[] = {
    {ACT_FILTER_FEED, 0, from_feeds},     {ACT_FILTER_TAG, 0, from_tags},
    {ACT_FILTER_TICKER, 0, from_symbols}, {ACT_WATCH_ADD, 0, from_symbols},
    {ACT_WATCH_RM, 0, from_symbols},      {ACT_WATCH_TAG, 0, from_symbols},
    {ACT_WATCH_TAG, 1, from_tags},        {ACT_TREND, 0, from_symbols},
    {ACT_COMMAND, 0, from_actions},
};

void complete_clear(struct app *app)
{
    if (!app->complete_n) return;
    app->complete_n = app->complete_more = 0;
    app->complete_list[0] = '\0';
    app->status_dirty = 1;
}

/* Bytes the names share from the start, case-insensitively, never ending
 * inside a UTF-8 character. */
static size_t common_prefix(const struct cands *c)
{
    size_t l = strlen(c->names[0]);
    for (int i = 1; i < c->n; i++) {
        size_t k = 0;
        while (k < l && c->names[i][k] &&
               tolower((unsigned char)c->names[i][k]) == tolower((unsigned char)c->names[0][k]))
            k++;
        l = k;
    }
    while (l && ((unsigned char)c->names[0][l] & 0xC0) == 0x80)
        l--;
    return l;
}

void complete_tab(struct app *app)
{
    void (*source)(struct app *, struct cands *) = NULL;
    int with_prefix = app->prompt_prefix[0] != '\0';
    for (size_t i = 0; i < sizeof sources / sizeof sources[0] && !source; i++)
        if (sources[i].act == app->prompt_action && sources[i].with_prefix == with_prefix)
            source = sources[i].source;
    if (!source) return;
    char typed[PROMPT_TEXT_MAX];
    if (prompt_text(app, typed, sizeof typed)) return;
    struct cands *c = calloc(1, sizeof *c);
    if (!c) return;
    c->typed = typed;
    c->tlen = strlen(typed);
    source(app, c);
    complete_clear(app);
    app->status_dirty = 1;
    if (!c->n) {
        snprintf(app->complete_list, sizeof app->complete_list, "(no match)");
        app->complete_n = 1;
        free(c);
        return;
    }
    size_t l = common_prefix(c);
    int grew = l > c->tlen || (l == c->tlen && strncmp(c->names[0], typed, l));
    if (grew) {
        char word[sizeof c->names[0]];
        snprintf(word, sizeof word, "%.*s", (int)l, c->names[0]);
        size_t cap = sizeof app->prompt_buf / sizeof app->prompt_buf[0] - 1;
        size_t n = mbstowcs(app->prompt_buf, word, cap);
        if (n != (size_t)-1) app->prompt_len = n;
    }
    if (c->n > 1 || !grew) {
        /* The names, one per line, as many as the buffer holds. */
        size_t used = 0;
        int kept = 0;
        for (int i = 0; i < c->n; i++) {
            size_t nl = strlen(c->names[i]);
            if (used + nl + 2 > sizeof app->complete_list) break;
            memcpy(app->complete_list + used, c->names[i], nl);
            used += nl;
            app->complete_list[used++] = '\n';
            kept++;
        }
        app->complete_list[used] = '\0';
        app->complete_n = kept;
        app->complete_more = c->n - kept + c->more;
    }
    free(c);
}

void complete_line(const struct app *app, int width, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!app->complete_n || size < 2) return;
    size_t used = 0;
    int w = 0, shown = 0;
    const char *p = app->complete_list;
    for (int i = 0; i < app->complete_n && *p; i++) {
        const char *e = strchr(p, '\n');
        size_t nl = e ? (size_t)(e - p) : strlen(p);
        char name[96];
        snprintf(name, sizeof name, "%.*s", (int)nl, p);
        int nw = term_width(name) + (shown ? 2 : 0);
        int left = app->complete_n - i - 1 + app->complete_more;
        /* Room for this one, and for "… N more" after it when others follow. */
        char tail[32] = "";
        if (left) snprintf(tail, sizeof tail, "  … %d more", left);
        if (w + nw + term_width(tail) > width || used + nl + 3 >= size) break;
        used += (size_t)snprintf(buf + used, size - used, "%s%s", shown ? "  " : "", name);
        w += nw;
        shown++;
        p = e ? e + 1 : p + nl;
    }
    int left = app->complete_n - shown + app->complete_more;
    if (left && used < size)
        snprintf(buf + used, size - used, "%s… %d more", shown ? "  " : "", left);
}
