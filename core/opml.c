#include "core/opml.h"
#include "core/err.h"
#include "core/str.h"
#include "core/utf8.h"
#include "core/xmlsafe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Folder nesting deeper than this is flattened into its deepest kept level:
 * real lists use one or two levels. */
#define OPML_MAX_DEPTH 32

struct list {
    struct opml_entry *e;
    size_t n, cap;
};

static char *attr_text(xmlNode *n, const char *name)
{
    char *raw = xml_attr(n, name);
    if (!raw) return NULL;
    char *t = text_single_line(raw, strlen(raw));
    free(raw);
    if (t && !t[0]) {
        free(t);
        t = NULL;
    }
    return t ? text_clip(t, 4096) : NULL;
}

static void entry_clear(struct opml_entry *e)
{
    free(e->url);
    free(e->title);
    free(e->html_url);
    free(e->category);
    free(e->tags);
    memset(e, 0, sizeof *e);
}

static int add_entry(struct list *l, xmlNode *o, const char *path)
{
    struct opml_entry e = {0};
    e.url = attr_text(o, "xmlUrl");
    if (!e.url) e.url = attr_text(o, "xmlurl"); /* OPML 1.0 writers vary */
    if (!e.url) return 0;
    e.title = attr_text(o, "title");
    if (!e.title) e.title = attr_text(o, "text");
    e.html_url = attr_text(o, "htmlUrl");
    e.category = path[0] ? strdup(path) : NULL;
    e.tags = attr_text(o, "category");
    if (path[0] && !e.category) goto nomem;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        struct opml_entry *p = realloc(l->e, cap * sizeof *p);
        if (!p) goto nomem;
        l->e = p;
        l->cap = cap;
    }
    l->e[l->n++] = e;
    return 0;
nomem:
    entry_clear(&e);
    return err_set("out of memory");
}

/* Appends the folder's name to the path (a '/' in it becomes '-'). */
static int path_push(struct sbuf *path, xmlNode *o)
{
    char *name = attr_text(o, "title");
    if (!name) name = attr_text(o, "text");
    if (!name) return 0;
    for (char *p = name; *p; p++)
        if (*p == '/') *p = '-';
    int rc = (path->len && sbuf_addc(path, '/')) || sbuf_adds(path, name);
    free(name);
    return rc ? err_set("out of memory") : 0;
}

static int walk(struct list *l, xmlNode *parent, struct sbuf *path, int depth)
{
    for (xmlNode *o = parent->children; o; o = o->next) {
        if (!xml_is(o, NULL, "outline", NULL)) continue;
        if (add_entry(l, o, path->p ? path->p : "") < 0) return -1;
        if (!o->children) continue;
        size_t keep = path->len;
        if (depth < OPML_MAX_DEPTH && !xmlHasProp(o, (const xmlChar *)"xmlUrl") &&
            path_push(path, o) < 0)
            return -1;
        if (walk(l, o, path, depth + 1) < 0) return -1;
        path->len = keep;
        if (path->p) path->p[keep] = '\0';
    }
    return 0;
}

int opml_parse(const char *buf, size_t len, struct opml_entry **out, size_t *n, int *line)
{
    *out = NULL;
    *n = 0;
    if (line) *line = 0;
    int at = 0;
    xmlDoc *doc = xml_read_strict(buf, len, &at);
    if (!doc) {
        if (at <= 0) return err_prefix("not OPML");
        const char *why = err_msg(), *pre = "malformed XML: ";
        if (strncmp(why, pre, strlen(pre)) == 0) why += strlen(pre);
        char copy[320];
        snprintf(copy, sizeof copy, "%s", why);
        if (line) {
            *line = at;
            return err_set("malformed OPML: %s", copy);
        }
        return err_set("malformed OPML at line %d: %s", at, copy);
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!xml_is(root, NULL, "opml", NULL)) {
        err_set("not OPML: root element <%.40s>", root->name ? (const char *)root->name : "?");
        xmlFreeDoc(doc);
        return -1;
    }
    xmlNode *body = NULL;
    for (xmlNode *c = root->children; c && !body; c = c->next)
        if (xml_is(c, NULL, "body", NULL)) body = c;
    struct list l = {0};
    struct sbuf path = {0};
    int rc = body ? walk(&l, body, &path, 0) : 0;
    sbuf_free(&path);
    xmlFreeDoc(doc);
    if (rc < 0) {
        opml_free(l.e, l.n);
        return -1;
    }
    *out = l.e;
    *n = l.n;
    return 0;
}

