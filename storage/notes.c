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

static const char SQL_DIGEST[] = "SELECT digest FROM articles WHERE id = ?";

int store_article_digest(struct store *s, int64_t id, struct span *out)
{
    sqlite3_stmt *st = store_prep(s, SQL_DIGEST);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st), n = 0;
    if (rc == SQLITE_ROW) n = summary_spans_parse((const char *)sqlite3_column_text(st, 0), out);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return store_fail(s, "reading a summary");
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
    sqlite3_stmt *st = store_prep(s, SQL_NOTE_GET);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    store_bind_static(st, 2, model);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->article_id = id;
        out->model = xstrdup(model);
        out->created = sqlite3_column_int64(st, 0);
        out->has_sentiment = sqlite3_column_type(st, 1) != SQLITE_NULL;
        out->sentiment = sqlite3_column_double(st, 1);
        out->body = store_col_dup(st, 2);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return store_fail(s, "reading a note");
    if (rc == SQLITE_ROW && (!out->model || !out->body)) {
        store_note_clear(out);
        return err_set("out of memory");
    }
    return rc == SQLITE_ROW;
}

static const char SQL_NOTE_PUT[] =
    "INSERT INTO notes(article_id, model, created, sentiment, body) VALUES (?,?,?,?,?)"
    " ON CONFLICT(article_id, model) DO UPDATE SET created = excluded.created,"
    " sentiment = excluded.sentiment, body = excluded.body";

int store_note_put(struct store *s, const struct note_row *n)
{
    if (!n->model || !n->body) return err_set("a note needs a model and a body");
    sqlite3_stmt *st = store_prep(s, SQL_NOTE_PUT);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, n->article_id);
    store_bind_static(st, 2, n->model);
    sqlite3_bind_int64(st, 3, n->created);
    if (n->has_sentiment)
        sqlite3_bind_double(st, 4, n->sentiment);
    else
        sqlite3_bind_null(st, 4);
    store_bind_static(st, 5, n->body);
    return store_step_done(s, st, "storing a note");
}
