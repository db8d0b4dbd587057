/* Inside PostgreSQL's engine: what its statements (db_pg.c) and its
 * connection (db_pg_conn.c) share. */
#ifndef BULLPEN_STORAGE_DB_PG_INT_H
#define BULLPEN_STORAGE_DB_PG_INT_H

#include <libpq-fe.h>

#include "storage/db_int.h"

/* Keeps the first line of msg as the connection's error (a server
 * message's severity left out; sqlstate 25006 marks it read-only).
 * Returns DB_ERROR. */
int db_pg_set_error(struct db *db, const char *msg, const char *sqlstate);

/* The error of res, or of the connection when res has none (res may be
 * NULL; not freed here). Returns DB_ERROR. */
int db_pg_result_error(struct db *db, PGresult *res);

/* Keeps whether the last exchange left a transaction open (db->in_tx). */
void db_pg_track_tx(struct db *db);

/* Makes a connection the server dropped again when no transaction was
 * open on it (db_pg_conn.c). DB_OK when the connection is usable, else
 * DB_ERROR with the reason kept. */
int db_pg_revive(struct db *db);

#endif
