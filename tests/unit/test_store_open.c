/* Opening the store: a second connection in the same process keeps the
 * first one's locks, reading never creates, a read-only store refuses
 * writes with one reason, odd paths, and replacing a store that is open. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/analyze.h"
#include "core/article.h"
#include "core/err.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/store.h"
#include "storage/watch.h"

static char dir[64];

/* A path in the test's directory; the last 16 stay valid. */
static char *tmp_path(const char *name)
{
    static char buf[16][160];
    static int k;
    k = (k + 1) % 16;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/bullpen-unit-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

/* In another process (as the CLI beside the workstation is), opens the store
 * at path, watches MSFT and closes it. A fresh program, not just a fork: a
 * forked child would inherit SQLite's own record of this process's locks and
 * so never try to take the file from under it. Returns its exit status. */
static int other_process_writes(const char *path)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/proc/self/exe", "test_store_open", "--write", path, (char *)NULL);
        _exit(98);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

static int child_writes(const char *path)
{
    struct store *s = store_open(path, 0);
    if (!s) return 1;
    int rc = store_watch_add(s, "MSFT", 2) == 1 ? 0 : 2;
    store_close(s);
    return rc;
}

/* The bug this guards against: opening the file outside SQLite while this
 * process had a connection dropped the process's locks when that descriptor
 * was closed, so the next process to close its connection thought it was
 * the last and deleted the WAL under this one. */
static void test_second_connection_keeps_locks(void **state)
{
    (void)state;
    const char *path = tmp_path("s.db");
    struct store *a = store_open(path, 0);
    assert_non_null(a);
    assert_int_equal(store_watch_add(a, "AAPL", 1), 1);
    assert_true(store_is_empty(a)); /* a read: a holds its shared lock from here on */
    /* Another writer and a reader in this process come and go. */
    struct store *b = store_open(path, 0);
    assert_non_null(b);
    store_close(b);
    struct store *r = store_open(path, STORE_READONLY);
    assert_non_null(r);
    assert_int_equal(store_watch_has(r, "AAPL"), 1);
    store_close(r);
    /* Another process opens, writes and closes: it must see that a is
     * still there and leave the WAL alone. */
    assert_int_equal(other_process_writes(path), 0);
    assert_true(exists(tmp_path("s.db-wal")));
    assert_true(exists(tmp_path("s.db-shm")));
    /* a and a fresh process see each other's writes. */
    assert_int_equal(store_watch_has(a, "MSFT"), 1);
    assert_int_equal(store_watch_add(a, "NVDA", 3), 1);
    store_close(a);
    struct store *c = store_open(path, STORE_READONLY);
    assert_non_null(c);
    assert_int_equal(store_watch_has(c, "NVDA"), 1);
    assert_int_equal(store_watch_has(c, "MSFT"), 1);
    store_close(c);
}

static void test_reading_never_creates(void **state)
{
    (void)state;
    const char *path = tmp_path("sub/none.db");
    assert_null(store_open(path, STORE_READONLY));
    assert_non_null(strstr(err_msg(), "no such store"));
    struct store *s = store_open(path, STORE_READONLY | STORE_ABSENT_EMPTY);
    assert_non_null(s);
    assert_true(store_is_readonly(s));
    assert_true(store_is_empty(s));
    assert_int_equal(store_watch_has(s, "AAPL"), 0);
    assert_int_equal(store_watch_add(s, "AAPL", 1), -1);
    assert_non_null(strstr(err_msg(), "store is read-only"));
    assert_string_equal(store_path(s), path);
    store_close(s);
    assert_false(exists(tmp_path("sub")));
    /* An empty file holds no store either, and stays empty. */
    int fd = open(tmp_path("empty.db"), O_WRONLY | O_CREAT, 0644);
    assert_true(fd >= 0);
    close(fd);
    s = store_open(tmp_path("empty.db"), STORE_READONLY | STORE_ABSENT_EMPTY);
    assert_non_null(s);
    store_close(s);
    struct stat sb;
    assert_int_equal(stat(tmp_path("empty.db"), &sb), 0);
    assert_int_equal(sb.st_size, 0);
}

static void test_readonly_refuses_writes(void **state)
{
    (void)state;
    const char *path = tmp_path("s.db");
    struct store *w = store_open(path, 0);
    assert_non_null(w);
    assert_false(store_is_readonly(w));
    assert_int_equal(store_watch_add(w, "AAPL", 1), 1);
    store_close(w);
    struct store *r = store_open(path, STORE_READONLY);
    assert_non_null(r);
    assert_true(store_is_readonly(r));
    assert_int_equal(store_watch_has(r, "AAPL"), 1);
    assert_int_equal(store_watch_add(r, "MSFT", 2), -1);
    char want[200];
    snprintf(want, sizeof want, "%s: store is read-only", path);
    assert_string_equal(err_msg(), want);
    assert_int_equal(store_begin(r), -1);
    assert_string_equal(err_msg(), want);
    store_close(r);
}

/* The whole file, malloc'd, for comparing before and after. */
static char *slurp(const char *path, long *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *n = ftell(f);
    rewind(f);
    char *b = malloc((size_t)*n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)*n, f), (size_t)*n);
    fclose(f);
    return b;
}

