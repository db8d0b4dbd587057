#include "core/str.h"
#include "core/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int sbuf_grow(struct sbuf *b, size_t need)
{
    if (b->len + need + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + need + 1) {
        if (cap > ((size_t)-1) / 2) return -1;
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

int sbuf_reserve(struct sbuf *b, size_t n)
{
    if (b->len + n + 1 <= b->cap) return 0;
    if (n > ((size_t)-1) / 2 - b->len) return -1;
    char *p = realloc(b->p, b->len + n + 1);
    if (!p) return -1;
    b->p = p;
    b->cap = b->len + n + 1;
    return 0;
}

int sbuf_add(struct sbuf *b, const char *s, size_t n)
{
    if (sbuf_grow(b, n) < 0) return -1;
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int sbuf_adds(struct sbuf *b, const char *s)
{
    return sbuf_add(b, s, strlen(s));
}

int sbuf_addc(struct sbuf *b, char c)
{
    return sbuf_add(b, &c, 1);
}

int sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || sbuf_grow(b, (size_t)n) < 0) return -1;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void sbuf_reset(struct sbuf *b)
{
    b->len = 0;
    if (b->p) b->p[0] = '\0';
}

char *sbuf_take(struct sbuf *b)
{
    char *p = b->p;
    if (!p) p = calloc(1, 1);
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

void sbuf_free(struct sbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

char *xstrdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
    return s ? strndup(s, n) : NULL;
}

int sbuf_add_json_str(struct sbuf *b, const char *s)
{
    if (!s) return sbuf_adds(b, "null");
    int rc = sbuf_addc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p && rc == 0; p++) {
        switch (*p) {
        case '"':
            rc = sbuf_adds(b, "\\\"");
            break;
        case '\\':
            rc = sbuf_adds(b, "\\\\");
            break;
        case '\n':
            rc = sbuf_adds(b, "\\n");
            break;
        case '\r':
            rc = sbuf_adds(b, "\\r");
            break;
        case '\t':
            rc = sbuf_adds(b, "\\t");
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                rc = sbuf_printf(b, "\\u%04x", *p);
            else
                rc = sbuf_addc(b, (char)*p);
        }
    }
    return rc ? rc : sbuf_addc(b, '"');
}

char *file_read_all(const char *path, size_t max, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        err_set("%s: %s", path, strerror(errno));
        return NULL;
    }
    struct sbuf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > max) {
            err_set("%s: larger than %zu bytes", path, max);
            goto fail;
        }
        if (sbuf_add(&b, chunk, n) < 0) {
            err_set("%s: out of memory", path);
            goto fail;
        }
    }
    if (ferror(f)) {
        err_set("%s: read error: %s", path, strerror(errno));
        goto fail;
    }
    if (f != stdin) fclose(f);
    if (len) *len = b.len;
    return sbuf_take(&b);
fail:
    if (f != stdin) fclose(f);
    sbuf_free(&b);
    return NULL;
}

char *str_trim(char *s)
{
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        e--;
    *e = '\0';
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return s;
}

int array_room(void *pp, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap) return 0;
    size_t want = *cap ? *cap * 2 : 16;
    if (want > SIZE_MAX / elem) return err_set("out of memory");
    void *p = realloc(*(void **)pp, want * elem);
    if (!p) return err_set("out of memory");
    *(void **)pp = p;
    *cap = want;
    return 0;
}

int sbuf_add_base64(struct sbuf *b, const char *s, size_t n)
{
    uint32_t acc = 0;
    int bits = 0, pad = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '+' || c == '-')
            v = 62;
        else if (c == '/' || c == '_')
            v = 63;
        else if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        else if (c == '=') {
            pad++;
            continue;
        } else
            return -1;
        if (pad) return -1; /* data after the padding */
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (sbuf_addc(b, (char)((acc >> bits) & 0xFF))) return -1;
        }
    }
    /* Left-over bits must be the zero fill of a short last group. */
    return bits >= 6 || pad > 2 ? -1 : 0;
}
