/* A store in a PostgreSQL database, on the throwaway server tests/pg.sh
 * starts (BULLPEN_PG): a new database gets the schema and the marker, a
 * newer one is refused, and a database that is not bullpen's is refused
 * without a change. Each test makes its own database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/article.h"
#include "core/err.h"
#include "storage/articles.h"
#include "storage/db.h"
#include "storage/feeds.h"
#include "storage/internal.h"
#include "storage/store.h"
#include "storage/watch.h"

/* An admin connection to the server's "postgres" database. */
static struct db *admin(void)
{
    char *name = NULL;
    struct db *db = db_open_postgres(getenv("BULLPEN_PG"), 0, NULL, &name);
    if (!db) fail_msg("connecting: %s", err_msg());
    free(name);
    return db;
}

/* Creates database NAME and returns its conninfo (static buffer). */
static const char *new_database(const char *name)
{
    static char target[512];
    char sql[128];
    struct db *db = admin();
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    if (db_exec(db, sql) != DB_OK) fail_msg("%s: %s", sql, db_errmsg(db));
    db_close(db);
    /* A later keyword wins over the same one earlier in a conninfo. */
    snprintf(target, sizeof target, "%s dbname=%s", getenv("BULLPEN_PG"), name);
    return target;
}

static struct db *connect_to(const char *target)
{
    char *name = NULL;
    struct db *db = db_open_postgres(target, 0, NULL, &name);
    if (!db) fail_msg("connecting: %s", err_msg());
    free(name);
    return db;
}

static int64_t scalar(struct db *db, const char *sql)
{
    struct db_stmt *st = db_prepare_text(db, sql);
    if (!st) fail_msg("%s: %s", sql, db_errmsg(db));
    assert_int_equal(db_step(st), DB_ROW);
    int64_t v = db_column_int64(st, 0);
    db_reset(st);
    return v;
}

static const char SQL_TABLES[] = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'";

static void test_fresh_migrates(void **state)
{
    const char *target = new_database("fresh");
    struct store *s = store_open(target, 0);
    if (!s) fail_msg("opening: %s", err_msg());
    assert_false(store_is_readonly(s));
    assert_non_null(strstr(store_path(s), "postgresql:///fresh?host="));
    assert_true(store_is_empty(s));
    /* The storage API works on it: a setting, a feed. */
    assert_int_equal(store_meta_set(s, "demo", "1"), 0);
    char *v = store_meta_get(s, "demo");
    assert_string_equal(v, "1");
    free(v);
    int64_t id = 0;
    assert_int_equal(store_feed_add(s, "https://example.com/feed", "ex", 100, &id), 1);
    assert_true(id > 0);
    int64_t again = 0;
    assert_int_equal(store_feed_add(s, "https://example.com/feed", "ex", 100, &again), 0);
    assert_int_equal(again, id);
    assert_false(store_is_empty(s));
    store_close(s);

    struct db *db = connect_to(target);
    assert_int_equal(scalar(db, "SELECT count(*) FROM bullpen_meta WHERE application = 'bullpen'"),
                     1);
    int64_t ver = scalar(db, "SELECT schema_version FROM bullpen_meta");
    assert_true(ver >= 1);
    /* Every table SQLite's schema has, and the marker, and the desk's
     * private state (article_marks, read_counts, read_runs, alert_seen); the claims
     * packed on the article's row and its story keys, as on SQLite. */
    assert_int_equal(scalar(db, SQL_TABLES), 19);
    assert_int_equal(scalar(db, "SELECT count(*) FROM information_schema.columns WHERE"
                                " table_name = 'articles' AND (column_name, data_type) IN"
                                " (('claims', 'bytea'), ('link_key', 'bigint'),"
                                " ('title_key', 'bigint'), ('story', 'bigint'))"),
                     4);
    assert_int_equal(scalar(db, "SELECT count(*) FROM pg_indexes WHERE indexname = "
                                "'articles_search' AND indexdef LIKE '%gin%'"),
                     1);
    db_close(db);

    /* Opening again changes nothing; a reader may not write. */
    s = store_open(target, STORE_READONLY);
    assert_non_null(s);
    assert_true(store_is_readonly(s));
    assert_int_equal(store_meta_set(s, "demo", "2"), -1);
    assert_non_null(strstr(err_msg(), "store is read-only"));
    v = store_meta_get(s, "demo");
    assert_string_equal(v, "1");
    free(v);
    store_close(s);
    db = connect_to(target);
    assert_int_equal(scalar(db, "SELECT schema_version FROM bullpen_meta"), ver);
    db_close(db);
}

