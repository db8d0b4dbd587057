#include "core/html.h"
#include "core/str.h"
#include "core/utf8.h"
#include "core/xmlsafe.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* Pending separator before the next visible character, strongest wins. */
enum { BRK_NONE, BRK_SPACE, BRK_LINE, BRK_PARA };

/* Embedded content: what the parser puts inside these is left out, unless
 * the source never closes them (see html_to_text). <embed> has no content
 * at all in HTML, so whatever the parser nests in it is the text after it. */
static const char *const embedded[] = {"embed", "iframe", "object", "video",
                                       "audio", "canvas", NULL};

struct walker {
    struct sbuf out;
    int pending;
    int pre;           /* inside <pre>: keep white space */
    unsigned unclosed; /* bit i: embedded[i] is opened more often than closed */
    int err;
};

static const char *const dropped[] = {"script",   "style",  "head",   "title", "noscript",
                                      "template", "iframe", "object", "embed", "svg",
                                      "math",     "select", "button", "img",   "video",
                                      "audio",    "canvas", "map",    NULL};
static const char *const blocks[] = {
    "p",          "div",     "h1",     "h2",       "h3",      "h4",      "h5",
    "h6",         "ul",      "ol",     "dl",       "dt",      "dd",      "blockquote",
    "pre",        "table",   "thead",  "tbody",    "tfoot",   "tr",      "section",
    "article",    "header",  "footer", "nav",      "aside",   "main",    "figure",
    "figcaption", "address", "hr",     "fieldset", "details", "summary", "center",
    "form",       "caption", "body",   "html",     "li",      NULL};

static int in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcasecmp(name, *list) == 0) return 1;
    return 0;
}

static void flush_pending(struct walker *w)
{
    if (w->out.len > 0 && !w->err) {
        int rc = 0;
        if (w->pending == BRK_SPACE)
            rc = sbuf_addc(&w->out, ' ');
        else if (w->pending == BRK_LINE)
            rc = sbuf_addc(&w->out, '\n');
        else if (w->pending == BRK_PARA)
            rc = sbuf_adds(&w->out, "\n\n");
        if (rc) w->err = 1;
    }
    w->pending = BRK_NONE;
}

static void brk(struct walker *w, int level)
{
    if (w->pending < level) w->pending = level;
}

static void emit_lit(struct walker *w, const char *s)
{
    flush_pending(w);
    if (!w->err && sbuf_adds(&w->out, s)) w->err = 1;
}

static void emit_text(struct walker *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p && !w->err) {
        if (w->pre) {
            if (*p == '\n') {
                brk(w, BRK_LINE);
                flush_pending(w);
                if (w->out.len == 0) w->pending = BRK_NONE;
                p++;
                continue;
            }
            flush_pending(w);
            if (sbuf_addc(&w->out, (char)*p)) w->err = 1;
            p++;
            continue;
        }
        /* ASCII white space and U+00A0 collapse into one space. */
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') {
            brk(w, BRK_SPACE);
            p++;
            continue;
        }
        if (p[0] == 0xC2 && p[1] == 0xA0) {
            brk(w, BRK_SPACE);
            p += 2;
            continue;
        }
        const unsigned char *q = p;
        while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != '\f' &&
               !(q[0] == 0xC2 && q[1] == 0xA0))
            q++;
        flush_pending(w);
        if (sbuf_add(&w->out, (const char *)p, (size_t)(q - p))) w->err = 1;
        p = q;
    }
}

static int blank_text(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s)) return 0;
    return 1;
}

static int href_ok(const char *href)
{
    return strncasecmp(href, "http://", 7) == 0 || strncasecmp(href, "https://", 8) == 0 ||
           strncasecmp(href, "ftp://", 6) == 0;
}

/* The link text says the same as the URL ("example.com/x" for
 * "https://example.com/x/"). */
static int same_as_url(const char *text, size_t tlen, const char *url)
{
    if (strncasecmp(url, "http://", 7) == 0)
        url += 7;
    else if (strncasecmp(url, "https://", 8) == 0)
        url += 8;
    if (tlen >= 7 && strncasecmp(text, "http://", 7) == 0)
        text += 7, tlen -= 7;
    else if (tlen >= 8 && strncasecmp(text, "https://", 8) == 0)
        text += 8, tlen -= 8;
    size_t ul = strlen(url);
    while (ul && url[ul - 1] == '/')
        ul--;
    while (tlen && text[tlen - 1] == '/')
        tlen--;
    return ul == tlen && strncasecmp(text, url, ul) == 0;
}

