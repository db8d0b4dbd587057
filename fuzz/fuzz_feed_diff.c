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
    if (last) {
        g->doc.format = d->format;
        g->doc.title = d->title, d->title = NULL;
        g->doc.link = d->link, d->link = NULL;
        g->doc.subtitle = d->subtitle, d->subtitle = NULL;
        g->doc.author = d->author, d->author = NULL;
        g->doc.id = d->id, d->id = NULL;
        g->doc.updated = d->updated, g->doc.has_updated = d->has_updated;
    }
    return 0;
}

static const char *how; /* the parse being compared, for the report */

static void differ(const char *what, size_t i, const char *a, const char *b)
{
    fprintf(stderr, "feed_diff: %s: %s of item %zu: \"%s\" against feed_parse's \"%s\"\n", how,
            what, i, a ? a : "(null)", b ? b : "(null)");
    abort();
}

static void same_str(const char *a, const char *b, const char *what, size_t i)
{
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0)) differ(what, i, a, b);
}

static void same_int(int64_t a, int64_t b, const char *what, size_t i)
{
    char x[24], y[24];
    snprintf(x, sizeof x, "%lld", (long long)a);
    snprintf(y, sizeof y, "%lld", (long long)b);
    if (a != b) differ(what, i, x, y);
}

static void same_item(const struct article *a, const struct article *b, size_t i)
{
    same_str(a->guid, b->guid, "guid", i);
    same_str(a->title, b->title, "title", i);
    same_str(a->link, b->link, "link", i);
    same_str(a->author, b->author, "author", i);
    same_str(a->summary, b->summary, "summary", i);
    same_str(a->content, b->content, "content", i);
    same_int(a->published, b->published, "published", i);
    same_int(a->date_missing, b->date_missing, "date_missing", i);
    same_int(a->updated, b->updated, "updated", i);
    same_int(a->has_updated, b->has_updated, "has_updated", i);
    same_int(a->fetched, b->fetched, "fetched", i);
    same_int(a->has_provider, b->has_provider, "has_provider", i);
    same_str(a->provider_label, b->provider_label, "provider_label", i);
    same_int((int64_t)a->n_provider_tickers, (int64_t)b->n_provider_tickers, "tickers", i);
}

static void same_doc(const struct got *g, const struct feed_doc *want)
{
    if (g->lasts != 1 || g->bad_size) {
        fprintf(stderr, "feed_diff: %s: %zu last calls, batches %s\n", how, g->lasts,
                g->bad_size ? "of the wrong size" : "right");
        abort();
    }
    const struct feed_doc *d = &g->doc;
    same_int((int64_t)d->n_items, (int64_t)want->n_items, "item count", 0);
    for (size_t i = 0; i < want->n_items; i++)
        same_item(&d->items[i], &want->items[i], i);
    same_str(feed_format_name(d->format), feed_format_name(want->format), "feed format", 0);
    same_str(d->title, want->title, "feed title", 0);
    same_str(d->link, want->link, "feed link", 0);
    same_str(d->subtitle, want->subtitle, "feed subtitle", 0);
    same_str(d->author, want->author, "feed author", 0);
    same_str(d->id, want->id, "feed id", 0);
    same_int(d->has_updated, want->has_updated, "feed has_updated", 0);
    same_int(d->updated, want->updated, "feed updated", 0);
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
