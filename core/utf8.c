#include "core/utf8.h"
#include "core/err.h"
#include "core/str.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = UTF8_REPLACEMENT;
        return 1;
    }
    if (n < len) {
        *cp = UTF8_REPLACEMENT;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *cp = UTF8_REPLACEMENT;
            return 1;
        }
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = UTF8_REPLACEMENT;
        return 1;
    }
    *cp = v;
    return len;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = UTF8_REPLACEMENT;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        /* A real U+FFFD is three bytes; a one-byte U+FFFD is an error. */
        if (cp == UTF8_REPLACEMENT && k == 1) return 0;
        i += k;
    }
    return 1;
}

size_t utf8_clip(const char *s, size_t n, size_t max)
{
    if (n <= max) return n;
    /* s[max] is the first byte left out; if it continues a sequence, that
     * sequence (at most 4 bytes) goes too. */
    size_t i = max;
    while (i > 0 && max - i < 3 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return ((unsigned char)s[i] & 0xC0) == 0x80 ? max : i;
}

size_t utf8_count(const char *s, size_t n)
{
    size_t i = 0, count = 0;
    uint32_t cp;
    while (i < n) {
        i += utf8_decode(s + i, n - i, &cp);
        count++;
    }
    return count;
}

/* CSI body: parameter bytes, intermediate bytes, one final byte. */
static size_t csi_body(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n && p[i] >= 0x20 && p[i] <= 0x3F)
        i++;
    if (i < n && p[i] >= 0x40 && p[i] <= 0x7E) i++;
    return i;
}

/* OSC/DCS/APC/PM/SOS string: up to BEL, ESC \ or C1 ST. A string left open
 * ends at the end of its line, so one stray introducer cannot swallow a
 * whole article. */
static size_t string_body(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (p[i] == 0x07) return i + 1;
        if (p[i] == 0x1B) return i + 1 < n && p[i + 1] == '\\' ? i + 2 : i + 1;
        if (p[i] == 0xC2 && i + 1 < n && p[i + 1] == 0x9C) return i + 2;
        if (p[i] == '\n') return i;
        i++;
    }
    return i;
}

size_t utf8_escape_tail(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    if (n == 0) return 0;
    switch (p[0]) {
    case '[':
        return 1 + csi_body(p + 1, n - 1);
    case ']':
    case 'P':
    case 'X':
    case '^':
    case '_':
        return 1 + string_body(p + 1, n - 1);
    default:
        break;
    }
    size_t i = 0;
    while (i < n && p[i] >= 0x20 && p[i] <= 0x2F)
        i++; /* nF intermediates */
    if (i < n && p[i] >= 0x30 && p[i] <= 0x7E) return i + 1;
    return i;
}

/* Code points that change how the text around them is ordered or that show
 * nothing at all: bidi embeddings, overrides and isolates (Trojan-source
 * tricks), the marks LRM, RLM and ALM, and the BOM. */
static int is_hidden_format(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
           cp == 0x200F || cp == 0x061C || cp == 0xFEFF;
}

/* C0, DEL and C1: what a terminal acts on instead of showing. */
static int is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/* Skips len bytes that belong to a removed sequence, counting the code
 * points they held so indexes stay those of the input. */
static void reader_skip(struct text_reader *r, size_t len)
{
    r->index += (uint32_t)utf8_count(r->s + r->i, len);
    r->i += len;
}

int text_read(struct text_reader *r, uint32_t *cp, uint32_t *at)
{
    const unsigned char *p = (const unsigned char *)r->s;
    while (r->i < r->n) {
        *at = r->index++;
        if (p[r->i] >= 0x20 && p[r->i] < 0x7F) { /* most text: printable ASCII */
            *cp = p[r->i++];
            return 1;
        }
        uint32_t c;
        r->i += utf8_decode(r->s + r->i, r->n - r->i, &c);
        if (c == UTF8_REPLACEMENT || c == '\n' || c == '\t') {
            *cp = c; /* U+FFFD stands for an invalid byte too */
            return 1;
        }
        if (c == '\r' || c == 0x2028 || c == 0x2029) {
            if (c == '\r' && r->i < r->n && p[r->i] == '\n') reader_skip(r, 1);
            *cp = '\n';
            return 1;
        }
        if (c == 0x1B) {
            reader_skip(r, utf8_escape_tail(r->s + r->i, r->n - r->i));
        } else if (c == 0x9B) {
            reader_skip(r, csi_body(p + r->i, r->n - r->i));
        } else if (c == 0x90 || c == 0x98 || c == 0x9D || c == 0x9E || c == 0x9F) {
            reader_skip(r, string_body(p + r->i, r->n - r->i));
        } else if (!is_control(c) && !is_hidden_format(c)) {
            *cp = c;
            return 1;
        }
    }
    return 0;
}

