/* bullpen brief: one page on the watchlist, the portfolio or some symbols
 * over the last day or week (core/brief.h, storage/brief.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/brief.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/str.h"
#include "core/symbol.h"
#include "core/utf8.h"
#include "storage/brief.h"

int cmd_brief(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("brief");
    static const struct option opts[] = {
        {"watchlist", no_argument, 0, 'w'},   {"portfolio", no_argument, 0, 'p'},
        {"since", required_argument, 0, 's'}, {"format", required_argument, 0, 'f'},
        {"llm", no_argument, 0, 'L'},         {0, 0, 0, 0}};
    struct brief_opts bo = {0};
    enum brief_format fmt = BRIEF_TEXT;
    int64_t window = 86400;
    int o, llm = 0;
    cli_getopt_reset();
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case 'w':
            bo.watchlist = 1;
            break;
        case 'p':
            bo.portfolio = 1;
            break;
        case 's':
            if (brief_window_parse(optarg, &window))
                return cli_usage("brief", "--since: %s", err_msg());
            break;
        case 'f':
            if (brief_format_parse(optarg, &fmt))
                return cli_usage("brief", "--format: %s", err_msg());
            break;
        case 'L':
            llm = 1;
            break;
        default:
            return cli_usage("brief", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    size_t n = (size_t)(argc - optind);
    if (n && (bo.watchlist || bo.portfolio))
        return cli_usage("brief", "give symbols or --watchlist/--portfolio, not both");
    if (n > BRIEF_MAX_NAMES) return cli_usage("brief", "at most %d symbols", BRIEF_MAX_NAMES);
    char(*syms)[SYMBOL_MAX + 1] = n ? calloc(n, sizeof *syms) : NULL;
    const char **ptrs = n ? calloc(n, sizeof *ptrs) : NULL;
    if (n && (!syms || !ptrs)) {
        free(syms);
        free(ptrs);
        return cli_failf("brief", "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        if (symbol_normalize(argv[optind + (int)i], syms[i])) {
            free(syms);
            free(ptrs);
            return cli_usage("brief", "%s", err_msg());
        }
        ptrs[i] = syms[i];
    }
    bo.symbols = ptrs;
    bo.n_symbols = n;
    bo.now = clock_now();
    bo.since = bo.now - window;

    int rc = EXIT_OK;
    struct brief b;
    struct sbuf out = {0};
    struct store *s = cli_store(c);
    if (!s) {
        rc = EXIT_FAIL;
    } else if (store_brief_build(s, &bo, &b)) {
        rc = cli_fail("brief");
    } else {
        if (llm)
            rc = cli_llm_brief(c, &b, (int)fmt);
        else if (brief_render(&b, fmt, &out))
            rc = cli_fail("brief");
        brief_free(&b);
    }
    free(syms);
    free(ptrs);
    if (rc != EXIT_OK || llm) {
        sbuf_free(&out);
        return rc;
    }
    /* Headlines and claims come from feeds: nothing of theirs reaches the
     * terminal unfiltered, and JSON is always valid UTF-8. A JSON brief
     * ends in its own newline, which cli_put_json_text adds. */
    const char *text = out.p ? out.p : "";
    int bad;
    if (fmt == BRIEF_JSON) {
        if (out.len && out.p[out.len - 1] == '\n') out.p[--out.len] = '\0';
        bad = cli_put_json_text(text);
    } else {
        bad = cli_put_block(stdout, text);
    }
    sbuf_free(&out);
    if (bad) return cli_fail("brief");
    return fflush(stdout) == 0 ? EXIT_OK : cli_failf("brief", "cannot write output");
}
