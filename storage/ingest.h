/* ingest: storing one parsed feed, the one path by which articles enter the
 * store from outside: `fetch` (sync/sync.c) and `import` (cli) both come
 * through here, so both check alerts and both keep the same all-or-nothing
 * transaction. */
#ifndef BULLPEN_STORAGE_INGEST_H
#define BULLPEN_STORAGE_INGEST_H

#include <stdint.h>

struct store;
struct feed_doc;
struct analysis;

/* Where a parsed feed goes and the feed state it leaves. Strings are
 * borrowed for the call. */
struct ingest_feed {
    int64_t feed_id;                  /* the feed; 0: find or add url, in the same transaction */
    const char *url;                  /* with feed_id 0 */
    int64_t now;                      /* recorded as the feed's last fetch */
    int64_t interval;                 /* seconds until the feed is due again */
    const char *etag, *last_modified; /* the response's validators; NULL: none */
    /* More of the feed's items follow in a later call: store these (and
     * their alert events) only, leaving the feed's state as it is. */
    int items_only;
};

/* Stores every item of doc, each with its analysis an[i] (an may be NULL:
 * the items are then marked for analysis), checks each new article against
 * the alert rules (storing pending events), and records the feed's title,
 * format, validators and success, all in one transaction: either all of it
 * lands or none of it, so validators never get ahead of the articles they
 * cover and an alert event exists exactly when its article does. The items'
 * feed_id and id are set. Delivering the events is the caller's next step
 * (store_alerts_deliver), after this commit. On success in->feed_id is set,
 * *added is the number of new articles and *fired the number of events
 * stored; returns 0, or -1 with err set and nothing stored. Called inside
 * an open transaction, the feed is a part of it (store.h): it is
 * committed, and its events may be delivered, only with that transaction,
 * and its failure rolls the whole transaction back (the other feeds in it
 * are then not stored either). With in->items_only, the feed's title, format,
 * validators and result are left for the call with its last items. */
int store_feed_ingest(struct store *s, struct ingest_feed *in, struct feed_doc *doc,
                      const struct analysis *an, int *added, int *fired);

#endif
