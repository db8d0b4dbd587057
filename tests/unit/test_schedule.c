/* core/schedule: every header and hint the next due time honours, the
 * adaptive interval, back-off, the floor and the ceiling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/schedule.h"

/* Tue, 14 Nov 2023 22:13:20 GMT: a Tuesday, 22:13 UTC. */
#define NOW 1700000000
static const struct schedule_limits L = {
    .min_interval = 60, .max_interval = 21600, .start_interval = 900, .unreached_max = 900};

static struct schedule_out next(enum schedule_outcome oc, int64_t interval, int fails,
                                const struct schedule_http *h, const struct schedule_hints *hints)
{
    struct schedule_in in = {.now = NOW, .outcome = oc, .interval = interval, .fails = fails};
    if (h) in.http = *h;
    if (hints) in.hints = *hints;
    struct schedule_out out;
    schedule_next(&L, &in, &out);
    return out;
}

static void test_http_dates(void **state)
{
    int64_t t;
    assert_int_equal(schedule_http_date("Sun, 06 Nov 1994 08:49:37 GMT", &t), 0);
    assert_int_equal(t, 784111777);
    assert_int_equal(schedule_http_date("Sunday, 06-Nov-94 08:49:37 GMT", &t), 0);
    assert_int_equal(t, 784111777);
    assert_int_equal(schedule_http_date("Sun Nov  6 08:49:37 1994", &t), 0);
    assert_int_equal(t, 784111777);
    assert_int_equal(schedule_http_date("0", &t), -1);
    assert_int_equal(schedule_http_date("Sun, 06 Nov 1994 08:49:37 +0100", &t), -1);
    assert_int_equal(schedule_http_date("Sun, 31 Foo 1994 08:49:37 GMT", &t), -1);
    assert_int_equal(schedule_http_date("", &t), -1);
}

static void test_adaptive(void **state)
{
    /* A first fetch starts from the start interval; new items halve it,
     * nothing new grows it by half. */
    struct schedule_out o = next(SCHEDULE_NEW, 0, 0, NULL, NULL);
    assert_int_equal(o.interval, 450);
    assert_int_equal(o.next_due, NOW + 450);
    assert_string_equal(o.why, "adaptive");
    o = next(SCHEDULE_UNCHANGED, 400, 0, NULL, NULL);
    assert_int_equal(o.interval, 600);
    /* The floor: a busy feed is checked every minute, not more. */
    o = next(SCHEDULE_NEW, 90, 0, NULL, NULL);
    assert_int_equal(o.interval, 60);
    assert_int_equal(o.next_due, NOW + 60);
    /* The ceiling: an idle feed at least every six hours. */
    o = next(SCHEDULE_UNCHANGED, 20000, 0, NULL, NULL);
    assert_int_equal(o.interval, 21600);
    assert_int_equal(o.next_due, NOW + 21600);
    /* Busy to idle and back: the interval walks between the two. */
    int64_t iv = 0;
    for (int i = 0; i < 10; i++)
        iv = next(SCHEDULE_NEW, iv, 0, NULL, NULL).interval;
    assert_int_equal(iv, 60);
    for (int i = 0; i < 30; i++)
        iv = next(SCHEDULE_UNCHANGED, iv, 0, NULL, NULL).interval;
    assert_int_equal(iv, 21600);
}

