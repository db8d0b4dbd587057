#include "core/feed.h"
#include "core/date.h"
#include "core/err.h"
#include "core/feed_int.h"
#include "core/xmlsafe.h"
#include "core/html.h"
#include "core/str.h"
#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *feed_format_name(enum feed_format f)
{
    switch (f) {
    case FEED_RSS:
        return "rss";
    case FEED_RDF:
        return "rdf";
    case FEED_ATOM:
        return "atom";
    case FEED_JSONFEED:
        return "jsonfeed";
    case FEED_ALPHAVANTAGE:
        return "alphavantage";
    case FEED_UNKNOWN:
        break;
    }
    return "unknown";
}

void feed_doc_free(struct feed_doc *doc)
{
    if (!doc) return;
    for (size_t i = 0; i < doc->n_items; i++)
        article_clear(&doc->items[i]);
    free(doc->items);
    free(doc->title);
    free(doc->link);
    free(doc->subtitle);
    free(doc->author);
    free(doc->id);
    memset(doc, 0, sizeof *doc);
}

char *feed_text(const char *s, size_t n, enum feed_text_kind kind, size_t cap, int one_line)
{
    if (!s) return NULL;
    if (kind == FEED_TEXT_AUTO) kind = html_looks_like(s, n) ? FEED_TEXT_HTML : FEED_TEXT_PLAIN;
    if (kind == FEED_TEXT_TITLE) kind = html_has_tags(s, n) ? FEED_TEXT_HTML : FEED_TEXT_PLAIN;
    /* Cut the input first so one giant field costs bounded work. */
    size_t raw_cap = kind == FEED_TEXT_HTML ? cap * FEED_RAW_FACTOR : cap * 2;
    if (n > raw_cap) n = utf8_clip(s, n, raw_cap);
    char *t;
    if (kind == FEED_TEXT_HTML) {
        char *h = html_to_text(s, n);
        if (!h) return NULL;
        t = one_line ? text_one_line(h, strlen(h)) : h;
        if (one_line) free(h);
    } else {
        t = one_line ? text_one_line(s, n) : text_sanitize(s, n);
    }
    if (!t) return NULL;
    if (!one_line) {
        /* Trim surrounding white space; keep the inner layout. */
        char *b = t;
        while (*b == ' ' || *b == '\n' || *b == '\t')
            b++;
        size_t k = strlen(b);
        while (k && (b[k - 1] == ' ' || b[k - 1] == '\n' || b[k - 1] == '\t'))
            k--;
        memmove(t, b, k);
        t[k] = '\0';
    }
    /* A line cut short says so: an ellipsis after the last whole word that
     * fits (a single word longer than the line is cut inside). */
    if (one_line && cap > 3 && strlen(t) > cap) {
        size_t k = utf8_clip(t, strlen(t), cap - 3);
        size_t w = k;
        while (w > cap / 2 && t[w - 1] != ' ')
            w--;
        if (w > cap / 2) k = w;
        while (k && t[k - 1] == ' ')
            k--;
        memcpy(t + k, "\xe2\x80\xa6", 4); /* U+2026 and the NUL */
    }
    text_clip(t, cap);
    if (!t[0]) {
        free(t);
        return NULL;
    }
    return t;
}

char *feed_text_id(const char *s, size_t cap)
{
    if (!s) return NULL;
    return feed_text(s, strlen(s), FEED_TEXT_PLAIN, cap, 1);
}

/* FNV-1a, 64 bits: a stable identity for items that carry none. */
static uint64_t fnv1a(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;
    }
    return h;
}

int feed_item_finish(struct article *a, const char *raw_published, const char *raw_updated,
                     int64_t now)
{
    int64_t t;
    a->fetched = now;
    a->has_updated = raw_updated && date_parse(raw_updated, &a->updated) == 0;
    if (!a->has_updated) a->updated = 0;
    if (raw_published && date_parse(raw_published, &t) == 0) {
        a->published = t;
        a->date_missing = 0;
    } else if (a->has_updated) {
        a->published = a->updated;
        a->date_missing = 0;
    } else {
        a->published = now;
        a->date_missing = 1;
    }
    if (!a->guid && a->link) a->guid = strdup(a->link);
    if (!a->guid) {
        /* Title and date, as ever, so items keep their identity; an item
         * with neither is told apart by its text. */
        const char *raw_date = raw_published ? raw_published : raw_updated;
        uint64_t h = fnv1a(0xcbf29ce484222325ULL, a->title);
        h = fnv1a(h, "\n");
        h = fnv1a(h, raw_date);
        if (!a->title && !raw_date) {
            h = fnv1a(fnv1a(h, "\n"), a->summary);
            h = fnv1a(fnv1a(h, "\n"), a->content);
        }
        char hex[17];
        snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
        a->guid = strdup(hex);
    }
    return a->guid ? 0 : err_set("out of memory");
}

void feed_doc_set_updated(struct feed_doc *doc, const char *raw)
{
    int64_t t;
    if (!doc->has_updated && raw && date_parse(raw, &t) == 0) {
        doc->updated = t;
        doc->has_updated = 1;
    }
}

