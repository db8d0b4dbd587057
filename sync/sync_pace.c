/* The fetch pass's pacing and full text: each feed's next due time from what
 * its response and document said (core/schedule), and the article pages of
 * feeds that carry only headlines (core/fulltext). */
#include "sync/sync_pace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/analyze.h"
#include "core/config.h"
#include "core/err.h"
#include "core/feed.h"
#include "core/fetch.h"
#include "core/fulltext.h"
#include "core/str.h"
#include "storage/feeds.h"

/* How much of a body in a file its pace hints are looked for in. */
#define HINTS_HEAD (64 * 1024)

void sync_pace_observe(struct pace_obs *o, const struct fetch_result *r, int64_t now)
{
    memset(o, 0, sizeof *o);
    o->status = r->status;
    schedule_http_parse(&o->http, r->cache_control, r->expires, r->retry_after, r->date, now);
    /* Only a document we are going to read gives hints; an error page's
     * markup says nothing about the feed. A body handed over in a file
     * gives them from its start, where a channel says them before its
     * items: the document is not read whole for them. */
    const char *body = r->body;
    size_t len = r->len;
    char *head = NULL;
    if (!body && !r->error && r->body_file >= 0) {
        len = len < HINTS_HEAD ? len : HINTS_HEAD;
        ssize_t got = (head = malloc(len + 1)) ? pread(r->body_file, head, len, 0) : -1;
        len = got > 0 ? (size_t)got : 0;
        body = head;
    }
    if (body && schedule_hints_parse(body, len, &o->hints)) {
        memset(&o->hints, 0, sizeof o->hints);
        err_clear();
    }
    free(head);
}

void sync_pace_limits(const struct config *cfg, int64_t start, struct schedule_limits *l)
{
    l->min_interval = config_int(cfg, CFG_FETCH_MIN_INTERVAL);
    l->max_interval = config_int(cfg, CFG_FETCH_MAX_INTERVAL);
    if (l->max_interval < l->min_interval) l->max_interval = l->min_interval;
    /* A new feed starts at the floor: a wire is then at its pace from its
     * first minutes, and an idle feed's interval grows by half at each
     * fetch that brings nothing (conditional GETs, cheap for both sides). */
    l->start_interval = start > 0 ? start : l->min_interval;
    /* A feed whose host cannot be reached is tried again at least every
     * fetch.interval (or --every), so feeds come back with the network. */
    l->unreached_max = start > 0 ? start : config_int(cfg, CFG_FETCH_INTERVAL);
}

int sync_pace_record(struct store *s, const struct schedule_limits *l, int64_t id,
                     const struct feed_row *prior, const struct pace_obs *o, int failed,
                     int new_items, int64_t now)
{
    struct schedule_in in = {
        .now = now,
        .outcome = schedule_outcome_of(o->status, failed, new_items),
        .interval = prior ? prior->interval : 0,
        .fails = prior ? prior->fail_count : 0,
        .http = o->http,
        .hints = o->hints,
    };
    struct schedule_out out;
    schedule_next(l, &in, &out);
    return store_feed_pace(s, id, out.next_due, out.interval, out.why);
}

struct pace_index {
    size_t n;
    const struct feed_row **by_id;
};

static int by_id(const void *a, const void *b)
{
    int64_t x = (*(const struct feed_row *const *)a)->id;
    int64_t y = (*(const struct feed_row *const *)b)->id;
    return (x > y) - (x < y);
}

struct pace_index *sync_pace_index(const struct feed_row *rows, size_t n)
{
    struct pace_index *ix = calloc(1, sizeof *ix);
    if (!ix || !(ix->by_id = calloc(n ? n : 1, sizeof *ix->by_id))) {
        free(ix);
        err_set("out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        ix->by_id[i] = &rows[i];
    ix->n = n;
    qsort(ix->by_id, n, sizeof *ix->by_id, by_id);
    return ix;
}

const struct feed_row *sync_pace_find(const struct pace_index *ix, int64_t id)
{
    if (!ix) return NULL;
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->by_id[mid]->id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ix->n && ix->by_id[lo]->id == id ? ix->by_id[lo] : NULL;
}

void sync_pace_index_free(struct pace_index *ix)
{
    if (!ix) return;
    free(ix->by_id);
    free(ix);
}

int sync_pace_full_text(struct store *s, const struct config *cfg, const struct analyzer *an,
                        const struct fetch_opts *o, int64_t id, struct feed_doc *doc,
                        struct analysis **out)
{
    *out = NULL;
    struct sbuf errors = {0};
    size_t pages = (size_t)config_int(cfg, CFG_FETCH_FULL_TEXT_PAGES);
    int failed = fulltext_fetch(o, doc->items, doc->n_items, pages, &errors);
    if (failed < 0) {
        /* The pages could not be fetched at all: the summaries stand. */
        sbuf_free(&errors);
        if (sbuf_printf(&errors, "%s", err_msg())) return err_set("out of memory");
        failed = 1;
    }
    if (failed) {
        /* "2 of 5 pages failed: URL: why; ..." on the feed, for feeds list
         * and the feed view. */
        char msg[512];
        size_t tried = doc->n_items < pages ? doc->n_items : pages;
        if (errors.len >= 2 && errors.p[errors.len - 2] == ';') errors.p[errors.len - 2] = '\0';
        snprintf(msg, sizeof msg, "%d of %zu page%s failed: %s", failed, tried,
                 tried == 1 ? "" : "s", errors.p ? errors.p : "");
        store_feed_full_text_error(s, id, msg);
    } else if (doc->n_items) {
        store_feed_full_text_error(s, id, NULL);
    }
    sbuf_free(&errors);
    if (!an || !doc->n_items) return 0;
    struct analysis *a = calloc(doc->n_items, sizeof *a);
    if (!a) return err_set("out of memory");
    struct sbuf text = {0};
    for (size_t i = 0; i < doc->n_items; i++) {
        if (analyzer_run_article(an, &doc->items[i], &text, &a[i])) {
            for (size_t k = 0; k < i; k++)
                analysis_free(&a[k]);
            free(a);
            sbuf_free(&text);
            return err_set("out of memory");
        }
    }
    sbuf_free(&text);
    *out = a;
    return 0;
}

int64_t sync_pace_earliest(const struct feed_row *rows, size_t n)
{
    int64_t t = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || rows[i].next_fetch < t) t = rows[i].next_fetch;
    /* A feed never scheduled (0) is due now; 0 itself means "no feeds". */
    return n && t < 1 ? 1 : t;
}
