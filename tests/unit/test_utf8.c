/* utf8: decoding, clipping and sanitising outside text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/str.h"
#include "core/utf8.h"

static void test_decode(void **state)
{
    uint32_t cp;
    assert_int_equal(utf8_decode("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(utf8_decode("\xc3\xa9", 2, &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(utf8_decode("\xe2\x82\xac", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(utf8_decode("\xf0\x9f\x93\x89", 4, &cp), 4);
    assert_int_equal(cp, 0x1F4C9);
    /* invalid: lone continuation, overlong, surrogate, truncated, > U+10FFFF */
    const char *bad[] = {"\x80",     "\xc0\xaf",         "\xed\xa0\x80",
                         "\xe2\x82", "\xf4\x90\x80\x80", "\xff"};
    size_t badlen[] = {1, 2, 3, 2, 4, 1};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(utf8_decode(bad[i], badlen[i], &cp), 1);
        assert_int_equal(cp, UTF8_REPLACEMENT);
    }
}

static void test_encode_valid(void **state)
{
    char out[4];
    assert_int_equal(utf8_encode(0x20AC, out), 3);
    assert_memory_equal(out, "\xe2\x82\xac", 3);
    assert_int_equal(utf8_encode(0xD800, out), 3); /* surrogate -> U+FFFD */
    assert_memory_equal(out, "\xef\xbf\xbd", 3);
    assert_true(utf8_valid("caf\xc3\xa9 \xef\xbf\xbd", 9));
    assert_false(utf8_valid("caf\xe9", 4));
    assert_int_equal(utf8_count("caf\xc3\xa9", 5), 4);
}

static void test_clip(void **state)
{
    const char *s = "ab\xe2\x82\xac"
                    "cd"; /* a b € c d */
    assert_int_equal(utf8_clip(s, 7, 10), 7);
    assert_int_equal(utf8_clip(s, 7, 5), 5);
    assert_int_equal(utf8_clip(s, 7, 4), 2);
    assert_int_equal(utf8_clip(s, 7, 3), 2);
    assert_int_equal(utf8_clip(s, 7, 2), 2);
    char buf[16];
    strcpy(buf, s);
    assert_string_equal(text_clip(buf, 4), "ab");
}

static void check(const char *in, size_t n, const char *want)
{
    char *got = text_sanitize(in, n);
    assert_non_null(got);
    if (strcmp(got, want) != 0) fail_msg("got [%s] want [%s]", got, want);
    free(got);
}

static void test_sanitize(void **state)
{
    check("plain", 5, "plain");
    check("a\tb\nc", 5, "a\tb\nc");
    check("crlf\r\nlone\rend", 14, "crlf\nlone\nend");
    check("n\0u\0l", 5, "nul");
    check("bell\x07 bs\x08 del\x7f", 13, "bell bs del");
    check("\x1b[1;31mred\x1b[0m", 15, "red");
    check("\x1b]52;c;cm0gLXJm\x07"
          "after",
          21, "after");
    check("\x1b]0;title\x1b\\after", 16, "after");
    check("\x1b"
          "7saved\x1b"
          "8",
          9, "saved");
    check("\x1b(Bcharset", 10, "charset");
    check("\xc2\x9b"
          "2Jcsi",
          7, "csi");
    check("\xc2\x9d"
          "0;x\x07osc",
          9, "osc");
    check("\xc2\x85nel", 5, "nel");
    check("\xe2\x80\xae"
          "evil\xe2\x80\xac",
          10, "evil");
    check("\xe2\x81\xa6iso\xe2\x81\xa9", 9, "iso");
    check("\xef\xbb\xbf"
          "bom",
          6, "bom");
    check("line\xe2\x80\xa8sep", 10, "line\nsep");
    check("bad\xff\xfe", 5, "bad\xef\xbf\xbd\xef\xbf\xbd");
    check("ok \xef\xbf\xbd kept", 11, "ok \xef\xbf\xbd kept");
    check("trail\xe2\x82", 7, "trail\xef\xbf\xbd\xef\xbf\xbd");
    check("\x1b", 1, "");
    check("\x1b[", 2, "");
    check("open osc \x1b]52;c;abc\nnext line", 29, "open osc \nnext line");
    char *t = text_single_line("  Fed\n holds\t rates\xc2\xa0 steady \r\n", 30);
    assert_string_equal(t, "Fed holds rates steady");
    free(t);
}

