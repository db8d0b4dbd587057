#include "core/xmlsafe.h"
#include "core/err.h"
#include "core/str.h"
#include "core/utf8.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

/* How bytes at or above 0x80 are read. */
enum xenc {
    XENC_UTF8,   /* UTF-8; invalid bytes read as Windows-1252 */
    XENC_CP1252, /* every byte as Windows-1252 */
    XENC_PASS,   /* left to libxml2 and the declared encoding */
};

static int add_cp(struct sbuf *b, uint32_t cp)
{
    char tmp[4];
    return sbuf_add(b, tmp, utf8_encode(cp, tmp));
}

static int xml_char_ok(uint32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* UTF-16 (by BOM, or by the NUL pattern of "<?") to UTF-8. Returns 1 and
 * fills out when the input is UTF-16, 0 when it is not, -1 on no memory. */
static int from_utf16(const unsigned char *p, size_t n, struct sbuf *out)
{
    int be;
    size_t i = 0;
    if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE)
        be = 0, i = 2;
    else if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        be = 1, i = 2;
    else if (n >= 4 && p[0] == '<' && p[1] == 0 && p[2] != 0 && p[3] == 0)
        be = 0;
    else if (n >= 4 && p[0] == 0 && p[1] == '<' && p[2] == 0 && p[3] != 0)
        be = 1;
    else
        return 0;
    for (; i + 1 < n; i += 2) {
        uint32_t u = be ? (uint32_t)(p[i] << 8 | p[i + 1]) : (uint32_t)(p[i + 1] << 8 | p[i]);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
            uint32_t lo =
                be ? (uint32_t)(p[i + 2] << 8 | p[i + 3]) : (uint32_t)(p[i + 3] << 8 | p[i + 2]);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (add_cp(out, u)) return -1;
    }
    return 1;
}

/* The encoding named in the XML declaration, lower-cased into enc. */
static void declared_encoding(const char *p, size_t n, char *enc, size_t encsz)
{
    enc[0] = '\0';
    if (n < 5 || strncmp(p, "<?xml", 5) != 0) return;
    const char *end = memchr(p, '>', n < 512 ? n : 512);
    if (!end) return;
    const char *e = p;
    while (e < end && (e = memchr(e, 'e', (size_t)(end - e))) != NULL) {
        if ((size_t)(end - e) > 8 && strncmp(e, "encoding", 8) == 0) break;
        e++;
    }
    if (!e || e >= end) return;
    e += 8;
    while (e < end && (*e == ' ' || *e == '=' || *e == '\t'))
        e++;
    if (e >= end || (*e != '"' && *e != '\'')) return;
    char q = *e++;
    size_t k = 0;
    while (e < end && *e != q && k + 1 < encsz)
        enc[k++] = (char)tolower((unsigned char)*e++);
    enc[k] = '\0';
}

static enum xenc pick_encoding(const char *enc)
{
    if (!enc[0] || strcmp(enc, "utf-8") == 0 || strcmp(enc, "utf8") == 0 ||
        strcmp(enc, "us-ascii") == 0 || strcmp(enc, "ascii") == 0 || strcmp(enc, "utf-16") == 0)
        return XENC_UTF8;
    if (strcmp(enc, "iso-8859-1") == 0 || strcmp(enc, "iso8859-1") == 0 ||
        strcmp(enc, "iso_8859-1") == 0 || strcmp(enc, "latin1") == 0 ||
        strcmp(enc, "latin-1") == 0 || strcmp(enc, "l1") == 0 || strcmp(enc, "windows-1252") == 0 ||
        strcmp(enc, "cp1252") == 0 || strcmp(enc, "x-cp1252") == 0)
        return XENC_CP1252;
    return XENC_PASS;
}

/* Where a '&' starts something XML accepts, how long it is; 0 otherwise.
 * Sets *cp for a character reference and copies an entity name into name. */
