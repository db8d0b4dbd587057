/* core/prices parsers and core/clock day arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/prices.h"
#include "core/str.h"

static int64_t day(const char *s)
{
    int64_t d = 0;
    assert_int_equal(clock_day_parse(s, &d), 0);
    return d;
}

static void test_clock_days(void **state)
{
    (void)state;
    assert_int_equal(day("1970-01-01"), 0);
    assert_int_equal(day("2024-06-19"), 1718755200 / 86400);
    assert_int_equal(day("2000-03-01") - day("2000-02-28"), 2); /* leap century */
    char buf[11];
    clock_day_format(day("2024-02-29"), buf);
    assert_string_equal(buf, "2024-02-29");
    int64_t d;
    assert_int_equal(clock_day_parse("2023-02-29", &d), -1);
    assert_int_equal(clock_day_parse("2024-6-19", &d), -1);
    assert_int_equal(clock_day_parse("2024-06-19x", &d), -1);
    /* 2024-06-19 is a Wednesday; its week starts Monday 06-17. */
    assert_int_equal(clock_week_start(day("2024-06-19")), day("2024-06-17"));
    assert_int_equal(clock_week_start(day("2024-06-17")), day("2024-06-17"));
    assert_int_equal(clock_week_start(day("2024-06-16")), day("2024-06-10"));
    assert_int_equal(clock_day_of(-1), -1);
    setenv("BULLPEN_NOW", "1718798400", 1);
    assert_int_equal(clock_now(), 1718798400);
    unsetenv("BULLPEN_NOW");
}

static void parse_ok(const char *text, const char *sym, struct price_set *ps)
{
    if (prices_parse(text, strlen(text), sym, ps)) fail_msg("parse failed: %s", err_msg());
}

static void parse_err(const char *text, const char *sym, const char *want)
{
    struct price_set ps;
    assert_int_equal(prices_parse(text, strlen(text), sym, &ps), -1);
    if (!strstr(err_msg(), want)) fail_msg("'%s' not in '%s'", want, err_msg());
}

static void test_plain_csv(void **state)
{
    (void)state;
    struct price_set ps;
    parse_ok("symbol,date,close\nmsft,2024-06-12,441.06\n\nAAPL,2024-06-11,207.15\r\n"
             "AAPL,2024-06-10,193.12\n",
             NULL, &ps);
    assert_int_equal(ps.format, PRICES_CSV);
    assert_int_equal(ps.n, 3);
    /* Sorted by symbol, then day. */
    assert_string_equal(ps.rows[0].symbol, "AAPL");
    assert_int_equal(ps.rows[0].day, day("2024-06-10"));
    assert_true(ps.rows[1].close == 207.15);
    assert_string_equal(ps.rows[2].symbol, "MSFT");
    prices_free(&ps);
    /* Headerless; a header in another order is read by name. */
    parse_ok("AAPL,2024-06-10,193.12\n", NULL, &ps);
    assert_int_equal(ps.n, 1);
    prices_free(&ps);
    parse_ok("date,close,ticker\n2024-06-10,5.5,KO\n", NULL, &ps);
    assert_string_equal(ps.rows[0].symbol, "KO");
    assert_true(ps.rows[0].close == 5.5);
    prices_free(&ps);
    parse_err("symbol,date,close\nAAPL,2024-06-10,193.12\nAAPL,2024-06-11,x\n", NULL,
              "line 3: 'x' is not a price");
    parse_err("symbol,date,close\nAAPL,06/10/2024,1\n", NULL, "line 2: '06/10/2024' is not a date");
    parse_err("symbol,date,close\nAAPL,2024-06-10\n", NULL, "line 2: expected 3 fields");
    parse_err("symbol,date,close\nNOT VALID,2024-06-10,1\n", NULL, "line 2");
    parse_err("symbol,date,close\n", NULL, "no prices");
    parse_err("AAPL,2024-06-10,1\n", "AAPL", "names its own symbols");
    parse_err("hello world\n", NULL, "not a price file");
}

static void test_stooq(void **state)
{
    (void)state;
    struct price_set ps;
    const char *en = "Date,Open,High,Low,Close,Volume\n"
                     "2024-06-10,120.37,123.10,117.01,121.79,314162700.5\n"
                     "2024-06-11,121.77,122.87,118.74,120.91,222551200\n";
    assert_int_equal(prices_detect(en, strlen(en)), PRICES_STOOQ);
    parse_ok(en, "NVDA", &ps);
    assert_int_equal(ps.format, PRICES_STOOQ);
    assert_int_equal(ps.n, 2);
    assert_string_equal(ps.rows[1].symbol, "NVDA");
    assert_true(ps.rows[1].close == 120.91);
    prices_free(&ps);
    parse_ok("Data,Otwarcie,Najwyzszy,Najnizszy,Zamkniecie,Wolumen\n2024-06-13,1,2,0.5,1.5,7.25\n",
             "MSFT", &ps);
    assert_true(ps.rows[0].close == 1.5);
    prices_free(&ps);
    parse_err(en, NULL, "--symbol");
    parse_err("No data", "ZZZZ", "no data");
    parse_err("  <!DOCTYPE html><html></html>", "AAPL", "HTML");
    parse_err("Date,Open,High,Low,Close,Volume\n2024-06-10,1,2,3\n", "X", "line 2: expected 5");
    parse_err("", "X", "empty");
}

