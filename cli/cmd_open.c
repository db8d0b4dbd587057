/* bullpen open: the workstation. On a first run (no --db, no store and no
 * config of the user's own) it opens the bundled demo store, building it on
 * first use, so a newcomer sees a working desk at once. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/config.h"
#include "core/err.h"
#include "core/paths.h"
#include "storage/store.h"
#include "tui/keymap.h"
#include "tui/tui.h"

static const char demo_hint[] = "demo store: add feeds with: bullpen feeds add URL";
static const char readonly_hint[] = "store is read-only: reading only, no fetching or changes";

/* The demo store's path when this is a first run, else NULL. */
static char *first_run_demo(struct cli *c, int *failed)
{
    *failed = 0;
    if (c->db_path || config_path(c->cfg)) return NULL;
    char *def = paths_data_file();
    if (!def) return NULL;
    int have = access(def, F_OK) == 0;
    free(def);
    if (have) return NULL;
    char *demo = cli_demo_path();
    if (!demo) {
        *failed = 1;
        return NULL;
    }
    if (access(demo, F_OK) != 0 && cli_demo_build(c, demo)) {
        free(demo);
        *failed = 1;
        return NULL;
    }
    return demo;
}

/* The keys in force, the config's bindings included, as the help overlay
 * lists them: one "KEY<TAB>ACTION<TAB>HELP" line per key, "(unbound)" for
 * an action with none, so a script can check a config or drive the
 * workstation with the keys a user would press. */
static int print_keys(struct cli *c)
{
    setlocale(LC_CTYPE, ""); /* a key bound to a non-ASCII character prints as itself */
    if (keymap_init(c->cfg)) return cli_fail("keys");
    for (int a = 1; a < ACT_N; a++) {
        char keys[256];
        keymap_keys_of((enum action)a, keys, sizeof keys);
        char *save = NULL;
        int any = 0;
        /* Key names hold no spaces (the space bar is "Space"). */
        for (char *k = strtok_r(keys, " ", &save); k; k = strtok_r(NULL, " ", &save), any = 1)
            printf("%s\t%s\t%s\n", k, keymap_actions[a].name, keymap_actions[a].help);
        if (!any) printf("(unbound)\t%s\t%s\n", keymap_actions[a].name, keymap_actions[a].help);
    }
    keymap_free();
    return fflush(stdout) ? cli_failf("keys", "cannot write the list") : EXIT_OK;
}

int cmd_open(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("open");
    if (argc == 2 && !strcmp(argv[1], "--keys")) return print_keys(c);
    if (argc > 1) return cli_usage("open", "unexpected argument '%s'", argv[1]);
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return cli_failf("open", "the workstation needs a terminal (try 'bullpen articles')");
    int failed;
    char *demo = first_run_demo(c, &failed);
    if (failed) return cli_fail("demo");
    if (demo) c->db_path = demo;
    int rc = EXIT_OK;
    /* The analyser (7 to 10 ms of tables) is built while the store opens
     * and the terminal starts: the detail pane needs it for the first
     * frame. */
    cli_analyzer_start(c);
    struct store *s = cli_store_browse(c);
    if (!s) {
        rc = EXIT_FAIL;
        goto out;
    }
    /* A keypress never waits long for a server that has gone quiet. */
    store_set_interactive(s);
    char *is_demo = store_meta_get(s, "demo");
    /* Without the analyser tickers are still found by symbol. */
    const struct analyzer *an = cli_analyzer(c);
    const char *hint = is_demo ? demo_hint : store_is_readonly(s) ? readonly_hint : NULL;
    /* The workstation loads and sets up libcurl when it starts its fetcher
     * (tui/fetcher.c, after the first frame) or a note request
     * (tui/note.c), on its own thread before the one that uses it. */
    if (tui_run(s, c->cfg, an, store_target(s), hint)) rc = cli_fail("open");
    free(is_demo);
out:
    if (demo) c->db_path = NULL;
    free(demo);
    return rc;
}