static void test_newer_refused(void **state)
{
    const char *target = new_database("newer");
    struct store *s = store_open(target, 0);
    assert_non_null(s);
    store_close(s);
    struct db *db = connect_to(target);
    assert_int_equal(db_exec(db, "UPDATE bullpen_meta SET schema_version = 999"), DB_OK);
    db_close(db);
    assert_null(store_open(target, 0));
    assert_non_null(strstr(err_msg(), "newer bullpen (schema 999"));
    assert_non_null(strstr(err_msg(), "postgresql:///newer"));
    assert_null(strchr(err_msg(), '\n'));
    assert_null(store_open(target, STORE_READONLY));
    db = connect_to(target);
    assert_int_equal(scalar(db, "SELECT schema_version FROM bullpen_meta"), 999);
    db_close(db);
}

static void test_foreign_refused(void **state)
{
    const char *target = new_database("other_app");
    struct db *db = connect_to(target);
    assert_int_equal(
        db_exec(db, "CREATE TABLE customers (id int); INSERT INTO customers VALUES (7)"), DB_OK);
    db_close(db);
    assert_null(store_open(target, 0));
    assert_non_null(strstr(err_msg(), "not a bullpen store"));
    assert_null(store_open(target, STORE_READONLY));
    db = connect_to(target);
    assert_int_equal(scalar(db, SQL_TABLES), 1);
    assert_int_equal(scalar(db, "SELECT count(*) FROM pg_proc WHERE proname LIKE 'bullpen%'"), 0);
    assert_int_equal(scalar(db, "SELECT sum(id) FROM customers"), 7);
    db_close(db);

    /* Another program's marker table is not ours either. */
    target = new_database("marked");
    db = connect_to(target);
    assert_int_equal(db_exec(db, "CREATE TABLE bullpen_meta (application text NOT NULL,"
                                 " schema_version bigint NOT NULL);"
                                 "INSERT INTO bullpen_meta VALUES ('other', 1)"),
                     DB_OK);
    db_close(db);
    assert_null(store_open(target, 0));
    assert_non_null(strstr(err_msg(), "not a bullpen store"));
}

/* Several bullpens opening one new database at once: one migrates, the
 * others wait for it and find the schema there. */
