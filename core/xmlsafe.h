/* xmlsafe: reading outside XML (feeds, OPML) with libxml2 safely and
 * forgivingly. Network access, DTD loading and entity expansion are off (the
 * DOCTYPE is removed before parsing, so no entity can be declared); the
 * parser recovers from ill-formed input. Before parsing, the bytes are
 * repaired: undefined HTML entities (&nbsp; &mdash; ...) become character
 * references, stray '&' becomes "&amp;", control characters, NUL bytes and
 * terminal escape sequences (raw or as character references) are removed,
 * a sequence never reaching past the next '<' or the end of an attribute
 * value, so no markup goes with it; and text that is not the UTF-8 it
 * claims to be (Latin-1 or Windows-1252 bytes) is transcoded, as is UTF-16.
 * Documents declared ISO-8859-1 are read as Windows-1252 (its superset);
 * other declared encodings are left to libxml2. */
#ifndef BULLPEN_CORE_XMLSAFE_H
#define BULLPEN_CORE_XMLSAFE_H

#include <stddef.h>

#include <libxml/tree.h>

/* Parses buf (len bytes). Returns a document with a root element, owned by
 * the caller (xmlFreeDoc), or NULL with err set ("malformed XML at line N:
 * ..."). Safe to call from several threads at once. */
xmlDoc *xml_read_safe(const char *buf, size_t len);

/* Like xml_read_safe, for files a person keeps (OPML lists), where
 * reading part of one would lose the rest without a word: a document that
 * is not well-formed once repaired (an element left open, a truncated
 * file, tags that do not match) fails too. On failure returns NULL with
 * err set ("malformed XML: WHY", the parser's first complaint) and *line
 * set to the line of buf it was found on (1-based; 0 when not known). */
xmlDoc *xml_read_strict(const char *buf, size_t len, int *line);

/* Loads libxml2 on its first call (core/xml_load.c), initialises it once
 * per process (safe from any thread) and silences its error output on the
 * calling thread; xml_read_safe, html_to_text, discover_feeds and
 * fulltext_extract call it themselves. 0, or -1 with err set to one line
 * when libxml2 cannot be loaded. */
int xml_thread_setup(void);

/* Loads libxml2 (core/dynlib.h); 0, or -1 with err set. */
int xml_load(void);

/* The text of a node, the way feeds mean it: the concatenated text and
 * CDATA of its children when it has only those, else its children
 * serialised as markup (for unescaped XHTML in a description) with
 * *markup set to 1. Returns a malloc'd string or NULL when the node is
 * empty. The caller frees. */
char *xml_node_text(xmlNode *n, int *markup);

/* 1 when the element's namespace URI is ns (NULL: no namespace) and its
 * local name is name. An element whose prefix was never declared (libxml2
 * keeps it as "prefix:name" without a namespace) matches when its name is
 * "prefix:name" with prefix the conventional one, given in qname. */
int xml_is(const xmlNode *n, const char *ns, const char *name, const char *qname);

/* An attribute's value (malloc'd, caller frees) or NULL. */
char *xml_attr(xmlNode *n, const char *name);

#endif
