/* The brief as data, and its renderings. */
#include "core/brief.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/analyze.h"
#include "core/err.h"
#include "core/str.h"

static void item_clear(struct brief_item *it)
{
    free(it->text);
    free(it->source);
    free(it->link);
    memset(it, 0, sizeof *it);
}

void brief_free(struct brief *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->n; i++) {
        for (size_t k = 0; k < b->names[i].n_claims; k++)
            item_clear(&b->names[i].claims[k]);
        for (size_t k = 0; k < b->names[i].n_headlines; k++)
            item_clear(&b->names[i].headlines[k]);
    }
    free(b->names);
    memset(b, 0, sizeof *b);
}

int brief_format_parse(const char *s, enum brief_format *out)
{
    if (!strcmp(s, "text"))
        *out = BRIEF_TEXT;
    else if (!strcmp(s, "markdown") || !strcmp(s, "md"))
        *out = BRIEF_MARKDOWN;
    else if (!strcmp(s, "json"))
        *out = BRIEF_JSON;
    else
        return err_set("'%s' is not text, markdown or json", s);
    return 0;
}

int brief_window_parse(const char *s, int64_t *seconds)
{
    char *end;
    long n = strtol(s, &end, 10);
    int64_t unit = !strcmp(end, "h")   ? 3600
                   : !strcmp(end, "d") ? 86400
                   : !strcmp(end, "w") ? 604800
                                       : 0;
    if (end == s || n <= 0 || !unit || n > 3660)
        return err_set("'%s' is not a window like 24h, 7d or 2w", s);
    *seconds = (int64_t)n * unit;
    if (*seconds > (int64_t)366 * 86400) return err_set("'%s' is longer than a year", s);
    return 0;
}

static void utc(int64_t t, char buf[24])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, 24, "%Y-%m-%d %H:%M", &tm);
}

static void iso(int64_t t, char buf[24])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void day_text(int64_t day, char buf[24])
{
    utc(day * 86400, buf);
    buf[10] = '\0';
}

static void window_text(const struct brief *b, char *buf, size_t size)
{
    int64_t w = b->now - b->since;
    if (w % 86400 == 0 && w > 86400)
        snprintf(buf, size, "%lld days", (long long)(w / 86400));
    else
        snprintf(buf, size, "%lld hours", (long long)(w / 3600));
}

/* --- lines (the text form, and the workstation's) ---------------------- */

struct lines {
    struct brief_line *l;
    size_t n, cap;
    int failed;
};

