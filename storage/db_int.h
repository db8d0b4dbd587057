/* The connection and statement types behind storage/db.h, shared by the
 * dispatch (db.c) and the engines; nothing outside them includes it. */
#ifndef BULLPEN_STORAGE_DB_INT_H
#define BULLPEN_STORAGE_DB_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct pg_conn;
struct db_pipe_entry;

#include "storage/db.h"

#define DB_STMT_CACHE 64

struct db {
    enum db_engine engine;
    sqlite3 *lite;      /* SQLite: the connection */
    struct pg_conn *pg; /* PostgreSQL: the connection (a PGconn) */
    char *err;          /* PostgreSQL: the last error, one line */
    int err_readonly;   /* PostgreSQL: it was a write refused as read-only */
    int err_denied;     /* PostgreSQL: the role lacks a privilege (42501) */
    int64_t changes;    /* PostgreSQL: rows written by the last statement */
    int n_prepared;     /* PostgreSQL: statements named so far */
    /* PostgreSQL: statements sent in a pipeline (db_step_later) whose
     * results are not read yet, in order; pipe_error holds their failure
     * (the transaction is then lost) until a ROLLBACK. err_what is what
     * the failed statement was doing, when it was a pipelined one. */
    struct db_pipe_entry *pipe;
    int pipe_n, pipe_cap, pipe_error;
    const char *err_what;
    /* PostgreSQL: the connection's generation, one more each time it is
     * made again after the server dropped it (db_pg_conn.c, db_pg_revive); whether
     * the last exchange left a transaction open; the channel LISTENed on
     * (malloc'd), sent again on a new connection; the generation the
     * notices last counted, and when a new connection was last tried
     * from them (CLOCK_MONOTONIC, ms). */
    int gen, in_tx;
    char *listen;
    int notice_gen;
    int64_t revive_at;
    /* PostgreSQL: a new connection being made a step at a time
     * (db_pg_revive; libpq's status says whether one is): libpq's last poll
     * result, when it began and when a call last waited for it in vain
     * (ms), and how long one call may wait for it (ms; 0: REVIVE_WAIT_MS). */
    int revive_poll, revive_wait_ms;
    int64_t revive_began, revive_waited;
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
    sqlite3_stmt *lite; /* SQLite's statement; NULL on PostgreSQL */
    /* PostgreSQL: the server-side name, the parameters as text (owned[i]
     * when vals[i] is a copy), the named parameters' numbers, and the
     * result being read. */
    char name[16];
    int gen;   /* the connection's generation when name was prepared */
    char *sql; /* the SQL in PostgreSQL's form */
    int runs;  /* times run so far */
    int n_params;
    char **vals;
    char *owned;
    int *lens;    /* a binary parameter's length (bytea), else 0 */
    int *formats; /* 1 for a binary parameter (bytea), else 0 (text) */
    struct {
        char *name;
        int index;
    } * names;
    int n_names;
    struct pg_result *res;
    int row, n_rows;
    /* The last bytea column unescaped (PQunescapeBytea; PQfreemem). */
    unsigned char *blob;
    size_t blob_len;
    int blob_row, blob_col;
};

/* The PostgreSQL engine (db_pg.c, db_pg_conn.c), called by db.c for a connection whose
 * lite is NULL; each does what the db_ call of the same name does. */
int db_pg_is_target(const char *target);
/* Connects, read-only when readonly, as user when given; *name is then the server and
 * database for messages (malloc'd, without user or password). NULL with err
 * set. */
struct db *db_pg_open(const char *conninfo, int readonly, const char *user, char **name);
void db_pg_close(struct db *db);
int db_pg_prepare(struct db_stmt *st, const char *sql);
void db_pg_finalize(struct db_stmt *st);
int db_pg_bind_text(struct db_stmt *st, int i, const char *v, int copy);
int db_pg_bind_int64(struct db_stmt *st, int i, int64_t v);
int db_pg_bind_double(struct db_stmt *st, int i, double v);
int db_pg_bind_blob(struct db_stmt *st, int i, const void *v, int n);
int db_pg_bind_parameter_index(struct db_stmt *st, const char *name);
int db_pg_step(struct db_stmt *st);
int db_pg_step_later(struct db_stmt *st, const char *what);
int db_pg_reset(struct db_stmt *st);
void db_pg_clear_bindings(struct db_stmt *st);
int64_t db_pg_column_int64(struct db_stmt *st, int i);
double db_pg_column_double(struct db_stmt *st, int i);
const unsigned char *db_pg_column_text(struct db_stmt *st, int i);
int db_pg_column_type(struct db_stmt *st, int i);
int db_pg_column_bytes(struct db_stmt *st, int i);
const void *db_pg_column_blob(struct db_stmt *st, int i);
int db_pg_column_count(struct db_stmt *st);
int db_pg_exec(struct db *db, const char *sql);
int db_pg_autocommit(struct db *db);
const char *db_pg_errmsg(struct db *db);
int db_pg_listen(struct db *db, const char *channel);
int db_pg_notices(struct db *db, const char *user);
int db_pg_socket(struct db *db);
/* The role the connection logs in as (libpq's), or NULL. */
const char *db_pg_user(struct db *db);

#endif
