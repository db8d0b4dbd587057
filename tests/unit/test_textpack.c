/* textpack: article text packed as a zstd frame with the newest dictionary,
 * named in the frame; zlib streams, as stores before schema 17 hold them
 * (with the preset dictionary their header names, or none), still unpack;
 * an unknown dictionary or a damaged frame is an error naming it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>
#include <zstd.h>

#include "core/err.h"
#include "core/textpack.h"
#include "textpack_legacy.h"

static const char news[] =
    "Shares of the company rose 4.2% in early trading on Tuesday after it reported quarterly "
    "earnings that beat analysts' estimates and raised its full-year revenue forecast, citing "
    "strong demand from cloud customers. The chief executive said on a conference call that "
    "the company expects margins to improve in the second half of the year.";

static const struct textpack_dict *newest(void)
{
    return &textpack_dicts[textpack_n_dicts - 1];
}

static void test_round_trip_with_dictionary(void **state)
{
    struct textpack p = {0};
    const unsigned char *z;
    long n = textpack_pack(&p, news, strlen(news), &z);
    assert_true(n > 8);
    /* A zstd frame naming the newest dictionary, which zstd itself reads
     * with that dictionary's bytes. */
    assert_true(newest()->zstd);
    assert_memory_equal(z, "\x28\xb5\x2f\xfd", 4);
    assert_int_equal(ZSTD_getDictID_fromFrame(z, (size_t)n), newest()->id);
    char plain[1024];
    ZSTD_DCtx *dc = ZSTD_createDCtx();
    assert_non_null(dc);
    size_t k = ZSTD_decompress_usingDict(dc, plain, sizeof plain, z, (size_t)n, newest()->bytes,
                                         newest()->len);
    ZSTD_freeDCtx(dc);
    assert_false(ZSTD_isError(k));
    assert_int_equal(k, strlen(news));
    assert_memory_equal(plain, news, k);

    unsigned char *copy = malloc((size_t)n);
    assert_non_null(copy);
    memcpy(copy, z, (size_t)n);

    /* The dictionary pays on wire copy: smaller than the zlib stream the
     * store packed before, with its own preset dictionary. */
    unsigned char old[1024];
    assert_true((size_t)n < zlib_pack(news, first_zlib(), old, sizeof old));

    const char *text;
    assert_int_equal(textpack_unpack(&p, copy, (size_t)n, &text), (long)strlen(news));
    assert_string_equal(text, news);

    /* A dictionary this build does not have: an error naming it. */
    unsigned id = newest()->id;
    assert_true(id < 255);
    unsigned char *at = memchr(copy + 5, (int)id, 3);
    assert_non_null(at);
    *at ^= 0x40;
    assert_int_equal(textpack_unpack(&p, copy, (size_t)n, &text), -1);
    assert_non_null(strstr(err_msg(), "unknown dictionary"));
    /* And the frame after it still unpacks. */
    *at ^= 0x40;
    assert_int_equal(textpack_unpack(&p, copy, (size_t)n, &text), (long)strlen(news));
    assert_string_equal(text, news);

    /* Cut short: an error, never text. */
    assert_int_equal(textpack_unpack(&p, copy, (size_t)n - 3, &text), -1);
    assert_non_null(strstr(err_msg(), "unpacking text"));
    assert_int_equal(textpack_unpack(&p, copy, 6, &text), -1);
    free(copy);
    textpack_free(&p);
}

/* The store's text from before schema 17: zlib streams with the preset
 * dictionary their header names by Adler-32, or none. */
static void test_zlib_text_still_unpacks(void **state)
{
    struct textpack p = {0};
    unsigned char z[1024];
    const char *text;
    size_t n = zlib_pack(news, first_zlib(), z, sizeof z);
    assert_true(z[1] & 0x20); /* FDICT */
    assert_int_equal(textpack_unpack(&p, z, n, &text), (long)strlen(news));
    assert_string_equal(text, news);

    n = zlib_pack(news, NULL, z, sizeof z);
    assert_int_equal(textpack_unpack(&p, z, n, &text), (long)strlen(news));
    assert_string_equal(text, news);

    /* A dictionary this build does not have. */
    n = zlib_pack(news, first_zlib(), z, sizeof z);
    z[5] ^= 1;
    assert_int_equal(textpack_unpack(&p, z, n, &text), -1);
    assert_non_null(strstr(err_msg(), "unknown dictionary"));

    /* Text longer than three times its stream (the first guess at room). */
    char *big = malloc(200001);
    assert_non_null(big);
    memset(big, 'a', 200000);
    big[200000] = '\0';
    uLongf bn = compressBound(200000);
    unsigned char *bz = malloc(bn);
    assert_non_null(bz);
    assert_int_equal(compress2(bz, &bn, (unsigned char *)big, 200000, 1), Z_OK);
    assert_int_equal(textpack_unpack(&p, bz, bn, &text), 200000);
    assert_string_equal(text, big);
    free(bz);
    free(big);
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
    assert_true(n > 8);
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
    /* And 100 KB of varied words, far past the dictionary's reach. */
    static const char *const words[] = {"shares",  "rose",     "fell", "guidance", "quarter",
                                        "revenue", "analysts", "said", "percent",  "the"};
    size_t long_n = 100000, at = 0;
    char *longer = malloc(long_n + 1);
    assert_non_null(longer);
    while (at + 10 < long_n) {
        x = x * 1103515245u + 12345u;
        at += (size_t)sprintf(longer + at, "%s ", words[(x >> 16) % 10]);
    }
    longer[at] = '\0';
    const char *texts[] = {"Oil prices fell 3% as inventories rose for a third week, traders said, "
                           "while the dollar strengthened against the euro.",
                           noise, news, news + 40, longer};
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        long k = textpack_pack(&busy, texts[t], strlen(texts[t]), &z);
        assert_true(k >= 0);
        if (t == 4) assert_true(k > 0 && (size_t)k < strlen(longer) / 3);
        if (!k) continue;
        const char *text;
        assert_int_equal(textpack_unpack(&back, z, (size_t)k, &text), (long)strlen(texts[t]));
        assert_string_equal(text, texts[t]);
    }
    assert_int_equal(textpack_pack(&busy, noise, strlen(noise), &z), 0);
    /* Too short to gain: kept as it is. */
    assert_int_equal(textpack_pack(&busy, news, 20, &z), 0);
    assert_int_equal(textpack_pack(&busy, news, strlen(news), &z), n);
    assert_memory_equal(z, want, (size_t)n);
    free(longer);
    free(want);
    textpack_free(&first);
    textpack_free(&busy);
    textpack_free(&back);
}

/* The table the build generated: a zlib dictionary's id is its Adler-32,
 * a zstd one's the ID in its own header; the newest is a zstd one. */
static void test_dictionaries(void **state)
{
    assert_true(textpack_n_dicts >= 2);
    assert_true(newest()->zstd);
    for (int i = 0; i < textpack_n_dicts; i++) {
        const struct textpack_dict *d = &textpack_dicts[i];
        assert_true(d->len > 0 && d->len <= 65536);
        if (d->zstd)
            assert_int_equal(ZSTD_getDictID_fromDict(d->bytes, d->len), d->id);
        else
            assert_int_equal(adler32(adler32(0, Z_NULL, 0), d->bytes, d->len), d->id);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_with_dictionary),
        cmocka_unit_test(test_zlib_text_still_unpacks),
        cmocka_unit_test(test_texts_in_a_row),
        cmocka_unit_test(test_dictionaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