/* The scanner drops whole sequences, fed code point by code point. */
static void test_escape_scan(void **state)
{
    struct esc_scan e = {0};
    const char *seq = "\x1b[1;31m";
    for (const char *p = seq; *p; p++)
        assert_true(esc_scan_feed(&e, (unsigned char)*p));
    assert_false(esc_scan_open(&e));
    assert_false(esc_scan_feed(&e, 'x'));
    /* An OSC string ends at BEL, at ESC \\, at U+009C, or with its line. */
    assert_true(esc_scan_feed(&e, 0x1B));
    assert_true(esc_scan_feed(&e, ']'));
    assert_true(esc_scan_feed(&e, 0xE9));
    assert_true(esc_scan_feed(&e, 0x07));
    assert_false(esc_scan_feed(&e, 'y'));
    assert_true(esc_scan_feed(&e, 0x9D));
    assert_true(esc_scan_feed(&e, '0'));
    assert_false(esc_scan_feed(&e, '\n'));
    assert_true(esc_scan_feed(&e, 0x90));
    assert_true(esc_scan_open(&e));
    esc_scan_end(&e); /* at markup */
    assert_false(esc_scan_open(&e));
    assert_false(esc_scan_feed(&e, '<'));
    /* ESC alone: what follows is text again. */
    assert_true(esc_scan_feed(&e, 0x1B));
    assert_false(esc_scan_feed(&e, 0xE9));
    assert_true(esc_scan_feed(&e, 0x1B));
    assert_true(esc_scan_feed(&e, 0x1B));
    assert_true(esc_scan_feed(&e, '7'));
    assert_false(esc_scan_open(&e));
}

static void check_markup(const char *in, const char *want)
{
    char *got = text_sanitize_markup(in, strlen(in));
    assert_non_null(got);
    if (strcmp(got, want) != 0) fail_msg("got [%s] want [%s]", got, want);
    free(got);
}

static void test_sanitize_markup(void **state)
{
    check_markup("<p>a&#27;]0;T&#7;b</p>", "<p>ab</p>");
    check_markup("<p>a&#27;]0;T</p><p>b</p>", "<p>a</p><p>b</p>");
    check_markup("<p>a\x1b]0;T</p><p>b</p>", "<p>a</p><p>b</p>");
    check_markup("a&#27;[31mb&#x1b;[0mc", "abc");
    check_markup("a&#x1B;]0;T&lt;b&gt;", "a&lt;b&gt;");
    check_markup("a&#7;b&#0;c&#127;d&#10;e&#9;f", "abcd&#10;e&#9;f");
    check_markup("&#150; &#x80; &#157;x", "&#8211; &#8364; ");
    check_markup("AT&amp;T &#8217; &#27", "AT&amp;T &#8217; ");
    /* Plain text keeps '<' inside a sequence: only markup ends one. */
    char *t = text_sanitize("a\x1b[<0;1Mb", 9);
    assert_string_equal(t, "ab");
    free(t);
}

/* Titles keep their spacing; only line layout and the ends go. */
static void test_one_line(void **state)
{
    static const char *const cases[][2] = {
        {"the  CFO  on margins", "the  CFO  on margins"},
        {"\n      Guidance raised\n      for fiscal 2025\n    ", "Guidance raised for fiscal 2025"},
        {"Tabs\tand\t spaces", "Tabs and  spaces"},
        {"  trimmed  ", "trimmed"},
        {"a\xc2\xa0\xc2\xa0"
         "b",
         "a  b"},
        {"a \r\n b", "a b"},
        {"x\x1b[31m  y", "x  y"},
        {"\n\n", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = text_one_line(cases[i][0], strlen(cases[i][0]));
        assert_non_null(t);
        if (strcmp(t, cases[i][1]) != 0) fail_msg("[%s] -> [%s]", cases[i][0], t);
        free(t);
    }
}

/* Every byte value at every position: the result is always valid UTF-8
 * without controls other than \n and \t. */
static void test_sanitize_all_bytes(void **state)
{
    char buf[3];
    for (int a = 0; a < 256; a++)
        for (int b = 0; b < 256; b++) {
            buf[0] = (char)a, buf[1] = (char)b, buf[2] = 'x';
            char *t = text_sanitize(buf, 3);
            assert_non_null(t);
            size_t n = strlen(t);
            assert_true(utf8_valid(t, n));
            for (size_t i = 0; i < n;) {
                uint32_t cp;
                i += utf8_decode(t + i, n - i, &cp);
                assert_false((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp < 0xA0));
            }
            free(t);
        }
}

/* The reader's indexes count every code point of the input, removed ones
 * included: the workstation maps stored offsets through them. */
static void test_reader_offsets(void **state)
{
    const char *s = "\x1b[1mA\xe2\x80\xae\xc3\xa9\r\nB\xff";
    struct text_reader r = TEXT_READER(s, strlen(s));
    uint32_t cp, at;
    const uint32_t want_cp[] = {'A', 0xE9, '\n', 'B', UTF8_REPLACEMENT};
    const uint32_t want_at[] = {4, 6, 7, 9, 10};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(text_read(&r, &cp, &at), 1);
        assert_int_equal(cp, want_cp[i]);
        assert_int_equal(at, want_at[i]);
    }
    assert_int_equal(text_read(&r, &cp, &at), 0);
}

