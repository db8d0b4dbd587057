/* feed_parse over broken input: every document cut short at every byte, the
 * no-loss property over hostile bytes in every field of every format, and
 * the parser used from several threads at once. */
#include <pthread.h>

#include "feed_test.h"

/* Every fixture cut at many lengths, and bytes flipped: parse or fail
 * cleanly, never crash (ASan/UBSan watch). */
static void test_truncations(void **state)
{
    const char *names[] = {"rss2.xml",          "atom10.xml",  "rdf.xml",     "jsonfeed10.json",
                           "alphavantage.json", "hostile.xml", "utf16le.xml", "entities.xml"};
    uint32_t seed = 12345;
    for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
        size_t len;
        char *buf = load(names[f], &len);
        for (size_t n = 0; n <= len; n += 1 + n / 16) {
            struct feed_doc d;
            if (feed_parse(buf, n, NOW, &d) == 0) {
                assert_clean(&d);
                feed_doc_free(&d);
            }
        }
        char *copy = malloc(len);
        assert_non_null(copy);
        for (int round = 0; round < 200; round++) {
            memcpy(copy, buf, len);
            for (int k = 0; k < 4; k++) {
                seed = seed * 1103515245u + 12345u;
                copy[(seed >> 8) % len] = (char)(seed >> 24);
            }
            struct feed_doc d;
            if (feed_parse(copy, len, NOW, &d) == 0) {
                assert_clean(&d);
                feed_doc_free(&d);
            }
        }
        free(copy);
        free(buf);
    }
}

/* The no-loss property: hostile bytes in one item's title or description
 * (escape sequences raw or as character references, C1 controls, BEL,
 * NUL, lone surrogates, invalid UTF-8, bidi controls) never change how
 * many items a feed has, nor the other items, nor the text after the next
 * tag. Each template has three items; @T@, @D@ and @A@ mark where the
 * hostile string goes (title, description, an attribute value). */
struct tmpl {
    const char *name, *text;
    int json;
};

static const struct tmpl templates[] = {
    {"rss cdata",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Prop</title>"
     "<link>https://p.example/</link>\n"
     "<item><title>First item</title><link>https://p.example/1</link>"
     "<description>One</description></item>\n"
     "<item><title>Second @T@ title</title><link>https://p.example/2</link>"
     "<description><![CDATA[<p>Second @D@ body</p><p>kept</p>]]></description></item>\n"
     "<item><title>Third item</title><link>https://p.example/3</link>"
     "<description>Three &amp; more</description></item>\n</channel></rss>\n",
     0},
    {"rss escaped",
     "<rss version=\"2.0\"><channel><title>Prop</title>"
     "<item><title>First item</title><link>https://p.example/1</link>"
     "<description>One</description></item>"
     "<item><title>Second @T@ title</title><link>https://p.example/2</link>"
     "<description>&lt;p&gt;Second @D@ body&lt;/p&gt;&lt;p&gt;kept&lt;/p&gt;</description>"
     "</item><item><title>Third item</title><link>https://p.example/3</link>"
     "<description>Three &amp; more</description></item></channel></rss>",
     0},
    {"atom",
     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
     "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Prop</title>\n"
     "<entry><id>urn:p:1</id><title>First item</title><link href=\"https://p.example/1\"/>"
     "<summary>One</summary></entry>\n"
     "<entry><id>urn:p:2</id><title>Second @T@ title</title>"
     "<category term=\"x@A@y\"/><link href=\"https://p.example/2\"/>"
     "<content type=\"html\">&lt;p&gt;Second @D@ body&lt;/p&gt;&lt;p&gt;kept&lt;/p&gt;</content>"
     "</entry>\n<entry><id>urn:p:3</id><title>Third item</title>"
     "<link href=\"https://p.example/3\"/><summary>Three &amp; more</summary></entry>\n</feed>\n",
     0},
    {"jsonfeed",
     "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Prop\", \"items\": [\n"
     "{\"id\": \"1\", \"title\": \"First item\", \"url\": \"https://p.example/1\", "
     "\"content_text\": \"One\"},\n"
     "{\"id\": \"2\", \"title\": \"Second @T@ title\", \"url\": \"https://p.example/2\", "
     "\"content_html\": \"<p>Second @D@ body</p><p>kept</p>\"},\n"
     "{\"id\": \"3\", \"title\": \"Third item\", \"url\": \"https://p.example/3\", "
     "\"content_text\": \"Three & more\"}]}\n",
     1},
};

