/* A store in a temporary directory for the storage unit tests: cmocka's
 * setup opens DIR/s.db as *state, teardown closes it and removes the
 * directory. With BULLPEN_PG set (tests/pg.sh), the store is a new
 * database on that PostgreSQL server instead, one per test. Include after
 * cmocka.h; one test file per program. */
#ifndef BULLPEN_TESTS_STORE_FIXTURE_H
#define BULLPEN_TESTS_STORE_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/err.h"
#include "storage/articles.h"
#include "storage/db.h"
#include "storage/feeds.h"
#include "storage/internal.h"
#include "storage/store.h"

static char dir[64];

/* DIR/name, in a static buffer (valid until the next call). */
static char *tmp_path(const char *name)
{
    static char buf[128];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/bullpen-unit-XXXXXX");
    assert_non_null(mkdtemp(dir));
    const char *pg = getenv("BULLPEN_PG");
    if (!pg) {
        *state = store_open(tmp_path("s.db"), 0);
        return *state ? 0 : -1;
    }
    static int k;
    char sql[64], target[512], *name = NULL;
    snprintf(sql, sizeof sql, "CREATE DATABASE unit_%d_%d", (int)getpid(), ++k);
    struct db *admin = db_open_postgres(pg, 0, NULL, &name);
    free(name);
    if (!admin || db_exec(admin, sql) != DB_OK) fail_msg("%s: %s", sql, err_msg());
    db_close(admin);
    snprintf(target, sizeof target, "%s dbname=unit_%d_%d", pg, (int)getpid(), k);
    *state = store_open(target, 0);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    store_close(*state);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

/* Migration 1's statements from the one starting with from up to the one
 * starting with to: *at is set to the first and its length returned. */
static inline int m1_part(const char *from, const char *to, const char **at)
{
    const char *m1 = store_migrations[0];
    *at = strstr(m1, from);
    const char *end = strstr(m1, to);
    assert_true(*at && end && *at < end);
    return (int)(end - *at);
}

/* SQL undoing migration 15's part for an article's sentiment: the column
 * stored as a fraction again under its name, in place of the virtual
 * column. */
#define UNDO_SENTIMENT_E4                                                                          \
    "ALTER TABLE articles DROP COLUMN sentiment;"                                                  \
    "ALTER TABLE articles RENAME COLUMN sentiment_e4 TO sentiment;"                                \
    "UPDATE articles SET sentiment = sentiment / 10000.0;"

/* SQL undoing what of migration 17 its later steps would make again: the
 * trigger on articles that took the place of the mentions' foreign key
 * (the mentions keep their table as m17 left it, which m17 copies as it
 * copies m16's). */
#define UNDO_M17_TRIGGER "DROP TRIGGER articles_mentions_ad;"

/* SQL undoing migration 15's part for mentions (the provider's columns in
 * one): the columns as m12 made them, in its order, filled from m15's
 * view, and m12's view; and m17's trigger, which m15's copy keeps. */
#define UNDO_MENTION_PROVIDER                                                                      \
    UNDO_M17_TRIGGER                                                                               \
    "ALTER TABLE mention_rows ADD COLUMN provider_score REAL;"                                     \
    "ALTER TABLE mention_rows ADD COLUMN provider_relevance REAL;"                                 \
    "ALTER TABLE mention_rows ADD COLUMN provider_label TEXT;"                                     \
    "UPDATE mention_rows SET provider_score = m.provider_score,"                                   \
    " provider_relevance = m.provider_relevance, provider_label = m.provider_label"                \
    " FROM mentions m WHERE m.article_id = mention_rows.article_id"                                \
    " AND m.symbol = mention_rows.symbol;"                                                         \
    "DROP VIEW mentions; ALTER TABLE mention_rows DROP COLUMN provider;"                           \
    "CREATE VIEW mentions AS SELECT article_id, symbol, count, relevance / 10000.0 AS relevance,"  \
    " sentiment / 10000.0 AS sentiment, published, provider_score, provider_relevance,"            \
    " provider_label FROM mention_rows;"

/* SQL undoing migrations 15's part for mentions and 12 (mentions in
 * ten-thousandths, behind a view): the mentions table, its index and its trigger as migration 1
 * made them (m1's own statements), holding the same rows. Returns a
 * static string. */
static inline const char *undo_mention_rows(void)
{
    static char sql[4096];
    const char *table, *trig;
    int n_table = m1_part("CREATE TABLE mentions (", "CREATE TABLE claims (", &table);
    int n_trig = m1_part("CREATE TRIGGER mentions_daily_ad", "CREATE TABLE watchlist (", &trig);
    snprintf(sql, sizeof sql,
             UNDO_MENTION_PROVIDER
             "DROP VIEW mentions; DROP INDEX mentions_symbol_time; %.*s"
             "INSERT INTO mentions SELECT article_id, symbol, count, relevance / 10000.0,"
             " sentiment / 10000.0, published, provider_score, provider_relevance,"
             " provider_label FROM mention_rows;"
             "DROP TABLE mention_rows; %.*s",
             n_table, table, n_trig, trig);
    return sql;
}

static inline int64_t add_feed(struct store *s, const char *url)
{
    int64_t id = 0;
    assert_true(store_feed_add(s, url, NULL, 1000, &id) >= 0);
    return id;
}

/* Every row of f, read a page of `page` rows at a time from the top. */
static inline size_t read_all(struct store *s, const struct article_filter *f, size_t page,
                              int64_t *ids, double *ranks, size_t cap)
{
    size_t k = 0;
    struct article_cursor c = {0};
    for (;;) {
        struct article_row *rows;
        size_t n;
        assert_int_equal(store_articles_page(s, f, k ? &c : NULL, 0, page, &rows, &n), 0);
        for (size_t i = 0; i < n && k < cap; i++, k++) {
            ids[k] = rows[i].id;
            if (ranks) ranks[k] = rows[i].rank;
        }
        if (n) c = store_article_cursor_of(f, &rows[n - 1]);
        store_article_rows_free(rows, n);
        if (n < page || k >= cap) return k;
    }
}

#endif
