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

/* What every function of one parse needs to know. */
struct xparse {
    /* The namespace the document's own elements are in when it is not one
     * of the standard ones (a stray xmlns on <rss>, an Atom 0.3 draft
     * namespace): its elements are read by name. NULL otherwise. */
    const char *home;
    char *home_copy; /* home, when the element that declared it is gone */
    int64_t now;
    struct feed_doc *doc;
    struct feed_sink *sink;    /* where the items go; NULL: all kept in doc */
    const struct xml_src *src; /* the document, for a second look */
    /* An Atom feed's author, for entries without their own: known once
     * the feed's elements were all seen, or looked for ahead. */
    int author_known;
    char *author_ahead;
    int rdf_channel; /* an RDF document's first channel was met (rdf_home_at) */
};

static int in_home(const struct xparse *x, const xmlNode *n, const char *name)
{
    return x->home && xml_is(n, x->home, name, NULL);
}

/* An RSS element of the core vocabulary, whichever RSS version wrote it. */
static int rss_is(const struct xparse *x, const xmlNode *n, const char *name)
{
    return xml_is(n, NULL, name, NULL) || xml_is(n, NS_RSS1, name, NULL) ||
           xml_is(n, NS_RSS090, name, NULL) || xml_is(n, NS_RSS2, name, NULL) ||
           in_home(x, n, name);
}

/* An Atom element, 1.0 or 0.3 (or with the namespace forgotten). */
static int atom_is(const struct xparse *x, const xmlNode *n, const char *name)
{
    return xml_is(n, NS_ATOM, name, NULL) || xml_is(n, NS_ATOM03, name, NULL) ||
           xml_is(n, NULL, name, NULL) || in_home(x, n, name);
}

static int dc_is(const xmlNode *n, const char *name)
{
    char qname[32];
    snprintf(qname, sizeof qname, "dc:%s", name);
    return xml_is(n, NS_DC, name, qname);
}

/* An element by its local name, whatever its namespace. */
static int local_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
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

/* An attribute in the RDF namespace (rdf:about), as an identifier. */
static char *rdf_attr(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)NS_RDF);
    if (!v) return NULL;
    char *out = feed_text_id((const char *)v, FEED_CAP_LINK);
    xmlFree(v);
    return out;
}

static int blank(const xmlChar *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return 0;
    return 1;
}

/* 1 when an item holds anything at all: some text, or an element with
 * attributes (a link's href, an enclosure, an image). Such an item is an
 * article even when none of its text survives conversion; only an empty
 * one is not. Iterative: nesting may be deep. */
static int has_substance(xmlNode *item)
{
    if (item->properties) return 1;
    xmlNode *cur = item->children;
    while (cur && cur != item) {
        if ((cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) &&
            !blank(cur->content))
            return 1;
        if (cur->type == XML_ELEMENT_NODE && cur->properties) return 1;
        if (cur->type == XML_ELEMENT_NODE && cur->children) {
            cur = cur->children;
            continue;
        }
        while (cur != item && !cur->next)
            cur = cur->parent;
        if (cur != item) cur = cur->next;
    }
    return 0;
}

/* Hands a finished item to the document. */
static int push_item(struct xparse *x, struct article *a, const char *published,
                     const char *updated)
{
    if (x->sink && x->sink->skip) {
        x->sink->skip--; /* handed out before the document was read again */
        return 0;
    }
    int rc = feed_item_finish(a, published, updated, x->now);
    if (rc == 0) rc = feed_doc_push(x->doc, a);
    if (rc == 0 && x->sink) rc = feed_sink_check(x->sink, x->doc);
    return rc;
}

/* One RSS item. Where several elements could give a field, the core one
 * wins, then Dublin Core, then Media RSS and Atom. */
