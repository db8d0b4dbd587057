/* textpack: article text compressed for the store, and back.
 *
 * A packed text is a zlib stream (RFC 1950) of the text's bytes, so any zlib
 * reads it back. New text is packed with a preset dictionary of news wire
 * phrases (data/textpack_dict*.txt, the last one), which the stream's
 * header names by its Adler-32 (FDICT and DICTID), so the reader knows which
 * one it needs: Python's zlib.decompressobj(zdict=...) with that file's
 * bytes. Text packed before there was a dictionary has none and still
 * unpacks. A dictionary is never changed once text has been packed with it:
 * a better one is a new file. Text too short to gain is not packed: the
 * caller keeps it as it is. A struct textpack keeps its
 * zlib streams between calls, since setting one up costs more than packing
 * a short article (the packer keeps one with the dictionary loaded and
 * packs each text with a copy of it, a short text with a copy of a smaller
 * one that makes the same bytes); it belongs to one thread at a time. */
#ifndef BULLPEN_CORE_TEXTPACK_H
#define BULLPEN_CORE_TEXTPACK_H

#include <stddef.h>

/* The preset dictionaries (generated from data/textpack_dict*.txt), oldest
 * first; the last packs new text. */
struct textpack_dict {
    const unsigned char *bytes;
    unsigned len;
    unsigned long adler; /* its Adler-32, as a stream's header names it */
};
extern const struct textpack_dict textpack_dicts[];
extern const int textpack_n_dicts;

/* Zero-initialise (`struct textpack p = {0};`); release with textpack_free. */
struct textpack {
    void *def, *inf;    /* z_stream, set up on first use (def: with the
                           dictionary loaded, copied for each text) */
    void *def_small;    /* def with a window just large enough for the
                           dictionary and a short text (textpack.c) */
    unsigned char *out; /* the last result, owned here */
    size_t cap;
    unsigned char *arena; /* where def's copies live, owned here */
    size_t used;
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
