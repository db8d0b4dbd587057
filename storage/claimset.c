/* Claim sets: an article's claims in one BLOB (see claimset.h). */
#include "storage/claimset.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/analyze.h"
#include "core/err.h"
#include "core/str.h"

#define VERSION 1

static int cmp_item(const void *a, const void *b)
{
    const struct claimset_item *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return (x->kind > y->kind) - (x->kind < y->kind);
}

static int put_varint(struct sbuf *b, uint64_t v)
{
    char buf[10];
    size_t k = 0;
    do {
        buf[k++] = (char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    return sbuf_add(b, buf, k);
}

int claimset_pack(struct claimset_item *items, size_t n, struct sbuf *out)
{
    sbuf_reset(out);
    if (!n) return 0;
    qsort(items, n, sizeof *items, cmp_item);
    int bad = sbuf_addc(out, VERSION);
    int prev = 0;
    for (size_t i = 0; i < n && !bad; i++) {
        const struct claimset_item *c = &items[i];
        /* The key the claims table had: a repeat is the same claim. */
        if (i && !cmp_item(c, &items[i - 1])) continue;
        if (c->start < prev || c->end < c->start || c->kind < 0 || c->kind > 255)
            return err_set("claim %d-%d: not a span", c->start, c->end);
        double q = c->score < -1 ? -1 : c->score > 1 ? 1 : c->score;
        int16_t s = (int16_t)lround(q * 10000);
        char tail[3] = {(char)c->kind, (char)(s & 0xff), (char)((uint16_t)s >> 8)};
        bad = put_varint(out, (uint64_t)(c->start - prev)) ||
              put_varint(out, (uint64_t)(c->end - c->start)) || sbuf_add(out, tail, 3) ||
              put_varint(out, c->tickers ? c->tickers_len : 0) ||
              (c->tickers && c->tickers_len && sbuf_add(out, c->tickers, c->tickers_len));
        prev = c->start;
    }
    return bad ? err_set("out of memory") : 0;
}

static int get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
    *v = 0;
    for (int shift = 0; *p < end && shift < 63; shift += 7) {
        unsigned char c = *(*p)++;
        *v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) return 0;
    }
    return -1;
}

int claimset_unpack(const void *blob, size_t n, struct claim_row **rows, size_t *count)
{
    *rows = NULL;
    *count = 0;
    if (!blob || !n) return 0;
    const unsigned char *p = blob, *end = p + n;
    if (*p++ != VERSION)
        return err_set("claims: unknown layout %d", ((const unsigned char *)blob)[0]);
    struct claim_row *out = NULL;
    size_t k = 0, cap = 0;
    uint64_t start = 0;
    while (p < end) {
        uint64_t delta, len, tlen;
        if (get_varint(&p, end, &delta) || get_varint(&p, end, &len) || end - p < 3) goto bad;
        int kind = p[0];
        int16_t s = (int16_t)(uint16_t)(p[1] | p[2] << 8);
        p += 3;
        if (get_varint(&p, end, &tlen) || tlen > (uint64_t)(end - p)) goto bad;
        start += delta;
        if (start + len > INT32_MAX) goto bad;
        if (k == cap) {
            size_t c2 = cap ? cap * 2 : 16;
            struct claim_row *o = realloc(out, c2 * sizeof *o);
            if (!o) {
                store_claims_free(out, k);
                return err_set("out of memory");
            }
            out = o;
            cap = c2;
        }
        struct claim_row *r = &out[k];
        memset(r, 0, sizeof *r);
        r->start = (int)start;
        r->end = (int)(start + len);
        snprintf(r->kind, sizeof r->kind, "%s", claim_kind_name((enum claim_kind)kind));
        r->sentiment = s / 10000.0;
        if (tlen) {
            if (!(r->tickers = malloc(tlen + 1))) {
                store_claims_free(out, k);
                return err_set("out of memory");
            }
            memcpy(r->tickers, p, tlen);
            r->tickers[tlen] = '\0';
            p += tlen;
        }
        k++;
    }
    *rows = out;
    *count = k;
    return 0;
bad:
    store_claims_free(out, k);
    return err_set("claims: damaged bytes");
}
