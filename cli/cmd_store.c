/* bullpen store: looking after the store file itself. */
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

static const struct cli_cmd subs[] = {
    {"compact", store_compact_cmd},
};

int cmd_store(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "store", subs, sizeof subs / sizeof subs[0], argc, argv);
}