/* Returns 1 to descend into the node's children. */
static int enter(struct walker *w, xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content) emit_text(w, (const char *)n->content);
        return 0;
    }
    if (n->type != XML_ELEMENT_NODE || !n->name) return 0;
    const char *name = (const char *)n->name;
    for (unsigned i = 0; embedded[i]; i++)
        if (strcasecmp(name, embedded[i]) == 0 && (i == 0 || (w->unclosed & (1u << i))))
            return 1; /* nothing of its own; what follows it is text */
    if (in_list(name, dropped)) return 0;
    if (strcasecmp(name, "br") == 0) {
        brk(w, w->pending == BRK_LINE ? BRK_PARA : BRK_LINE);
        return 0;
    }
    if (strcasecmp(name, "li") == 0) {
        brk(w, BRK_LINE);
        emit_lit(w, "- ");
        return 1;
    }
    if (strcasecmp(name, "tr") == 0) {
        brk(w, BRK_LINE);
        return 1;
    }
    if (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0) {
        xmlNode *prev = n->prev;
        while (prev && prev->type != XML_ELEMENT_NODE)
            prev = prev->prev;
        if (prev && w->out.len) {
            w->pending = BRK_NONE;
            emit_lit(w, " | ");
        }
        return 1;
    }
    if (in_list(name, blocks)) {
        brk(w, BRK_PARA);
        if (strcasecmp(name, "pre") == 0) w->pre++;
        return 1;
    }
    if (strcasecmp(name, "a") == 0) {
        /* Remember where the link text starts; leave() compares it with
         * the URL. _private is free for the application's use. */
        flush_pending(w);
        n->_private = (void *)(uintptr_t)(w->out.len + 1);
    }
    return 1;
}

static void leave(struct walker *w, xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || !n->name) return;
    const char *name = (const char *)n->name;
    if (strcasecmp(name, "a") == 0 && n->_private) {
        size_t start = (size_t)(uintptr_t)n->_private - 1;
        n->_private = NULL;
        xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
        if (href) {
            const char *h = (const char *)href;
            while (isspace((unsigned char)*h))
                h++;
            const char *text = w->out.p ? w->out.p + start : "";
            size_t tlen = w->out.len > start ? w->out.len - start : 0;
            while (tlen && isspace((unsigned char)*text))
                text++, tlen--;
            if (href_ok(h) && tlen > 0 && !same_as_url(text, tlen, h) && !w->pre) {
                w->pending = BRK_NONE;
                emit_lit(w, " <");
                emit_lit(w, h);
                emit_lit(w, ">");
            }
            xmlFree(href);
        }
        return;
    }
    if (strcasecmp(name, "tr") == 0 || strcasecmp(name, "li") == 0) {
        brk(w, BRK_LINE);
        return;
    }
    if (in_list(name, blocks)) {
        if (strcasecmp(name, "pre") == 0 && w->pre) w->pre--;
        brk(w, BRK_PARA);
    }
}

/* How many times s (n bytes) opens ("<name" then a space, '/' or '>') and
 * closes ("</name") an element, in any case. */
static void count_tags(const char *s, size_t n, const char *name, size_t *open, size_t *close)
{
    size_t k = strlen(name);
    *open = *close = 0;
    for (const char *p = s; (p = memchr(p, '<', (size_t)(s + n - p))) != NULL; p++) {
        const char *q = p + 1;
        int closing = q < s + n && *q == '/';
        if (closing) q++;
        if ((size_t)(s + n - q) <= k || strncasecmp(q, name, k) != 0) continue;
        char after = q[k];
        if (closing)
            ++*close;
        else if (after == ' ' || after == '>' || after == '/' || after == '\t' || after == '\n')
            ++*open;
    }
}

/* Walks the tree without recursion: a hostile document may nest elements
 * deeper than a thread's stack allows. */
static void walk(struct walker *w, xmlDoc *doc)
{
    xmlNode *cur = doc->children;
    while (cur && !w->err) {
        if (enter(w, cur) && cur->children) {
            cur = cur->children;
            continue;
        }
        for (;;) {
            leave(w, cur);
            if (cur->next) {
                cur = cur->next;
                break;
            }
            cur = cur->parent;
            if (!cur || cur == (xmlNode *)doc) {
                cur = NULL;
                break;
            }
        }
    }
}

/* One line naming an image, player or bare link: "Image: ALT <URL>". */
static void media_line(struct walker *w, const char *what, xmlNode *n, const char *url_attr,
                       const char *text_attr)
{
    xmlChar *url = xmlGetProp(n, (const xmlChar *)url_attr);
    xmlChar *text = text_attr ? xmlGetProp(n, (const xmlChar *)text_attr) : NULL;
    const char *u = url ? (const char *)url : "";
    while (isspace((unsigned char)*u))
        u++;
    int has_url = href_ok(u), has_text = text && !blank_text((const char *)text);
    if (has_url || has_text) {
        brk(w, BRK_LINE);
        emit_lit(w, what);
        if (has_text) {
            emit_lit(w, ": ");
            emit_text(w, (const char *)text);
        }
        if (has_url) {
            w->pending = BRK_NONE;
            emit_lit(w, " <");
            emit_lit(w, u);
            emit_lit(w, ">");
        }
    }
    xmlFree(url);
    xmlFree(text);
}

