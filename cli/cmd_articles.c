/* bullpen articles, search, export: reading the store from scripts. */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/article.h"
#include "core/analyze.h"
#include "core/err.h"
#include "core/str.h"
#include "core/symbol.h"
#include "core/utf8.h"
#include "storage/articles.h"
#include "storage/notes.h"
#include "storage/store.h"

/* Symbols are stored space-separated; JSON wants an array. */
static cJSON *tickers_array(const char *t)
{
    cJSON *arr = cJSON_CreateArray();
    while (t && *t) {
        const char *sp = strchr(t, ' ');
        size_t n = sp ? (size_t)(sp - t) : strlen(t);
        char sym[32];
        if (n && n < sizeof sym) {
            memcpy(sym, t, n);
            sym[n] = '\0';
            cJSON_AddItemToArray(arr, cJSON_CreateString(sym));
        }
        t = sp ? sp + 1 : NULL;
    }
    return arr;
}

static void add_str_or_null(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static cJSON *row_json(const struct article_row *r)
{
    cJSON *o = cJSON_CreateObject();
    char when[32];
    cli_iso_time(r->published, when);
    cJSON_AddNumberToObject(o, "id", (double)r->id);
    cJSON_AddNumberToObject(o, "feed_id", (double)r->feed_id);
    add_str_or_null(o, "feed", r->feed_name);
    cJSON_AddStringToObject(o, "published", when);
    add_str_or_null(o, "title", r->title);
    add_str_or_null(o, "link", r->link);
    cJSON_AddItemToObject(o, "tickers", tickers_array(r->tickers));
    if (r->has_sentiment) {
        cJSON_AddNumberToObject(o, "sentiment", r->sentiment);
        cJSON_AddStringToObject(o, "label", sentiment_label(r->sentiment));
    } else {
        cJSON_AddNullToObject(o, "sentiment");
        cJSON_AddNullToObject(o, "label");
    }
    cJSON_AddBoolToObject(o, "unread", r->unread);
    cJSON_AddBoolToObject(o, "starred", r->starred);
    return o;
}

/* Keeps a printed line to one terminal row's worth of plain text. */
static void print_row(const struct article_row *r)
{
    char when[32];
    cli_iso_time(r->published, when);
    when[16] = '\0';
    when[10] = ' ';
    /* The side's mark and the score, always 7 columns ("+ +0.55", blank
     * when not analysed) so the columns after it line up. */
    char senti[16] = "       ";
    if (r->has_sentiment) {
        double v = r->sentiment < -1 ? -1 : r->sentiment > 1 ? 1 : r->sentiment;
        if (v > -0.005 && v < 0.005) v = 0; /* no "-0.00" */
        snprintf(senti, sizeof senti, "%c %+5.2f", "-=+"[sentiment_side(r->sentiment) + 1], v);
    }
    int tk = r->tickers && *r->tickers;
    /* "+2 ": two other feeds carry the story (grouped, the one row). */
    char more[16] = "";
    if (r->copies > 0) snprintf(more, sizeof more, "+%d ", r->copies);
    cli_put_text(stdout, "%8lld %s %s %-16.16s %s%s%s%s%s\n", (long long)r->id, when, senti,
                 r->feed_name ? r->feed_name : "", more, article_title_shown(r->title),
                 tk ? "  [" : "", tk ? r->tickers : "", tk ? "]" : "");
}

/* Whether a ticker with no articles is one bullpen knows at all: in the
 * symbol directory, or named by some stored article once. 1, 0, or -1
 * after printing the error. */
static int ticker_known(struct cli *c, struct store *s, const char *what, const char *sym)
{
    const struct analyzer *an = cli_analyzer(c);
    if (!an) return -1;
    if (analyzer_symbol_name(an, sym)) return 1;
    int seen = store_symbol_seen(s, sym);
    if (seen < 0) cli_fail(what);
    return seen;
}

static int print_page(struct cli *c, const char *what, const struct article_filter *f, long limit,
                      int json)
{
    struct store *s = cli_store_read(c);
    if (!s) return EXIT_FAIL;
    struct article_row *rows;
    size_t n;
    if (store_articles_page(s, f, NULL, 0, (size_t)limit, &rows, &n)) return cli_fail(what);
    /* A typo must not look like a quiet day. */
    int known = n == 0 && f->ticker ? ticker_known(c, s, what, f->ticker) : 1;
    if (known <= 0) {
        store_article_rows_free(rows, n);
        if (known < 0) return EXIT_FAIL;
        return cli_failf(what,
                         "--ticker: %s is not in the symbol directory and no stored article "
                         "names it",
                         f->ticker);
    }
    if (json) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < n; i++) {
            cJSON *o = row_json(&rows[i]);
            char *sum = NULL;
            if (store_article_summary(s, rows[i].id, &sum)) {
                cJSON_Delete(o);
                cJSON_Delete(arr);
                store_article_rows_free(rows, n);
                return cli_fail(what);
            }
            add_str_or_null(o, "summary", sum);
            free(sum);
            cJSON_AddNumberToObject(o, "other_feeds", rows[i].copies);
            cJSON_AddItemToArray(arr, o);
        }
        if (cli_put_json(arr)) {
            store_article_rows_free(rows, n);
            return cli_fail(what);
        }
    } else {
        for (size_t i = 0; i < n; i++)
            print_row(&rows[i]);
    }
    store_article_rows_free(rows, n);
    return EXIT_OK;
}

