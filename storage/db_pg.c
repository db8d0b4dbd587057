/* PostgreSQL's engine behind storage/db.h, through libpq. Every round trip
 * to the server counts (a command of the CLI makes a handful), so a
 * statement costs one per run: its first run goes as an unnamed statement,
 * parsed, bound and run in one exchange (PQexecParams), and only one run a
 * second time is prepared on the server (PQprepare, named "b1", "b2", ...)
 * for the runs after. Parameters go as text (a bytea in binary) and results
 * come back as text, a whole result at a time, which db_step then walks row
 * by row. Inside a transaction, statements whose results nobody reads
 * (db_step_later) wait in libpq's pipeline and go with the next statement
 * that is read, so a feed's articles cost a round trip or two each instead
 * of one per row they write. */
#include "storage/db_pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"

/* Type OIDs of PostgreSQL's built-in types (pg_type.h is a server header). */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_OID 26
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

/* A statement sent in the pipeline: what it was for (NULL: the one whose
 * result is wanted), and for a PQsendPrepare the statement whose name it
 * confirms. */
struct db_pipe_entry {
    const char *what;
    struct db_stmt *naming;
};

/* Statements queued before their results are read: a bound on what the
 * server sends back meanwhile. */
#define PIPE_MAX 256

/* Keeps the first line of msg as the connection's error; returns DB_ERROR. */
int db_pg_set_error(struct db *db, const char *msg, const char *sqlstate)
{
    db->err_what = NULL;
    free(db->err);
    size_t n = msg ? strcspn(msg, "\n") : 0;
    /* libpq starts server messages with their severity. */
    if (n > 7 && !strncmp(msg, "ERROR:  ", 8)) msg += 8, n -= 8;
    db->err = msg && n ? xstrndup(msg, n) : xstrdup("unknown error");
    db->err_readonly = sqlstate && !strcmp(sqlstate, "25006"); /* read_only_sql_transaction */
    db->err_denied = sqlstate && !strcmp(sqlstate, "42501");   /* insufficient_privilege */
    return DB_ERROR;
}

int db_pg_result_error(struct db *db, PGresult *res)
{
    const char *msg = res ? PQresultErrorMessage(res) : NULL;
    if (!msg || !*msg) msg = PQerrorMessage(db->pg);
    return db_pg_set_error(db, msg, res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL);
}

/* A statement named on a connection since made again is unnamed, and
 * prepared again on its second run. */
static void forget_stale_name(struct db_stmt *st)
{
    if (st->name[0] && st->gen != st->db->gen) {
        st->name[0] = '\0';
        st->runs = 0;
    }
}

/* The statement's SQL with SQLite's parameters (?, ?N, :name) as
 * PostgreSQL's ($N), numbered as SQLite numbers them; quoted text,
 * identifiers, comments and :: casts are copied as they are. Records the
 * count and the names. 0 or -1 (out of memory). */
