/* libxml2's functions, forwarded to libxml2.so.2 loaded on first use
 * (core/dynlib.h says why: libxml2 brings ICU and the C++ runtime, a
 * fifth of a query command's instructions when bound at start, and only
 * parsing feeds and pages uses it). Each has libxml2's own name and
 * signature (the compiler checks them against its headers);
 * xml_thread_setup loads the library before any parse and reports a
 * missing one, so the others only meet a loaded library, and return
 * libxml2's failure value otherwise. */
#include "core/xmlsafe.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <stdlib.h>

#include "core/dynlib.h"

#define XML_FUNCS(F)                                                                               \
    F(xmlInitParser)                                                                               \
    F(xmlSetGenericErrorFunc)                                                                      \
    F(xmlSetStructuredErrorFunc)                                                                   \
    F(xmlNewParserCtxt)                                                                            \
    F(xmlFreeParserCtxt)                                                                           \
    F(xmlCtxtReadMemory)                                                                           \
    F(htmlReadMemory)                                                                              \
    F(htmlEntityLookup)                                                                            \
    F(xmlFreeDoc)                                                                                  \
    F(xmlDocGetRootElement)                                                                        \
    F(xmlGetProp)                                                                                  \
    F(xmlGetNsProp)                                                                                \
    F(xmlHasProp)                                                                                  \
    F(xmlNodeGetContent)                                                                           \
    F(xmlNodeGetBase)                                                                              \
    F(xmlNodeDump)                                                                                 \
    F(xmlUnlinkNode)                                                                               \
    F(xmlFreeNode)                                                                                 \
    F(xmlBuildURI)                                                                                 \
    F(xmlBufferCreate)                                                                             \
    F(xmlBufferContent)                                                                            \
    F(xmlBufferFree)                                                                               \
    F(xmlFreeTextReader)                                                                           \
    F(xmlReaderForIO)                                                                              \
    F(xmlTextReaderCurrentNode)                                                                    \
    F(xmlTextReaderDepth)                                                                          \
    F(xmlTextReaderExpand)                                                                         \
    F(xmlTextReaderIsEmptyElement)                                                                 \
    F(xmlTextReaderNext)                                                                           \
    F(xmlTextReaderNodeType)                                                                       \
    F(xmlTextReaderRead)                                                                           \
    F(xmlTextReaderSetStructuredErrorHandler)

DYNLIB_TABLE(xml_lib, "libxml2.so.2", "libxml2", XML_FUNCS);
#define DEF(...) DYNLIB_DEF(xml_lib, __VA_ARGS__)
#define VOID(...) DYNLIB_VOID(xml_lib, __VA_ARGS__)

/* libxml2's own xmlFree is free() unless a program sets other allocators,
 * which bullpen never does; what it returns is freed through this. */
xmlFreeFunc xmlFree = free;

int xml_load(void)
{
    return dynlib_load(&xml_lib);
}

VOID(xmlInitParser, (void), ())
VOID(xmlSetGenericErrorFunc, (void *ctx, xmlGenericErrorFunc f), (ctx, f))
VOID(xmlSetStructuredErrorFunc, (void *ctx, xmlStructuredErrorFunc f), (ctx, f))
DEF(xmlParserCtxtPtr, xmlNewParserCtxt, NULL, (void), ())
VOID(xmlFreeParserCtxt, (xmlParserCtxtPtr c), (c))
DEF(xmlDocPtr, xmlCtxtReadMemory, NULL,
    (xmlParserCtxtPtr c, const char *buf, int size, const char *url, const char *enc, int opts),
    (c, buf, size, url, enc, opts))
DEF(htmlDocPtr, htmlReadMemory, NULL,
    (const char *buf, int size, const char *url, const char *enc, int opts),
    (buf, size, url, enc, opts))
DEF(const htmlEntityDesc *, htmlEntityLookup, NULL, (const xmlChar *name), (name))
VOID(xmlFreeDoc, (xmlDocPtr d), (d))
DEF(xmlNodePtr, xmlDocGetRootElement, NULL, (const xmlDoc *d), (d))
DEF(xmlChar *, xmlGetProp, NULL, (const xmlNode *n, const xmlChar *name), (n, name))
DEF(xmlChar *, xmlGetNsProp, NULL, (const xmlNode *n, const xmlChar *name, const xmlChar *ns),
    (n, name, ns))
DEF(xmlAttrPtr, xmlHasProp, NULL, (const xmlNode *n, const xmlChar *name), (n, name))
DEF(xmlChar *, xmlNodeGetContent, NULL, (const xmlNode *n), (n))
DEF(xmlChar *, xmlNodeGetBase, NULL, (const xmlDoc *d, const xmlNode *n), (d, n))
DEF(int, xmlNodeDump, -1, (xmlBufferPtr b, xmlDocPtr d, xmlNodePtr n, int level, int format),
    (b, d, n, level, format))
VOID(xmlUnlinkNode, (xmlNodePtr n), (n))
VOID(xmlFreeNode, (xmlNodePtr n), (n))
DEF(xmlChar *, xmlBuildURI, NULL, (const xmlChar *uri, const xmlChar *base), (uri, base))
DEF(xmlBufferPtr, xmlBufferCreate, NULL, (void), ())
DEF(const xmlChar *, xmlBufferContent, NULL, (const xmlBuffer *b), (b))
VOID(xmlBufferFree, (xmlBufferPtr b), (b))
DEF(xmlTextReaderPtr, xmlReaderForIO, NULL,
    (xmlInputReadCallback rd, xmlInputCloseCallback cl, void *ctx, const char *url, const char *enc,
     int opts),
    (rd, cl, ctx, url, enc, opts))
VOID(xmlFreeTextReader, (xmlTextReaderPtr r), (r))
VOID(xmlTextReaderSetStructuredErrorHandler,
     (xmlTextReaderPtr r, xmlStructuredErrorFunc f, void *arg), (r, f, arg))
DEF(int, xmlTextReaderRead, -1, (xmlTextReaderPtr r), (r))
DEF(int, xmlTextReaderNext, -1, (xmlTextReaderPtr r), (r))
DEF(int, xmlTextReaderDepth, -1, (xmlTextReaderPtr r), (r))
DEF(int, xmlTextReaderNodeType, -1, (xmlTextReaderPtr r), (r))
DEF(int, xmlTextReaderIsEmptyElement, -1, (xmlTextReaderPtr r), (r))
DEF(xmlNodePtr, xmlTextReaderCurrentNode, NULL, (xmlTextReaderPtr r), (r))
DEF(xmlNodePtr, xmlTextReaderExpand, NULL, (xmlTextReaderPtr r), (r))
