/* The XML feed formats: RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0. */
#include "core/err.h"
#include "core/feed_int.h"
#include "core/str.h"
#include "core/xmlsafe.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/uri.h>

#define NS_RSS1 "http://purl.org/rss/1.0/"
#define NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"
#define NS_RSS2 "http://backend.userland.com/rss2"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_MEDIA "http://search.yahoo.com/mrss/"

/* An RSS element of the core vocabulary, whichever RSS version wrote it. */
static int rss_is(const xmlNode *n, const char *name)
{
    return xml_is(n, NULL, name, NULL) || xml_is(n, NS_RSS1, name, NULL) ||
           xml_is(n, NS_RSS090, name, NULL) || xml_is(n, NS_RSS2, name, NULL);
}

/* An Atom element, 1.0 or 0.3 (or with the namespace forgotten). */
static int atom_is(const xmlNode *n, const char *name)
{
    return xml_is(n, NS_ATOM, name, NULL) || xml_is(n, NS_ATOM03, name, NULL) ||
           xml_is(n, NULL, name, NULL);
}

/* Replaces *slot with s when *slot is empty; else frees s. */
static void keep_first(char **slot, char *s)
{
    if (!*slot)
        *slot = s;
    else
        free(s);
}

static char *node_text(xmlNode *n, enum feed_text_kind kind, size_t cap, int one_line)
{
    int markup;
    char *raw = xml_node_text(n, &markup);
    if (!raw) return NULL;
    char *t = feed_text(raw, strlen(raw), markup ? FEED_TEXT_HTML : kind, cap, one_line);
    free(raw);
    return t;
}

static char *node_id(xmlNode *n, size_t cap)
{
    int markup;
    char *raw = xml_node_text(n, &markup);
    char *t = markup ? NULL : feed_text_id(raw, cap);
    free(raw);
    return t;
}

/* The raw text of a date element, for date_parse. Caller frees. */
static char *node_raw(xmlNode *n)
{
    int markup;
    char *raw = xml_node_text(n, &markup);
    if (raw && markup) {
        free(raw);
        return NULL;
    }
    return raw;
}

/* "jdoe@example.com (Jane Doe)" -> "Jane Doe": RSS wants an e-mail address
 * in <author>, readers want the name. */
static char *author_name(char *a)
{
    if (!a) return NULL;
    char *open = strchr(a, '('), *close = strrchr(a, ')');
    if (open && close > open + 1 && memchr(a, '@', (size_t)(open - a))) {
        char *name = xstrndup(open + 1, (size_t)(close - open - 1));
        if (name && name[0]) {
            free(a);
            return name;
        }
        free(name);
    }
    return a;
}

/* An href resolved against xml:base, when there is one. Caller frees. */
static char *resolve_href(xmlNode *n, const char *href)
{
    xmlChar *base = xmlNodeGetBase(n->doc, n);
    char *out = NULL;
    if (base) {
        xmlChar *abs = xmlBuildURI((const xmlChar *)href, base);
        if (abs) {
            out = feed_text_id((const char *)abs, FEED_CAP_LINK);
            xmlFree(abs);
        }
        xmlFree(base);
    }
    return out ? out : feed_text_id(href, FEED_CAP_LINK);
}

/* atom:link rel="alternate" (or without rel): the page the entry is about. */
static char *atom_link(xmlNode *n)
{
    char *rel = xml_attr(n, "rel"), *href = xml_attr(n, "href");
    char *out = NULL;
    if (href && (!rel || strcmp(rel, "alternate") == 0)) out = resolve_href(n, href);
    free(rel);
    free(href);
    return out;
}

