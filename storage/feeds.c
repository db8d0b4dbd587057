#include "storage/feeds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "storage/internal.h"

#define FEED_COLS                                                                                  \
    "f.id, f.url, f.name, f.title, f.format, f.etag, f.last_modified, f.added, f.last_fetch,"      \
    " f.last_ok, f.next_fetch, f.status, f.last_error, f.fail_count, f.article_count,"             \
    " (SELECT group_concat(tag, ',') FROM (SELECT tag FROM feed_tags t WHERE t.feed_id = f.id"     \
    " ORDER BY tag) AS tags), f.poll_interval, f.poll_why, f.full_text, f.full_text_error"

static const char SQL_ADD[] =
    "INSERT INTO feeds(url, name, added) VALUES (?, ?, ?) ON CONFLICT(url) DO NOTHING";
static const char SQL_BY_URL[] = "SELECT id FROM feeds WHERE url = ?";
static const char SQL_BY_ID[] = "SELECT id FROM feeds WHERE id = ?";
static const char SQL_TAG[] =
    "INSERT INTO feed_tags(feed_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING";
static const char SQL_RM[] = "DELETE FROM feeds WHERE id = ?";
static const char SQL_LIST[] = "SELECT " FEED_COLS " FROM feeds f ORDER BY f.id";
/* Only feeds on the web are fetched: `import` keeps a file's articles under
 * a file:PATH (or stdin) feed, which has nothing to fetch. */
static const char SQL_DUE[] =
    "SELECT " FEED_COLS " FROM feeds f WHERE (f.url LIKE 'http://%' OR f.url LIKE 'https://%')"
    " AND (? OR f.next_fetch <= ?) ORDER BY f.next_fetch, f.id";
/* PostgreSQL's claim: the due feeds no other fetcher holds a lease on,
 * leased to this connection. SKIP LOCKED passes over the rows another
 * fetcher is claiming at this moment; its lease, once committed, keeps
 * them out (the row is checked again when locked). */
static const char SQL_LEASE_PG[] =
    "UPDATE feeds SET lease_until = :until, lease_by = :by WHERE id IN (SELECT id FROM feeds"
    " WHERE (url LIKE 'http://%' OR url LIKE 'https://%') AND (:force OR next_fetch <= :now)"
    " AND lease_until <= :now FOR UPDATE SKIP LOCKED)";
static const char SQL_LEASED_PG[] = "SELECT " FEED_COLS " FROM feeds f"
                                    " WHERE f.lease_by = ? AND f.lease_until = ?"
                                    " ORDER BY f.next_fetch, f.id";
static const char SQL_LEASE_END_PG[] =
    "SELECT coalesce(min(lease_until), 0) FROM feeds WHERE (url LIKE 'http://%' OR url LIKE"
    " 'https://%') AND next_fetch <= ? AND lease_until > ?";
static const char SQL_RELEASE_PG[] =
    "UPDATE feeds SET lease_until = 0, lease_by = NULL WHERE lease_by = ?";
static const char SQL_GET[] = "SELECT " FEED_COLS " FROM feeds f WHERE f.id = ?";
static const char SQL_COUNT[] = "SELECT count(*) FROM feeds";
static const char SQL_ERRORS[] = "SELECT count(*) FROM feeds WHERE status = 'error'";
static const char SQL_OK[] =
    "UPDATE feeds SET last_fetch = :now, last_ok = :now, status = :status, last_error = NULL,"
    " fail_count = 0, next_fetch = :next, etag = coalesce(:etag, etag),"
    " last_modified = coalesce(:lm, last_modified), title = coalesce(:title, title),"
    " format = coalesce(:format, format) WHERE id = :id";
static const char SQL_FAIL[] =
    "UPDATE feeds SET last_fetch = :now, status = 'error', last_error = :error,"
    " fail_count = fail_count + 1,"
    " next_fetch = :now + min(86400, :interval * (1 << min(fail_count + 1, 10)))"
    " WHERE id = :id";
/* PostgreSQL shifts a bigint by an integer. */
static const char SQL_FAIL_PG[] =
    "UPDATE feeds SET last_fetch = :now, status = 'error', last_error = :error,"
    " fail_count = fail_count + 1,"
    " next_fetch = :now + min(86400, :interval * (1::bigint << min(fail_count + 1, 10)::integer))"
    " WHERE id = :id";

