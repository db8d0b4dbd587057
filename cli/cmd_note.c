/* bullpen note: a language model's research note on one article, asked for
 * once and then kept (core/llm.h, storage/notes.h); and brief --llm. */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/analyze.h"
#include "core/brief.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/fetch.h"
#include "core/llm.h"
#include "core/str.h"
#include "core/utf8.h"
#include "storage/articles.h"
#include "storage/notes.h"

/* Prints s, which came from a feed or a model, without control sequences. */
static void put_clean(const char *s)
{
    char *c = text_sanitize(s ? s : "", s ? strlen(s) : 0);
    fputs(c ? c : "", stdout);
    free(c);
}

static void put_field(const char *label, const char *text)
{
    printf("%-12s", label);
    put_clean(text);
    putchar('\n');
}

static int print_note(const struct note_facts *nf, const struct note_row *row,
                      const struct llm_note *n, int json)
{
    char when[32];
    cli_iso_time(row->created, when);
    if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "article_id", (double)row->article_id);
        cJSON_AddStringToObject(o, "model", row->model);
        cJSON_AddStringToObject(o, "created", when);
        cJSON *note = cJSON_Parse(row->body);
        cJSON_AddItemToObject(o, "note", note ? note : cJSON_CreateNull());
        /* bullpen's own reading, beside the model's. */
        cJSON *b = cJSON_AddObjectToObject(o, "bullpen");
        if (nf->f.has_score)
            cJSON_AddNumberToObject(b, "sentiment", nf->f.score);
        else
            cJSON_AddNullToObject(b, "sentiment");
        cJSON *tk = cJSON_AddArrayToObject(b, "tickers");
        for (size_t i = 0; i < nf->f.n_tickers; i++) {
            cJSON *t = cJSON_CreateObject();
            cJSON_AddStringToObject(t, "symbol", nf->f.tickers[i].symbol);
            cJSON_AddNumberToObject(t, "score", nf->f.tickers[i].score);
            cJSON_AddItemToArray(tk, t);
        }
        return cli_put_json(o);
    }
    printf("Research note on article %lld by ", (long long)row->article_id);
    put_clean(row->model);
    printf(", %s (the model's reading, not bullpen's)\n", when);
    put_clean(nf->a.title);
    printf("\n\n");
    put_field("Summary", n->summary);
    put_field("Analysis", n->analysis);
    put_field("Risk", n->risk);
    put_field("Contrarian", n->contrarian);
    printf("%-12smodel %+.2f %s", "Sentiment", n->score, sentiment_label(n->score));
    if (nf->f.has_score) printf("   bullpen %+.2f %s", nf->f.score, sentiment_label(nf->f.score));
    putchar('\n');
    for (size_t i = 0; i < n->n_tickers; i++) {
        printf("%-12s%-6s model %+.2f", i ? "" : "Tickers", n->tickers[i].symbol,
               n->tickers[i].score);
        for (size_t k = 0; k < nf->f.n_tickers; k++)
            if (!strcmp(nf->f.tickers[k].symbol, n->tickers[i].symbol))
                printf("   bullpen %+.2f", nf->f.tickers[k].score);
        putchar('\n');
    }
    return 0;
}

/* Asks the model for a note on nf's article and stores it. */
static int ask(struct cli *c, const struct llm_config *lc, const struct note_facts *nf,
               struct llm_note *out)
{
    char *body = llm_note_request(lc, &nf->f, 1);
    if (!body) return -1;
    struct sbuf answer = {0};
    int rc = fetch_global_init() ? -1 : llm_chat(lc, body, NULL, NULL, NULL, &answer);
    free(body);
    if (rc == 0)
        rc = store_note_save(c->store, nf->f.article_id, lc->model, answer.p ? answer.p : "",
                             answer.len, clock_now(), out);
    sbuf_free(&answer);
    return rc;
}