struct atom {
    const char *s;
    size_t n;
};
#define ATOM(lit)                                                                                  \
    {                                                                                              \
        lit, sizeof lit - 1                                                                        \
    }

/* Raw bytes, for XML and JSON alike (no '<' or '"'; a backslash is
 * escaped for JSON). */
static const struct atom raw_atoms[] = {
    ATOM("\x1b"),
    ATOM("\x1b["),
    ATOM("\x1b[31m"),
    ATOM("\x1b[1;2;3"),
    ATOM("\x1b]"),
    ATOM("\x1b]0;T"),
    ATOM("\x1b]0;T\x07"),
    ATOM("\x1b]8;;https://e.example/\x1b\\"),
    ATOM("\x1b]52;c;cm0gLXJm"),
    ATOM("\x1bP"),
    ATOM("\x1bPq#0;2"),
    ATOM("\x1bP1$r\x1b\\"),
    ATOM("\x1bX"),
    ATOM("\x1b^"),
    ATOM("\x1b_"),
    ATOM("\x1b(B"),
    ATOM("\x1b#8"),
    ATOM("\x1b\x1b"),
    ATOM("\x1b "),
    ATOM("\xc2\x9b"),
    ATOM("\xc2\x9b"
         "2J"),
    ATOM("\xc2\x9d"),
    ATOM("\xc2\x9d"
         "0;T"),
    ATOM("\xc2\x90"),
    ATOM("\xc2\x98"),
    ATOM("\xc2\x9e"),
    ATOM("\xc2\x9f"),
    ATOM("\xc2\x9c"),
    ATOM("\xc2\x85"),
    ATOM("\x07"),
    ATOM("\x00"),
    ATOM("\x00\x00"),
    ATOM("\x08"),
    ATOM("\x0b"),
    ATOM("\x0c"),
    ATOM("\x7f"),
    ATOM("\r"),
    ATOM("\n"),
    ATOM("\t"),
    ATOM("\xed\xa0\x80"),
    ATOM("\xed\xbf\xbf"),
    ATOM("\xed\xa0\x80\xed\xb0\x80"),
    ATOM("\xff"),
    ATOM("\xfe"),
    ATOM("\xc0\xaf"),
    ATOM("\xe2\x82"),
    ATOM("\xf4\x90\x80\x80"),
    ATOM("\xf0\x9f"),
    ATOM("\xbf"),
    ATOM("\xc3"),
    ATOM("\xe2\x80\xae"),
    ATOM("\xe2\x80\xab"),
    ATOM("\xe2\x81\xa6"),
    ATOM("\xe2\x81\xa9"),
    ATOM("\xef\xbb\xbf"),
    ATOM("\xe2\x80\xa8"),
    ATOM("\xef\xbf\xbe"),
    ATOM("\xef\xbf\xbf"),
    ATOM("]]"),
    ATOM("--"),
    ATOM(">"),
    ATOM("&"),
    ATOM("'"),
    ATOM(";"),
};

/* Character references, in XML or in HTML inside a field. */
static const struct atom ref_atoms[] = {
    ATOM("&#27;"),
    ATOM("&#x1b;"),
    ATOM("&#X1B;"),
    ATOM("&#27;]0;T&#7;"),
    ATOM("&#27;]0;T"),
    ATOM("&#27;["),
    ATOM("&#27;[31m"),
    ATOM("&#27;P"),
    ATOM("&#27;]8;;x&#27;\\"),
    ATOM("&#155;"),
    ATOM("&#157;"),
    ATOM("&#x9d;"),
    ATOM("&#x90;"),
    ATOM("&#7;"),
    ATOM("&#0;"),
    ATOM("&#x0;"),
    ATOM("&#8;"),
    ATOM("&#127;"),
    ATOM("&#xD800;"),
    ATOM("&#xDFFF;"),
    ATOM("&#55296;"),
    ATOM("&#xFFFE;"),
    ATOM("&#xFFFF;"),
    ATOM("&#1114112;"),
    ATOM("&#x110000;"),
    ATOM("&#x202E;"),
    ATOM("&#8238;"),
    ATOM("&#x2066;"),
    ATOM("&#xFEFF;"),
    ATOM("&#x2028;"),
    ATOM("&#99999999;"),
    ATOM("&#27"),
    ATOM("&#x1b"),
    ATOM("&amp;#27;]0;T"),
    ATOM("&amp;#27;]0;T&amp;#7;"),
    ATOM("&amp;#155;"),
    ATOM("&nbsp;"),
    ATOM("&bogus;"),
};