int cmd_articles(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("articles");
    static const struct option opts[] = {{"ticker", required_argument, 0, 't'},
                                         {"feed", required_argument, 0, 'f'},
                                         {"since", required_argument, 0, 's'},
                                         {"limit", required_argument, 0, 'l'},
                                         {"json", no_argument, 0, 'j'},
                                         {"no-group", no_argument, 0, 'g'},
                                         {0, 0, 0, 0}};
    struct article_filter f = {.group = 1};
    char sym[SYMBOL_MAX + 1];
    long limit = 50, feed;
    int json = 0, o;
    cli_getopt_reset();
    while ((o = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (o) {
        case 't':
            if (cli_symbol("articles", "--ticker", optarg, sym)) return EXIT_USAGE;
            f.ticker = sym;
            break;
        case 'f':
            if (cli_parse_count(optarg, &feed))
                return cli_usage("articles", "--feed: %s", err_msg());
            f.feed_id = feed;
            break;
        case 's':
            if (cli_parse_day(optarg, &f.since))
                return cli_usage("articles", "--since: %s", err_msg());
            break;
        case 'l':
            if (cli_parse_count(optarg, &limit))
                return cli_usage("articles", "--limit: %s", err_msg());
            break;
        case 'j':
            json = 1;
            break;
        case 'g':
            f.group = 0;
            break;
        default:
            return cli_usage("articles", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) return cli_usage("articles", "unexpected argument '%s'", argv[optind]);
    return print_page(c, "articles", &f, limit, json);
}

int cmd_search(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("search");
    static const struct option opts[] = {{"limit", required_argument, 0, 'l'},
                                         {"json", no_argument, 0, 'j'},
                                         {"order", required_argument, 0, 'o'},
                                         {"no-group", no_argument, 0, 'g'},
                                         {0, 0, 0, 0}};
    long limit = 50;
    int json = 0, relevance = 0, group = 1, o;
    cli_getopt_reset();
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'l') {
            if (cli_parse_count(optarg, &limit))
                return cli_usage("search", "--limit: %s", err_msg());
        } else if (o == 'o') {
            if (!strcmp(optarg, "relevance"))
                relevance = 1;
            else if (!strcmp(optarg, "newest"))
                relevance = 0;
            else
                return cli_usage("search", "--order: '%s' is not newest or relevance", optarg);
        } else if (o == 'j') {
            json = 1;
        } else if (o == 'g') {
            group = 0;
        } else {
            return cli_usage("search", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != 1 || !*argv[optind])
        return cli_usage("search", "expected one QUERY (quote it for several words)");
    if (cli_check_arg("search", "QUERY", argv[optind])) return EXIT_USAGE;
    struct article_filter f = {.query = argv[optind], .by_relevance = relevance, .group = group};
    int rc = print_page(c, "search", &f, limit, json);
    return rc;
}

struct export_ctx {
    struct store *s;
    int csv;
    size_t n;
};

/* RFC 4180: quote every text field, double the quotes inside. The field is
 * sanitised like every other output (a CSV is read in terminals too); line
 * breaks stay, as quoting allows. */
static int csv_field(const char *v)
{
    char *t = text_sanitize(v ? v : "", v ? strlen(v) : 0);
    if (!t) return err_set("out of memory");
    putchar('"');
    for (const char *p = t; *p; p++) {
        if (*p == '"') putchar('"');
        putchar(*p);
    }
    putchar('"');
    free(t);
    return 0;
}

static int export_one(void *ctx, const struct article *a, const struct article_row *r)
{
    struct export_ctx *x = ctx;
    char when[32];
    cli_iso_time(a->published, when);
    if (x->csv) {
        const char *text[] = {r->feed_name, a->title, a->link, r->tickers};
        printf("%lld,%s", (long long)a->id, when);
        for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
            putchar(',');
            if (csv_field(text[i])) return -1;
        }
        if (r->has_sentiment)
            printf(",%.4f,%s\n", r->sentiment, sentiment_label(r->sentiment));
        else
            printf(",,\n");
    } else {
        cJSON *o = row_json(r);
        add_str_or_null(o, "guid", a->guid);
        add_str_or_null(o, "author", a->author);
        add_str_or_null(o, "summary", a->summary);
        add_str_or_null(o, "content", a->content);
        /* "summary" here has always been the feed's own description. */
        char *digest = NULL;
        if (store_article_summary(x->s, a->id, &digest)) {
            cJSON_Delete(o);
            return -1;
        }
        add_str_or_null(o, "digest", digest);
        free(digest);
        struct mention_row *m;
        size_t nm;
        if (store_article_mentions(x->s, a->id, &m, &nm)) {
            cJSON_Delete(o);
            return -1;
        }
        cJSON *arr = cJSON_AddArrayToObject(o, "mentions");
        for (size_t i = 0; i < nm; i++) {
            cJSON *mo = cJSON_CreateObject();
            cJSON_AddStringToObject(mo, "symbol", m[i].symbol);
            cJSON_AddNumberToObject(mo, "count", m[i].count);
            cJSON_AddNumberToObject(mo, "relevance", m[i].relevance);
            cJSON_AddNumberToObject(mo, "sentiment", m[i].sentiment);
            cJSON_AddItemToArray(arr, mo);
        }
        free(m);
        /* One article per line: "[", then ",{...}" lines, then "]". */
        if (x->n) putchar(',');
        if (cli_put_json(o)) return -1;
    }
    x->n++;
    return ferror(stdout) ? err_set("write error") : 0;
}

int cmd_export(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("export");
    static const struct option opts[] = {
        {"format", required_argument, 0, 'f'}, {"since", required_argument, 0, 's'}, {0, 0, 0, 0}};
    struct export_ctx x = {0};
    int64_t since = 0;
    int o;
    cli_getopt_reset();
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'f') {
            if (!strcmp(optarg, "csv"))
                x.csv = 1;
            else if (strcmp(optarg, "json"))
                return cli_usage("export", "--format: '%s' is not json or csv", optarg);
        } else if (o == 's') {
            if (cli_parse_day(optarg, &since)) return cli_usage("export", "--since: %s", err_msg());
        } else {
            return cli_usage("export", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) return cli_usage("export", "unexpected argument '%s'", argv[optind]);
    x.s = cli_store_read(c);
    if (!x.s) return EXIT_FAIL;
    if (x.csv)
        puts("id,published,feed,title,link,tickers,sentiment,label");
    else
        puts("[");
    if (store_articles_each(x.s, since, export_one, &x)) return cli_fail("export");
    if (!x.csv) puts("]");
    return EXIT_OK;
}
