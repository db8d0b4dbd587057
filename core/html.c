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

/* name is lower (a lowercase name), in any case. The first letter is
 * compared first: an element meets some sixty names on the way in and out. */
static int name_is(const char *name, const char *lower)
{
    return (name[0] | 0x20) == lower[0] && strcasecmp(name, lower) == 0;
}

static int in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (name_is(name, *list)) return 1;
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

/* Text kept as it is, inside <pre>. */
static void emit_pre(struct walker *w, const unsigned char *p)
{
    while (*p && !w->err) {
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
    }
}

static int is_space(const unsigned char *p)
{
    return *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' ||
           (p[0] == 0xC2 && p[1] == 0xA0);
}

/* Text with its white space collapsed. What it adds is at most its own
 * length and the separator pending before it ("\n\n"), so the room is made
 * once and the words are written straight in (as flush_pending would). */
static void emit_text(struct walker *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (w->pre) {
        emit_pre(w, p);
        return;
    }
    if (w->err) return;
    size_t n = strlen(s);
    struct sbuf *b = &w->out;
    if (b->len + n + 3 > b->cap && sbuf_reserve(b, n + 2 > b->cap ? n + 2 : b->cap)) {
        w->err = 1;
        return;
    }
    char *o = b->p + b->len;
    while (*p) {
        /* ASCII white space and U+00A0 collapse into one space. */
        if (is_space(p)) {
            brk(w, BRK_SPACE);
            p += *p == 0xC2 ? 2 : 1;
            continue;
        }
        const unsigned char *q = p + 1;
        while (*q && !is_space(q))
            q++;
        if (o > b->p && w->pending != BRK_NONE) {
            if (w->pending == BRK_PARA) *o++ = '\n';
            *o++ = w->pending == BRK_SPACE ? ' ' : '\n';
        }
        w->pending = BRK_NONE;
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        p = q;
    }
    b->len = (size_t)(o - b->p);
    b->p[b->len] = '\0';
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
        if (name_is(name, embedded[i]) && (i == 0 || (w->unclosed & (1u << i))))
            return 1; /* nothing of its own; what follows it is text */
    if (in_list(name, dropped)) return 0;
    if (name_is(name, "br")) {
        brk(w, w->pending == BRK_LINE ? BRK_PARA : BRK_LINE);
        return 0;
    }
    if (name_is(name, "li")) {
        brk(w, BRK_LINE);
        emit_lit(w, "- ");
        return 1;
    }
    if (name_is(name, "tr")) {
        brk(w, BRK_LINE);
        return 1;
    }
    if (name_is(name, "td") || name_is(name, "th")) {
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
        if (name_is(name, "pre")) w->pre++;
        return 1;
    }
    if (name_is(name, "a")) {
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
    if (name_is(name, "a") && n->_private) {
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
    if (name_is(name, "tr") || name_is(name, "li")) {
        brk(w, BRK_LINE);
        return;
    }
    if (in_list(name, blocks)) {
        if (name_is(name, "pre") && w->pre) w->pre--;
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

/* -- Paragraphs and line breaks only ---------------------------------------
 *
 * Most wire copy is text in <p> elements with a few entities. For such a
 * fragment the parser's tree is known in advance, so the text is made here
 * from the source, by the same rules as the walk, without building it
 * (libxml2 reads character data a character at a time, which made HTML to
 * text the largest cost of a fetch after analysis and packing). Anything
 * else, or anything the parser would read differently (a stray byte, a
 * byte order mark, an unknown entity), goes to the parser. */

/* The tag at s (<p>, </p>, <br>, <br/>, <br />): its length, with *kind
 * 'p', '/' or 'b'; 0 for any other. */
static size_t simple_tag(const char *s, size_t n, char *kind)
{
    static const struct {
        const char *tag;
        char kind;
    } tags[] = {{"<p>", 'p'}, {"</p>", '/'}, {"<br>", 'b'}, {"<br/>", 'b'}, {"<br />", 'b'}};
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++) {
        size_t k = strlen(tags[i].tag);
        if (k <= n && memcmp(s, tags[i].tag, k) == 0) {
            *kind = tags[i].kind;
            return k;
        }
    }
    return 0;
}

/* The entity at s ("&amp;", "&lt;", "&gt;", "&quot;", or "&#DDD;" naming a
 * printable ASCII character): its length, with *c the character; 0 for any
 * other. */
static size_t simple_entity(const char *s, size_t n, char *c)
{
    static const struct {
        const char *name;
        char c;
    } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}};
    for (size_t i = 0; i < sizeof ents / sizeof *ents; i++) {
        size_t k = strlen(ents[i].name);
        if (k <= n && memcmp(s, ents[i].name, k) == 0) {
            *c = ents[i].c;
            return k;
        }
    }
    size_t j = 2;
    unsigned v = 0;
    if (n < 4 || s[1] != '#') return 0;
    while (j < n && j < 8 && s[j] >= '0' && s[j] <= '9')
        v = v * 10 + (unsigned)(s[j++] - '0');
    if (j == 2 || j >= n || s[j] != ';' || v < 32 || v > 126) return 0;
    *c = (char)v;
    return j + 1;
}

/* 1 when s (n bytes, sanitized) is made of text and the tags and entities
 * above only, holds some text that is not white space, and has no byte the
 * parser reads otherwise: a control other than tab and newline, a carriage
 * return, U+FFFE or U+FFFF (dropped by it) or a leading byte order mark
 * (skipped by it). */
static int simple_markup(const char *s, size_t n)
{
    /* What each byte is: 0 text, 1 white space, 2 '<', 3 '&', 4 a stray
     * byte, 5 0xEF (which may start U+FFFE or U+FFFF). */
    static const unsigned char cls[256] = {[0 ... 8] = 4,   ['\t'] = 1, ['\n'] = 1,
                                           [11 ... 31] = 4, [' '] = 1,  ['<'] = 2,
                                           ['&'] = 3,       [0x7f] = 4, [0xEF] = 5};
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) return 0;
    int text = 0;
    for (size_t i = 0; i < n;) {
        /* Text and white space, without a branch between them. */
        unsigned blank = 1;
        while (i < n && cls[u[i]] <= 1)
            blank &= cls[u[i++]];
        text |= !blank;
        if (i == n) break;
        char c;
        size_t k = 1;
        switch (cls[u[i]]) {
        case 0:
            text = 1;
            break;
        case 1:
            break;
        case 2:
            if (!(k = simple_tag(s + i, n - i, &c))) return 0;
            break;
        case 3:
            if (!(k = simple_entity(s + i, n - i, &c))) return 0;
            text = 1;
            break;
        case 4:
            return 0;
        default:
            if (i + 2 < n && u[i + 1] == 0xBF && (u[i + 2] & 0xFE) == 0xBE) return 0;
            text = 1;
        }
        i += k;
    }
    return text;
}

