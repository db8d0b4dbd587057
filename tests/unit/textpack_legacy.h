/* Text packed as bullpen packed it before schema 17, for the tests that
 * read such text back (test_textpack.c, test_store_text.c). Include after
 * cmocka.h. */
#ifndef BULLPEN_TESTS_TEXTPACK_LEGACY_H
#define BULLPEN_TESTS_TEXTPACK_LEGACY_H

#include <string.h>
#include <zlib.h>

#include "core/textpack.h"

/* The first zlib dictionary of the build's table (data/textpack_dict1.txt). */
static inline const struct textpack_dict *first_zlib(void)
{
    for (int i = 0; i < textpack_n_dicts; i++)
        if (!textpack_dicts[i].zstd) return &textpack_dicts[i];
    fail_msg("no zlib dictionary");
    return NULL;
}

/* A zlib stream of text as the store packed it before schema 17: level 1,
 * memLevel 6, with dictionary d or none. Returns its size. */
static inline size_t zlib_pack(const char *text, const struct textpack_dict *d, unsigned char *out,
                               size_t cap)
{
    z_stream z = {0};
    assert_int_equal(deflateInit2(&z, 1, Z_DEFLATED, 15, 6, Z_DEFAULT_STRATEGY), Z_OK);
    if (d) assert_int_equal(deflateSetDictionary(&z, d->bytes, d->len), Z_OK);
    z.next_in = (unsigned char *)text;
    z.avail_in = (uInt)strlen(text);
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t k = z.total_out;
    deflateEnd(&z);
    return k;
}

#endif