/* Another program's database in WAL mode, and a store of a newer bullpen:
 * refused for reading and for writing, every byte kept, no WAL or -shm
 * made beside them. */
static void test_foreign_wal_untouched(void **state)
{
    (void)state;
    char foreign[160], newer[160]; /* kept through the many tmp_path calls below */
    snprintf(foreign, sizeof foreign, "%s", tmp_path("foreign.db"));
    snprintf(newer, sizeof newer, "%s", tmp_path("newer.db"));
    sqlite3 *db;
    assert_int_equal(sqlite3_open(foreign, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "PRAGMA journal_mode=WAL; CREATE TABLE x(y);"
                                  " INSERT INTO x VALUES (1)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    struct store *s = store_open(newer, 0);
    assert_non_null(s);
    store_close(s);
    assert_int_equal(sqlite3_open(newer, &db), SQLITE_OK);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", store_schema_version() + 1);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    const char *paths[] = {foreign, newer};
    const char *why[] = {"another program", "newer bullpen"};
    for (int i = 0; i < 2; i++) {
        long n0, n1;
        char *before = slurp(paths[i], &n0);
        assert_false(exists(tmp_path(i ? "newer.db-wal" : "foreign.db-wal")));
        for (int flags = 0; flags <= (STORE_READONLY | STORE_ABSENT_EMPTY); flags += 3) {
            assert_null(store_open(paths[i], flags));
            assert_non_null(strstr(err_msg(), why[i]));
        }
        char *after = slurp(paths[i], &n1);
        assert_int_equal(n0, n1);
        assert_memory_equal(before, after, (size_t)n0);
        free(before);
        free(after);
        assert_false(exists(tmp_path(i ? "newer.db-wal" : "foreign.db-wal")));
        assert_false(exists(tmp_path(i ? "newer.db-shm" : "foreign.db-shm")));
    }
}

/* Characters that mean something in an SQLite URI stay part of the path. */
static void test_odd_paths(void **state)
{
    (void)state;
    const char *names[] = {"a?b.db", "c#d.db", "e%41f.db", "g h.db", "i&immutable=1.db"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *path = tmp_path(names[i]);
        struct store *s = store_open(path, 0);
        assert_non_null(s);
        assert_int_equal(store_watch_add(s, "AAPL", 1), 1);
        store_close(s);
        assert_true(exists(path));
        s = store_open(path, STORE_READONLY);
        assert_non_null(s);
        assert_int_equal(store_watch_has(s, "AAPL"), 1);
        store_close(s);
    }
    /* Relative paths too. */
    char cwd[256];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    struct store *s = store_open("rel?.db", 0);
    assert_non_null(s);
    store_close(s);
    s = store_open("rel?.db", STORE_READONLY);
    assert_non_null(s);
    store_close(s);
    assert_int_equal(chdir(cwd), 0);
    assert_true(exists(tmp_path("rel?.db")));
}

/* Replacing a store that another connection has open: that connection sees
 * the new contents and keeps its files. */
static void test_replace_open_store(void **state)
{
    (void)state;
    const char *path = tmp_path("live.db"), *src = tmp_path("new.db");
    struct store *live = store_open(path, 0);
    assert_non_null(live);
    assert_int_equal(store_watch_add(live, "OLD", 1), 1);
    struct store *n = store_open(src, 0);
    assert_non_null(n);
    assert_int_equal(store_watch_add(n, "NEW", 1), 1);
    store_close(n);
    assert_int_equal(store_replace(path, src), 0);
    assert_int_equal(store_watch_has(live, "NEW"), 1);
    assert_int_equal(store_watch_has(live, "OLD"), 0);
    assert_true(exists(tmp_path("live.db-wal")));
    assert_int_equal(store_watch_add(live, "MORE", 2), 1);
    store_close(live);
    struct store *r = store_open(path, STORE_READONLY);
    assert_non_null(r);
    assert_int_equal(store_watch_has(r, "NEW"), 1);
    assert_int_equal(store_watch_has(r, "MORE"), 1);
    store_close(r);
    /* Not over a file that is not a store. */
    FILE *f = fopen(tmp_path("text.db"), "w");
    fputs("not a store\n", f);
    fclose(f);
    assert_int_equal(store_replace(tmp_path("text.db"), src), -1);
    assert_non_null(strstr(err_msg(), "not a bullpen store"));
}

/* The share of the leaf pages of b-tree name (in the store at path) left
 * unused, leaving out the emptiest leaf (the last one, once packed). */
static double unused_share(const char *path, const char *name)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT (total(unused) - max(unused)) /"
                                        " (total(pgsize) - max(pgsize)) FROM dbstat"
                                        " WHERE name = ? AND pagetype = 'leaf'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    double share = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return share;
}

/* Stores n articles whose guids come in no order (the feed-and-guid index
 * fills at random places) with about 2 KB of text each that packs poorly. */
static void insert_scattered(struct store *s, int64_t feed, int n)
{
    uint32_t x = 12345;
    assert_int_equal(store_begin(s), 0);
    for (int i = 0; i < n; i++) {
        char guid[32], text[2048];
        snprintf(guid, sizeof guid, "g-%08u", (unsigned)((uint32_t)i * 2654435761u));
        for (size_t j = 0; j + 1 < sizeof text; j++) {
            x = x * 1103515245u + 12345u;
            text[j] = (x >> 16) % 7 ? (char)('a' + (x >> 20) % 26) : ' ';
        }
        text[sizeof text - 1] = 0;
        struct article a = {.feed_id = feed, .published = 1700000000 + i, .fetched = 1700000000};
        a.guid = guid;
        a.content = text;
        struct analysis an = {0};
        assert_int_equal(store_article_insert(s, &a, &an), 1);
    }
    assert_int_equal(store_commit(s), 0);
}

/* Articles stored in no key order leave an index's pages partly empty, and
 * so they stay when the writer closes; `store compact` packs them in key
 * order; the articles are all still there. */
static void test_compact_packs(void **state)
{
    (void)state;
    const char *path = tmp_path("grow.db");
    struct store *s = store_open(path, 0);
    assert_non_null(s);
    int64_t feed = 0;
    assert_true(store_feed_add(s, "http://example.com/feed", NULL, 1000, &feed) >= 0);
    insert_scattered(s, feed, 4000);
    store_close(s);
    assert_true(unused_share(path, "articles_guid") > 0.1);
    s = store_open(path, 0);
    assert_non_null(s);
    struct store_compact_result r;
    assert_int_equal(store_compact(s, &r), 0);
    assert_true(r.after < r.before);
    store_close(s);
    assert_true(unused_share(path, "articles_guid") < 0.05);
    s = store_open(path, STORE_READONLY);
    assert_non_null(s);
    assert_int_equal(store_articles_count(s), 4000);
    store_close(s);
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--write")) return child_writes(argv[2]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_second_connection_keeps_locks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reading_never_creates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readonly_refuses_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_wal_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_odd_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_open_store, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compact_packs, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
