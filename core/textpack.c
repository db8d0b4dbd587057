/* Article text compressed with zlib for the store (see textpack.h). */
#include "core/textpack.h"

#include <limits.h>
#include <stdlib.h>
#include <zlib.h>

#include "core/err.h"

/* Shorter text rarely shrinks by more than the stream's own 6 bytes. */
#define MIN_PACK 64
/* Level 1: a tenth of a percent larger than level 6 on wire copy, and about
 * three times as fast. memLevel 6 halves the hash table that every reset
 * clears, at no cost in size for texts of a few kilobytes. */
#define LEVEL 1
#define MEM_LEVEL 6

static int grow(struct textpack *p, size_t need)
{
    if (need <= p->cap) return 0;
    size_t cap = p->cap ? p->cap : 1024;
    while (cap < need)
        cap *= 2;
    unsigned char *o = realloc(p->out, cap);
    if (!o) return err_set("out of memory");
    p->out = o;
    p->cap = cap;
    return 0;
}

long textpack_pack(struct textpack *p, const char *text, size_t n, const unsigned char **out)
{
    *out = NULL;
    if (n < MIN_PACK || n > (size_t)UINT_MAX / 2) return 0;
    z_stream *z = p->def;
    if (!z) {
        if (!(z = calloc(1, sizeof *z))) return err_set("out of memory");
        if (deflateInit2(z, LEVEL, Z_DEFLATED, 15, MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK) {
            free(z);
            return err_set("out of memory");
        }
        p->def = z;
    } else if (deflateReset(z) != Z_OK) {
        return err_set("packing text: %s", z->msg ? z->msg : "zlib error");
    }
    /* The dictionary costs about 18 us an article to load (it is hashed like
     * input) and saves about 60 bytes of its 460 (scripts/make_pack_dict.py). */
    const struct textpack_dict *d = &textpack_dicts[textpack_n_dicts - 1];
    if (deflateSetDictionary(z, d->bytes, d->len) != Z_OK)
        return err_set("packing text: %s", z->msg ? z->msg : "zlib error");
    /* Only a result smaller than the text is kept, so n bytes is room
     * enough: a stream that fills it is not worth keeping. */
    if (grow(p, n)) return -1;
    z->next_in = (unsigned char *)text;
    z->avail_in = (uInt)n;
    z->next_out = p->out;
    z->avail_out = (uInt)n;
    int rc = deflate(z, Z_FINISH);
    if (rc == Z_OK || rc == Z_BUF_ERROR) return 0;
    if (rc != Z_STREAM_END) return err_set("packing text: %s", z->msg ? z->msg : "zlib error");
    *out = p->out;
    return (long)z->total_out;
}

/* Gives z the dictionary its stream names (z->adler holds its Adler-32). */
static int set_dict(z_stream *z)
{
    for (int i = 0; i < textpack_n_dicts; i++) {
        const struct textpack_dict *d = &textpack_dicts[i];
        if (d->adler != z->adler) continue;
        if (inflateSetDictionary(z, d->bytes, d->len) != Z_OK) break;
        return 0;
    }
    return err_set("unpacking text: packed with an unknown dictionary (%08lx)",
                   (unsigned long)z->adler);
}

long textpack_unpack(struct textpack *p, const unsigned char *packed, size_t n, const char **out)
{
    *out = NULL;
    if (n > (size_t)UINT_MAX) return err_set("packed text too large");
    z_stream *z = p->inf;
    if (!z) {
        if (!(z = calloc(1, sizeof *z))) return err_set("out of memory");
        if (inflateInit(z) != Z_OK) {
            free(z);
            return err_set("out of memory");
        }
        p->inf = z;
    } else if (inflateReset(z) != Z_OK) {
        return err_set("unpacking text: %s", z->msg ? z->msg : "zlib error");
    }
    /* Wire copy packs to about half; start at three times, double after. */
    if (grow(p, n * 3 + 64)) return -1;
    z->next_in = (unsigned char *)packed;
    z->avail_in = (uInt)n;
    z->next_out = p->out;
    z->avail_out = (uInt)(p->cap - 1);
    for (;;) {
        int rc = inflate(z, Z_FINISH);
        if (rc == Z_NEED_DICT) {
            if (set_dict(z)) return -1;
            continue;
        }
        if (rc == Z_STREAM_END && z->avail_in == 0) break;
        /* Only a full output buffer is a reason to go on. */
        if ((rc != Z_BUF_ERROR && rc != Z_OK) || z->avail_out || p->cap > (size_t)UINT_MAX / 2)
            return err_set("unpacking text: %s", z->msg               ? z->msg
                                                 : rc == Z_STREAM_END ? "bytes after the end"
                                                                      : "truncated");
        size_t done = z->total_out;
        if (grow(p, p->cap * 2)) return -1;
        z->next_out = p->out + done;
        z->avail_out = (uInt)(p->cap - 1 - done);
    }
    p->out[z->total_out] = '\0';
    *out = (const char *)p->out;
    return (long)z->total_out;
}

void textpack_free(struct textpack *p)
{
    if (!p) return;
    if (p->def) deflateEnd(p->def);
    if (p->inf) inflateEnd(p->inf);
    free(p->def);
    free(p->inf);
    free(p->out);
    p->def = p->inf = NULL;
    p->out = NULL;
    p->cap = 0;
}
