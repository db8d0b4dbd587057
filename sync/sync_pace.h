/* sync_pace: the fetch pass's side of per-feed pacing and full text, kept
 * out of sync.c's pass machinery. Internal to sync/.
 *
 * Threads: sync_pace_observe runs in the transfer thread; sync_pace_record
 * and sync_pace_full_text in whichever thread owns the store connection (the
 * pass's worker). The index is read-only once built and may be shared. */
#ifndef BULLPEN_SYNC_SYNC_PACE_H
#define BULLPEN_SYNC_SYNC_PACE_H

#include <stddef.h>
#include <stdint.h>

#include "core/schedule.h"

struct analysis;
struct analyzer;
struct config;
struct feed_doc;
struct feed_row;
struct fetch_opts;
struct fetch_result;
struct store;

/* What one response said about the feed's pace. Plain data, no pointers. */
struct pace_obs {
    long status;
    struct schedule_http http;
    struct schedule_hints hints;
};

/* Reads r's headers and, for a 2xx body, the feed's own hints. Never fails:
 * what cannot be read is left out. */
void sync_pace_observe(struct pace_obs *o, const struct fetch_result *r, int64_t now);

/* The limits from the config: fetch.min_interval, fetch.max_interval (raised
 * to the floor when set below it) and start (a new feed's interval; 0: the
 * floor). */
void sync_pace_limits(const struct config *cfg, int64_t start, struct schedule_limits *l);

/* Computes the feed's next due time from its state before this fetch
 * (prior: interval and fail_count; NULL: a feed not seen yet) and what the
 * fetch brought, and stores it. Returns 0 or -1 with err set. */
int sync_pace_record(struct store *s, const struct schedule_limits *l, int64_t id,
                     const struct feed_row *prior, const struct pace_obs *o, int failed,
                     int new_items, int64_t now);

/* Feed rows by id, for the pass's callbacks (rows stay the caller's). */
struct pace_index;
struct pace_index *sync_pace_index(const struct feed_row *rows, size_t n);
const struct feed_row *sync_pace_find(const struct pace_index *ix, int64_t id);
void sync_pace_index_free(struct pace_index *ix);

/* For a feed with full text on: fetches the pages of doc's items (up to
 * fetch.full_text_pages, through o), analyses every item into a fresh array
 * *out (doc->n_items entries, the caller frees each with analysis_free and
 * the array with free) and records the failures on the feed. Items whose
 * page failed keep their summary. Returns 0 or -1 with err set (memory). */
int sync_pace_full_text(struct store *s, const struct config *cfg, const struct analyzer *an,
                        const struct fetch_opts *o, int64_t id, struct feed_doc *doc,
                        struct analysis **out);

/* The earliest next_fetch among rows (at least 1), or 0 when there are none. */
int64_t sync_pace_earliest(const struct feed_row *rows, size_t n);

#endif