int cmd_note(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("note");
    static const struct option opts[] = {
        {"json", no_argument, 0, 'j'}, {"refresh", no_argument, 0, 'r'}, {0, 0, 0, 0}};
    int json = 0, refresh = 0, o;
    cli_getopt_reset();
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'j')
            json = 1;
        else if (o == 'r')
            refresh = 1;
        else
            return cli_usage("note", "unknown or incomplete option '%s'", argv[optind - 1]);
    }
    long id;
    if (argc - optind != 1) return cli_usage("note", "expected one article ID");
    if (cli_parse_count(argv[optind], &id)) return cli_usage("note", "ID: %s", err_msg());
    struct llm_config lc;
    if (llm_config_from(c->cfg, &lc)) return cli_fail("note");
    struct store *s = cli_store(c);
    if (!s) return EXIT_FAIL;
    struct note_facts nf;
    int r = store_note_facts(s, id, &nf);
    if (r < 0) return cli_fail("note");
    if (r == 0) return cli_failf("note", "no article %ld", id);
    struct note_row row;
    struct llm_note n = {0};
    r = refresh ? 0 : store_note_get(s, id, lc.model, &row);
    if (r == 1 && llm_note_parse(row.body, strlen(row.body), &n)) {
        store_note_clear(&row);
        r = 0; /* a stored note this build cannot read is asked for again */
    }
    if (r == 0) {
        if (ask(c, &lc, &nf, &n) || store_note_get(s, id, lc.model, &row) != 1) {
            store_note_facts_free(&nf);
            llm_note_free(&n);
            return cli_fail("note");
        }
    }
    int rc = r < 0 ? cli_fail("note") : print_note(&nf, &row, &n, json) ? cli_fail("note") : 0;
    store_note_clear(&row);
    llm_note_free(&n);
    store_note_facts_free(&nf);
    if (rc) return rc;
    return fflush(stdout) == 0 ? EXIT_OK : cli_failf("note", "cannot write output");
}

/* A brief in text or Markdown is printed as it streams in, a whole line at
 * a time (each line cleaned as put_clean does), so a slow model shows its
 * first paragraph at once. */
struct brief_stream {
    struct sbuf line; /* the part of the current line received so far */
    int oom;          /* a piece could not be kept */
};

static void brief_delta(void *ctx, const char *text, size_t len)
{
    struct brief_stream *bs = ctx;
    while (len && !bs->oom) {
        const char *nl = memchr(text, '\n', len);
        size_t n = nl ? (size_t)(nl - text) : len;
        if (sbuf_add(&bs->line, text, n)) {
            bs->oom = 1;
            break;
        }
        if (!nl) break;
        put_clean(bs->line.p);
        putchar('\n');
        sbuf_reset(&bs->line);
        text += n + 1;
        len -= n + 1;
    }
    fflush(stdout);
}

int cli_llm_brief(struct cli *c, const struct brief *b, int format)
{
    struct llm_config lc;
    if (llm_config_from(c->cfg, &lc)) return cli_fail("brief");
    /* The facts as JSON, less the portfolio's value: weights say enough
     * and the size of a book stays on the machine. */
    struct sbuf facts = {0};
    if (brief_render(b, BRIEF_JSON, &facts)) return cli_fail("brief");
    cJSON *j = cJSON_Parse(facts.p ? facts.p : "");
    sbuf_free(&facts);
    cJSON *p = j ? cJSON_GetObjectItemCaseSensitive(j, "portfolio") : NULL;
    if (cJSON_IsObject(p)) cJSON_DeleteItemFromObjectCaseSensitive(p, "value");
    char *fj = j ? cJSON_PrintUnformatted(j) : NULL;
    cJSON_Delete(j);
    char *body = fj ? llm_brief_request(&lc, fj, format == BRIEF_MARKDOWN, 1) : NULL;
    free(fj);
    if (!body) return cli_failf("brief", "out of memory");
    struct sbuf answer = {0};
    struct brief_stream bs = {0};
    int text = format != BRIEF_JSON;
    int rc = fetch_global_init()
                 ? -1
                 : llm_chat(&lc, body, text ? brief_delta : NULL, &bs, NULL, &answer);
    free(body);
    if (text && bs.line.len) {
        /* The last line, which had no newline of its own. */
        put_clean(bs.line.p);
        putchar('\n');
    }
    sbuf_free(&bs.line);
    if (!rc && bs.oom) rc = err_set("out of memory");
    if (rc) {
        sbuf_free(&answer);
        return cli_fail("brief");
    }
    if (!text) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "model", lc.model);
        cJSON_AddStringToObject(o, "text", answer.p ? answer.p : "");
        sbuf_free(&answer);
        return cli_put_json(o) ? cli_fail("brief") : EXIT_OK;
    }
    sbuf_free(&answer);
    return fflush(stdout) == 0 ? EXIT_OK : cli_failf("brief", "cannot write output");
}
