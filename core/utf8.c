#include "core/utf8.h"
#include "core/str.h"

#include <stdlib.h>
#include <string.h>

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

char *text_sanitize(const char *s, size_t n)
{
    struct sbuf b = {0};
    if (sbuf_add(&b, "", 0) < 0) return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    int rc = 0;
    while (i < n && rc == 0) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x7F) {
            /* Copy a run of printable ASCII at once. */
            size_t j = i + 1;
            while (j < n && p[j] >= 0x20 && p[j] < 0x7F)
                j++;
            rc = sbuf_add(&b, s + i, j - i);
            i = j;
            continue;
        }
        if (c == '\n' || c == '\t') {
            rc = sbuf_addc(&b, (char)c);
            i++;
            continue;
        }
        if (c == '\r') {
            rc = sbuf_addc(&b, '\n');
            i += (i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (c == 0x1B) {
            i++;
            i += utf8_escape_tail(s + i, n - i);
            continue;
        }
        if (c < 0x80) { /* other C0 controls, DEL, NUL */
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        i += k;
        if (cp == 0x9B) {
            i += csi_body(p + i, n - i);
        } else if (cp == 0x9D || cp == 0x90 || cp == 0x98 || cp == 0x9E || cp == 0x9F) {
            i += string_body(p + i, n - i);
        } else if (cp < 0xA0) {
            /* other C1 controls: dropped */
        } else if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
                   cp == 0xFEFF) {
            /* bidi overrides and BOM: dropped */
        } else if (cp == 0x2028 || cp == 0x2029) {
            rc = sbuf_addc(&b, '\n');
        } else if (cp == UTF8_REPLACEMENT && k == 1) {
            rc = sbuf_adds(&b, "\xEF\xBF\xBD");
        } else {
            rc = sbuf_add(&b, s + i - k, k);
        }
    }
    if (rc) {
        sbuf_free(&b);
        return NULL;
    }
    return sbuf_take(&b);
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
