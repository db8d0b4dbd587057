/* Mentions held back until their part of a transaction ends, then written
 * in the order of the symbol index.
 *
 * Why: an article's mentions go to mention_rows in article order, which is
 * also its primary key's order, but its index mentions_symbol_time is
 * ordered by symbol and then time, so an article's three or so mentions
 * each land on another page of it, and in a 200 x 500 fetch the index
 * grows to about 300 pages of 16 KB, more than twice the writer's 2 MB
 * page cache: a mention often read a page back from the WAL and wrote it
 * out again. Written in the index's order at the end of each feed's part
 * (store_part_end, or store_commit), the part's mentions of one symbol
 * follow each other and meet each page of the index once: at 200 x 500 the
 * writer's cache missed 233,000 pages instead of 269,000 and wrote 121,000
 * instead of 211,000, and the writer took 12.4-12.7 s of CPU instead of
 * 15.0-16.1 at load 10 to 13, 8.0-8.5 s instead of 9.0-9.2 at load 4 to 6.
 * Held to the commit of a batch of 16 feeds instead, it missed
 * 300,000: the mentions' own table, keyed by article, was then filled in
 * random order across the batch.
 *
 * Nothing inside the transaction reads the mentions of an article it is
 * still writing (the alert rules look at the analysis), and the per-day
 * sums are added as the articles come (storage/aggregate.c), in the same
 * order as before, so the store holds the same rows and the same sums. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "storage/internal.h"

struct queued {
    struct mention_put m;
    size_t seq;           /* arrival: ties keep it, so an upsert's last word stays last */
    size_t symbol, label; /* offsets in the queue's text */
};

struct mention_queue {
    struct queued *rows;
    size_t n, cap;
    struct sbuf text; /* the rows' symbols and provider labels, NUL-ended */
};

/* Copies str (NULL: none) into q's text; its offset, or (size_t)-1 for
 * NULL. */
static int keep_text(struct mention_queue *q, const char *str, size_t *at)
{
    if (!str) {
        *at = (size_t)-1;
        return 0;
    }
    *at = q->text.len;
    return sbuf_adds(&q->text, str) || sbuf_addc(&q->text, '\0');
}

int store_mentions_queue(struct store *s, const struct mention_put *m)
{
    struct mention_queue *q = s->mentions;
    if (!q && !(q = s->mentions = calloc(1, sizeof *q))) return err_set("out of memory");
    if (array_room(&q->rows, q->n, &q->cap, sizeof *q->rows)) return -1;
    struct queued *r = &q->rows[q->n];
    r->m = *m;
    r->seq = q->n;
    if (keep_text(q, m->symbol, &r->symbol) || keep_text(q, m->provider_label, &r->label))
        return err_set("out of memory");
    q->n++;
    return 0;
}

/* mentions_symbol_time's order: symbol, then newest first, then the
 * highest article first; then as they came. */
static int by_index(const void *pa, const void *pb)
{
    const struct queued *a = pa, *b = pb;
    int c = strcmp(a->m.symbol, b->m.symbol);
    if (c) return c;
    if (a->m.published != b->m.published) return a->m.published > b->m.published ? -1 : 1;
    if (a->m.article_id != b->m.article_id) return a->m.article_id > b->m.article_id ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

int store_mentions_flush(struct store *s)
{
    struct mention_queue *q = s->mentions;
    if (!q || !q->n) return 0;
    /* The text is whole now: pointers into it stay put while sorting. */
    for (size_t i = 0; i < q->n; i++) {
        struct queued *r = &q->rows[i];
        r->m.symbol = q->text.p + r->symbol;
        r->m.provider_label = r->label == (size_t)-1 ? NULL : q->text.p + r->label;
    }
    qsort(q->rows, q->n, sizeof *q->rows, by_index);
    int rc = 0;
    for (size_t i = 0; !rc && i < q->n; i++)
        rc = store_mention_write(s, &q->rows[i].m);
    store_mentions_discard(s);
    return rc;
}

void store_mentions_discard(struct store *s)
{
    struct mention_queue *q = s->mentions;
    if (!q) return;
    q->n = 0;
    sbuf_reset(&q->text);
}

void store_mentions_free(struct store *s)
{
    struct mention_queue *q = s->mentions;
    if (!q) return;
    free(q->rows);
    sbuf_free(&q->text);
    free(q);
    s->mentions = NULL;
}
