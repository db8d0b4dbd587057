/* pq_load: libpq, loaded on first use (core/dynlib.h says why).
 * storage/pq_load.c defines the libpq functions storage/db_pg.c and db_pg_conn.c call;
 * the first call of any of them loads libpq.so.5. */
#ifndef BULLPEN_STORAGE_PQ_LOAD_H
#define BULLPEN_STORAGE_PQ_LOAD_H

/* Loads libpq; 0, or -1 with err set to one line naming the library and
 * the package to install. db_pg_open calls it first. */
int pq_load(void);

#endif