int feed_doc_push(struct feed_doc *doc, struct article *a)
{
    /* Grow by doubling; the count is bounded by the input size. */
    size_t n = doc->n_items;
    if (n == 0 || (n >= 16 && (n & (n - 1)) == 0)) {
        size_t cap = n ? n * 2 : 16;
        struct article *p = realloc(doc->items, cap * sizeof *p);
        if (!p) return err_set("out of memory");
        doc->items = p;
    }
    doc->items[n] = *a;
    doc->n_items = n + 1;
    memset(a, 0, sizeof *a);
    return 0;
}

/* Hands doc's items to the sink and empties doc->items. */
static int sink_hand(struct feed_sink *k, struct feed_doc *doc, int last)
{
    size_t n = doc->n_items;
    int rc = k->fn(k->ctx, doc, last);
    for (size_t i = 0; doc->items && i < doc->n_items; i++)
        article_clear(&doc->items[i]);
    doc->n_items = 0;
    k->handed += n;
    return rc;
}

int feed_sink_check(struct feed_sink *k, struct feed_doc *doc)
{
    return doc->n_items >= k->batch ? sink_hand(k, doc, 0) : 0;
}

/* A document in a file is told JSON or XML by this much of its start. */
#define SNIFF 4096

/* Parses with the items going to sink (NULL: all kept in out). A JSON
 * feed in a file is read into memory whole; an XML one is read from it. */
static int parse_into(const struct xml_src *src, int64_t now, struct feed_doc *out,
                      struct feed_sink *sink)
{
    memset(out, 0, sizeof *out);
    const char *buf = src->buf;
    size_t len = src->len, have = len;
    char head[SNIFF];
    if (!buf) {
        if (xml_src_read(src, 0, head, sizeof head, &have)) return -1;
        buf = head;
    }
    size_t i = 0;
    if (have >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < have && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r'))
        i++;
    if (i == len) return err_set("not a feed: empty");
    if (i == have || (buf[i] == '{' && !src->buf)) {
        /* Only space in the start read, or JSON: the whole document. */
        char *all = xml_src_load(src);
        if (!all) return -1;
        struct xml_src mem = {.buf = all, .len = len, .fd = -1};
        int rc = parse_into(&mem, now, out, sink);
        free(all);
        return rc;
    }
    int rc;
    unsigned char c = (unsigned char)buf[i];
    if (c == '{') {
        rc = feed_parse_json(buf + i, len - i, now, out);
    } else if (c == '<' ||
               (have >= 2 && ((unsigned char)buf[0] == 0xFF || (unsigned char)buf[0] == 0xFE ||
                              buf[0] == '\0' || buf[1] == '\0'))) {
        rc = feed_parse_xml(src, now, out, sink);
    } else if (c == '[') {
        return err_set("not a feed: a JSON array");
    } else {
        return err_set("not a feed: neither XML nor JSON");
    }
    if (rc < 0) feed_doc_free(out);
    return rc;
}

int feed_parse(const char *buf, size_t len, int64_t now, struct feed_doc *out)
{
    memset(out, 0, sizeof *out);
    if (!buf) return err_set("not a feed: no data");
    struct xml_src src = {.buf = buf, .len = len, .fd = -1};
    return parse_into(&src, now, out, NULL);
}

/* Moves n articles from src into a new doc->items. 0 or -1. */
static int take_slice(struct feed_doc *doc, struct article *src, size_t n)
{
    doc->items = malloc((n ? n : 1) * sizeof *src);
    if (!doc->items) return err_set("out of memory");
    memcpy(doc->items, src, n * sizeof *src);
    memset(src, 0, n * sizeof *src);
    doc->n_items = n;
    return 0;
}

/* feed_parse_batched and feed_parse_batched_fd. */
static int parse_batched(const struct xml_src *src, int64_t now, size_t batch, feed_batch_fn fn,
                         void *ctx)
{
    struct feed_sink k = {.batch = batch ? batch : 1, .fn = fn, .ctx = ctx};
    struct feed_doc doc;
    if (parse_into(src, now, &doc, &k)) return -1;
    int rc = 0;
    if (doc.n_items > k.batch) {
        /* A JSON feed comes whole: handed out in the same batches. */
        struct article *all = doc.items;
        size_t n = doc.n_items, i = 0;
        doc.items = NULL;
        doc.n_items = 0;
        for (; rc == 0 && n - i > k.batch; i += k.batch) {
            rc = take_slice(&doc, all + i, k.batch);
            if (rc == 0) rc = sink_hand(&k, &doc, 0);
            free(doc.items);
            doc.items = NULL;
        }
        if (rc == 0) rc = take_slice(&doc, all + i, n - i);
        for (size_t j = 0; j < n; j++)
            article_clear(&all[j]);
        free(all);
    }
    if (rc == 0) rc = sink_hand(&k, &doc, 1);
    feed_doc_free(&doc);
    return rc;
}

int feed_parse_batched(const char *buf, size_t len, int64_t now, size_t batch, feed_batch_fn fn,
                       void *ctx)
{
    if (!buf) return err_set("not a feed: no data");
    struct xml_src src = {.buf = buf, .len = len, .fd = -1};
    return parse_batched(&src, now, batch, fn, ctx);
}

int feed_parse_batched_fd(int fd, size_t len, int64_t now, size_t batch, feed_batch_fn fn,
                          void *ctx)
{
    struct xml_src src = {.len = len, .fd = fd};
    return parse_batched(&src, now, batch, fn, ctx);
}
