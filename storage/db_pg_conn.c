/* PostgreSQL's engine behind storage/db.h, its connection: what names a
 * server, opening and closing, making a dropped connection again, and
 * LISTEN/NOTIFY. The statements are in db_pg.c. */
#include "storage/db_pg_int.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/str.h"
#include "storage/pq_load.h"

int db_pg_is_target(const char *target)
{
    if (!strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11)) return 1;
    /* A key=value conninfo ("host=db dbname=desk"): a target that starts
     * with a word and '=' is one, even with a key libpq does not know
     * ("dbnmae=desk"), so that opening it names the mistake instead of
     * making a file of that name; such a file is reached as ./name. */
    const char *p = target + strspn(target, " \t");
    size_t key = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_");
    return key > 0 && p[key + strspn(p + key, " \t")] == '=';
}

/* A name for the server and database, for messages: a libpq URL without
 * user or password. malloc'd. */
static char *display_name(PGconn *pg)
{
    const char *host = PQhost(pg), *port = PQport(pg), *dbname = PQdb(pg);
    if (!host || !*host) host = "localhost";
    struct sbuf b = {0};
    int bad;
    if (host[0] == '/')
        bad = sbuf_printf(&b, "postgresql:///%s?host=%s", dbname ? dbname : "", host);
    else
        bad = sbuf_printf(&b, "postgresql://%s%s%s/%s", host, port && *port ? ":" : "",
                          port ? port : "", dbname ? dbname : "");
    if (!bad && port && *port && host[0] == '/' && strcmp(port, "5432"))
        bad = sbuf_printf(&b, "&port=%s", port);
    if (bad) {
        sbuf_free(&b);
        return NULL;
    }
    return sbuf_take(&b);
}

/* The target as given, for a message where libpq could not read it (a
 * malformed URL, a service that is not in the service file), its password
 * left out: a user:password@'s and a password='s value shown as "...".
 * malloc'd; NULL on out of memory. */
static char *given_name(const char *target)
{
    struct sbuf b = {0};
    const char *auth = strstr(target, "://");
    const char *at = NULL, *colon = NULL;
    if (auth) {
        auth += 3;
        size_t n = strcspn(auth, "/?#");
        at = memchr(auth, '@', n);
        colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
    }
    int bad = 0;
    for (const char *p = target; *p && !bad;) {
        if (p == colon) {
            bad = sbuf_adds(&b, ":...");
            p = at;
        } else if (!strncasecmp(p, "password=", 9) && (p == target || strchr(" \t?&", p[-1]))) {
            bad = sbuf_adds(&b, "password=...");
            p += 9;
            p += strcspn(p, " \t&#");
        } else {
            bad = sbuf_addc(&b, *p++);
        }
    }
    if (bad) {
        sbuf_free(&b);
        return NULL;
    }
    return sbuf_take(&b);
}

static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* The connection's `options` startup parameter: the target's own (or
 * PGOPTIONS), plus read-only transactions when readonly and bullpen.user
 * when user is set (a space or backslash in it escaped, as libpq reads
 * options). malloc'd; NULL on out of memory. */
static char *startup_options(const char *conninfo, int readonly, const char *user)
{
    const char *given = getenv("PGOPTIONS");
    PQconninfoOption *opts = PQconninfoParse(conninfo, NULL);
    for (PQconninfoOption *o = opts; o && o->keyword; o++)
        if (!strcmp(o->keyword, "options") && o->val && *o->val) given = o->val;
    struct sbuf b = {0};
    int bad = sbuf_adds(&b, given ? given : "") ||
              (readonly && sbuf_adds(&b, " -c default_transaction_read_only=on"));
    if (!bad && user && *user) {
        bad = sbuf_adds(&b, " -c bullpen.user=");
        for (const char *p = user; *p && !bad; p++)
            bad = (strchr(" \\\t", *p) && sbuf_addc(&b, '\\')) || sbuf_addc(&b, *p);
    }
    PQconninfoFree(opts);
    if (bad) {
        sbuf_free(&b);
        return NULL;
    }
    return sbuf_take(&b);
}

