/* libpq's functions, forwarded to libpq.so.5 loaded on first use
 * (core/dynlib.h says why). Each has libpq's own name and signature (the
 * compiler checks them against libpq-fe.h); db_pg_open loads the library
 * first and reports a missing one, so the others only meet a loaded
 * library, and return libpq's failure value otherwise. */
#include "storage/pq_load.h"

#include <libpq-fe.h>

#include "core/dynlib.h"

#define PQ_FUNCS(F)                                                                                \
    F(PQbackendPID)                                                                                \
    F(PQclear)                                                                                     \
    F(PQcmdStatus)                                                                                 \
    F(PQcmdTuples)                                                                                 \
    F(PQconnectdbParams)                                                                           \
    F(PQconninfoFree)                                                                              \
    F(PQconninfoParse)                                                                             \
    F(PQconsumeInput)                                                                              \
    F(PQdb)                                                                                        \
    F(PQenterPipelineMode)                                                                         \
    F(PQerrorMessage)                                                                              \
    F(PQescapeIdentifier)                                                                          \
    F(PQexec)                                                                                      \
    F(PQexecParams)                                                                                \
    F(PQexecPrepared)                                                                              \
    F(PQexitPipelineMode)                                                                          \
    F(PQfinish)                                                                                    \
    F(PQfreemem)                                                                                   \
    F(PQftype)                                                                                     \
    F(PQgetResult)                                                                                 \
    F(PQgetisnull)                                                                                 \
    F(PQgetlength)                                                                                 \
    F(PQgetvalue)                                                                                  \
    F(PQhost)                                                                                      \
    F(PQnfields)                                                                                   \
    F(PQnotifies)                                                                                  \
    F(PQntuples)                                                                                   \
    F(PQpipelineSync)                                                                              \
    F(PQport)                                                                                      \
    F(PQprepare)                                                                                   \
    F(PQresetPoll)                                                                                 \
    F(PQresetStart)                                                                                \
    F(PQresultErrorField)                                                                          \
    F(PQresultErrorMessage)                                                                        \
    F(PQresultStatus)                                                                              \
    F(PQsendPrepare)                                                                               \
    F(PQsendQueryParams)                                                                           \
    F(PQsendQueryPrepared)                                                                         \
    F(PQsetNoticeProcessor)                                                                        \
    F(PQsocket)                                                                                    \
    F(PQstatus)                                                                                    \
    F(PQtransactionStatus)                                                                         \
    F(PQunescapeBytea)                                                                             \
    F(PQuser)

DYNLIB_TABLE(pq_lib, "libpq.so.5", "libpq5", PQ_FUNCS);
#define DEF(...) DYNLIB_DEF(pq_lib, __VA_ARGS__)
#define VOID(...) DYNLIB_VOID(pq_lib, __VA_ARGS__)

int pq_load(void)
{
    return dynlib_load(&pq_lib);
}

DEF(int, PQbackendPID, 0, (const PGconn *c), (c))
VOID(PQclear, (PGresult * r), (r))
DEF(char *, PQcmdStatus, NULL, (PGresult * r), (r))
DEF(char *, PQcmdTuples, NULL, (PGresult * r), (r))
DEF(PGconn *, PQconnectdbParams, NULL,
    (const char *const *keywords, const char *const *values, int expand),
    (keywords, values, expand))
VOID(PQconninfoFree, (PQconninfoOption * o), (o))
DEF(PQconninfoOption *, PQconninfoParse, NULL, (const char *conninfo, char **errmsg),
    (conninfo, errmsg))
DEF(int, PQconsumeInput, 0, (PGconn * c), (c))
DEF(char *, PQdb, NULL, (const PGconn *c), (c))
DEF(int, PQenterPipelineMode, 0, (PGconn * c), (c))
DEF(char *, PQerrorMessage, pq_lib.error, (const PGconn *c), (c))
DEF(char *, PQescapeIdentifier, NULL, (PGconn * c, const char *s, size_t n), (c, s, n))
DEF(PGresult *, PQexec, NULL, (PGconn * c, const char *q), (c, q))
DEF(PGresult *, PQexecParams, NULL,
    (PGconn * c, const char *q, int n, const Oid *types, const char *const *values,
     const int *lengths, const int *formats, int result_format),
    (c, q, n, types, values, lengths, formats, result_format))
DEF(PGresult *, PQexecPrepared, NULL,
    (PGconn * c, const char *name, int n, const char *const *values, const int *lengths,
     const int *formats, int result_format),
    (c, name, n, values, lengths, formats, result_format))
DEF(int, PQexitPipelineMode, 0, (PGconn * c), (c))
VOID(PQfinish, (PGconn * c), (c))
VOID(PQfreemem, (void *p), (p))
DEF(Oid, PQftype, 0, (const PGresult *r, int col), (r, col))
DEF(PGresult *, PQgetResult, NULL, (PGconn * c), (c))
DEF(int, PQgetisnull, 1, (const PGresult *r, int row, int col), (r, row, col))
DEF(int, PQgetlength, 0, (const PGresult *r, int row, int col), (r, row, col))
DEF(char *, PQgetvalue, NULL, (const PGresult *r, int row, int col), (r, row, col))
DEF(char *, PQhost, NULL, (const PGconn *c), (c))
DEF(int, PQnfields, 0, (const PGresult *r), (r))
DEF(PGnotify *, PQnotifies, NULL, (PGconn * c), (c))
DEF(int, PQntuples, 0, (const PGresult *r), (r))
DEF(int, PQpipelineSync, 0, (PGconn * c), (c))
DEF(char *, PQport, NULL, (const PGconn *c), (c))
DEF(PGresult *, PQprepare, NULL,
    (PGconn * c, const char *name, const char *q, int n, const Oid *types), (c, name, q, n, types))
DEF(PostgresPollingStatusType, PQresetPoll, PGRES_POLLING_FAILED, (PGconn * c), (c))
DEF(int, PQresetStart, 0, (PGconn * c), (c))
DEF(char *, PQresultErrorField, NULL, (const PGresult *r, int field), (r, field))
DEF(char *, PQresultErrorMessage, pq_lib.error, (const PGresult *r), (r))
DEF(ExecStatusType, PQresultStatus, PGRES_FATAL_ERROR, (const PGresult *r), (r))
DEF(int, PQsendPrepare, 0, (PGconn * c, const char *name, const char *q, int n, const Oid *types),
    (c, name, q, n, types))
DEF(int, PQsendQueryParams, 0,
    (PGconn * c, const char *q, int n, const Oid *types, const char *const *values,
     const int *lengths, const int *formats, int result_format),
    (c, q, n, types, values, lengths, formats, result_format))
DEF(int, PQsendQueryPrepared, 0,
    (PGconn * c, const char *name, int n, const char *const *values, const int *lengths,
     const int *formats, int result_format),
    (c, name, n, values, lengths, formats, result_format))
DEF(PQnoticeProcessor, PQsetNoticeProcessor, NULL, (PGconn * c, PQnoticeProcessor proc, void *arg),
    (c, proc, arg))
DEF(int, PQsocket, -1, (const PGconn *c), (c))
DEF(ConnStatusType, PQstatus, CONNECTION_BAD, (const PGconn *c), (c))
DEF(PGTransactionStatusType, PQtransactionStatus, PQTRANS_UNKNOWN, (const PGconn *c), (c))
DEF(unsigned char *, PQunescapeBytea, NULL, (const unsigned char *s, size_t *n), (s, n))
DEF(char *, PQuser, NULL, (const PGconn *c), (c))