static void test_concurrent_first_open(void **state)
{
    const char *target = new_database("race");
    pid_t kids[4];
    for (int i = 0; i < 4; i++) {
        kids[i] = fork();
        assert_true(kids[i] >= 0);
        if (kids[i] == 0) {
            struct store *s = store_open(target, 0);
            if (!s) fprintf(stderr, "child: %s\n", err_msg());
            int ok = s && store_meta_set(s, "who", "child") == 0;
            store_close(s);
            _exit(ok ? 0 : 1);
        }
    }
    for (int i = 0; i < 4; i++) {
        int status = 0;
        assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    struct db *db = connect_to(target);
    assert_int_equal(scalar(db, "SELECT count(*) FROM bullpen_meta"), 1);
    assert_int_equal(scalar(db, SQL_TABLES), 19);
    db_close(db);
}

/* A store at PostgreSQL's first schema, with articles and a claim, upgraded:
 * copies of one story (the same link in two feeds) grouped as the ingest
 * groups them, an article alone left alone, the claims' table gone and its
 * article marked for reanalysis. */
static void test_upgrade_groups(void **state)
{
    const char *target = new_database("upgrade");
    struct db *db = connect_to(target);
    assert_int_equal(db_exec(db, store_pg_migrations[0]), DB_OK);
    assert_int_equal(
        db_exec(db, "CREATE TABLE bullpen_meta (application text NOT NULL,"
                    " schema_version bigint NOT NULL);"
                    "INSERT INTO bullpen_meta VALUES ('bullpen', 1);"
                    "INSERT INTO feeds(id, url, added) VALUES (1, 'https://a.example/f', 0),"
                    " (2, 'https://b.example/f', 0);"
                    "INSERT INTO articles(id, feed_id, guid, title, link, published, fetched,"
                    " analyzer_version) VALUES"
                    " (1, 1, 'a1', 'Chipmaker raises its outlook', 'https://news.example/x', 100,"
                    "  100, 7),"
                    " (2, 2, 'b1', 'Chipmaker lifts guidance', 'https://news.example/x', 200,"
                    "  200, 7),"
                    " (3, 2, 'b2', 'Oil prices fall on supply worries in Asia', "
                    "'https://news.example/oil', 300, 300, 7);"
                    "INSERT INTO claims VALUES (3, 0, 3, 1, 0.5, NULL);"
                    /* Older articles of their own, more than a page. */
                    "INSERT INTO articles(id, feed_id, guid, title, link, published, fetched)"
                    " SELECT 9 + n, 1, 'f' || n, 'Filler headline number ' || n || ' on markets',"
                    " 'https://news.example/f' || n, n % 50, 0 FROM generate_series(1, 600) n;"
                    /* Marks, a watched symbol, a position and a rule from
                     * before the desk had users: the migrating role's. */
                    "UPDATE articles SET unread = 0, starred = 1 WHERE id = 3;"
                    "INSERT INTO watchlist VALUES ('NVDA', NULL, 0);"
                    "INSERT INTO positions VALUES ('NVDA', 10, 100, NULL, 0);"
                    "INSERT INTO alert_rules(spec, kind, symbol, created)"
                    " VALUES ('mention NVDA', 'mention', 'NVDA', 0)"),
        DB_OK);
    db_close(db);
    struct store *s = store_open(target, 0);
    if (!s) fail_msg("upgrading: %s", err_msg());
    store_close(s);
    db = connect_to(target);
    assert_int_equal(scalar(db, "SELECT count(*) FROM articles WHERE link_key IS NOT NULL"
                                " AND title_key IS NOT NULL"),
                     603);
    assert_int_equal(scalar(db, "SELECT count(*) FROM articles WHERE story IS NOT NULL"), 2);
    assert_int_equal(scalar(db, "SELECT count(*) FROM articles WHERE story = 1 AND id IN (1, 2)"),
                     2);
    assert_int_equal(scalar(db, "SELECT count(*) FROM articles WHERE id = 3 AND story IS NULL"), 1);
    assert_int_equal(scalar(db, "SELECT sum(analyzer_version) FROM articles"), 14);
    assert_int_equal(scalar(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'claims'"), 0);
    /* What was there before the desk had users is the migrating role's. */
    static const struct {
        const char *sql;
        int64_t want;
    } owned[] = {
        {"SELECT count(*) FROM article_marks WHERE usr = 'bullpen' AND article_id = 3"
         " AND unread = 0 AND starred = 1",
         1},
        {"SELECT count(*) FROM articles WHERE unread = 0", 1},
        {"SELECT n FROM read_counts WHERE usr = 'bullpen' AND feed_id = 2", 1},
        {"SELECT count(*) FROM watchlist_rows WHERE owner = 'bullpen' AND shared = 0", 1},
        {"SELECT count(*) FROM position_rows WHERE owner = 'bullpen'", 1},
        {"SELECT count(*) FROM alert_rule_rows WHERE owner = 'bullpen' AND shared = 0", 1},
        /* The read article is a read run of its own. */
        {"SELECT count(*) FROM read_runs WHERE usr = 'bullpen' AND (lo_pub, lo_id, hi_pub, hi_id)"
         " = (300, 3, 300, 3)",
         1},
    };
    for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++)
        if (scalar(db, owned[i].sql) != owned[i].want) fail_msg("%s", owned[i].sql);
    assert_int_equal(scalar(db, "SELECT schema_version FROM bullpen_meta"), store_pg_n_migrations);
    db_close(db);
}

/* Opens the store at target as role (a conninfo keyword given later wins). */
static struct store *open_as(const char *target, const char *role)
{
    char t[600];
    snprintf(t, sizeof t, "%s user=%s", target, role);
    struct store *s = store_open(t, 0);
    if (!s) fail_msg("opening as %s: %s", role, err_msg());
    return s;
}

/* Makes the roles alice and bob analysts of the desk at target, with the
 * GRANTs README's "The desk" gives (the roles are the server's, made once). */
static void make_analysts(const char *target)
{
    struct db *a = admin();
    db_exec(a, "CREATE ROLE alice LOGIN"); /* may be there already */
    db_exec(a, "CREATE ROLE bob LOGIN");
    db_close(a);
    struct db *db = connect_to(target);
    assert_int_equal(db_exec(db, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA"
                                 " public TO alice, bob;"
                                 "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO alice, bob"),
                     DB_OK);
    db_close(db);
}

/* A new database made a bullpen store (migrated); its target. */
static const char *new_store(const char *name)
{
    const char *target = new_database(name);
    struct store *s = store_open(target, 0);
    if (!s) fail_msg("opening: %s", err_msg());
    store_close(s);
    return target;
}

/* alice and bob made analysts of the desk at target, each with a store. */
static void two_analysts(const char *target, struct store **alice, struct store **bob)
{
    make_analysts(target);
    *alice = open_as(target, "alice");
    *bob = open_as(target, "bob");
}

static int flags_of(struct store *s, int64_t id, int *unread, int *starred)
{
    struct article a;
    int rc = store_article_get(s, id, &a, NULL, NULL, unread, starred);
    if (rc == 1) article_clear(&a);
    return rc;
}

/* Read and starred marks are each analyst's: alice's marks leave bob's
 * articles unread and unstarred, and the unread counts (the articles less
 * the user's read ones, kept per feed) follow each user's marks alone,
 * also when an article alice read is deleted by someone else. */
static void test_marks_per_user(void **state)
{
    const char *target = new_store("marks");
    struct db *db = connect_to(target);
    assert_int_equal(
        db_exec(db, "INSERT INTO feeds(id, url, added, article_count) VALUES"
                    " (1, 'https://a.example/f', 0, 3), (2, 'https://b.example/f', 0, 2);"
                    "INSERT INTO articles(id, feed_id, guid, title, published, fetched) VALUES"
                    " (1, 1, 'a1', 'One', 100, 100), (2, 1, 'a2', 'Two', 200, 200),"
                    " (3, 1, 'a3', 'Three', 300, 300), (4, 2, 'b1', 'Four', 400, 400),"
                    " (5, 2, 'b2', 'Five', 500, 500)"),
        DB_OK);
    struct store *alice, *bob;
    two_analysts(target, &alice, &bob);
    assert_int_equal(store_articles_unread(alice, 0, 100), 5);
    assert_int_equal(store_article_mark(alice, 1, 0, 1), 1);
    assert_int_equal(store_article_mark(alice, 4, 0, -1), 1);
    assert_int_equal(store_article_mark(alice, 99, 0, -1), 0);
    int unread = -1, starred = -1;
    assert_int_equal(flags_of(alice, 1, &unread, &starred), 1);
    assert_true(unread == 0 && starred == 1);
    assert_int_equal(flags_of(bob, 1, &unread, &starred), 1);
    assert_true(unread == 1 && starred == 0);
    assert_int_equal(store_articles_unread(alice, 0, 100), 3);
    assert_int_equal(store_articles_unread(alice, 1, 100), 2);
    assert_int_equal(store_articles_unread(alice, 2, 100), 1);
    assert_int_equal(store_articles_unread(alice, 0, 2), 2); /* capped */
    assert_int_equal(store_articles_unread(bob, 0, 100), 5);
    /* Read again, unread again: counted once. */
    assert_int_equal(store_article_set_flags(alice, 1, 0, 1), 0);
    assert_int_equal(store_articles_unread(alice, 1, 100), 2);
    assert_int_equal(store_article_mark(bob, 2, 0, -1), 1);
    assert_int_equal(store_article_mark(bob, 2, 1, -1), 1);
    assert_int_equal(store_articles_unread(bob, 1, 100), 3);
    /* bob's marks stay off alice's articles. */
    assert_int_equal(flags_of(alice, 2, &unread, &starred), 1);
    assert_true(unread == 1 && starred == 0);
    /* Deleting an article alice read (bob may: articles are the desk's)
     * keeps her count right. */
    assert_int_equal(db_exec(db, "SET ROLE bob; DELETE FROM articles WHERE id IN (1, 3);"
                                 "RESET ROLE"),
                     DB_OK);
    assert_int_equal(store_articles_unread(alice, 1, 100), 1);
    assert_int_equal(store_articles_unread(bob, 1, 100), 1);
    /* Going round bullpen, bob neither sees nor changes alice's marks. */
    assert_int_equal(db_exec(db, "SET ROLE bob"), DB_OK);
    assert_int_equal(scalar(db, "SELECT count(*) FROM article_marks WHERE usr = 'alice'"), 0);
    assert_int_equal(db_exec(db, "UPDATE article_marks SET unread = 1 WHERE usr = 'alice'"), DB_OK);
    assert_int_equal(db_changes(db), 0);
    assert_int_not_equal(db_exec(db, "INSERT INTO article_marks(usr, article_id, feed_id, unread)"
                                     " VALUES ('alice', 5, 2, 0)"),
                         DB_OK);
    assert_int_equal(db_exec(db, "RESET ROLE"), DB_OK);
    assert_int_equal(flags_of(alice, 4, &unread, &starred), 1);
    assert_true(unread == 0 && starred == 0);
    assert_int_equal(store_articles_unread(alice, 2, 100), 1);
    store_close(alice);
    store_close(bob);
    db_close(db);
}

/* The unread filter's rows, every page size and both directions, against
 * the user's marks read one by one: want[] holds the unread ids newest
 * first (published rises with the id). */
static void check_unread(struct store *s, const char *ticker, const int64_t *want, size_t nwant)
{
    struct article_filter f = {.unread_only = 1, .ticker = ticker};
    size_t sizes[] = {1, 4, 100};
    for (size_t z = 0; z < 3; z++) {
        struct article_cursor c = {0};
        size_t k = 0;
        for (;;) {
            struct article_row *rows;
            size_t n;
            assert_int_equal(store_articles_page(s, &f, k ? &c : NULL, 0, sizes[z], &rows, &n), 0);
            for (size_t i = 0; i < n; i++, k++) {
                assert_true(k < nwant);
                assert_int_equal(rows[i].id, want[k]);
            }
            if (n) c = store_article_cursor_of(&f, &rows[n - 1]);
            store_article_rows_free(rows, n);
            if (n < sizes[z]) break;
        }
        assert_int_equal(k, nwant);
    }
    /* Back from the last row, three at a time, to the top. */
    struct article_cursor c = {want[nwant - 1] * 100, want[nwant - 1], 0};
    size_t k = nwant - 1;
    for (;;) {
        struct article_row *rows;
        size_t n;
        assert_int_equal(store_articles_page(s, &f, &c, 1, 3, &rows, &n), 0);
        for (size_t i = n; i-- > 0;)
            assert_int_equal(rows[i].id, want[--k]);
        if (n) c = store_article_cursor_of(&f, &rows[0]);
        store_article_rows_free(rows, n);
        if (n < 3) break;
    }
    assert_int_equal(k, 0);
}

/* The unread ids of 1..last newest first, less those in read[]; with
 * even, the even ones only. */
static size_t unread_ids(int64_t last, const int *read, int64_t *out, int even)
{
    size_t n = 0;
    for (int64_t id = last; id >= 1; id--)
        if (!read[id] && (!even || id % 2 == 0)) out[n++] = id;
    return n;
}

/* alice reads the articles from to to in one statement. */
static void read_in_one(struct db *db, int *read, int from, int to)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SET ROLE alice; INSERT INTO article_marks(article_id, feed_id, unread)"
             " SELECT id, feed_id, 0 FROM article_rows WHERE id BETWEEN %d AND %d; RESET ROLE",
             from, to);
    assert_int_equal(db_exec(db, sql), DB_OK);
    for (int id = from; id <= to; id++)
        read[id] = 1;
}

