/* html: HTML fragments (feed bodies, titles) to readable plain text. */
#ifndef BULLPEN_CORE_HTML_H
#define BULLPEN_CORE_HTML_H

#include <stddef.h>

/* Converts html (len bytes of UTF-8, need not be NUL-terminated) to plain
 * text with libxml2's HTML parser (no network, errors ignored, recovering
 * from any markup): block elements (p, div, h1-h6, li, tr, blockquote, ...)
 * become paragraph breaks ("\n\n"), <br> a newline, list items start with
 * "- ", table cells are separated by " | ", links read "text <url>" (just
 * the text when the text is the URL, or the URL is not http(s)/ftp), images
 * are left out, script/style/head content is dropped and so is what an
 * iframe, object or video holds (unless the source never closes it: then
 * the text after it is kept; <embed> holds nothing), white space is
 * collapsed (inside <pre> it is kept). When the markup gives no text at
 * all, what it shows is listed instead, a line each ("Image: ALT <URL>",
 * "Video <URL>", "Embedded <URL>", "Link <URL>"). The result is passed
 * through text_sanitize. Markup of paragraphs, line breaks and the common
 * entities only (most wire copy) is read without the parser, into the text
 * the parser's tree gives. Returns a malloc'd string ("" for empty input), or NULL
 * with err set only when memory runs out or libxml2 cannot be loaded. The
 * caller frees. */
char *html_to_text(const char *html, size_t len);

/* 1 when s (n bytes) looks like it holds HTML markup or entities ("<p>",
 * "</b>", "&amp;", "&#8217;"), else 0. Plain text such as "S&P 500" or
 * "P/E < 20" is not HTML. */
int html_looks_like(const char *s, size_t n);

/* 1 when s (n bytes) holds an HTML tag or comment ("<p>", "</b>",
 * "<!--"), else 0. Entities alone do not count: a plain-text title that
 * reads "AT&amp;T" says so on purpose. */
int html_has_tags(const char *s, size_t n);

#endif
