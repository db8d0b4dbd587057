/* bullpen store: looking after the store itself. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "storage/store.h"

static double mb(int64_t bytes)
{
    return (double)bytes / 1e6;
}

static int store_compact_cmd(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("store compact");
    if (argc > 1) return cli_usage("store compact", "unexpected argument '%s'", argv[1]);
    struct store *s = cli_store(c);
    if (!s) return EXIT_FAIL;
    struct store_compact_result r;
    if (store_compact(s, &r)) return cli_fail("store compact");
    cli_put_text(stdout, "%s: %.1f MB before (%.1f MB of it free), %.1f MB after\n", store_path(s),
                 mb(r.before), mb(r.free_before), mb(r.after));
    if (r.waiting)
        cli_put_text(stdout,
                     "another process is still reading the store as it was: the file "
                     "(%.1f MB now) shrinks once it moves on\n",
                     mb(r.file));
    return EXIT_OK;
}

static int store_copy_cmd(struct cli *c, int argc, char **argv)
{
    (void)c;
    if (cli_wants_help(argc, argv)) return cli_help("store copy");
    if (argc != 3) return cli_usage("store copy", "expected SRC and DST");
    struct store *src = store_open(argv[1], STORE_READONLY);
    if (!src) return cli_fail("store copy");
    struct store *dst = store_open(argv[2], 0);
    if (!dst) {
        store_close(src);
        return cli_fail("store copy");
    }
    struct store_copy_result r;
    int rc = store_copy(src, dst, &r);
    /* What was committed before a failure stays: say so too. */
    for (int k = 0; k < STORE_COPY_KINDS; k++)
        cli_put_text(stdout, "%-19s %lld added, %lld already there\n", store_copy_kinds[k],
                     (long long)r.added[k], (long long)r.skipped[k]);
    store_close(src);
    store_close(dst);
    return rc ? cli_fail("store copy") : EXIT_OK;
}

static const struct cli_cmd subs[] = {
    {"compact", store_compact_cmd},
    {"copy", store_copy_cmd},
};

int cmd_store(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "store", subs, sizeof subs / sizeof subs[0], argc, argv);
}