static size_t ref_len(const char *p, size_t n, uint32_t *cp, char *name, size_t namesz)
{
    size_t i = 1;
    *cp = 0;
    name[0] = '\0';
    if (i < n && p[i] == '#') {
        i++;
        int hex = i < n && (p[i] == 'x' || p[i] == 'X');
        if (hex) i++;
        size_t d = i;
        uint32_t v = 0;
        while (i < n && i - d < 8 &&
               (hex ? isxdigit((unsigned char)p[i]) : isdigit((unsigned char)p[i]))) {
            int dv = isdigit((unsigned char)p[i]) ? p[i] - '0'
                                                  : (tolower((unsigned char)p[i]) - 'a' + 10);
            v = v * (hex ? 16 : 10) + (uint32_t)dv;
            i++;
        }
        if (i == d || i >= n || p[i] != ';') return 0;
        *cp = v;
        return i + 1;
    }
    size_t d = i;
    while (i < n && i - d < 32 &&
           (isalnum((unsigned char)p[i]) || (i > d && (p[i] == '.' || p[i] == '-' || p[i] == '_'))))
        i++;
    if (i == d || i >= n || p[i] != ';' || !isalpha((unsigned char)p[d])) return 0;
    size_t k = i - d < namesz - 1 ? i - d : namesz - 1;
    memcpy(name, p + d, k);
    name[k] = '\0';
    return i + 1;
}

