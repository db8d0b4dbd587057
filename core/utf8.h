/* utf8: decoding and cleaning of UTF-8 text that came from outside (feeds,
 * files, the network, the store, the command line) before any other part
 * of bullpen looks at it or shows it. */
#ifndef BULLPEN_CORE_UTF8_H
#define BULLPEN_CORE_UTF8_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct sbuf;

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

/* The code point a Windows-1252 byte stands for: 0x80-0x9F as that code
 * page maps them (its five holes stay C1 controls), others as Latin-1. */
uint32_t utf8_cp1252(unsigned char c);

/* A terminal escape sequence met one code point at a time, so that callers
 * which decode as they go (character references, bytes in any encoding)
 * can drop whole sequences: ESC alone, ESC + nF intermediates + final, CSI
 * (ESC [ or U+009B) parameters, intermediates and final byte, and the
 * control strings OSC/DCS/SOS/PM/APC (ESC ] P X ^ _ or U+009D U+0090
 * U+0098 U+009E U+009F) up to BEL, ESC \ or U+009C. A string left open ends
 * at the end of its line, so one stray introducer cannot swallow a whole
 * article. Zero-initialise; no resources. */
struct esc_scan {
    int state;
};

/* Feeds the next code point. Returns 1 when cp belongs to an escape
 * sequence (introducer, body or terminator: the caller drops it), 0 when
 * it is ordinary text (any open sequence has ended before it). */
int esc_scan_feed(struct esc_scan *e, uint32_t cp);

/* Ends any open sequence. Callers reading markup call it at every '<' (and
 * at the end of an attribute value): a sequence never extends across
 * markup, so hostile text cannot swallow the elements after it. */
void esc_scan_end(struct esc_scan *e);

/* 1 while a sequence is open. */
int esc_scan_open(const struct esc_scan *e);

/* The one set of rules for showing outside text on a terminal, used by the
 * workstation (tui/term.c), the command line (cli/) and the feed parsers.
 * A reader walks n bytes of s and yields only code points safe to show:
 * - invalid UTF-8 (bad, overlong, surrogate, truncated) becomes U+FFFD, one
 *   per bad byte;
 * - escape sequences go whole: ESC [ ... (CSI), ESC ] / P / X / ^ / _ ...
 *   up to BEL, ESC \ or ST (OSC, DCS, SOS, PM, APC; an unterminated one
 *   ends at the end of its line), two-byte ESC forms, and the 8-bit CSI,
 *   OSC, DCS, SOS, PM and APC (U+009B, U+009D, ...);
 * - every other C0 and C1 control, DEL and NUL is removed;
 * - bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069), the
 *   marks U+200E, U+200F, U+061C and the BOM U+FEFF are removed;
 * - CR LF, a lone CR, U+2028 and U+2029 become '\n'; '\n' and '\t' stay
 *   (the caller decides what a line break or a tab shows as).
 * Zero-initialise with TEXT_READER(s, n); nothing to free. */
struct text_reader {
    const char *s;
    size_t n, i;    /* the text, its length, the next byte to read */
    uint32_t index; /* code points read so far, removed ones included */
    struct esc_scan esc; /* the escape sequence being removed, if any */
};
#define TEXT_READER(s, n) ((struct text_reader){(s), (n), 0, 0, {0}})

/* Yields the next code point to show: returns 1 with *cp set and *at the
 * index of that code point in the input (counting every code point read,
 * removed ones included, as stored offsets do), or 0 at the end. */
int text_read(struct text_reader *r, uint32_t *cp, uint32_t *at);

/* Returns a malloc'd, NUL-terminated copy of s (n bytes) holding what
 * text_read yields: valid UTF-8 with no control character but '\n' and
 * '\t'. Returns NULL only when memory runs out. The caller frees. */
char *text_sanitize(const char *s, size_t n);

/* Like text_sanitize, then folds every run of white space (including '\n',
 * '\t' and U+00A0) into one space and trims both ends: for titles and names.
 * The caller frees; NULL only when memory runs out. */
char *text_single_line(const char *s, size_t n);

/* Like text_sanitize, for HTML or XML source text that is about to be
 * parsed: character references to C0 controls and DEL ("&#27;", "&#x7;",
 * with or without the ';') are read as the controls they name and removed
 * the same way, whole escape sequences included; references to C1 controls
 * (&#128;-&#159;) become the Windows-1252 characters they mean on the web;
 * and no escape sequence extends past a '<', so markup is never swallowed.
 * The caller frees; NULL only when memory runs out. */
char *text_sanitize_markup(const char *s, size_t n);

/* Like text_sanitize, for a title that keeps the publisher's spacing: each
 * line break, with the white space around it, becomes one space (a title
 * written over several lines of XML); tabs and U+00A0 become spaces; both
 * ends are trimmed. Runs of spaces inside stay as written. The caller
 * frees; NULL only when memory runs out. */
char *text_one_line(const char *s, size_t n);

/* Cuts the NUL-terminated s in place to at most max bytes, on a code point
 * boundary. Returns s. */
char *text_clip(char *s, size_t max);

/* Checks text a user gives as a name, tag, keyword, symbol or URL: valid
 * UTF-8 with none of the characters text_read removes or turns into a line
 * break (controls, escapes, bidi controls, '\n', '\t'). Returns 0, or -1
 * with err set ("is not valid UTF-8", "contains a control character"). */
int text_check(const char *s, size_t n);

/* Returns a malloc'd copy of s (n bytes) with each invalid byte replaced by
 * U+FFFD and nothing else changed: JSON escapes controls itself but must be
 * valid UTF-8. NULL only when memory runs out. The caller frees. */
char *utf8_repair(const char *s, size_t n);

/* Appends to b as sbuf_printf does, except that every %s and %c argument
 * goes through text_sanitize, with '\n' and '\t' shown as spaces so a line
 * stays one line, and that their width and precision count code points (a
 * name cut to 16 keeps whole characters). For every line of plain text the
 * command line prints. Returns 0, or -1 when memory runs out. */
int text_vprintf(struct sbuf *b, const char *fmt, va_list ap);
int text_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