struct db *db_pg_open(const char *conninfo, int readonly, const char *user, char **name)
{
    *name = NULL;
    if (pq_load()) return NULL;
    char *options = startup_options(conninfo, readonly, user);
    if (!options) {
        err_set("out of memory");
        return NULL;
    }
    /* A bad network day: a server that does not answer is given up after
     * 10 s instead of the system's two minutes, a connection on which sent
     * data stays unacknowledged for 15 s is closed (a cut network would
     * otherwise hold a statement until TCP gives up, a quarter of an hour),
     * and an idle one is probed after 30 s. Before the target, which
     * overrides them (libpq keeps a keyword's last value), and the timeout
     * only when PGCONNECT_TIMEOUT does not set it. The options after the
     * target override its own, which they keep. */
    const char *keys[8], *vals[8];
    int n = 0;
    if (!getenv("PGCONNECT_TIMEOUT")) keys[n] = "connect_timeout", vals[n++] = "10";
    keys[n] = "tcp_user_timeout", vals[n++] = "15000";
    keys[n] = "keepalives_idle", vals[n++] = "30";
    keys[n] = "keepalives_interval", vals[n++] = "10";
    keys[n] = "keepalives_count", vals[n++] = "3";
    keys[n] = "dbname", vals[n++] = conninfo;
    keys[n] = "options", vals[n++] = options;
    keys[n] = vals[n] = NULL;
    PGconn *pg = PQconnectdbParams(keys, vals, 1);
    free(options);
    if (!pg) {
        err_set("out of memory");
        return NULL;
    }
    /* Without a host, libpq never read the target: it is named as given. */
    const char *host = PQhost(pg);
    int unread = PQstatus(pg) != CONNECTION_OK && (!host || !*host);
    if (!(*name = unread ? given_name(conninfo) : display_name(pg))) {
        PQfinish(pg);
        err_set("out of memory");
        return NULL;
    }
    if (PQstatus(pg) != CONNECTION_OK) {
        /* libpq's message for a URL it cannot parse quotes the URL, password
         * and all: there it is named as above instead. */
        const char *msg = PQerrorMessage(pg);
        int len = (int)strcspn(msg, "\n");
        const char *at = *conninfo ? strstr(msg, conninfo) : NULL;
        if (at && at + strlen(conninfo) <= msg + len) {
            char *given = given_name(conninfo);
            err_set("%s: cannot connect: %.*s%s%.*s", *name, (int)(at - msg), msg,
                    given ? given : "(the target)", (int)(len - (at - msg) - (int)strlen(conninfo)),
                    at + strlen(conninfo));
            free(given);
        } else {
            err_set("%s: cannot connect: %.*s", *name, len, msg);
        }
        PQfinish(pg);
        free(*name);
        *name = NULL;
        return NULL;
    }
    struct db *db = calloc(1, sizeof *db);
    if (!db) {
        PQfinish(pg);
        free(*name);
        *name = NULL;
        err_set("out of memory");
        return NULL;
    }
    db->engine = DB_POSTGRES;
    db->pg = pg;
    /* Messages from the server stay out of the terminal; errors come back
     * through db_errmsg. */
    PQsetNoticeProcessor(pg, ignore_notice, NULL);
    return db;
}

void db_pg_close(struct db *db)
{
    PQfinish(db->pg);
    db->pg = NULL;
    free(db->err);
    db->err = NULL;
    free(db->pipe);
    db->pipe = NULL;
    db->pipe_n = db->pipe_cap = 0;
    free(db->listen);
    db->listen = NULL;
}

/* Keeps whether the last exchange left a transaction open; a lost
 * connection's status is unknown, and the last one known stands. */
void db_pg_track_tx(struct db *db)
{
    PGTransactionStatusType t = PQtransactionStatus(db->pg);
    if (t != PQTRANS_UNKNOWN) db->in_tx = t != PQTRANS_IDLE;
}

/* How long one call waits for a new connection unless the caller said
 * (db_set_reconnect_wait), and after how long an attempt that has not
 * finished is given up and begun again: a server that takes connections
 * and never answers (a host gone behind a proxy, a cut network) would
 * otherwise hold it for ever, since libpq's connect_timeout is not applied
 * to a connection made a step at a time. */
#define REVIVE_WAIT_MS 10000
#define REVIVE_GIVE_UP_MS 15000

/* A workstation looks for notices twice a second: while the server is
 * gone, a new connection is tried at most every REVIVE_EVERY_MS of
 * those. A connection made again counts as a notice, since the notices
 * sent meanwhile were lost. Within that time after a call has waited in
 * vain, the next ones only take what is ready and do not wait: a key that
 * runs several statements waits once, not once each. */
#define REVIVE_EVERY_MS 2000

