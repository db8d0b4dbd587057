/* fulltext: the main text of an article's web page. */
#include "core/fulltext.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "core/err.h"
#include "core/fetch.h"
#include "core/str.h"
#include "core/utf8.h"
#include "core/xmlsafe.h"

/* Never article text, wherever they stand. */
static const char *const boiler_tags[] = {
    "nav", "header", "footer", "aside",  "form",     "script", "style", "noscript", "iframe",
    "svg", "button", "select", "object", "template", "dialog", "menu",  NULL};

/* Words in a class or id that mark a block as page furniture. */
static const char *const boiler_words[] = {
    "comment", "share",    "social",     "related",   "promo", "newsletter", "subscribe",
    "advert",  "cookie",   "breadcrumb", "sidebar",   "popup", "paywall",    "signup",
    "sponsor", "outbrain", "taboola",    "recommend", NULL};

/* Elements whose text is one paragraph of the result. */
static const char *const para_tags[] = {"p",  "h1", "h2",         "h3",  "h4", "h5",
                                        "h6", "li", "blockquote", "pre", "dd", NULL};

static int in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (!strcasecmp(name, *list)) return 1;
    return 0;
}

static int is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && !strcasecmp((const char *)n->name, name);
}

/* "ad" alone is a word too, but only as a whole token ("ad", "ad-slot"),
 * or "head" and "shadow" would go. */
static int token_is_boiler(const char *tok, size_t len)
{
    for (const char *const *w = boiler_words; *w; w++) {
        size_t wl = strlen(*w);
        for (size_t i = 0; i + wl <= len; i++)
            if (!strncasecmp(tok + i, *w, wl)) return 1;
    }
    return (len == 2 && !strncasecmp(tok, "ad", 2)) || (len > 3 && !strncasecmp(tok, "ad-", 3)) ||
           (len > 3 && !strncasecmp(tok, "ads", 3) && !isalpha((unsigned char)tok[3]));
}

static int attr_is_boiler(xmlNode *n, const char *attr)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    if (!v) return 0;
    int hit = 0;
    const char *p = (const char *)v;
    while (*p && !hit) {
        while (*p && isspace((unsigned char)*p))
            p++;
        const char *t = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if (p > t) hit = token_is_boiler(t, (size_t)(p - t));
    }
    xmlFree(v);
    return hit;
}

static int is_boiler(xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || !n->name) return 0;
    const char *name = (const char *)n->name;
    /* The article and main elements are never furniture, whatever their
     * class says ("article-with-comments"). */
    if (!strcasecmp(name, "article") || !strcasecmp(name, "main") || !strcasecmp(name, "body"))
        return 0;
    if (in_list(name, boiler_tags)) return 1;
    xmlChar *role = xmlGetProp(n, (const xmlChar *)"role");
    int nav = role && (!strcasecmp((const char *)role, "navigation") ||
                       !strcasecmp((const char *)role, "banner") ||
                       !strcasecmp((const char *)role, "contentinfo") ||
                       !strcasecmp((const char *)role, "complementary"));
    xmlFree(role);
    return nav || attr_is_boiler(n, "class") || attr_is_boiler(n, "id");
}

/* The next node of a depth-first walk, skipping n's children when descend
 * is 0; stops at top. */
static xmlNode *walk_next(xmlNode *n, xmlNode *top, int descend)
{
    if (descend && n->children) return n->children;
    while (n && n != top) {
        if (n->next) return n->next;
        n = n->parent;
    }
    return NULL;
}

/* A node's text with white space folded into single spaces, appended to b.
 * Returns the number of non-space bytes added, or -1 (memory). */
static long add_folded(struct sbuf *b, xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    if (!c) return 0;
    long chars = 0;
    int space = 0, rc = 0;
    for (const unsigned char *p = c; *p && rc == 0; p++) {
        if (isspace(*p) || (p[0] == 0xC2 && p[1] == 0xA0)) {
            if (*p == 0xC2) p++;
            space = 1;
            continue;
        }
        if (space && chars) rc = sbuf_addc(b, ' ');
        space = 0;
        if (rc == 0) rc = sbuf_addc(b, (char)*p);
        chars++;
    }
    xmlFree(c);
    return rc ? -1 : chars;
}

/* Paragraph text inside a node: the length of its <p> text. */
static long p_text(xmlNode *top)
{
    long total = 0;
    struct sbuf b = {0};
    for (xmlNode *n = top->children; n; n = walk_next(n, top, !is_elem(n, "p"))) {
        if (!is_elem(n, "p")) continue;
        sbuf_reset(&b);
        long k = add_folded(&b, n);
        if (k > 0) total += k;
    }
    sbuf_free(&b);
    return total;
}

/* The element whose text is the article. */
static xmlNode *choose(xmlNode *root)
{
    xmlNode *best = NULL, *main = NULL;
    long best_len = 0;
    for (xmlNode *n = root; n; n = walk_next(n, root, 1)) {
        if (is_elem(n, "article")) {
            long k = p_text(n);
            if (k > best_len) best = n, best_len = k;
        } else if (!main && is_elem(n, "main")) {
            main = n;
        }
    }
    if (best && best_len >= FULLTEXT_MIN_CHARS) return best;
    if (main && p_text(main) >= FULLTEXT_MIN_CHARS) return main;
    /* The densest block: the parent with the most text in its own <p>s. */
    best = NULL;
    best_len = 0;
    struct sbuf b = {0};
    for (xmlNode *n = root; n; n = walk_next(n, root, 1)) {
        if (n->type != XML_ELEMENT_NODE) continue;
        long k = 0;
        for (xmlNode *c = n->children; c; c = c->next) {
            if (!is_elem(c, "p")) continue;
            sbuf_reset(&b);
            long t = add_folded(&b, c);
            if (t > 0) k += t;
        }
        if (k > best_len) best = n, best_len = k;
    }
    sbuf_free(&b);
    return best;
}

