/* discover: the feeds a web page announces, the way browsers and feed
 * readers find them: <link rel="alternate" type="..." href="..."> in the
 * page, for RSS (application/rss+xml, application/rdf+xml), Atom
 * (application/atom+xml) and JSON Feed (application/feed+json,
 * application/json). Relative hrefs are resolved against the page's <base
 * href> when it has one, else against the page's own URL. The page is read
 * with libxml2's HTML parser (no network, recovering from any markup).
 *
 * Threads: reentrant. */
#ifndef BULLPEN_CORE_DISCOVER_H
#define BULLPEN_CORE_DISCOVER_H

#include <stddef.h>

/* One announced feed. Strings malloc'd, owned by the array. */
struct discover_link {
    char *url;   /* absolute http(s) URL */
    char *type;  /* "rss", "atom" or "json" */
    char *title; /* the link's title attribute as one sanitised line, or NULL */
};

/* Finds the feeds html (len bytes, need not be NUL-terminated) links to,
 * in document order, each URL once. page_url is the absolute URL the page
 * came from (after redirects). Returns 0 and sets *out (free with
 * discover_free; NULL when *n is 0) and *n, or -1 with err set when memory
 * runs out or libxml2 cannot be loaded. A page that announces nothing is not an error: *n is 0. */
int discover_feeds(const char *html, size_t len, const char *page_url, struct discover_link **out,
                   size_t *n);

void discover_free(struct discover_link *links, size_t n);

#endif