/* PostgreSQL's unread filter steps over the user's read runs: runs join as
 * articles are read one by one or many in a statement, are cut by a mark
 * unread and by an article stored inside them, and are each user's own;
 * the filter's rows are the same as a mark-by-mark test's throughout. */
static void test_unread_runs(void **state)
{
    (void)state;
    const char *target = new_store("runs");
    struct db *db = connect_to(target);
    assert_int_equal(db_exec(db,
                             "INSERT INTO feeds(id, url, added, article_count) VALUES"
                             " (1, 'https://a.example/f', 0, 160);"
                             "INSERT INTO articles(id, feed_id, guid, title, published, fetched)"
                             " SELECT n, 1, 'a' || n, 'Headline ' || n, n * 100, 0"
                             " FROM generate_series(1, 160) n;"
                             "INSERT INTO mentions(article_id, symbol, count, relevance, sentiment,"
                             " published) SELECT n, 'NVDA', 1, 1, 0, n * 100"
                             " FROM generate_series(2, 160, 2) n"),
                     DB_OK);
    struct store *alice, *bob;
    two_analysts(target, &alice, &bob);
    int read[256] = {0};
    int64_t want[256];
    /* One by one, out of order: one run. */
    for (int id = 50; id >= 21; id -= 2)
        assert_int_equal(store_article_mark(alice, id, 0, -1), 1), read[id] = 1;
    for (int id = 21; id <= 49; id += 2)
        assert_int_equal(store_article_mark(alice, id, 0, -1), 1), read[id] = 1;
    assert_int_equal(scalar(db, "SELECT count(*) FROM read_runs WHERE usr = 'alice'"), 1);
    /* Many in one statement: another; more than a few (made again in one
     * pass): a third. */
    read_in_one(db, read, 5, 10);
    assert_int_equal(scalar(db, "SELECT count(*) FROM read_runs WHERE usr = 'alice'"), 2);
    read_in_one(db, read, 80, 159);
    assert_int_equal(scalar(db, "SELECT count(*) FROM read_runs WHERE usr = 'alice'"), 3);
    check_unread(alice, NULL, want, unread_ids(160, read, want, 0));
    check_unread(alice, "NVDA", want, unread_ids(160, read, want, 1));
    /* Unread again in the middle: cut in two. */
    assert_int_equal(store_article_mark(alice, 30, 1, -1), 1);
    read[30] = 0;
    assert_int_equal(scalar(db, "SELECT count(*) FROM read_runs WHERE usr = 'alice'"), 4);
    check_unread(alice, NULL, want, unread_ids(160, read, want, 0));
    /* An article stored inside a run, published between 44 and 45: cut. */
    assert_int_equal(db_exec(db, "INSERT INTO articles(id, feed_id, guid, title, published,"
                                 " fetched) VALUES (200, 1, 'late', 'Late', 4450, 0)"),
                     DB_OK);
    assert_int_equal(scalar(db, "SELECT count(*) FROM read_runs WHERE usr = 'alice'"), 5);
    struct article_filter f = {.unread_only = 1};
    struct article_row *rows;
    size_t n;
    assert_int_equal(store_articles_page(alice, &f, NULL, 0, 256, &rows, &n), 0);
    size_t late = 0;
    for (size_t i = 0; i < n; i++)
        late += rows[i].id == 200;
    assert_int_equal(late, 1);
    assert_int_equal(n, unread_ids(160, read, want, 0) + 1);
    store_article_rows_free(rows, n);
    /* Read, both join their neighbours again. */
    assert_int_equal(store_article_mark(alice, 200, 0, -1), 1);
    assert_int_equal(store_article_mark(alice, 30, 0, -1), 1);
    read[30] = 1;
    assert_int_equal(scalar(db, "SELECT count(*) FROM read_runs WHERE usr = 'alice'"), 3);
    check_unread(alice, NULL, want, unread_ids(160, read, want, 0));
    /* bob's list is his own: all 161, the late one between 45 and 44. */
    int none[256] = {0};
    size_t nb = unread_ids(160, none, want, 0);
    memmove(want + 117, want + 116, (nb - 116) * sizeof want[0]);
    want[116] = 200;
    check_unread(bob, NULL, want, nb + 1);
    assert_int_equal(scalar(db, "SELECT count(*) FROM read_runs WHERE usr = 'bob'"), 0);
    /* Deleting the marks (alice's user gone) leaves no run behind. */
    assert_int_equal(db_exec(db, "DELETE FROM article_marks WHERE usr = 'alice'"), DB_OK);
    assert_int_equal(scalar(db, "SELECT count(*) FROM read_runs WHERE usr = 'alice'"), 0);
    store_close(alice);
    store_close(bob);
    db_close(db);
}