/* JSON string escapes. */
static const struct atom json_atoms[] = {
    ATOM("\\u001b"),        ATOM("\\u001b]0;T"),     ATOM("\\u001b]0;T\\u0007"),
    ATOM("\\u001b[31m"),    ATOM("\\u009b"),         ATOM("\\u009d0;T"),
    ATOM("\\u0090"),        ATOM("\\u0007"),         ATOM("\\u0000"),
    ATOM("\\u007f"),        ATOM("\\ud800"),         ATOM("\\udfff"),
    ATOM("\\ud800\\u0041"), ATOM("\\udc00\\ud800"),  ATOM("\\ud83d\\udcc9"),
    ATOM("\\ud800\\\\"),    ATOM("\\u202e"),         ATOM("\\u2066"),
    ATOM("\\ufeff"),        ATOM("\\u2028"),         ATOM("\\ufffe"),
    ATOM("\\r\\n"),         ATOM("\\u0000\\u001b]"),
};

/* Picks the k-th hostile atom for a template: raw bytes and references for
 * XML, raw bytes, references and JSON escapes for JSON; then the C1 bytes
 * 0x80-0x9f raw, and (XML) as references. buf holds atoms made here. */
static size_t n_atoms(int json)
{
    size_t n = sizeof raw_atoms / sizeof raw_atoms[0] + sizeof ref_atoms / sizeof ref_atoms[0] + 32;
    return json ? n + sizeof json_atoms / sizeof json_atoms[0] : n + 32;
}

static struct atom pick(int json, size_t k, char buf[64])
{
    size_t nr = sizeof raw_atoms / sizeof raw_atoms[0], nf = sizeof ref_atoms / sizeof ref_atoms[0];
    if (k < nr) return raw_atoms[k];
    k -= nr;
    if (k < nf) return ref_atoms[k];
    k -= nf;
    if (k < 32) {
        buf[0] = (char)(0x80 + k);
        return (struct atom){buf, 1};
    }
    k -= 32;
    if (json) return json_atoms[k];
    int n = snprintf(buf, 64, "&#%zu;", 0x80 + k);
    return (struct atom){buf, (size_t)n};
}

static struct atom atom_at(int json, size_t k, char buf[64])
{
    struct atom at = pick(json, k, buf);
    size_t first_json = n_atoms(json) - sizeof json_atoms / sizeof json_atoms[0];
    if (!json || k >= first_json || !memchr(at.s, '\\', at.n)) return at;
    /* A backslash (ESC \\ ends a string) is escaped for JSON. */
    char tmp[64];
    size_t m = 0;
    for (size_t i = 0; i < at.n && m + 2 < sizeof tmp; i++) {
        if (at.s[i] == '\\') tmp[m++] = '\\';
        tmp[m++] = at.s[i];
    }
    memcpy(buf, tmp, m);
    return (struct atom){buf, m};
}

/* The template with payload at marker (one of "@T@", "@D@", "@A@"), the
 * other markers empty. */
static void fill(struct sbuf *out, const char *t, const char *marker, const struct sbuf *payload)
{
    sbuf_reset(out);
    while (*t) {
        if (t[0] == '@' && t[1] && t[2] == '@') {
            if (strncmp(t, marker, 3) == 0 && payload->len)
                assert_int_equal(sbuf_add(out, payload->p, payload->len), 0);
            t += 3;
            continue;
        }
        assert_int_equal(sbuf_addc(out, *t++), 0);
    }
}

static size_t prop_docs;

/* The payload in C escapes, for failure messages. */
static const char *shown(const struct sbuf *payload)
{
    static char out[1024];
    size_t k = 0;
    for (size_t i = 0; i < payload->len && k + 5 < sizeof out; i++) {
        unsigned char c = (unsigned char)payload->p[i];
        k += (size_t)snprintf(out + k, sizeof out - k, c >= 0x20 && c < 0x7F ? "%c" : "\\x%02x", c);
    }
    out[k] = '\0';
    return out;
}

