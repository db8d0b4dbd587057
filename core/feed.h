/* feed: parsing one feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed
 * 1.0/1.1, Alpha Vantage NEWS_SENTIMENT) into articles. */
#ifndef BULLPEN_CORE_FEED_H
#define BULLPEN_CORE_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "core/article.h"

enum feed_format {
    FEED_UNKNOWN = 0,
    FEED_RSS,          /* RSS 0.91/0.92/2.0 */
    FEED_RDF,          /* RSS 1.0 */
    FEED_ATOM,         /* Atom 1.0 and 0.3 */
    FEED_JSONFEED,     /* JSON Feed 1.0/1.1 */
    FEED_ALPHAVANTAGE, /* Alpha Vantage NEWS_SENTIMENT */
};

/* A parsed document. Strings malloc'd plain text or NULL; items owned. Free
 * with feed_doc_free(). */
struct feed_doc {
    enum feed_format format;
    char *title, *link;
    char *subtitle; /* RSS description, Atom subtitle/tagline, JSON Feed description */
    char *author;   /* the feed's author or managing editor, as a name */
    char *id;       /* Atom id, RSS 1.0 channel rdf:about, JSON Feed feed_url */
    /* When the feed last changed (RSS lastBuildDate or pubDate, Atom
     * updated/modified), unix seconds UTC; has_updated 0 when not given. */
    int64_t updated;
    int has_updated;
    struct article *items;
    size_t n_items;
};

/* Parses buf (len bytes, need not be NUL-terminated) of any supported format,
 * detected from its content. `now` is the time used for items without a date
 * (their `published` is set to it and `date_missing` to 1) and their
 * `fetched`. Every item has a guid: its guid/id, else its link, else a
 * 16-hex-digit FNV-1a hash of its title and date string. Every item the
 * document holds is kept, even one whose only content is markup that gives
 * no text (an image) or that has no text at all, as long as it holds
 * something (an id, a link, a date, an enclosure); only wholly empty items
 * are left out. Text fields are plain text (HTML converted by
 * html_to_text; a title is HTML only when it has tags, so "&amp;" written
 * as text stays), sanitised (text_sanitize), titles on one line with their
 * inner spacing kept, and cut to size (title 1 KiB, summary 256 KiB,
 * content 4 MiB). Dublin Core elements (dc:title, dc:description, dc:date,
 * dc:creator) stand in for missing core ones. A document whose default
 * namespace is not the standard one for its root (a stray xmlns on <rss>,
 * an Atom 0.3 namespace variant) is read by its element names. Alpha Vantage items keep the
 * provider's overall score and label and per-ticker rows in the provider fields; their
 * time_published (YYYYMMDDTHHMMSS, no zone documented) is read as UTC. An Alpha Vantage error or
 * rate-limit reply ({"Information"|"Note"|"Error Message": ...}) fails with "Alpha Vantage:
 * <message>". Any bytes are accepted without harm. Returns 0 and fills *out (caller frees with
 * feed_doc_free), or -1 with err set ("not a feed: ...", "not a feed: malformed XML at line N:
 * ..."); *out is then empty. Thread-safe. */
int feed_parse(const char *buf, size_t len, int64_t now, struct feed_doc *out);

/* Receives the items of a feed being parsed by feed_parse_batched, a batch
 * at a time. doc holds the batch (items, n_items) and the feed's own fields
 * as far as they are known; they are final when last is 1. fn may take
 * what it keeps: the items array whole (setting doc->items to NULL and
 * n_items to 0), single items (zeroing them) or, in the last call, the
 * feed's fields (setting them to NULL); what it leaves is freed after it
 * returns. Returns 0, or -1 with err set to stop the parse. */
typedef int (*feed_batch_fn)(void *ctx, struct feed_doc *doc, int last);

/* Parses buf as feed_parse does, handing the items to fn (with ctx) in
 * batches of `batch` as they are read, then the rest in one last call
 * (made once, even with no items), so a large XML feed is never in memory
 * whole: neither its tree (the document is read an element at a time;
 * only one that is not well-formed, or whose items stand where they can
 * only be ordered as a whole, is read whole) nor its items. JSON feeds
 * are parsed whole and handed out the same way. The items, their order
 * and the feed's fields are those of feed_parse. Returns 0; or -1 with err
 * set when buf is not a feed (before any call to fn, as feed_parse fails),
 * on no memory, or when fn failed; batches already handed out stay so.
 * Thread-safe. */
int feed_parse_batched(const char *buf, size_t len, int64_t now, size_t batch, feed_batch_fn fn,
                       void *ctx);

/* feed_parse_batched over the len bytes of the open file fd (a body the
 * fetcher kept in a temporary file), read with pread from its start: an
 * XML feed is read from the file as it is parsed, so neither the document
 * nor its repaired copy is ever in memory whole (only one that must be
 * read as a tree, and a JSON feed, are read in whole). The file is the
 * caller's; it is not closed. A file that cannot be read fails the parse
 * with err set. */
int feed_parse_batched_fd(int fd, size_t len, int64_t now, size_t batch, feed_batch_fn fn,
                          void *ctx);

void feed_doc_free(struct feed_doc *doc);

/* "rss", "rdf", "atom", "jsonfeed", "alphavantage" or "unknown"; static. */
const char *feed_format_name(enum feed_format f);

#endif
