/* PostgreSQL's engine behind storage/db.h, on the throwaway server
 * tests/pg.sh starts (its conninfo in BULLPEN_PG): values round-trip
 * through bind and column (UTF-8, NULL, int64 extremes, doubles),
 * SQLite's parameters become PostgreSQL's, transactions, errors,
 * pipelined writes (db_step_later) and change notices (LISTEN and
 * NOTIFY). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/err.h"
#include "storage/db.h"

static struct db *open_db(void)
{
    char *name = NULL;
    struct db *db = db_open_postgres(getenv("BULLPEN_PG"), 0, NULL, &name);
    if (!db) fail_msg("connecting: %s", err_msg());
    assert_non_null(name);
    assert_non_null(strstr(name, "postgresql://"));
    assert_null(strstr(name, "user"));
    free(name);
    return db;
}

static int64_t scalar(struct db *db, const char *sql)
{
    struct db_stmt *st = db_prepare_text(db, sql);
    assert_non_null(st);
    assert_int_equal(db_step(st), DB_ROW);
    int64_t v = db_column_int64(st, 0);
    assert_int_equal(db_step(st), DB_DONE);
    return v;
}

static const char SQL_PUT[] = "INSERT INTO t(i, d, s) VALUES (?, ?, ?) RETURNING id";
static const char SQL_GET[] = "SELECT i, d, s FROM t WHERE id = ?";

static void test_round_trip(void **state)
{
    struct db *db = open_db();
    assert_int_equal(db_exec(db, "CREATE TEMP TABLE t (id bigserial PRIMARY KEY, i bigint,"
                                 " d double precision, s text)"),
                     DB_OK);
    const char *utf8 = "Ünïcödé — 株式 \xF0\x9F\x93\x88 'quoted' \"x\" ? :name $1";
    struct {
        int64_t i;
        double d;
        const char *s;
    } rows[] = {
        {INT64_MAX, 0.1, utf8},
        {INT64_MIN, -1.7976931348623157e308, ""},
        {0, 4.9406564584124654e-324, "plain"},
        {-1, 0.45, NULL},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        struct db_stmt *put = db_prepare(db, SQL_PUT);
        assert_non_null(put);
        assert_int_equal(db_bind_int64(put, 1, rows[k].i), DB_OK);
        assert_int_equal(db_bind_double(put, 2, rows[k].d), DB_OK);
        assert_int_equal(db_bind_text(put, 3, rows[k].s), DB_OK);
        assert_int_equal(db_step(put), DB_ROW);
        int64_t id = db_column_int64(put, 0);
        assert_int_equal(db_step(put), DB_DONE);
        assert_int_equal(db_changes(db), 1);
        /* Cached by the SQL's address: the same statement comes back. */
        assert_ptr_equal(db_prepare(db, SQL_PUT), put);

        struct db_stmt *get = db_prepare(db, SQL_GET);
        assert_non_null(get);
        db_bind_int64(get, 1, id);
        assert_int_equal(db_step(get), DB_ROW);
        assert_int_equal(db_column_type(get, 0), DB_INTEGER);
        assert_true(db_column_int64(get, 0) == rows[k].i);
        assert_int_equal(db_column_type(get, 1), DB_FLOAT);
        assert_true(db_column_double(get, 1) == rows[k].d);
        if (rows[k].s) {
            assert_int_equal(db_column_type(get, 2), DB_TEXT);
            assert_string_equal((const char *)db_column_text(get, 2), rows[k].s);
            assert_int_equal(db_column_bytes(get, 2), (int)strlen(rows[k].s));
        } else {
            assert_int_equal(db_column_type(get, 2), DB_NULL);
            assert_null(db_column_text(get, 2));
            assert_int_equal(db_column_bytes(get, 2), 0);
        }
        assert_int_equal(db_step(get), DB_DONE);
    }
    /* NULL in every column, and a column past the end. */
    struct db_stmt *st = db_prepare_text(db, "SELECT ?::bigint, ?::float8, ?::text");
    assert_non_null(st);
    db_bind_null(st, 1);
    db_bind_null(st, 2);
    db_bind_static(st, 3, NULL);
    assert_int_equal(db_step(st), DB_ROW);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(db_column_type(st, i), DB_NULL);
        assert_int_equal(db_column_int64(st, i), 0);
        assert_true(db_column_double(st, i) == 0);
    }
    db_close(db);
}

