/* feeds add's look at the URL: a feed, or a page that announces feeds. */
#include "cli/feed_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/discover.h"
#include "core/err.h"
#include "core/feed.h"
#include "core/fetch.h"
#include "core/str.h"
#include "core/utf8.h"

/* Adding a feed should not hang on a slow site: it is checked within this
 * many seconds (or fetch.timeout when shorter). */
#define CHECK_TIMEOUT_S 20

/* One struct for fetch_run's callback: the body and where it ended up. */
struct got {
    char *body, *final_url, *error;
    size_t len;
};

static int got_one(void *ctx, const struct fetch_result *r)
{
    struct got *g = ctx;
    g->final_url = xstrdup(r->final_url);
    if (r->error || !r->body) {
        g->error = xstrdup(r->error ? r->error : "no body");
    } else if ((g->body = malloc(r->len + 1))) {
        memcpy(g->body, r->body, r->len + 1);
        g->len = r->len;
    } else {
        g->error = xstrdup("out of memory");
    }
    return 0;
}

/* A URL from a page is shown as the user will see it in feeds list: one
 * line, no controls (curl has already refused spaces and controls). */
static void print_link(FILE *f, const struct discover_link *l)
{
    cli_put_text(f, "%s\t%s\t%s\n", l->url, l->type, l->title ? l->title : "");
}

int cli_feed_check(struct cli *c, const char *url, int list, char **feed)
{
    *feed = NULL;
    if (fetch_global_init()) return cli_fail("feeds add");
    struct fetch_opts fo;
    fetch_opts_default(&fo);
    long t = config_int(c->cfg, CFG_FETCH_TIMEOUT);
    fo.total_timeout_ms = (t < CHECK_TIMEOUT_S ? t : CHECK_TIMEOUT_S) * 1000;
    fo.max_body = (size_t)config_int(c->cfg, CFG_FETCH_MAX_BODY_MB) << 20;
    if (*config_str(c->cfg, CFG_FETCH_USER_AGENT))
        fo.user_agent = config_str(c->cfg, CFG_FETCH_USER_AGENT);
    struct fetch_req req = {.url = url};
    struct got g = {0};
    int rc = fetch_run(&fo, &req, 1, got_one, &g);
    if (rc < 0 || (!g.body && !g.error)) g.error = xstrdup(rc < 0 ? err_msg() : "stopped");
    int out = EXIT_OK;
    if (g.error) {
        char *why = text_single_line(g.error, strlen(g.error));
        if (list) {
            out = cli_failf("feeds add", "%s: %s", url, why ? why : "could not fetch");
        } else {
            /* A note, not an error: the feed is added and the status is 0. */
            cli_note("feeds add: %s could not be checked (%s); subscribed as it is", url,
                     why ? why : "could not fetch");
            *feed = xstrdup(url);
        }
        free(why);
        goto done;
    }
    struct feed_doc doc;
    if (feed_parse(g.body, g.len, clock_now(), &doc) == 0) {
        feed_doc_free(&doc);
        if (list) {
            struct discover_link self = {.url = (char *)url, .type = "feed"};
            print_link(stdout, &self);
        } else {
            *feed = xstrdup(url);
        }
        goto done;
    }
    char *not_feed = xstrdup(err_msg());
    struct discover_link *links;
    size_t n;
    if (discover_feeds(g.body, g.len, g.final_url ? g.final_url : url, &links, &n)) {
        free(not_feed);
        out = cli_fail("feeds add");
        goto done;
    }
    if (n == 0) {
        out = cli_failf("feeds add",
                        "%s is not a feed (%s) and announces none (no <link rel=\"alternate\">)",
                        url, not_feed ? not_feed : "unknown format");
    } else if (list) {
        for (size_t i = 0; i < n; i++)
            print_link(stdout, &links[i]);
    } else {
        *feed = xstrdup(links[0].url);
        cli_note("feeds add: %s is a web page; subscribing to its %s feed %s%s%s%s", url,
                 links[0].type, links[0].url, links[0].title ? " (" : "",
                 links[0].title ? links[0].title : "", links[0].title ? ")" : "");
        for (size_t i = 1; i < n; i++)
            cli_note("feeds add: it also announces %s %s%s%s%s", links[i].type, links[i].url,
                     links[i].title ? " (" : "", links[i].title ? links[i].title : "",
                     links[i].title ? ")" : "");
    }
    free(not_feed);
    discover_free(links, n);
done:
    if (out == EXIT_OK && !list && !*feed) out = cli_failf("feeds add", "out of memory");
    free(g.body);
    free(g.final_url);
    free(g.error);
    return out;
}
