/* date_parse and date_format_iso against the forms feeds send. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"

struct case_ {
    const char *in;
    const char *want; /* ISO UTC, or NULL when it must be rejected */
};

static const struct case_ cases[] = {
    /* RFC 822 / 2822 */
    {"Wed, 14 Feb 2024 17:46:00 GMT", "2024-02-14T17:46:00Z"},
    {"14 Feb 2024 17:46:00 GMT", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 17:46 GMT", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 17:46:00 +0000", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 12:46:00 -0500", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 23:16:00 +0530", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 12:46:00 -05:00", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 17:46:00 UTC", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 17:46:00 UT", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 17:46:00 Z", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 12:46:00 EST", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Aug 2024 13:46:00 EDT", "2024-08-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 11:46:00 CST", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Aug 2024 12:46:00 CDT", "2024-08-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 10:46:00 MST", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Aug 2024 11:46:00 MDT", "2024-08-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 09:46:00 PST", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Aug 2024 10:46:00 PDT", "2024-08-14T17:46:00Z"},
    {"Wed, 14 Feb 24 17:46:00 GMT", "2024-02-14T17:46:00Z"},
    {"Sun, 14 Feb 99 17:46:00 GMT", "1999-02-14T17:46:00Z"},
    {"wed, 14 feb 2024 17:46:00 gmt", "2024-02-14T17:46:00Z"},
    {"Wednesday, 14 February 2024 17:46:00 GMT", "2024-02-14T17:46:00Z"},
    {"Wed, 4 Feb 2024 7:06:05 GMT", "2024-02-04T07:06:05Z"},
    {"Wed,14 Feb 2024 17:46:00 GMT", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 17:46:00", "2024-02-14T17:46:00Z"}, /* no zone: UTC */
    {"Wed, 14 Feb 2024 17:46:00 GMT+0100", "2024-02-14T16:46:00Z"},
    {"Wed, 14 Feb 2024 17:46:00 XYZ", "2024-02-14T17:46:00Z"}, /* unknown zone: UTC */
    {"Sat, 31 Dec 2016 23:59:60 GMT", "2016-12-31T23:59:59Z"}, /* leap second */
    /* US zones by their generic names: standard or daylight time by date */
    {"Wed, 14 Feb 2024 12:46:00 ET", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Aug 2024 13:46:00 ET", "2024-08-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 11:46:00 CT", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Aug 2024 12:46:00 CT", "2024-08-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 10:46:00 MT", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Aug 2024 11:46:00 MT", "2024-08-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 09:46:00 PT", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Aug 2024 10:46:00 PT", "2024-08-14T17:46:00Z"},
    {"Feb 14, 2024 12:46 PM ET", "2024-02-14T17:46:00Z"},
    /* the switch days: 2024-03-10 and 2024-11-03 at 2:00 local */
    {"Sun, 10 Mar 2024 01:59:00 ET", "2024-03-10T06:59:00Z"},
    {"Sun, 10 Mar 2024 03:00:00 ET", "2024-03-10T07:00:00Z"},
    {"Sun, 03 Nov 2024 01:30:00 ET", "2024-11-03T05:30:00Z"},
    {"Sun, 03 Nov 2024 02:30:00 ET", "2024-11-03T07:30:00Z"},
    {"Sat, 15 Apr 2000 12:00:00 PT", "2000-04-15T19:00:00Z"}, /* 1987-2006 rules */
    {"Sat, 01 Apr 2000 12:00:00 PT", "2000-04-01T20:00:00Z"},
    {"Sun, 29 Oct 2000 12:00:00 PT", "2000-10-29T20:00:00Z"},
    {"2024-08-14T13:46:00 ET", "2024-08-14T17:46:00Z"},
    /* other zones of the table */
    {"Wed, 14 Feb 2024 18:46:00 CET", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Aug 2024 19:46:00 CEST", "2024-08-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 18:46:00 MET", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Aug 2024 18:46:00 BST", "2024-08-14T17:46:00Z"},
    {"Thu, 15 Feb 2024 02:46:00 JST", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 23:16:00 IST", "2024-02-14T17:46:00Z"},
    {"Thu, 15 Feb 2024 01:46:00 HKT", "2024-02-14T17:46:00Z"},
    {"Thu, 15 Feb 2024 01:46:00 SGT", "2024-02-14T17:46:00Z"},
    {"Thu, 15 Feb 2024 03:46:00 AEST", "2024-02-14T17:46:00Z"},
    {"Thu, 15 Feb 2024 04:46:00 AEDT", "2024-02-14T17:46:00Z"},
    {"Thu, 15 Feb 2024 06:46:00 NZDT", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 17:46:00 A", "2024-02-14T17:46:00Z"}, /* military: RFC 2822 */
    {"Wed, 14 Feb 2024 17:46:00 N", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 17:46:00 Y", "2024-02-14T17:46:00Z"},
    /* offset forms; a number wins over a name, comments are skipped */
    {"Wed, 14 Feb 2024 17:46:00 +00:00", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 12:46:00 -05", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 19:46:00 GMT+2", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 12:46:00 UTC-5", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 23:16:00 GMT+05:30", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 23:16:00 +530", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 12:46:00 -0500 (EST)", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 12:46:00 -0500 EST", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 17:46:00 +0000 (Coordinated Universal Time)", "2024-02-14T17:46:00Z"},
    {"Wed, 14 Feb 2024 13:46:00 EDT -0500", "2024-02-14T18:46:00Z"},
    {"2024-02-14T19:46:00 UTC+2", "2024-02-14T17:46:00Z"},
    /* two- and three-digit years (RFC 2822 4.3), numeric orders */
    {"Wed, 31 Dec 03 17:46:00 GMT", "2003-12-31T17:46:00Z"},
    {"Fri, 31 Dec 49 17:46:00 GMT", "2049-12-31T17:46:00Z"},
    {"Sat, 31 Dec 50 17:46:00 GMT", "1950-12-31T17:46:00Z"},
    {"Wed, 31 Dec 103 17:46:00 GMT", "2003-12-31T17:46:00Z"},
    {"03-12-31", "2003-12-31T00:00:00Z"},
    {"03-12-31 17:46", "2003-12-31T17:46:00Z"},
    {"99-01-02", "1999-01-02T00:00:00Z"},
    {"12-31-03", "2003-12-31T00:00:00Z"}, /* not year-month-day: month-day-year */
    {"12/31/03", "2003-12-31T00:00:00Z"},
    {"02/03/2024", "2024-02-03T00:00:00Z"},
    {"31/12/2003", "2003-12-31T00:00:00Z"},
    {"31.12.2003", "2003-12-31T00:00:00Z"},
    {"02.03.2024 17:46", "2024-03-02T17:46:00Z"},
    {"2024/02/14", "2024-02-14T00:00:00Z"},
    {"31.12.03", "2003-12-31T00:00:00Z"},
    {"31/12/03", "2003-12-31T00:00:00Z"},
    /* broken variants */
    {"Feb 14, 2024 5:46 PM", "2024-02-14T17:46:00Z"},
    {"Feb 14, 2024 12:05 AM EST", "2024-02-14T05:05:00Z"},
    {"14-Feb-2024 17:46", "2024-02-14T17:46:00Z"},
    {"02/14/2024 17:46:00", "2024-02-14T17:46:00Z"},
    {"  Wed, 14 Feb 2024 17:46:00 GMT  ", "2024-02-14T17:46:00Z"},
    /* RFC 3339 / ISO 8601 */
    {"2024-02-14T17:46:00Z", "2024-02-14T17:46:00Z"},
    {"2024-02-14T17:46:00z", "2024-02-14T17:46:00Z"},
    {"2024-02-14t17:46:00Z", "2024-02-14T17:46:00Z"},
    {"2024-02-14T17:46:00.123456Z", "2024-02-14T17:46:00Z"},
    {"2024-02-14T17:46:00,5Z", "2024-02-14T17:46:00Z"},
    {"2024-02-14T12:46:00-05:00", "2024-02-14T17:46:00Z"},
    {"2024-02-14T23:16:00+05:30", "2024-02-14T17:46:00Z"},
    {"2024-02-14T19:46:00+0200", "2024-02-14T17:46:00Z"},
    {"2024-02-14T19:46:00+02", "2024-02-14T17:46:00Z"},
    {"2024-02-14 17:46:00", "2024-02-14T17:46:00Z"},
    {"2024-02-14 17:46:00Z", "2024-02-14T17:46:00Z"},
    {"2024-02-14 17:46:00 +00:00", "2024-02-14T17:46:00Z"},
    {"2024-02-14T17:46:00 UTC", "2024-02-14T17:46:00Z"},
    {"2024-02-14T17:46Z", "2024-02-14T17:46:00Z"},
    {"2024-02-14T17:46", "2024-02-14T17:46:00Z"},
    {"2024-02-14", "2024-02-14T00:00:00Z"},
    {"2024-2-4", "2024-02-04T00:00:00Z"},
    {"2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"},
    {"2024-12-31T24:00:00Z", "2025-01-01T00:00:00Z"},
    /* Alpha Vantage, compact ISO */
    {"20240214T174600", "2024-02-14T17:46:00Z"},
    {"20240214T1746", "2024-02-14T17:46:00Z"},
    {"20240214", "2024-02-14T00:00:00Z"},
    {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"},
    {"1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"},
    /* rejected */
    {"", NULL},
    {"   ", NULL},
    {"yesterday", NULL},
    {"sometime on Wednesday", NULL},
    {"2023-02-29", NULL},
    {"2024-13-01", NULL},
    {"2024-02-14T25:00:00Z", NULL},
    {"2024-02-14T17:61:00Z", NULL},
    {"Wed, 32 Feb 2024 17:46:00 GMT", NULL},
    {"Wed, 14 Feb 2024 17:46:00 +9999", NULL},
    {"17:46:00", NULL},
    {"Feb 2024", NULL},
    {"1707932760", NULL},
    {"2024-02-14T17:46:00Zjunk", NULL},
    {"14 Feb 2024 17:46:00 GMT 12 13 14", NULL},
    {"\x1b[31m2024-02-14", NULL},
    {"Wed, 14 Feb 2024 17:46:00 (unclosed", NULL},
    {"13-13-45", NULL},
    {"31-31-03", NULL},
};

static void test_cases(void **state)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t t = -42;
        int rc = date_parse(cases[i].in, &t);
        if (!cases[i].want) {
            if (rc != -1) fail_msg("accepted '%s'", cases[i].in);
            continue;
        }
        if (rc != 0) fail_msg("rejected '%s'", cases[i].in);
        char iso[DATE_ISO_SIZE];
        date_format_iso(t, iso);
        if (strcmp(iso, cases[i].want) != 0)
            fail_msg("'%s' -> %s, want %s", cases[i].in, iso, cases[i].want);
    }
}

static void test_exact_seconds(void **state)
{
    int64_t t;
    assert_int_equal(date_parse("Wed, 14 Feb 2024 17:46:00 GMT", &t), 0);
    assert_int_equal(t, 1707932760);
    assert_int_equal(date_parse("20240214T174600", &t), 0);
    assert_int_equal(t, 1707932760);
    assert_int_equal(date_parse(NULL, &t), -1);
}

static void test_format(void **state)
{
    char iso[DATE_ISO_SIZE];
    assert_string_equal(date_format_iso(0, iso), "1970-01-01T00:00:00Z");
    assert_string_equal(date_format_iso(1707932760, iso), "2024-02-14T17:46:00Z");
    assert_string_equal(date_format_iso(-1, iso), "1969-12-31T23:59:59Z");
    assert_string_equal(date_format_iso(INT64_MAX, iso), "9999-12-31T23:59:59Z");
    assert_string_equal(date_format_iso(INT64_MIN, iso), "0000-01-01T00:00:00Z");
    /* round trip */
    int64_t t;
    assert_int_equal(date_parse(date_format_iso(951782400, iso), &t), 0);
    assert_int_equal(t, 951782400);
}

/* Every prefix of a valid date is parsed or rejected without reading past
 * the end (ASan checks the reads). */
static void test_prefixes(void **state)
{
    const char *full = "Wednesday, 14 February 2024 17:46:00.123 +05:30";
    char buf[64];
    for (size_t n = 0; n <= strlen(full); n++) {
        memcpy(buf, full, n);
        buf[n] = '\0';
        int64_t t;
        (void)date_parse(buf, &t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_exact_seconds),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_prefixes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