/* When the markup gives no text at all (an image, a player, a link around
 * an image), what it shows is listed instead, one line each, so that an
 * item made only of such things still says something. */
static void media_walk(struct walker *w, xmlDoc *doc)
{
    xmlNode *cur = doc->children;
    while (cur && !w->err) {
        int down = 1;
        if (cur->type == XML_ELEMENT_NODE && cur->name) {
            const char *name = (const char *)cur->name;
            if (!strcasecmp(name, "img"))
                media_line(w, "Image", cur, "src", "alt");
            else if (!strcasecmp(name, "video") || !strcasecmp(name, "audio"))
                media_line(w, !strcasecmp(name, "video") ? "Video" : "Audio", cur, "src", "title");
            else if (!strcasecmp(name, "iframe") || !strcasecmp(name, "embed"))
                media_line(w, "Embedded", cur, "src", "title");
            else if (!strcasecmp(name, "object"))
                media_line(w, "Embedded", cur, "data", "title");
            else if (!strcasecmp(name, "source"))
                media_line(w, "Media", cur, "src", NULL);
            else if (!strcasecmp(name, "a"))
                media_line(w, "Link", cur, "href", "title");
            else if (!strcasecmp(name, "script") || !strcasecmp(name, "style"))
                down = 0;
        }
        if (down && cur->children) {
            cur = cur->children;
            continue;
        }
        while (cur && !cur->next) {
            cur = cur->parent;
            if (cur == (xmlNode *)doc) cur = NULL;
        }
        if (cur) cur = cur->next;
    }
}

char *html_to_text(const char *html, size_t len)
{
    if (!html || len == 0) return text_sanitize("", 0);
    if (xml_thread_setup()) return NULL;
    /* Controls, escape sequences (written raw or as character references:
     * the parser would drop an ESC alone and leave "[31m" in the text), NUL
     * bytes and bad UTF-8 go before parsing; a sequence ends at the next
     * tag, so it cannot take the markup after it along. */
    char *in = text_sanitize_markup(html, len);
    if (!in) return NULL;
    size_t n = strlen(in);
    if (n == 0 || n > INT_MAX) {
        free(in);
        return text_sanitize("", 0);
    }
    /* XML_PARSE_HUGE lifts the nesting limit from 256 to 2048: deeper
     * documents are cut there by libxml2; the walk below is iterative. */
    xmlDoc *doc = htmlReadMemory(in, (int)n, NULL, "UTF-8",
                                 HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                     HTML_PARSE_RECOVER | XML_PARSE_HUGE);
    if (!doc) {
        char *t = text_sanitize(in, n);
        free(in);
        return t;
    }
    /* An <iframe> or <object> never closed holds, to the parser, all the
     * text after it, which leaving it out would lose; the source tells. */
    struct walker w = {0};
    for (unsigned i = 1; embedded[i]; i++) {
        size_t open, close;
        count_tags(in, n, embedded[i], &open, &close);
        if (open > close) w.unclosed |= 1u << i;
    }
    free(in);
    walk(&w, doc);
    if (!w.err && w.out.len == 0) media_walk(&w, doc);
    xmlFreeDoc(doc);
    if (w.err) {
        sbuf_free(&w.out);
        return NULL;
    }
    char *t = text_sanitize(w.out.p ? w.out.p : "", w.out.len);
    sbuf_free(&w.out);
    return t;
}

int html_has_tags(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] != '<') continue;
        unsigned char c = (unsigned char)s[i + 1];
        if (isalpha(c) || c == '!' || (c == '/' && i + 2 < n && isalpha((unsigned char)s[i + 2])))
            return 1;
    }
    return 0;
}

int html_looks_like(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] == '<') {
            unsigned char c = (unsigned char)s[i + 1];
            if (isalpha(c) || c == '!' ||
                (c == '/' && i + 2 < n && isalpha((unsigned char)s[i + 2])))
                return 1;
        } else if (s[i] == '&') {
            size_t j = i + 1;
            if (s[j] == '#') {
                j++;
                if (j < n && (s[j] == 'x' || s[j] == 'X')) j++;
                size_t d = j;
                while (j < n && isxdigit((unsigned char)s[j]))
                    j++;
                if (j > d && j < n && s[j] == ';') return 1;
            } else {
                size_t d = j;
                while (j < n && j - d < 12 && isalnum((unsigned char)s[j]))
                    j++;
                if (j - d >= 2 && j < n && s[j] == ';') return 1;
            }
        }
    }
    return 0;
}
