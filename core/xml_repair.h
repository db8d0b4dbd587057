/* xml_repair: the bytes of an outside XML document made fit for libxml2, as
 * core/xmlsafe.h describes (UTF-16 to UTF-8, byte order mark and leading
 * space skipped, the encoding chosen, entities, stray '&', controls and
 * escape sequences repaired), either all at once or a piece at a time as
 * the parser asks for them, so that neither the document nor its repaired
 * copy need be in memory whole. Private to core/xmlsafe.c. */
#ifndef BULLPEN_CORE_XML_REPAIR_H
#define BULLPEN_CORE_XML_REPAIR_H

#include <stddef.h>

#include "core/str.h"
#include "core/xmlsafe.h"

/* How bytes at or above 0x80 are read. */
enum xenc {
    XENC_UTF8,   /* UTF-8; invalid bytes read as Windows-1252 */
    XENC_CP1252, /* every byte as Windows-1252 */
    XENC_PASS,   /* left to libxml2 and the declared encoding */
};

/* A whole document as the parsers are given it: UTF-16 turned to UTF-8, a
 * BOM and leading white space skipped, and the encoding its bytes are read
 * in. */
struct xml_input {
    struct sbuf wide; /* the UTF-8 of a UTF-16 document */
    const char *p;    /* the bytes to repair */
    size_t n;
    int u16;           /* the document was UTF-16 */
    int skipped_lines; /* line breaks skipped before p */
    enum xenc enc;
};

/* Fills in from buf (len bytes, borrowed); 0, or -1 out of memory. The
 * caller frees in->wide. */
int xml_input_read(const char *buf, size_t len, struct xml_input *in);

/* Appends the repaired copy of s (n bytes, read as enc) to out. 0, or -1
 * out of memory. */
int xml_repair(const char *s, size_t n, enum xenc enc, struct sbuf *out);

/* A document repaired as it is read, from memory or a file, for libxml2's
 * xmlReaderForIO: it holds a piece of the input and of its repaired copy
 * at a time (64 KiB and what its repair makes of it), whatever the size. */
struct xml_pipe;

/* A pipe over src (borrowed until xml_pipe_free), its start already read
 * (up to the encoding declaration) so that *enc says how its bytes are
 * read. NULL with err set when src cannot be read or memory ran out. */
struct xml_pipe *xml_pipe_new(const struct xml_src *src, enum xenc *enc);

/* xmlInputReadCallback: up to len repaired bytes into buf; the count, 0 at
 * the end, -1 when the source could not be read or memory ran out. */
int xml_pipe_read(void *pipe, char *buf, int len);

void xml_pipe_free(struct xml_pipe *p);

#endif
