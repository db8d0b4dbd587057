/* bullpen prices: daily closes, imported from files or fetched from a quote
 * URL (config prices.url). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/err.h"
#include "core/fetch.h"
#include "core/prices.h"
#include "core/str.h"
#include "storage/prices.h"
#include "storage/store.h"
#include "storage/watch.h"

#define PRICE_FILE_MAX (256u << 20)

/* Stores a parsed set in one transaction and reports each symbol's range.
 * Returns 0 or -1 with err set (nothing stored then). */
static int store_set(struct store *s, const struct price_set *ps, int *changed)
{
    if (store_begin(s)) return -1;
    int r = store_prices_put(s, ps->rows, ps->n);
    if (r < 0 || store_commit(s)) {
        store_rollback(s);
        return -1;
    }
    *changed = r;
    return 0;
}

/* One line per symbol of a sorted set: "AAPL  1025 days  2022-01-03..2026-02-03  last 269.48". */
static void report_set(FILE *f, const struct price_set *ps)
{
    size_t i = 0;
    while (i < ps->n) {
        size_t j = i;
        while (j + 1 < ps->n && !strcmp(ps->rows[j + 1].symbol, ps->rows[i].symbol))
            j++;
        char a[11], b[11];
        clock_day_format(ps->rows[i].day, a);
        clock_day_format(ps->rows[j].day, b);
        cli_put_text(f, "%-8s %6zu day%s  %s..%s  last %.6g\n", ps->rows[i].symbol, j - i + 1,
                     j == i ? " " : "s", a, b, ps->rows[j].close);
        i = j + 1;
    }
}

static int prices_import(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("prices import");
    const char *sym_opt = NULL;
    const char *files[64];
    int nf = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--symbol")) {
            if (i + 1 >= argc) return cli_usage("prices import", "--symbol needs a value");
            sym_opt = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage("prices import", "unknown option '%s'", argv[i]);
        } else if (nf < 64) {
            files[nf++] = argv[i];
        } else {
            return cli_usage("prices import", "at most 64 files at once");
        }
    }
    if (!nf) return cli_usage("prices import", "expected a FILE");
    char sym[SYMBOL_MAX + 1];
    if (sym_opt && cli_symbol("prices import", "--symbol", sym_opt, sym)) return EXIT_USAGE;
    struct store *s = cli_store(c);
    if (!s) return EXIT_FAIL;
    int rc = EXIT_OK;
    for (int k = 0; k < nf; k++) {
        size_t len;
        char *buf = file_read_all(files[k], PRICE_FILE_MAX, &len);
        if (!buf) {
            rc = cli_fail(files[k]);
            continue;
        }
        const char *use = sym_opt ? sym : NULL;
        char guess[SYMBOL_MAX + 1];
        if (!use && prices_detect(buf, len) == PRICES_STOOQ &&
            prices_symbol_from_path(files[k], guess) == 0)
            use = guess;
        struct price_set ps;
        int changed = 0;
        if (prices_parse(buf, len, use, &ps) || store_set(s, &ps, &changed)) {
            rc = cli_fail(files[k]);
        } else {
            report_set(stdout, &ps);
            prices_free(&ps);
        }
        free(buf);
    }
    return rc;
}