/* The value an entity reference stands for, for the escape scanner only. */
static uint32_t entity_value(const char *name)
{
    static const struct {
        const char *name;
        uint32_t cp;
    } xml[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
    for (size_t i = 0; i < sizeof xml / sizeof xml[0]; i++)
        if (!strcmp(name, xml[i].name)) return xml[i].cp;
    const htmlEntityDesc *ent = htmlEntityLookup((const xmlChar *)name);
    return ent ? ent->value : '&';
}

/* Drops a DOCTYPE whole, internal subset included (no entity declarations,
 * no external DTD), keeping its line breaks so that the parser's line
 * numbers still count the file's lines. Returns where it ends. */
static size_t drop_doctype(const char *s, size_t n, size_t i, struct sbuf *out, int *rc)
{
    int depth = 0;
    char quote = 0;
    for (i += 9; i < n; i++) {
        char d = s[i];
        if (d == '\n') *rc = *rc || sbuf_addc(out, '\n');
        if (quote) {
            if (d == quote) quote = 0;
        } else if (d == '"' || d == '\'') {
            quote = d;
        } else if (d == '[') {
            depth++;
        } else if (d == ']') {
            depth--;
        } else if (d == '>' && depth <= 0) {
            return i + 1;
        }
    }
    return i;
}

/* Copies the document into out, repairing it as the header describes.
 * Escape sequences are dropped whole, but one never extends across markup:
 * it ends at every '<' (also when written "&lt;": escaped HTML is markup
 * too, one step later), and inside a tag at the quote that closes an
 * attribute value or at '>'. Otherwise a stray introducer in one title
 * (an OSC never terminated) would take the rest of the document with it. */
static int repair(const char *s, size_t n, enum xenc enc, struct sbuf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    enum { TEXT, TAG, CDATA, COMMENT } state = TEXT;
    char quote = 0;
    struct esc_scan esc = {0};
    /* The repaired copy is the input and a few escapes: room for that at
     * once, where doubling would leave up to half of a large feed's copy
     * unused (8 MB of a 24 MB feed). */
    int rc = sbuf_reserve(out, n + n / 32 + 64);
    while (i < n && rc == 0) {
        unsigned char c = p[i];
        if (c == '<') esc_scan_end(&esc);
        if (state == TEXT && c == '<') {
            if (n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
                state = CDATA;
                rc = sbuf_add(out, s + i, 9);
                i += 9;
            } else if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
                state = COMMENT;
                rc = sbuf_add(out, s + i, 4);
                i += 4;
            } else if (n - i >= 9 && memcmp(s + i, "<!DOCTYPE", 9) == 0) {
                i = drop_doctype(s, n, i, out, &rc);
            } else {
                state = TAG;
                quote = 0;
                rc = sbuf_addc(out, '<');
                i++;
            }
            continue;
        }
        if (state == TAG && (c == '"' || c == '\'' || c == '>' || c == '<')) {
            esc_scan_end(&esc);
            if (c == '<') {
                /* No '<' belongs in a tag: this one starts the next, and a
                 * stray quote cannot hide the markup after it. */
                state = TEXT;
                continue;
            }
            if (quote) {
                if (c == (unsigned char)quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = (char)c;
            } else {
                state = TEXT;
            }
            rc = sbuf_addc(out, (char)c);
            i++;
            continue;
        }
        if (state == CDATA && c == ']' && n - i >= 3 && memcmp(s + i, "]]>", 3) == 0) {
            state = TEXT;
            esc_scan_end(&esc);
            rc = sbuf_add(out, s + i, 3);
            i += 3;
            continue;
        }
        if (state == COMMENT && c == '-' && n - i >= 3 && memcmp(s + i, "-->", 3) == 0) {
            state = TEXT;
            rc = sbuf_add(out, s + i, 3);
            i += 3;
            continue;
        }
        /* Comments are never shown: their controls are dropped one by one,
         * with no sequence to follow. Elsewhere every character goes through
         * the escape scanner while a sequence is open. */
        struct esc_scan *e = state == COMMENT ? NULL : &esc;
        if (c == '&' && (state == TEXT || state == TAG)) {
            uint32_t cp;
            char name[40];
            size_t k = ref_len(s + i, n - i, &cp, name, sizeof name);
            if (k == 0) {
                if (!(e && esc_scan_feed(e, '&'))) rc = sbuf_adds(out, "&amp;");
                i++;
            } else if (name[0]) {
                const htmlEntityDesc *ent;
                if (!strcmp(name, "lt")) esc_scan_end(&esc); /* markup once unescaped */
                if (e && esc_scan_open(e) && esc_scan_feed(e, entity_value(name)))
                    ; /* inside a sequence */
                else if (!strcmp(name, "amp") || !strcmp(name, "lt") || !strcmp(name, "gt") ||
                         !strcmp(name, "quot") || !strcmp(name, "apos"))
                    rc = sbuf_add(out, s + i, k);
                else if ((ent = htmlEntityLookup((const xmlChar *)name)) != NULL)
                    rc = sbuf_printf(out, "&#%u;", ent->value);
                else
                    rc = sbuf_printf(out, "&amp;%s;", name);
                i += k;
            } else {
                i += k;
                if (cp >= 0x80 && cp < 0xA0) cp = utf8_cp1252((unsigned char)cp);
                if (cp == '<') esc_scan_end(&esc);
                if (e && esc_scan_feed(e, cp))
                    ; /* ESC, or inside a sequence */
                else if (xml_char_ok(cp))
                    rc = sbuf_printf(out, "&#%u;", cp);
            }
            continue;
        }
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
            if (e) esc_scan_feed(e, c);
            i++; /* not XML characters */
            continue;
        }
        if (c < 0x80 || enc == XENC_PASS) {
            if (e && esc_scan_open(e)) {
                if (c >= 0x80 || !esc_scan_feed(e, c)) rc = sbuf_addc(out, (char)c);
                i++;
                continue;
            }
            size_t j = i + 1;
            while (j < n && p[j] >= 0x20 && p[j] != '&' && p[j] != '<' && p[j] != '>' &&
                   p[j] != '"' && p[j] != '\'' && p[j] != ']' && p[j] != '-' && p[j] != 0x7F &&
                   (p[j] < 0x80 || enc == XENC_PASS))
                j++;
            rc = sbuf_add(out, s + i, j - i);
            i = j;
            continue;
        }
        uint32_t cp = 0;
        size_t k = 1;
        if (enc == XENC_UTF8) k = utf8_decode(s + i, n - i, &cp);
        if (enc != XENC_UTF8 || (cp == UTF8_REPLACEMENT && k == 1)) {
            cp = utf8_cp1252(c); /* not UTF-8: read as Windows-1252 */
            k = 1;
        }
        i += k;
        if (cp == 0xFFFE || cp == 0xFFFF || (e && esc_scan_feed(e, cp))) continue;
        rc = k > 1 ? sbuf_add(out, s + i - k, k) : add_cp(out, cp);
    }
    return rc;
}

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* What went wrong first in a document: later errors are often only the
 * consequences (every element left open at a truncation). */
