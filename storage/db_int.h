/* The connection and statement types behind storage/db.h, shared by the
 * dispatch (db.c) and the engines; nothing outside them includes it. */
#ifndef BULLPEN_STORAGE_DB_INT_H
#define BULLPEN_STORAGE_DB_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "storage/db.h"

#define DB_STMT_CACHE 64

struct db {
    enum db_engine engine;
    sqlite3 *lite;
    /* Statements cached by the address of their SQL text (or its content,
     * when owned: db_prepare_text). */
    struct {
        const char *sql;
        struct db_stmt *st;
        int owned; /* sql is a malloc'd copy */
    } cache[DB_STMT_CACHE];
    int n_cache;
};

struct db_stmt {
    struct db *db;
    sqlite3_stmt *lite;
};

#endif