/* Bytes of every value, NUL and 0xff among them, in a bytea and back; an
 * empty one and NULL apart; text and a bytea in one statement. */
static void test_blobs(void **state)
{
    struct db *db = open_db();
    assert_int_equal(db_exec(db, "CREATE TEMP TABLE b (k bigint, v bytea, t text)"), DB_OK);
    unsigned char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)(255 - i);
    struct db_stmt *put = db_prepare_once(db, "INSERT INTO b VALUES (?, ?, ?)");
    assert_non_null(put);
    const struct {
        const void *v;
        int n;
    } vals[] = {{all, 256}, {"", 0}, {NULL, 0}};
    for (int k = 0; k < 3; k++) {
        assert_int_equal(db_bind_int(put, 1, k), DB_OK);
        assert_int_equal(db_bind_blob(put, 2, vals[k].v, vals[k].n), DB_OK);
        assert_int_equal(db_bind_static(put, 3, "after"), DB_OK);
        assert_int_equal(db_step(put), DB_DONE);
        assert_int_equal(db_reset(put), DB_OK);
    }
    db_finalize(put);
    struct db_stmt *get = db_prepare_once(db, "SELECT v, t, length(v) FROM b ORDER BY k");
    assert_non_null(get);
    assert_int_equal(db_step(get), DB_ROW);
    assert_int_equal(db_column_type(get, 0), DB_BLOB);
    /* Either call first: bytes before the blob here. */
    assert_int_equal(db_column_bytes(get, 0), 256);
    assert_memory_equal(db_column_blob(get, 0), all, 256);
    assert_string_equal((const char *)db_column_text(get, 1), "after");
    assert_int_equal(db_column_int(get, 2), 256);
    assert_int_equal(db_step(get), DB_ROW);
    assert_non_null(db_column_blob(get, 0));
    assert_int_equal(db_column_bytes(get, 0), 0);
    assert_int_equal(db_step(get), DB_ROW);
    assert_int_equal(db_column_type(get, 0), DB_NULL);
    assert_null(db_column_blob(get, 0));
    assert_int_equal(db_column_bytes(get, 0), 0);
    assert_int_equal(db_step(get), DB_DONE);
    db_finalize(get);
    db_close(db);
}

static void test_parameters(void **state)
{
    struct db *db = open_db();
    /* ?N and :name number as SQLite numbers them; quoted text, comments
     * and casts are left alone. */
    struct db_stmt *st =
        db_prepare_text(db, "SELECT ?2::text || ?1, :a || ':a' || :b || :a, '?'::text, \"?\" "
                            "FROM (SELECT 1 AS \"?\") x -- ? :c\n /* ? */ WHERE ? = 7");
    assert_non_null(st);
    assert_int_equal(db_bind_parameter_index(st, ":a"), 3);
    assert_int_equal(db_bind_parameter_index(st, ":b"), 4);
    assert_int_equal(db_bind_parameter_index(st, ":c"), 0);
    db_bind_text(st, 1, "one");
    db_bind_text(st, 2, "two");
    db_bind_text(st, 3, "A");
    db_bind_text(st, 4, "B");
    db_bind_int(st, 5, 7);
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal((const char *)db_column_text(st, 0), "twoone");
    assert_string_equal((const char *)db_column_text(st, 1), "A:aBA");
    assert_string_equal((const char *)db_column_text(st, 2), "?");
    assert_int_equal(db_column_int(st, 3), 1);
    assert_int_equal(db_step(st), DB_DONE);
    /* A boolean reads as 1 or 0. */
    assert_int_equal(scalar(db, "SELECT 2 > 1"), 1);
    assert_int_equal(db_bind_int(st, 9, 1), DB_ERROR);
    db_close(db);
}

