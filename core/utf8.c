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

static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

uint32_t utf8_cp1252(unsigned char c)
{
    return c >= 0x80 && c < 0xA0 ? cp1252_high[c - 0x80] : c;
}

enum { ESC_TEXT, ESC_START, ESC_NF, ESC_CSI, ESC_STRING, ESC_STRING_ESC };

int esc_scan_feed(struct esc_scan *e, uint32_t cp)
{
    switch (e->state) {
    case ESC_START:
        e->state = ESC_TEXT;
        if (cp == '[') {
            e->state = ESC_CSI;
        } else if (cp == ']' || cp == 'P' || cp == 'X' || cp == '^' || cp == '_') {
            e->state = ESC_STRING;
        } else if (cp >= 0x20 && cp <= 0x2F) {
            e->state = ESC_NF;
        } else if (!(cp >= 0x30 && cp <= 0x7E)) {
            return esc_scan_feed(e, cp); /* ESC stood alone */
        }
        return 1;
    case ESC_NF:
        if (cp >= 0x20 && cp <= 0x2F) return 1;
        e->state = ESC_TEXT;
        if (cp >= 0x30 && cp <= 0x7E) return 1;
        return esc_scan_feed(e, cp);
    case ESC_CSI:
        if (cp >= 0x20 && cp <= 0x3F) return 1;
        e->state = ESC_TEXT;
        if (cp >= 0x40 && cp <= 0x7E) return 1;
        return esc_scan_feed(e, cp);
    case ESC_STRING:
        if (cp == 0x07 || cp == 0x9C) {
            e->state = ESC_TEXT;
        } else if (cp == 0x1B) {
            e->state = ESC_STRING_ESC;
        } else if (cp == '\n') {
            e->state = ESC_TEXT; /* left open: ends with its line */
            return 0;
        }
        return 1;
    case ESC_STRING_ESC:
        e->state = ESC_TEXT;
        if (cp == '\\') return 1;
        return esc_scan_feed(e, cp);
    default:
        break;
    }
    if (cp == 0x1B) {
        e->state = ESC_START;
    } else if (cp == 0x9B) {
        e->state = ESC_CSI;
    } else if (cp == 0x9D || cp == 0x90 || cp == 0x98 || cp == 0x9E || cp == 0x9F) {
        e->state = ESC_STRING;
    } else {
        return 0;
    }
    return 1;
}

void esc_scan_end(struct esc_scan *e)
{
    e->state = ESC_TEXT;
}

int esc_scan_open(const struct esc_scan *e)
{
    return e->state != ESC_TEXT;
}

/* A numeric character reference at s ("&#27;", "&#x1b", n bytes): its
 * length (the ';' is optional, as HTML allows) and value, or 0 when s does
 * not start one. */
static size_t numeric_ref(const char *s, size_t n, uint32_t *cp)
{
    size_t i = 2;
    if (n < 3 || s[0] != '&' || s[1] != '#') return 0;
    int hex = s[i] == 'x' || s[i] == 'X';
    if (hex) i++;
    size_t d = i;
    uint32_t v = 0;
    for (; i < n && i - d < 8; i++) {
        unsigned char c = (unsigned char)s[i];
        int dv = c >= '0' && c <= '9'          ? c - '0'
                 : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                 : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
        if (dv < 0) break;
        v = v * (hex ? 16 : 10) + (uint32_t)dv;
    }
    if (i == d) return 0;
    if (i < n && s[i] == ';') i++;
    *cp = v;
    return i;
}

/* text_sanitize and text_sanitize_markup: see utf8.h. */
static char *sanitize(const char *s, size_t n, int markup)
{
    struct sbuf b = {0};
    if (sbuf_add(&b, "", 0) < 0) return NULL;
    const unsigned char *p = (const unsigned char *)s;
    struct esc_scan esc = {0};
    size_t i = 0;
    int rc = 0;
    while (i < n && rc == 0) {
        unsigned char c = p[i];
        if (markup && (c == '<' || (c == '&' && n - i >= 4 && memcmp(s + i, "&lt;", 4) == 0)))
            esc_scan_end(&esc);
        if (c >= 0x20 && c < 0x7F && !esc_scan_open(&esc) && !(markup && c == '&')) {
            /* Copy a run of printable ASCII at once. */
            size_t j = i + 1;
            while (j < n && p[j] >= 0x20 && p[j] < 0x7F && !(markup && p[j] == '&'))
                j++;
            rc = sbuf_add(&b, s + i, j - i);
            i = j;
            continue;
        }
        uint32_t cp;
        size_t k;
        if (markup && c == '&' && (k = numeric_ref(s + i, n - i, &cp)) != 0 &&
            (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))) {
            /* A reference to a control: read as the control itself. */
            i += k;
            if (cp >= 0x80) {
                cp = utf8_cp1252((unsigned char)cp); /* a hole stays a C1 control */
                if (!esc_scan_feed(&esc, cp) && cp >= 0xA0)
                    rc = sbuf_printf(&b, "&#%u;", (unsigned)cp);
                continue;
            }
            if (!esc_scan_feed(&esc, cp) && (cp == '\n' || cp == '\t'))
                rc = sbuf_add(&b, s + i - k, k);
            continue;
        }
        k = utf8_decode(s + i, n - i, &cp);
        i += k;
        if (cp == '\r') {
            cp = '\n';
            if (i < n && p[i] == '\n') i++;
        }
        if (esc_scan_feed(&esc, cp)) continue;
        if (cp == '\n' || cp == '\t') {
            rc = sbuf_addc(&b, (char)cp);
        } else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
            /* other C0 and C1 controls, DEL, NUL: dropped */
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

char *text_sanitize(const char *s, size_t n)
{
    return sanitize(s, n, 0);
}

char *text_sanitize_markup(const char *s, size_t n)
{
    return sanitize(s, n, 1);
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

char *text_one_line(const char *s, size_t n)
{
    char *t = text_sanitize(s, n);
    if (!t) return NULL;
    char *w = t;
    for (char *r = t; *r;) {
        if (*r == '\n') {
            /* The break and the indentation around it: one space. */
            while (w > t && (w[-1] == ' ' || w[-1] == '\t'))
                w--;
            while (*r == '\n' || *r == ' ' || *r == '\t')
                r++;
            if (w > t && *r) *w++ = ' ';
            continue;
        }
        if (*r == '\t') {
            *w++ = ' ';
            r++;
        } else if ((unsigned char)r[0] == 0xC2 && (unsigned char)r[1] == 0xA0) {
            *w++ = ' ';
            r += 2;
        } else {
            *w++ = *r++;
        }
    }
    while (w > t && w[-1] == ' ')
        w--;
    *w = '\0';
    char *b = t;
    while (*b == ' ')
        b++;
    memmove(t, b, strlen(b) + 1);
    return t;
}

char *text_clip(char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) s[utf8_clip(s, n, max)] = '\0';
    return s;
}
