/* Tests for the extractive summary: what it picks on the design article,
 * its stored form, and what odd input does to it. */
#include "analyze_test.h"
#include "core/summary.h"

/* The summary of text (title_len bytes of headline) as one line; caller
 * frees. */
static char *summarise(const char *text, size_t len, size_t title_len, struct analysis *a)
{
    assert_int_equal(analyzer_run(an, text, len, title_len, a), 0);
    struct sbuf b = {0};
    assert_int_equal(summary_render(text, len, a->summary, a->n_summary, &b), 0);
    return sbuf_take(&b);
}

/* The article DESIGN.md quotes: the summary names the 30% figure and the
 * capital-spending saving, leaves the headline out, and reads in order. */
static void test_design_article(void **state)
{
    size_t len;
    char *text = fixture("trainium.txt", &len);
    const char *nl = strstr(text, "\n\n");
    struct analysis a;
    char *s = summarise(text, len, (size_t)(nl - text), &a);
    assert_true(a.n_summary >= 2 && a.n_summary <= 3);
    assert_non_null(strstr(s, "30% better price performance"));
    assert_non_null(strstr(s, "save tens of billions of dollars in capital spending"));
    assert_null(strstr(s, "bets on Trainium2"));
    assert_true(strstr(s, "30%") < strstr(s, "tens of billions"));
    /* Whole sentences, closing full stop included. */
    assert_int_equal(strncmp(s, "Amazon says Trainium2", 21), 0);
    assert_int_equal(s[strlen(s) - 1], '.');
    for (size_t i = 1; i < a.n_summary; i++)
        assert_true(a.summary[i - 1].end <= a.summary[i].start);
    free(s);
    analysis_free(&a);
    free(text);
}

/* Stored as "START-END ..." character offsets and found again in the text,
 * multi-byte characters included. */
static void test_stored_form(void **state)
{
    size_t len;
    char *text = fixture("trainium.txt", &len);
    const char *nl = strstr(text, "\n\n");
    struct analysis a;
    char *s = summarise(text, len, (size_t)(nl - text), &a);
    char buf[SUMMARY_SPANS_TEXT];
    summary_spans_format(a.summary, a.n_summary, buf);
    assert_true(strlen(buf) < 40);
    struct span back[SUMMARY_MAX];
    int n = summary_spans_parse(buf, back);
    assert_int_equal(n, (int)a.n_summary);
    assert_int_equal(summary_spans_locate(text, len, back, (size_t)n), (size_t)n);
    for (int i = 0; i < n; i++) {
        assert_int_equal(back[i].bstart, a.summary[i].bstart);
        assert_int_equal(back[i].bend, a.summary[i].bend);
    }
    struct sbuf b = {0};
    assert_int_equal(summary_render(text, len, back, (size_t)n, &b), 0);
    assert_string_equal(b.p, s);
    sbuf_free(&b);
    free(s);
    analysis_free(&a);
    free(text);

    assert_int_equal(summary_spans_parse(NULL, back), 0);
    assert_int_equal(summary_spans_parse("", back), 0);
    assert_int_equal(summary_spans_parse("5-2", back), -1);
    assert_int_equal(summary_spans_parse("1-2 x", back), -1);
    assert_int_equal(summary_spans_parse("1-2 3-4 5-6 7-8", back), -1);
    /* Offsets past the end of a text (it changed) are dropped, not read. */
    back[0] = (struct span){0, 5, 0, 0};
    back[1] = (struct span){10, 500, 0, 0};
    assert_int_equal(summary_spans_locate("short text here", 15, back, 2), 1);
}

/* The packed form: a few bytes, read back as the text form reads; spans
 * out of order are left to the text form; damaged bytes are an error. */
static void test_packed_form(void **state)
{
    (void)state;
    struct span sp[3] = {{68, 165, 0, 0}, {166, 270, 0, 0}, {271, 100392, 0, 0}}, back[SUMMARY_MAX];
    unsigned char buf[SUMMARY_SPANS_PACKED];
    size_t len = summary_spans_pack(sp, 3, buf);
    assert_int_equal(len, 8); /* 68 97 1 104 1, 100121 in three bytes */
    assert_int_equal(summary_spans_unpack(buf, len, back), 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(back[i].start, sp[i].start);
        assert_int_equal(back[i].end, sp[i].end);
    }
    assert_int_equal(summary_spans_pack(sp, 0, buf), 0);
    assert_int_equal(summary_spans_unpack(buf, 0, back), 0);
    struct span unordered[2] = {{10, 20, 0, 0}, {5, 8, 0, 0}};
    assert_int_equal(summary_spans_pack(unordered, 2, buf), 0);
    assert_int_equal(summary_spans_unpack(buf, len - 1, back), -1); /* cut short */
    assert_int_equal(summary_spans_unpack(buf, 1, back), -1);       /* a start, no length */
    unsigned char four[] = {1, 1, 1, 1, 1, 1, 1, 1};                /* a fourth span */
    assert_int_equal(summary_spans_unpack(four, sizeof four, back), -1);
}

/* A headline alone, a short note and a wall of one "sentence" give a
 * summary that stays inside the text, or none. */
static void test_odd_texts(void **state)
{
    struct analysis a;
    const char *title = "Nvidia shares rise";
    char *s = summarise(title, strlen(title), strlen(title), &a);
    assert_int_equal(a.n_summary, 0);
    assert_string_equal(s, "");
    free(s);
    analysis_free(&a);

    const char *shortt = "Up.\n\nShares rose. Fine.";
    s = summarise(shortt, strlen(shortt), 3, &a);
    assert_int_equal(a.n_summary, 0);
    free(s);
    analysis_free(&a);

    size_t big = 200000;
    char *wall = malloc(big + 1);
    assert_non_null(wall);
    for (size_t i = 0; i < big; i++)
        wall[i] = i % 7 == 6 ? ' ' : 'a' + (char)(i % 5);
    wall[big] = '\0';
    s = summarise(wall, big, 0, &a);
    assert_true(a.n_summary <= SUMMARY_MAX);
    for (size_t i = 0; i < a.n_summary; i++)
        assert_true(a.summary[i].bend <= big);
    assert_true(strlen(s) <= big);
    free(s);
    free(wall);
    analysis_free(&a);
}

/* Newlines inside a sentence become single spaces. */
static void test_render_folds_space(void **state)
{
    const char *t = "One  two\n three.";
    struct span sp = {0, 16, 0, 16};
    struct sbuf b = {0};
    assert_int_equal(summary_render(t, strlen(t), &sp, 1, &b), 0);
    assert_string_equal(b.p, "One two three.");
    sbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_design_article),     cmocka_unit_test(test_stored_form),
        cmocka_unit_test(test_packed_form),        cmocka_unit_test(test_odd_texts),
        cmocka_unit_test(test_render_folds_space),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
