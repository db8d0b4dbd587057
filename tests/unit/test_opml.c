/* opml_parse and opml_write: the bundled default list, our own fixture,
 * and a write/parse round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/opml.h"
#include "core/str.h"

static char *load(const char *path, size_t *len)
{
    char *buf = file_read_all(path, 16u << 20, len);
    return buf;
}

static void test_default_feeds(void **state)
{
    const char *shared = getenv("BULLPEN_SHARED");
    char path[1024];
    snprintf(path, sizeof path, "%s/data/default_feeds.opml", shared ? shared : "../shared");
    size_t len;
    char *buf = load(path, &len);
    if (!buf) skip();
    struct opml_entry *e;
    size_t n;
    assert_int_equal(opml_parse(buf, len, &e, &n, NULL), 0);
    free(buf);
    assert_int_equal(n, 26);
    size_t per[4] = {0};
    const char *cats[4] = {"Filings", "Wires", "Markets", "Central banks"};
    for (size_t i = 0; i < n; i++) {
        assert_non_null(e[i].url);
        assert_non_null(e[i].title);
        assert_non_null(e[i].category);
        assert_true(strncmp(e[i].url, "https://", 8) == 0);
        for (int k = 0; k < 4; k++)
            per[k] += strcmp(e[i].category, cats[k]) == 0;
    }
    assert_int_equal(per[0], 4);
    assert_int_equal(per[1], 6);
    assert_int_equal(per[2], 11);
    assert_int_equal(per[3], 5);
    assert_string_equal(e[0].title, "SEC EDGAR: latest 8-K filings");
    assert_string_equal(e[0].url,
                        "https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&type=8-K&"
                        "owner=include&count=40&output=atom");
    assert_string_equal(e[0].html_url,
                        "https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent");
    opml_free(e, n);
}

static void test_fixture(void **state)
{
    const char *dir = getenv("BULLPEN_FIXTURES");
    char path[1024];
    snprintf(path, sizeof path, "%s/opml/nested.opml", dir ? dir : "tests/fixtures");
    size_t len;
    char *buf = load(path, &len);
    if (!buf) fail_msg("%s", err_msg());
    struct opml_entry *e;
    size_t n;
    assert_int_equal(opml_parse(buf, len, &e, &n, NULL), 0);
    free(buf);
    assert_int_equal(n, 6);
    assert_string_equal(e[0].title, "Top-level wire");
    assert_null(e[0].category);
    assert_string_equal(e[0].html_url, "https://wire.example.org/");
    assert_string_equal(e[1].url, "https://ledgerdaily.example.com/rss/top.xml?a=1&b=2");
    assert_string_equal(e[1].category, "Equities/US");
    assert_string_equal(e[1].tags, "/markets,/us");
    assert_string_equal(e[2].title, "Earnings & Guidance");
    assert_string_equal(e[2].category, "Equities/US");
    assert_null(e[2].tags);
    assert_string_equal(e[3].title, "Europe / UK");
    assert_string_equal(e[3].category, "Equities");
    assert_string_equal(e[4].title, "Z\xc3\xbcrich B\xc3\xb6rse"); /* Latin-1 decl, HTML entity */
    assert_string_equal(e[5].category, "Rates & FX-Macro");
    opml_free(e, n);
}

static void test_round_trip(void **state)
{
    struct opml_entry in[] = {
        {"https://a.example/rss?x=1&y=\"2\"", "A <one>", NULL, NULL, NULL},
        {"https://b.example/feed", "B", "https://b.example/", "News/Tech", "/tech"},
        {"https://c.example/feed", NULL, NULL, "Markets", NULL},
        {"https://d.example/feed", "D", NULL, "News/Tech", NULL},
        {"https://e.example/feed", "E\tline", NULL, NULL, NULL},
    };
    size_t n_in = sizeof in / sizeof in[0];
    struct sbuf b = {0};
    assert_int_equal(opml_write(&b, in, n_in), 0);
    assert_non_null(strstr(b.p, "<opml version=\"2.0\">"));
    assert_non_null(strstr(b.p, "xmlUrl=\"https://a.example/rss?x=1&amp;y=&quot;2&quot;\""));
    struct opml_entry *e;
    size_t n;
    assert_int_equal(opml_parse(b.p, b.len, &e, &n, NULL), 0);
    assert_int_equal(n, 5);
    /* categories are grouped where they first appear */
    const char *order[] = {"https://a.example/rss?x=1&y=\"2\"", "https://b.example/feed",
                           "https://d.example/feed", "https://c.example/feed",
                           "https://e.example/feed"};
    for (size_t i = 0; i < n; i++)
        assert_string_equal(e[i].url, order[i]);
    assert_string_equal(e[0].title, "A <one>");
    assert_null(e[0].category);
    assert_string_equal(e[1].category, "News/Tech");
    assert_string_equal(e[1].tags, "/tech");
    assert_string_equal(e[1].html_url, "https://b.example/");
    assert_string_equal(e[2].category, "News/Tech");
    assert_string_equal(e[3].title, "https://c.example/feed"); /* text falls back to the URL */
    assert_string_equal(e[3].category, "Markets");
    assert_string_equal(e[4].title, "E line");
    opml_free(e, n);
    sbuf_free(&b);
}

