/* dynlib: a library loaded on first use, and the one line that says why
 * one cannot be. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "core/dynlib.h"
#include "core/err.h"

static void test_loads_and_binds(void **state)
{
    const char *const names[] = {"zlibVersion", "crc32"};
    void *slots[2] = {0};
    struct dynlib z = {"libz.so.1", "zlib1g", names, slots, 2, 0, ""};
    assert_int_equal(dynlib_load(&z), 0);
    assert_int_equal(dynlib_ready(&z), 0);
    const char *(*version)(void) = (const char *(*)(void))slots[0];
    assert_non_null(version);
    assert_string_equal(version(), zlibVersion());
    assert_non_null(slots[1]);
}

static void test_missing_library(void **state)
{
    const char *const names[] = {"f"};
    void *slots[1] = {0};
    struct dynlib lib = {"libbullpen-absent.so.9", "bullpen-absent", names, slots, 1, 0, ""};
    const char *want = "libbullpen-absent.so.9: cannot load (install the package bullpen-absent): ";
    for (int i = 0; i < 2; i++) { /* the same answer the second time */
        err_clear();
        assert_int_equal(dynlib_ready(&lib), -1);
        assert_memory_equal(err_msg(), want, strlen(want));
        assert_null(strchr(err_msg(), '\n'));
    }
    assert_null(slots[0]);
}

static void test_missing_symbol(void **state)
{
    const char *const names[] = {"zlibVersion", "bullpen_no_such_function"};
    void *slots[2] = {0};
    struct dynlib z = {"libz.so.1", "zlib1g", names, slots, 2, 0, ""};
    assert_int_equal(dynlib_load(&z), -1);
    assert_string_equal(err_msg(),
                        "libz.so.1: has no bullpen_no_such_function (install the package zlib1g)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loads_and_binds),
        cmocka_unit_test(test_missing_library),
        cmocka_unit_test(test_missing_symbol),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
