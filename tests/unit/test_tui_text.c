/* The workstation's pure parts: the sanitiser, theme files and key names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <fcntl.h>
#include <unistd.h>

#include "core/config.h"
#include "core/err.h"
#include "core/utf8.h"
#include "tui/keymap.h"
#include "tui/term.h"
#include "tui/theme.h"

/* Sanitises s and returns the kept characters as a wide string. */
static wchar_t *clean(const char *s, size_t len, int keep_nl)
{
    static wchar_t out[512];
    struct tchar *t;
    size_t n;
    assert_int_equal(term_sanitize(s, len, keep_nl, &t, &n), 0);
    assert_true(n < 512);
    for (size_t i = 0; i < n; i++)
        out[i] = t[i].ch;
    out[n] = 0;
    free(t);
    return out;
}

static void test_escapes_removed(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"a\x1b[31mred\x1b[0m", "ared"},
        {"x\x1b]52;c;cHduZWQ=\x07y", "xy"},
        {"x\x1b]0;title\x1b\\y", "xy"},
        {"x\x1bPdcs data\x1b\\y", "xy"},
        {"x\x1b(By", "xy"},
        {"x\x1b" "7y", "xy"},
        {"x\xc2\x9b" "31my", "xy"},             /* 8-bit CSI */
        {"x\xc2\x9d" "0;t\xc2\x9cy", "xy"},     /* 8-bit OSC ... ST */
        {"a\x01\x02\x7fz", "az"},               /* C0 and DEL */
        {"a\rb", "a b"},                        /* CR is a line break */
        {"a\xe2\x80\x8fz", "az"},               /* RLM */
        {"a\xe2\x80\xae" "bidi\xe2\x80\xac", "abidi"}, /* RLO ... PDF */
        {"a\xe2\x81\xa6iso\xe2\x81\xa9", "aiso"},   /* LRI ... PDI */
        {"tab\there", "tab here"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wchar_t want[64];
        mbstowcs(want, cases[i][1], 64);
        wchar_t *got = clean(cases[i][0], strlen(cases[i][0]), 0);
        if (wcscmp(got, want)) fail_msg("case %zu: got '%ls', want '%ls'", i, got, want);
    }
    /* A NUL inside the bytes is a control too. */
    assert_true(wcscmp(clean("a\0b", 3, 0), L"ab") == 0);
    /* Newlines kept only when asked. */
    assert_true(wcscmp(clean("a\nb", 3, 1), L"a\nb") == 0);
    assert_true(wcscmp(clean("a\nb", 3, 0), L"a b") == 0);
}

static void test_widths_and_offsets(void **state)
{
    (void)state;
    struct tchar *t;
    size_t n;
    /* "市" is two columns, a combining acute zero; src counts code points
     * of the input, including the ones removed. */
    const char *s = "\x1b[1m\xe5\xb8\x82" "e\xcc\x81\xff!";
    assert_int_equal(term_sanitize(s, strlen(s), 0, &t, &n), 0);
    assert_int_equal(n, 5);
    assert_int_equal(t[0].ch, 0x5e02);
    assert_int_equal(t[0].width, 2);
    assert_int_equal(t[0].src, 4);
    assert_int_equal(t[1].width, 1);
    assert_int_equal(t[2].ch, 0x301);
    assert_int_equal(t[2].width, 0);
    assert_int_equal(t[3].ch, 0xFFFD); /* an invalid byte */
    assert_int_equal(t[4].src, 8);
    free(t);
    assert_int_equal(term_width("\xe5\xb8\x82\xe5\xa0\xb4 ok"), 7);
}

/* One set of rules: the screen shows what the command line prints (core's
 * text_sanitize), less only what wcwidth cannot draw, with tabs as spaces.
 * Every pair of bytes before an 'x', and a few sequences, are compared. */
static void expect_same_as_core(const char *s, size_t len)
{
    char *core = text_sanitize(s, len);
    assert_non_null(core);
    wchar_t want[32];
    size_t k = 0;
    for (size_t i = 0; core[i] && k < 31;) {
        uint32_t cp;
        i += utf8_decode(core + i, strlen(core + i), &cp);
        if (cp == '\t') cp = ' ';
        if (cp == '\n' || wcwidth((wchar_t)cp) >= 0) want[k++] = (wchar_t)cp;
    }
    want[k] = 0;
    free(core);
    wchar_t *got = clean(s, len, 1);
    if (wcscmp(got, want))
        fail_msg("%02x %02x: screen '%ls', core '%ls'", (unsigned char)s[0], (unsigned char)s[1],
                 got, want);
}

static void test_same_rules_as_core(void **state)
{
    (void)state;
    char buf[3] = {0, 0, 'x'};
    for (int a = 0; a < 256; a++)
        for (int b = 0; b < 256; b++) {
            buf[0] = (char)a, buf[1] = (char)b;
            expect_same_as_core(buf, 3);
        }
    const char *more[] = {"x\x1b]0;t\x1b\\y",
                          "a\xc2\x9d"
                          "0;t\nb",
                          "\xe2\x80\xaeq\xe2\x81\xa9", "\xe5\xb8\x82\xcc\x81\r\nz"};
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
        expect_same_as_core(more[i], strlen(more[i]));
}

