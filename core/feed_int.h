/* feed_int: what the feed parsers (feed_xml.c, feed_json.c) share. Not for
 * use outside core/feed*.c. */
#ifndef BULLPEN_CORE_FEED_INT_H
#define BULLPEN_CORE_FEED_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/feed.h"

/* Size caps on what one item keeps, in bytes of UTF-8 output. Bigger input
 * is cut on a code point boundary, never rejected. */
#define FEED_CAP_TITLE 1024
#define FEED_CAP_LINK 4096
#define FEED_CAP_GUID 2048
#define FEED_CAP_AUTHOR 512
#define FEED_CAP_SUMMARY (256 * 1024)
#define FEED_CAP_CONTENT (4 * 1024 * 1024)
/* Input to the HTML converter is cut first, so a huge field costs bounded
 * work: markup rarely shrinks text by more than this factor. */
#define FEED_RAW_FACTOR 8

enum feed_text_kind {
    FEED_TEXT_PLAIN, /* take as is */
    FEED_TEXT_HTML,  /* HTML: convert */
    FEED_TEXT_AUTO,  /* HTML when it looks like HTML */
};

/* Plain text from a field: converted per kind, sanitized, cut to cap; with
 * one_line, white space folded to single spaces (titles, names). Returns a
 * malloc'd string, or NULL when s is NULL or the result is empty. */
char *feed_text(const char *s, size_t n, enum feed_text_kind kind, size_t cap, int one_line);

/* A URL or identifier: sanitized, one line, trimmed, cut to cap; NULL when
 * empty. */
char *feed_text_id(const char *s, size_t cap);

/* Completes an item after a parser filled its text fields: parses
 * raw_date (NULL when the item has none) into published, or sets published
 * to now and date_missing; sets fetched; guarantees guid (guid, else link,
 * else a hash of title and raw date). Returns 0 or -1 (no memory). */
int feed_item_finish(struct article *a, const char *raw_date, int64_t now);

/* Appends *a to doc (taking its fields; *a is zeroed). 0 or -1. */
int feed_doc_push(struct feed_doc *doc, struct article *a);

/* The format parsers: fill doc (zeroed by the caller) or return -1 with err
 * set; on failure doc may hold partial content the caller frees. */
int feed_parse_xml(const char *buf, size_t len, int64_t now, struct feed_doc *doc);
int feed_parse_json(const char *buf, size_t len, int64_t now, struct feed_doc *doc);

#endif
