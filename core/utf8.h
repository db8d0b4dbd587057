/* utf8: decoding and cleaning of UTF-8 text that came from outside (feeds,
 * files, the network) before any other part of bullpen looks at it. */
#ifndef BULLPEN_CORE_UTF8_H
#define BULLPEN_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* Decodes the code point at s (n > 0 bytes available) into *cp and returns
 * the bytes it used (1..4). An invalid, overlong, surrogate or truncated
 * sequence yields *cp = U+FFFD and returns 1, so callers always advance. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Writes cp as UTF-8 into out (room for 4) and returns the length; invalid
 * code points are written as U+FFFD. */
size_t utf8_encode(uint32_t cp, char out[4]);

/* 1 when the n bytes are well-formed UTF-8 (NUL bytes allowed), else 0. */
int utf8_valid(const char *s, size_t n);

/* The largest length <= max that does not cut a UTF-8 sequence of s (n
 * bytes) in half. */
size_t utf8_clip(const char *s, size_t n, size_t max);

/* Number of code points in s (n bytes); invalid bytes count one each. */
size_t utf8_count(const char *s, size_t n);

/* Length of the terminal escape sequence whose introducer (ESC, or the C1
 * CSI/OSC/DCS) has just been consumed: s points at the byte after ESC, n
 * bytes remain. Returns how many further bytes belong to the sequence (0
 * when ESC stands alone). Used to drop whole sequences, not just the ESC. */
size_t utf8_escape_tail(const char *s, size_t n);

/* Returns a malloc'd, NUL-terminated copy of s (n bytes) that is safe to
 * show on a terminal: valid UTF-8 (bad bytes become U+FFFD); NUL removed;
 * CR LF and lone CR become '\n', U+2028/U+2029 too; every other C0/C1
 * control and DEL removed together with whole escape sequences (ESC [ ...,
 * ESC ] ... BEL or ESC \, ...); bidi embedding/override/isolate controls
 * (U+202A-202E, U+2066-2069) and U+FEFF removed. '\n' and '\t' stay.
 * Returns NULL only when memory runs out. The caller frees. */
char *text_sanitize(const char *s, size_t n);

/* Like text_sanitize, then folds every run of white space (including '\n',
 * '\t' and U+00A0) into one space and trims both ends: for titles and names.
 * The caller frees; NULL only when memory runs out. */
char *text_single_line(const char *s, size_t n);

/* Cuts the NUL-terminated s in place to at most max bytes, on a code point
 * boundary. Returns s. */
char *text_clip(char *s, size_t max);

#endif
