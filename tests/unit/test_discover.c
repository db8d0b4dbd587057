/* core/discover and core/fulltext against fixture pages of our own making
 * (tests/fixtures/site): the feeds a page announces, and an article's text
 * without the page around it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/discover.h"
#include "core/fulltext.h"
#include "core/str.h"

static char *fixture(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/site/%s", getenv("BULLPEN_FIXTURES"), name);
    char *b = file_read_all(path, 1 << 20, len);
    assert_non_null(b);
    return b;
}

static void test_discover_page(void **state)
{
    size_t len, n;
    char *html = fixture("index.html", &len);
    struct discover_link *l;
    assert_int_equal(discover_feeds(html, len, "https://hs.example.com/front/page?x=1", &l, &n), 0);
    /* In document order, each once: relative to <base href="/news/">, an
     * absolute one, a scheme-relative one; text/html and javascript: left
     * out; rel is a list and case does not matter; parameters on the type
     * are fine. */
    assert_int_equal(n, 3);
    assert_string_equal(l[0].url, "https://hs.example.com/news/markets.xml");
    assert_string_equal(l[0].type, "rss");
    assert_string_equal(l[0].title, "Harbor Street: Markets");
    assert_string_equal(l[1].url, "https://127.0.0.1/atom/companies");
    assert_string_equal(l[1].type, "atom");
    assert_string_equal(l[2].url, "https://feeds.example.net/hs.json");
    assert_string_equal(l[2].type, "json");
    assert_string_equal(l[2].title, "Harbor & Co JSON");
    discover_free(l, n);
    free(html);
}

static void test_discover_relative_to_page(void **state)
{
    const char *html = "<html><head><link rel=alternate type=application/json href=' feed.json '>"
                       "<link rel=alternate type=application/atom+xml href='../a.atom' "
                       "title='  Two\n lines\x1b[31m '></head></html>";
    struct discover_link *l;
    size_t n;
    assert_int_equal(discover_feeds(html, strlen(html), "http://h.example/x/y/page.html", &l, &n),
                     0);
    assert_int_equal(n, 2);
    assert_string_equal(l[0].url, "http://h.example/x/y/feed.json");
    assert_null(l[0].title);
    assert_string_equal(l[1].url, "http://h.example/x/a.atom");
    /* Titles come from outside: one line, no escapes. */
    assert_string_equal(l[1].title, "Two lines");
    discover_free(l, n);
    size_t len;
    char *none = fixture("nofeeds.html", &len);
    assert_int_equal(discover_feeds(none, len, "http://h.example/", &l, &n), 0);
    assert_int_equal(n, 0);
    assert_null(l);
    free(none);
    assert_int_equal(discover_feeds("", 0, "http://h.example/", &l, &n), 0);
    assert_int_equal(n, 0);
}

static void test_fulltext_article(void **state)
{
    size_t len;
    char *html = fixture("story/chips.html", &len);
    char *t = fulltext_extract(html, len);
    free(html);
    assert_non_null(t);
    /* The article's paragraphs, in order, blank lines between. */
    const char *a = strstr(t, "Nvidia reported quarterly revenue of $22.1 billion");
    const char *b = strstr(t, "Shares rose 8% in late trading.");
    const char *c = strstr(t, "\u201cAccelerated computing");
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_true(a < b && b < c);
    assert_non_null(strstr(t, "forecast. Shares rose 8% in late trading.\n\n\u201cAccelerated"));
    assert_non_null(strstr(t, "Data center revenue: $18.4 billion"));
    /* None of the furniture. */
    const char *never[] = {"Markets",  "Most read", "Share this", "newsletter",  "First!",
                           "reserved", "tracking",  "color",      "By A. Writer"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        if (strstr(t, never[i])) fail_msg("'%s' in the extracted text:\n%s", never[i], t);
    free(t);
}

static void test_fulltext_densest(void **state)
{
    size_t len;
    char *html = fixture("story/plain.html", &len);
    char *t = fulltext_extract(html, len);
    free(html);
    assert_non_null(t);
    assert_true(strncmp(t, "The central bank held", 21) == 0);
    assert_non_null(strstr(t, "rather than June."));
    assert_null(strstr(t, "premium"));
    assert_null(strstr(t, "About"));
    free(t);
    html = fixture("story/empty.html", &len);
    assert_null(fulltext_extract(html, len));
    free(html);
    assert_null(fulltext_extract("", 0));
    assert_null(fulltext_extract("\x1b[2J\0\0", 6));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_discover_page),
        cmocka_unit_test(test_discover_relative_to_page),
        cmocka_unit_test(test_fulltext_article),
        cmocka_unit_test(test_fulltext_densest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
