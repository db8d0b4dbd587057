/* db: one statement interface over the two engines a store can live in,
 * SQLite (a file, the default) and PostgreSQL (a server, for a desk). The
 * storage files write their SQL once, with `?`, `?N` and `:name`
 * parameters, and run it through these calls whatever the engine; what the
 * dialects do differently stays in the storage file that needs it, beside
 * the shared statement, chosen by db_engine().
 *
 * The names and numbers follow SQLite's C interface (db_step returns DB_ROW
 * or DB_DONE, columns count from 0, parameters from 1), so SQLite's engine
 * is a thin pass-through and the storage code reads as it always has.
 *
 * Ownership: a struct db is owned by whoever opened it and freed by
 * db_close(), which finalizes its statements. Statements from db_prepare()
 * and db_prepare_text() belong to the connection's cache and are never
 * finalized by the caller; one from db_prepare_once() belongs to the caller
 * (db_finalize). Text from db_column_text() and db_errmsg() is owned by the
 * statement or connection and valid until its next call. One connection per
 * thread: nothing here locks. */
#ifndef BULLPEN_STORAGE_DB_H
#define BULLPEN_STORAGE_DB_H

#include <stdint.h>

struct db;
struct db_stmt;
struct sqlite3; /* SQLite's connection type */

/* Result codes: the values are SQLite's, so its engine passes them on. */
enum { DB_OK = 0, DB_ERROR = 1, DB_ROW = 100, DB_DONE = 101 };

/* Column types (db_column_type), again SQLite's numbers. */
enum { DB_INTEGER = 1, DB_FLOAT = 2, DB_TEXT = 3, DB_BLOB = 4, DB_NULL = 5 };

enum db_engine { DB_SQLITE, DB_POSTGRES };

/* Wraps an open SQLite connection, which the struct db then owns (closed by
 * db_close, also when this fails). NULL on out of memory. */
struct db *db_from_sqlite(struct sqlite3 *lite);

/* True when target names a PostgreSQL database rather than a file: a
 * postgresql:// or postgres:// URL, or a key=value conninfo whose every
 * key libpq knows ("host=db dbname=desk"). */
int db_is_postgres(const char *target);

/* Connects to the PostgreSQL database target names (libpq: a password
 * comes from the target, PGPASSWORD or ~/.pgpass). With readonly, its
 * transactions are read-only by default (set as the connection starts, at
 * no extra round trip; BEGIN READ WRITE still writes). With user (a desk
 * analyst's name, store.user), the connection's bullpen.user setting is
 * user from its start, at no round trip either. *name is then the server
 * and database for messages, without user or password (malloc'd, the
 * caller frees). NULL with err set ("NAME: cannot connect: WHY"). */
struct db *db_open_postgres(const char *target, int readonly, const char *user, char **name);

/* The SQLite connection under db, for what only SQLite has (pragmas,
 * backups); NULL for PostgreSQL. Owned by db. */
struct sqlite3 *db_sqlite(struct db *db);

/* Finalizes every statement and closes the connection. NULL is a no-op. */
void db_close(struct db *db);

enum db_engine db_engine(const struct db *db);

/* The statement for the static SQL text sql, prepared on first use and
 * cached by the string's address (every query is a literal in one storage
 * file, so its address is a stable key); reset, with no bindings, each time
 * it is returned. NULL when it cannot be prepared (db_errmsg says why). On
 * PostgreSQL the SQL reaches the server with the statement's first run
 * (parsed and run in one round trip; prepared there when run again), so an
 * error in it is db_step's. */
struct db_stmt *db_prepare(struct db *db, const char *sql);

/* Like db_prepare for SQL built at run time: cached by content, so each
 * distinct shape of a dynamic query is prepared once. */
struct db_stmt *db_prepare_text(struct db *db, const char *sql);

/* Like db_prepare for an INSERT into a table with an integer `id`, whose
 * new row's id db_step_insert then tells: PostgreSQL's engine prepares it
 * with RETURNING id; SQLite's reads its last rowid, since RETURNING costs
 * SQLite a temporary table per statement (article inserts ran at less
 * than half their speed). */
struct db_stmt *db_prepare_insert(struct db *db, const char *sql);

/* Runs a statement from db_prepare_insert: DB_DONE with *id the new row's
 * id, or 0 when it inserted nothing (ON CONFLICT DO NOTHING); another code
 * on failure, *id 0. */
int db_step_insert(struct db_stmt *st, int64_t *id);

/* A statement of the caller's own, not cached, for a loop whose body may
 * run the cached statements; NULL on failure. Free with db_finalize. */
struct db_stmt *db_prepare_once(struct db *db, const char *sql);
void db_finalize(struct db_stmt *st);

/* Binding: i counts from 1. Each returns DB_OK or an error code. Text is
 * copied by db_bind_text; db_bind_static keeps the pointer, which must stay
 * valid until the statement is reset. NULL text binds SQL NULL. */
