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
#include "cli/feed_check.h"
#include "core/clock.h"
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
    if (cli_wants_help(argc, argv)) return cli_help("feeds add");
    static const struct option opts[] = {
        {"name", required_argument, 0, 'n'}, {"tag", required_argument, 0, 't'},
        {"full-text", no_argument, 0, 'f'},  {"list", no_argument, 0, 'l'},
        {"no-check", no_argument, 0, 'k'},   {0, 0, 0, 0}};
    const char *name = NULL;
    const char *tags[32];
    int ntags = 0, o, full_text = 0, list = 0, no_check = 0;
    cli_getopt_reset();
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'n') {
            if (cli_check_arg("feeds add", "--name", optarg)) return EXIT_USAGE;
            name = optarg;
        } else if (o == 't') {
            if (cli_check_tag("feeds add", "--tag", optarg)) return EXIT_USAGE;
            if (ntags == 32) return cli_usage("feeds add", "too many tags");
            tags[ntags++] = optarg;
        } else if (o == 'f' || o == 'l' || o == 'k') {
            *(o == 'f' ? &full_text : o == 'l' ? &list : &no_check) = 1;
        } else {
            return cli_usage("feeds add", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != 1) return cli_usage("feeds add", "expected one URL");
    const char *url = argv[optind];
    if (cli_check_arg("feeds add", "URL", url)) return EXIT_USAGE;
    if (cli_check_feed_url(url)) return cli_usage("feeds add", "%s", err_msg());
    if (list && no_check) return cli_usage("feeds add", "--list needs to fetch the URL");
    /* The store first (unless only listing): a read-only one is refused
     * before anything goes over the network. */
    struct store *s = list ? NULL : cli_store(c);
    if (!list && !s) return EXIT_FAIL;
    char *found = NULL;
    if (!no_check) {
        int rc = cli_feed_check(c, url, list, &found);
        if (rc != EXIT_OK || list) return rc;
        url = found;
    }
    int64_t id;
    if (store_begin(s)) {
        free(found);
        return cli_fail("feeds add");
    }
    int r = store_feed_add(s, url, name, clock_now(), &id);
    /* A second add would leave --name unused and could not print a new id:
     * an error, and nothing changes (no tags either). */
    if (r == 0) {
        store_rollback(s);
        int rc = cli_failf("feeds add", "%s is already feed %lld", url, (long long)id);
        free(found);
        return rc;
    }
    for (int i = 0; r >= 0 && i < ntags; i++)
        if (store_feed_tag(s, id, tags[i])) r = -1;
    if (r >= 0 && full_text && store_feed_set_full_text(s, id, 1) < 0) r = -1;
    if (r < 0 || store_commit(s)) {
        store_rollback(s);
        free(found);
        return cli_fail("feeds add");
    }
    printf("%lld\n", (long long)id);
    free(found);
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

/* The feed's pace and full-text state in feeds list --json. */
static void add_pace(cJSON *o, const struct feed_row *r)
{
    char buf[32];
    if (r->next_fetch > 0) {
        cli_iso_time(r->next_fetch, buf);
        cJSON_AddStringToObject(o, "next_due", buf);
    } else {
        /* never scheduled: due at once */
        cJSON_AddNullToObject(o, "next_due");
    }
    cJSON_AddNumberToObject(o, "interval", (double)r->interval);
    add_str(o, "next_due_why", r->why);
    cJSON_AddBoolToObject(o, "full_text", r->full_text);
    add_str(o, "full_text_error", r->full_text_error);
}

/* "      next: 2026-01-02 10:15 (in 4m, max-age), full text" under the feed. */
static void print_pace(const struct feed_row *r)
{
    if (strncmp(r->url, "http://", 7) && strncmp(r->url, "https://", 8)) {
        printf("\n      imported from a file; not fetched");
        return;
    }
    char when[32] = "now", in[32] = "";
    int64_t d = r->next_fetch - clock_now();
    if (r->next_fetch > 0 && d > 0) {
        cli_iso_time(r->next_fetch, when);
        when[16] = '\0';
        when[10] = ' ';
        if (d < 120)
            snprintf(in, sizeof in, "in %llds", (long long)d);
        else if (d < 7200)
            snprintf(in, sizeof in, "in %lldm", (long long)(d / 60));
        else
            snprintf(in, sizeof in, "in %lldh", (long long)(d / 3600));
    }
    cli_put_text(stdout, "\n      next: %s%s%s%s%s%s", when, in[0] || r->why ? " (" : "", in,
                 in[0] && r->why ? ", " : "", r->why ? r->why : "", in[0] || r->why ? ")" : "");
    if (r->full_text) printf(", full text");
    if (r->full_text_error) cli_put_text(stdout, "\n      full text: %s", r->full_text_error);
}

static int feeds_list(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("feeds list");
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
            add_pace(o, r);
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
            cli_put_text(stdout, "%4lld  %-9s %-16s %6lld  %s%s%s%s", (long long)r->id,
                         r->status ? r->status : "new", when, (long long)r->article_count,
                         r->name    ? r->name
                         : r->title ? r->title
                                    : r->url,
                         named ? "  <" : "", named ? r->url : "", named ? ">" : "");
            if (r->last_error) cli_put_text(stdout, "\n      error: %s", r->last_error);
            print_pace(r);
            putchar('\n');
        }
    }
    store_feed_rows_free(rows, n);
    return rc;
}