static void test_alphavantage(void **state)
{
    (void)state;
    struct price_set ps;
    const char *j = "{\"Meta Data\": {\"2. Symbol\": \"ibm\"}, \"Time Series (Daily)\": {"
                    "\"2024-06-18\": {\"4. close\": \"170.5500\"},"
                    "\"2024-06-17\": {\"4. close\": 169.5}}}";
    parse_ok(j, NULL, &ps);
    assert_int_equal(ps.format, PRICES_ALPHAVANTAGE);
    assert_int_equal(ps.n, 2);
    assert_string_equal(ps.rows[0].symbol, "IBM");
    assert_int_equal(ps.rows[0].day, day("2024-06-17"));
    assert_true(ps.rows[1].close == 170.55);
    prices_free(&ps);
    parse_ok(j, "XYZ", &ps);
    assert_string_equal(ps.rows[0].symbol, "XYZ");
    prices_free(&ps);
    parse_err("{\"Error Message\": \"Invalid API call.\"}", NULL, "the source answered: Invalid");
    parse_err("{\"Information\": \"rate limit\"}", NULL, "rate limit");
    parse_err("{\"Meta Data\": {}}", NULL, "Time Series (Daily)");
    parse_err("{\"Time Series (Daily)\": {\"2024-06-18\": {\"4. close\": \"1\"}}}", NULL,
              "2. Symbol");
    parse_err("{\"Meta Data\": {\"2. Symbol\": \"IBM\"}, \"Time Series (Daily)\": {"
              "\"2024-06-18\": {\"1. open\": \"1\"}}}",
              NULL, "2024-06-18: no \"4. close\"");
    parse_err("{\"Meta Data\": {\"2. Symbol\": \"IBM\"}, \"Time Series (Daily)\": {"
              "\"2024-06-18\": {\"4. close\": \"n/a\"}}}",
              NULL, "2024-06-18: 'n/a' is not a price");
    parse_err("{not json", NULL, "not valid JSON");
}

static void test_shared_samples(void **state)
{
    (void)state;
    const char *shared = getenv("BULLPEN_SHARED");
    char path[512];
    snprintf(path, sizeof path, "%s/data/stooq_daily_sample.csv", shared ? shared : "");
    size_t len;
    char *buf = shared ? file_read_all(path, 1 << 24, &len) : NULL;
    if (!buf) skip();
    struct price_set ps;
    assert_int_equal(prices_parse(buf, len, "AAPL", &ps), 0);
    assert_int_equal(ps.n, 1025);
    assert_int_equal(ps.rows[0].day, day("2022-01-03"));
    assert_true(ps.rows[0].close == 178.268);
    prices_free(&ps);
    free(buf);
    snprintf(path, sizeof path, "%s/data/alphavantage_time_series_daily_sample.json", shared);
    buf = file_read_all(path, 1 << 24, &len);
    if (!buf) skip();
    assert_int_equal(prices_parse(buf, len, NULL, &ps), 0);
    assert_int_equal(ps.n, 100);
    assert_string_equal(ps.rows[99].symbol, "IBM");
    assert_int_equal(ps.rows[99].day, day("2024-06-18"));
    assert_true(ps.rows[99].close == 170.55);
    prices_free(&ps);
    free(buf);
}

static void test_names_and_urls(void **state)
{
    (void)state;
    char s[SYMBOL_MAX + 1];
    assert_int_equal(prices_symbol_from_path("/x/aapl_us_d.csv", s), 0);
    assert_string_equal(s, "AAPL");
    assert_int_equal(prices_symbol_from_path("aapl.us.csv", s), 0);
    assert_string_equal(s, "AAPL");
    assert_int_equal(prices_symbol_from_path("dir/brk-b.txt", s), 0);
    assert_string_equal(s, "BRK-B");
    assert_int_equal(prices_symbol_from_path("dir/my prices.csv", s), -1);
    char *u = prices_url_for("https://stooq.com/q/d/l/?s={symbol}.us&i=d", "BRK.B");
    assert_string_equal(u, "https://stooq.com/q/d/l/?s=brk.b.us&i=d");
    free(u);
    u = prices_url_for("http://h/{SYMBOL}/{symbol}", "AAPL");
    assert_string_equal(u, "http://h/AAPL/aapl");
    free(u);
    assert_null(prices_url_for("http://h/fixed", "AAPL"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock_days),     cmocka_unit_test(test_plain_csv),
        cmocka_unit_test(test_stooq),          cmocka_unit_test(test_alphavantage),
        cmocka_unit_test(test_shared_samples), cmocka_unit_test(test_names_and_urls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
