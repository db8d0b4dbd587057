/* bullpen analyze / bullpen score: the analyser on the command line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/analyze.h"
#include "core/err.h"
#include "core/str.h"
#include "core/summary.h"
#include "core/utf8.h"

#define ANALYZE_MAX_BYTES (64u << 20)

/* Appends text[b0, b1), a claim, as one line of clean text. */
static int add_clean(struct sbuf *b, const char *text, size_t b0, size_t b1)
{
    char *t = text_single_line(text + b0, b1 - b0);
    int rc = t ? sbuf_adds(b, t) : -1;
    free(t);
    return rc;
}

/* A first line followed by a blank line, short and not ending like a
 * sentence, is the headline. Returns its length in bytes, or 0. */
static size_t detect_title(const char *text, size_t len)
{
    const char *nl = memchr(text, '\n', len);
    if (!nl) return 0;
    size_t n = (size_t)(nl - text);
    size_t e = n;
    while (e > 0 && (text[e - 1] == '\r' || text[e - 1] == ' '))
        e--;
    if (e == 0 || e > 200 || text[e - 1] == '.') return 0;
    const char *p = nl + 1, *end = text + len;
    while (p < end && (*p == ' ' || *p == '\r' || *p == '\t'))
        p++;
    return p < end && *p == '\n' ? n : 0;
}

/* The summary's sentences as one clean line. */
static int add_summary(struct sbuf *b, const struct analysis *a, const char *text)
{
    struct sbuf raw = {0};
    int rc = summary_render(text, strlen(text), a->summary, a->n_summary, &raw);
    if (!rc && raw.len) rc = add_clean(b, raw.p, 0, raw.len);
    sbuf_free(&raw);
    return rc;
}

/* The analysis as one JSON object; with a file name, its first member is
 * "file". */
static int print_json(const struct analysis *a, const char *text, const char *file,
                      struct sbuf *b)
{
    int rc = sbuf_adds(b, "{");
    if (file) {
        rc |= sbuf_adds(b, "\"file\": ");
        rc |= sbuf_add_json_str(b, file);
        rc |= sbuf_adds(b, ", ");
    }
    rc |= sbuf_printf(b, "\"sentiment\": {\"score\": %.4f, \"label\": \"%s\"}, ", a->score,
                      sentiment_label(a->score));
    struct sbuf sum = {0};
    rc |= add_summary(&sum, a, text);
    rc |= sbuf_adds(b, "\"summary\": ");
    rc |= sbuf_add_json_str(b, sum.p ? sum.p : "");
    sbuf_free(&sum);
    rc |= sbuf_adds(b, ", \"tickers\": [");
    for (size_t i = 0; i < a->n_tickers && rc == 0; i++) {
        const struct ticker_hit *t = &a->tickers[i];
        rc |= sbuf_adds(b, i ? ", {\"symbol\": " : "{\"symbol\": ");
        rc |= sbuf_add_json_str(b, t->symbol);
        rc |= sbuf_adds(b, ", \"name\": ");
        rc |= sbuf_add_json_str(b, t->name);
        rc |= sbuf_printf(b,
                          ", \"mentions\": %d, \"relevance\": %.4f, \"score\": %.4f, "
                          "\"label\": \"%s\", \"spans\": [",
                          t->mentions, t->relevance, t->score, sentiment_label(t->score));
        for (size_t k = 0; k < t->n_spans && rc == 0; k++)
            rc |= sbuf_printf(b, "%s[%u, %u]", k ? ", " : "", t->spans[k].start, t->spans[k].end);
        rc |= sbuf_adds(b, "]}");
    }
    rc |= sbuf_adds(b, "], \"claims\": [");
    for (size_t i = 0; i < a->n_claims && rc == 0; i++) {
        const struct claim *c = &a->claims[i];
        struct sbuf txt = {0};
        rc |= add_clean(&txt, text, c->span.bstart, c->span.bend);
        rc |= sbuf_adds(b, i ? ", {\"text\": " : "{\"text\": ");
        rc |= sbuf_add_json_str(b, txt.p ? txt.p : "");
        sbuf_free(&txt);
        rc |= sbuf_printf(b,
                          ", \"kind\": \"%s\", \"start\": %u, \"end\": %u, \"score\": %.4f, "
                          "\"tickers\": [",
                          claim_kind_name(c->kind), c->span.start, c->span.end, c->score);
        for (size_t k = 0; k < c->n_tickers && rc == 0; k++) {
            if (k) rc |= sbuf_adds(b, ", ");
            rc |= sbuf_add_json_str(b, c->tickers[k]);
        }
        rc |= sbuf_adds(b, "]}");
    }
    rc |= sbuf_adds(b, "]}");
    return rc ? -1 : 0;
}

