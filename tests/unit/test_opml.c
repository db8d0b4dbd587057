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
    assert_int_equal(opml_parse(buf, len, &e, &n), 0);
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
    assert_int_equal(opml_parse(buf, len, &e, &n), 0);
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
    assert_int_equal(opml_parse(b.p, b.len, &e, &n), 0);
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
    assert_int_equal(opml_parse(rss, strlen(rss), &e, &n), -1);
    assert_string_equal(err_msg(), "not OPML: root element <rss>");
    assert_int_equal(opml_parse("", 0, &e, &n), -1);
    assert_int_equal(opml_parse("{}", 2, &e, &n), -1);
    const char *empty = "<opml version=\"2.0\"><body/></opml>";
    assert_int_equal(opml_parse(empty, strlen(empty), &e, &n), 0);
    assert_int_equal(n, 0);
    assert_null(e);
    opml_free(NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_feeds),
        cmocka_unit_test(test_fixture),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
