/* Article text compressed with zlib for the store (see textpack.h). */
#include "core/textpack.h"

#include <limits.h>
#include <stdlib.h>
#include <zlib.h>

#include "core/err.h"

/* Shorter text rarely shrinks by more than the stream's own 6 bytes. */
#define MIN_PACK 64
/* Level 1: a tenth of a percent larger than level 6 on wire copy, and about
 * three times as fast. memLevel 6 halves the hash table that every text's
 * copy of the stream copies, at no cost in size for texts of a few
 * kilobytes. */
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

/* Room for a copy of the primed stream (zlib's state, window, hash chains
 * and pending buffer: about 166 KB at windowBits 15, memLevel 6). */
#define ARENA (192 * 1024)

/* The copy's allocator: the arena while it lasts, then malloc; so a copy
 * made for each text costs no allocation. */
static voidpf arena_alloc(voidpf opaque, uInt items, uInt size)
{
    struct textpack *p = opaque;
    size_t k = ((size_t)items * size + 63) & ~(size_t)63;
    if (p->arena && k <= ARENA - p->used) {
        void *at = p->arena + p->used;
        p->used += k;
        return at;
    }
    return malloc((size_t)items * size);
}

static void arena_free(voidpf opaque, voidpf at)
{
    struct textpack *p = opaque;
    unsigned char *c = at;
    if (!p->arena || c < p->arena || c >= p->arena + ARENA) free(at);
}

/* Deflate looks back at most this far short of its window: the window's
 * size less MIN_LOOKAHEAD (zlib's deflate.h). */
#define REACH(bits) ((1ul << (bits)) - 262)

/* A text with the dictionary fits a window smaller than 32 KB when both
 * are within its reach: every match the full window could find is then
 * found, so the deflate bytes are the same; only the header's window size
 * differs, which pack() writes as the full window's. Copying the smaller
 * stream's state for each text moves 100 KB instead of 166 KB. The
 * smallest window whose reach holds the dictionary and 4 KB of text. */
static int small_bits(const struct textpack_dict *d)
{
    int bits = 9;
    while (bits < 15 && REACH(bits) < d->len + 4096ul)
        bits++;
    return bits;
}

/* The stream with the dictionary loaded at the given window size, set up
 * once. The dictionary saves about 60 bytes of an article's 460
 * (scripts/make_pack_dict.py), but loading it costs more than packing a
 * short article (it is hashed like input): each text is packed by a copy
 * of this stream instead, which makes the same bytes in two thirds of the
 * time. */
static z_stream *primed(struct textpack *p, void **slot, int bits)
{
    if (*slot) return *slot;
    if (!p->arena && !(p->arena = malloc(ARENA))) {
        err_set("out of memory");
        return NULL;
    }
    z_stream *z = calloc(1, sizeof *z);
    if (!z || deflateInit2(z, LEVEL, Z_DEFLATED, bits, MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(z);
        err_set("out of memory");
        return NULL;
    }
    const struct textpack_dict *d = &textpack_dicts[textpack_n_dicts - 1];
    if (deflateSetDictionary(z, d->bytes, d->len) != Z_OK) {
        err_set("packing text: %s", z->msg ? z->msg : "zlib error");
        deflateEnd(z);
        free(z);
        return NULL;
    }
    /* What the stream allocated came from malloc, which arena_free passes
     * to free; its copies are made in the arena. */
    z->zalloc = arena_alloc;
    z->zfree = arena_free;
    z->opaque = p;
    *slot = z;
    return z;
}

/* Rewrites a zlib header (RFC 1950) as a 32 KB window's, as zlib writes it
 * (deflate.c: the check bits make the pair a multiple of 31, and are 31,
 * not 0, when it already is one). */
static void header_as_full_window(unsigned char *h)
{
    unsigned v = (Z_DEFLATED + ((15 - 8) << 4)) << 8 | (h[1] & 0xe0u);
    v += 31 - v % 31;
    h[0] = (unsigned char)(v >> 8);
    h[1] = (unsigned char)v;
}

long textpack_pack(struct textpack *p, const char *text, size_t n, const unsigned char **out)
{
    *out = NULL;
    if (n < MIN_PACK || n > (size_t)UINT_MAX / 2) return 0;
    const struct textpack_dict *d = &textpack_dicts[textpack_n_dicts - 1];
    int bits = small_bits(d);
    if (bits == 15 || d->len + n > REACH(bits)) bits = 15;
    z_stream *base = primed(p, bits == 15 ? &p->def : &p->def_small, bits);
    if (!base) return -1;
    /* Only a result smaller than the text is kept, so n bytes is room
     * enough: a stream that fills it is not worth keeping. */
    if (grow(p, n)) return -1;
    z_stream z;
    p->used = 0;
    if (deflateCopy(&z, base) != Z_OK) return err_set("out of memory");
    z.next_in = (unsigned char *)text;
    z.avail_in = (uInt)n;
    z.next_out = p->out;
    z.avail_out = (uInt)n;
    int rc = deflate(&z, Z_FINISH);
    long k = (long)z.total_out;
    if (rc != Z_OK && rc != Z_BUF_ERROR && rc != Z_STREAM_END)
        err_set("packing text: %s", z.msg ? z.msg : "zlib error");
    deflateEnd(&z);
    if (rc == Z_OK || rc == Z_BUF_ERROR) return 0;
    if (rc != Z_STREAM_END) return -1;
    if (bits != 15) header_as_full_window(p->out);
    *out = p->out;
    return k;
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
    if (p->def_small) deflateEnd(p->def_small);
    if (p->inf) inflateEnd(p->inf);
    free(p->def);
    free(p->def_small);
    free(p->inf);
    free(p->out);
    free(p->arena);
    p->def = p->def_small = p->inf = NULL;
    p->out = p->arena = NULL;
    p->cap = p->used = 0;
}
