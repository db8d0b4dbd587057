/* feeds: the subscriptions and their fetch state. */
#ifndef BULLPEN_STORAGE_FEEDS_H
#define BULLPEN_STORAGE_FEEDS_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* Strings malloc'd or NULL; free a list with store_feed_rows_free. */
struct feed_row {
    int64_t id;
    char *url, *name, *title, *format, *tags; /* tags comma-separated */
    char *etag, *last_modified;
    int64_t added, last_fetch, last_ok, next_fetch;
    char *status, *last_error; /* status: "ok", "unchanged", "error", NULL = never */
    int fail_count;
    int64_t article_count;
    /* The feed's pace (core/schedule.h): next_fetch above is its next due
     * time, interval its adaptive interval in seconds (0: not fetched yet),
     * why what decided next_fetch ("adaptive", "max-age", "retry-after"...). */
    int64_t interval;
    char *why;
    int full_text;         /* fetch each new article's page for its text */
    char *full_text_error; /* the last pass's page failures, NULL when none */
};

/* Adds a feed: returns 1 with *id its new id, or 0 when the URL was
 * already there (*id set to the existing one), or -1 with err set. name
 * may be NULL. */
int store_feed_add(struct store *s, const char *url, const char *name, int64_t now, int64_t *id);
int store_feed_tag(struct store *s, int64_t id, const char *tag);
/* Removes the feed and its articles; returns 1 when removed, 0 when none. */
int store_feed_rm(struct store *s, int64_t id);
/* Finds a feed by id ("12") or exact URL; returns 1 found (*id set), 0 not. */
int store_feed_find(struct store *s, const char *id_or_url, int64_t *id);

/* All feeds in id order. */
int store_feed_list(struct store *s, struct feed_row **rows, size_t *n);
/* Feeds due at now (next_fetch <= now), or all when force. */
int store_feed_due(struct store *s, int64_t now, int force, struct feed_row **rows, size_t *n);
/* The feeds a fetch pass takes: on SQLite those store_feed_due gives; on
 * PostgreSQL those of them no other connection holds a lease on, each
 * leased to this connection until the unix time until (a fetcher that dies
 * keeps its feeds that long), so several fetchers at once fetch each feed
 * once. Rows as store_feed_due's; 0 or -1 with err set. */
int store_feed_claim(struct store *s, int64_t now, int force, int64_t until, struct feed_row **rows,
                     size_t *n);
/* On PostgreSQL, when the first of other fetchers' leases on the feeds due
 * at now runs out (unix time), 0 when none of them is leased; 0 on SQLite,
 * which has no leases. -1 with err set on failure. */
int64_t store_feed_leased_until(struct store *s, int64_t now);
/* Gives up this connection's leases (the pass is over). 0 or -1. */
int store_feed_release(struct store *s);
/* Feeds whose last fetch failed (status "error"), or -1 with err set. */
int64_t store_feed_errors(struct store *s);
int store_feed_get(struct store *s, int64_t id, struct feed_row *out);
void store_feed_row_clear(struct feed_row *r);
void store_feed_rows_free(struct feed_row *rows, size_t n);
int64_t store_feed_count(struct store *s);

/* Records a fetch outcome. On success (error NULL): validators kept, status
 * "ok" or "unchanged", fail_count reset, next_fetch = now + interval. On
 * failure: fail_count + 1 and next_fetch backs off exponentially (interval x
 * 2^fails, capped at a day; interval 0: due again at once). title/format
 * may be NULL (unchanged). */
int store_feed_result(struct store *s, int64_t id, int64_t now, int64_t interval, const char *error,
                      int not_modified, const char *etag, const char *last_modified,
                      const char *title, const char *format);

/* Sets the feed's next due time, adaptive interval and the reason (see
 * core/schedule.h) after a fetch. Returns 0, or -1 with err set. */
int store_feed_pace(struct store *s, int64_t id, int64_t next_due, int64_t interval,
                    const char *why);
/* Turns fetching each new article's linked page for its full text on or
 * off. Returns 1 when the feed exists, 0 when not, -1 with err set. */
int store_feed_set_full_text(struct store *s, int64_t id, int on);
/* Records the last pass's full-text failures (NULL: none). Returns 0 or -1. */
int store_feed_full_text_error(struct store *s, int64_t id, const char *error);

#endif