static int feeds_rm(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("feeds rm");
    if (argc != 2) return cli_usage("feeds rm", "expected one URL or ID");
    if (cli_check_arg("feeds rm", "URL|ID", argv[1])) return EXIT_USAGE;
    struct store *s = cli_store(c);
    if (!s) return EXIT_FAIL;
    int64_t id;
    int r = store_feed_find(s, argv[1], &id);
    if (r < 0) return cli_fail("feeds rm");
    if (r == 0) return cli_failf("feeds rm", "no feed '%s' (see bullpen feeds list)", argv[1]);
    /* Read what is removed in the same transaction, so the line is true. */
    struct feed_row f = {0};
    if (store_begin(s)) return cli_fail("feeds rm");
    if ((r = store_feed_get(s, id, &f)) <= 0) {
        store_rollback(s);
        return r < 0 ? cli_fail("feeds rm")
                     : cli_failf("feeds rm", "no feed '%s' (see bullpen feeds list)", argv[1]);
    }
    if (store_feed_rm(s, id) < 0 || store_commit(s)) {
        store_rollback(s);
        store_feed_row_clear(&f);
        return cli_fail("feeds rm");
    }
    const char *name = f.name ? f.name : f.title ? f.title : f.url;
    cli_put_text(stdout, "removed feed %lld (%s) and its %lld article%s\n", (long long)id,
                 name ? name : "", (long long)f.article_count, f.article_count == 1 ? "" : "s");
    store_feed_row_clear(&f);
    return EXIT_OK;
}

static int feeds_import(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("feeds import");
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
        int r = store_feed_add(s, e[i].url, e[i].title, clock_now(), &id);
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
    if (cli_wants_help(argc, argv)) return cli_help("feeds export");
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

static int feeds_set(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("feeds set");
    static const struct option opts[] = {{"full-text", required_argument, 0, 'f'}, {0, 0, 0, 0}};
    int o, on = -1;
    cli_getopt_reset();
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o != 'f')
            return cli_usage("feeds set", "unknown or incomplete option '%s'", argv[optind - 1]);
        if (!strcasecmp(optarg, "on") || !strcasecmp(optarg, "true") || !strcmp(optarg, "1"))
            on = 1;
        else if (!strcasecmp(optarg, "off") || !strcasecmp(optarg, "false") || !strcmp(optarg, "0"))
            on = 0;
        else
            return cli_usage("feeds set", "--full-text: '%s' is not on or off", optarg);
    }
    if (argc - optind != 1) return cli_usage("feeds set", "expected one URL or ID");
    if (on < 0) return cli_usage("feeds set", "nothing to set (--full-text on|off)");
    struct store *s = cli_store(c);
    if (!s) return EXIT_FAIL;
    int64_t id;
    int r = store_feed_find(s, argv[optind], &id);
    if (r < 0) return cli_fail("feeds set");
    if (r == 0)
        return cli_failf("feeds set", "no feed '%s' (see bullpen feeds list)", argv[optind]);
    if (store_feed_set_full_text(s, id, on) < 0) return cli_fail("feeds set");
    return EXIT_OK;
}

static const struct cli_cmd subs[] = {
    {"add", feeds_add},
    {"set", feeds_set},
    {"list", feeds_list},
    {"rm", feeds_rm},
    {"import", feeds_import},
    {"export", feeds_export},
};

int cmd_feeds(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "feeds", subs, sizeof subs / sizeof subs[0], argc, argv);
}
