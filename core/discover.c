/* discover: feeds announced by a web page's <link rel="alternate">. */
#include "core/discover.h"

#include <ctype.h>
#include <curl/curl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "core/err.h"
#include "core/str.h"
#include "core/utf8.h"
#include "core/xmlsafe.h"

/* A page announces only a handful; past this many it is not announcing. */
#define DISCOVER_MAX 64

static const struct {
    const char *mime, *kind;
} kinds[] = {
    {"application/rss+xml", "rss"},   {"application/rdf+xml", "rss"},
    {"application/atom+xml", "atom"}, {"application/feed+json", "json"},
    {"application/json", "json"},
};

/* The kind of a type attribute ("application/rss+xml; charset=utf-8"), or
 * NULL when it is not a feed type. */
static const char *kind_of(const char *type)
{
    while (isspace((unsigned char)*type))
        type++;
    size_t len = strcspn(type, "; \t");
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (len == strlen(kinds[i].mime) && !strncasecmp(type, kinds[i].mime, len))
            return kinds[i].kind;
    return NULL;
}

/* rel is a space-separated list of link types; "alternate" must be one. */
static int rel_has_alternate(const char *rel)
{
    const char *p = rel;
    while (*p) {
        while (isspace((unsigned char)*p))
            p++;
        const char *t = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if (p - t == 9 && !strncasecmp(t, "alternate", 9)) return 1;
    }
    return 0;
}

/* href resolved against base (both may hold edge spaces). Returns a malloc'd
 * absolute http(s) URL, or NULL when it is neither. */
static char *resolve(const char *base, const char *href)
{
    char *h = xstrdup(href);
    if (!h) return NULL;
    char *t = str_trim(h);
    char *out = NULL, *scheme = NULL, *full = NULL;
    CURLU *u = curl_url();
    if (u && *t && curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_URL, t, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        (!strcasecmp(scheme, "http") || !strcasecmp(scheme, "https")) &&
        curl_url_get(u, CURLUPART_URL, &full, 0) == CURLUE_OK)
        out = xstrdup(full);
    curl_free(scheme);
    curl_free(full);
    curl_url_cleanup(u);
    free(h);
    return out;
}

static char *prop(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *s = v ? xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static xmlNode *walk_next(xmlNode *n, xmlNode *top)
{
    if (n->children) return n->children;
    while (n && n != top) {
        if (n->next) return n->next;
        n = n->parent;
    }
    return NULL;
}

static int is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && !strcasecmp((const char *)n->name, name);
}

void discover_free(struct discover_link *links, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(links[i].url);
        free(links[i].type);
        free(links[i].title);
    }
    free(links);
}

int discover_feeds(const char *html, size_t len, const char *page_url, struct discover_link **out,
                   size_t *n)
{
    *out = NULL;
    *n = 0;
    if (xml_thread_setup()) return -1;
    char *clean = text_sanitize(html ? html : "", html ? len : 0);
    if (!clean) return err_set("out of memory");
    size_t clen = strlen(clean);
    htmlDocPtr doc = clen && clen <= INT_MAX
                         ? htmlReadMemory(clean, (int)clen, NULL, "UTF-8",
                                          HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                              HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER)
                         : NULL;
    free(clean);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        if (doc) xmlFreeDoc(doc);
        return 0;
    }
    /* The first <base href> decides, as in browsers; it is itself relative
     * to the page. */
    char *base = NULL;
    for (xmlNode *x = root; x && !base; x = walk_next(x, root)) {
        if (!is_elem(x, "base")) continue;
        char *href = prop(x, "href");
        if (href) base = resolve(page_url, href);
        free(href);
    }
    struct discover_link *v = NULL;
    size_t k = 0, cap = 0;
    int rc = 0;
    for (xmlNode *x = root; x && rc == 0 && k < DISCOVER_MAX; x = walk_next(x, root)) {
        if (!is_elem(x, "link")) continue;
        char *rel = prop(x, "rel"), *type = prop(x, "type"), *href = prop(x, "href");
        const char *kind = rel && type && href && rel_has_alternate(rel) ? kind_of(type) : NULL;
        char *url = kind ? resolve(base ? base : page_url, href) : NULL;
        int dup = 0;
        for (size_t i = 0; url && i < k && !dup; i++)
            dup = !strcmp(v[i].url, url);
        if (url && !dup) {
            char *title = prop(x, "title");
            char *line = title ? text_single_line(title, strlen(title)) : NULL;
            free(title);
            if (line && !*line) {
                free(line);
                line = NULL;
            }
            if (array_room(&v, k, &cap, sizeof *v)) {
                free(line);
                rc = -1;
            } else {
                v[k].url = url;
                v[k].type = xstrdup(kind);
                v[k].title = line;
                url = NULL;
                if (!v[k].type) rc = err_set("out of memory");
                k++;
            }
        }
        free(url);
        free(rel);
        free(type);
        free(href);
    }
    free(base);
    xmlFreeDoc(doc);
    if (rc) {
        discover_free(v, k);
        return -1;
    }
    *out = v;
    *n = k;
    return 0;
}