int db_bind_int64(struct db_stmt *st, int i, int64_t v);
int db_bind_int(struct db_stmt *st, int i, int v);
int db_bind_double(struct db_stmt *st, int i, double v);
int db_bind_null(struct db_stmt *st, int i);
int db_bind_text(struct db_stmt *st, int i, const char *v);
int db_bind_static(struct db_stmt *st, int i, const char *v);
/* Binds n bytes at v as a BLOB (PostgreSQL: bytea, sent in binary) without
 * a copy: v must stay valid until the statement is reset. NULL binds SQL
 * NULL. */
int db_bind_blob(struct db_stmt *st, int i, const void *v, int n);
/* The index of the named parameter (":name"), 0 when the SQL has none. */
int db_bind_parameter_index(struct db_stmt *st, const char *name);

/* Runs the statement or moves to its next row: DB_ROW, DB_DONE, or another
 * code on failure (db_errmsg says why). */
int db_step(struct db_stmt *st);

/* Runs a statement whose rows and row count the caller does not need (an
 * INSERT or UPDATE that cannot fail for the caller's data to make sense),
 * then resets it. Inside a PostgreSQL transaction the statement is only
 * queued in a pipeline: it goes to the server with the next statement
 * whose result is wanted (db_step, db_exec: COMMIT), all in one round
 * trip, and a failure is reported by that call, its transaction lost, with
 * db_error_what telling what (a static string the caller gave) the failed
 * statement was for; every call on db fails the same way until a
 * rollback. Elsewhere it runs at once. DB_DONE or an error code; the
 * bindings may change as soon as it returns. */
int db_step_later(struct db_stmt *st, const char *what);

/* Makes the statement ready to run again, keeping its bindings. */
int db_reset(struct db_stmt *st);

/* The current row's columns, counted from 0. NULL reads as 0 and as a NULL
 * pointer. */
int64_t db_column_int64(struct db_stmt *st, int i);
int db_column_int(struct db_stmt *st, int i);
double db_column_double(struct db_stmt *st, int i);
const unsigned char *db_column_text(struct db_stmt *st, int i);
int db_column_type(struct db_stmt *st, int i);
/* A BLOB column's bytes (NULL for SQL NULL or none), and for it
 * db_column_bytes counts them; either may be called first. On PostgreSQL a
 * bytea column comes back escaped as text and is unescaped here, once per
 * row and column; the bytes are owned by the statement and valid until its
 * next step, reset or another column's blob. */
const void *db_column_blob(struct db_stmt *st, int i);
int db_column_bytes(struct db_stmt *st, int i);
/* The number of columns the statement returns. */
int db_column_count(struct db_stmt *st);

/* Runs SQL that returns no rows, several statements allowed: DB_OK or an
 * error code. */
int db_exec(struct db *db, const char *sql);

/* Transactions. db_begin takes the write lock at once on SQLite (BEGIN
 * IMMEDIATE), so a writer never deadlocks on upgrade; db_rollback is a
 * no-op outside a transaction. DB_OK or an error code. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* True outside a transaction. */
int db_autocommit(struct db *db);

/* Rows written by the last INSERT, UPDATE or DELETE. */
int64_t db_changes(struct db *db);

/* Change notices between connections: PostgreSQL's LISTEN and NOTIFY.
 * SQLite has none (its data_version tells the same, storage/alerts.c).
 *
 * db_listen starts listening on channel (an identifier); outside a
 * transaction only, since a LISTEN rolled back with one is lost. DB_OK or
 * an error code; DB_ERROR on SQLite. */
int db_listen(struct db *db, const char *channel);
/* Reads what the server has sent, without blocking, and counts the notices
 * from other connections since the last call (this connection's own are
 * dropped uncounted). A notice whose payload names a user after a colon
 * ("article_marks:ann", a change private to ann) counts only when that is
 * user; with user NULL, every one counts. -1 when the connection is lost;
 * 0 on SQLite. */
int db_notices(struct db *db, const char *user);
/* The connection's socket, for poll(): readable when a notice may have
 * arrived. -1 on SQLite or when the connection is lost. */
int db_socket(struct db *db);

/* How long one call may wait while a dropped PostgreSQL connection is made
 * again (ms; 0 for the default, 10 s); past it the call fails and the next
 * goes on with the same attempt. Nothing on SQLite. */
void db_set_reconnect_wait(struct db *db, int ms);

/* Why the last call on db failed, one line. */
const char *db_errmsg(struct db *db);

/* When the last failure was that of a statement db_step_later queued: the
 * what it was given; else NULL. */
const char *db_error_what(struct db *db);

/* True when the last failure was a write refused because the connection
 * or the database is read-only. */
int db_error_readonly(struct db *db);
/* The role the last failed call ran as when the server refused it for want
 * of a privilege (PostgreSQL's insufficient_privilege), else NULL. Owned by
 * the connection. */
const char *db_error_denied_role(struct db *db);

#endif