static void test_transactions(void **state)
{
    struct db *db = open_db();
    assert_int_equal(db_exec(db, "CREATE TEMP TABLE u (v int)"), DB_OK);
    assert_true(db_autocommit(db));
    assert_int_equal(db_begin(db), DB_OK);
    assert_false(db_autocommit(db));
    assert_int_equal(db_exec(db, "INSERT INTO u VALUES (1), (2)"), DB_OK);
    db_rollback(db);
    assert_true(db_autocommit(db));
    assert_int_equal(scalar(db, "SELECT count(*) FROM u"), 0);

    assert_int_equal(db_begin(db), DB_OK);
    struct db_stmt *st = db_prepare_text(db, "INSERT INTO u VALUES (?)");
    db_bind_int(st, 1, 5);
    assert_int_equal(db_step(st), DB_DONE);
    assert_int_equal(db_commit(db), DB_OK);
    assert_int_equal(scalar(db, "SELECT sum(v) FROM u"), 5);

    /* A failed statement leaves the transaction to be rolled back. */
    assert_int_equal(db_begin(db), DB_OK);
    assert_int_equal(db_exec(db, "INSERT INTO u VALUES ('x')"), DB_ERROR);
    assert_false(db_autocommit(db));
    db_rollback(db);
    assert_true(db_autocommit(db));
    st = db_prepare_text(db, "UPDATE u SET v = v + 1");
    assert_int_equal(db_step(st), DB_DONE);
    assert_int_equal(db_changes(db), 1);
    db_rollback(db); /* outside a transaction: nothing */
    db_close(db);
}

static void test_errors(void **state)
{
    struct db *db = open_db();
    /* The SQL goes to the server with its first run, which reports it. */
    struct db_stmt *st = db_prepare(db, "SELECT nothing FROM nowhere");
    assert_non_null(st);
    assert_int_equal(db_step(st), DB_ERROR);
    const char *msg = db_errmsg(db);
    assert_non_null(strstr(msg, "relation \"nowhere\" does not exist"));
    assert_null(strchr(msg, '\n'));
    assert_false(db_error_readonly(db));
    /* Run again, it is prepared on the server, which says the same. */
    db_reset(st);
    assert_int_equal(db_step(st), DB_ERROR);
    assert_non_null(strstr(db_errmsg(db), "relation \"nowhere\" does not exist"));
    /* A write in a read-only transaction says so. */
    assert_int_equal(db_exec(db, "CREATE TEMP TABLE w (v int)"), DB_OK);
    assert_int_equal(db_exec(db, "BEGIN READ ONLY"), DB_OK);
    assert_int_equal(db_exec(db, "CREATE TABLE w2 (v int)"), DB_ERROR);
    assert_true(db_error_readonly(db));
    db_rollback(db);
    db_close(db);

    /* Opened read-only, a connection's transactions are read-only unless
     * one says otherwise. */
    char *ro_name = NULL;
    assert_non_null(db = db_open_postgres(getenv("BULLPEN_PG"), 1, NULL, &ro_name));
    free(ro_name);
    assert_int_equal(db_exec(db, "CREATE TEMP TABLE w3 (v int)"), DB_ERROR);
    assert_true(db_error_readonly(db));
    assert_int_equal(db_exec(db, "BEGIN READ WRITE"), DB_OK);
    assert_int_equal(db_exec(db, "CREATE TEMP TABLE w3 (v int)"), DB_OK);
    assert_int_equal(db_exec(db, "COMMIT"), DB_OK);
    db_close(db);

    /* A user goes in the connection's start-up options, escaped. */
    char *user_name = NULL;
    const char *user = "ann lee\\ops";
    assert_non_null(db = db_open_postgres(getenv("BULLPEN_PG"), 1, user, &user_name));
    free(user_name);
    struct db_stmt *st_user = db_prepare_text(db, "SELECT current_setting('bullpen.user')");
    assert_int_equal(db_step(st_user), DB_ROW);
    assert_string_equal((const char *)db_column_text(st_user, 0), user);
    db_close(db);

    /* No server there: one line naming it. */
    char *name = NULL;
    assert_null(
        db_open_postgres("host=/nonexistent/dir dbname=desk connect_timeout=2", 0, NULL, &name));
    assert_null(name);
    assert_non_null(
        strstr(err_msg(), "postgresql:///desk?host=/nonexistent/dir: cannot connect: "));
    assert_null(strchr(err_msg(), '\n'));
}