static void test_check(void **state)
{
    const char *ok = "Caf\xc3\xa9 & Co <\"'> \xe5\xb8\x82";
    assert_int_equal(text_check(ok, strlen(ok)), 0);
    assert_int_equal(text_check("", 0), 0);
    const char *bad[] = {"a\x1b]0;x\x07",   "tab\there",       "nl\n",
                         "c1\xc2\x9b",      "del\x7f",         "rlo\xe2\x80\xae",
                         "lri\xe2\x81\xa6", "bom\xef\xbb\xbf", "ls\xe2\x80\xa8"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(text_check(bad[i], strlen(bad[i])), -1);
        assert_string_equal(err_msg(), "contains a control character");
    }
    assert_int_equal(text_check("caf\xe9", 4), -1);
    assert_string_equal(err_msg(), "is not valid UTF-8");
    assert_int_equal(text_check("a\0b", 3), -1);
}

static void test_repair(void **state)
{
    char *t = utf8_repair("ok \x1b\xff\xc3\xa9\xe2\x82", 9);
    /* Controls are JSON's to escape; only bad bytes change. */
    assert_string_equal(t, "ok \x1b\xef\xbf\xbd\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd");
    free(t);
}

static void check_printf(const char *want, const char *fmt, ...)
{
    struct sbuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    assert_int_equal(text_vprintf(&b, fmt, ap), 0);
    va_end(ap);
    if (strcmp(b.p ? b.p : "", want)) fail_msg("got [%s] want [%s]", b.p, want);
    sbuf_free(&b);
}

static void test_printf(void **state)
{
    /* Arguments are sanitised and kept to one line; the format is not. */
    check_printf("feed: Evil wire!\n", "feed: %s!\n",
                 "\x1b]0;pwned\x07"
                 "Evil\x1b[2J\nwire");
    check_printf("[x]", "[%s]", "\x1b]52;c;cm0gLXJm\x07x");
    check_printf("[a b]", "[%s]", "a\tb");
    check_printf("[\xef\xbf\xbd]", "[%s]", "\xff");
    /* Width and precision count characters, so no character is cut. */
    check_printf("[Caf\xc3\xa9 ]", "[%-5.16s]", "Caf\xc3\xa9");
    check_printf("[ \xc3\xa9\xc3\xa9]", "[%3.2s]", "\xc3\xa9\xc3\xa9\xc3\xa9");
    check_printf("[ab   ]", "[%-*s]", 5, "ab");
    check_printf("[   ab]", "[%*.*s]", 5, 2, "abc");
    check_printf("[(null)]", "[%s]", (char *)NULL);
    /* Other conversions as printf has them. */
    check_printf("   42|-7|ff|3000000000|12345678901|0.50|+1.2e+03|%|x",
                 "%5d|%ld|%x|%zu|%lld|%.2f|%+.1e|%%|%c", 42, -7L, 255u, (size_t)3000000000u,
                 12345678901LL, 0.5, 1234.5, 'x');
    check_printf("[  -3]", "[%4hd]", (short)-3);
    check_printf("[]", "[%c]", 0x1b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_encode_valid),
        cmocka_unit_test(test_clip),
        cmocka_unit_test(test_sanitize),
        cmocka_unit_test(test_sanitize_all_bytes),
        cmocka_unit_test(test_escape_scan),
        cmocka_unit_test(test_sanitize_markup),
        cmocka_unit_test(test_one_line),
        cmocka_unit_test(test_reader_offsets),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_repair),
        cmocka_unit_test(test_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
