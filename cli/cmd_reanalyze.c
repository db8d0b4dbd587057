/* bullpen reanalyze: bring stored analyses up to the current analyser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/analyze.h"
#include "core/article.h"
#include "core/err.h"
#include "core/str.h"
#include "storage/articles.h"
#include "storage/store.h"

#define BATCH 500

int cmd_reanalyze(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("reanalyze");
    if (argc > 1) return cli_usage("reanalyze", "unexpected argument '%s'", argv[1]);
    struct store *s = cli_store(c);
    const struct analyzer *an = s ? cli_analyzer(c) : NULL;
    if (!s || !an) return EXIT_FAIL;
    if (store_tune_writer(s, 32)) return cli_fail("reanalyze");
    int64_t after = 0;
    size_t total = 0;
    struct sbuf text = {0};
    for (;;) {
        int64_t *ids;
        size_t n;
        if (store_articles_stale(s, ANALYZER_VERSION, after, BATCH, &ids, &n)) {
            sbuf_free(&text);
            return cli_fail("reanalyze");
        }
        if (n == 0) {
            free(ids);
            break;
        }
        int rc = store_begin(s);
        for (size_t i = 0; !rc && i < n; i++) {
            struct article a;
            if (store_article_get(s, ids[i], &a, NULL, NULL, NULL, NULL) != 1) continue;
            struct analysis result;
            rc = analyzer_run_article(an, &a, &text, &result) ||
                 store_article_set_analysis(s, ids[i], &result, &a);
            analysis_free(&result);
            article_clear(&a);
        }
        after = ids[n - 1];
        free(ids);
        if (rc || store_commit(s)) {
            store_rollback(s);
            sbuf_free(&text);
            return cli_fail("reanalyze");
        }
        total += n;
    }
    sbuf_free(&text);
    printf("%zu article%s reanalysed\n", total, total == 1 ? "" : "s");
    return EXIT_OK;
}