static const char SQL_PIPE_PUT[] = "INSERT INTO p(v, s) VALUES (?, ?)";
static const char SQL_PIPE_BAD[] = "INSERT INTO p(v, nothing) VALUES (?, 'x')";

/* Writes queued in a transaction run in order before the next read, past
 * the pipeline's bound and with their statement prepared on the server on
 * the way; a queued write's failure is reported by the next call, named by
 * its what, and fails every call until the rollback. */
static void test_pipeline(void **state)
{
    struct db *db = open_db();
    assert_int_equal(db_exec(db, "CREATE TEMP TABLE p (v int PRIMARY KEY, s text)"), DB_OK);
    assert_int_equal(db_begin(db), DB_OK);
    char text[16];
    for (int i = 1; i <= 600; i++) {
        struct db_stmt *st = db_prepare(db, SQL_PIPE_PUT);
        assert_non_null(st);
        snprintf(text, sizeof text, "row %d", i);
        db_bind_int(st, 1, i);
        db_bind_text(st, 2, text);
        assert_int_equal(db_step_later(st, "storing p"), DB_DONE);
        /* The bindings were sent: changing them changes nothing queued. */
        snprintf(text, sizeof text, "changed");
    }
    assert_false(db_autocommit(db));
    assert_int_equal(scalar(db, "SELECT count(*) FROM p WHERE s = 'row ' || v"), 600);
    assert_int_equal(db_commit(db), DB_OK);
    assert_true(db_autocommit(db));
    assert_int_equal(scalar(db, "SELECT sum(v) FROM p"), 600 * 601 / 2);

    /* A duplicate queued between good rows: the read after it fails. */
    assert_int_equal(db_begin(db), DB_OK);
    int vals[] = {601, 1, 602};
    for (int i = 0; i < 3; i++) {
        struct db_stmt *st = db_prepare(db, SQL_PIPE_PUT);
        db_bind_int(st, 1, vals[i]);
        db_bind_null(st, 2);
        assert_int_equal(db_step_later(st, i == 1 ? "storing the duplicate" : "storing p"),
                         DB_DONE);
    }
    struct db_stmt *q = db_prepare_text(db, "SELECT count(*) FROM p");
    assert_int_equal(db_step(q), DB_ERROR);
    assert_non_null(strstr(db_errmsg(db), "duplicate key"));
    assert_string_equal(db_error_what(db), "storing the duplicate");
    assert_int_equal(db_commit(db), DB_ERROR);
    assert_string_equal(db_error_what(db), "storing the duplicate");
    db_rollback(db);
    assert_true(db_autocommit(db));
    assert_int_equal(scalar(db, "SELECT count(*) FROM p"), 600);

    /* A statement whose naming on the server fails in the pipeline is
     * named again on its next run, which reports its own error. */
    for (int round = 0; round < 2; round++) {
        assert_int_equal(db_begin(db), DB_OK);
        for (int i = 0; i < 2; i++) {
            struct db_stmt *st = db_prepare(db, SQL_PIPE_BAD);
            db_bind_int(st, 1, 700 + i);
            db_step_later(st, "storing nothing");
        }
        assert_int_equal(db_commit(db), DB_ERROR);
        assert_non_null(strstr(db_errmsg(db), "column \"nothing\""));
        db_rollback(db);
    }

    /* Outside a transaction it runs at once, its error its own. */
    struct db_stmt *st = db_prepare(db, SQL_PIPE_PUT);
    db_bind_int(st, 1, 1);
    assert_int_equal(db_step_later(st, "storing p"), DB_ERROR);
    assert_non_null(strstr(db_errmsg(db), "duplicate key"));
    assert_null(db_error_what(db));
    db_bind_int(st, 1, 603);
    assert_int_equal(db_step_later(st, "storing p"), DB_DONE);
    assert_int_equal(scalar(db, "SELECT count(*) FROM p"), 601);
    db_close(db);
}

