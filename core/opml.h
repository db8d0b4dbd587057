/* opml: feed lists in OPML (import and export of subscriptions). */
#ifndef BULLPEN_CORE_OPML_H
#define BULLPEN_CORE_OPML_H

#include <stddef.h>

struct sbuf;

/* One feed of a list. Strings are malloc'd plain UTF-8 (sanitised, one
 * line) or NULL; the array's owner frees it with opml_free. */
struct opml_entry {
    char *url;      /* xmlUrl; never NULL */
    char *title;    /* title, else text attribute; NULL when neither */
    char *html_url; /* htmlUrl, or NULL */
    /* The enclosing folder outlines' names joined with '/' ("Markets",
     * "News/Tech"); NULL at top level. A '/' inside a name becomes '-'. */
    char *category;
    char *tags; /* the outline's own category attribute as given, or NULL */
};

/* Parses an OPML 1.0/2.0 document (len bytes) with the same safe XML reader
 * as feeds, repairing what feeds get repaired (stray '&', HTML entities,
 * control characters) but refusing a document that is not well-formed (a
 * truncated file, elements never closed): a list read in part would drop
 * the rest without a word. Every outline with an xmlUrl is an entry, in
 * document order; outlines without one are folders. Returns 0 and sets
 * *out (malloc'd array, NULL when *n is 0; free with opml_free) and *n, or
 * -1 with err set and nothing returned: "malformed OPML: WHY" with *line
 * set to the line it was found on (1-based), or "not OPML: ..." with *line
 * 0. line may be NULL; the message then names the line itself ("malformed
 * OPML at line N: WHY"). */
int opml_parse(const char *buf, size_t len, struct opml_entry **out, size_t *n, int *line);

/* Frees the n entries and the array. Safe on NULL. */
void opml_free(struct opml_entry *e, size_t n);

/* Appends an OPML 2.0 document holding the n entries to b: entries with a
 * category are nested in folder outlines (one level per path segment, in
 * order of first appearance), tags go to the category attribute. Returns
 * 0 or -1 (no memory). */
int opml_write(struct sbuf *b, const struct opml_entry *e, size_t n);

#endif