static int print_report(const struct analysis *a, const char *text, struct sbuf *b)
{
    int rc = 0;
    if (a->n_summary) {
        rc |= sbuf_adds(b, "Summary\n  ");
        rc |= add_summary(b, a, text);
        rc |= sbuf_adds(b, "\n\n");
    }
    rc |= sbuf_printf(b, "Overall sentiment   %-20s score %+.2f\n", sentiment_label(a->score),
                      a->score);
    rc |= sbuf_adds(b, "Ticker sentiment   ");
    if (a->n_tickers == 0) rc |= sbuf_adds(b, " (no tickers found)");
    for (size_t i = 0; i < a->n_tickers; i++)
        rc |= sbuf_printf(b, " %s %+.2f (%s)", a->tickers[i].symbol, a->tickers[i].score,
                          sentiment_label(a->tickers[i].score));
    rc |= sbuf_adds(b, "\n");
    if (a->n_tickers) rc |= sbuf_adds(b, "\nTickers\n");
    for (size_t i = 0; i < a->n_tickers; i++) {
        const struct ticker_hit *t = &a->tickers[i];
        rc |= sbuf_printf(b, "  %-6s %-32.32s mentions %-3d relevance %.2f  score %+.2f  %s\n",
                          t->symbol, t->name ? t->name : "", t->mentions, t->relevance, t->score,
                          sentiment_label(t->score));
    }
    if (a->n_claims) rc |= sbuf_adds(b, "\nClaims\n");
    for (size_t i = 0; i < a->n_claims; i++) {
        const struct claim *c = &a->claims[i];
        rc |= sbuf_printf(b, "  %-10s %+.2f  ", claim_kind_name(c->kind), c->score);
        for (size_t k = 0; k < c->n_tickers; k++)
            rc |= sbuf_printf(b, "%s ", c->tickers[k]);
        rc |= sbuf_adds(b, "\n      ");
        rc |= add_clean(b, text, c->span.bstart, c->span.bend);
        rc |= sbuf_adds(b, "\n");
    }
    return rc ? -1 : 0;
}

/* Analyses one text and prints it. With several files each JSON object is
 * one line and names its file, and each report is headed by its file's name.
 * Returns 0, or -1 with the error set. */
static int analyze_one(const struct analyzer *an, const char *path, int json, int several)
{
    size_t len;
    char *text = file_read_all(path, ANALYZE_MAX_BYTES, &len);
    if (!text) return -1;
    struct analysis a;
    if (analyzer_run(an, text, len, detect_title(text, len), &a)) {
        free(text);
        return -1;
    }
    struct sbuf out = {0};
    int rc = 0;
    if (json)
        rc = print_json(&a, text, several ? path : NULL, &out);
    else
        rc = (several ? sbuf_printf(&out, "== %s\n\n", path) : 0) || print_report(&a, text, &out);
    analysis_free(&a);
    free(text);
    if (rc) {
        sbuf_free(&out);
        return err_set("out of memory");
    }
    rc = json ? cli_put_json_text(out.p) : cli_put_block(stdout, out.p);
    sbuf_free(&out);
    return rc;
}

int cmd_analyze(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("analyze");
    int json = 0, n_paths = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (argv[i][0] == '-' && argv[i][1])
            return cli_usage("analyze", "unknown option '%s'", argv[i]);
        else
            n_paths++;
    }
    struct analyzer *an = cli_analyzer(c);
    if (!an) return EXIT_FAIL;
    if (n_paths == 0) {
        if (analyze_one(an, "-", json, 0)) return cli_fail("analyze");
        return fflush(stdout) == 0 ? EXIT_OK : cli_failf("analyze", "cannot write output");
    }
    /* A file that cannot be read or analysed is said on its own line; the
     * others go on, and the exit status says one failed. */
    int rc = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) continue;
        if (analyze_one(an, argv[i], json, n_paths > 1)) rc = cli_fail("analyze");
        if (n_paths > 1 && !json && i + 1 < argc) putchar('\n');
    }
    if (fflush(stdout) != 0) return cli_failf("analyze", "cannot write output");
    return rc;
}

int cmd_score(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("score");
    int target = argc == 2 && !strcmp(argv[1], "--target");
    if (argc > 1 && !target)
        return cli_usage("score", "takes only --target (texts come on standard input)");
    struct analyzer *an = cli_analyzer(c);
    if (!an) return EXIT_FAIL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long ln = 0;
    int rc = EXIT_OK;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        ln++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        line[n] = '\0';
        if (!target) {
            printf("%.4f\n", analyzer_score(an, line, (size_t)n));
            continue;
        }
        char *tab = memchr(line, '\t', (size_t)n);
        if (!tab) {
            rc = cli_failf("score", "line %ld: expected TARGET<TAB>TEXT", ln);
            break;
        }
        *tab = '\0';
        const char *text = tab + 1;
        printf("%.4f\n", analyzer_score_target(an, text, (size_t)(line + n - text), line));
    }
    free(line);
    if (rc != EXIT_OK) return rc;
    if (ferror(stdin)) return cli_failf("score", "cannot read standard input");
    return fflush(stdout) == 0 ? EXIT_OK : cli_failf("score", "cannot write output");
}