struct problem {
    int found;
    int line;
    char why[256];
};

/* The thread's structured error handler: quiet, and when a read is under
 * way (ctx is its struct problem) it keeps the first error. */
static void on_error(void *ctx, xmlErrorPtr e)
{
    struct problem *p = ctx;
    if (!p || !e || p->found || e->level < XML_ERR_ERROR) return;
    p->found = 1;
    p->line = e->line;
    snprintf(p->why, sizeof p->why, "%s", e->message ? e->message : "malformed");
    size_t k = strlen(p->why);
    while (k && (p->why[k - 1] == '\n' || p->why[k - 1] == ' '))
        p->why[--k] = '\0';
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libxml(void)
{
    xmlInitParser();
}

/* How both parsers read the repaired bytes: never the network, recovering
 * from what they can, silent, CDATA as text, no size limit of their own. */
#define READ_OPTS                                                                                  \
    (XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |               \
     XML_PARSE_NOCDATA | XML_PARSE_HUGE)

/* One parse of the repaired bytes. Fails (NULL, p filled) when there is no
 * root element, or, when strict, when the document was not well-formed.
 * Repaired bytes are UTF-8 (or, without XML_PARSE_IGNORE_ENC in extra, an
 * encoding libxml2 reads from the declaration). No encoding is named to the
 * parser: naming UTF-8 made libxml2 copy the whole document through its
 * UTF-8 "converter", twice the body's size at once (49 MB for a 24 MB
 * feed); unnamed, it reads the bytes where they are. */
static xmlDoc *read_doc(const char *buf, size_t len, int extra, int strict, struct problem *p)
{
    memset(p, 0, sizeof *p);
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        snprintf(p->why, sizeof p->why, "out of memory");
        return NULL;
    }
    int opts = READ_OPTS | extra;
    xmlSetStructuredErrorFunc(p, on_error);
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, buf, (int)len, NULL, NULL, opts);
    xmlSetStructuredErrorFunc(NULL, on_error);
    int bad = !doc || !xmlDocGetRootElement(doc) || (strict && !ctxt->wellFormed);
    if (bad && !p->found) {
        p->line = ctxt->lastError.line;
        snprintf(p->why, sizeof p->why, "%s",
                 ctxt->lastError.message ? ctxt->lastError.message : "no root element");
        size_t k = strlen(p->why);
        while (k && (p->why[k - 1] == '\n' || p->why[k - 1] == ' '))
            p->why[--k] = '\0';
    }
    if (bad && doc) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

int xml_thread_setup(void)
{
    if (xml_load()) return -1;
    pthread_once(&init_once, init_libxml);
    /* Error handlers are per thread in libxml2: silence this thread's. */
    xmlSetGenericErrorFunc(NULL, silent);
    xmlSetStructuredErrorFunc(NULL, on_error);
    return 0;
}

/* xml_read_safe and xml_read_strict. */
/* A document as both parsers are given it: UTF-16 turned to UTF-8, a BOM
 * and leading white space skipped, and the encoding its bytes are read in. */
struct input {
    struct sbuf wide; /* the UTF-8 of a UTF-16 document */
    const char *p;    /* the bytes to repair */
    size_t n;
    int u16;           /* the document was UTF-16 */
    int skipped_lines; /* line breaks skipped before p */
    enum xenc enc;
};

/* Fills in from buf (len bytes, borrowed); 0, or -1 out of memory. The
 * caller frees in->wide. */
