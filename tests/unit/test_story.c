/* Normalised links and titles: what makes two articles copies of a story. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/story.h"

static void link_is(const char *link, const char *want)
{
    char buf[256];
    story_link_norm(link, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void test_links(void **state)
{
    (void)state;
    link_is("https://www.Reuters.com/markets/fed?utm_source=rss&utm_medium=x",
            "reuters.com/markets/fed");
    link_is("HTTP://REUTERS.COM:80/markets/fed/#top", "reuters.com/markets/fed");
    link_is("https://reuters.com:443/a?id=7&fbclid=x&page=2&ncid=y", "reuters.com/a?id=7&page=2");
    /* The path's case is the page's: kept; other ports are other servers. */
    link_is("https://example.com/A/B", "example.com/A/B");
    link_is("https://example.com:8080/a", "example.com:8080/a");
    link_is("ftp://example.com/a", "");
    link_is(NULL, "");
    assert_int_equal(story_link_key("https://www.reuters.com/x?utm_campaign=1"),
                     story_link_key("http://reuters.com/x/"));
    assert_int_not_equal(story_link_key("https://reuters.com/x?id=1"),
                         story_link_key("https://reuters.com/x?id=2"));
    assert_int_equal(story_link_key("mailto:a@b"), 0);
}

static void test_titles(void **state)
{
    (void)state;
    char buf[256];
    story_title_norm("  Fed holds rates -- steady, as inflation COOLS!  ", buf, sizeof buf);
    assert_string_equal(buf, "fed holds rates steady as inflation cools");
    story_title_norm("Café prices rise", buf, sizeof buf);
    assert_string_equal(buf, "café prices rise");
    assert_int_equal(story_title_key("Fed holds rates steady"),
                     story_title_key("FED: holds rates (steady)"));
    assert_int_not_equal(story_title_key("Fed holds rates steady"),
                         story_title_key("Fed lifts rates steady"));
    /* Too short to be a story of its own. */
    assert_int_equal(story_title_key("Markets update"), 0);
    assert_int_equal(story_title_key(NULL), 0);
    /* Cut to fit, still terminated. */
    char small[8];
    assert_int_equal(story_title_norm("abcdefghijkl", small, sizeof small), 7);
    assert_string_equal(small, "abcdefg");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_titles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