static void check_property(const struct tmpl *t, const char *marker, const struct sbuf *payload)
{
    struct sbuf doc = {0};
    fill(&doc, t->text, marker, payload);
    struct feed_doc d;
    prop_docs++;
    if (feed_parse(doc.p, doc.len, NOW, &d) != 0)
        fail_msg("%s %s: %s for payload [%s]", t->name, marker, err_msg(), shown(payload));
    if (d.n_items != 3)
        fail_msg("%s %s: %zu items for payload [%s]", t->name, marker, d.n_items, shown(payload));
    assert_string_equal(d.items[0].title, "First item");
    assert_string_equal(d.items[2].title, "Third item");
    assert_string_equal(d.items[1].link, "https://p.example/2");
    assert_string_equal(d.items[2].link, "https://p.example/3");
    const char *three = d.items[2].summary ? d.items[2].summary : d.items[2].content;
    assert_non_null(three);
    assert_string_equal(three, "Three & more");
    const struct article *a = &d.items[1];
    /* The text before the hostile string survives, and so does the text
     * after the next tag. */
    if (!a->title || strncmp(a->title, "Second", 6) != 0)
        fail_msg("%s %s: title [%s] for payload [%s]", t->name, marker,
                 a->title ? a->title : "(null)", shown(payload));
    const char *body = a->content ? a->content : a->summary;
    if (!body || strncmp(body, "Second", 6) != 0 || !strstr(body, "kept"))
        fail_msg("%s %s: body [%s] for payload [%s]", t->name, marker, body ? body : "(null)",
                 shown(payload));
    assert_clean(&d);
    feed_doc_free(&d);
    sbuf_free(&doc);
}

static void test_no_loss_property(void **state)
{
    static const char *const markers[] = {"@T@", "@D@", "@A@"};
    uint32_t seed = 20240214;
    struct sbuf payload = {0};
    char gen[64];
    prop_docs = 0;
    for (size_t ti = 0; ti < sizeof templates / sizeof templates[0]; ti++) {
        const struct tmpl *t = &templates[ti];
        size_t na = n_atoms(t->json);
        for (size_t m = 0; m < 3; m++) {
            if (!strstr(t->text, markers[m])) continue;
            /* Every atom alone, then between words. */
            for (size_t k = 0; k < na; k++) {
                struct atom at = atom_at(t->json, k, gen);
                sbuf_reset(&payload);
                assert_int_equal(sbuf_add(&payload, at.s, at.n), 0);
                check_property(t, markers[m], &payload);
                sbuf_reset(&payload);
                assert_int_equal(sbuf_adds(&payload, "a "), 0);
                assert_int_equal(sbuf_add(&payload, at.s, at.n), 0);
                assert_int_equal(sbuf_adds(&payload, " b"), 0);
                check_property(t, markers[m], &payload);
            }
            /* Random runs of two to six atoms, with words between some. */
            for (int round = 0; round < 1500; round++) {
                sbuf_reset(&payload);
                seed = seed * 1103515245u + 12345u;
                int len = 2 + (int)((seed >> 16) % 5);
                for (int j = 0; j < len; j++) {
                    seed = seed * 1103515245u + 12345u;
                    struct atom at = atom_at(t->json, (seed >> 8) % na, gen);
                    assert_int_equal(sbuf_add(&payload, at.s, at.n), 0);
                    if ((seed >> 28) == 0) assert_int_equal(sbuf_adds(&payload, "w "), 0);
                }
                check_property(t, markers[m], &payload);
            }
        }
    }
    print_message("no-loss property: %zu documents\n", prop_docs);
    sbuf_free(&payload);
}

struct job {
    char *buf;
    size_t len;
    size_t want;
    int bad;
};

static void *parse_many(void *arg)
{
    struct job *j = arg;
    for (int i = 0; i < 30; i++) {
        struct feed_doc d;
        if (feed_parse(j->buf, j->len, NOW, &d) != 0 || d.n_items != j->want) j->bad++;
        feed_doc_free(&d);
    }
    return NULL;
}

/* The fetcher parses in its own thread while the UI may convert HTML. */
static void test_threads(void **state)
{
    const char *names[] = {"rss2.xml", "atom10.xml", "latin1_as_utf8.xml", "jsonfeed10.json"};
    size_t want[] = {6, 3, 1, 2};
    struct job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (struct job){NULL, 0, want[i], 0};
        jobs[i].buf = load(names[i], &jobs[i].len);
    }
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, parse_many, &jobs[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(jobs[i].bad, 0);
        free(jobs[i].buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truncations),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_no_loss_property),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
