/* bullpen feeds: subscriptions. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/err.h"
#include "core/opml.h"
#include "core/str.h"
#include "core/utf8.h"
#include "storage/feeds.h"
#include "storage/store.h"

int cli_check_feed_url(const char *url)
{
    if (text_check(url, strlen(url))) return err_prefix("'%s'", url);
    if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8))
        return err_set("'%s' is not an http:// or https:// URL", url);
    const char *host = strstr(url, "://") + 3;
    if (!*host || *host == '/') return err_set("'%s' has no host", url);
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f)
            return err_set("'%s' contains spaces or control characters", url);
    return 0;
}

static int feeds_add(struct cli *c, int argc, char **argv)
{
    static const char *usage = "usage: bullpen feeds add URL [--name NAME] [--tag TAG]...\n";
    if (cli_wants_help(argc, argv)) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    static const struct option opts[] = {
        {"name", required_argument, 0, 'n'}, {"tag", required_argument, 0, 't'}, {0, 0, 0, 0}};
    const char *name = NULL;
    const char *tags[32];
    int ntags = 0, o;
    cli_getopt_reset();
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'n') {
            if (cli_check_arg("feeds add", "--name", optarg)) return EXIT_USAGE;
            name = optarg;
        } else if (o == 't') {
            if (cli_check_tag("feeds add", "--tag", optarg)) return EXIT_USAGE;
            if (ntags == 32) return cli_usage("feeds add", "too many tags");
            tags[ntags++] = optarg;
        } else {
            return cli_usage("feeds add", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != 1) return cli_usage("feeds add", "expected one URL");
    const char *url = argv[optind];
    if (cli_check_arg("feeds add", "URL", url)) return EXIT_USAGE;
    if (cli_check_feed_url(url)) return cli_usage("feeds add", "%s", err_msg());
    struct store *s = cli_store(c);
    if (!s) return EXIT_FAIL;
    int64_t id;
    if (store_begin(s)) return cli_fail("feeds add");
    int r = store_feed_add(s, url, name, (int64_t)time(NULL), &id);
    /* A second add would leave --name unused and could not print a new id:
     * an error, and nothing changes (no tags either). */
    if (r == 0) {
        store_rollback(s);
        return cli_failf("feeds add", "%s is already feed %lld", url, (long long)id);
    }
    for (int i = 0; r >= 0 && i < ntags; i++)
        if (store_feed_tag(s, id, tags[i])) r = -1;
    if (r < 0 || store_commit(s)) {
        store_rollback(s);
        return cli_fail("feeds add");
    }
    printf("%lld\n", (long long)id);
    return EXIT_OK;
}

static void add_time(cJSON *o, const char *k, int64_t t)
{
    if (t) {
        char buf[32];
        cli_iso_time(t, buf);
        cJSON_AddStringToObject(o, k, buf);
    } else {
        cJSON_AddNullToObject(o, k);
    }
}

static void add_str(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static int feeds_list(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: bullpen feeds list [--json]\n"
               "Each feed with its last fetch, status, last error and article count.\n");
        return EXIT_OK;
    }
    int json, bad = cli_json_flag("feeds list", argc, argv, &json);
    if (bad) return bad;
    struct store *s = cli_store_read(c);
    if (!s) return EXIT_FAIL;
    struct feed_row *rows;
    size_t n;
    if (store_feed_list(s, &rows, &n)) return cli_fail("feeds list");
    int rc = EXIT_OK;
    if (json) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < n; i++) {
            struct feed_row *r = &rows[i];
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "id", (double)r->id);
            cJSON_AddStringToObject(o, "url", r->url);
            add_str(o, "name", r->name);
            add_str(o, "title", r->title);
            add_str(o, "format", r->format);
            cJSON *tags = cJSON_AddArrayToObject(o, "tags");
            char *save;
            for (char *t = r->tags ? strtok_r(r->tags, ",", &save) : NULL; t;
                 t = strtok_r(NULL, ",", &save))
                cJSON_AddItemToArray(tags, cJSON_CreateString(t));
            add_time(o, "last_fetch", r->last_fetch);
            add_time(o, "last_ok", r->last_ok);
            add_time(o, "next_fetch", r->next_fetch);
            add_str(o, "status", r->status);
            add_str(o, "last_error", r->last_error);
            cJSON_AddNumberToObject(o, "failures", r->fail_count);
            cJSON_AddNumberToObject(o, "articles", (double)r->article_count);
            cJSON_AddItemToArray(arr, o);
        }
        if (cli_put_json(arr)) rc = cli_fail("feeds list");
    } else {
        for (size_t i = 0; i < n; i++) {
            struct feed_row *r = &rows[i];
            char when[32] = "never";
            if (r->last_fetch) {
                cli_iso_time(r->last_fetch, when);
                when[16] = '\0';
                when[10] = ' ';
            }
            int named = r->name || r->title;
            cli_put_text(stdout, "%4lld  %-9s %-16s %6lld  %s%s%s%s\n", (long long)r->id,
                         r->status ? r->status : "new", when, (long long)r->article_count,
                         r->name    ? r->name
                         : r->title ? r->title
                                    : r->url,
                         named ? "  <" : "", named ? r->url : "", named ? ">" : "");
            if (r->last_error) cli_put_text(stdout, "      error: %s\n", r->last_error);
        }
    }
    store_feed_rows_free(rows, n);
    return rc;
}

