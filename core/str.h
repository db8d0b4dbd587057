/* str: growable byte buffers and small string helpers. */
#ifndef BULLPEN_CORE_STR_H
#define BULLPEN_CORE_STR_H

#include <stddef.h>

/* A growable, always NUL-terminated buffer. Zero-initialise it
 * (`struct sbuf b = {0};`); the owner frees it with sbuf_free, or takes the
 * bytes with sbuf_take. */
struct sbuf {
    char *p;
    size_t len, cap;
};

/* Each returns 0, or -1 (and aborts nothing) when memory runs out. */
/* Makes room for exactly n more bytes (adding grows by doubling, which
 * leaves up to half of a large buffer unused). */
int sbuf_reserve(struct sbuf *b, size_t n);
int sbuf_add(struct sbuf *b, const char *s, size_t n);
int sbuf_adds(struct sbuf *b, const char *s);
int sbuf_addc(struct sbuf *b, char c);
int sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_reset(struct sbuf *b);
/* Returns the malloc'd string (never NULL: "" when empty); the buffer is left
 * empty. The caller frees the result. */
char *sbuf_take(struct sbuf *b);
void sbuf_free(struct sbuf *b);

/* Makes room for element n of the array at *(void **)pp (cap elements of
 * elem bytes now), doubling it when full. Returns 0, or -1 with err set;
 * on failure the array is left as it was. */
int array_room(void *pp, size_t n, size_t *cap, size_t elem);

/* strdup that treats NULL as NULL. Caller frees. */
char *xstrdup(const char *s);
/* strndup. Caller frees. */
char *xstrndup(const char *s, size_t n);

/* Appends s to b as a JSON string literal (quotes included); NULL -> null. */
int sbuf_add_json_str(struct sbuf *b, const char *s);

/* Appends to b the bytes that the base64 text s (n bytes) encodes; white
 * space anywhere is ignored, '=' padding optional. Returns 0, or -1 when s
 * is not base64 (b may then hold part of the bytes) or memory runs out.
 * Written here because none of our libraries offers it (libxml2 encodes
 * only). */
int sbuf_add_base64(struct sbuf *b, const char *s, size_t n);

/* Reads a whole file ("-" is stdin) into a NUL-terminated malloc'd buffer,
 * refusing anything over max bytes. Returns NULL and sets err on failure.
 * The caller frees. */
char *file_read_all(const char *path, size_t max, size_t *len);

/* Trims ASCII white space at both ends in place; returns s. */
char *str_trim(char *s);

#endif
