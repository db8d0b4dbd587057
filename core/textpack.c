/* Article text compressed with zstd for the store (see textpack.h). */
#include "core/textpack.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "core/err.h"

/* Shorter text rarely shrinks by more than the frame's own bytes. */
#define MIN_PACK 64
/* zstd's default level. On 100,000 generated articles (95 MB of text)
 * with the trained dictionary: 33.3 MB in 0.48 s, against 39.8 MB in 2.0 s
 * for zlib level 1 with the 8 KB preset dictionary it replaced; level 1 is
 * 9% larger for a fifth less time (ARCHITECTURE.md, "Packed text"). */
#define LEVEL 3
/* Packed text past this is refused: articles are cut far below it. */
#define MAX_TEXT ((size_t)UINT_MAX / 2)

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

/* The dictionaries made ready once for every thread (a CDict and a DDict
 * are only read once made): the newest one's compression tables, and one
 * decompression table for each zstd dictionary. Kept until the process
 * exits. */
static pthread_once_t pack_once = PTHREAD_ONCE_INIT, unpack_once = PTHREAD_ONCE_INIT;
static ZSTD_CDict *cdict;
/* By index in textpack_dicts (NULL for a zlib one); the table is far
 * shorter than this (a dictionary is added once a release, if ever). */
#define MAX_DICTS 32
static ZSTD_DDict *ddicts[MAX_DICTS];
static int ddicts_ready;

static void make_cdict(void)
{
    const struct textpack_dict *d = &textpack_dicts[textpack_n_dicts - 1];
    cdict = ZSTD_createCDict(d->bytes, d->len, LEVEL);
}

static void make_ddicts(void)
{
    if (textpack_n_dicts > MAX_DICTS) return;
    for (int i = 0; i < textpack_n_dicts; i++) {
        if (!textpack_dicts[i].zstd) continue;
        if (!(ddicts[i] = ZSTD_createDDict(textpack_dicts[i].bytes, textpack_dicts[i].len))) {
            for (int k = 0; k < i; k++) {
                ZSTD_freeDDict(ddicts[k]);
                ddicts[k] = NULL;
            }
            return;
        }
    }
    ddicts_ready = 1;
}

long textpack_pack(struct textpack *p, const char *text, size_t n, const unsigned char **out)
{
    *out = NULL;
    if (n < MIN_PACK || n > MAX_TEXT) return 0;
    if (pthread_once(&pack_once, make_cdict) || !cdict) return err_set("out of memory");
    if (!p->cctx && !(p->cctx = ZSTD_createCCtx())) return err_set("out of memory");
    /* Only a result smaller than the text is kept, so n bytes is room
     * enough: a frame that does not fit is not worth keeping. */
    if (grow(p, n)) return -1;
    size_t k = ZSTD_compress_usingCDict(p->cctx, p->out, n, text, n, cdict);
    if (ZSTD_isError(k)) {
        if (ZSTD_getErrorCode(k) == ZSTD_error_dstSize_tooSmall) return 0;
        return err_set("packing text: %s", ZSTD_getErrorName(k));
    }
    if (k >= n) return 0;
    *out = p->out;
    return (long)k;
}

/* A zstd frame's first four bytes (RFC 8878), which no zlib stream starts
 * with (its first byte's low nibble is 8, deflate). */
static int is_zstd(const unsigned char *b, size_t n)
{
    return n >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd;
}

static long unpack_zstd(struct textpack *p, const unsigned char *packed, size_t n, const char **out)
{
    if (pthread_once(&unpack_once, make_ddicts) || !ddicts_ready)
        return err_set(textpack_n_dicts > MAX_DICTS ? "unpacking text: more dictionaries than %d"
                                                    : "out of memory",
                       MAX_DICTS);
    if (!p->dctx && !(p->dctx = ZSTD_createDCtx())) return err_set("out of memory");
    unsigned id = ZSTD_getDictID_fromFrame(packed, n);
    const ZSTD_DDict *dd = NULL;
    for (int i = 0; id && i < textpack_n_dicts && !dd; i++)
        if (textpack_dicts[i].zstd && textpack_dicts[i].id == id) dd = ddicts[i];
    if (id && !dd) return err_set("unpacking text: packed with an unknown dictionary (%u)", id);
    unsigned long long size = ZSTD_getFrameContentSize(packed, n);
    if (size == ZSTD_CONTENTSIZE_ERROR) return err_set("unpacking text: not a zstd frame");
    if (size == ZSTD_CONTENTSIZE_UNKNOWN)
        return err_set("unpacking text: a zstd frame without its size");
    if (size > MAX_TEXT) return err_set("packed text too large");
    if (grow(p, (size_t)size + 1)) return -1;
    size_t k = dd ? ZSTD_decompress_usingDDict(p->dctx, p->out, (size_t)size, packed, n, dd)
                  : ZSTD_decompressDCtx(p->dctx, p->out, (size_t)size, packed, n);
    if (ZSTD_isError(k)) return err_set("unpacking text: %s", ZSTD_getErrorName(k));
    if (k != size) return err_set("unpacking text: truncated");
    p->out[k] = '\0';
    *out = (const char *)p->out;
    return (long)k;
}

/* Gives z the dictionary its stream names (z->adler holds its Adler-32). */
static int set_dict(z_stream *z)
{
    for (int i = 0; i < textpack_n_dicts; i++) {
        const struct textpack_dict *d = &textpack_dicts[i];
        if (d->zstd || d->id != z->adler) continue;
        if (inflateSetDictionary(z, d->bytes, d->len) != Z_OK) break;
        return 0;
    }
    return err_set("unpacking text: packed with an unknown dictionary (%08lx)",
                   (unsigned long)z->adler);
}

/* A zlib stream, as stores before schema 17 hold text. */
static long unpack_zlib(struct textpack *p, const unsigned char *packed, size_t n, const char **out)
{
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

long textpack_unpack(struct textpack *p, const unsigned char *packed, size_t n, const char **out)
{
    *out = NULL;
    if (n > (size_t)UINT_MAX) return err_set("packed text too large");
    return is_zstd(packed, n) ? unpack_zstd(p, packed, n, out) : unpack_zlib(p, packed, n, out);
}

void textpack_free(struct textpack *p)
{
    if (!p) return;
    if (p->inf) inflateEnd(p->inf);
    free(p->inf);
    ZSTD_freeCCtx(p->cctx);
    ZSTD_freeDCtx(p->dctx);
    free(p->out);
    p->inf = p->cctx = p->dctx = NULL;
    p->out = NULL;
    p->cap = 0;
}