static void test_builtin_themes(void **state)
{
    (void)state;
    const char *names[] = {"dark", "light", "high-contrast", "mono"};
    for (size_t i = 0; i < 4; i++) {
        struct theme t;
        if (theme_load(names[i], &t)) fail_msg("%s: %s", names[i], err_msg());
        assert_string_equal(t.name, names[i]);
        /* Every role is named in every shipped theme. */
        for (int r = 0; r < ROLE_N; r++)
            if (!t.styles[r].set) fail_msg("%s lacks %s", names[i], term_role_name(r));
    }
    assert_int_equal(theme_n_builtins, 4);
    assert_string_equal(theme_next_name("mono"), "dark");
}

static void test_theme_errors(void **state)
{
    (void)state;
    struct theme t;
    assert_int_equal(theme_parse("normal = red blue bold\n# c\n\nticker.pos = 196 default\n",
                                 "x.theme", &t),
                     0);
    assert_int_equal(t.styles[ROLE_NORMAL].fg, 1);
    assert_int_equal(t.styles[ROLE_NORMAL].bg, 4);
    assert_int_equal(t.styles[ROLE_TICKER_POS].fg, 196);
    assert_int_equal(t.styles[ROLE_CLAIM_FIGURE].fg, 1); /* unnamed: like normal */
    assert_int_equal(theme_parse("normal = red\n", "a.theme", &t), -1);
    assert_string_equal(err_msg(), "a.theme:1: expected a foreground and a background colour");
    assert_int_equal(theme_parse("\n\nlist.bogus = red red\n", "b.theme", &t), -1);
    assert_non_null(strstr(err_msg(), "b.theme:3: unknown role 'list.bogus'"));
    assert_int_equal(theme_parse("normal = red 300\n", "c.theme", &t), -1);
    assert_non_null(strstr(err_msg(), "c.theme:1: '300' is not a colour"));
    assert_int_equal(theme_parse("normal = red red sparkly\n", "d.theme", &t), -1);
    assert_non_null(strstr(err_msg(), "d.theme:1: 'sparkly' is not an attribute"));
    assert_int_equal(theme_load("/nonexistent/x.theme", &t), -1);
    assert_int_equal(theme_load("nosuch", &t), -1);
}

static void test_keymap(void **state)
{
    (void)state;
    assert_int_equal(keymap_key_parse("j"), 'j');
    assert_int_equal(keymap_key_parse("C-l"), 12);
    assert_int_equal(keymap_key_parse("PgDn"), KEYMAP_CURSES(KEY_NPAGE));
    assert_int_equal(keymap_key_parse("F2"), KEYMAP_CURSES(KEY_F(2)));
    /* A character whose code point equals a curses key code is a
     * character: U+0102 is KEY_DOWN's number. */
    assert_int_equal(0x102, KEY_DOWN);
    assert_int_equal(keymap_key_parse("\xc4\x82"), 0x102);
    assert_int_equal(keymap_key_parse("Hash"), '#');
    assert_int_equal(keymap_key_parse("nonsense"), -1);
    assert_int_equal(keymap_action_find("move-down"), ACT_MOVE_DOWN);
    assert_int_equal(keymap_action_find("nope"), -1);
    /* Every action has a name and help text; names are unique. */
    for (int i = 0; i < ACT_N; i++) {
        assert_true(keymap_actions[i].help[0]);
        assert_int_equal(keymap_action_find(keymap_actions[i].name), i);
    }
    assert_int_equal(keymap_init(NULL), 0);
    assert_int_equal(keymap_lookup('j'), ACT_MOVE_DOWN);
    assert_int_equal(keymap_lookup(KEYMAP_CURSES(KEY_END)), ACT_MOVE_LAST);
    assert_int_equal(keymap_lookup(KEYMAP_CURSES(KEY_DOWN)), ACT_MOVE_DOWN);
    assert_int_equal(keymap_lookup(0x102), ACT_NONE);

    char path[] = "/tmp/bullpen-keys-XXXXXX";
    int fd = mkstemp(path);
    const char *text = "bind.j = none\nbind.x = quit\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    struct config *c = config_load(path, 1);
    assert_non_null(c);
    assert_int_equal(keymap_init(c), 0);
    assert_int_equal(keymap_lookup('j'), ACT_NONE);
    assert_int_equal(keymap_lookup('x'), ACT_QUIT);
    char keys[64];
    keymap_keys_of(ACT_QUIT, keys, sizeof keys);
    assert_string_equal(keys, "q x");
    config_free(c);
    fd = open(path, O_WRONLY | O_TRUNC);
    text = "ui.mouse = false\nbind.y = fly-away\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    c = config_load(path, 1);
    assert_int_equal(keymap_init(c), -1);
    assert_non_null(strstr(err_msg(), ":2: unknown action 'fly-away'"));
    config_free(c);
    keymap_free();
    unlink(path);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes_removed),    cmocka_unit_test(test_widths_and_offsets),
        cmocka_unit_test(test_same_rules_as_core), cmocka_unit_test(test_builtin_themes),
        cmocka_unit_test(test_theme_errors),       cmocka_unit_test(test_keymap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