/* The symbols fetched when none are named: every position and watched one. */
static int default_symbols(struct store *s, char (**out)[SYMBOL_MAX + 1], size_t *n)
{
    struct position_row *p;
    struct watch_row *w;
    size_t np, nw;
    *out = NULL;
    *n = 0;
    if (store_position_list(s, &p, &np)) return -1;
    if (store_watch_list(s, &w, &nw)) {
        free(p);
        return -1;
    }
    char(*syms)[SYMBOL_MAX + 1] = calloc(np + nw + 1, sizeof *syms);
    if (!syms) {
        free(p);
        store_watch_rows_free(w, nw);
        return err_set("out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < np + nw; i++) {
        const char *sy = i < np ? p[i].symbol : w[i - np].symbol;
        int dup = 0;
        for (size_t j = 0; j < k && !dup; j++)
            dup = !strcmp(syms[j], sy);
        if (!dup) snprintf(syms[k++], SYMBOL_MAX + 1, "%s", sy);
    }
    free(p);
    store_watch_rows_free(w, nw);
    *out = syms;
    *n = k;
    return 0;
}

struct fetch_ctx {
    struct store *s;
    char (*syms)[SYMBOL_MAX + 1];
    int errors;
};

static void meta_key(char *buf, size_t size, const char *what, const char *sym)
{
    snprintf(buf, size, "prices.%s.%s", what, sym);
}

static int fetched(void *vctx, const struct fetch_result *r)
{
    struct fetch_ctx *x = vctx;
    const char *sym = x->syms[r->id];
    if (r->error) {
        cli_failf("prices fetch", "%s: %s", sym, r->error);
        x->errors++;
        return 0;
    }
    if (r->not_modified) {
        cli_put_text(stdout, "%-8s not modified\n", sym);
        return 0;
    }
    struct price_set ps;
    if (prices_parse(r->body, r->len, sym, &ps)) {
        cli_failf("prices fetch", "%s: %s", sym, err_msg());
        x->errors++;
        return 0;
    }
    /* The validators are saved with the prices, so a 304 later always means
     * "what we stored is current". */
    char ke[64], kl[64];
    meta_key(ke, sizeof ke, "etag", sym);
    meta_key(kl, sizeof kl, "last_modified", sym);
    if (store_begin(x->s) || store_prices_put(x->s, ps.rows, ps.n) < 0 ||
        store_meta_set(x->s, ke, r->etag) || store_meta_set(x->s, kl, r->last_modified) ||
        store_commit(x->s)) {
        store_rollback(x->s);
        cli_failf("prices fetch", "%s: %s", sym, err_msg());
        x->errors++;
    } else {
        report_set(stdout, &ps);
    }
    prices_free(&ps);
    return 0;
}

static int prices_fetch(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("prices fetch");
    int force = 0, nsym = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--force"))
            force = 1;
        else if (argv[i][0] == '-' && argv[i][1])
            return cli_usage("prices fetch", "unknown option '%s'", argv[i]);
        else
            nsym++;
    }
    struct fetch_ctx x = {0};
    size_t n = 0;
    if (nsym) {
        if (!(x.syms = calloc((size_t)nsym, sizeof *x.syms)))
            return cli_failf("prices fetch", "out of memory");
        for (int i = 1; i < argc; i++) {
            if (argv[i][0] == '-' && argv[i][1]) continue;
            if (cli_symbol("prices fetch", "SYMBOL", argv[i], x.syms[n])) {
                free(x.syms);
                return EXIT_USAGE;
            }
            n++;
        }
    }
    const char *tmpl = config_str(c->cfg, CFG_PRICES_URL);
    char *probe = prices_url_for(tmpl, "X");
    if (!probe) {
        free(x.syms);
        return cli_fail("prices fetch");
    }
    free(probe);
    x.s = cli_store(c);
    if (!x.s) {
        free(x.syms);
        return EXIT_FAIL;
    }
    if (!nsym && default_symbols(x.s, &x.syms, &n)) return cli_fail("prices fetch");
    if (n == 0) {
        free(x.syms);
        return cli_failf("prices fetch", "no symbols: name some, or add positions or watched "
                                         "symbols");
    }
    struct fetch_req *reqs = calloc(n, sizeof *reqs);
    char **owned = calloc(n * 3, sizeof *owned);
    int rc = EXIT_OK;
    if (!reqs || !owned) {
        rc = cli_failf("prices fetch", "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        char ke[64], kl[64];
        meta_key(ke, sizeof ke, "etag", x.syms[i]);
        meta_key(kl, sizeof kl, "last_modified", x.syms[i]);
        reqs[i].id = (int64_t)i;
        reqs[i].url = owned[3 * i] = prices_url_for(tmpl, x.syms[i]);
        if (!reqs[i].url) {
            rc = cli_fail("prices fetch");
            goto done;
        }
        if (!force) {
            reqs[i].etag = owned[3 * i + 1] = store_meta_get(x.s, ke);
            reqs[i].last_modified = owned[3 * i + 2] = store_meta_get(x.s, kl);
        }
    }
    struct fetch_opts fo;
    fetch_opts_default(&fo);
    fo.parallel = (int)config_int(c->cfg, CFG_FETCH_PARALLEL);
    fo.total_timeout_ms = config_int(c->cfg, CFG_FETCH_TIMEOUT) * 1000;
    fo.max_body = (size_t)config_int(c->cfg, CFG_FETCH_MAX_BODY_MB) << 20;
    if (*config_str(c->cfg, CFG_FETCH_USER_AGENT))
        fo.user_agent = config_str(c->cfg, CFG_FETCH_USER_AGENT);
    if (fetch_global_init() || fetch_run(&fo, reqs, n, fetched, &x)) {
        rc = cli_fail("prices fetch");
        goto done;
    }
    /* Like fetch: the others were stored, each failure was named. */
    if (x.errors) rc = EXIT_PARTIAL;
done:
    if (owned)
        for (size_t i = 0; i < n * 3; i++)
            free(owned[i]);
    free(owned);
    free(reqs);
    free(x.syms);
    return rc;
}

static int prices_list(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("prices list");
    const char *sym_s = NULL;
    int json = 0;
    int64_t since = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (!strcmp(argv[i], "--since")) {
            if (i + 1 >= argc) return cli_usage("prices list", "--since needs a date");
            if (clock_day_parse(argv[++i], &since))
                return cli_usage("prices list", "%s", err_msg());
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage("prices list", "unknown option '%s'", argv[i]);
        } else if (!sym_s) {
            sym_s = argv[i];
        } else {
            return cli_usage("prices list", "expected one SYMBOL");
        }
    }
    if (!sym_s) return cli_usage("prices list", "expected a SYMBOL");
    char sym[SYMBOL_MAX + 1];
    if (cli_symbol("prices list", "SYMBOL", sym_s, sym)) return EXIT_USAGE;
    struct store *s = cli_store_read(c);
    if (!s) return EXIT_FAIL;
    struct price_row *rows;
    size_t n;
    if (store_prices_range(s, sym, since, clock_day_of(INT64_MAX / 2), &rows, &n))
        return cli_fail("prices list");
    if (json) {
        struct sbuf b = {0};
        sbuf_adds(&b, "{\"symbol\":");
        sbuf_add_json_str(&b, sym);
        sbuf_adds(&b, ",\"prices\":[");
        for (size_t i = 0; i < n; i++) {
            char d[11];
            clock_day_format(rows[i].day, d);
            sbuf_printf(&b, "%s{\"day\":\"%s\",\"close\":%.15g}", i ? "," : "", d, rows[i].close);
        }
        sbuf_adds(&b, "]}");
        cli_put_json_text(b.p ? b.p : "");
        sbuf_free(&b);
    } else {
        for (size_t i = 0; i < n; i++) {
            char d[11];
            clock_day_format(rows[i].day, d);
            cli_put_text(stdout, "%s  %.4f\n", d, rows[i].close);
        }
    }
    free(rows);
    return EXIT_OK;
}

static const struct cli_cmd subs[] = {
    {"import", prices_import},
    {"fetch", prices_fetch},
    {"list", prices_list},
};

int cmd_prices(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "prices", subs, sizeof subs / sizeof subs[0], argc, argv);
}