static void test_max_age(void **state)
{
    struct schedule_http h;
    schedule_http_parse(&h, "public, max-age=1800", NULL, NULL, NULL, NOW);
    assert_int_equal(h.fresh_until, NOW + 1800);
    struct schedule_out o = next(SCHEDULE_NEW, 120, 0, &h, NULL);
    assert_int_equal(o.next_due, NOW + 1800);
    assert_string_equal(o.why, "max-age");
    /* The adaptive interval still follows the feed, whatever max-age says. */
    assert_int_equal(o.interval, 60);
    /* Shorter than the adaptive wait: the feed's own pace wins. */
    schedule_http_parse(&h, "max-age=30", NULL, NULL, NULL, NOW);
    o = next(SCHEDULE_UNCHANGED, 600, 0, &h, NULL);
    assert_int_equal(o.next_due, NOW + 900);
    /* s-maxage counts when max-age is absent; quoted values are read. */
    schedule_http_parse(&h, "s-maxage=\"3000\"", NULL, NULL, NULL, NOW);
    assert_int_equal(h.fresh_until, NOW + 3000);
    /* no-cache, no-store and max-age=0 say nothing about pace. */
    schedule_http_parse(&h, "no-cache, max-age=3000", NULL, NULL, NULL, NOW);
    assert_int_equal(h.fresh_until, 0);
    schedule_http_parse(&h, "max-age=0", "Wed, 15 Nov 2023 00:00:00 GMT", NULL, NULL, NOW);
    assert_int_equal(h.fresh_until, 0);
    /* Never past the ceiling. */
    schedule_http_parse(&h, "max-age=31536000", NULL, NULL, NULL, NOW);
    o = next(SCHEDULE_UNCHANGED, 600, 0, &h, NULL);
    assert_int_equal(o.next_due, NOW + 21600);
    /* Junk is ignored. */
    schedule_http_parse(&h, "max-age=soon, max-age", NULL, NULL, NULL, NOW);
    assert_int_equal(h.fresh_until, 0);
}

static void test_expires(void **state)
{
    struct schedule_http h;
    /* An hour after the server's Date, even when the server's clock is a
     * day ahead of ours. */
    schedule_http_parse(&h, NULL, "Wed, 15 Nov 2023 23:13:20 GMT", NULL,
                        "Wed, 15 Nov 2023 22:13:20 GMT", NOW);
    assert_int_equal(h.fresh_until, NOW + 3600);
    struct schedule_out o = next(SCHEDULE_UNCHANGED, 600, 0, &h, NULL);
    assert_int_equal(o.next_due, NOW + 3600);
    assert_string_equal(o.why, "expires");
    /* Without Date, against our clock. */
    schedule_http_parse(&h, NULL, "Tue, 14 Nov 2023 22:43:20 GMT", NULL, NULL, NOW);
    assert_int_equal(h.fresh_until, NOW + 1800);
    /* max-age wins over Expires. */
    schedule_http_parse(&h, "max-age=120", "Tue, 14 Nov 2023 23:13:20 GMT", NULL, NULL, NOW);
    assert_int_equal(h.fresh_until, NOW + 120);
    /* Invalid or past Expires: already stale. */
    schedule_http_parse(&h, NULL, "0", NULL, NULL, NOW);
    assert_int_equal(h.fresh_until, 0);
    schedule_http_parse(&h, NULL, "Mon, 13 Nov 2023 00:00:00 GMT", NULL, NULL, NOW);
    assert_int_equal(h.fresh_until, 0);
}

static void test_retry_after(void **state)
{
    struct schedule_http h;
    /* Seconds. */
    schedule_http_parse(&h, NULL, NULL, "7200", NULL, NOW);
    assert_int_equal(h.retry_at, NOW + 7200);
    struct schedule_out o = next(SCHEDULE_THROTTLED, 60, 0, &h, NULL);
    assert_int_equal(o.next_due, NOW + 7200);
    assert_string_equal(o.why, "retry-after");
    assert_int_equal(o.fails, 1);
    assert_int_equal(o.interval, 60);
    /* An HTTP date, read against the server's Date. */
    schedule_http_parse(&h, NULL, NULL, "Wed, 15 Nov 2023 22:23:20 GMT",
                        "Wed, 15 Nov 2023 22:13:20 GMT", NOW);
    assert_int_equal(h.retry_at, NOW + 600);
    o = next(SCHEDULE_THROTTLED, 60, 0, &h, NULL);
    assert_int_equal(o.next_due, NOW + 600);
    /* Past the ceiling (the server knows), but not past a week. */
    schedule_http_parse(&h, NULL, NULL, "99999999", NULL, NOW);
    o = next(SCHEDULE_THROTTLED, 60, 0, &h, NULL);
    assert_int_equal(o.next_due, NOW + SCHEDULE_RETRY_MAX);
    /* Shorter than the back-off: the back-off stands. */
    schedule_http_parse(&h, NULL, NULL, "5", NULL, NOW);
    o = next(SCHEDULE_THROTTLED, 600, 2, &h, NULL);
    assert_int_equal(o.next_due, NOW + 600 * 8);
    assert_string_equal(o.why, "backoff");
    /* Junk is ignored. */
    schedule_http_parse(&h, NULL, NULL, "soon", NULL, NOW);
    assert_int_equal(h.retry_at, 0);
}