static int input_read(const char *buf, size_t len, struct input *in)
{
    memset(in, 0, sizeof *in);
    in->p = buf;
    in->n = len;
    in->u16 = from_utf16((const unsigned char *)buf, len, &in->wide);
    if (in->u16 < 0) return -1;
    if (in->u16) in->p = in->wide.p ? in->wide.p : "", in->n = in->wide.len;
    if (in->n >= 3 && memcmp(in->p, "\xEF\xBB\xBF", 3) == 0) in->p += 3, in->n -= 3;
    /* Lines skipped here are added back to the parser's line numbers. */
    while (in->n && (*in->p == ' ' || *in->p == '\t' || *in->p == '\n' || *in->p == '\r' ||
                     *in->p == '\0')) {
        in->skipped_lines += *in->p == '\n';
        in->p++, in->n--;
    }
    char decl[40];
    declared_encoding(in->p, in->n, decl, sizeof decl);
    in->enc = in->u16 ? XENC_UTF8 : pick_encoding(decl);
    return 0;
}

static xmlDoc *read_safe(const char *buf, size_t len, int strict, int *line)
{
    if (line) *line = 0;
    if (xml_thread_setup()) return NULL;
    if (len >= INT_MAX / 2) {
        err_set("document too large (%zu bytes)", len);
        return NULL;
    }
    struct input in;
    struct sbuf out = {0};
    if (input_read(buf, len, &in) || repair(in.p, in.n, in.enc, &out)) goto nomem;
    struct problem prob;
    xmlDoc *doc = read_doc(out.p ? out.p : "", out.len,
                           in.enc == XENC_PASS ? 0 : XML_PARSE_IGNORE_ENC, strict, &prob);
    if (!doc && in.enc == XENC_PASS) {
        /* An encoding libxml2 does not know: read it as UTF-8 after all. */
        sbuf_reset(&out);
        if (repair(in.p, in.n, XENC_UTF8, &out)) goto nomem;
        doc = read_doc(out.p ? out.p : "", out.len, XML_PARSE_IGNORE_ENC, strict, &prob);
    }
    sbuf_free(&in.wide);
    sbuf_free(&out);
    if (!doc) {
        int at = prob.line > 0 ? prob.line + in.skipped_lines : 0;
        /* The end of data after a final newline is still the last line. */
        int lines = 0;
        for (size_t i = 0; i < len; i++)
            lines += buf[i] == '\n';
        if (len && buf[len - 1] != '\n') lines++;
        if (at > lines && lines > 0 && !in.u16) at = lines;
        if (line) {
            *line = at;
            err_set("malformed XML: %s", prob.why);
        } else {
            err_set("malformed XML at line %d: %s", at, prob.why);
        }
    }
    return doc;
nomem:
    sbuf_free(&in.wide);
    sbuf_free(&out);
    err_set("out of memory");
    return NULL;
}

xmlDoc *xml_read_safe(const char *buf, size_t len)
{
    return read_safe(buf, len, 0, NULL);
}

xmlDoc *xml_read_strict(const char *buf, size_t len, int *line)
{
    return read_safe(buf, len, 1, line);
}

/* The reader's error handler: any error that is not a namespace one means
 * the document is not well-formed, and recovery is the DOM parser's. */
static void on_stream_error(void *ctx, xmlErrorPtr e)
{
    struct xml_stream *s = ctx;
    if (e && e->level >= XML_ERR_ERROR && e->domain != XML_FROM_NAMESPACE) s->broken = 1;
}

/* Moves to the next element node of the document; 1 there, 0 at the end,
 * -1 when the reader failed. */
static int next_element(xmlTextReader *r)
{
    int rc;
    while ((rc = xmlTextReaderRead(r)) == 1)
        if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT) return 1;
    return rc;
}

