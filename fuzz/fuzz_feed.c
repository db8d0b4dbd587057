/* libFuzzer target: every feed format through feed_parse (format detection,
 * XML repair, RSS/RDF/Atom, JSON Feed, Alpha Vantage).
 *
 * It also checks that nothing is lost around hostile text: the input, made
 * safe for its context (no new markup, no broken JSON string), is put into
 * one item's title, description or an attribute of a three-item RSS, Atom
 * or JSON Feed document, which must still parse to three items with the
 * others intact. A failure aborts, so libFuzzer keeps the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/feed.h"
#include "core/str.h"

struct tmpl {
    const char *head, *tail; /* the payload goes between */
    int json;                /* escape for a JSON string, else for XML */
};

#define RSS_HEAD                                                                                   \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>F</title>"   \
    "<item><title>First</title><link>https://f.example/1</link></item>\n<item>"
#define RSS_TAIL                                                                                   \
    "<link>https://f.example/2</link></item>\n"                                                    \
    "<item><title>Third</title><link>https://f.example/3</link></item></channel></rss>\n"
#define ATOM_HEAD                                                                                  \
    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title>\n<entry><id>urn:f:1</id>"        \
    "<title>First</title></entry>\n<entry><id>urn:f:2</id>"
#define ATOM_TAIL "</entry>\n<entry><id>urn:f:3</id><title>Third</title></entry></feed>\n"
#define JSON_HEAD                                                                                  \
    "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{\"id\": \"1\", \"title\": "  \
    "\"First\"},\n{\"id\": \"2\", "
#define JSON_TAIL "\"},\n{\"id\": \"3\", \"title\": \"Third\"}]}\n"

static const struct tmpl templates[] = {
    {RSS_HEAD "<title>Second ", " title</title>" RSS_TAIL, 0},
    {RSS_HEAD "<description><![CDATA[<p>Second ", " body</p><p>kept</p>]]></description>" RSS_TAIL,
     0},
    {RSS_HEAD "<description>&lt;p&gt;Second ",
     " body&lt;/p&gt;&lt;p&gt;kept&lt;/p&gt;</description>" RSS_TAIL, 0},
    {ATOM_HEAD "<title type=\"html\">Second ", " title</title>" ATOM_TAIL, 0},
    {ATOM_HEAD "<category term=\"", "\"/><title>Second</title>" ATOM_TAIL, 0},
    {ATOM_HEAD "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">Second ",
     " <b>kept</b></div></content>" ATOM_TAIL, 0},
    {JSON_HEAD "\"title\": \"Second ", " title" JSON_TAIL, 1},
    {JSON_HEAD "\"content_html\": \"<p>Second ", " body</p><p>kept</p>" JSON_TAIL, 1},
};

static int is_hex(uint8_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The payload as text of its context: for XML, '<', '>' and '"' written as
 * references, so that it adds no markup and cannot end a CDATA section or
 * an attribute; for JSON, '"' escaped and a backslash kept only where it
 * starts a valid escape. Everything else (controls, NUL, bad UTF-8,
 * references, \u escapes) stays as the fuzzer made it. */
static int add_payload(struct sbuf *b, const uint8_t *p, size_t n, int json)
{
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        uint8_t c = p[i];
        if (!json) {
            rc = c == '<'   ? sbuf_adds(b, "&lt;")
                 : c == '>' ? sbuf_adds(b, "&gt;")
                 : c == '"' ? sbuf_adds(b, "&quot;")
                            : sbuf_addc(b, (char)c);
        } else if (c == '"') {
            rc = sbuf_adds(b, "\\\"");
        } else if (c == '\\') {
            if (i + 1 < n && strchr("\"\\/bfnrt", p[i + 1]) && p[i + 1]) {
                rc = sbuf_add(b, (const char *)p + i, 2);
                i++;
            } else if (i + 5 < n && p[i + 1] == 'u' && is_hex(p[i + 2]) && is_hex(p[i + 3]) &&
                       is_hex(p[i + 4]) && is_hex(p[i + 5])) {
                rc = sbuf_add(b, (const char *)p + i, 6);
                i += 5;
            } else {
                rc = sbuf_adds(b, "\\\\");
            }
        } else {
            rc = sbuf_addc(b, (char)c);
        }
    }
    return rc;
}

static void check_no_loss(const uint8_t *data, size_t size)
{
    if (size == 0) return;
    const struct tmpl *t = &templates[data[0] % (sizeof templates / sizeof templates[0])];
    struct sbuf b = {0};
    if (sbuf_adds(&b, t->head) || add_payload(&b, data + 1, size - 1, t->json) ||
        sbuf_adds(&b, t->tail)) {
        sbuf_free(&b);
        return; /* out of memory: nothing to check */
    }
    struct feed_doc doc = {0};
    if (feed_parse(b.p, b.len, 1700000000, &doc) != 0) {
        fprintf(stderr, "no-loss: the document no longer parses\n");
        abort();
    }
    if (doc.n_items != 3 || !doc.items[0].title || strcmp(doc.items[0].title, "First") != 0 ||
        !doc.items[2].title || strcmp(doc.items[2].title, "Third") != 0) {
        fprintf(stderr, "no-loss: %zu items, or the others changed\n", doc.n_items);
        abort();
    }
    feed_doc_free(&doc);
    sbuf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct feed_doc doc = {0};
    if (feed_parse((const char *)data, size, 1700000000, &doc) == 0) feed_doc_free(&doc);
    check_no_loss(data, size);
    return 0;
}