static void test_backoff(void **state)
{
    /* 429 and 503 are throttling; others are failures; both back off
     * exponentially from the feed's interval to the ceiling. */
    assert_int_equal(schedule_outcome_of(429, 1, 0), SCHEDULE_THROTTLED);
    assert_int_equal(schedule_outcome_of(503, 1, 0), SCHEDULE_THROTTLED);
    assert_int_equal(schedule_outcome_of(404, 1, 0), SCHEDULE_FAILED);
    assert_int_equal(schedule_outcome_of(200, 0, 3), SCHEDULE_NEW);
    assert_int_equal(schedule_outcome_of(304, 0, 0), SCHEDULE_UNCHANGED);
    int64_t want[] = {120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600, 21600};
    for (int f = 0; f < 10; f++) {
        struct schedule_out o =
            next(f % 2 ? SCHEDULE_THROTTLED : SCHEDULE_FAILED, 60, f, NULL, NULL);
        assert_int_equal(o.next_due - NOW, want[f]);
        assert_int_equal(o.fails, f + 1);
        assert_int_equal(o.interval, 60);
    }
    /* Success forgets the failures. */
    assert_int_equal(next(SCHEDULE_UNCHANGED, 60, 5, NULL, NULL).fails, 0);
}

static void test_unreached(void **state)
{
    /* No HTTP response at all: the host did not resolve, refused or timed
     * out. It backs off like a failure, but never past the larger of the
     * feed's interval and unreached_max (the user's fetch.interval), so
     * the feeds come back within it once the network does. */
    assert_int_equal(schedule_outcome_of(0, 1, 0), SCHEDULE_UNREACHED);
    assert_int_equal(schedule_outcome_of(500, 1, 0), SCHEDULE_FAILED);
    assert_int_equal(schedule_outcome_of(200, 1, 0), SCHEDULE_FAILED); /* a bad body */
    int64_t want[] = {120, 240, 480, 900, 900, 900, 900, 900, 900, 900};
    for (int f = 0; f < 10; f++) {
        struct schedule_out o = next(SCHEDULE_UNREACHED, 60, f, NULL, NULL);
        assert_int_equal(o.next_due - NOW, want[f]);
        assert_int_equal(o.fails, f + 1);
        assert_string_equal(o.why, f < 3 ? "backoff" : "unreachable");
    }
    /* A quiet feed keeps its own longer interval: it is asked no more often
     * than when it answered. */
    assert_int_equal(next(SCHEDULE_UNREACHED, 3600, 4, NULL, NULL).next_due - NOW, 3600);
    assert_int_equal(next(SCHEDULE_UNREACHED, 21600, 4, NULL, NULL).next_due - NOW, 21600);
    /* Without the cap it is a failure like any other. */
    struct schedule_limits l = L;
    l.unreached_max = 0;
    struct schedule_in in = {.now = NOW, .outcome = SCHEDULE_UNREACHED, .interval = 60, .fails = 6};
    struct schedule_out out;
    schedule_next(&l, &in, &out);
    assert_int_equal(out.next_due - NOW, 7680);
    (void)state;
}

static void test_ttl_and_sy(void **state)
{
    struct schedule_hints h = {.ttl = 30 * 60};
    struct schedule_out o = next(SCHEDULE_NEW, 60, 0, NULL, &h);
    assert_int_equal(o.next_due, NOW + 1800);
    assert_string_equal(o.why, "ttl");
    h = (struct schedule_hints){.update_period = 7200};
    o = next(SCHEDULE_NEW, 60, 0, NULL, &h);
    assert_int_equal(o.next_due, NOW + 7200);
    assert_string_equal(o.why, "sy:updatePeriod");
    /* A week-long ttl still meets the ceiling. */
    h = (struct schedule_hints){.ttl = 7 * 86400};
    o = next(SCHEDULE_NEW, 60, 0, NULL, &h);
    assert_int_equal(o.next_due, NOW + 21600);
}