/* Waits up to two seconds for s's data version to pass v; the version. */
static int64_t version_after(struct store *s, int64_t v)
{
    int64_t now = store_data_version(s);
    for (int i = 0; i < 100 && now <= v; i++) {
        usleep(20000);
        now = store_data_version(s);
    }
    return now;
}

/* A change private to alice (a mark, a position, a private watched symbol)
 * reaches her other workstation but not bob's; a shared one reaches both. */
static void test_private_notices(void **state)
{
    (void)state;
    const char *target = new_store("notices");
    struct db *db = connect_to(target);
    assert_int_equal(
        db_exec(db, "INSERT INTO feeds(id, url, added) VALUES (1, 'https://a.example/f', 0);"
                    "INSERT INTO articles(id, feed_id, guid, title, published, fetched)"
                    " VALUES (1, 1, 'a1', 'One', 100, 100)"),
        DB_OK);
    db_close(db);
    make_analysts(target);
    struct store *alice = open_as(target, "alice"), *alice2 = open_as(target, "alice");
    struct store *bob = open_as(target, "bob");
    int64_t a0 = store_data_version(alice2), b0 = store_data_version(bob);
    assert_true(a0 >= 0 && b0 >= 0);
    assert_int_equal(store_article_mark(alice, 1, 0, 1), 1);
    double qty = 10;
    assert_int_equal(store_position_add(alice, "NVDA", qty, NULL, NULL, 1000), 0);
    assert_true(store_watch_add(alice, "AAPL", 1000) >= 0);
    assert_true(store_watch_share(alice, "MSFT", 1000) >= 0);
    /* Alice's other workstation hears of every change, bob of the shared
     * one alone. */
    assert_true(version_after(alice2, a0 + 3) >= a0 + 4);
    assert_int_equal(version_after(bob, b0), b0 + 1);
    usleep(100000);
    assert_int_equal(store_data_version(bob), b0 + 1);
    store_close(alice);
    store_close(alice2);
    store_close(bob);
}

static void test_unreachable(void **state)
{
    assert_null(store_open("postgresql:///desk?host=/nonexistent/dir&connect_timeout=2", 0));
    assert_non_null(strstr(err_msg(), "postgresql:///desk?host=/nonexistent/dir: cannot connect"));
    assert_null(strchr(err_msg(), '\n'));
    assert_int_equal(store_replace(getenv("BULLPEN_PG"), "/nonexistent.db"), -1);
    assert_non_null(strstr(err_msg(), "not supported on PostgreSQL"));
}

int main(void)
{
    if (!getenv("BULLPEN_PG")) {
        fprintf(stderr, "SKIP: no PostgreSQL server (run under tests/pg.sh)\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fresh_migrates),  cmocka_unit_test(test_newer_refused),
        cmocka_unit_test(test_foreign_refused), cmocka_unit_test(test_concurrent_first_open),
        cmocka_unit_test(test_upgrade_groups),  cmocka_unit_test(test_unreachable),
        cmocka_unit_test(test_marks_per_user),  cmocka_unit_test(test_private_notices),
        cmocka_unit_test(test_unread_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
