/* bullpen import: a saved feed or API response into the store. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/analyze.h"
#include "core/err.h"
#include "core/feed.h"
#include "core/str.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/store.h"

#define IMPORT_MAX (256u << 20)

int cmd_import(struct cli *c, int argc, char **argv)
{
    static const char *usage =
        "usage: bullpen import FILE|- [--feed URL]\n"
        "Stores the articles of a saved feed or API response (RSS, Atom, JSON Feed,\n"
        "Alpha Vantage NEWS_SENTIMENT), analysed. They are filed under the feed URL\n"
        "given (added if new), else under file:PATH (stdin: 'stdin'). Importing the same\n"
        "file again stores nothing twice.\n";
    if (cli_wants_help(argc, argv)) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    static const struct option opts[] = {{"feed", required_argument, 0, 'f'}, {0, 0, 0, 0}};
    const char *feed_url = NULL;
    int o;
    cli_getopt_reset();
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o != 'f')
            return cli_usage("import", "unknown or incomplete option '%s'", argv[optind - 1]);
        if (cli_check_feed_url(optarg)) return cli_usage("import", "--feed: %s", err_msg());
        feed_url = optarg;
    }
    if (argc - optind != 1) return cli_usage("import", "expected one FILE (or - for stdin)");
    const char *path = argv[optind];
    size_t len;
    char *buf = file_read_all(path, IMPORT_MAX, &len);
    if (!buf) return cli_fail(path);
    int64_t now = (int64_t)time(NULL);
    struct feed_doc doc;
    if (feed_parse(buf, len, now, &doc)) {
        free(buf);
        return cli_fail(path);
    }
    free(buf);
    struct sbuf key = {0};
    if (feed_url) {
        sbuf_adds(&key, feed_url);
    } else if (!strcmp(path, "-")) {
        sbuf_adds(&key, "stdin");
    } else {
        char abs[PATH_MAX];
        sbuf_printf(&key, "file:%s", realpath(path, abs) ? abs : path);
    }
    int rc = EXIT_OK, added = 0;
    struct store *s = cli_store(c);
    const struct analyzer *an = s ? cli_analyzer(c) : NULL;
    int64_t feed_id = 0;
    if (!s || !an || store_tune_writer(s, 32))
        rc = s && an ? cli_fail("import") : EXIT_FAIL;
    else if (store_begin(s) || store_feed_add(s, key.p, NULL, now, &feed_id) < 0)
        rc = cli_fail("import");
    struct sbuf text = {0};
    for (size_t i = 0; rc == EXIT_OK && i < doc.n_items; i++) {
        struct article *a = &doc.items[i];
        struct analysis result;
        a->feed_id = feed_id;
        if (analyzer_run_article(an, a, &text, &result)) {
            rc = cli_fail("import");
            break;
        }
        int r = store_article_insert(s, a, &result);
        analysis_free(&result);
        if (r < 0)
            rc = cli_fail("import");
        else
            added += r;
    }
    sbuf_free(&text);
    if (rc == EXIT_OK && (store_feed_result(s, feed_id, now, 86400, NULL, 0, NULL, NULL, doc.title,
                                            feed_format_name(doc.format)) ||
                          store_commit(s)))
        rc = cli_fail("import");
    if (rc != EXIT_OK && s) store_rollback(s);
    if (rc == EXIT_OK)
        printf("%d new article%s of %zu (%s)\n", added, added == 1 ? "" : "s", doc.n_items,
               feed_format_name(doc.format));
    feed_doc_free(&doc);
    sbuf_free(&key);
    return rc;
}
