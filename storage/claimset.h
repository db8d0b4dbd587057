/* An article's claims packed into one BLOB (the articles.claims column,
 * schema 10), and back. Storage internal: only storage/ includes it.
 *
 * A claim set is a version byte (1), then each claim in (start, end, kind)
 * order, a claim repeated there kept once: varint start - the previous
 * claim's start, varint end - start, a byte for the kind (enum
 * claim_kind), the sentiment as a little-endian int16 of ten-thousandths,
 * varint length and the bytes of its space-separated tickers. Ten claims
 * take about 70 bytes, where ten rows took about 300. */
#ifndef BULLPEN_STORAGE_CLAIMSET_H
#define BULLPEN_STORAGE_CLAIMSET_H

#include <stddef.h>

#include "storage/articles.h"

struct sbuf;

/* One claim to pack; tickers is space-separated text of tickers_len bytes
 * (not NUL-terminated), or NULL. */
struct claimset_item {
    int start, end, kind;
    double score;
    const char *tickers;
    size_t tickers_len;
};

/* Packs items (sorted in place) into out, which is reset first; nothing at
 * all (out->len 0) for no items. Returns 0 or -1 with err set. */
int claimset_pack(struct claimset_item *items, size_t n, struct sbuf *out);

/* Unpacks a claim set of n bytes into *rows (malloc'd; free with
 * store_claims_free), in start order. NULL or empty bytes are no claims.
 * Returns 0, or -1 with err set when the bytes are not a claim set. */
int claimset_unpack(const void *blob, size_t n, struct claim_row **rows, size_t *count);

#endif
