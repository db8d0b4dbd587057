/* Summaries read back, and the language model's notes. */
#include "storage/notes.h"

#include <stdlib.h>
#include <string.h>

#include "core/article.h"
#include "core/err.h"
#include "core/str.h"
#include "core/summary.h"
#include "storage/articles.h"
#include "storage/internal.h"

void store_bind_digest(struct store *s, struct db_stmt *st, int i, const struct span *sp, size_t n,
                       unsigned char *buf)
{
    size_t len = store_is_pg(s) ? 0 : summary_spans_pack(sp, n, buf);
    if (len) {
        db_bind_blob(st, i, buf, (int)len);
    } else if (n) {
        char text[SUMMARY_SPANS_TEXT];
        summary_spans_format(sp, n, text);
        db_bind_text(st, i, text);
    } else {
        db_bind_null(st, i);
    }
}

int store_col_digest(struct db_stmt *st, int i, struct span *out)
{
    /* Types first: reading a value may convert it (SQLite). */
    switch (db_column_type(st, i)) {
    case DB_NULL:
        return 0;
    case DB_BLOB: {
        const unsigned char *p = db_column_blob(st, i);
        return summary_spans_unpack(p, (size_t)db_column_bytes(st, i), out);
    }
    default:
        return summary_spans_parse((const char *)db_column_text(st, i), out);
    }
}

static const char SQL_DIGEST[] = "SELECT digest FROM articles WHERE id = ?";

int store_article_digest(struct store *s, int64_t id, struct span *out)
{
    struct db_stmt *st = store_prep(s, SQL_DIGEST);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st), n = 0;
    if (rc == DB_ROW) n = store_col_digest(st, 0, out);
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE) return store_fail(s, "reading a summary");
    return n;
}

int store_article_summary(struct store *s, int64_t id, char **out)
{
    struct span sp[SUMMARY_MAX];
    *out = NULL;
    int n = store_article_digest(s, id, sp);
    if (n <= 0) return n;
    struct article a;
    int rc = store_article_get(s, id, &a, NULL, NULL, NULL, NULL);
    if (rc <= 0) return rc;
    struct sbuf text = {0}, line = {0};
    size_t title_len;
    rc = article_compose_text(&a, &text, &title_len);
    if (!rc) {
        size_t k = summary_spans_locate(text.p ? text.p : "", text.len, sp, (size_t)n);
        rc = summary_render(text.p ? text.p : "", text.len, sp, k, &line);
    }
    article_clear(&a);
    sbuf_free(&text);
    if (rc) {
        sbuf_free(&line);
        return err_set("out of memory");
    }
    *out = line.len ? sbuf_take(&line) : NULL;
    sbuf_free(&line);
    return 0;
}

void store_note_clear(struct note_row *n)
{
    if (!n) return;
    free(n->model);
    free(n->body);
    memset(n, 0, sizeof *n);
}

static const char SQL_NOTE_GET[] = "SELECT created, sentiment, body FROM notes"
                                   " WHERE article_id = ? AND model = ?";

int store_note_get(struct store *s, int64_t id, const char *model, struct note_row *out)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st = store_prep(s, SQL_NOTE_GET);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    db_bind_static(st, 2, model);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        out->article_id = id;
        out->model = xstrdup(model);
        out->created = db_column_int64(st, 0);
        out->has_sentiment = db_column_type(st, 1) != DB_NULL;
        out->sentiment = db_column_double(st, 1);
        out->body = store_col_dup(st, 2);
    }
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE) return store_fail(s, "reading a note");
    if (rc == DB_ROW && (!out->model || !out->body)) {
        store_note_clear(out);
        return err_set("out of memory");
    }
    return rc == DB_ROW;
}

static const char SQL_NOTE_PUT[] =
    "INSERT INTO notes(article_id, model, created, sentiment, body) VALUES (?,?,?,?,?)"
    " ON CONFLICT(article_id, model) DO UPDATE SET created = excluded.created,"
    " sentiment = excluded.sentiment, body = excluded.body";

