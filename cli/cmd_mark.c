/* bullpen mark: starring and read state from scripts, as the workstation's
 * s and m keys do. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/err.h"
#include "storage/articles.h"
#include "storage/store.h"

#define MARK_MAX 1000

int cmd_mark(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("mark");
    static int64_t ids[MARK_MAX];
    size_t n = 0;
    int unread = -1, starred = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        long v;
        if (!strcmp(a, "--star") || !strcmp(a, "--unstar")) {
            if (starred >= 0) return cli_usage("mark", "--star or --unstar, once");
            starred = a[2] == 's';
        } else if (!strcmp(a, "--read") || !strcmp(a, "--unread")) {
            if (unread >= 0) return cli_usage("mark", "--read or --unread, once");
            unread = a[2] == 'u';
        } else if (a[0] == '-') {
            return cli_usage("mark", "unknown option '%s'", a);
        } else if (cli_parse_count(a, &v)) {
            return cli_usage("mark", "'%s' is not an article id", a);
        } else if (n == MARK_MAX) {
            return cli_usage("mark", "at most %d articles at once", MARK_MAX);
        } else {
            ids[n++] = v;
        }
    }
    if (!n) return cli_usage("mark", "expected an article ID");
    if (unread < 0 && starred < 0)
        return cli_usage("mark", "expected --star, --unstar, --read or --unread");
    struct store *s = cli_store(c);
    if (!s) return EXIT_FAIL;
    if (store_begin(s)) return cli_fail("mark");
    for (size_t i = 0; i < n; i++) {
        int r = store_article_mark(s, ids[i], unread, starred);
        if (r <= 0) {
            store_rollback(s);
            return r < 0 ? cli_fail("mark")
                         : cli_failf("mark", "no article %lld", (long long)ids[i]);
        }
    }
    if (store_commit(s)) return cli_fail("mark");
    return EXIT_OK;
}