static int rss_item(struct xparse *x, xmlNode *item)
{
    struct article a = {0};
    char *date = NULL, *dcdate = NULL, *date2 = NULL, *updated = NULL;
    char *dctitle = NULL, *dcdesc = NULL, *dccreator = NULL;
    char *mtitle = NULL, *mdesc = NULL, *alink = NULL, *enclosure = NULL;
    int permalink = 1;
    for (xmlNode *c = item->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (rss_is(x, c, "title")) {
            keep_first(&a.title, node_text(c, FEED_TEXT_TITLE, FEED_CAP_TITLE, 1));
        } else if (rss_is(x, c, "link")) {
            char *l = node_id(c, FEED_CAP_LINK);
            keep_first(&a.link, l ? l : atom_link(c));
        } else if (rss_is(x, c, "guid")) {
            char *p = xml_attr(c, "isPermaLink");
            if (p && strcasecmp(p, "false") == 0) permalink = 0;
            free(p);
            keep_first(&a.guid, node_id(c, FEED_CAP_GUID));
        } else if (rss_is(x, c, "description")) {
            keep_first(&a.summary, node_text(c, FEED_TEXT_AUTO, FEED_CAP_SUMMARY, 0));
        } else if (rss_is(x, c, "enclosure")) {
            char *url = xml_attr(c, "url");
            keep_first(&enclosure, feed_text_id(url, FEED_CAP_GUID));
            free(url);
        } else if (xml_is(c, NS_CONTENT, "encoded", "content:encoded")) {
            keep_first(&a.content, node_text(c, FEED_TEXT_HTML, FEED_CAP_CONTENT, 0));
        } else if (rss_is(x, c, "author")) {
            keep_first(&a.author, author_name(node_text(c, FEED_TEXT_TITLE, FEED_CAP_AUTHOR, 1)));
        } else if (rss_is(x, c, "pubDate")) {
            keep_first(&date, node_raw(c));
        } else if (dc_is(c, "title")) {
            keep_first(&dctitle, node_text(c, FEED_TEXT_TITLE, FEED_CAP_TITLE, 1));
        } else if (dc_is(c, "description")) {
            keep_first(&dcdesc, node_text(c, FEED_TEXT_AUTO, FEED_CAP_SUMMARY, 0));
        } else if (dc_is(c, "creator")) {
            keep_first(&dccreator, node_text(c, FEED_TEXT_TITLE, FEED_CAP_AUTHOR, 1));
        } else if (dc_is(c, "date")) {
            keep_first(&dcdate, node_raw(c));
        } else if (xml_is(c, NS_ATOM, "published", "atom:published") ||
                   xml_is(c, NS_DCTERMS, "issued", "dcterms:issued")) {
            keep_first(&date2, node_raw(c));
        } else if (xml_is(c, NS_ATOM, "updated", "atom:updated") ||
                   xml_is(c, NS_DCTERMS, "modified", "dcterms:modified")) {
            keep_first(&updated, node_raw(c));
        } else if (xml_is(c, NS_ATOM, "link", "atom:link")) {
            keep_first(&alink, atom_link(c));
        } else if (xml_is(c, NS_MEDIA, "title", "media:title")) {
            keep_first(&mtitle, node_text(c, FEED_TEXT_TITLE, FEED_CAP_TITLE, 1));
        } else if (xml_is(c, NS_MEDIA, "description", "media:description")) {
            keep_first(&mdesc, node_text(c, FEED_TEXT_AUTO, FEED_CAP_SUMMARY, 0));
        } else if (xml_is(c, NS_MEDIA, "group", "media:group")) {
            for (xmlNode *g = c->children; g; g = g->next) {
                if (xml_is(g, NS_MEDIA, "title", "media:title"))
                    keep_first(&mtitle, node_text(g, FEED_TEXT_TITLE, FEED_CAP_TITLE, 1));
                else if (xml_is(g, NS_MEDIA, "description", "media:description"))
                    keep_first(&mdesc, node_text(g, FEED_TEXT_AUTO, FEED_CAP_SUMMARY, 0));
            }
        }
    }
    char *about = rdf_attr(item, "about");
    keep_first(&a.title, dctitle);
    keep_first(&a.title, mtitle);
    keep_first(&a.summary, dcdesc);
    keep_first(&a.summary, mdesc);
    keep_first(&a.author, author_name(dccreator));
    keep_first(&a.link, alink);
    if (!a.link && a.guid && permalink &&
        (strncmp(a.guid, "http://", 7) == 0 || strncmp(a.guid, "https://", 8) == 0))
        a.link = xstrdup(a.guid);
    if (!a.link && about) a.link = xstrdup(about);
    keep_first(&a.guid, about);
    /* A podcast-style item with only its media: the file names it. */
    if (!a.link)
        keep_first(&a.guid, enclosure);
    else
        free(enclosure);
    keep_first(&date, dcdate);
    keep_first(&date, date2);
    int rc = has_substance(item) ? push_item(x, &a, date, updated) : 0;
    article_clear(&a);
    free(date);
    free(updated);
    return rc;
}