int store_note_put(struct store *s, const struct note_row *n)
{
    if (!n->model || !n->body) return err_set("a note needs a model and a body");
    struct db_stmt *st = store_prep(s, SQL_NOTE_PUT);
    if (!st) return -1;
    db_bind_int64(st, 1, n->article_id);
    db_bind_static(st, 2, n->model);
    db_bind_int64(st, 3, n->created);
    if (n->has_sentiment)
        db_bind_double(st, 4, n->sentiment);
    else
        db_bind_null(st, 4);
    db_bind_static(st, 5, n->body);
    return store_step_done(s, st, "storing a note");
}

int store_note_save(struct store *s, int64_t id, const char *model, const char *answer, size_t len,
                    int64_t now, struct llm_note *parsed)
{
    struct llm_note n;
    if (llm_note_parse(answer, len, &n)) return -1;
    char *body = llm_note_json(&n);
    int rc = -1;
    if (body) {
        struct note_row row = {.article_id = id,
                               .model = (char *)model,
                               .created = now,
                               .has_sentiment = 1,
                               .sentiment = n.score,
                               .body = body};
        rc = store_note_put(s, &row);
    }
    free(body);
    if (rc == 0 && parsed)
        *parsed = n;
    else
        llm_note_free(&n);
    return rc;
}

static const char SQL_FEED_NAME[] = "SELECT coalesce(name, title, url) FROM feeds WHERE id = ?";

int store_note_facts(struct store *s, int64_t id, struct note_facts *out)
{
    memset(out, 0, sizeof *out);
    double score;
    int has;
    int rc = store_article_get(s, id, &out->a, &score, &has, NULL, NULL);
    if (rc <= 0) return rc;
    size_t title_len;
    if (article_compose_text(&out->a, &out->text, &title_len)) goto oom;
    struct db_stmt *st = store_prep(s, SQL_FEED_NAME);
    if (!st) goto fail;
    db_bind_int64(st, 1, out->a.feed_id);
    if (db_step(st) == DB_ROW) out->source = store_col_dup(st, 0);
    db_reset(st);
    if (store_article_mentions(s, id, &out->m, &out->nm) ||
        store_article_claims(s, id, &out->c, &out->nc))
        goto fail;
    if (out->nm && !(out->tk = calloc(out->nm, sizeof *out->tk))) goto oom;
    for (size_t i = 0; i < out->nm; i++)
        out->tk[i] = (struct llm_fact_ticker){out->m[i].symbol, out->m[i].count,
                                              out->m[i].relevance, out->m[i].sentiment};
    if (out->nc && (!(out->cl = calloc(out->nc, sizeof *out->cl)) ||
                    !(out->claim_text = calloc(out->nc, sizeof *out->claim_text))))
        goto oom;
    for (size_t i = 0; i < out->nc; i++) {
        struct span sp = {(uint32_t)out->c[i].start, (uint32_t)out->c[i].end, 0, 0};
        struct sbuf t = {0};
        if (out->text.p && summary_spans_locate(out->text.p, out->text.len, &sp, 1) == 1 &&
            summary_render(out->text.p, out->text.len, &sp, 1, &t))
            goto oom;
        out->claim_text[i] = t.len ? sbuf_take(&t) : NULL;
        sbuf_free(&t);
        out->cl[i] =
            (struct llm_fact_claim){out->claim_text[i], out->c[i].kind, out->c[i].sentiment};
    }
    out->f = (struct llm_facts){.article_id = id,
                                .published = out->a.published,
                                .title = out->a.title,
                                .source = out->source,
                                .link = out->a.link,
                                .text = out->text.p ? out->text.p : "",
                                .has_score = has,
                                .score = score,
                                .tickers = out->tk,
                                .n_tickers = out->nm,
                                .claims = out->cl,
                                .n_claims = out->nc};
    return 1;
oom:
    err_set("out of memory");
fail:
    store_note_facts_free(out);
    return -1;
}

void store_note_facts_free(struct note_facts *nf)
{
    if (!nf) return;
    article_clear(&nf->a);
    sbuf_free(&nf->text);
    free(nf->source);
    free(nf->m);
    free(nf->tk);
    store_claims_free(nf->c, nf->nc);
    for (size_t i = 0; nf->claim_text && i < nf->nc; i++)
        free(nf->claim_text[i]);
    free(nf->claim_text);
    free(nf->cl);
    memset(nf, 0, sizeof *nf);
}
