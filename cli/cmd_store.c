/* bullpen store: looking after the store itself. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/clock.h"
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

struct check_out {
    const char *path;
};

static int print_problem(void *ctx, const char *problem)
{
    const struct check_out *o = ctx;
    cli_put_text(stdout, "%s: %s\n", o->path, problem);
    return 0;
}

static int store_check_cmd(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("store check");
    int index = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--index"))
            index = 1;
        else
            return cli_usage("store check", "unexpected argument '%s'", argv[i]);
    }
    /* Reading is enough for the pages and indexes; the search index's check
     * is a write command of FTS5's. */
    struct store *s = index ? cli_store(c) : cli_store_read(c);
    if (!s) return EXIT_FAIL;
    struct check_out o = {store_path(s)};
    int64_t problems;
    int64_t t0 = clock_mono_ms();
    if (store_check(s, index, print_problem, &o, &problems)) return cli_fail("store check");
    if (problems) {
        cli_put_text(stdout,
                     "%s: %s%lld problem%s found: keep a copy of the file as it is; `bullpen store "
                     "copy` copies what can still be read into a new store\n",
                     o.path, problems >= STORE_CHECK_MAX ? "at least " : "", (long long)problems,
                     problems == 1 ? "" : "s");
        return EXIT_FAIL;
    }
    cli_put_text(stdout, "%s: no problems found (%s, %.1f s)\n", o.path,
                 index ? "pages, indexes and the search index" : "pages and indexes",
                 (double)(clock_mono_ms() - t0) / 1e3);
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
    {"check", store_check_cmd},
    {"compact", store_compact_cmd},
    {"copy", store_copy_cmd},
};

int cmd_store(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "store", subs, sizeof subs / sizeof subs[0], argc, argv);
}
