/* The WAL checkpointed beside a writer (storage/checkpoint.c): the pages
 * a writer commits reach the store file without the writer checkpointing,
 * and a writer that never stops keeps its WAL bounded (about 128 MB and a
 * transaction) instead of growing it by every transaction. Runs against a
 * real SQLite file in a temp dir. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/stat.h>

#include "storage/internal.h"
#include "storage/store.h"

#include "store_fixture.h"

static long long size_of(const char *name)
{
    struct stat st;
    return stat(tmp_path(name), &st) ? 0 : (long long)st.st_size;
}

/* Commits rows of about a page each, 200 to a transaction (3 MB of WAL). */
static void commit_pages(struct store *s)
{
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(
        store_exec(s,
                   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                   " WHERE i < 200) INSERT INTO scratch SELECT randomblob(15000) FROM n",
                   "filling"),
        0);
    assert_int_equal(store_commit(s), 0);
}

/* 64 transactions, 192 MB: the WAL never passes 128 MB and a transaction
 * (with room for the frames of the one being checkpointed), and the store
 * file holds the rows once the checkpointer stops. */
static void test_wal_bounded_beside_a_writer(void **state)
{
    struct store *s = *state;
    assert_int_equal(store_exec(s, "CREATE TABLE scratch(b BLOB)", "making a table"), 0);
    long long before = size_of("s.db");
    struct store_checkpointer *c = store_checkpointer_start(s);
    assert_non_null(c);
    long long most = 0;
    for (int i = 0; i < 64; i++) {
        commit_pages(s);
        long long wal = size_of("s.db-wal");
        if (wal > most) most = wal;
    }
    store_checkpointer_stop(c);
    assert_true(most > (4 << 20));
    assert_true(most < (136LL << 20));
    /* Every row's page copied into the file, by the checkpointer alone. */
    assert_true(size_of("s.db") - before > 185LL * 1000 * 1000);
    /* The writer checkpoints itself again: a commit past 4 MB copies. */
    long long after = size_of("s.db");
    commit_pages(s);
    commit_pages(s);
    assert_true(size_of("s.db") > after);
}

/* A read-only store has nothing to checkpoint. */
static void test_none_for_a_reader(void **state)
{
    struct store *s = *state;
    assert_int_equal(store_exec(s, "CREATE TABLE scratch(b BLOB)", "making a table"), 0);
    struct store *r = store_open(tmp_path("s.db"), STORE_READONLY);
    assert_non_null(r);
    assert_null(store_checkpointer_start(r));
    store_checkpointer_stop(NULL);
    store_close(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_wal_bounded_beside_a_writer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_none_for_a_reader, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