/* A connection the server dropped (a restart, a cut network) is made
 * again before the next statement when no transaction was open on it. One
 * that was open is lost with it (the server rolls it back) and its
 * statements fail until the ROLLBACK, so nothing of it is written half.
 * The statements named on the old connection are prepared afresh (their
 * gen is older) and the LISTEN is sent again. The connection is made with
 * libpq's non-blocking reset, waiting at most revive_wait_ms in one call:
 * when that runs out the call fails ("still connecting") and the next one
 * goes on from where it stopped, so a workstation is never held longer
 * than its wait however slow the server. DB_OK when the connection is
 * usable, else DB_ERROR with the reason. */
int db_pg_revive(struct db *db)
{
    ConnStatusType status = PQstatus(db->pg);
    if (status == CONNECTION_OK) return DB_OK;
    if (db->in_tx || db->pipe_n) return db_pg_result_error(db, NULL);
    int64_t now = clock_mono_ms();
    /* Between BAD and OK a reset is under way (CONNECTION_STARTED and the
     * steps after it); a failed one, or a connection the server dropped,
     * is BAD. */
    if (status == CONNECTION_BAD || now - db->revive_began > REVIVE_GIVE_UP_MS) {
        if (!PQresetStart(db->pg)) return db_pg_result_error(db, NULL);
        db->revive_began = now;
        db->revive_poll = PGRES_POLLING_WRITING; /* as libpq says to begin */
    }
    int64_t wait = db->revive_wait_ms > 0 ? db->revive_wait_ms : REVIVE_WAIT_MS;
    if (now - db->revive_waited < REVIVE_EVERY_MS) wait = 0;
    int64_t end = now + wait;
    while (db->revive_poll != PGRES_POLLING_OK) {
        if (db->revive_poll == PGRES_POLLING_FAILED) return db_pg_result_error(db, NULL);
        int64_t left = end - clock_mono_ms();
        struct pollfd p = {PQsocket(db->pg),
                           db->revive_poll == PGRES_POLLING_READING ? POLLIN : POLLOUT, 0};
        int r = poll(&p, 1, left > 0 ? (int)left : 0);
        if (r < 0 && errno != EINTR) {
            db->revive_began = now - REVIVE_GIVE_UP_MS - 1; /* the next call begins again */
            return db_pg_set_error(db, strerror(errno), NULL);
        }
        if (r > 0) {
            db->revive_poll = PQresetPoll(db->pg);
        } else if (r == 0) {
            if (wait) db->revive_waited = clock_mono_ms();
            return db_pg_set_error(db, "the server has not answered yet; still connecting", NULL);
        }
    }
    PQsetNoticeProcessor(db->pg, ignore_notice, NULL);
    db->gen++;
    db->pipe_error = 0;
    return db->listen ? db_pg_listen(db, db->listen) : DB_OK;
}

int db_pg_listen(struct db *db, const char *channel)
{
    if (!db_pg_autocommit(db)) return db_pg_set_error(db, "LISTEN inside a transaction", NULL);
    char *id = PQescapeIdentifier(db->pg, channel, strlen(channel));
    if (!id) return db_pg_result_error(db, NULL);
    struct sbuf q = {0};
    int bad = sbuf_printf(&q, "LISTEN %s", id);
    PQfreemem(id);
    int rc = bad ? db_pg_set_error(db, "out of memory", NULL) : db_pg_exec(db, q.p);
    sbuf_free(&q);
    if (rc == DB_OK && !db->listen && !(db->listen = xstrdup(channel)))
        rc = db_pg_set_error(db, "out of memory", NULL);
    return rc;
}

/* True when a notice's payload is for user: it names nobody or user. */
static int notice_for(const char *payload, const char *user)
{
    const char *owner = strchr(payload, ':');
    return !owner || !user || !strcmp(owner + 1, user);
}

int db_pg_notices(struct db *db, const char *user)
{
    if (PQstatus(db->pg) != CONNECTION_OK) {
        int64_t now = clock_mono_ms();
        if (db->in_tx || now - db->revive_at < REVIVE_EVERY_MS) return -1;
        db->revive_at = now;
        if (db_pg_revive(db) != DB_OK) return -1;
    }
    if (!PQconsumeInput(db->pg)) {
        db_pg_result_error(db, NULL);
        return -1;
    }
    int n = db->gen != db->notice_gen, self = PQbackendPID(db->pg);
    db->notice_gen = db->gen;
    PGnotify *note;
    while ((note = PQnotifies(db->pg))) {
        n += note->be_pid != self && notice_for(note->extra, user);
        PQfreemem(note);
    }
    return n;
}

const char *db_pg_user(struct db *db)
{
    return PQuser(db->pg);
}

int db_pg_socket(struct db *db)
{
    return PQstatus(db->pg) == CONNECTION_OK ? PQsocket(db->pg) : -1;
}
