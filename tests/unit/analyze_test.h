/* What the analyser's unit tests share: one analyser built for the group
 * (setup, teardown), and helpers to run it, find a ticker, check spans,
 * score a sentence and read fixtures. */
#ifndef BULLPEN_TESTS_ANALYZE_TEST_H
#define BULLPEN_TESTS_ANALYZE_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/analyze.h"
#include "core/str.h"

static struct analyzer *an;

static inline int setup(void **state)
{
    (void)state;
    an = analyzer_new(NULL);
    return an ? 0 : -1;
}

static inline int teardown(void **state)
{
    (void)state;
    analyzer_free(an);
    return 0;
}

static inline const struct ticker_hit *find(const struct analysis *a, const char *sym)
{
    for (size_t i = 0; i < a->n_tickers; i++)
        if (!strcmp(a->tickers[i].symbol, sym)) return &a->tickers[i];
    return NULL;
}

static inline void run(const char *text, struct analysis *a)
{
    assert_int_equal(analyzer_run(an, text, strlen(text), 0, a), 0);
}

/* Character offset of byte offset b, decoding like the analyser does. */
static inline uint32_t chars_before(const char *s, size_t b)
{
    uint32_t n = 0;
    for (size_t i = 0; i < b;) {
        unsigned c = (unsigned char)s[i];
        size_t k = c < 0x80                 ? 1
                   : c >= 0xC2 && c <= 0xDF ? 2
                   : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4
                                            : 1;
        int ok = i + k <= b;
        for (size_t j = 1; ok && j < k; j++)
            ok = ((unsigned char)s[i + j] & 0xC0) == 0x80;
        i += ok ? k : 1;
        n++;
    }
    return n;
}

/* Every span of every hit covers exactly `want` in the text, with its
 * character offsets agreeing with its byte offsets. */
static inline void check_spans(const char *text, const struct ticker_hit *h, const char *want)
{
    assert_non_null(h);
    assert_true(h->n_spans > 0);
    for (size_t i = 0; i < h->n_spans; i++) {
        const struct span *s = &h->spans[i];
        assert_true(s->bend > s->bstart);
        assert_int_equal(s->start, chars_before(text, s->bstart));
        assert_int_equal(s->end, chars_before(text, s->bend));
        if (want) assert_memory_equal(text + s->bstart, want, strlen(want));
    }
}

static inline char *fixture(const char *name, size_t *len)
{
    const char *dir = getenv("BULLPEN_FIXTURES");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/fixtures", name);
    char *s = file_read_all(path, 1 << 20, len);
    assert_non_null(s);
    return s;
}

static inline double score(const char *s)
{
    return analyzer_score(an, s, strlen(s));
}

/* Each of the n texts scores on the given side of the band (-1, 0 or 1). */
static inline void expect_side(const char *const *texts, size_t n, int side)
{
    for (size_t i = 0; i < n; i++) {
        double s = score(texts[i]);
        if (sentiment_side(s) != side) print_error("%+.3f: %s\n", s, texts[i]);
        assert_int_equal(sentiment_side(s), side);
    }
}

/* The text names sym (and, when span is given, every mention spans it). */
static inline void expect_ticker(const char *text, const char *sym, const char *span)
{
    struct analysis a;
    run(text, &a);
    const struct ticker_hit *h = find(&a, sym);
    if (!h) print_error("no %s in: %s\n", sym, text);
    assert_non_null(h);
    if (span) check_spans(text, h, span);
    analysis_free(&a);
}

/* The text names no company. */
static inline void expect_no_ticker(const char *text)
{
    struct analysis a;
    run(text, &a);
    if (a.n_tickers) print_error("unexpected %s in: %s\n", a.tickers[0].symbol, text);
    assert_int_equal(a.n_tickers, 0);
    analysis_free(&a);
}

#endif
