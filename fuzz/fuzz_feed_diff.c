/* libFuzzer target: the three ways of reading a feed agree. The input goes
 * through feed_parse (whole), feed_parse_batched in batches of 1, 3 and
 * 256 items, and feed_parse_batched_fd from a temporary file in batches of
 * 1 and 3; every one must succeed or fail as feed_parse does, and give the
 * same items in the same order (every field) and the same feed fields,
 * with every batch before the last one full and one last call. A
 * difference aborts, so libFuzzer keeps the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/feed.h"
#include "tests/unit/feed_same.h"

/* What the batches of one parse brought, moved into one document. */
struct got {
    struct feed_doc doc;
    size_t batch, calls, lasts;
    int bad_size; /* a batch before the last was not full, or one too big */
};

static int collect(void *ctx, struct feed_doc *d, int last)
{
    struct got *g = ctx;
    g->calls++;
    g->lasts += last;
    if ((!last && d->n_items != g->batch) || d->n_items > g->batch) g->bad_size = 1;
    if (d->n_items) {
        struct article *p = realloc(g->doc.items, (g->doc.n_items + d->n_items) * sizeof *p);
        if (!p) abort();
        memcpy(p + g->doc.n_items, d->items, d->n_items * sizeof *p);
        memset(d->items, 0, d->n_items * sizeof *p);
        g->doc.items = p;
        g->doc.n_items += d->n_items;
    }
    if (last) feed_same_take_fields(&g->doc, d);
    return 0;
}

static const char *how; /* the parse being compared, for the report */

static void same_doc(const struct got *g, const struct feed_doc *want)
{
    char why[512];
    if (g->lasts != 1 || g->bad_size) {
        fprintf(stderr, "feed_diff: %s: %zu last calls, batches %s\n", how, g->lasts,
                g->bad_size ? "of the wrong size" : "right");
        abort();
    }
    if (feed_same_differ(&g->doc, want, why, sizeof why)) {
        fprintf(stderr, "feed_diff: %s: %s (feed_parse's second)\n", how, why);
        abort();
    }
}

#define NOW 1700000000

/* The temporary file the _fd parses read, made once and rewritten. */
static int spool = -1;

static int spool_write(const uint8_t *data, size_t size)
{
    if (spool < 0) {
        FILE *f = tmpfile();
        if (!f) return -1;
        spool = dup(fileno(f));
        fclose(f);
        if (spool < 0) return -1;
    }
    if (ftruncate(spool, 0) != 0) return -1;
    size_t off = 0;
    while (off < size) {
        ssize_t w = pwrite(spool, data + off, size - off, (off_t)off);
        if (w <= 0) return -1;
        off += (size_t)w;
    }
    return 0;
}

static void check(int want_rc, const struct feed_doc *want, const uint8_t *data, size_t size,
                  size_t batch, int from_file)
{
    static char name[48];
    snprintf(name, sizeof name, "feed_parse_batched%s, batch %zu", from_file ? "_fd" : "", batch);
    how = name;
    struct got g = {.batch = batch};
    int rc = from_file ? feed_parse_batched_fd(spool, size, NOW, batch, collect, &g)
                       : feed_parse_batched((const char *)data, size, NOW, batch, collect, &g);
    if (rc != want_rc) {
        fprintf(stderr, "feed_diff: %s %s where feed_parse %s\n", how, rc ? "fails" : "succeeds",
                want_rc ? "fails" : "succeeds");
        abort();
    }
    if (rc == 0)
        same_doc(&g, want);
    else if (g.calls)
        abort(); /* a document that is not a feed fails before any batch */
    feed_doc_free(&g.doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct feed_doc want;
    int rc = feed_parse((const char *)data, size, NOW, &want) ? -1 : 0;
    static const size_t batches[] = {1, 3, 256};
    for (size_t k = 0; k < sizeof batches / sizeof batches[0]; k++)
        check(rc, &want, data, size, batches[k], 0);
    if (spool_write(data, size) == 0)
        for (size_t k = 0; k < 2; k++)
            check(rc, &want, data, size, batches[k], 1);
    if (rc == 0) feed_doc_free(&want);
    return 0;
}