static void add(struct lines *ls, enum brief_line_kind kind, int64_t article, const double *score,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add(struct lines *ls, enum brief_line_kind kind, int64_t article, const double *score,
                const char *fmt, ...)
{
    if (ls->failed) return;
    if (array_room(&ls->l, ls->n, &ls->cap, sizeof *ls->l)) {
        ls->failed = 1;
        return;
    }
    struct sbuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    char tmp[1];
    int need = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    char *text = need >= 0 ? malloc((size_t)need + 1) : NULL;
    if (!text) {
        ls->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(text, (size_t)need + 1, fmt, ap);
    va_end(ap);
    sbuf_free(&b);
    /* One line each: a feed's newlines would break the layout. */
    for (char *p = text; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
    ls->l[ls->n++] = (struct brief_line){text, article, kind, score != NULL, score ? *score : 0};
}

static void signed_change(char *buf, size_t size, double d)
{
    snprintf(buf, size, "%+.2f", d);
}

static void name_lines(struct lines *ls, const struct brief *b, const struct brief_name *nm)
{
    char buf[64], t[24];
    add(ls, BRIEF_LINE_NAME, 0, NULL, "%s%s", nm->symbol, nm->in_portfolio ? "  (position)" : "");
    if (nm->has_usual && nm->usual > 0)
        add(ls, BRIEF_LINE_FACT, 0, NULL, "  News       %lld article%s, usual pace %.1f (%.1fx)",
            (long long)nm->articles, nm->articles == 1 ? "" : "s", nm->usual,
            (double)nm->articles / nm->usual);
    else
        add(ls, BRIEF_LINE_FACT, 0, NULL, "  News       %lld article%s, none in the %d days before",
            (long long)nm->articles, nm->articles == 1 ? "" : "s", BRIEF_BASE_DAYS);
    if (nm->has_sentiment && nm->has_before) {
        signed_change(buf, sizeof buf, nm->sentiment - nm->before);
        add(ls, BRIEF_LINE_FACT, 0, &nm->sentiment,
            "  Sentiment  %+.2f %s, %+.2f the %d days before (%s)", nm->sentiment,
            sentiment_label(nm->sentiment), nm->before, BRIEF_BASE_DAYS, buf);
    } else if (nm->has_sentiment) {
        add(ls, BRIEF_LINE_FACT, 0, &nm->sentiment, "  Sentiment  %+.2f %s", nm->sentiment,
            sentiment_label(nm->sentiment));
    } else if (nm->has_before) {
        add(ls, BRIEF_LINE_FACT, 0, NULL, "  Sentiment  no new reading, %+.2f the %d days before",
            nm->before, BRIEF_BASE_DAYS);
    } else {
        add(ls, BRIEF_LINE_FACT, 0, NULL, "  Sentiment  no reading");
    }
    if (nm->alerts)
        add(ls, BRIEF_LINE_FACT, 0, NULL, "  Alerts     %lld fired", (long long)nm->alerts);
    if (nm->has_move) {
        char d0[24], d1[24];
        day_text(nm->close_day, d1);
        day_text(nm->close_before_day, d0);
        add(ls, BRIEF_LINE_FACT, 0, NULL, "  Price      %.2f on %s, %+.1f%% from %.2f on %s",
            nm->close, d1, nm->move * 100, nm->close_before, d0);
    }
    for (size_t i = 0; i < nm->n_claims; i++) {
        const struct brief_item *c = &nm->claims[i];
        add(ls, BRIEF_LINE_ITEM, c->article_id, c->has_score ? &c->score : NULL,
            "  %s %+.2f %-10s %s", i ? "          " : "Claims    ", c->score, c->kind,
            c->text ? c->text : "");
        utc(c->published, t);
        add(ls, BRIEF_LINE_ITEM, c->article_id, NULL, "                                %s, %s  %s",
            c->source ? c->source : "unknown source", t, c->link ? c->link : "");
    }
    for (size_t i = 0; i < nm->n_headlines; i++) {
        const struct brief_item *h = &nm->headlines[i];
        utc(h->published, t);
        add(ls, BRIEF_LINE_ITEM, h->article_id, h->has_score ? &h->score : NULL, "  %s %s  %s (%s)",
            i ? "          " : "Latest    ", t, h->text ? h->text : "",
            h->source ? h->source : "unknown source");
    }
    (void)b;
}

int brief_lines(const struct brief *b, struct brief_line **out, size_t *n)
{
    struct lines ls = {0};
    char from[24], to[24], win[32];
    utc(b->since, from);
    utc(b->now, to);
    window_text(b, win, sizeof win);
    add(&ls, BRIEF_LINE_HEAD, 0, NULL, "Brief: the last %s, %s to %s UTC", win, from, to);
    if (!b->n)
        add(&ls, BRIEF_LINE_FACT, 0, NULL, "  No names: add some with bullpen watch add SYMBOL.");
    for (size_t i = 0; i < b->n; i++) {
        add(&ls, BRIEF_LINE_FACT, 0, NULL, "%s", "");
        name_lines(&ls, b, &b->names[i]);
    }
    if (b->has_portfolio) {
        add(&ls, BRIEF_LINE_FACT, 0, NULL, "%s", "");
        add(&ls, BRIEF_LINE_NAME, 0, NULL, "Portfolio");
        add(&ls, BRIEF_LINE_FACT, 0, NULL, "  Value      %.2f", b->value);
        if (b->has_sentiment && b->has_before) {
            char buf[16];
            signed_change(buf, sizeof buf, b->sentiment - b->before);
            add(&ls, BRIEF_LINE_FACT, 0, &b->sentiment,
                "  Sentiment  %+.2f value-weighted, %+.2f the %d days before (%s)", b->sentiment,
                b->before, BRIEF_BASE_DAYS, buf);
        } else if (b->has_sentiment) {
            add(&ls, BRIEF_LINE_FACT, 0, &b->sentiment, "  Sentiment  %+.2f value-weighted",
                b->sentiment);
        } else {
            add(&ls, BRIEF_LINE_FACT, 0, NULL, "  Sentiment  no reading in the window");
        }
        for (size_t i = 0; i < b->n_movers; i++) {
            const struct brief_mover *m = &b->movers[i];
            add(&ls, BRIEF_LINE_FACT, 0, &m->contribution,
                "  %s %-6s %+.3f (weight %.0f%%, sentiment %+.2f from %+.2f)",
                i ? "         " : "Moved by ", m->symbol, m->contribution, m->weight * 100,
                m->sentiment, m->before);
        }
    }
    if (ls.failed) {
        brief_lines_free(ls.l, ls.n);
        return err_set("out of memory");
    }
    *out = ls.l;
    *n = ls.n;
    return 0;
}

void brief_lines_free(struct brief_line *lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i].text);
    free(lines);
}

/* --- Markdown ---------------------------------------------------------- */

/* Text from a feed inside Markdown: its own markup characters escaped. */
static int md_text(struct sbuf *o, const char *s)
{
    int rc = 0;
    for (; s && *s && !rc; s++) {
        if (*s == '\n' || *s == '\r' || *s == '\t')
            rc = sbuf_addc(o, ' ');
        else if (strchr("\\`*_[]<>#|", *s))
            rc = sbuf_addc(o, '\\') || sbuf_addc(o, *s);
        else
            rc = sbuf_addc(o, *s);
    }
    return rc;
}

static int md_link(struct sbuf *o, const char *link)
{
    /* Only web links, and nothing that could close the parenthesis. */
    if (!link || (strncmp(link, "http://", 7) && strncmp(link, "https://", 8))) return 0;
    for (const char *p = link; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '(' || *p == ')' || *p == '<' || *p == '>') return 0;
    return sbuf_printf(o, " ([link](%s))", link);
}

static int render_markdown(const struct brief *b, struct sbuf *o)
{
    char from[24], to[24], win[32], t[24];
    utc(b->since, from);
    utc(b->now, to);
    window_text(b, win, sizeof win);
    int rc = sbuf_printf(o, "# Brief: the last %s\n\n%s to %s UTC\n", win, from, to);
    for (size_t i = 0; i < b->n && !rc; i++) {
        const struct brief_name *nm = &b->names[i];
        rc |= sbuf_printf(o, "\n## %s%s\n\n", nm->symbol, nm->in_portfolio ? " (position)" : "");
        rc |= sbuf_printf(o, "- **News:** %lld article%s", (long long)nm->articles,
                          nm->articles == 1 ? "" : "s");
        if (nm->has_usual && nm->usual > 0)
            rc |= sbuf_printf(o, ", usual pace %.1f (%.1fx)", nm->usual,
                              (double)nm->articles / nm->usual);
        rc |= sbuf_adds(o, "\n- **Sentiment:** ");
        if (nm->has_sentiment)
            rc |= sbuf_printf(o, "%+.2f %s", nm->sentiment, sentiment_label(nm->sentiment));
        else
            rc |= sbuf_adds(o, "no new reading");
        if (nm->has_before)
            rc |= sbuf_printf(o, "; %+.2f the %d days before", nm->before, BRIEF_BASE_DAYS);
        if (nm->has_sentiment && nm->has_before)
            rc |= sbuf_printf(o, " (%+.2f)", nm->sentiment - nm->before);
        rc |= sbuf_adds(o, "\n");
        if (nm->alerts) rc |= sbuf_printf(o, "- **Alerts:** %lld fired\n", (long long)nm->alerts);
        if (nm->has_move) {
            char d0[24], d1[24];
            day_text(nm->close_day, d1);
            day_text(nm->close_before_day, d0);
            rc |= sbuf_printf(o, "- **Price:** %.2f on %s, %+.1f%% from %.2f on %s\n", nm->close,
                              d1, nm->move * 100, nm->close_before, d0);
        }
        if (nm->n_claims) rc |= sbuf_adds(o, "\n**Strongest claims**\n\n");
        for (size_t k = 0; k < nm->n_claims; k++) {
            const struct brief_item *c = &nm->claims[k];
            utc(c->published, t);
            rc |= sbuf_printf(o, "- %+.2f %s: ", c->score, c->kind);
            rc |= md_text(o, c->text);
            rc |= sbuf_adds(o, " (");
            rc |= md_text(o, c->source ? c->source : "unknown source");
            rc |= sbuf_printf(o, ", %s)", t);
            rc |= md_link(o, c->link);
            rc |= sbuf_adds(o, "\n");
        }
        if (nm->n_headlines) rc |= sbuf_adds(o, "\n**Latest**\n\n");
        for (size_t k = 0; k < nm->n_headlines; k++) {
            const struct brief_item *h = &nm->headlines[k];
            utc(h->published, t);
            rc |= sbuf_printf(o, "- %s ", t);
            rc |= md_text(o, h->text);
            rc |= sbuf_adds(o, " (");
            rc |= md_text(o, h->source ? h->source : "unknown source");
            rc |= sbuf_adds(o, ")");
            rc |= md_link(o, h->link);
            rc |= sbuf_adds(o, "\n");
        }
    }
    if (b->has_portfolio && !rc) {
        rc |= sbuf_printf(o, "\n## Portfolio\n\n- **Value:** %.2f\n", b->value);
        if (b->has_sentiment)
            rc |= sbuf_printf(o, "- **Sentiment (value-weighted):** %+.2f", b->sentiment);
        else
            rc |= sbuf_adds(o, "- **Sentiment (value-weighted):** no reading");
        if (b->has_before)
            rc |= sbuf_printf(o, "; %+.2f the %d days before", b->before, BRIEF_BASE_DAYS);
        rc |= sbuf_adds(o, "\n");
        for (size_t i = 0; i < b->n_movers; i++) {
            const struct brief_mover *m = &b->movers[i];
            rc |= sbuf_printf(
                o, "- **Moved by %s:** %+.3f (weight %.0f%%, sentiment %+.2f from %+.2f)\n",
                m->symbol, m->contribution, m->weight * 100, m->sentiment, m->before);
        }
    }
    return rc ? -1 : 0;
}

/* --- JSON -------------------------------------------------------------- */

static void num_or_null(cJSON *o, const char *k, int has, double v)
{
    if (has)
        cJSON_AddNumberToObject(o, k, round(v * 10000) / 10000);
    else
        cJSON_AddNullToObject(o, k);
}

static void str_or_null(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static cJSON *item_json(const struct brief_item *it, int claim)
{
    cJSON *o = cJSON_CreateObject();
    char t[24];
    iso(it->published, t);
    cJSON_AddNumberToObject(o, "article_id", (double)it->article_id);
    cJSON_AddStringToObject(o, "published", t);
    str_or_null(o, claim ? "text" : "title", it->text);
    if (claim) cJSON_AddStringToObject(o, "kind", it->kind);
    num_or_null(o, "sentiment", it->has_score, it->score);
    str_or_null(o, "source", it->source);
    str_or_null(o, "link", it->link);
    return o;
}

static cJSON *brief_json(const struct brief *b)
{
    cJSON *root = cJSON_CreateObject();
    char t[24];
    iso(b->since, t);
    cJSON_AddStringToObject(root, "since", t);
    iso(b->now, t);
    cJSON_AddStringToObject(root, "until", t);
    cJSON_AddNumberToObject(root, "base_days", BRIEF_BASE_DAYS);
    cJSON *names = cJSON_AddArrayToObject(root, "names");
    for (size_t i = 0; i < b->n; i++) {
        const struct brief_name *nm = &b->names[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "symbol", nm->symbol);
        cJSON_AddBoolToObject(o, "position", nm->in_portfolio);
        cJSON_AddNumberToObject(o, "articles", (double)nm->articles);
        num_or_null(o, "usual_articles", nm->has_usual, nm->usual);
        num_or_null(o, "sentiment", nm->has_sentiment, nm->sentiment);
        num_or_null(o, "sentiment_before", nm->has_before, nm->before);
        num_or_null(o, "sentiment_change", nm->has_sentiment && nm->has_before,
                    nm->sentiment - nm->before);
        cJSON_AddNumberToObject(o, "alerts", (double)nm->alerts);
        if (nm->has_move) {
            cJSON *p = cJSON_AddObjectToObject(o, "price");
            char d[24];
            day_text(nm->close_day, d);
            cJSON_AddNumberToObject(p, "close", round(nm->close * 10000) / 10000);
            cJSON_AddStringToObject(p, "day", d);
            day_text(nm->close_before_day, d);
            cJSON_AddNumberToObject(p, "close_before", round(nm->close_before * 10000) / 10000);
            cJSON_AddStringToObject(p, "day_before", d);
            cJSON_AddNumberToObject(p, "move", round(nm->move * 10000) / 10000);
        } else {
            cJSON_AddNullToObject(o, "price");
        }
        cJSON *cl = cJSON_AddArrayToObject(o, "claims");
        for (size_t k = 0; k < nm->n_claims; k++)
            cJSON_AddItemToArray(cl, item_json(&nm->claims[k], 1));
        cJSON *hl = cJSON_AddArrayToObject(o, "latest");
        for (size_t k = 0; k < nm->n_headlines; k++)
            cJSON_AddItemToArray(hl, item_json(&nm->headlines[k], 0));
        cJSON_AddItemToArray(names, o);
    }
    if (b->has_portfolio) {
        cJSON *p = cJSON_AddObjectToObject(root, "portfolio");
        cJSON_AddNumberToObject(p, "value", round(b->value * 100) / 100);
        num_or_null(p, "sentiment", b->has_sentiment, b->sentiment);
        num_or_null(p, "sentiment_before", b->has_before, b->before);
        cJSON *mv = cJSON_AddArrayToObject(p, "moved_by");
        for (size_t i = 0; i < b->n_movers; i++) {
            cJSON *m = cJSON_CreateObject();
            cJSON_AddStringToObject(m, "symbol", b->movers[i].symbol);
            cJSON_AddNumberToObject(m, "weight", round(b->movers[i].weight * 10000) / 10000);
            cJSON_AddNumberToObject(m, "sentiment", round(b->movers[i].sentiment * 10000) / 10000);
            cJSON_AddNumberToObject(m, "sentiment_before",
                                    round(b->movers[i].before * 10000) / 10000);
            cJSON_AddNumberToObject(m, "contribution",
                                    round(b->movers[i].contribution * 10000) / 10000);
            cJSON_AddItemToArray(mv, m);
        }
    } else {
        cJSON_AddNullToObject(root, "portfolio");
    }
    return root;
}

int brief_render(const struct brief *b, enum brief_format f, struct sbuf *out)
{
    if (f == BRIEF_MARKDOWN) return render_markdown(b, out);
    if (f == BRIEF_JSON) {
        cJSON *j = brief_json(b);
        char *s = j ? cJSON_PrintUnformatted(j) : NULL;
        cJSON_Delete(j);
        int rc = s ? sbuf_adds(out, s) || sbuf_addc(out, '\n') : -1;
        free(s);
        return rc ? err_set("out of memory") : 0;
    }
    struct brief_line *l;
    size_t n;
    if (brief_lines(b, &l, &n)) return -1;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
        rc = sbuf_adds(out, l[i].text) || sbuf_addc(out, '\n');
    brief_lines_free(l, n);
    return rc ? err_set("out of memory") : 0;
}
