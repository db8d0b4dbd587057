/* bullpen trend: a symbol's news count, sentiment and close per day or week. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/str.h"
#include "core/symbol.h"
#include "storage/store.h"
#include "storage/trends.h"
#include "storage/watch.h"

struct trend_opts {
    long days;
    enum trend_bucket bucket;
    int64_t from, to;
    int json;
};

static void add_json(struct sbuf *b, const char *sym, const struct trend_opts *o,
                     const struct trend_point *p, size_t n)
{
    sbuf_adds(b, "{\"symbol\":");
    sbuf_add_json_str(b, sym);
    sbuf_printf(b, ",\"bucket\":\"%s\",\"points\":[", o->bucket == TREND_WEEK ? "week" : "day");
    for (size_t i = 0; i < n; i++) {
        char d[11];
        clock_day_format(p[i].start, d);
        sbuf_printf(b, "%s{\"start\":\"%s\",\"articles\":%lld,\"sentiment\":", i ? "," : "", d,
                    (long long)p[i].articles);
        if (p[i].has_sentiment)
            sbuf_printf(b, "%.6f", p[i].sentiment);
        else
            sbuf_adds(b, "null");
        sbuf_adds(b, ",\"close\":");
        if (p[i].has_close)
            sbuf_printf(b, "%.15g", p[i].close);
        else
            sbuf_adds(b, "null");
        sbuf_addc(b, '}');
    }
    sbuf_adds(b, "]}");
}

/* A bar of up to 10 cells for a sentiment in [-1, 1], left of the axis when
 * negative. */
static void bar(char out[24], int has, double v)
{
    memset(out, ' ', 21);
    out[21] = '\0';
    out[10] = '|';
    if (!has) return;
    int cells = (int)(v * 10 + (v < 0 ? -0.5 : 0.5));
    if (cells > 10) cells = 10;
    if (cells < -10) cells = -10;
    for (int i = 1; i <= (cells < 0 ? -cells : cells); i++)
        out[cells < 0 ? 10 - i : 10 + i] = '#';
}

static void print_text(const char *sym, const struct trend_opts *o, const struct trend_point *p,
                       size_t n)
{
    char a[11], b[11];
    clock_day_format(o->from, a);
    clock_day_format(o->to, b);
    cli_put_text(stdout, "%s  %s %s..%s\n", sym, o->bucket == TREND_WEEK ? "weekly" : "daily", a,
                 b);
    cli_put_text(stdout, "%-10s  %8s  %9s  %12s  %s\n", "START", "ARTICLES", "SENTIMENT", "CLOSE",
                 "-1        0        +1");
    for (size_t i = 0; i < n; i++) {
        char d[11], sent[16] = "-", close[32] = "-", g[24];
        clock_day_format(p[i].start, d);
        if (p[i].has_sentiment) snprintf(sent, sizeof sent, "%+.3f", p[i].sentiment);
        if (p[i].has_close) snprintf(close, sizeof close, "%.2f", p[i].close);
        bar(g, p[i].has_sentiment, p[i].sentiment);
        cli_put_text(stdout, "%-10s  %8lld  %9s  %12s  %s\n", d, (long long)p[i].articles, sent,
                     close, g);
    }
}

static int one(struct store *s, const char *sym, const struct trend_opts *o, struct sbuf *json)
{
    struct trend_point *p;
    size_t n;
    if (store_trend(s, sym, o->from, o->to, o->bucket, &p, &n)) return -1;
    if (json)
        add_json(json, sym, o, p, n);
    else
        print_text(sym, o, p, n);
    free(p);
    return 0;
}

int cmd_trend(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("trend");
    struct trend_opts o = {.days = 30, .bucket = TREND_DAY};
    const char *sym_s = NULL, *until = NULL;
    int watchlist = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_val = i + 1 < argc;
        if (!strcmp(a, "--json")) {
            o.json = 1;
        } else if (!strcmp(a, "--watchlist")) {
            watchlist = 1;
        } else if (!strcmp(a, "--days") || !strcmp(a, "--bucket") || !strcmp(a, "--until")) {
            if (!has_val) return cli_usage("trend", "%s needs a value", a);
            const char *v = argv[++i];
            if (a[2] == 'd') {
                if (cli_parse_count(v, &o.days) || o.days > 36600)
                    return cli_usage("trend", "--days: '%s' is not a number of days (1-36600)", v);
            } else if (a[2] == 'b') {
                if (!strcmp(v, "day"))
                    o.bucket = TREND_DAY;
                else if (!strcmp(v, "week"))
                    o.bucket = TREND_WEEK;
                else
                    return cli_usage("trend", "--bucket: '%s' is not day or week", v);
            } else {
                until = v;
            }
        } else if (a[0] == '-' && a[1]) {
            return cli_usage("trend", "unknown option '%s'", a);
        } else if (!sym_s) {
            sym_s = a;
        } else {
            return cli_usage("trend", "expected one SYMBOL");
        }
    }
    if (watchlist == !!sym_s) return cli_usage("trend", "expected a SYMBOL or --watchlist");
    if (until) {
        if (clock_day_parse(until, &o.to)) return cli_usage("trend", "--until: %s", err_msg());
    } else {
        o.to = clock_day_of(clock_now());
    }
    o.from = o.to - o.days + 1;
    char sym[SYMBOL_MAX + 1];
    if (sym_s && cli_symbol("trend", "SYMBOL", sym_s, sym)) return EXIT_USAGE;
    struct store *s = cli_store_read(c);
    if (!s) return EXIT_FAIL;
    struct sbuf b = {0};
    int rc = EXIT_OK;
    if (!watchlist) {
        if (one(s, sym, &o, o.json ? &b : NULL)) rc = cli_fail("trend");
    } else {
        struct watch_row *w;
        size_t n;
        if (store_watch_list(s, &w, &n)) return cli_fail("trend");
        if (o.json) sbuf_addc(&b, '[');
        for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
            if (o.json && i) sbuf_addc(&b, ',');
            if (!o.json && i) putchar('\n');
            if (one(s, w[i].symbol, &o, o.json ? &b : NULL)) rc = cli_fail("trend");
        }
        if (o.json) sbuf_addc(&b, ']');
        store_watch_rows_free(w, n);
    }
    if (rc == EXIT_OK && o.json) cli_put_json_text(b.p ? b.p : "");
    sbuf_free(&b);
    return rc;
}