int xml_stream_open(struct xml_stream *s, const char *buf, size_t len)
{
    memset(s, 0, sizeof *s);
    if (xml_thread_setup()) return 0; /* xml_read_safe says why */
    if (len >= INT_MAX / 2) return 0;
    struct input in;
    int bad = input_read(buf, len, &in) || repair(in.p, in.n, in.enc, &s->bytes);
    sbuf_free(&in.wide);
    if (bad) goto nomem;
    int opts = READ_OPTS | (in.enc == XENC_PASS ? 0 : XML_PARSE_IGNORE_ENC);
    s->reader =
        xmlReaderForMemory(s->bytes.p ? s->bytes.p : "", (int)s->bytes.len, NULL, NULL, opts);
    if (!s->reader) goto nomem;
    xmlTextReaderSetStructuredErrorHandler(s->reader, on_stream_error, s);
    if (next_element(s->reader) == 1 && !s->broken) return 1;
    xml_stream_close(s);
    return 0;
nomem:
    xml_stream_close(s);
    return err_set("out of memory");
}

int xml_stream_next(struct xml_stream *s, int depth)
{
    xmlTextReader *r = s->reader;
    int rc = xmlTextReaderNext(r);
    for (; rc == 1 && !s->broken; rc = xmlTextReaderNext(r)) {
        int d = xmlTextReaderDepth(r), t = xmlTextReaderNodeType(r);
        if (d < depth) return 0;
        if (d == depth && t == XML_READER_TYPE_ELEMENT) return 1;
    }
    return s->broken || rc < 0 ? -1 : 0;
}

int xml_stream_child(struct xml_stream *s)
{
    xmlTextReader *r = s->reader;
    if (xmlTextReaderIsEmptyElement(r)) return 0;
    int depth = xmlTextReaderDepth(r) + 1;
    int rc = xmlTextReaderRead(r);
    if (rc != 1 || s->broken) return -1;
    if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth(r) == depth)
        return 1;
    if (xmlTextReaderDepth(r) < depth) return 0; /* the parent's end */
    return xml_stream_next(s, depth);
}

xmlNode *xml_stream_node(struct xml_stream *s)
{
    return s->broken ? NULL : xmlTextReaderCurrentNode(s->reader);
}

xmlNode *xml_stream_expand(struct xml_stream *s)
{
    xmlNode *n = xmlTextReaderExpand(s->reader);
    return s->broken ? NULL : n;
}

void xml_stream_close(struct xml_stream *s)
{
    if (s->reader) xmlFreeTextReader(s->reader);
    sbuf_free(&s->bytes);
    memset(s, 0, sizeof *s);
}

char *xml_node_text(xmlNode *n, int *markup)
{
    *markup = 0;
    int only_text = 1;
    for (xmlNode *c = n->children; c; c = c->next)
        if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE &&
            c->type != XML_COMMENT_NODE)
            only_text = 0;
    struct sbuf b = {0};
    if (only_text) {
        for (xmlNode *c = n->children; c; c = c->next)
            if (c->type != XML_COMMENT_NODE && c->content &&
                sbuf_adds(&b, (const char *)c->content)) {
                sbuf_free(&b);
                return NULL;
            }
    } else {
        xmlBuffer *xb = xmlBufferCreate();
        if (!xb) return NULL;
        for (xmlNode *c = n->children; c; c = c->next)
            xmlNodeDump(xb, n->doc, c, 0, 0);
        const xmlChar *content = xmlBufferContent(xb);
        int rc = content ? sbuf_adds(&b, (const char *)content) : 0;
        xmlBufferFree(xb);
        if (rc) {
            sbuf_free(&b);
            return NULL;
        }
        *markup = 1;
    }
    if (b.len == 0) {
        sbuf_free(&b);
        return NULL;
    }
    return sbuf_take(&b);
}

int xml_is(const xmlNode *n, const char *ns, const char *name, const char *qname)
{
    if (!n || n->type != XML_ELEMENT_NODE || !n->name) return 0;
    const char *nm = (const char *)n->name;
    if (!n->ns || !n->ns->href) {
        if (!ns) return strcmp(nm, name) == 0;
        return qname && strcmp(nm, qname) == 0;
    }
    return ns && strcmp((const char *)n->ns->href, ns) == 0 && strcmp(nm, name) == 0;
}

char *xml_attr(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    char *s = strdup((const char *)v);
    xmlFree(v);
    return s;
}