/* Makes room for need more bytes and a NUL in *out (cap bytes, len used). */
static int out_room(char **out, size_t *cap, size_t len, size_t need)
{
    if (len + need + 1 <= *cap) return 0;
    size_t c = *cap * 2 > len + need + 16 ? *cap * 2 : len + need + 16;
    char *grown = realloc(*out, c);
    if (!grown) return -1;
    *out = grown;
    *cap = c;
    return 0;
}

char *text_sanitize(const char *s, size_t n)
{
    /* Written straight into one buffer: this runs over every article body
     * at ingest. Only a replaced byte (1 -> 3) makes the text longer. */
    size_t cap = n + 16, len = 0;
    char *out = malloc(cap);
    if (!out) return NULL;
    struct text_reader r = TEXT_READER(s, n);
    const unsigned char *p = (const unsigned char *)s;
    uint32_t cp, at;
    for (;;) {
        /* Printable ASCII is always shown: copied a run at a time. */
        size_t j = r.i;
        while (j < n && p[j] >= 0x20 && p[j] < 0x7F)
            j++;
        if (out_room(&out, &cap, len, j - r.i + 4)) break;
        if (j > r.i) {
            memcpy(out + len, s + r.i, j - r.i);
            len += j - r.i;
            r.index += (uint32_t)(j - r.i);
            r.i = j;
        }
        if (!text_read(&r, &cp, &at)) {
            out[len] = '\0';
            return out;
        }
        if (cp < 0x80)
            out[len++] = (char)cp;
        else
            len += utf8_encode(cp, out + len);
    }
    free(out);
    return NULL;
}

char *text_single_line(const char *s, size_t n)
{
    char *t = text_sanitize(s, n);
    if (!t) return NULL;
    char *w = t;
    int space = 0;
    for (char *r = t; *r;) {
        /* U+00A0 folds too: a title has no use for a hard space. */
        int nbsp = (unsigned char)r[0] == 0xC2 && (unsigned char)r[1] == 0xA0;
        if (*r == ' ' || *r == '\n' || *r == '\t' || nbsp) {
            space = 1;
            r += nbsp ? 2 : 1;
            continue;
        }
        if (space && w != t) *w++ = ' ';
        space = 0;
        *w++ = *r++;
    }
    *w = '\0';
    return t;
}

char *text_clip(char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) s[utf8_clip(s, n, max)] = '\0';
    return s;
}

int text_check(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (cp == UTF8_REPLACEMENT && k == 1) return err_set("is not valid UTF-8");
        /* The same code points text_read removes or turns into a line
         * break: a name holding one would not show as it was typed. */
        if (is_control(cp) || is_hidden_format(cp) || cp == 0x2028 || cp == 0x2029)
            return err_set("contains a control character");
        i += k;
    }
    return 0;
}

char *utf8_repair(const char *s, size_t n)
{
    struct sbuf b = {0};
    int rc = sbuf_add(&b, "", 0);
    for (size_t i = 0; i < n && rc == 0;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        rc = cp == UTF8_REPLACEMENT && k == 1 ? sbuf_adds(&b, "\xEF\xBF\xBD")
                                              : sbuf_add(&b, s + i, k);
        i += k;
    }
    if (rc) {
        sbuf_free(&b);
        return NULL;
    }
    return sbuf_take(&b);
}

/* One %s or %c argument: sanitised, kept to one line, then padded and cut
 * in code points so columns line up whatever the script. */
static int add_text_arg(struct sbuf *b, const char *s, int left, long width, long prec)
{
    char *t = text_sanitize(s, strlen(s));
    if (!t) return -1;
    for (char *q = t; *q; q++)
        if (*q == '\n' || *q == '\t') *q = ' ';
    size_t len = strlen(t), count = 0, i = 0;
    while (i < len && (prec < 0 || count < (size_t)prec)) {
        uint32_t cp;
        i += utf8_decode(t + i, len - i, &cp);
        count++;
    }
    size_t pad = width > 0 && (size_t)width > count ? (size_t)width - count : 0;
    int rc = 0;
    for (size_t k = 0; !left && k < pad && rc == 0; k++)
        rc = sbuf_addc(b, ' ');
    if (rc == 0) rc = sbuf_add(b, t, i);
    for (size_t k = 0; left && k < pad && rc == 0; k++)
        rc = sbuf_addc(b, ' ');
    free(t);
    return rc;
}

