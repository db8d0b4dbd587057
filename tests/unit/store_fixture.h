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
#include <unistd.h>

#include "core/err.h"
#include "storage/db.h"
#include "storage/feeds.h"
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

static inline int64_t add_feed(struct store *s, const char *url)
{
    int64_t id = 0;
    assert_true(store_feed_add(s, url, NULL, 1000, &id) >= 0);
    return id;
}

#endif