/* A channel's fields as its elements are met, until rss_meta_end. */
struct rss_meta {
    char *alink, *dctitle, *dcdesc, *dcauthor, *webmaster;
    char *when, *pub, *dcdate, *aupdated, *aid;
};

/* One element of the channel. */
static void rss_meta_child(struct xparse *x, struct rss_meta *m, xmlNode *c)
{
    struct feed_doc *doc = x->doc;
    if (c->type != XML_ELEMENT_NODE) return;
    if (rss_is(x, c, "title"))
        keep_first(&doc->title, node_text(c, FEED_TEXT_TITLE, FEED_CAP_TITLE, 1));
    else if (rss_is(x, c, "link"))
        keep_first(&doc->link, node_id(c, FEED_CAP_LINK));
    else if (rss_is(x, c, "description"))
        keep_first(&doc->subtitle, node_text(c, FEED_TEXT_AUTO, FEED_CAP_SUMMARY, 0));
    else if (rss_is(x, c, "managingEditor"))
        keep_first(&doc->author, author_name(node_text(c, FEED_TEXT_TITLE, FEED_CAP_AUTHOR, 1)));
    else if (rss_is(x, c, "webMaster"))
        keep_first(&m->webmaster, author_name(node_text(c, FEED_TEXT_TITLE, FEED_CAP_AUTHOR, 1)));
    else if (rss_is(x, c, "lastBuildDate"))
        keep_first(&m->when, node_raw(c));
    else if (rss_is(x, c, "pubDate"))
        keep_first(&m->pub, node_raw(c));
    else if (dc_is(c, "title"))
        keep_first(&m->dctitle, node_text(c, FEED_TEXT_TITLE, FEED_CAP_TITLE, 1));
    else if (dc_is(c, "description"))
        keep_first(&m->dcdesc, node_text(c, FEED_TEXT_AUTO, FEED_CAP_SUMMARY, 0));
    else if (dc_is(c, "creator") || dc_is(c, "publisher"))
        keep_first(&m->dcauthor, author_name(node_text(c, FEED_TEXT_TITLE, FEED_CAP_AUTHOR, 1)));
    else if (dc_is(c, "date"))
        keep_first(&m->dcdate, node_raw(c));
    else if (xml_is(c, NS_ATOM, "link", "atom:link"))
        keep_first(&m->alink, atom_link(c));
    else if (xml_is(c, NS_ATOM, "id", "atom:id"))
        keep_first(&m->aid, node_id(c, FEED_CAP_GUID));
    else if (xml_is(c, NS_ATOM, "updated", "atom:updated"))
        keep_first(&m->aupdated, node_raw(c));
}

/* The channel's fields once all its elements were seen; about is its
 * rdf:about (taken), m is emptied. */
static void rss_meta_end(struct xparse *x, struct rss_meta *m, char *about)
{
    struct feed_doc *doc = x->doc;
    keep_first(&doc->title, m->dctitle);
    keep_first(&doc->link, m->alink);
    keep_first(&doc->subtitle, m->dcdesc);
    keep_first(&doc->author, m->dcauthor);
    keep_first(&doc->author, m->webmaster);
    keep_first(&doc->id, m->aid);
    keep_first(&doc->id, about);
    const char *dates[] = {m->when, m->pub, m->dcdate, m->aupdated};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        feed_doc_set_updated(doc, dates[i]);
    free(m->when);
    free(m->pub);
    free(m->dcdate);
    free(m->aupdated);
    memset(m, 0, sizeof *m);
}

static void rss_channel_meta(struct xparse *x, xmlNode *ch)
{
    struct rss_meta m = {0};
    for (xmlNode *c = ch ? ch->children : NULL; c; c = c->next)
        rss_meta_child(x, &m, c);
    rss_meta_end(x, &m, ch ? rdf_attr(ch, "about") : NULL);
}

/* The namespace of n when it is none of the standard ones of its format
 * (atom: Atom, else RSS): the document's own, read by element name. */
static const char *odd_namespace(const xmlNode *n, int atom)
{
    static const char *const rss[] = {NS_RSS1, NS_RSS090, NS_RSS2, NULL};
    static const char *const atoms[] = {NS_ATOM, NS_ATOM03, NULL};
    if (!n || !n->ns || !n->ns->href) return NULL;
    for (const char *const *k = atom ? atoms : rss; *k; k++)
        if (strcmp((const char *)n->ns->href, *k) == 0) return NULL;
    return (const char *)n->ns->href;
}