/* Reads the digits at *q (a width or a precision). */
static long spec_number(const char **q)
{
    long v = 0;
    while (**q >= '0' && **q <= '9' && v < 100000)
        v = v * 10 + (*(*q)++ - '0');
    return v;
}

int text_vprintf(struct sbuf *b, const char *fmt, va_list ap)
{
    int rc = 0;
    while (*fmt && rc == 0) {
        const char *pct = strchr(fmt, '%');
        if (!pct) return sbuf_adds(b, fmt);
        rc = sbuf_add(b, fmt, (size_t)(pct - fmt));
        if (rc) break;
        /* One conversion: rebuilt with any '*' replaced by its value and
         * handed to sbuf_printf, except strings and characters. */
        const char *q = pct + 1;
        char spec[64];
        size_t n = 0;
        int left = 0;
        long width = -1, prec = -1;
        spec[n++] = '%';
        while (*q && strchr("-+ #0", *q) && n < 8) {
            if (*q == '-') left = 1;
            spec[n++] = *q++;
        }
        if (*q == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                left = 1, width = -width;
                spec[n++] = '-';
            }
            q++;
        } else if (*q >= '0' && *q <= '9') {
            width = spec_number(&q);
        }
        if (width >= 0) n += (size_t)snprintf(spec + n, 24, "%ld", width);
        if (*q == '.') {
            q++;
            if (*q == '*') {
                prec = va_arg(ap, int);
                q++;
            } else {
                prec = spec_number(&q);
            }
            if (prec >= 0) n += (size_t)snprintf(spec + n, 24, ".%ld", prec);
        }
        int lng = 0; /* 0 none, 1 l, 2 ll, 3 z, 4 j, 5 t, 6 L; h and hh promote to int */
        for (int k = 0; k < 2 && *q && strchr("hlzjtL", *q); k++) {
            lng = *q == 'l'   ? (lng == 1 ? 2 : 1)
                  : *q == 'z' ? 3
                  : *q == 'j' ? 4
                  : *q == 't' ? 5
                  : *q == 'L' ? 6
                              : lng;
            spec[n++] = *q++;
        }
        char conv = *q ? *q++ : '%';
        spec[n++] = conv;
        spec[n] = '\0';
        fmt = q;
        switch (conv) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            rc = add_text_arg(b, s ? s : "(null)", left, width, prec);
            break;
        }
        case 'c': {
            char one[2] = {(char)va_arg(ap, int), '\0'};
            rc = add_text_arg(b, one, left, width, -1);
            break;
        }
        case 'd':
        case 'i':
            rc = lng == 1   ? sbuf_printf(b, spec, va_arg(ap, long))
                 : lng == 2 ? sbuf_printf(b, spec, va_arg(ap, long long))
                 : lng == 3 ? sbuf_printf(b, spec, va_arg(ap, ssize_t))
                 : lng == 4 ? sbuf_printf(b, spec, va_arg(ap, intmax_t))
                 : lng == 5 ? sbuf_printf(b, spec, va_arg(ap, ptrdiff_t))
                            : sbuf_printf(b, spec, va_arg(ap, int));
            break;
        case 'u':
        case 'o':
        case 'x':
        case 'X':
            rc = lng == 1   ? sbuf_printf(b, spec, va_arg(ap, unsigned long))
                 : lng == 2 ? sbuf_printf(b, spec, va_arg(ap, unsigned long long))
                 : lng == 3 ? sbuf_printf(b, spec, va_arg(ap, size_t))
                 : lng == 4 ? sbuf_printf(b, spec, va_arg(ap, uintmax_t))
                 : lng == 5 ? sbuf_printf(b, spec, va_arg(ap, ptrdiff_t))
                            : sbuf_printf(b, spec, va_arg(ap, unsigned));
            break;
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G':
        case 'a':
        case 'A':
            rc = lng == 6 ? sbuf_printf(b, spec, va_arg(ap, long double))
                          : sbuf_printf(b, spec, va_arg(ap, double));
            break;
        case 'p':
            rc = sbuf_printf(b, spec, va_arg(ap, void *));
            break;
        case '%':
            rc = sbuf_addc(b, '%');
            break;
        default:
            /* Not a conversion this program uses (%n among them): shown,
             * never acted on. */
            rc = sbuf_adds(b, spec);
            break;
        }
    }
    return rc ? -1 : 0;
}

int text_printf(struct sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = text_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}
