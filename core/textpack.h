/* textpack: article text compressed for the store, and back.
 *
 * A packed text is a zstd frame (RFC 8878) of the text's bytes, packed at
 * level 3 with a dictionary trained on news text (data/textpack_dict2.zdict,
 * the newest one), which the frame names by its ID, so the reader knows
 * which one it needs: `zstd -d -D data/textpack_dict2.zdict` reads it.
 * Stores written before schema 17 hold zlib streams (RFC 1950) instead,
 * with the preset dictionary their header names by its Adler-32
 * (data/textpack_dict1.txt) or none; those still unpack, told apart by
 * their first bytes. A dictionary is never changed once text has been
 * packed with it: a better one is a new file. Text too short to gain is not
 * packed: the caller keeps it as it is. The dictionaries are made ready once
 * for the whole process (and kept until it exits), since that costs more
 * than packing an article; a struct textpack keeps the per-call state and
 * the result's buffer, and belongs to one thread at a time. */
#ifndef BULLPEN_CORE_TEXTPACK_H
#define BULLPEN_CORE_TEXTPACK_H

#include <stddef.h>

/* The preset dictionaries (generated from data/textpack_dict*.txt), oldest
 * first; the last packs new text. */
struct textpack_dict {
    const unsigned char *bytes;
    unsigned len;
    unsigned long id; /* zlib: its Adler-32, as a stream's header names it;
                         zstd: the dictionary ID a frame names */
    int zstd;         /* 1 for a zstd dictionary, 0 for a zlib one */
};
extern const struct textpack_dict textpack_dicts[];
extern const int textpack_n_dicts;

/* Zero-initialise (`struct textpack p = {0};`); release with textpack_free. */
struct textpack {
    void *cctx, *dctx;  /* ZSTD_CCtx, ZSTD_DCtx: set up on first use */
    void *inf;          /* z_stream for text packed before schema 17 */
    unsigned char *out; /* the last result, owned here */
    size_t cap;
};

/* Packs text (n bytes). Returns the packed size with *out pointing into p's
 * buffer (valid until the next call on p), 0 when packing would not save
 * space (keep the text as it is), or -1 with err set (out of memory). */
long textpack_pack(struct textpack *p, const char *text, size_t n, const unsigned char **out);

/* Unpacks a packed text of n bytes. Returns its length with *out pointing
 * at the text, NUL-terminated, in p's buffer (valid until the next call on
 * p), or -1 with err set when the bytes are not a whole packed text, name a
 * dictionary this build does not have, or memory runs out. */
long textpack_unpack(struct textpack *p, const unsigned char *packed, size_t n, const char **out);

void textpack_free(struct textpack *p);

#endif
