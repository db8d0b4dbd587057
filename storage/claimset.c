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

/* Layout 1 spells out each claim's tickers; layout 2 names them once;
 * layout 3 is layout 2 with each sentiment a varint. */
#define VERSION1 1
#define VERSION2 2
#define VERSION3 3
/* Layout 2: the symbols a claim may pick from the set's table, and the
 * selection that says its tickers follow spelt out instead. */
#define TABLE_MAX 5
#define SPELT (1 << TABLE_MAX)

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

/* The table of layout 2: up to TABLE_MAX symbols, each once, in the order
 * the claims first name them. */
struct table {
    const char *sym[TABLE_MAX];
    size_t len[TABLE_MAX];
    int n;
};

static int table_find(const struct table *t, const char *p, size_t len)
{
    for (int i = 0; i < t->n; i++)
        if (t->len[i] == len && !memcmp(t->sym[i], p, len)) return i;
    return -1;
}

/* Claim c's tickers as a selection from t (adding the symbols t lacks
 * while there is room): a bit per symbol, the symbols in the table's
 * order, each once, one space between; SPELT when they cannot be said so. */
static int select_tickers(struct table *t, const struct claimset_item *c)
{
    if (!c->tickers || !c->tickers_len) return 0;
    int sel = 0, last = -1;
    const char *p = c->tickers, *end = p + c->tickers_len;
    for (;;) {
        const char *sp = memchr(p, ' ', (size_t)(end - p));
        size_t len = (size_t)((sp ? sp : end) - p);
        if (!len) return SPELT;
        int i = table_find(t, p, len);
        if (i < 0 && t->n < TABLE_MAX) {
            i = t->n++;
            t->sym[i] = p;
            t->len[i] = len;
        }
        if (i <= last) return SPELT; /* not in the table, out of order or twice */
        sel |= 1 << i;
        last = i;
        if (!sp) return sel;
        p = sp + 1;
    }
}

/* A claim's offsets, kind byte and sentiment in the layout version. */
static int put_claim_head(struct sbuf *out, const struct claimset_item *c, int prev, int kind_byte,
                          int version)
{
    double q = c->score < -1 ? -1 : c->score > 1 ? 1 : c->score;
    int16_t s = (int16_t)lround(q * 10000);
    char tail[3] = {(char)kind_byte, (char)(s & 0xff), (char)((uint16_t)s >> 8)};
    if (put_varint(out, (uint64_t)(c->start - prev)) ||
        put_varint(out, (uint64_t)(c->end - c->start)))
        return -1;
    if (version != VERSION3) return sbuf_add(out, tail, 3);
    /* Zigzag: small magnitudes of either sign in one byte (0 is common). */
    uint32_t z = s < 0 ? ((uint32_t) - (int32_t)s << 1) - 1 : (uint32_t)s << 1;
    return sbuf_add(out, tail, 1) || put_varint(out, z);
}

static int put_tickers(struct sbuf *out, const struct claimset_item *c)
{
    return put_varint(out, c->tickers ? c->tickers_len : 0) ||
           (c->tickers && c->tickers_len && sbuf_add(out, c->tickers, c->tickers_len));
}