static int translate(struct db_stmt *st, const char *sql, struct sbuf *out)
{
    int max = 0, bad = 0;
    for (const char *p = sql; *p && !bad;) {
        if (*p == '\'' || *p == '"') {
            const char *q = p + 1;
            while (*q && !(*q == *p && q[1] != *p))
                q += *q == *p ? 2 : 1;
            if (*q) q++;
            bad = sbuf_add(out, p, (size_t)(q - p));
            p = q;
        } else if (p[0] == '-' && p[1] == '-') {
            size_t n = strcspn(p, "\n");
            bad = sbuf_add(out, p, n);
            p += n;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *q = strstr(p + 2, "*/");
            q = q ? q + 2 : p + strlen(p);
            bad = sbuf_add(out, p, (size_t)(q - p));
            p = q;
        } else if (p[0] == ':' && p[1] == ':') {
            bad = sbuf_add(out, p, 2);
            p += 2;
        } else if (*p == '?') {
            int i;
            if (p[1] >= '0' && p[1] <= '9') {
                i = (int)strtol(p + 1, (char **)&p, 10);
            } else {
                i = max + 1;
                p++;
            }
            if (i > max) max = i;
            bad = sbuf_printf(out, "$%d", i);
        } else if (*p == ':' && (p[1] == '_' || ((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z'))) {
            size_t n = 1 + strspn(p + 1, "abcdefghijklmnopqrstuvwxyz"
                                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
            int i = 0;
            for (int k = 0; k < st->n_names && !i; k++)
                if (strlen(st->names[k].name) == n && !strncmp(st->names[k].name, p, n))
                    i = st->names[k].index;
            if (!i) {
                char **nm = NULL;
                void *grown = realloc(st->names, sizeof *st->names * (size_t)(st->n_names + 1));
                if (!grown) return -1;
                st->names = grown;
                nm = &st->names[st->n_names].name;
                if (!(*nm = xstrndup(p, n))) return -1;
                st->names[st->n_names++].index = i = ++max;
            }
            bad = sbuf_printf(out, "$%d", i);
            p += n;
        } else {
            bad = sbuf_addc(out, *p++);
        }
    }
    st->n_params = max;
    return bad ? -1 : 0;
}

static void clear_bindings(struct db_stmt *st)
{
    /* Preparing failed before the arrays. */
    if (!st->vals || !st->owned || !st->lens || !st->formats) return;
    for (int i = 0; i < st->n_params; i++) {
        if (st->owned[i]) free(st->vals[i]);
        st->vals[i] = NULL;
        st->owned[i] = 0;
        st->lens[i] = st->formats[i] = 0;
    }
}

static void drop_blob(struct db_stmt *st)
{
    PQfreemem(st->blob);
    st->blob = NULL;
    st->blob_len = 0;
}

static int pipe_sync(struct db *db, PGresult **want);

void db_pg_finalize(struct db_stmt *st)
{
    /* The pipeline may name it; a failure there stays the connection's. */
    if (st->db->pipe_n) pipe_sync(st->db, NULL);
    free(st->sql);
    PQclear(st->res);
    drop_blob(st);
    clear_bindings(st);
    free(st->vals);
    free(st->owned);
    free(st->lens);
    free(st->formats);
    for (int k = 0; k < st->n_names; k++)
        free(st->names[k].name);
    free(st->names);
    /* The server's prepared statement goes with the connection; one that
     * is evicted from the cache is deallocated now. */
    if (st->name[0] && st->gen == st->db->gen && st->db->pg &&
        PQstatus(st->db->pg) == CONNECTION_OK &&
        PQtransactionStatus(st->db->pg) != PQTRANS_INERROR) {
        char sql[40];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
        PQclear(PQexec(st->db->pg, sql));
    }
}

/* Translates the SQL and keeps it for the first run; nothing goes to the
 * server yet, so an error in the SQL is reported by the first db_step. */
int db_pg_prepare(struct db_stmt *st, const char *sql)
{
    struct db *db = st->db;
    struct sbuf q = {0};
    if (translate(st, sql, &q)) {
        sbuf_free(&q);
        return db_pg_set_error(db, "out of memory", NULL);
    }
    st->sql = sbuf_take(&q);
    if ((st->n_params && (!(st->vals = calloc((size_t)st->n_params, sizeof *st->vals)) ||
                          !(st->owned = calloc((size_t)st->n_params, 1)) ||
                          !(st->lens = calloc((size_t)st->n_params, sizeof *st->lens)) ||
                          !(st->formats = calloc((size_t)st->n_params, sizeof *st->formats)))))
        return db_pg_set_error(db, "out of memory", NULL);
    st->row = -1;
    return DB_OK;
}

/* Prepares the statement on the server under a name of its own, for a
 * statement run more than once. DB_OK or DB_ERROR. */
static int prepare_named(struct db_stmt *st)
{
    struct db *db = st->db;
    char name[sizeof st->name];
    snprintf(name, sizeof name, "b%d", ++db->n_prepared);
    PGresult *res = PQprepare(db->pg, name, st->sql, 0, NULL);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? DB_OK : db_pg_result_error(db, res);
    PQclear(res);
    if (rc == DB_OK) {
        memcpy(st->name, name, sizeof name);
        st->gen = db->gen; /* the SQL is kept for a new connection */
    }
    return rc;
}

/* Queues one entry of the pipeline; -1 on out of memory. */
static int pipe_push(struct db *db, const char *what, struct db_stmt *naming)
{
    if (db->pipe_n == db->pipe_cap) {
        int cap = db->pipe_cap ? 2 * db->pipe_cap : 32;
        void *grown = realloc(db->pipe, sizeof *db->pipe * (size_t)cap);
        if (!grown) return -1;
        db->pipe = grown;
        db->pipe_cap = cap;
    }
    db->pipe[db->pipe_n++] = (struct db_pipe_entry){what, naming};
    return 0;
}

/* Sends the statement with its bindings (copied into libpq's buffer) in
 * the pipeline, entering pipeline mode first if need be: unnamed on its
 * first run, prepared under a name on its second (the name is confirmed
 * when the pipeline's results are read, the SQL kept until then). On
 * failure the pipeline is lost: DB_ERROR with pipe_error set. */
static int pipe_send(struct db_stmt *st, const char *what)
{
    struct db *db = st->db;
    const char *const *vals = (const char *const *)st->vals;
    if (!db->pipe_n && (db_pg_revive(db) != DB_OK || PQenterPipelineMode(db->pg) != 1)) {
        db->pipe_error = 1;
        return db_pg_result_error(db, NULL);
    }
    forget_stale_name(st);
    int ok = 1;
    if (!st->name[0] && st->runs++ > 0) {
        snprintf(st->name, sizeof st->name, "b%d", ++db->n_prepared);
        st->gen = db->gen;
        ok = PQsendPrepare(db->pg, st->name, st->sql, 0, NULL) && !pipe_push(db, what, st);
    }
    if (ok && st->name[0])
        ok = PQsendQueryPrepared(db->pg, st->name, st->n_params, vals, st->lens, st->formats, 0);
    else if (ok)
        ok = PQsendQueryParams(db->pg, st->sql, st->n_params, NULL, vals, st->lens, st->formats, 0);
    if (ok && !pipe_push(db, what, NULL)) return DB_OK;
    db->pipe_error = 1;
    return db_pg_result_error(db, NULL);
}

/* Ends the pipeline: a sync, then every queued result read in order. The
 * first failure is kept as the error, with err_what the failed statement's
 * what, and pipe_error set. With want, the last entry's result (the
 * statement whose rows are wanted) is kept there, NULL on failure. DB_OK
 * or DB_ERROR. */
static int pipe_sync(struct db *db, PGresult **want)
{
    int rc = DB_OK, lost = PQpipelineSync(db->pg) != 1;
    if (want) *want = NULL;
    if (lost) rc = db_pg_result_error(db, NULL);
    for (int i = 0; i < db->pipe_n; i++) {
        struct db_pipe_entry *e = &db->pipe[i];
        PGresult *res = lost ? NULL : PQgetResult(db->pg);
        ExecStatusType status = PQresultStatus(res);
        int ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
        if (res)
            for (PGresult *end; (end = PQgetResult(db->pg));)
                PQclear(end);
        else
            lost = 1;
        if (!ok && rc == DB_OK) {
            rc = db_pg_result_error(db, res);
            db->err_what = e->what;
        }
        if (e->naming && !ok) {
            e->naming->name[0] = '\0'; /* prepared again on its next run */
            e->naming->runs = 1;
        }
        if (want && ok && i == db->pipe_n - 1 && !e->what)
            *want = res;
        else
            PQclear(res);
    }
    db->pipe_n = 0;
    if (!lost) {
        PGresult *res = PQgetResult(db->pg);
        if (PQresultStatus(res) != PGRES_PIPELINE_SYNC && rc == DB_OK)
            rc = db_pg_result_error(db, res);
        PQclear(res);
    }
    if (PQexitPipelineMode(db->pg) != 1 && rc == DB_OK) rc = db_pg_result_error(db, NULL);
    db_pg_track_tx(db);
    if (rc != DB_OK) {
        db->pipe_error = 1;
        if (want) {
            PQclear(*want);
            *want = NULL;
        }
    }
    return rc;
}

/* Runs the statement once: unnamed the first time (one round trip),
 * prepared under a name from the second; behind the statements waiting
 * in the pipeline, when there are some, in the same round trip. NULL
 * result on failure, with the error kept. */
static PGresult *run_statement(struct db_stmt *st)
{
    struct db *db = st->db;
    const char *const *vals = (const char *const *)st->vals;
    PGresult *res = NULL;
    if (db->pipe_error) return NULL;
    if (db->pipe_n) {
        if (pipe_send(st, NULL) == DB_OK) pipe_sync(db, &res);
        return res;
    }
    if (db_pg_revive(db) != DB_OK) return NULL;
    forget_stale_name(st);
    if (!st->name[0] && st->runs++ == 0)
        res = PQexecParams(db->pg, st->sql, st->n_params, NULL, vals, st->lens, st->formats, 0);
    else if (st->name[0] || prepare_named(st) == DB_OK)
        res = PQexecPrepared(db->pg, st->name, st->n_params, vals, st->lens, st->formats, 0);
    else
        return NULL; /* prepare_named's error */
    db_pg_track_tx(db);
    if (!res) db_pg_result_error(db, NULL);
    return res;
}

/* Keeps v (NULL: SQL NULL) as parameter i, copied when copy. */
static int bind(struct db_stmt *st, int i, const char *v, int copy)
{
    if (i < 1 || i > st->n_params)
        return db_pg_set_error(st->db, "parameter index out of range", NULL);
    i--;
    if (st->owned[i]) free(st->vals[i]);
    st->owned[i] = 0;
    st->lens[i] = st->formats[i] = 0;
    st->vals[i] = (char *)v;
    if (v && copy) {
        if (!(st->vals[i] = xstrdup(v))) return db_pg_set_error(st->db, "out of memory", NULL);
        st->owned[i] = 1;
    }
    return DB_OK;
}

int db_pg_bind_text(struct db_stmt *st, int i, const char *v, int copy)
{
    return bind(st, i, v, copy);
}

/* A bytea goes in binary (paramFormats 1), so its bytes need no escaping;
 * the server takes the length from lens. */
int db_pg_bind_blob(struct db_stmt *st, int i, const void *v, int n)
{
    int rc = bind(st, i, v, 0);
    if (rc == DB_OK && v) {
        st->lens[i - 1] = n;
        st->formats[i - 1] = 1;
    }
    return rc;
}

int db_pg_bind_int64(struct db_stmt *st, int i, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    return bind(st, i, buf, 1);
}

int db_pg_bind_double(struct db_stmt *st, int i, double v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.17g", v);
    return bind(st, i, buf, 1);
}

int db_pg_bind_parameter_index(struct db_stmt *st, const char *name)
{
    for (int k = 0; k < st->n_names; k++)
        if (!strcmp(st->names[k].name, name)) return st->names[k].index;
    return 0;
}

int db_pg_step(struct db_stmt *st)
{
    struct db *db = st->db;
    if (!st->name[0] && !st->sql) return db_pg_set_error(db, "statement was not prepared", NULL);
    /* Past the end, a step runs the statement again, as SQLite's does. */
    if (st->res && st->row >= st->n_rows) db_pg_reset(st);
    if (!st->res) {
        PGresult *res = run_statement(st);
        if (!res) return DB_ERROR;
        ExecStatusType status = PQresultStatus(res);
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            int rc = db_pg_result_error(db, res);
            PQclear(res);
            return rc;
        }
        const char *cmd = PQcmdStatus(res);
        if (!strncmp(cmd, "INSERT", 6) || !strncmp(cmd, "UPDATE", 6) || !strncmp(cmd, "DELETE", 6))
            db->changes = strtoll(PQcmdTuples(res), NULL, 10);
        st->res = res;
        st->n_rows = PQntuples(res);
        st->row = -1;
    }
    if (++st->row < st->n_rows) return DB_ROW;
    st->row = st->n_rows;
    return DB_DONE;
}

int db_pg_step_later(struct db_stmt *st, const char *what)
{
    struct db *db = st->db;
    if (!db->pipe_n && PQtransactionStatus(db->pg) != PQTRANS_INTRANS) {
        int rc = db_pg_step(st);
        db_pg_reset(st);
        return rc == DB_ROW ? DB_DONE : rc;
    }
    if (db->pipe_error) return DB_ERROR;
    if (!st->name[0] && !st->sql) return db_pg_set_error(db, "statement was not prepared", NULL);
    db_pg_reset(st);
    if (pipe_send(st, what) != DB_OK) return DB_ERROR;
    if (db->pipe_n >= PIPE_MAX && pipe_sync(db, NULL) != DB_OK) return DB_ERROR;
    return DB_DONE;
}

int db_pg_reset(struct db_stmt *st)
{
    drop_blob(st);
    PQclear(st->res);
    st->res = NULL;
    st->row = -1;
    st->n_rows = 0;
    return DB_OK;
}

void db_pg_clear_bindings(struct db_stmt *st)
{
    clear_bindings(st);
}

/* The current row's column i, or NULL when there is none or it is NULL. */
static const char *cell(struct db_stmt *st, int i)
{
    if (!st->res || st->row < 0 || st->row >= st->n_rows || i < 0 || i >= PQnfields(st->res))
        return NULL;
    if (PQgetisnull(st->res, st->row, i)) return NULL;
    return PQgetvalue(st->res, st->row, i);
}

int db_pg_column_type(struct db_stmt *st, int i)
{
    if (!cell(st, i)) return DB_NULL;
    switch (PQftype(st->res, i)) {
    case OID_BOOL:
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
        return DB_INTEGER;
    case OID_FLOAT4:
    case OID_FLOAT8:
    case OID_NUMERIC:
        return DB_FLOAT;
    case OID_BYTEA:
        return DB_BLOB;
    default:
        return DB_TEXT;
    }
}

int64_t db_pg_column_int64(struct db_stmt *st, int i)
{
    const char *v = cell(st, i);
    if (!v) return 0;
    if (PQftype(st->res, i) == OID_BOOL) return *v == 't';
    int type = db_pg_column_type(st, i);
    if (type == DB_FLOAT) return (int64_t)strtod(v, NULL);
    return strtoll(v, NULL, 10);
}

double db_pg_column_double(struct db_stmt *st, int i)
{
    const char *v = cell(st, i);
    if (!v) return 0;
    if (PQftype(st->res, i) == OID_BOOL) return *v == 't';
    return strtod(v, NULL);
}

const unsigned char *db_pg_column_text(struct db_stmt *st, int i)
{
    return (const unsigned char *)cell(st, i);
}

const void *db_pg_column_blob(struct db_stmt *st, int i)
{
    const char *v = cell(st, i);
    if (!v) return NULL;
    if (PQftype(st->res, i) != OID_BYTEA) return v;
    if (st->blob && st->blob_row == st->row && st->blob_col == i) return st->blob;
    drop_blob(st);
    /* NULL on out of memory, which reads as no value. */
    st->blob = PQunescapeBytea((const unsigned char *)v, &st->blob_len);
    st->blob_row = st->row;
    st->blob_col = i;
    return st->blob;
}

int db_pg_column_bytes(struct db_stmt *st, int i)
{
    if (!cell(st, i)) return 0;
    if (PQftype(st->res, i) == OID_BYTEA) return db_pg_column_blob(st, i) ? (int)st->blob_len : 0;
    return PQgetlength(st->res, st->row, i);
}

int db_pg_column_count(struct db_stmt *st)
{
    return st->res ? PQnfields(st->res) : 0;
}

int db_pg_exec(struct db *db, const char *sql)
{
    PGresult *res = NULL;
    if (!strcmp(sql, "ROLLBACK")) {
        if (db->pipe_n) pipe_sync(db, NULL);
        db->pipe_error = 0;
        /* The server rolled back what a lost connection had open. */
        if (PQstatus(db->pg) != CONNECTION_OK) {
            db->in_tx = 0;
            return DB_OK;
        }
    }
    if (db->pipe_error) return DB_ERROR;
    if (!db->pipe_n && db_pg_revive(db) != DB_OK) return DB_ERROR;
    /* One statement (COMMIT) goes behind the pipeline's, several after
     * them. */
    if (db->pipe_n && !strchr(sql, ';')) {
        if (!PQsendQueryParams(db->pg, sql, 0, NULL, NULL, NULL, NULL, 0) ||
            pipe_push(db, NULL, NULL)) {
            db->pipe_error = 1;
            return db_pg_result_error(db, NULL);
        }
        if (pipe_sync(db, &res) != DB_OK) return DB_ERROR;
    } else {
        if (db->pipe_n && pipe_sync(db, NULL) != DB_OK) return DB_ERROR;
        res = PQexec(db->pg, sql);
    }
    db_pg_track_tx(db);
    ExecStatusType status = PQresultStatus(res);
    int rc = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ? DB_OK
                                                                     : db_pg_result_error(db, res);
    PQclear(res);
    return rc;
}

int db_pg_autocommit(struct db *db)
{
    /* A lost connection is as its last exchange left it: made again at
     * the next statement when that was outside a transaction. */
    if (PQstatus(db->pg) != CONNECTION_OK) return !db->pipe_n && !db->in_tx;
    return !db->pipe_n && PQtransactionStatus(db->pg) == PQTRANS_IDLE;
}

const char *db_pg_errmsg(struct db *db)
{
    return db->err ? db->err : "not an error";
}
