/* An article's claims packed into one BLOB (the articles.claims column,
 * schema 10), and back. Storage internal: only storage/ includes it.
 *
 * A claim set is a layout byte, then each claim in (start, end, kind)
 * order, a claim repeated there kept once: varint start - the previous
 * claim's start, varint end - start, a byte for the kind, the sentiment as
 * a little-endian int16 of ten-thousandths, then its tickers.
 * Layout 1 (schema 10): the kind's byte is the kind (enum claim_kind), and
 * the tickers follow as a varint length and the bytes of their
 * space-separated text. Ten claims take about 100 bytes, where ten rows
 * took about 300.
 * Layout 2 (schema 13, written whenever every kind fits in two bits): after
 * the layout byte, a varint length and a table of up to 5 symbols
 * (space-separated, in the order the claims first name them); the kind's
 * byte is the kind in its low two bits and a selection in the six above: a
 * bit for each table symbol the claim names (its tickers are those, in the
 * table's order), or 32 when its tickers do not fit that and follow as in
 * layout 1. Ten claims take about 70 bytes.
 * Layout 3 (schema 15, written whenever layout 2 would be): layout 2 with
 * the sentiment after the kind's byte a varint of its ten-thousandths
 * zigzagged (0, -1, 1, -2, ... as 0, 1, 2, 3, ...), one byte for the
 * fifth of claims whose sentiment is 0, two for the others up to 0.8191:
 * about 70 bytes an article's claims to 68. */
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

/* A claim set of n bytes in the newest layout into out (reset first):
 * layouts 1 and 2 packed again, any other layout copied as it is
 * (schemas 13 and 15 convert the stored sets with it). Returns 0 or -1
 * with err set. */
int claimset_repack(const void *blob, size_t n, struct sbuf *out);

#endif