static void test_errors(void **state)
{
    struct opml_entry *e;
    size_t n;
    const char *rss = "<rss><channel/></rss>";
    assert_int_equal(opml_parse(rss, strlen(rss), &e, &n, NULL), -1);
    assert_string_equal(err_msg(), "not OPML: root element <rss>");
    assert_int_equal(opml_parse("", 0, &e, &n, NULL), -1);
    assert_int_equal(opml_parse("{}", 2, &e, &n, NULL), -1);
    const char *empty = "<opml version=\"2.0\"><body/></opml>";
    assert_int_equal(opml_parse(empty, strlen(empty), &e, &n, NULL), 0);
    assert_int_equal(n, 0);
    assert_null(e);
    opml_free(NULL, 0);
}

/* A list cut short or with elements left open is an error naming the
 * line, and nothing of it is returned: half a list would be imported as if
 * it were the whole. */
static void test_malformed(void **state)
{
    static const struct {
        const char *doc;
        int line;
        const char *why;
    } cases[] = {
        /* truncated: the end of the data on the last line */
        {"<?xml version=\"1.0\"?>\n<opml version=\"2.0\">\n<head><title>L</title></head>\n"
         "<body>\n<outline text=\"A\" xmlUrl=\"https://a.example/rss\"/>\n"
         "<outline text=\"B\" xmlUrl=\"https://b.example/rss\"/>\n",
         6, "malformed OPML: Premature end of data in tag body line 4"},
        /* an outline never closed */
        {"<opml version=\"2.0\"><body>\n<outline text=\"A\" xmlUrl=\"https://a.example/rss\">\n"
         "<outline text=\"B\" xmlUrl=\"https://b.example/rss\"/>\n</body>\n</opml>\n",
         4, "malformed OPML: Opening and ending tag mismatch: outline line 2 and body"},
        /* cut inside a tag; leading blank lines still count */
        {"\n\n<opml version=\"2.0\"><body>\n<outline text=\"A\" xmlUrl=\"https://a.exa", 4, NULL},
        /* no closing tags at all */
        {"<opml version=\"1.0\">\n<body>\n<outline text=\"A\" xmlUrl=\"https://a.example/rss\"/>",
         3, "malformed OPML: Premature end of data in tag body line 2"},
        /* content after the document */
        {"<opml><body><outline xmlUrl=\"https://a.example/rss\"/></body></opml>\n<opml>\n", 2,
         "malformed OPML: Extra content at the end of the document"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct opml_entry *e = (struct opml_entry *)&e;
        size_t n = 99;
        int line = -1;
        assert_int_equal(opml_parse(cases[i].doc, strlen(cases[i].doc), &e, &n, &line), -1);
        assert_null(e);
        assert_int_equal(n, 0);
        if (line != cases[i].line) fail_msg("case %zu: line %d, wanted %d", i, line, cases[i].line);
        if (cases[i].why) assert_string_equal(err_msg(), cases[i].why);
        assert_true(strncmp(err_msg(), "malformed OPML: ", 16) == 0);
        /* without a place for the line, the message names it */
        assert_int_equal(opml_parse(cases[i].doc, strlen(cases[i].doc), &e, &n, NULL), -1);
        char want[64];
        snprintf(want, sizeof want, "malformed OPML at line %d: ", cases[i].line);
        if (strncmp(err_msg(), want, strlen(want)) != 0) fail_msg("case %zu: %s", i, err_msg());
    }
    /* What feeds get repaired is still repaired: a stray '&', an HTML
     * entity, a control character. */
    const char *sloppy =
        "<opml version=\"2.0\"><body>"
        "<outline text=\"AT&T &mdash; news\x07\" xmlUrl=\"https://a.example/?x=1&y=2\"/>"
        "</body></opml>";
    struct opml_entry *e;
    size_t n;
    int line = -1;
    assert_int_equal(opml_parse(sloppy, strlen(sloppy), &e, &n, &line), 0);
    assert_int_equal(line, 0);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].title, "AT&T \xe2\x80\x94 news");
    assert_string_equal(e[0].url, "https://a.example/?x=1&y=2");
    opml_free(e, n);
    /* Not OPML at all: no line. */
    assert_int_equal(opml_parse("<rss/>", 6, &e, &n, &line), -1);
    assert_int_equal(line, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_feeds), cmocka_unit_test(test_fixture),
        cmocka_unit_test(test_round_trip),    cmocka_unit_test(test_errors),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
