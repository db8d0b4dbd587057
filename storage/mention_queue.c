/* Mentions held back until their transaction commits (or until
 * MENTION_QUEUE_MAX of them wait), then written in the order of the symbol
 * index.
 *
 * Why: an article's mentions go to mention_rows in article order, which is
 * also its primary key's order, but its index mentions_symbol_time is
 * ordered by symbol and then time, so an article's three or so mentions
 * each land on another page of it, and in a 200 x 500 fetch the index
 * grows to about 325 pages of 16 KB, two and a half times the writer's
 * 2 MB page cache: a mention often read a page back from the WAL and wrote
 * it out again. Written in the index's order, the mentions of one symbol
 * follow each other and meet each page of the index once a flush.
 *
 * Flushed at the end of each feed's part (as they had to be while each
 * mention's foreign key read its article's row, up to schema 17), the
 * writer read 136,000 pages and wrote 80,000 at 200 x 500; held to the
 * commit of a batch of 16 feeds, 95,000 and 46,000: 0.35 s less system
 * time, and the fetch took 6.20 s (median of 5) instead of 6.52. The
 * queue's rows are kept small (56 bytes, a provider's fields apart), so
 * the 12,000 mentions of a batch hold under 1 MB.
 *
 * Nothing inside the transaction reads the mentions of an article it is
 * still writing (the alert rules look at the analysis), and the per-day
 * sums are added as the articles come (storage/aggregate.c), in the same
 * order as before, so the store holds the same rows and the same sums. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "storage/internal.h"

/* A mention waiting: mention_put's fields, its strings as offsets in the
 * queue's text. */
struct queued {
    int64_t article_id, published;
    double relevance, sentiment;
    uint32_t seq;    /* arrival: ties keep it, so an upsert's last word stays last */
    uint32_t symbol; /* offset in the queue's text */
    int32_t count;
    int32_t provider; /* index in the queue's providers; -1: none */
};

/* A provider's own figures for a mention (has_provider): few mentions have
 * them. */
struct provided {
    double score, relevance;
    uint32_t label; /* offset in the queue's text; NO_TEXT: none */
};

#define NO_TEXT UINT32_MAX

struct mention_queue {
    struct queued *rows;
    size_t n, cap;
    struct provided *prov;
    size_t n_prov, cap_prov;
    struct sbuf text; /* the rows' symbols and provider labels, NUL-ended */
};

/* Copies str (NULL: none) into q's text; its offset, or NO_TEXT for NULL. */
static int keep_text(struct mention_queue *q, const char *str, uint32_t *at)
{
    if (!str) {
        *at = NO_TEXT;
        return 0;
    }
    if (q->text.len >= NO_TEXT) return err_set("out of memory");
    *at = (uint32_t)q->text.len;
    return sbuf_adds(&q->text, str) || sbuf_addc(&q->text, '\0');
}

int store_mentions_queue(struct store *s, const struct mention_put *m)
{
    struct mention_queue *q = s->mentions;
    if (!q && !(q = s->mentions = calloc(1, sizeof *q))) return err_set("out of memory");
    if (array_room(&q->rows, q->n, &q->cap, sizeof *q->rows)) return -1;
    struct queued *r = &q->rows[q->n];
    *r = (struct queued){.article_id = m->article_id,
                         .published = m->published,
                         .relevance = m->relevance,
                         .sentiment = m->sentiment,
                         .seq = (uint32_t)q->n,
                         .count = m->count,
                         .provider = -1};
    if (keep_text(q, m->symbol, &r->symbol)) return -1;
    if (m->has_provider) {
        if (array_room(&q->prov, q->n_prov, &q->cap_prov, sizeof *q->prov)) return -1;
        struct provided *p = &q->prov[q->n_prov];
        p->score = m->provider_score;
        p->relevance = m->provider_relevance;
        if (keep_text(q, m->provider_label, &p->label)) return -1;
        r->provider = (int32_t)q->n_prov++;
    }
    q->n++;
    /* A long transaction's mentions are written a queue at a time. */
    return q->n < MENTION_QUEUE_MAX ? 0 : store_mentions_flush(s);
}

/* A string of q's text: whole once no more rows come. */
static const char *text_at(const struct mention_queue *q, uint32_t at)
{
    return at == NO_TEXT ? NULL : q->text.p + at;
}

/* mentions_symbol_time's order: symbol, then newest first, then the
 * highest article first; then as they came. ctx: the queue. */
static int by_index(const void *pa, const void *pb, void *ctx)
{
    const struct queued *a = pa, *b = pb;
    const struct mention_queue *q = ctx;
    int c = strcmp(q->text.p + a->symbol, q->text.p + b->symbol);
    if (c) return c;
    if (a->published != b->published) return a->published > b->published ? -1 : 1;
    if (a->article_id != b->article_id) return a->article_id > b->article_id ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

int store_mentions_flush(struct store *s)
{
    struct mention_queue *q = s->mentions;
    if (!q || !q->n) return 0;
    qsort_r(q->rows, q->n, sizeof *q->rows, by_index, q);
    int rc = 0;
    for (size_t i = 0; !rc && i < q->n; i++) {
        const struct queued *r = &q->rows[i];
        struct mention_put m = {.article_id = r->article_id,
                                .published = r->published,
                                .symbol = text_at(q, r->symbol),
                                .count = r->count,
                                .relevance = r->relevance,
                                .sentiment = r->sentiment,
                                .has_provider = r->provider >= 0};
        if (m.has_provider) {
            const struct provided *p = &q->prov[r->provider];
            m.provider_score = p->score;
            m.provider_relevance = p->relevance;
            m.provider_label = text_at(q, p->label);
        }
        rc = store_mention_write(s, &m);
    }
    store_mentions_discard(s);
    return rc;
}

void store_mentions_discard(struct store *s)
{
    struct mention_queue *q = s->mentions;
    if (!q) return;
    q->n = q->n_prov = 0;
    sbuf_reset(&q->text);
}

void store_mentions_free(struct store *s)
{
    struct mention_queue *q = s->mentions;
    if (!q) return;
    free(q->rows);
    free(q->prov);
    sbuf_free(&q->text);
    free(q);
    s->mentions = NULL;
}
