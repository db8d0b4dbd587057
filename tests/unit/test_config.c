/* Config parsing and symbols. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/err.h"
#include "core/symbol.h"

static char *write_tmp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/bullpen-cfg-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_defaults(void **state)
{
    (void)state;
    struct config *c = config_load(NULL, 0);
    assert_non_null(c);
    assert_int_equal(config_int(c, CFG_FETCH_PARALLEL), 8);
    assert_string_equal(config_str(c, CFG_UI_THEME), "dark");
    assert_true(config_bool(c, CFG_UI_MOUSE));
    config_free(c);
    /* A missing default file is fine; a missing explicit one is not. */
    c = config_load("/nonexistent/bullpen/config", 0);
    assert_non_null(c);
    config_free(c);
    assert_null(config_load("/nonexistent/bullpen/config", 1));
}

static void test_values_and_binds(void **state)
{
    (void)state;
    char *p = write_tmp("# settings\n\nfetch.parallel = 3   # fewer\nui.theme = \"light # x\"\n"
                        "ui.mouse = off\nbind.J = move-down\nbind.^F = page-down\n");
    struct config *c = config_load(p, 1);
    assert_non_null(c);
    assert_int_equal(config_int(c, CFG_FETCH_PARALLEL), 3);
    assert_string_equal(config_str(c, CFG_UI_THEME), "light # x");
    assert_false(config_bool(c, CFG_UI_MOUSE));
    size_t n;
    const struct config_bind *b = config_binds(c, &n);
    assert_int_equal(n, 2);
    assert_string_equal(b[0].key, "J");
    assert_string_equal(b[1].action, "page-down");
    assert_int_equal(b[1].line, 7);
    config_free(c);
    unlink(p);
}

/* `#` and `=` bind as themselves; a line starting with `#` is still a comment. */
static void test_binds_of_hash_and_equals(void **state)
{
    (void)state;
    char *p = write_tmp("#bind.x = quit\n  # bind.y = quit\nbind.# = filter-tag  # tags\n"
                        "bind.= = overview\nbind.#=quit\nbind.== help\nbind.Hash = brief\n");
    struct config *c = config_load(p, 1);
    assert_non_null(c);
    size_t n;
    const struct config_bind *b = config_binds(c, &n);
    assert_int_equal(n, 5);
    const char *want[][2] = {
        {"#", "filter-tag"}, {"=", "overview"}, {"#", "quit"}, {"=", "help"}, {"Hash", "brief"}};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(b[i].key, want[i][0]);
        assert_string_equal(b[i].action, want[i][1]);
    }
    assert_int_equal(b[0].line, 3);
    config_free(c);
    unlink(p);
}

static void test_errors_name_file_and_line(void **state)
{
    (void)state;
    const char *bad[] = {"fetch.parallel = 0\n",     "x\n",
                         "ui.mouse = maybe\n",       "nope.key = 1\n",
                         "fetch.parallel = 12abc\n", "bind. = x\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[64];
        snprintf(text, sizeof text, "# ok\n%s", bad[i]);
        char *p = write_tmp(text);
        assert_null(config_load(p, 1));
        char want[80];
        snprintf(want, sizeof want, "%s:2: ", p);
        assert_non_null(strstr(err_msg(), want));
        unlink(p);
    }
}

static void test_symbols(void **state)
{
    (void)state;
    char out[SYMBOL_MAX + 1];
    assert_int_equal(symbol_normalize("aapl", out), 0);
    assert_string_equal(out, "AAPL");
    assert_int_equal(symbol_normalize("$nvda", out), 0);
    assert_string_equal(out, "NVDA");
    assert_int_equal(symbol_normalize("brk.b", out), 0);
    assert_string_equal(out, "BRK.B");
    assert_int_equal(symbol_normalize("7203.T", out), 0);
    const char *bad[] = {"", "$", "A B", ".A", "A.", "ABCDEFGHIJKLMNOP", "A\x1b", "\xc3\x84"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(symbol_normalize(bad[i], out), -1);
}

/* store.url takes a PostgreSQL URL or conninfo, never one with a password. */
static void test_store_url(void **state)
{
    struct config *c = config_load(NULL, 0);
    assert_non_null(c);
    assert_string_equal(config_str(c, CFG_STORE_URL), "");
    const char *ok[] = {"postgresql://db.example:5432/desk",
                        "postgres://me@db/desk",
                        "host=db dbname=desk user=me",
                        "postgresql:///desk?host=/run/pg",
                        "/home/me/desk.db",
                        "postgresql://db/desk?passfile=/home/me/.pgpass"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(config_set(c, "store.url", ok[i]), 0);
        assert_string_equal(config_str(c, CFG_STORE_URL), ok[i]);
    }
    const char *bad[] = {"postgresql://me:secret@db/desk", "postgres://me:@db/desk",
                         "host=db dbname=desk password=secret", "host=db PASSWORD=x",
                         "postgresql://db/desk?sslmode=require&password=secret"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(config_set(c, "store.url", bad[i]), -1);
        assert_non_null(strstr(err_msg(), "store.url: holds a password"));
        assert_null(strstr(err_msg(), "secret"));
    }
    assert_string_equal(config_str(c, CFG_STORE_URL), ok[5]);
    config_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_values_and_binds),
        cmocka_unit_test(test_binds_of_hash_and_equals),
        cmocka_unit_test(test_errors_name_file_and_line),
        cmocka_unit_test(test_symbols),
        cmocka_unit_test(test_store_url),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
