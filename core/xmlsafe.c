#include "core/xmlsafe.h"
#include "core/xml_repair.h"
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

static xmlDoc *read_safe(const char *buf, size_t len, int strict, int *line)
{
    if (line) *line = 0;
    if (xml_thread_setup()) return NULL;
    if (len >= INT_MAX / 2) {
        err_set("document too large (%zu bytes)", len);
        return NULL;
    }
    struct xml_input in;
    struct sbuf out = {0};
    if (xml_input_read(buf, len, &in) || xml_repair(in.p, in.n, in.enc, &out)) goto nomem;
    struct problem prob;
    xmlDoc *doc = read_doc(out.p ? out.p : "", out.len,
                           in.enc == XENC_PASS ? 0 : XML_PARSE_IGNORE_ENC, strict, &prob);
    if (!doc && in.enc == XENC_PASS) {
        /* An encoding libxml2 does not know: read it as UTF-8 after all. */
        sbuf_reset(&out);
        if (xml_repair(in.p, in.n, XENC_UTF8, &out)) goto nomem;
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

int xml_stream_open(struct xml_stream *s, const struct xml_src *src)
{
    memset(s, 0, sizeof *s);
    if (xml_thread_setup()) return 0; /* xml_read_safe says why */
    if (src->len >= INT_MAX / 2) return 0;
    enum xenc enc;
    if (!(s->pipe = xml_pipe_new(src, &enc))) return -1;
    int opts = READ_OPTS | (enc == XENC_PASS ? 0 : XML_PARSE_IGNORE_ENC);
    s->reader = xmlReaderForIO(xml_pipe_read, NULL, s->pipe, NULL, NULL, opts);
    if (!s->reader) {
        xml_stream_close(s);
        return err_set("out of memory");
    }
    xmlTextReaderSetStructuredErrorHandler(s->reader, on_stream_error, s);
    if (next_element(s->reader) == 1 && !s->broken) return 1;
    xml_stream_close(s);
    return 0;
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
    xml_pipe_free(s->pipe);
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
