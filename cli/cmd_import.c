/* bullpen import: a saved feed or API response into the store. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/alert.h"
#include "core/analyze.h"
#include "core/err.h"
#include "core/feed.h"
#include "core/str.h"
#include "storage/alerts.h"
#include "storage/ingest.h"
#include "storage/store.h"

#define IMPORT_MAX (256u << 20)

static void print_alert(void *ctx, const struct alert_delivered *d)
{
    (void)ctx;
    char line[320];
    alert_line_format(line, sizeof line, d->rule_id, d->detail, d->title, d->exec_error);
    printf("alert %s\n", line);
    fflush(stdout);
}

int cmd_import(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("import");
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
    int rc = EXIT_OK, added = 0, fired = 0;
    struct store *s = cli_store(c);
    const struct analyzer *an = s ? cli_analyzer(c) : NULL;
    struct analysis *res = NULL;
    if (!s || !an || store_tune_writer(s, 32)) rc = s && an ? cli_fail("import") : EXIT_FAIL;
    if (rc == EXIT_OK && doc.n_items && !(res = calloc(doc.n_items, sizeof *res)))
        rc = cli_failf("import", "out of memory");
    struct sbuf text = {0};
    for (size_t i = 0; rc == EXIT_OK && i < doc.n_items; i++)
        if (analyzer_run_article(an, &doc.items[i], &text, &res[i])) rc = cli_fail("import");
    sbuf_free(&text);
    /* The same path as fetch: one transaction with the feed, its articles
     * and their alert events. */
    struct ingest_feed in = {.url = key.p, .now = now, .interval = 86400};
    if (rc == EXIT_OK && store_feed_ingest(s, &in, &doc, res, &added, &fired))
        rc = cli_fail("import");
    if (rc == EXIT_OK)
        printf("%d new article%s of %zu (%s)\n", added, added == 1 ? "" : "s", doc.n_items,
               feed_format_name(doc.format));
    /* After the commit, and also when nothing new fired: events an earlier
     * run left pending go out here too. */
    if (rc == EXIT_OK && store_alerts_deliver(s, print_alert, NULL) < 0)
        rc = cli_failf("import", "delivering alerts: %s (they wait in the store for the next run)",
                       err_msg());
    if (res)
        for (size_t i = 0; i < doc.n_items; i++)
            analysis_free(&res[i]);
    free(res);
    feed_doc_free(&doc);
    sbuf_free(&key);
    return rc;
}
