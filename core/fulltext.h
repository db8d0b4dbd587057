/* fulltext: an article's own text from its web page, for feeds that carry
 * only a headline. The page is parsed with libxml2's HTML parser (no
 * network, recovering from any markup); boilerplate is dropped (nav, header,
 * footer, aside, form, script, style, and blocks whose class or id says
 * comments, share, related, newsletter, cookie, ad...); the text is taken
 * from the <article> with the most paragraph text, else <main>, else the
 * element holding the densest run of <p>. Paragraphs, headings, list items
 * and quotes become paragraphs separated by blank lines.
 *
 * Threads: reentrant; fulltext_fetch runs core/fetch in the calling thread. */
#ifndef BULLPEN_CORE_FULLTEXT_H
#define BULLPEN_CORE_FULLTEXT_H

#include <stddef.h>

#include "core/article.h"

struct fetch_opts;
struct sbuf;

/* Shorter than this is not an article (a cookie wall, a login page). */
#define FULLTEXT_MIN_CHARS 200
/* The extracted text is cut at this many bytes. */
#define FULLTEXT_MAX_BYTES (256 * 1024)

/* Extracts the main text of html (len bytes, need not be NUL-terminated).
 * Returns a malloc'd, sanitised (text_sanitize) UTF-8 string the caller
 * frees, or NULL with err set: "no article text found" when the page has
 * under FULLTEXT_MIN_CHARS of it, "out of memory", libxml2 missing. */
char *fulltext_extract(const char *html, size_t len);

/* Fetches the linked pages (http and https only) of up to max_pages of the
 * n articles, in order, through core/fetch with options o (its politeness
 * limits apply; o NULL: defaults), and replaces each one's content with the
 * extracted text when that is longer than what the article already has.
 * An article whose page fails keeps its summary and content; each failure
 * is appended to errors (when non-NULL) as "LINK: WHY; ". Returns the number
 * of pages that failed (0 when all went well), or -1 with err set when the
 * run itself could not go on. */
int fulltext_fetch(const struct fetch_opts *o, struct article *items, size_t n, size_t max_pages,
                   struct sbuf *errors);

#endif
