/* bullpen demo: (re)builds the bundled demo store, and the first-run logic
 * that opens it when the user has no store and no config of their own. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/analyze.h"
#include "core/clock.h"
#include "core/article.h"
#include "core/demo.h"
#include "core/err.h"
#include "core/paths.h"
#include "core/str.h"
#include "storage/articles.h"
#include "storage/prices.h"
#include "storage/feeds.h"
#include "storage/store.h"
#include "storage/watch.h"

#define DEMO_DAYS 365

struct build {
    struct store *s;
    const struct analyzer *an;
    int64_t feed_ids[DEMO_N_SOURCES];
    int64_t end_day, now;
    double cost[16]; /* per demo position: the close on its cost day */
    long n;
};

static int on_price(void *ctx, const char *symbol, int64_t day, double close)
{
    struct build *b = ctx;
    for (size_t i = 0; i < demo_n_positions && i < 16; i++)
        if (!strcmp(demo_positions[i].symbol, symbol) &&
            day <= b->end_day - demo_positions[i].cost_days_ago)
            b->cost[i] = close; /* the last close on or before the cost day */
    struct price_row row = {.day = day, .close = close};
    snprintf(row.symbol, sizeof row.symbol, "%s", symbol);
    return store_prices_put(b->s, &row, 1) < 0 ? -1 : 0;
}

static int on_article(void *ctx, const struct article *src, int source)
{
    struct build *b = ctx;
    struct article a = *src;
    a.feed_id = b->feed_ids[source];
    struct sbuf text = {0};
    struct analysis an;
    int rc = analyzer_run_article(b->an, &a, &text, &an);
    sbuf_free(&text);
    if (rc) return -1;
    rc = store_article_insert(b->s, &a, &an);
    analysis_free(&an);
    if (rc < 0) return -1;
    /* What a reader who keeps up would see: the last two days unread, a
     * handful of stories starred. */
    b->n++;
    int unread = a.published >= b->now - 2 * 86400;
    int starred = b->n % 89 == 0;
    if (rc == 1 && (!unread || starred) && store_article_set_flags(b->s, a.id, unread, starred))
        return -1;
    return 0;
}

static int fill_store(struct build *b)
{
    struct store *s = b->s;
    for (int i = 0; i < DEMO_N_SOURCES; i++) {
        char url[128];
        snprintf(url, sizeof url, "https://demo.bullpen.invalid/%s.xml", demo_source_slugs[i]);
        if (store_feed_add(s, url, demo_source_names[i], b->now, &b->feed_ids[i]) < 0) return -1;
        if (!b->feed_ids[i] && store_feed_find(s, url, &b->feed_ids[i]) != 1) return -1;
    }
    struct demo_sink sink = {on_article, on_price, b};
    if (demo_generate(b->now, DEMO_DAYS, &sink)) return -1;
    for (int i = 0; i < DEMO_N_SOURCES; i++)
        if (store_feed_result(s, b->feed_ids[i], b->now, 900, NULL, 0, NULL, NULL,
                              demo_source_names[i], "rss"))
            return -1;
    for (size_t i = 0; i < demo_n_watchlist; i++)
        if (store_watch_tag(s, demo_watchlist[i].symbol, demo_watchlist[i].tag, b->now)) return -1;
    for (size_t i = 0; i < demo_n_positions && i < 16; i++) {
        char opened[11];
        time_t t = (time_t)((b->end_day - demo_positions[i].cost_days_ago) * 86400);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(opened, sizeof opened, "%Y-%m-%d", &tm);
        if (store_position_add(s, demo_positions[i].symbol, demo_positions[i].quantity, &b->cost[i],
                               opened, b->now))
            return -1;
    }
    return store_meta_set(s, "demo", "1");
}

/* Removes a store that no connection has open: the .building file of this
 * process, or one an interrupted build left behind. */
static void unlink_store(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < 4; i++) {
        char *p = malloc(strlen(path) + 10);
        if (!p) return;
        sprintf(p, "%s%s", path, suffix[i]);
        unlink(p);
        free(p);
    }
}

