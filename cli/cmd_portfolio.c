/* bullpen portfolio: positions. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/portfolio.h"
#include "core/str.h"
#include "core/symbol.h"
#include "storage/store.h"
#include "storage/trends.h"
#include "storage/watch.h"

static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

static int portfolio_add(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("portfolio add");
    const char *pos[2] = {0}, *cost_s = NULL, *date_s = NULL;
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--cost") || !strcmp(argv[i], "--date")) {
            if (i + 1 >= argc) return cli_usage("portfolio add", "%s needs a value", argv[i]);
            if (argv[i][2] == 'c')
                cost_s = argv[++i];
            else
                date_s = argv[++i];
        } else if (npos < 2 && (argv[i][0] != '-' || (argv[i][1] >= '0' && argv[i][1] <= '9') ||
                                argv[i][1] == '.')) {
            pos[npos++] = argv[i];
        } else {
            return cli_usage("portfolio add", "unexpected argument '%s'", argv[i]);
        }
    }
    if (npos != 2) return cli_usage("portfolio add", "expected SYMBOL and QUANTITY");
    char sym[SYMBOL_MAX + 1];
    if (cli_symbol("portfolio add", "SYMBOL", pos[0], sym)) return EXIT_USAGE;
    double qty, cost;
    if (parse_number(pos[1], &qty) || qty == 0)
        return cli_usage("portfolio add", "'%s' is not a quantity (a non-zero number)", pos[1]);
    if (cost_s && (parse_number(cost_s, &cost) || cost < 0))
        return cli_usage("portfolio add", "'%s' is not a price (a number >= 0)", cost_s);
    int64_t day;
    if (date_s && cli_parse_day(date_s, &day)) return cli_usage("portfolio add", "%s", err_msg());
    struct store *s = cli_store(c);
    if (!s) return EXIT_FAIL;
    if (store_position_add(s, sym, qty, cost_s ? &cost : NULL, date_s, (int64_t)time(NULL)))
        return cli_fail("portfolio add");
    return EXIT_OK;
}

static int portfolio_rm(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("portfolio rm");
    if (argc != 2) return cli_usage("portfolio rm", "expected one SYMBOL");
    char sym[SYMBOL_MAX + 1];
    if (cli_symbol("portfolio rm", "SYMBOL", argv[1], sym)) return EXIT_USAGE;
    struct store *s = cli_store(c);
    if (!s) return EXIT_FAIL;
    int r = store_position_rm(s, sym);
    if (r < 0) return cli_fail("portfolio rm");
    if (r == 0) return cli_failf("portfolio rm", "no position in %s", sym);
    return EXIT_OK;
}

static void add_num(cJSON *o, const char *key, int has, double v)
{
    if (has)
        cJSON_AddNumberToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

static void add_str(cJSON *o, const char *key, const char *v)
{
    if (v && *v)
        cJSON_AddStringToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

static const char *basis_name(enum value_basis b)
{
    return b == VALUE_MARKET ? "market" : b == VALUE_AT_COST ? "cost" : NULL;
}

static int print_json(const struct portfolio_positions *p, const struct valuation_book *book)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(root, "positions");
    cJSON *unpriced = cJSON_CreateArray();
    for (size_t i = 0; i < p->n; i++) {
        const struct portfolio_line *l = &p->lines[i];
        const struct valuation_in *in = &p->in[i];
        const struct valuation_line *v = &p->val[i];
        cJSON *o = cJSON_CreateObject();
        char day[11] = "";
        if (l->sum.has_last) clock_day_format(l->sum.last_day, day);
        cJSON_AddStringToObject(o, "symbol", l->sum.symbol);
        cJSON_AddNumberToObject(o, "quantity", in->quantity);
        add_num(o, "cost", in->has_cost, in->cost);
        add_str(o, "opened", l->opened);
        add_num(o, "last", in->has_last, in->last);
        add_str(o, "last_day", day);
        add_num(o, "value", v->basis != VALUE_NONE, v->value);
        add_str(o, "basis", basis_name(v->basis));
        add_num(o, "pnl", v->has_pnl, v->pnl);
        add_num(o, "weight", v->has_weight, v->weight);
        add_num(o, "sentiment_7d", in->has_sentiment, in->sentiment);
        add_num(o, "sentiment_change", in->has_change, in->change);
        cJSON_AddNumberToObject(o, "news_24h", (double)l->sum.news_24h);
        cJSON_AddItemToArray(arr, o);
        if (v->basis != VALUE_MARKET)
            cJSON_AddItemToArray(unpriced, cJSON_CreateString(l->sum.symbol));
    }
    add_num(root, "value", book->has_value, book->value);
    add_num(root, "gross", book->has_value, book->gross);
    add_num(root, "pnl", book->has_pnl, book->pnl);
    add_num(root, "cost_basis", book->has_pnl, book->cost_basis);
    add_num(root, "sentiment", book->has_sentiment, book->sentiment);
    add_num(root, "sentiment_change", book->has_change, book->change);
    cJSON_AddItemToObject(root, "unpriced", unpriced);
    return cli_put_json(root);
}

/* Formats v into buf, or "-" when unknown. */
static const char *fmt(char *buf, size_t size, const char *f, int has, double v)
{
    if (!has) return "-";
    snprintf(buf, size, f, v);
    return buf;
}

