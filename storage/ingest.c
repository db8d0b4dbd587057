#include "storage/ingest.h"

#include "core/analyze.h"
#include "core/err.h"
#include "core/fault.h"
#include "core/feed.h"
#include "storage/alerts.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/store.h"

int store_feed_ingest(struct store *s, struct ingest_feed *in, struct feed_doc *doc,
                      const struct analysis *an, int *added, int *fired)
{
    *added = *fired = 0;
    int new_articles = 0, events = 0;
    int64_t given = in->feed_id;
    /* Inside the caller's transaction, the feed is a part of it, and its
     * failure ends that transaction. */
    int part = store_in_txn(s);
    if (!part && store_begin(s)) return -1;
    if (!in->feed_id && (!in->url || store_feed_add(s, in->url, NULL, in->now, &in->feed_id) < 0)) {
        if (!in->url) err_set("no feed to store into");
        goto fail;
    }
    for (size_t i = 0; i < doc->n_items; i++) {
        struct article *a = &doc->items[i];
        const struct analysis *ai = an ? &an[i] : NULL;
        a->feed_id = in->feed_id;
        int rc = store_article_insert(s, a, ai);
        if (rc < 0) goto fail;
        if (rc == 1) {
            int f = store_alerts_check(s, a, ai);
            if (f < 0) goto fail;
            events += f;
        }
        new_articles += rc;
    }
    if ((!in->items_only &&
         store_feed_result(s, in->feed_id, in->now, in->interval, NULL, 0, in->etag,
                           in->last_modified, doc->title, feed_format_name(doc->format))) ||
        (!part && store_commit(s)))
        goto fail;
    *added = new_articles;
    *fired = events;
    if (!part) fault_crash_point(in->items_only ? "batch-committed" : "feed-committed");
    return 0;
fail:
    store_rollback(s);
    in->feed_id = given; /* a feed added here was rolled back with the rest */
    return -1;
}