int cli_demo_build(struct cli *c, const char *path)
{
    const struct analyzer *an = cli_analyzer(c);
    if (!an) return -1;
    if (paths_mkdir_parent(path)) return -1;
    /* Built beside the target, so an interrupted build never leaves a
     * half-written demo behind. */
    struct sbuf tmp = {0};
    if (sbuf_printf(&tmp, "%s.building", path)) return err_set("out of memory");
    unlink_store(tmp.p);
    struct build b = {.an = an};
    b.now = clock_now(); /* BULLPEN_NOW makes a demo store that tests can compare */
    b.end_day = b.now / 86400;
    b.s = store_open(tmp.p, 0);
    int rc = b.s ? 0 : -1;
    if (!rc) rc = store_begin(b.s);
    if (!rc) {
        rc = fill_store(&b);
        if (rc)
            store_rollback(b.s);
        else
            rc = store_commit(b.s);
    }
    if (b.s) store_close(b.s);
    /* A new demo is renamed into place. One that exists may be open in a
     * workstation: its contents are replaced through SQLite instead, since
     * deleting its WAL and renaming over it would leave that process
     * writing to files no one else sees. */
    struct stat sb;
    if (!rc && stat(path, &sb) == 0)
        rc = store_replace(path, tmp.p);
    else if (!rc && rename(tmp.p, path))
        rc = err_set("cannot rename %s: %s", tmp.p, strerror(errno));
    unlink_store(tmp.p);
    sbuf_free(&tmp);
    return rc;
}

char *cli_demo_path(void)
{
    char *def = paths_data_file();
    if (!def) return NULL;
    char *slash = strrchr(def, '/');
    struct sbuf b = {0};
    if (sbuf_add(&b, def, slash ? (size_t)(slash - def + 1) : 0) || sbuf_adds(&b, "demo.db")) {
        free(def);
        sbuf_free(&b);
        err_set("out of memory");
        return NULL;
    }
    free(def);
    return sbuf_take(&b);
}

/* The demo on a PostgreSQL store: built in a temporary file as on SQLite,
 * then copied in (store_copy), into an empty database only, so that a
 * desk's own articles never mix with the demo's. Returns 0 or -1 with err
 * set. */
static int demo_to_server(struct cli *c, const char *url)
{
    struct store *dst = store_open(url, 0);
    if (!dst) return -1;
    if (!store_is_empty(dst)) {
        store_close(dst);
        return err_set("%s holds feeds or articles already; the demo goes into an empty database",
                       url);
    }
    const char *dir = getenv("TMPDIR");
    struct sbuf tmp = {0};
    if (sbuf_printf(&tmp, "%s/bullpen-demo-%ld.db", dir && *dir ? dir : "/tmp", (long)getpid())) {
        store_close(dst);
        return err_set("out of memory");
    }
    int rc = cli_demo_build(c, tmp.p);
    struct store *src = rc ? NULL : store_open(tmp.p, STORE_READONLY);
    if (!rc && !src) rc = -1;
    struct store_copy_result r;
    if (src) rc = store_copy(src, dst, &r);
    if (src) store_close(src);
    store_close(dst);
    unlink_store(tmp.p);
    sbuf_free(&tmp);
    return rc;
}

int cmd_demo(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("demo");
    const char *path = c->db_path;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc && argv[i + 1][0])
            path = argv[++i];
        else if (!strncmp(argv[i], "--db=", 5) && argv[i][5])
            path = argv[i] + 5;
        else
            return cli_usage("demo", "unexpected argument '%s'", argv[i]);
    }
    char *def = NULL;
    if (!path && !(path = def = cli_demo_path())) return cli_fail("demo");
    if (c->store && !strcmp(store_path(c->store), path))
        return cli_failf("demo", "%s is open", path);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = store_is_server(path) ? demo_to_server(c, path) : cli_demo_build(c, path);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc) {
        rc = cli_fail("demo");
    } else {
        double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        cli_put_text(stdout, "demo store written to %s in %.0f ms\n", path, ms);
    }
    free(def);
    return rc;
}
