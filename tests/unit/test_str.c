/* str: the base64 decoder Atom 0.3 content needs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/str.h"

static void check(const char *in, const char *want)
{
    struct sbuf b = {0};
    assert_int_equal(sbuf_add_base64(&b, in, strlen(in)), 0);
    assert_int_equal(b.len, strlen(want));
    if (b.len) assert_memory_equal(b.p, want, b.len);
    sbuf_free(&b);
}

static void test_base64(void **state)
{
    check("", "");
    check("TQ==", "M");
    check("TWE=", "Ma");
    check("TWFu", "Man");
    check("TWE", "Ma"); /* padding left out */
    check("  TW\nFu\r\n\tTQ  ==\n", "ManM");
    check("PGI+YSZiPC9iPg==", "<b>a&b</b>");
    check("-_8=", "\xfb\xff"); /* the URL-safe alphabet */
    const char *bad[] = {"TQ=a", "T", "TQ===", "TW!u", "TWFuT"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct sbuf b = {0};
        if (sbuf_add_base64(&b, bad[i], strlen(bad[i])) != -1) fail_msg("accepted '%s'", bad[i]);
        sbuf_free(&b);
    }
    /* the 256 byte values, as another encoder wrote them */
    struct sbuf b = {0};
    const char *all = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4"
                      "OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3Bx"
                      "cnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmq"
                      "q6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj"
                      "5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w==";
    assert_int_equal(sbuf_add_base64(&b, all, strlen(all)), 0);
    assert_int_equal(b.len, 256);
    for (int i = 0; i < 256; i++)
        assert_int_equal((unsigned char)b.p[i], i);
    sbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
