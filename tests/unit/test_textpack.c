/* textpack: article text packed with the newest preset dictionary, named in
 * the stream's header; text packed with none, as stores before the
 * dictionary hold it, still unpacks; an unknown dictionary is an error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "core/err.h"
#include "core/textpack.h"

static const char news[] =
    "Shares of the company rose 4.2% in early trading on Tuesday after it reported quarterly "
    "earnings that beat analysts' estimates and raised its full-year revenue forecast, citing "
    "strong demand from cloud customers. The chief executive said on a conference call that "
    "the company expects margins to improve in the second half of the year.";

static unsigned long dictid(const unsigned char *z)
{
    return (unsigned long)z[2] << 24 | (unsigned long)z[3] << 16 | (unsigned long)z[4] << 8 |
           (unsigned long)z[5];
}

static void test_round_trip_with_dictionary(void **state)
{
    struct textpack p = {0};
    const unsigned char *z;
    long n = textpack_pack(&p, news, strlen(news), &z);
    assert_true(n > 6);
    /* FDICT set, and DICTID the newest dictionary's Adler-32. */
    assert_true(z[1] & 0x20);
    assert_int_equal(dictid(z), textpack_dicts[textpack_n_dicts - 1].adler);
    unsigned char *copy = malloc((size_t)n);
    assert_non_null(copy);
    memcpy(copy, z, (size_t)n);

    /* The dictionary pays on wire copy: smaller than zlib alone. */
    unsigned char plain[1024];
    uLongf plain_n = sizeof plain;
    assert_int_equal(compress2(plain, &plain_n, (const unsigned char *)news, strlen(news), 1),
                     Z_OK);
    assert_true((unsigned long)n < plain_n);

    const char *text;
    assert_int_equal(textpack_unpack(&p, copy, (size_t)n, &text), (long)strlen(news));
    assert_string_equal(text, news);

    /* A stream with no dictionary (a store packed before there was one). */
    assert_int_equal(textpack_unpack(&p, plain, plain_n, &text), (long)strlen(news));
    assert_string_equal(text, news);

    /* A dictionary this build does not have: an error naming it. */
    copy[5] ^= 1;
    assert_int_equal(textpack_unpack(&p, copy, (size_t)n, &text), -1);
    assert_non_null(strstr(err_msg(), "unknown dictionary"));
    /* And the stream after it still unpacks. */
    copy[5] ^= 1;
    assert_int_equal(textpack_unpack(&p, copy, (size_t)n, &text), (long)strlen(news));
    free(copy);
    textpack_free(&p);
}

/* Each text is packed afresh: what a packer packed before (a text that
 * shrank, one that did not) changes nothing in the next one's bytes, and
 * every one of them unpacks. */
static void test_texts_in_a_row(void **state)
{
    struct textpack first = {0}, busy = {0}, back = {0};
    const unsigned char *z;
    long n = textpack_pack(&first, news, strlen(news), &z);
    assert_true(n > 6);
    unsigned char *want = malloc((size_t)n);
    assert_non_null(want);
    memcpy(want, z, (size_t)n);

    /* 300 random bytes: packing would not save space. */
    char noise[301];
    unsigned x = 12345;
    for (size_t i = 0; i < 300; i++) {
        x = x * 1103515245u + 12345u;
        noise[i] = (char)(1 + (x >> 16) % 255);
    }
    noise[300] = '\0';
    const char *texts[] = {"Oil prices fell 3% as inventories rose for a third week, traders said, "
                           "while the dollar strengthened against the euro.",
                           noise, news, news + 40};
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        long k = textpack_pack(&busy, texts[t], strlen(texts[t]), &z);
        assert_true(k >= 0);
        if (!k) continue;
        const char *text;
        assert_int_equal(textpack_unpack(&back, z, (size_t)k, &text), (long)strlen(texts[t]));
        assert_string_equal(text, texts[t]);
    }
    assert_int_equal(textpack_pack(&busy, noise, strlen(noise), &z), 0);
    assert_int_equal(textpack_pack(&busy, news, strlen(news), &z), n);
    assert_memory_equal(z, want, (size_t)n);
    free(want);
    textpack_free(&first);
    textpack_free(&busy);
    textpack_free(&back);
}

/* What zlib itself makes of a text with the newest dictionary, at the
 * packer's settings and a full 32 KB window: the bytes the store has always
 * held. Returns the size, or 0 when it does not fit in cap. */
static size_t reference_pack(const char *text, size_t n, unsigned char *out, size_t cap)
{
    const struct textpack_dict *d = &textpack_dicts[textpack_n_dicts - 1];
    z_stream z = {0};
    assert_int_equal(deflateInit2(&z, 1, Z_DEFLATED, 15, 6, Z_DEFAULT_STRATEGY), Z_OK);
    assert_int_equal(deflateSetDictionary(&z, d->bytes, d->len), Z_OK);
    z.next_in = (unsigned char *)text;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    size_t k = rc == Z_STREAM_END ? z.total_out : 0;
    deflateEnd(&z);
    return k;
}

/* A short text is packed by a stream with a smaller window: its bytes are
 * still zlib's with the full window, header included, at every length,
 * through the longest a smaller window reaches and past it. Each text
 * ends with the dictionary's first bytes, the farthest match there is. */
static void test_same_bytes_as_a_full_window(void **state)
{
    const struct textpack_dict *d = &textpack_dicts[textpack_n_dicts - 1];
    static const char *const words[] = {"shares",  "rose",     "fell", "guidance", "quarter",
                                        "revenue", "analysts", "said", "percent",  "the"};
    enum { MOST = 20000 };
    char *text = malloc(MOST);
    unsigned char *want = malloc(MOST);
    assert_non_null(text);
    assert_non_null(want);
    struct textpack p = {0};
    unsigned x = 99;
    size_t lens[] = {64,   300,  1000, 4096, 7000, 7900,  7920,
                     7930, 7931, 7940, 8000, 8200, 16000, MOST};
    for (size_t i = 0; i < sizeof lens / sizeof *lens; i++) {
        size_t n = lens[i], at = 0, tail = n / 4 < 200 ? n / 4 : 200;
        while (at < n - tail) {
            x = x * 1103515245u + 12345u;
            const char *w = words[(x >> 16) % 10];
            size_t k = strlen(w);
            if (k + 1 > n - tail - at) k = n - tail - at - 1;
            memcpy(text + at, w, k);
            text[at + k] = ' ';
            at += k + 1;
        }
        memcpy(text + n - tail, d->bytes, tail);
        size_t k = reference_pack(text, n, want, MOST);
        const unsigned char *z;
        long got = textpack_pack(&p, text, n, &z);
        assert_true(got > 0);
        assert_int_equal((size_t)got, k);
        assert_memory_equal(z, want, k);
    }
    textpack_free(&p);
    free(text);
    free(want);
}

/* The table the build generated: every dictionary's Adler-32 is its own. */
static void test_dictionaries(void **state)
{
    assert_true(textpack_n_dicts >= 1);
    for (int i = 0; i < textpack_n_dicts; i++) {
        const struct textpack_dict *d = &textpack_dicts[i];
        assert_true(d->len > 0 && d->len <= 32768);
        assert_int_equal(adler32(adler32(0, Z_NULL, 0), d->bytes, d->len), d->adler);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_with_dictionary),
        cmocka_unit_test(test_texts_in_a_row),
        cmocka_unit_test(test_same_bytes_as_a_full_window),
        cmocka_unit_test(test_dictionaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