static void test_skip(void **state)
{
    /* NOW is 22:13 UTC on a Tuesday; a minute later is still 22h. */
    struct schedule_hints h = {.skip_hours = 1u << 22 | 1u << 23};
    struct schedule_out o = next(SCHEDULE_NEW, 60, 0, NULL, &h);
    assert_int_equal(o.next_due, 1700006400); /* Wednesday 00:00 UTC */
    assert_string_equal(o.why, "adaptive +skip");
    /* Wednesday skipped too: Thursday 00:00. */
    h.skip_days = 1u << 3;
    o = next(SCHEDULE_NEW, 60, 0, NULL, &h);
    assert_int_equal(o.next_due, 1700006400 + 86400);
    /* Every hour skipped is nonsense: ignored. */
    h = (struct schedule_hints){.skip_hours = 0xFFFFFFu};
    o = next(SCHEDULE_NEW, 60, 0, NULL, &h);
    assert_int_equal(o.next_due, NOW + 60);
    /* A due time outside the window stays. */
    h = (struct schedule_hints){.skip_hours = 1u << 3};
    o = next(SCHEDULE_NEW, 60, 0, NULL, &h);
    assert_int_equal(o.next_due, NOW + 60);
}

static void test_hints_parse(void **state)
{
    const char *rss = "<?xml version=\"1.0\"?><rss version=\"2.0\" "
                      "xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"><channel>"
                      "<title>t</title><ttl> 15 </ttl>"
                      "<skipHours><hour>0</hour><hour>23</hour><hour>24</hour><hour>x</hour>"
                      "</skipHours><skipDays><day>Saturday</day><day> sunday </day>"
                      "<day>Caturday</day></skipDays>"
                      "<sy:updatePeriod>hourly</sy:updatePeriod>"
                      "<sy:updateFrequency>4</sy:updateFrequency>"
                      "<item><title>i</title><ttl>999</ttl></item></channel></rss>";
    struct schedule_hints h;
    assert_int_equal(schedule_hints_parse(rss, strlen(rss), &h), 0);
    assert_int_equal(h.ttl, 900);
    assert_int_equal(h.skip_hours, 1u << 0 | 1u << 23);
    assert_int_equal(h.skip_days, 1u << 6 | 1u << 0);
    assert_int_equal(h.update_period, 900);
    /* RDF keeps sy:* in the channel too; only the period given: once per
     * period. An undeclared prefix still counts. */
    const char *rdf = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                      "xmlns=\"http://purl.org/rss/1.0/\"><channel><sy:updatePeriod>daily"
                      "</sy:updatePeriod></channel></rdf:RDF>";
    assert_int_equal(schedule_hints_parse(rdf, strlen(rdf), &h), 0);
    assert_int_equal(h.update_period, 86400);
    /* Nothing to find, or not XML: no hints, no error. */
    const char *plain = "<rss><channel><title>none</title></channel></rss>";
    assert_int_equal(schedule_hints_parse(plain, strlen(plain), &h), 0);
    assert_int_equal(h.ttl + h.update_period + h.skip_hours + h.skip_days, 0);
    /* The words inside text ("little", "battle") are not elements; an
     * element is found whatever follows its name (a newline, an attribute)
     * and wherever it stands, after the items too. */
    const char *late = "<rss><channel><item><title>little battle</title></item>"
                       "<ttl\n>20</ttl><skipDays a=\"1\"><day>Monday</day></skipDays>"
                       "</channel></rss>";
    assert_int_equal(schedule_hints_parse(late, strlen(late), &h), 0);
    assert_int_equal(h.ttl, 1200);
    assert_int_equal(h.skip_days, 1u << 1);
    const char *json = "{\"ttl\": 5, \"items\": []}";
    assert_int_equal(schedule_hints_parse(json, strlen(json), &h), 0);
    assert_int_equal(h.ttl, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_http_dates),  cmocka_unit_test(test_adaptive),
        cmocka_unit_test(test_max_age),     cmocka_unit_test(test_expires),
        cmocka_unit_test(test_retry_after), cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_ttl_and_sy),  cmocka_unit_test(test_skip),
        cmocka_unit_test(test_hints_parse), cmocka_unit_test(test_unreached),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