void opml_free(struct opml_entry *e, size_t n)
{
    if (!e) return;
    for (size_t i = 0; i < n; i++)
        entry_clear(&e[i]);
    free(e);
}

/* An attribute value: XML-escaped; line breaks and tabs as references.
 * Values come from the store, where an older version may have left
 * controls or broken UTF-8, so they pass the sanitiser first: what it
 * yields is all XML 1.0 allows but U+FFFE and U+FFFF, dropped here. The
 * document is well-formed whatever the store holds. */
static int add_attr(struct sbuf *b, const char *name, const char *v)
{
    if (!v) return 0;
    char *clean = text_sanitize(v, strlen(v));
    if (!clean) return -1;
    int rc = sbuf_printf(b, " %s=\"", name);
    for (const char *p = clean; *p && rc == 0; p++) {
        const unsigned char *u = (const unsigned char *)p;
        switch (*p) {
        case '&':
            rc = sbuf_adds(b, "&amp;");
            break;
        case '<':
            rc = sbuf_adds(b, "&lt;");
            break;
        case '>':
            rc = sbuf_adds(b, "&gt;");
            break;
        case '"':
            rc = sbuf_adds(b, "&quot;");
            break;
        case '\n':
            rc = sbuf_adds(b, "&#10;");
            break;
        case '\t':
            rc = sbuf_adds(b, "&#9;");
            break;
        default:
            if (u[0] == 0xEF && u[1] == 0xBF && (u[2] == 0xBE || u[2] == 0xBF))
                p += 2; /* U+FFFE, U+FFFF */
            else
                rc = sbuf_addc(b, *p);
        }
    }
    free(clean);
    return rc ? rc : sbuf_addc(b, '"');
}

static int write_entry(struct sbuf *b, const struct opml_entry *e, int indent)
{
    const char *text = e->title ? e->title : e->url;
    int rc = sbuf_printf(b, "%*s<outline type=\"rss\"", indent, "");
    rc = rc || add_attr(b, "text", text) || add_attr(b, "title", text) ||
         add_attr(b, "xmlUrl", e->url) || add_attr(b, "htmlUrl", e->html_url) ||
         add_attr(b, "category", e->tags) || sbuf_adds(b, "/>\n");
    return rc ? -1 : 0;
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int opml_write(struct sbuf *b, const struct opml_entry *e, size_t n)
{
    int rc = sbuf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n"
                          "  <head>\n    <title>bullpen feeds</title>\n  </head>\n  <body>\n");
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!e[i].url) continue;
        if (!e[i].category) {
            rc = write_entry(b, &e[i], 4);
            continue;
        }
        /* A category is written once, where it first appears, with all
         * of its entries. */
        size_t k;
        for (k = 0; k < i && !same(e[k].category, e[i].category); k++) {
        }
        if (k < i) continue;
        int indent = 4, levels = 0;
        char *path = strdup(e[i].category), *save = NULL;
        if (!path) return err_set("out of memory");
        for (char *seg = strtok_r(path, "/", &save); seg && rc == 0;
             seg = strtok_r(NULL, "/", &save)) {
            rc = sbuf_printf(b, "%*s<outline", indent, "") || add_attr(b, "text", seg) ||
                 add_attr(b, "title", seg) || sbuf_adds(b, ">\n");
            indent += 2;
            levels++;
        }
        free(path);
        for (size_t j = i; j < n && rc == 0; j++)
            if (e[j].url && same(e[j].category, e[i].category)) rc = write_entry(b, &e[j], indent);
        while (levels-- > 0 && rc == 0) {
            indent -= 2;
            rc = sbuf_printf(b, "%*s</outline>\n", indent, "");
        }
    }
    if (rc == 0) rc = sbuf_adds(b, "  </body>\n</opml>\n");
    return rc ? err_set("out of memory") : 0;
}