static int feeds_rm(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: bullpen feeds rm URL|ID\nRemoves the feed and the articles it brought.\n");
        return EXIT_OK;
    }
    if (argc != 2) return cli_usage("feeds rm", "expected one URL or ID");
    if (cli_check_arg("feeds rm", "URL|ID", argv[1])) return EXIT_USAGE;
    struct store *s = cli_store(c);
    if (!s) return EXIT_FAIL;
    int64_t id;
    int r = store_feed_find(s, argv[1], &id);
    if (r < 0) return cli_fail("feeds rm");
    if (r == 0) return cli_failf("feeds rm", "no feed '%s' (see bullpen feeds list)", argv[1]);
    if (store_feed_rm(s, id) < 0) return cli_fail("feeds rm");
    return EXIT_OK;
}

static int feeds_import(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: bullpen feeds import FILE.opml\n"
               "Subscribes to every feed in an OPML file; folders become tags. Feeds already\n"
               "subscribed are left as they are.\n");
        return EXIT_OK;
    }
    if (argc != 2) return cli_usage("feeds import", "expected one FILE");
    size_t len;
    char *buf = file_read_all(argv[1], 64u << 20, &len);
    if (!buf) return cli_fail(argv[1]);
    struct opml_entry *e;
    size_t n;
    int line;
    int rc = opml_parse(buf, len, &e, &n, &line);
    free(buf);
    /* A broken file imports nothing: half a list would look like a whole
     * one. The line is named the way compilers do, FILE:LINE. */
    if (rc && line > 0) {
        struct sbuf where = {0};
        if (sbuf_printf(&where, "%s:%d", argv[1], line)) return cli_fail(argv[1]);
        rc = cli_fail(where.p);
        sbuf_free(&where);
        return rc;
    }
    if (rc) return cli_fail(argv[1]);
    struct store *s = cli_store(c);
    if (!s) {
        opml_free(e, n);
        return EXIT_FAIL;
    }
    int added = 0, skipped = 0;
    rc = store_begin(s) ? cli_fail("feeds import") : EXIT_OK;
    for (size_t i = 0; rc == EXIT_OK && i < n; i++) {
        if (cli_check_feed_url(e[i].url)) {
            cli_note("feeds import: skipped: %s", err_msg());
            skipped++;
            continue;
        }
        int64_t id;
        int r = store_feed_add(s, e[i].url, e[i].title, (int64_t)time(NULL), &id);
        if (r < 0) {
            rc = cli_fail("feeds import");
            break;
        }
        added += r;
        /* Folder "Markets/US" gives tags "markets" and "us". */
        char *cat = e[i].category ? xstrdup(e[i].category) : NULL, *save;
        for (char *t = cat ? strtok_r(cat, "/", &save) : NULL; r > 0 && t;
             t = strtok_r(NULL, "/", &save)) {
            for (char *q = t; *q; q++)
                *q = (*q == ' ' || *q == ',') ? '-' : (char)tolower((unsigned char)*q);
            if (cli_valid_tag(t) && store_feed_tag(s, id, t)) rc = cli_fail("feeds import");
        }
        free(cat);
    }
    if (rc == EXIT_OK && store_commit(s)) rc = cli_fail("feeds import");
    if (rc != EXIT_OK)
        store_rollback(s);
    else
        cli_put_text(stdout, "%d feed%s added, %zu already there%s\n", added, added == 1 ? "" : "s",
                     n - (size_t)added - (size_t)skipped, skipped ? ", some skipped" : "");
    opml_free(e, n);
    return rc;
}

static int feeds_export(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: bullpen feeds export\nWrites every feed as OPML 2.0 to stdout.\n");
        return EXIT_OK;
    }
    if (argc > 1) return cli_usage("feeds export", "unexpected argument '%s'", argv[1]);
    struct store *s = cli_store_read(c);
    if (!s) return EXIT_FAIL;
    struct feed_row *rows;
    size_t n;
    if (store_feed_list(s, &rows, &n)) return cli_fail("feeds export");
    struct opml_entry *e = calloc(n ? n : 1, sizeof *e);
    struct sbuf b = {0};
    int rc = EXIT_OK;
    if (!e) {
        rc = cli_failf("feeds export", "out of memory");
    } else {
        for (size_t i = 0; i < n; i++) {
            e[i].url = rows[i].url;
            e[i].title = rows[i].name ? rows[i].name : rows[i].title;
            e[i].tags = rows[i].tags;
        }
        if (opml_write(&b, e, n))
            rc = cli_failf("feeds export", "out of memory");
        else
            fwrite(b.p, 1, b.len, stdout);
    }
    free(e);
    sbuf_free(&b);
    store_feed_rows_free(rows, n);
    return rc;
}

static const struct cli_cmd subs[] = {
    {"add", feeds_add, "feeds add URL [--name NAME] [--tag TAG]...", "Subscribe to a feed"},
    {"list", feeds_list, "feeds list [--json]", "Feeds with their fetch state"},
    {"rm", feeds_rm, "feeds rm URL|ID", "Unsubscribe (and drop its articles)"},
    {"import", feeds_import, "feeds import FILE.opml", "Subscribe to the feeds of an OPML file"},
    {"export", feeds_export, "feeds export", "Write the feeds as OPML 2.0"},
};

int cmd_feeds(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "feeds", subs, sizeof subs / sizeof subs[0], argc, argv);
}