/* Names the positions of one basis after the table, so a value at cost or
 * a missing one is never read as a market figure. */
static void print_note(const struct portfolio_positions *p, enum value_basis basis,
                       const char *what)
{
    const char *sep = what;
    for (size_t i = 0; i < p->n; i++) {
        if (p->val[i].basis != basis) continue;
        cli_put_text(stdout, "%s%s", sep, p->lines[i].sum.symbol);
        sep = ", ";
    }
    if (sep != what) putchar('\n');
}

static void print_text(const struct portfolio_positions *p, const struct valuation_book *book)
{
    if (!p->n) return;
    cli_put_text(stdout, "%-8s %12s %10s %10s %13s %12s %7s %7s %7s %5s\n", "SYMBOL", "QUANTITY", "COST", "LAST",
           "VALUE ", "P&L", "WEIGHT", "SENT7D", "CHANGE", "NEWS");
    for (size_t i = 0; i < p->n; i++) {
        const struct portfolio_line *l = &p->lines[i];
        const struct valuation_in *in = &p->in[i];
        const struct valuation_line *v = &p->val[i];
        char b[8][32];
        /* The value's mark (or a blank) keeps the column's decimal points
         * aligned. */
        cli_put_text(stdout, "%-8s %12.4g %10s %10s %13s %12s %7s %7s %7s %5lld\n", l->sum.symbol, in->quantity,
               fmt(b[0], 32, "%.2f", in->has_cost, in->cost),
               fmt(b[1], 32, "%.2f", in->has_last, in->last),
               v->basis == VALUE_NONE
                   ? "- "
                   : fmt(b[2], 32, v->basis == VALUE_AT_COST ? "%.2f*" : "%.2f ", 1, v->value),
               fmt(b[3], 32, "%+.2f", v->has_pnl, v->pnl),
               fmt(b[4], 32, "%.1f%%", v->has_weight, v->weight * 100),
               fmt(b[5], 32, "%+.2f", in->has_sentiment, in->sentiment),
               fmt(b[6], 32, "%+.2f", in->has_change, in->change), (long long)l->sum.news_24h);
    }
    char b[4][32];
    cli_put_text(stdout, "%-8s %12s %10s %10s %13s %12s %7s %7s %7s\n", "TOTAL", "", "", "",
           !book->has_value ? "- "
                            : fmt(b[0], 32, book->n_at_cost ? "%.2f*" : "%.2f ", 1, book->value),
           fmt(b[1], 32, "%+.2f", book->has_pnl, book->pnl), "",
           fmt(b[2], 32, "%+.2f", book->has_sentiment, book->sentiment),
           fmt(b[3], 32, "%+.2f", book->has_change, book->change));
    print_note(p, VALUE_AT_COST, "* no close, valued at cost: ");
    print_note(p, VALUE_NONE, "no close and no cost, not valued: ");
}

static int portfolio_list(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("portfolio list");
    int json, bad = cli_json_flag("portfolio list", argc, argv, &json);
    if (bad) return bad;
    struct store *s = cli_store_read(c);
    if (!s) return EXIT_FAIL;
    struct portfolio_positions p;
    if (store_portfolio_read(s, clock_now(), &p)) return cli_fail("portfolio list");
    struct valuation_book book;
    portfolio_value_book(p.in, p.n, p.val, &book);
    int rc = EXIT_OK;
    if (!json)
        print_text(&p, &book);
    else if (print_json(&p, &book))
        rc = cli_fail("portfolio list");
    store_portfolio_free(&p);
    return rc;
}

