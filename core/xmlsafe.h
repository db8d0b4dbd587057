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

#include "core/str.h"

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

/* Where a document's bytes are: len bytes at buf, or, when buf is NULL,
 * in the open file fd, read with pread (its offset is left alone, so
 * several readers may share it). */
struct xml_src {
    const char *buf;
    size_t len;
    int fd;
};

/* Copies up to n bytes of src from offset off into dst; *got says how
 * many (fewer only at the end). 0, or -1 with err set when the file could
 * not be read. */
int xml_src_read(const struct xml_src *src, size_t off, char *dst, size_t n, size_t *got);

/* The whole of src in a malloc'd, NUL-terminated buffer the caller frees;
 * NULL with err set. */
char *xml_src_load(const struct xml_src *src);

/* A well-formed document read one element at a time (libxml2's
 * xmlTextReader over the bytes repaired as xml_read_safe repairs them, as
 * they are read), so that only the element being read and its ancestors
 * are in memory, with a piece of the document and of its repaired copy:
 * never the document whole, from memory or a file. The reader gives up as
 * soon as the document proves not well-formed (any error but a namespace
 * one): recovering from that is xml_read_safe's. */
struct xml_stream {
    struct _xmlTextReader *reader;
    struct xml_pipe *pipe; /* the repaired bytes the reader reads */
    int broken;            /* the document is not well-formed */
};

/* Opens a stream on src (borrowed, with what it points to, until
 * xml_stream_close), positioned on the root element. Returns 1 when it is
 * there; 0 when the stream cannot read the document (no root element, not
 * well-formed before it, an encoding the reader refuses): read it with
 * xml_read_safe, which also says why it fails; -1 with err set on no memory
 * or when a file could not be read. Either way s is closed unless 1 was
 * returned. */
int xml_stream_open(struct xml_stream *s, const struct xml_src *src);

/* Moves to the first child element of the current element: 1 there, 0
 * when it has none (the reader is then on its end), -1 when the stream
 * broke (s->broken) or failed. */
int xml_stream_child(struct xml_stream *s);

/* Skips the current element's subtree (freeing what was read of it) and
 * moves to the next element at depth `depth` (the current one's): 1 there,
 * 0 when the parent ends, -1 when the stream broke or failed. */
int xml_stream_next(struct xml_stream *s, int depth);

/* The current element with its attributes and namespaces, without its
 * children; or NULL when the stream broke. Valid until the next move. */
xmlNode *xml_stream_node(struct xml_stream *s);

/* The current element with its whole subtree, read now; NULL when the
 * stream broke or failed. Valid until the next move, which frees it. */
xmlNode *xml_stream_expand(struct xml_stream *s);

void xml_stream_close(struct xml_stream *s);

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