static int64_t lookup_id(struct store *s, const char *sql, const char *text, int64_t num)
{
    struct db_stmt *st = store_prep(s, sql);
    if (!st) return -1;
    if (text)
        db_bind_text(st, 1, text);
    else
        db_bind_int64(st, 1, num);
    int rc = db_step(st);
    int64_t id = rc == DB_ROW ? db_column_int64(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE) return store_fail(s, "reading feeds");
    return id;
}

int store_feed_add(struct store *s, const char *url, const char *name, int64_t now, int64_t *id)
{
    struct db_stmt *st = store_prep_insert(s, SQL_ADD);
    if (!st) return -1;
    db_bind_text(st, 1, url);
    db_bind_text(st, 2, name);
    db_bind_int64(st, 3, now);
    if (store_step_id(s, st, id, "adding a feed")) return -1;
    if (*id) return 1;
    *id = lookup_id(s, SQL_BY_URL, url, 0);
    return *id < 0 ? -1 : 0;
}

int store_feed_tag(struct store *s, int64_t id, const char *tag)
{
    struct db_stmt *st = store_prep(s, SQL_TAG);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, tag);
    return store_step_done(s, st, "tagging a feed");
}

int store_feed_rm(struct store *s, int64_t id)
{
    struct db_stmt *st = store_prep(s, SQL_RM);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    if (store_step_done(s, st, "removing a feed")) return -1;
    return db_changes(s->db) > 0;
}

int store_feed_find(struct store *s, const char *id_or_url, int64_t *id)
{
    char *end;
    long long n = strtoll(id_or_url, &end, 10);
    int64_t found;
    if (*id_or_url && !*end && n > 0)
        found = lookup_id(s, SQL_BY_ID, NULL, n);
    else
        found = lookup_id(s, SQL_BY_URL, id_or_url, 0);
    if (found < 0) return -1;
    *id = found;
    return found > 0;
}

static void bind_name(struct db_stmt *st, const char *name, const char *v)
{
    int i = db_bind_parameter_index(st, name);
    if (i) db_bind_text(st, i, v);
}

static void bind_int(struct db_stmt *st, const char *name, int64_t v)
{
    int i = db_bind_parameter_index(st, name);
    if (i) db_bind_int64(st, i, v);
}

static void read_feed(struct db_stmt *st, struct feed_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_column_int64(st, 0);
    r->url = store_col_dup(st, 1);
    r->name = store_col_dup(st, 2);
    r->title = store_col_dup(st, 3);
    r->format = store_col_dup(st, 4);
    r->etag = store_col_dup(st, 5);
    r->last_modified = store_col_dup(st, 6);
    r->added = db_column_int64(st, 7);
    r->last_fetch = db_column_int64(st, 8);
    r->last_ok = db_column_int64(st, 9);
    r->next_fetch = db_column_int64(st, 10);
    r->status = store_col_dup(st, 11);
    r->last_error = store_col_dup(st, 12);
    r->fail_count = db_column_int(st, 13);
    r->article_count = db_column_int64(st, 14);
    r->tags = store_col_dup(st, 15);
    r->interval = db_column_int64(st, 16);
    r->why = store_col_dup(st, 17);
    r->full_text = db_column_int(st, 18);
    r->full_text_error = store_col_dup(st, 19);
}

static void fill_feed(struct db_stmt *st, void *row)
{
    read_feed(st, row);
}

static void drop_feeds(void *rows, size_t n)
{
    store_feed_rows_free(rows, n);
}

static int read_feeds(struct store *s, struct db_stmt *st, struct feed_row **rows, size_t *n)
{
    return store_read_rows(s, st, sizeof **rows, fill_feed, drop_feeds, rows, n, "reading feeds");
}

int store_feed_list(struct store *s, struct feed_row **rows, size_t *n)
{
    struct db_stmt *st = store_prep(s, SQL_LIST);
    if (!st) return -1;
    return read_feeds(s, st, rows, n);
}