int claimset_pack(struct claimset_item *items, size_t n, struct sbuf *out)
{
    sbuf_reset(out);
    if (!n) return 0;
    qsort(items, n, sizeof *items, cmp_item);
    /* Layout 3 when every kind fits its two bits. */
    struct table t = {.n = 0};
    int version = VERSION3;
    for (size_t i = 0; i < n; i++) {
        const struct claimset_item *c = &items[i];
        if (c->start < (i ? items[i - 1].start : 0) || c->end < c->start || c->kind < 0 ||
            c->kind > 255)
            return err_set("claim %d-%d: not a span", c->start, c->end);
        if (c->kind > 3) version = VERSION1;
        select_tickers(&t, c);
    }
    int bad = sbuf_addc(out, (char)version);
    if (version != VERSION1) {
        struct sbuf names = {0};
        for (int i = 0; i < t.n && !bad; i++)
            bad = (i && sbuf_addc(&names, ' ')) || sbuf_add(&names, t.sym[i], t.len[i]);
        bad = bad || put_varint(out, names.len) || (names.len && sbuf_add(out, names.p, names.len));
        sbuf_free(&names);
    }
    int prev = 0;
    for (size_t i = 0; i < n && !bad; i++) {
        const struct claimset_item *c = &items[i];
        /* The key the claims table had: a repeat is the same claim. */
        if (i && !cmp_item(c, &items[i - 1])) continue;
        if (version == VERSION1) {
            bad = put_claim_head(out, c, prev, c->kind, version) || put_tickers(out, c);
        } else {
            int sel = select_tickers(&t, c);
            bad = put_claim_head(out, c, prev, c->kind | sel << 2, version) ||
                  (sel == SPELT && put_tickers(out, c));
        }
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

/* Layout 2's table, read from names (len bytes) into t. */
static void table_read(struct table *t, const unsigned char *names, size_t len)
{
    const char *p = (const char *)names, *end = p + len;
    t->n = 0;
    while (len && t->n < TABLE_MAX) {
        const char *sp = memchr(p, ' ', (size_t)(end - p));
        t->sym[t->n] = p;
        t->len[t->n++] = (size_t)((sp ? sp : end) - p);
        if (!sp) break;
        p = sp + 1;
    }
}

/* The tickers layout 2's selection sel names, into r (malloc'd). */
static int tickers_selected(const struct table *t, int sel, struct claim_row *r)
{
    struct sbuf b = {0};
    int bad = 0;
    for (int i = 0; i < TABLE_MAX && !bad; i++)
        if (sel & (1 << i))
            bad = i >= t->n || (b.len && sbuf_addc(&b, ' ')) || sbuf_add(&b, t->sym[i], t->len[i]);
    if (bad) {
        sbuf_free(&b);
        return -1;
    }
    r->tickers = b.p;
    return 0;
}

/* claimset_unpack, and with kinds each claim's kind number into *kinds
 * (malloc'd, *count of them). */
static int unpack(const void *blob, size_t n, struct claim_row **rows, size_t *count,
                  unsigned char **kinds)
{
    *rows = NULL;
    *count = 0;
    if (kinds) *kinds = NULL;
    if (!blob || !n) return 0;
    const unsigned char *p = blob, *end = p + n;
    int version = *p++;
    if (version != VERSION1 && version != VERSION2 && version != VERSION3)
        return err_set("claims: unknown layout %d", version);
    struct table t = {.n = 0};
    if (version != VERSION1) {
        uint64_t len;
        if (get_varint(&p, end, &len) || len > (uint64_t)(end - p))
            return err_set("claims: damaged bytes");
        table_read(&t, p, (size_t)len);
        p += len;
    }
    struct claim_row *out = NULL;
    unsigned char *kind_of = NULL;
    size_t k = 0, cap = 0;
    uint64_t start = 0;
    while (p < end) {
        uint64_t delta, len, tlen = 0, z = 0;
        if (get_varint(&p, end, &delta) || get_varint(&p, end, &len) || end - p < 1) goto bad;
        int kind = version == VERSION1 ? p[0] : p[0] & 3;
        int sel = version == VERSION1 ? SPELT : p[0] >> 2;
        int s;
        if (version == VERSION3) {
            p++;
            if (get_varint(&p, end, &z) || z > 0xffff) goto bad;
            s = z & 1 ? -(int)((z + 1) >> 1) : (int)(z >> 1);
        } else {
            if (end - p < 3) goto bad;
            s = (int16_t)(uint16_t)(p[1] | p[2] << 8);
            p += 3;
        }
        if (sel == SPELT && (get_varint(&p, end, &tlen) || tlen > (uint64_t)(end - p))) goto bad;
        start += delta;
        if (start + len > INT32_MAX) goto bad;
        if (k == cap) {
            size_t c2 = cap ? cap * 2 : 16;
            struct claim_row *o = realloc(out, c2 * sizeof *o);
            unsigned char *ko = o && kinds ? realloc(kind_of, c2) : NULL;
            if (o) out = o;
            if (ko) kind_of = ko;
            if (!o || (kinds && !ko)) {
                store_claims_free(out, k);
                free(kind_of);
                return err_set("out of memory");
            }
            cap = c2;
        }
        if (kinds) kind_of[k] = (unsigned char)kind;
        struct claim_row *r = &out[k];
        memset(r, 0, sizeof *r);
        r->start = (int)start;
        r->end = (int)(start + len);
        snprintf(r->kind, sizeof r->kind, "%s", claim_kind_name((enum claim_kind)kind));
        r->sentiment = s / 10000.0;
        k++;
        if (sel != SPELT) {
            if (sel > SPELT || tickers_selected(&t, sel, r)) goto bad;
        } else if (tlen) {
            if (!(r->tickers = malloc(tlen + 1))) {
                store_claims_free(out, k);
                free(kind_of);
                return err_set("out of memory");
            }
            memcpy(r->tickers, p, tlen);
            r->tickers[tlen] = '\0';
            p += tlen;
        }
    }
    *rows = out;
    *count = k;
    if (kinds) *kinds = kind_of;
    return 0;
bad:
    store_claims_free(out, k);
    free(kind_of);
    return err_set("claims: damaged bytes");
}

int claimset_unpack(const void *blob, size_t n, struct claim_row **rows, size_t *count)
{
    return unpack(blob, n, rows, count, NULL);
}

int claimset_repack(const void *blob, size_t n, struct sbuf *out)
{
    sbuf_reset(out);
    const unsigned char *p = blob;
    if (!blob || !n || (*p != VERSION1 && *p != VERSION2))
        return blob && n && sbuf_add(out, blob, n) ? -1 : 0;
    struct claim_row *rows;
    unsigned char *kinds;
    size_t k;
    if (unpack(blob, n, &rows, &k, &kinds)) return -1;
    struct claimset_item *items = calloc(k ? k : 1, sizeof *items);
    int ret = items ? 0 : err_set("out of memory");
    for (size_t i = 0; i < k && !ret; i++)
        items[i] =
            (struct claimset_item){.start = rows[i].start,
                                   .end = rows[i].end,
                                   .kind = kinds[i],
                                   .score = rows[i].sentiment,
                                   .tickers = rows[i].tickers,
                                   .tickers_len = rows[i].tickers ? strlen(rows[i].tickers) : 0};
    if (!ret) ret = claimset_pack(items, k, out);
    free(items);
    free(kinds);
    store_claims_free(rows, k);
    return ret;
}