static int rss_item(xmlNode *item, int64_t now, struct feed_doc *doc)
{
    struct article a = {0};
    char *date = NULL, *date2 = NULL, *mtitle = NULL, *mdesc = NULL, *alink = NULL;
    char *about = NULL;
    int permalink = 1;
    for (xmlNode *c = item->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (rss_is(c, "title")) {
            keep_first(&a.title, node_text(c, FEED_TEXT_AUTO, FEED_CAP_TITLE, 1));
        } else if (rss_is(c, "link")) {
            keep_first(&a.link, node_id(c, FEED_CAP_LINK));
        } else if (rss_is(c, "guid")) {
            char *p = xml_attr(c, "isPermaLink");
            if (p && strcasecmp(p, "false") == 0) permalink = 0;
            free(p);
            keep_first(&a.guid, node_id(c, FEED_CAP_GUID));
        } else if (rss_is(c, "description")) {
            keep_first(&a.summary, node_text(c, FEED_TEXT_AUTO, FEED_CAP_SUMMARY, 0));
        } else if (xml_is(c, NS_CONTENT, "encoded", "content:encoded")) {
            keep_first(&a.content, node_text(c, FEED_TEXT_HTML, FEED_CAP_CONTENT, 0));
        } else if (rss_is(c, "author") || xml_is(c, NS_DC, "creator", "dc:creator")) {
            keep_first(&a.author, author_name(node_text(c, FEED_TEXT_AUTO, FEED_CAP_AUTHOR, 1)));
        } else if (rss_is(c, "pubDate") || xml_is(c, NS_DC, "date", "dc:date")) {
            keep_first(&date, node_raw(c));
        } else if (xml_is(c, NS_ATOM, "published", "atom:published") ||
                   xml_is(c, NS_ATOM, "updated", "atom:updated") ||
                   xml_is(c, NS_DCTERMS, "issued", "dcterms:issued") ||
                   xml_is(c, NS_DCTERMS, "modified", "dcterms:modified")) {
            keep_first(&date2, node_raw(c));
        } else if (xml_is(c, NS_ATOM, "link", "atom:link")) {
            keep_first(&alink, atom_link(c));
        } else if (xml_is(c, NS_MEDIA, "title", "media:title")) {
            keep_first(&mtitle, node_text(c, FEED_TEXT_AUTO, FEED_CAP_TITLE, 1));
        } else if (xml_is(c, NS_MEDIA, "description", "media:description")) {
            keep_first(&mdesc, node_text(c, FEED_TEXT_AUTO, FEED_CAP_SUMMARY, 0));
        } else if (xml_is(c, NS_MEDIA, "group", "media:group")) {
            for (xmlNode *g = c->children; g; g = g->next) {
                if (xml_is(g, NS_MEDIA, "title", "media:title"))
                    keep_first(&mtitle, node_text(g, FEED_TEXT_AUTO, FEED_CAP_TITLE, 1));
                else if (xml_is(g, NS_MEDIA, "description", "media:description"))
                    keep_first(&mdesc, node_text(g, FEED_TEXT_AUTO, FEED_CAP_SUMMARY, 0));
            }
        }
    }
    xmlChar *ab = xmlGetNsProp(item, (const xmlChar *)"about", (const xmlChar *)NS_RDF);
    if (ab) {
        about = feed_text_id((const char *)ab, FEED_CAP_LINK);
        xmlFree(ab);
    }
    keep_first(&a.title, mtitle);
    keep_first(&a.summary, mdesc);
    keep_first(&a.link, alink);
    if (!a.link && a.guid && permalink &&
        (strncmp(a.guid, "http://", 7) == 0 || strncmp(a.guid, "https://", 8) == 0))
        a.link = xstrdup(a.guid);
    if (!a.link && about) a.link = xstrdup(about);
    keep_first(&a.guid, about);
    int rc = 0;
    if (a.title || a.link || a.summary || a.content) {
        rc = feed_item_finish(&a, date ? date : date2, now);
        if (rc == 0) rc = feed_doc_push(doc, &a);
    }
    article_clear(&a);
    free(date);
    free(date2);
    return rc;
}

static int rss_channel_meta(xmlNode *ch, struct feed_doc *doc)
{
    char *alink = NULL;
    for (xmlNode *c = ch ? ch->children : NULL; c; c = c->next) {
        if (rss_is(c, "title"))
            keep_first(&doc->title, node_text(c, FEED_TEXT_AUTO, FEED_CAP_TITLE, 1));
        else if (rss_is(c, "link"))
            keep_first(&doc->link, node_id(c, FEED_CAP_LINK));
        else if (xml_is(c, NS_ATOM, "link", "atom:link"))
            keep_first(&alink, atom_link(c));
    }
    keep_first(&doc->link, alink);
    return 0;
}

static int parse_rss(xmlNode *root, int64_t now, struct feed_doc *doc)
{
    xmlNode *channel = NULL;
    for (xmlNode *c = root->children; c && !channel; c = c->next)
        if (rss_is(c, "channel")) channel = c;
    rss_channel_meta(channel, doc);
    /* Items sit in the channel (RSS 0.91+), beside it (RSS 1.0, 0.90), or
     * both in broken feeds. */
    for (int pass = 0; pass < 2; pass++) {
        xmlNode *parent = pass == 0 ? channel : root;
        for (xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
            if (rss_is(c, "item") && rss_item(c, now, doc) < 0) return -1;
    }
    return 0;
}

/* How an Atom text construct is written (type, or 0.3's mode). -1: skip. */
static int atom_kind(xmlNode *n)
{
    char *type = xml_attr(n, "type"), *mode = xml_attr(n, "mode"), *src = xml_attr(n, "src");
    int kind = FEED_TEXT_PLAIN;
    if (src || (mode && strcmp(mode, "base64") == 0)) {
        kind = -1;
    } else if (mode && strcmp(mode, "escaped") == 0) {
        kind = FEED_TEXT_HTML;
    } else if (type) {
        if (!strcmp(type, "html") || !strcmp(type, "text/html") || !strcmp(type, "xhtml") ||
            !strcmp(type, "application/xhtml+xml"))
            kind = FEED_TEXT_HTML;
        else if (strcmp(type, "text") != 0 && strncmp(type, "text/", 5) != 0)
            kind = -1;
    }
    free(type);
    free(mode);
    free(src);
    return kind;
}

static char *atom_text(xmlNode *n, size_t cap, int one_line)
{
    int kind = atom_kind(n);
    return kind < 0 ? NULL : node_text(n, (enum feed_text_kind)kind, cap, one_line);
}

static char *atom_person(xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next)
        if (atom_is(c, "name")) return node_text(c, FEED_TEXT_PLAIN, FEED_CAP_AUTHOR, 1);
    return NULL;
}