/* An RDF document's home is the odd namespace of its first channel
 * element, if it has one; a later channel has no say, so that the stream,
 * which cannot look ahead, reads every item as the tree does. Returns the
 * namespace when c is that channel and has one, else NULL. */
static const char *rdf_home_at(struct xparse *x, const xmlNode *c)
{
    if (x->doc->format != FEED_RDF || x->rdf_channel || !local_is(c, "channel")) return NULL;
    x->rdf_channel = 1;
    return x->home = odd_namespace(c, 0);
}

static int parse_rss(struct xparse *x, xmlNode *root)
{
    xmlNode *channel = NULL;
    for (xmlNode *c = root->children; c && !x->rdf_channel; c = c->next)
        rdf_home_at(x, c);
    for (xmlNode *c = root->children; c && !channel; c = c->next)
        if (rss_is(x, c, "channel")) channel = c;
    rss_channel_meta(x, channel);
    /* Items sit in the channel (RSS 0.91+), beside it (RSS 1.0, 0.90), or
     * both in broken feeds. */
    for (int pass = 0; pass < 2; pass++) {
        xmlNode *parent = pass == 0 ? channel : root;
        for (xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
            if (rss_is(x, c, "item") && rss_item(x, c) < 0) return -1;
    }
    return 0;
}

/* How an Atom text construct is written: its type (1.0) or MIME type and
 * mode (0.3). Returns the text kind, or -1 for content that is not text
 * (another MIME type, or out of line with src). *base64 is set for 0.3's
 * mode="base64". */
static int atom_kind(xmlNode *n, int *base64)
{
    char *type = xml_attr(n, "type"), *mode = xml_attr(n, "mode"), *src = xml_attr(n, "src");
    int kind = FEED_TEXT_PLAIN;
    *base64 = mode && strcmp(mode, "base64") == 0;
    if (src) {
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
    int base64;
    int kind = atom_kind(n, &base64);
    if (kind < 0) return NULL;
    if (!base64) return node_text(n, (enum feed_text_kind)kind, cap, one_line);
    char *raw = node_raw(n);
    struct sbuf bytes = {0};
    char *t = NULL;
    if (raw && sbuf_add_base64(&bytes, raw, strlen(raw)) == 0 && bytes.len)
        t = feed_text(bytes.p, bytes.len, (enum feed_text_kind)kind, cap, one_line);
    sbuf_free(&bytes);
    free(raw);
    return t;
}

static char *atom_person(const struct xparse *x, xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next)
        if (atom_is(x, c, "name")) return node_text(c, FEED_TEXT_PLAIN, FEED_CAP_AUTHOR, 1);
    return NULL;
}

static const char *feed_author(struct xparse *x, int *tree);

/* One entry; 0, -1 with err set, or 1 when the document must be read as a
 * tree first (feed_author). */
static int atom_entry(struct xparse *x, xmlNode *e)
{
    struct article a = {0};
    char *published = NULL, *updated = NULL, *src_author = NULL, *dccreator = NULL;
    for (xmlNode *c = e->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (atom_is(x, c, "id"))
            keep_first(&a.guid, node_id(c, FEED_CAP_GUID));
        else if (atom_is(x, c, "title"))
            keep_first(&a.title, atom_text(c, FEED_CAP_TITLE, 1));
        else if (atom_is(x, c, "link"))
            keep_first(&a.link, atom_link(c));
        else if (atom_is(x, c, "author"))
            keep_first(&a.author, atom_person(x, c));
        else if (atom_is(x, c, "summary"))
            keep_first(&a.summary, atom_text(c, FEED_CAP_SUMMARY, 0));
        else if (atom_is(x, c, "content"))
            keep_first(&a.content, atom_text(c, FEED_CAP_CONTENT, 0));
        else if (atom_is(x, c, "published") || atom_is(x, c, "issued") || atom_is(x, c, "created"))
            keep_first(&published, node_raw(c));
        else if (atom_is(x, c, "updated") || atom_is(x, c, "modified"))
            keep_first(&updated, node_raw(c));
        else if (dc_is(c, "creator"))
            keep_first(&dccreator, node_text(c, FEED_TEXT_PLAIN, FEED_CAP_AUTHOR, 1));
        else if (atom_is(x, c, "source"))
            for (xmlNode *s = c->children; s; s = s->next)
                if (atom_is(x, s, "author")) keep_first(&src_author, atom_person(x, s));
    }
    keep_first(&a.author, dccreator);
    keep_first(&a.author, src_author);
    int tree = 0;
    const char *fa = a.author ? NULL : feed_author(x, &tree);
    if (fa) a.author = xstrdup(fa);
    int rc = tree ? 1 : has_substance(e) ? push_item(x, &a, published, updated) : 0;
    article_clear(&a);
    free(published);
    free(updated);
    return rc;
}

/* One element of an Atom feed other than an entry; *updated is its
 * updated date as met. */
static void atom_meta_child(struct xparse *x, char **updated, xmlNode *c)
{
    struct feed_doc *doc = x->doc;
    if (atom_is(x, c, "title"))
        keep_first(&doc->title, atom_text(c, FEED_CAP_TITLE, 1));
    else if (atom_is(x, c, "link"))
        keep_first(&doc->link, atom_link(c));
    else if (atom_is(x, c, "subtitle") || atom_is(x, c, "tagline"))
        keep_first(&doc->subtitle, atom_text(c, FEED_CAP_SUMMARY, 0));
    else if (atom_is(x, c, "author"))
        keep_first(&doc->author, atom_person(x, c));
    else if (atom_is(x, c, "id"))
        keep_first(&doc->id, node_id(c, FEED_CAP_GUID));
    else if (atom_is(x, c, "updated") || atom_is(x, c, "modified"))
        keep_first(updated, node_raw(c));
}

static int parse_atom(struct xparse *x, xmlNode *root)
{
    char *updated = NULL;
    for (xmlNode *c = root->children; c; c = c->next)
        atom_meta_child(x, &updated, c);
    feed_doc_set_updated(x->doc, updated);
    free(updated);
    x->author_known = 1;
    int rc = 0;
    for (xmlNode *c = root->children; c && rc == 0; c = c->next)
        if (atom_is(x, c, "entry")) rc = atom_entry(x, c);
    return rc;
}

/* The format by the root element's name: a document whose default
 * namespace is not the standard one is still the feed it says. Sets
 * doc->format and x->home, or returns -1 with err set. */
static int detect(struct xparse *x, xmlNode *root)
{
    if (local_is(root, "rss")) {
        x->doc->format = FEED_RSS;
        x->home = odd_namespace(root, 0);
    } else if (xml_is(root, NS_RDF, "RDF", "rdf:RDF")) {
        x->doc->format = FEED_RDF;
    } else if (local_is(root, "feed")) {
        x->doc->format = FEED_ATOM;
        x->home = odd_namespace(root, 1);
    } else if (root->name && strcasecmp((const char *)root->name, "html") == 0) {
        return err_set("not a feed: an HTML page");
    } else {
        return err_set("not a feed: XML with root element <%.40s>",
                       root->name ? (const char *)root->name : "?");
    }
    return 0;
}

/* The whole document at once, as a tree: for a document the stream cannot
 * read (not well-formed: libxml2's recovery decides what it holds) and
 * for shapes it cannot read in order. Items the stream already handed out
 * are left out; those it still held are read again. */
static int parse_dom(struct xparse *x)
{
    struct feed_doc *doc = x->doc;
    feed_doc_free(doc);
    free(x->author_ahead);
    x->author_ahead = NULL;
    x->author_known = 0;
    if (x->sink) x->sink->skip = x->sink->handed;
    /* A document in a file is read into memory for it: the tree is the
     * larger of the two anyway. */
    char *copy = x->src->buf ? NULL : xml_src_load(x->src);
    if (!x->src->buf && !copy) return -1;
    xmlDoc *xd = xml_read_safe(copy ? copy : x->src->buf, x->src->len);
    free(copy);
    if (!xd) return err_prefix("not a feed");
    xmlNode *root = xmlDocGetRootElement(xd);
    x->home = NULL;
    x->rdf_channel = 0;
    int rc = detect(x, root);
    if (rc == 0) rc = doc->format == FEED_ATOM ? parse_atom(x, root) : parse_rss(x, root);
    xmlFreeDoc(xd);
    return rc;
}

/* An Atom feed's author, for an entry that has none of its own: when the
 * stream has not seen all of the feed's elements yet, a second reader
 * looks ahead for it. When that reader finds the document broken before
 * any, *tree is set: the tree's recovery may find one past the break, for
 * this entry too, so the document must be read as a tree now. */
static const char *feed_author(struct xparse *x, int *tree)
{
    if (x->doc->author || x->author_known) return x->doc->author ? x->doc->author : x->author_ahead;
    x->author_known = 1;
    struct xml_stream s;
    int rc = xml_stream_open(&s, x->src);
    if (rc != 1) {
        *tree = 1;
        return NULL;
    }
    for (rc = xml_stream_child(&s); rc == 1 && !x->author_ahead; rc = xml_stream_next(&s, 1)) {
        xmlNode *c = xml_stream_node(&s);
        if (atom_is(x, c, "author") && (c = xml_stream_expand(&s)))
            x->author_ahead = atom_person(x, c);
    }
    if (rc < 0 && !x->author_ahead) *tree = 1;
    xml_stream_close(&s);
    return x->author_ahead;
}

/* Streams an Atom feed: its elements and entries in document order. 0,
 * -1 with err set, or 1 when the document must be read as a tree. */
static int stream_atom(struct xparse *x, struct xml_stream *s)
{
    char *updated = NULL;
    int rc;
    for (rc = xml_stream_child(s); rc == 1; rc = xml_stream_next(s, 1)) {
        xmlNode *c = xml_stream_expand(s);
        if (!c) break;
        if (!atom_is(x, c, "entry")) {
            atom_meta_child(x, &updated, c);
        } else if ((rc = atom_entry(x, c)) != 0) {
            free(updated);
            return rc;
        }
    }
    feed_doc_set_updated(x->doc, updated);
    free(updated);
    return rc == 0 ? 0 : 1;
}

/* Streams the channel's elements and items; 0, -1 or 1 as stream_atom. */
static int stream_channel(struct xparse *x, struct xml_stream *s)
{
    struct rss_meta m = {0};
    char *about = rdf_attr(xml_stream_node(s), "about");
    int rc;
    for (rc = xml_stream_child(s); rc == 1; rc = xml_stream_next(s, 2)) {
        xmlNode *c = xml_stream_expand(s);
        if (!c) break;
        if (!rss_is(x, c, "item")) {
            rss_meta_child(x, &m, c);
        } else if (rss_item(x, c)) {
            rc = -2;
            break;
        }
    }
    rss_meta_end(x, &m, about);
    return rc == -2 ? -1 : rc == 0 ? 0 : 1;
}

/* Streams RSS and RDF: items are in the channel's order, then those beside
 * it; one beside it before the channel needs the tree (in RDF the channel
 * may still say what an item is: rdf_home_at). */
static int stream_rss(struct xparse *x, struct xml_stream *s)
{
    int channel = 0, rc;
    for (rc = xml_stream_child(s); rc == 1; rc = xml_stream_next(s, 1)) {
        xmlNode *c = xml_stream_node(s);
        if (!c) break;
        if (rdf_home_at(x, c)) {
            x->home = x->home_copy = xstrdup(x->home);
            if (!x->home) return err_set("out of memory");
        }
        if (!channel && rss_is(x, c, "channel")) {
            channel = 1;
            int r = stream_channel(x, s);
            if (r) return r;
        } else if (!channel && local_is(c, "item")) {
            return 1; /* (in RDF the channel may still say what an item is) */
        } else if (rss_is(x, c, "item")) {
            if (!(c = xml_stream_expand(s))) break;
            if (rss_item(x, c)) return -1;
        }
    }
    if (rc != 0) return 1;
    if (!channel) rss_channel_meta(x, NULL);
    return 0;
}

int feed_parse_xml(const struct xml_src *src, int64_t now, struct feed_doc *doc,
                   struct feed_sink *sink)
{
    struct xparse x = {.now = now, .doc = doc, .sink = sink, .src = src};
    struct xml_stream s;
    int rc = xml_stream_open(&s, src);
    if (rc < 0) return -1;
    if (rc == 0) {
        rc = parse_dom(&x);
    } else {
        rc = detect(&x, xml_stream_node(&s));
        if (rc == 0) rc = doc->format == FEED_ATOM ? stream_atom(&x, &s) : stream_rss(&x, &s);
        xml_stream_close(&s);
        if (rc == 1) rc = parse_dom(&x);
    }
    free(x.home_copy);
    free(x.author_ahead);
    return rc;
}