/* The chosen element's paragraphs, blank lines between. A paragraph's text
 * is taken whole, so its own inner blocks are not visited again. */
static int render(xmlNode *top, struct sbuf *out)
{
    for (xmlNode *n = top; n && out->len <= FULLTEXT_MAX_BYTES;) {
        int para =
            n->type == XML_ELEMENT_NODE && n->name && in_list((const char *)n->name, para_tags);
        if (para) {
            size_t mark = out->len;
            if (out->len && sbuf_adds(out, "\n\n")) return -1;
            long k = add_folded(out, n);
            if (k < 0) return -1;
            if (k == 0) { /* an empty paragraph leaves no blank line */
                out->len = mark;
                if (out->p) out->p[mark] = '\0';
            }
        }
        n = walk_next(n, top, !para);
    }
    return 0;
}

char *fulltext_extract(const char *html, size_t len)
{
    if (xml_thread_setup()) return NULL;
    char *clean = text_sanitize(html ? html : "", html ? len : 0);
    if (!clean) {
        err_set("out of memory");
        return NULL;
    }
    size_t clen = strlen(clean);
    if (clen == 0 || clen > INT_MAX) {
        free(clean);
        err_set("no article text found");
        return NULL;
    }
    htmlDocPtr doc = htmlReadMemory(clean, (int)clen, NULL, "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_RECOVER);
    free(clean);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        if (doc) xmlFreeDoc(doc);
        err_set("no article text found");
        return NULL;
    }
    /* Drop the furniture first, so neither the choice nor the text sees it.
     * A dropped node's children are not visited (they go with it). */
    xmlNode **drop = NULL;
    size_t n_drop = 0, cap = 0;
    int oom = 0;
    for (xmlNode *n = root; n;) {
        int boiler = n != root && is_boiler(n);
        if (boiler) {
            if (array_room(&drop, n_drop, &cap, sizeof *drop)) {
                oom = 1;
                break;
            }
            drop[n_drop++] = n;
        }
        n = walk_next(n, root, !boiler);
    }
    for (size_t i = 0; i < n_drop; i++) {
        xmlUnlinkNode(drop[i]);
        xmlFreeNode(drop[i]);
    }
    free(drop);
    struct sbuf out = {0};
    xmlNode *top = oom ? NULL : choose(root);
    if (top && render(top, &out)) oom = 1;
    xmlFreeDoc(doc);
    if (oom) {
        sbuf_free(&out);
        err_set("out of memory");
        return NULL;
    }
    if (out.len < FULLTEXT_MIN_CHARS) {
        sbuf_free(&out);
        err_set("no article text found");
        return NULL;
    }
    char *t = text_sanitize(out.p, out.len);
    sbuf_free(&out);
    if (!t) {
        err_set("out of memory");
        return NULL;
    }
    return text_clip(t, FULLTEXT_MAX_BYTES);
}

struct page_run {
    struct article *items;
    struct sbuf *errors;
    int failed, oom;
};

static void page_failed(struct page_run *pr, const char *link, const char *why)
{
    pr->failed++;
    if (pr->errors && pr->errors->len < 2048 && sbuf_printf(pr->errors, "%s: %s; ", link, why))
        pr->oom = 1;
}

static int on_page(void *ctx, const struct fetch_result *r)
{
    struct page_run *pr = ctx;
    struct article *a = &pr->items[r->id];
    if (r->error || !r->body) {
        page_failed(pr, r->url, r->error ? r->error : "no body");
        return 0;
    }
    char *text = fulltext_extract(r->body, r->len);
    if (!text) {
        page_failed(pr, r->url, err_msg());
        return 0;
    }
    /* The page is kept only when it says more than the feed did. */
    size_t have = a->content ? strlen(a->content) : a->summary ? strlen(a->summary) : 0;
    if (strlen(text) > have) {
        free(a->content);
        a->content = text;
    } else {
        free(text);
    }
    return 0;
}

int fulltext_fetch(const struct fetch_opts *o, struct article *items, size_t n, size_t max_pages,
                   struct sbuf *errors)
{
    size_t want = n < max_pages ? n : max_pages;
    if (want == 0) return 0;
    struct fetch_req *reqs = calloc(want, sizeof *reqs);
    if (!reqs) return err_set("out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n && k < want; i++) {
        const char *l = items[i].link;
        if (!l || (strncasecmp(l, "http://", 7) && strncasecmp(l, "https://", 8))) continue;
        reqs[k].id = (int64_t)i;
        reqs[k].url = l;
        k++;
    }
    struct page_run pr = {.items = items, .errors = errors};
    int rc = k ? fetch_run(o, reqs, k, on_page, &pr) : 0;
    free(reqs);
    if (rc < 0) return -1;
    if (pr.oom) return err_set("out of memory");
    return pr.failed;
}