static int atom_entry(xmlNode *e, const char *feed_author, int64_t now, struct feed_doc *doc)
{
    struct article a = {0};
    char *published = NULL, *updated = NULL, *src_author = NULL;
    for (xmlNode *c = e->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (atom_is(c, "id"))
            keep_first(&a.guid, node_id(c, FEED_CAP_GUID));
        else if (atom_is(c, "title"))
            keep_first(&a.title, atom_text(c, FEED_CAP_TITLE, 1));
        else if (atom_is(c, "link"))
            keep_first(&a.link, atom_link(c));
        else if (atom_is(c, "author"))
            keep_first(&a.author, atom_person(c));
        else if (atom_is(c, "summary"))
            keep_first(&a.summary, atom_text(c, FEED_CAP_SUMMARY, 0));
        else if (atom_is(c, "content"))
            keep_first(&a.content, atom_text(c, FEED_CAP_CONTENT, 0));
        else if (atom_is(c, "published") || atom_is(c, "issued") || atom_is(c, "created"))
            keep_first(&published, node_raw(c));
        else if (atom_is(c, "updated") || atom_is(c, "modified"))
            keep_first(&updated, node_raw(c));
        else if (xml_is(c, NS_DC, "creator", "dc:creator"))
            keep_first(&a.author, node_text(c, FEED_TEXT_PLAIN, FEED_CAP_AUTHOR, 1));
        else if (atom_is(c, "source"))
            for (xmlNode *s = c->children; s; s = s->next)
                if (atom_is(s, "author")) keep_first(&src_author, atom_person(s));
    }
    keep_first(&a.author, src_author);
    if (!a.author && feed_author) a.author = xstrdup(feed_author);
    int rc = 0;
    if (a.title || a.link || a.summary || a.content) {
        rc = feed_item_finish(&a, published ? published : updated, now);
        if (rc == 0) rc = feed_doc_push(doc, &a);
    }
    article_clear(&a);
    free(published);
    free(updated);
    return rc;
}

static int parse_atom(xmlNode *root, int64_t now, struct feed_doc *doc)
{
    char *author = NULL;
    for (xmlNode *c = root->children; c; c = c->next) {
        if (atom_is(c, "title"))
            keep_first(&doc->title, atom_text(c, FEED_CAP_TITLE, 1));
        else if (atom_is(c, "link"))
            keep_first(&doc->link, atom_link(c));
        else if (atom_is(c, "author"))
            keep_first(&author, atom_person(c));
    }
    int rc = 0;
    for (xmlNode *c = root->children; c && rc == 0; c = c->next)
        if (atom_is(c, "entry")) rc = atom_entry(c, author, now, doc);
    free(author);
    return rc;
}

int feed_parse_xml(const char *buf, size_t len, int64_t now, struct feed_doc *doc)
{
    xmlDoc *x = xml_read_safe(buf, len);
    if (!x) return err_prefix("not a feed");
    xmlNode *root = xmlDocGetRootElement(x);
    int rc;
    if (xml_is(root, NULL, "rss", NULL) || xml_is(root, NS_RSS2, "rss", NULL)) {
        doc->format = FEED_RSS;
        rc = parse_rss(root, now, doc);
    } else if (xml_is(root, NS_RDF, "RDF", "rdf:RDF")) {
        doc->format = FEED_RDF;
        rc = parse_rss(root, now, doc);
    } else if (atom_is(root, "feed")) {
        doc->format = FEED_ATOM;
        rc = parse_atom(root, now, doc);
    } else if (root->name && strcasecmp((const char *)root->name, "html") == 0) {
        rc = err_set("not a feed: an HTML page");
    } else {
        rc = err_set("not a feed: XML with root element <%.40s>",
                     root->name ? (const char *)root->name : "?");
    }
    xmlFreeDoc(x);
    return rc;
}
