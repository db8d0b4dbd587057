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
    FEED_TEXT_AUTO,  /* HTML when it looks like HTML (tags or entities) */
    FEED_TEXT_TITLE, /* HTML only when it has tags: titles and names */
};

/* Plain text from a field: converted per kind, sanitized, cut to cap; with
 * one_line, on one line with the inner spacing kept (text_one_line: titles,
 * names). Returns a malloc'd string, or NULL when s is NULL or the result
 * is empty. */
char *feed_text(const char *s, size_t n, enum feed_text_kind kind, size_t cap, int one_line);

/* A URL or identifier: sanitized, one line, trimmed, cut to cap; NULL when
 * empty. */
char *feed_text_id(const char *s, size_t cap);

/* Completes an item after a parser filled its text fields: parses
 * raw_published and raw_updated (either NULL when absent) into published
 * and updated; published falls back to the updated time, then to now with
 * date_missing set; sets fetched; guarantees guid (guid, else link, else a
 * hash of title and raw_published, or raw_updated when there is none; with
 * neither title nor date, of the summary and content too). Returns 0 or -1 (no
 * memory). */
int feed_item_finish(struct article *a, const char *raw_published, const char *raw_updated,
                     int64_t now);

/* Sets doc->updated from a raw date (NULL or unreadable: left unset). */
void feed_doc_set_updated(struct feed_doc *doc, const char *raw);

/* Appends *a to doc (taking its fields; *a is zeroed). 0 or -1. */
int feed_doc_push(struct feed_doc *doc, struct article *a);

/* Where a parse puts its items: all in the document when there is no sink;
 * with one, handed to fn in batches as they are parsed (feed_parse_batched). */
struct feed_sink {
    size_t batch;
    feed_batch_fn fn;
    void *ctx;
    size_t handed; /* items handed to fn so far */
    /* Items to leave out, as they were handed out before the parser had to
     * read the document again. */
    size_t skip;
};

/* After an item was pushed: hands doc's items to the sink's fn when they
 * make a batch, and empties doc->items (their fields are freed when fn did
 * not take them). 0, or -1 with err set when fn failed. */
int feed_sink_check(struct feed_sink *k, struct feed_doc *doc);

/* The format parsers: fill doc (zeroed by the caller) or return -1 with err
 * set; on failure doc may hold partial content the caller frees. With a
 * sink (XML only; may be NULL), items go to the sink as they are read. The
 * XML parser reads its document from src (core/xmlsafe.h: memory or a
 * file), never holding it whole unless it must be read as a tree. */
struct xml_src;
int feed_parse_xml(const struct xml_src *src, int64_t now, struct feed_doc *doc,
                   struct feed_sink *sink);
int feed_parse_json(const char *buf, size_t len, int64_t now, struct feed_doc *doc);

#endif