/* The text of s (n bytes, NUL-terminated, simple_markup), as walk() makes
 * it of the tree the parser builds: <html> and <body> implied; text before
 * any start tag (white space skipped) in an implied <p>; a <p> closes an
 * open one; a </p> with none open is ignored. s is decoded in place. */
static void simple_walk(struct walker *w, char *s, size_t n)
{
    int started = 0, p_open = 0;
    size_t i = 0;
    while (i < n && !w->err) {
        char c;
        size_t k = s[i] == '<' ? simple_tag(s + i, n - i, &c) : 0;
        if (k) {
            if (c == 'b') {
                brk(w, w->pending == BRK_LINE ? BRK_PARA : BRK_LINE);
            } else if (c == 'p' || p_open) {
                brk(w, BRK_PARA);
                p_open = c == 'p';
            }
            /* An end tag implies nothing: text after it is in a <p>. */
            if (c != '/') started = 1;
            i += k;
            continue;
        }
        const char *lt = memchr(s + i, '<', n - i);
        size_t end = lt ? (size_t)(lt - s) : n, at;
        if (!started) {
            while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
                i++;
            if (i == end) continue;
            started = p_open = 1;
        }
        /* Entities decode in place: the text only gets shorter. */
        const char *amp = memchr(s + i, '&', end - i);
        at = amp ? (size_t)(amp - s) : end;
        for (size_t j = at; j < end;) {
            if (s[j] == '&' && (k = simple_entity(s + j, end - j, &c))) {
                s[at++] = c;
                j += k;
            } else {
                s[at++] = s[j++];
            }
        }
        char keep = s[end];
        s[at] = '\0';
        emit_text(w, s + i);
        s[end] = keep;
        i = end;
    }
}

/* The text of in (n bytes, sanitized) through libxml2's HTML parser and
 * the walk. Returns -1 when the parser makes no document of it (in is
 * then kept for the caller), else 0 with in freed. */
static int parse_walk(struct walker *w, char *in, size_t n)
{
    /* XML_PARSE_HUGE lifts the nesting limit from 256 to 2048: deeper
     * documents are cut there by libxml2; the walk below is iterative. */
    xmlDoc *doc = htmlReadMemory(in, (int)n, NULL, "UTF-8",
                                 HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                     HTML_PARSE_RECOVER | XML_PARSE_HUGE);
    if (!doc) return -1;
    /* An <iframe> or <object> never closed holds, to the parser, all the
     * text after it, which leaving it out would lose; the source tells. */
    for (unsigned i = 1; embedded[i]; i++) {
        size_t open, close;
        count_tags(in, n, embedded[i], &open, &close);
        if (open > close) w->unclosed |= 1u << i;
    }
    free(in);
    walk(w, doc);
    if (!w->err && w->out.len == 0) media_walk(w, doc);
    xmlFreeDoc(doc);
    return 0;
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
    struct walker w = {0};
    if (simple_markup(in, n)) {
        simple_walk(&w, in, n);
        free(in);
    } else if (parse_walk(&w, in, n)) {
        char *t = text_sanitize(in, n);
        free(in);
        return t;
    }
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