/* The server's notices never reach the terminal. */
static void test_notices_silent(void **state)
{
    char path[] = "/tmp/bullpen-notice.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    struct db *db = open_db();
    int rc = db_exec(db, "DO $$ BEGIN RAISE NOTICE 'notice from the server'; END $$;"
                         "CREATE TEMP TABLE IF NOT EXISTS n (v int);"
                         "CREATE TEMP TABLE IF NOT EXISTS n (v int)");
    db_close(db);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    off_t size = lseek(fd, 0, SEEK_END);
    close(fd);
    unlink(path);
    assert_int_equal(rc, DB_OK);
    assert_int_equal(size, 0);
}

/* LISTEN and NOTIFY: another connection's notices are counted once they
 * are committed, this connection's own are not, and a LISTEN inside a
 * transaction is refused (a rollback would lose it). */
static void test_change_notices(void **state)
{
    (void)state;
    struct db *a = open_db(), *b = open_db();
    assert_int_equal(db_begin(a), DB_OK);
    assert_int_not_equal(db_listen(a, "bp test"), DB_OK);
    db_rollback(a);
    assert_int_equal(db_listen(a, "bp test"), DB_OK);
    assert_true(db_socket(a) >= 0);
    assert_int_equal(db_notices(a, "ann"), 0);
    assert_int_equal(db_exec(a, "NOTIFY \"bp test\", 'own'"), DB_OK);
    assert_int_equal(db_notices(a, "ann"), 0);
    assert_int_equal(db_begin(b), DB_OK);
    assert_int_equal(db_exec(b, "SELECT pg_notify('bp test', 'articles');"
                                "SELECT pg_notify('bp test', 'article_marks:bob');"
                                "SELECT pg_notify('bp test', 'article_marks:ann');"
                                "SELECT pg_notify('bp test', 'feeds')"),
                     DB_OK);
    usleep(100000);
    assert_int_equal(db_notices(a, "ann"), 0); /* not committed yet */
    assert_int_equal(db_commit(b), DB_OK);
    int n = 0;
    /* Bob's private change is not ann's. */
    for (int i = 0; i < 100 && n < 3; i++) {
        n += db_notices(a, "ann");
        if (n < 3) usleep(20000);
    }
    assert_int_equal(n, 3);
    assert_int_equal(db_notices(a, "ann"), 0);
    assert_int_equal(db_exec(b, "NOTIFY \"bp test\", 'positions:bob'"), DB_OK);
    n = 0;
    for (int i = 0; i < 100 && !n; i++) {
        n += db_notices(a, NULL);
        if (!n) usleep(20000);
    }
    assert_int_equal(n, 1); /* with no user, every notice counts */
    db_close(a);
    db_close(b);
}

static void test_targets(void **state)
{
    assert_true(db_is_postgres("postgresql://db.example/desk"));
    assert_true(db_is_postgres("postgres://u@db/desk"));
    assert_true(db_is_postgres("host=/tmp dbname=desk"));
    assert_true(db_is_postgres("dbname=desk"));
    assert_false(db_is_postgres("store.db"));
    assert_false(db_is_postgres("/home/me/a=b.db"));
    /* A key libpq does not know is still a conninfo, whose opening names
     * it; the file of that name is ./colour=blue. */
    assert_true(db_is_postgres("colour=blue"));
    assert_true(db_is_postgres(" dbnmae = desk"));
    assert_false(db_is_postgres("./colour=blue"));
    assert_false(db_is_postgres("=blue"));
    assert_false(db_is_postgres("postgresql.db"));
}

int main(void)
{
    if (!getenv("BULLPEN_PG")) {
        fprintf(stderr, "SKIP: no PostgreSQL server (run under tests/pg.sh)\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),     cmocka_unit_test(test_blobs),
        cmocka_unit_test(test_parameters),     cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_errors),         cmocka_unit_test(test_notices_silent),
        cmocka_unit_test(test_change_notices), cmocka_unit_test(test_targets),
        cmocka_unit_test(test_pipeline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