int store_feed_due(struct store *s, int64_t now, int force, struct feed_row **rows, size_t *n)
{
    struct db_stmt *st = store_prep(s, SQL_DUE);
    if (!st) return -1;
    db_bind_int(st, 1, force);
    db_bind_int64(st, 2, now);
    return read_feeds(s, st, rows, n);
}

int store_feed_claim(struct store *s, int64_t now, int force, int64_t until, struct feed_row **rows,
                     size_t *n)
{
    if (!store_is_pg(s)) return store_feed_due(s, now, force, rows, n);
    *rows = NULL;
    *n = 0;
    int64_t by = store_claim_token(s);
    struct db_stmt *st = store_prep(s, SQL_LEASE_PG);
    if (!st) return -1;
    bind_int(st, ":until", until);
    bind_int(st, ":by", by);
    bind_int(st, ":force", force != 0);
    bind_int(st, ":now", now);
    if (store_step_done(s, st, "leasing the due feeds")) return -1;
    if (!(st = store_prep(s, SQL_LEASED_PG))) return -1;
    db_bind_int64(st, 1, by);
    db_bind_int64(st, 2, until);
    return read_feeds(s, st, rows, n);
}

int store_feed_release(struct store *s)
{
    if (!store_is_pg(s) || !s->claim) return 0;
    struct db_stmt *st = store_prep(s, SQL_RELEASE_PG);
    if (!st) return -1;
    db_bind_int64(st, 1, s->claim);
    return store_step_done(s, st, "releasing the feeds' leases");
}

int64_t store_feed_leased_until(struct store *s, int64_t now)
{
    if (!store_is_pg(s)) return 0;
    struct db_stmt *st = store_prep(s, SQL_LEASE_END_PG);
    if (!st) return -1;
    db_bind_int64(st, 1, now);
    db_bind_int64(st, 2, now);
    int rc = db_step(st);
    int64_t until = rc == DB_ROW ? db_column_int64(st, 0) : -1;
    db_reset(st);
    if (rc != DB_ROW) store_fail(s, "reading the feeds' leases");
    return until;
}

int store_feed_get(struct store *s, int64_t id, struct feed_row *out)
{
    struct db_stmt *st = store_prep(s, SQL_GET);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) read_feed(st, out);
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE) return store_fail(s, "reading a feed");
    return rc == DB_ROW;
}

void store_feed_row_clear(struct feed_row *r)
{
    free(r->url);
    free(r->name);
    free(r->title);
    free(r->format);
    free(r->tags);
    free(r->etag);
    free(r->last_modified);
    free(r->status);
    free(r->last_error);
    free(r->why);
    free(r->full_text_error);
    memset(r, 0, sizeof *r);
}

void store_feed_rows_free(struct feed_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        store_feed_row_clear(&rows[i]);
    free(rows);
}

static int64_t count(struct store *s, const char *sql)
{
    struct db_stmt *st = store_prep(s, sql);
    if (!st) return -1;
    int rc = db_step(st);
    int64_t n = rc == DB_ROW ? db_column_int64(st, 0) : -1;
    db_reset(st);
    if (rc != DB_ROW) return store_fail(s, "counting feeds");
    return n;
}

int64_t store_feed_count(struct store *s)
{
    return count(s, SQL_COUNT);
}

int64_t store_feed_errors(struct store *s)
{
    return count(s, SQL_ERRORS);
}

int store_feed_result(struct store *s, int64_t id, int64_t now, int64_t interval, const char *error,
                      int not_modified, const char *etag, const char *last_modified,
                      const char *title, const char *format)
{
    struct db_stmt *st = store_prep(s, error ? STORE_SQL(s, SQL_FAIL) : SQL_OK);
    if (!st) return -1;
    bind_int(st, ":id", id);
    bind_int(st, ":now", now);
    bind_int(st, ":interval", interval);
    if (error) {
        bind_name(st, ":error", error);
    } else {
        bind_name(st, ":status", not_modified ? "unchanged" : "ok");
        bind_int(st, ":next", now + interval);
        bind_name(st, ":etag", etag);
        bind_name(st, ":lm", last_modified);
        bind_name(st, ":title", title);
        bind_name(st, ":format", format);
    }
    return store_step_done(s, st, "saving the feed's state");
}
