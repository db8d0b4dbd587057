/* feed_same: what the feed tests and fuzz/fuzz_feed_diff.c share to compare
 * two parses of one feed: taking the feed's fields from the last batch, and
 * finding the first difference between two documents. Header only, with no
 * test framework, so the fuzz target can use it too. */
#ifndef BULLPEN_TESTS_FEED_SAME_H
#define BULLPEN_TESTS_FEED_SAME_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/feed.h"

/* Moves the feed's fields of d (the document of a last batch) into dst. */
static inline void feed_same_take_fields(struct feed_doc *dst, struct feed_doc *d)
{
    dst->format = d->format;
    dst->title = d->title, d->title = NULL;
    dst->link = d->link, d->link = NULL;
    dst->subtitle = d->subtitle, d->subtitle = NULL;
    dst->author = d->author, d->author = NULL;
    dst->id = d->id, d->id = NULL;
    dst->updated = d->updated, dst->has_updated = d->has_updated;
}

static inline int feed_same_str(const char *a, const char *b, const char *what, size_t i, char *why,
                                size_t n)
{
    if ((a == NULL) == (b == NULL) && (!a || strcmp(a, b) == 0)) return 0;
    snprintf(why, n, "%s of item %zu: \"%.200s\" against \"%.200s\"", what, i, a ? a : "(null)",
             b ? b : "(null)");
    return 1;
}

static inline int feed_same_int(int64_t a, int64_t b, const char *what, size_t i, char *why,
                                size_t n)
{
    if (a == b) return 0;
    snprintf(why, n, "%s of item %zu: %lld against %lld", what, i, (long long)a, (long long)b);
    return 1;
}

/* 1 with the first difference between got and want written to why (n
 * bytes): the count, then every item's fields in order (the provider's
 * label and tickers left out), then the feed's; 0 when they agree. */
static inline int feed_same_differ(const struct feed_doc *got, const struct feed_doc *want,
                                   char *why, size_t n)
{
    if (got->n_items != want->n_items) {
        snprintf(why, n, "%zu items against %zu", got->n_items, want->n_items);
        return 1;
    }
    for (size_t i = 0; i < want->n_items; i++) {
        const struct article *a = &got->items[i], *b = &want->items[i];
        if (feed_same_str(a->guid, b->guid, "guid", i, why, n) ||
            feed_same_str(a->title, b->title, "title", i, why, n) ||
            feed_same_str(a->link, b->link, "link", i, why, n) ||
            feed_same_str(a->author, b->author, "author", i, why, n) ||
            feed_same_str(a->summary, b->summary, "summary", i, why, n) ||
            feed_same_str(a->content, b->content, "content", i, why, n) ||
            feed_same_int(a->published, b->published, "published", i, why, n) ||
            feed_same_int(a->date_missing, b->date_missing, "date_missing", i, why, n) ||
            feed_same_int(a->updated, b->updated, "updated", i, why, n) ||
            feed_same_int(a->has_updated, b->has_updated, "has_updated", i, why, n) ||
            feed_same_int(a->fetched, b->fetched, "fetched", i, why, n) ||
            feed_same_int(a->has_provider, b->has_provider, "has_provider", i, why, n) ||
            feed_same_int(a->provider_score != b->provider_score, 0, "provider_score", i, why, n))
            return 1;
    }
    return feed_same_str(feed_format_name(got->format), feed_format_name(want->format),
                         "feed format", 0, why, n) ||
           feed_same_str(got->title, want->title, "feed title", 0, why, n) ||
           feed_same_str(got->link, want->link, "feed link", 0, why, n) ||
           feed_same_str(got->subtitle, want->subtitle, "feed subtitle", 0, why, n) ||
           feed_same_str(got->author, want->author, "feed author", 0, why, n) ||
           feed_same_str(got->id, want->id, "feed id", 0, why, n) ||
           feed_same_int(got->has_updated, want->has_updated, "feed has_updated", 0, why, n) ||
           feed_same_int(got->updated, want->updated, "feed updated", 0, why, n);
}

#endif