struct csv_pos {
    char sym[SYMBOL_MAX + 1];
    double qty, cost;
    int has_cost;
    char date[11];
};

/* Splits one CSV line on commas (quotes around a field are stripped).
 * Returns the field count, at most max. */
static int split_csv(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        f[n++] = p;
        char *comma = strchr(p, ',');
        if (!comma) break;
        *comma = '\0';
        p = comma + 1;
    }
    for (int i = 0; i < n; i++) {
        char *t = str_trim(f[i]);
        size_t l = strlen(t);
        if (l >= 2 && t[0] == '"' && t[l - 1] == '"') {
            t[l - 1] = '\0';
            t++;
        }
        f[i] = t;
    }
    return n;
}

static int parse_pos_line(char *line, struct csv_pos *p)
{
    char *f[5];
    int n = split_csv(line, f, 5);
    if (n < 2 || n > 4) return err_set("expected symbol,quantity,cost[,date]");
    if (symbol_normalize(f[0], p->sym)) return -1;
    if (parse_number(f[1], &p->qty) || p->qty == 0) return err_set("'%s' is not a quantity", f[1]);
    p->has_cost = n >= 3 && *f[2];
    if (p->has_cost && (parse_number(f[2], &p->cost) || p->cost < 0))
        return err_set("'%s' is not a price", f[2]);
    p->date[0] = '\0';
    if (n == 4 && *f[3]) {
        int64_t day;
        if (cli_parse_day(f[3], &day)) return -1;
        snprintf(p->date, sizeof p->date, "%s", f[3]);
    }
    return 0;
}

static int portfolio_import(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("portfolio import");
    if (argc != 2) return cli_usage("portfolio import", "expected one FILE");
    const char *path = argv[1];
    size_t len;
    char *buf = file_read_all(path, 64u << 20, &len);
    if (!buf) return cli_fail(path);
    if (memchr(buf, '\0', len)) {
        free(buf);
        return cli_failf(path, "not a CSV file (NUL bytes)");
    }
    struct csv_pos *ps = NULL;
    size_t n = 0, cap = 0;
    int lineno = 0, rc = EXIT_OK;
    char *line;
    /* strtok_r skips empty lines, so count line numbers by hand. */
    char *p = buf;
    while (p && *p && rc == EXIT_OK) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        line = p;
        p = nl ? nl + 1 : NULL;
        lineno++;
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r') line[l - 1] = '\0';
        if (!*str_trim(line) || line[0] == '#') continue;
        if (n == 0 && lineno <= 1 && !strncasecmp(str_trim(line), "symbol", 6)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            struct csv_pos *np = realloc(ps, cap * sizeof *np);
            if (!np) {
                rc = cli_failf(path, "out of memory");
                break;
            }
            ps = np;
        }
        if (parse_pos_line(line, &ps[n]))
            rc = cli_failf(path, "line %d: %s", lineno, err_msg());
        else
            n++;
    }
    free(buf);
    if (rc == EXIT_OK && n == 0) rc = cli_failf(path, "no positions found");
    struct store *s = rc == EXIT_OK ? cli_store(c) : NULL;
    if (rc == EXIT_OK && !s) rc = EXIT_FAIL;
    if (rc == EXIT_OK && store_begin(s)) rc = cli_fail("portfolio import");
    for (size_t i = 0; rc == EXIT_OK && i < n; i++)
        if (store_position_add(s, ps[i].sym, ps[i].qty, ps[i].has_cost ? &ps[i].cost : NULL,
                               ps[i].date[0] ? ps[i].date : NULL, (int64_t)time(NULL)))
            rc = cli_fail("portfolio import");
    if (rc == EXIT_OK && store_commit(s)) rc = cli_fail("portfolio import");
    if (rc != EXIT_OK && s) store_rollback(s);
    if (rc == EXIT_OK) fprintf(stderr, "imported %zu position%s\n", n, n == 1 ? "" : "s");
    free(ps);
    return rc;
}

static const struct cli_cmd subs[] = {
    {"add", portfolio_add},
    {"rm", portfolio_rm},
    {"list", portfolio_list},
    {"import", portfolio_import},
};

int cmd_portfolio(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "portfolio", subs, sizeof subs / sizeof subs[0], argc, argv);
}
