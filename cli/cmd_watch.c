/* bullpen watch: the watchlist. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/err.h"
#include "core/symbol.h"
#include "storage/store.h"
#include "storage/watch.h"

/* Checks every symbol before writing any, so a typo changes nothing. */
static int normalize_all(int argc, char **argv, char (*out)[SYMBOL_MAX + 1], const char *what)
{
    for (int i = 0; i < argc; i++)
        if (cli_symbol(what, "SYMBOL", argv[i], out[i])) return EXIT_USAGE;
    return 0;
}

static int watch_add_rm(struct cli *c, int argc, char **argv, int add)
{
    const char *what = add ? "watch add" : "watch rm";
    if (cli_wants_help(argc, argv)) return cli_help(what);
    /* --shared (first): on the desk's shared watchlist. */
    int shared = add && argc > 1 && !strcmp(argv[1], "--shared");
    if (shared) {
        argc--;
        argv++;
    }
    if (argc < 2) return cli_usage(what, "expected at least one SYMBOL");
    char(*syms)[SYMBOL_MAX + 1] = calloc((size_t)argc, sizeof *syms);
    if (!syms) return cli_failf(what, "out of memory");
    int rc = normalize_all(argc - 1, argv + 1, syms, what);
    struct store *s = rc ? NULL : cli_store(c);
    if (!rc && !s) rc = EXIT_FAIL;
    if (!rc && store_begin(s)) rc = cli_fail(what);
    /* Adding a watched symbol leaves things as asked: a note. Removing one
     * that is not watched is likely a typo: an error, and like a malformed
     * symbol it changes nothing (each is named). */
    int missing = 0;
    /* added[i]: syms[i] is newly watched (or no longer), confirmed once
     * committed. */
    char *added = calloc((size_t)argc, 1);
    if (!rc && !added) rc = cli_failf(what, "out of memory");
    for (int i = 0; !rc && i < argc - 1; i++) {
        int64_t now = (int64_t)time(NULL);
        int r = shared ? store_watch_share(s, syms[i], now)
                : add  ? store_watch_add(s, syms[i], now)
                       : store_watch_rm(s, syms[i]);
        if (r < 0)
            rc = cli_fail(what);
        else if (r == 0 && shared)
            cli_note("%s is on the desk's shared watchlist already", syms[i]);
        else if (r == 0 && add)
            cli_note("%s is already watched", syms[i]);
        else if (r == 0)
            missing = cli_failf(what, "%s is not watched", syms[i]);
        else
            added[i] = 1;
    }
    if (!rc) rc = missing;
    if (!rc && store_commit(s)) rc = cli_fail(what);
    if (rc && s) store_rollback(s);
    /* One line naming the symbols changed (none: nothing to confirm). */
    int first = 1;
    for (int i = 0; !rc && i < argc - 1; i++) {
        if (!added[i]) continue;
        cli_put_text(stdout, "%s%s",
                     first ? (shared ? "the desk is watching "
                              : add  ? "watching "
                                     : "no longer watching ")
                           : " ",
                     syms[i]);
        first = 0;
    }
    if (!first) cli_put_text(stdout, "\n");
    free(added);
    free(syms);
    return rc;
}

static int watch_add(struct cli *c, int argc, char **argv)
{
    return watch_add_rm(c, argc, argv, 1);
}

static int watch_rm(struct cli *c, int argc, char **argv)
{
    return watch_add_rm(c, argc, argv, 0);
}

static int watch_tag(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("watch tag");
    if (argc < 3) return cli_usage("watch tag", "expected SYMBOL and at least one TAG");
    char sym[SYMBOL_MAX + 1];
    if (cli_symbol("watch tag", "SYMBOL", argv[1], sym)) return EXIT_USAGE;
    for (int i = 2; i < argc; i++)
        if (cli_check_tag("watch tag", "TAG", argv[i][0] == '-' ? argv[i] + 1 : argv[i]))
            return EXIT_USAGE;
    struct store *s = cli_store(c);
    if (!s) return EXIT_FAIL;
    if (store_begin(s)) return cli_fail("watch tag");
    int was = store_watch_has(s, sym);
    if (was < 0) {
        store_rollback(s);
        return cli_fail("watch tag");
    }
    for (int i = 2; i < argc; i++) {
        int r = argv[i][0] == '-' ? store_watch_untag(s, sym, argv[i] + 1)
                                  : store_watch_tag(s, sym, argv[i], (int64_t)time(NULL));
        if (r < 0) {
            store_rollback(s);
            return cli_fail("watch tag");
        }
    }
    if (store_commit(s)) return cli_fail("watch tag");
    /* Tagging is a way to watch: a symbol not watched before is added, and
     * the note says so, so a typo in SYMBOL does not go unseen. */
    if (!was && store_watch_has(s, sym) == 1) {
        char tags[512] = "";
        size_t len = 0;
        int ntags = 0;
        for (int i = 2; i < argc && len < sizeof tags; i++) {
            if (argv[i][0] == '-') continue;
            int w = snprintf(tags + len, sizeof tags - len, "%s%s", ntags ? " " : "", argv[i]);
            if (w > 0) len += (size_t)w;
            ntags++;
        }
        cli_note("%s was not watched; now watched with tag%s %s", sym, ntags == 1 ? "" : "s", tags);
    }
    return EXIT_OK;
}

static int watch_list(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("watch list");
    int json, bad = cli_json_flag("watch list", argc, argv, &json);
    if (bad) return bad;
    struct store *s = cli_store_read(c);
    if (!s) return EXIT_FAIL;
    struct watch_row *rows;
    size_t n;
    if (store_watch_list(s, &rows, &n)) return cli_fail("watch list");
    int rc = EXIT_OK;
    if (json) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < n; i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "symbol", rows[i].symbol);
            cJSON *tags = cJSON_AddArrayToObject(o, "tags");
            char *save, *t = rows[i].tags;
            for (char *tok = strtok_r(t, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
                cJSON_AddItemToArray(tags, cJSON_CreateString(tok));
            if (rows[i].note)
                cJSON_AddStringToObject(o, "note", rows[i].note);
            else
                cJSON_AddNullToObject(o, "note");
            char added[32];
            cli_iso_time(rows[i].added, added);
            cJSON_AddStringToObject(o, "added", added);
            cJSON_AddItemToArray(arr, o);
        }
        if (cli_put_json(arr)) rc = cli_fail("watch list");
    } else {
        for (size_t i = 0; i < n; i++) {
            char added[32];
            cli_iso_time(rows[i].added, added);
            added[10] = '\0';
            cli_put_text(stdout, "%-10s %s  %s%s%s%s\n", rows[i].symbol, added, rows[i].tags,
                         rows[i].note ? "  " : "", rows[i].note ? rows[i].note : "",
                         rows[i].shared ? "  (shared)" : "");
        }
    }
    store_watch_rows_free(rows, n);
    return rc;
}

static const struct cli_cmd subs[] = {
    {"add", watch_add},
    {"rm", watch_rm},
    {"tag", watch_tag},
    {"list", watch_list},
};

int cmd_watch(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "watch", subs, sizeof subs / sizeof subs[0], argc, argv);
}
