/* The alert outbox runner: delivers the events that store_alerts_check
 * wrote, after their commit, each exactly once across every process on the
 * store.
 *
 * An event moves pending -> delivering -> delivered. The first step is the
 * claim: one UPDATE, its own transaction, that succeeds for one connection
 * only, so two processes running the runner at once (the workstation's
 * fetcher and a cron `fetch --every`) never both run an event's command. The
 * command starts only after the claim is committed and the delivery is
 * recorded after the command started. Where that can break:
 *
 * - Before the claim (a crash right after the feed's commit, a full disk
 *   refusing the claim): the event stays pending; the next run delivers it.
 * - Between the claim and the record of delivery: the command started, or
 *   failed to, and the event says delivering. This connection finishes such
 *   events on its next run without running them again (the disk was full,
 *   say); a process that died there leaves them delivering for good. That is
 *   the at-most-once edge, chosen because a command may page someone or
 *   place an order, and doing that twice is worse than the rare loss of a
 *   start in the microseconds between a claim and a fork. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/alert.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/fault.h"
#include "storage/alerts.h"
#include "storage/internal.h"

/* Seconds a rule's command may run before it is killed. */
#define ALERT_EXEC_TIMEOUT 60
/* Pending ids read at a time: the runner's memory stays fixed however many
 * events wait. */
#define ALERT_BATCH 64

static const char SQL_FINISH_OWN[] =
    "UPDATE alert_events SET delivery = 'delivered', delivered_at = ?2"
    " WHERE delivery <> 'delivered' AND delivery = 'delivering' AND claim = ?1";
static const char SQL_PENDING[] =
    "SELECT id FROM alert_events WHERE delivery <> 'delivered' AND delivery = 'pending'"
    " AND id > ? ORDER BY id LIMIT ?";
static const char SQL_CLAIM[] =
    "UPDATE alert_events SET delivery = 'delivering', claim = ?, claimed_at = ?"
    " WHERE id = ? AND delivery = 'pending'";
static const char SQL_EVENT[] =
    "SELECT e.rule_id, e.article_id, e.detail, e.symbol, e.sentiment, r.spec, r.exec,"
    " a.title, a.link, a.published, a.feed_id, coalesce(f.name, f.title, f.url)"
    " FROM alert_events e JOIN alert_rules r ON r.id = e.rule_id"
    " JOIN articles a ON a.id = e.article_id LEFT JOIN feeds f ON f.id = a.feed_id"
    " WHERE e.id = ?";
static const char SQL_DONE[] =
    "UPDATE alert_events SET delivery = 'delivered', delivered_at = ?, exec_error = ?"
    " WHERE id = ? AND claim = ?";

/* A random token per connection rather than the process id: ids are reused,
 * and a new process that took a dead one's id must not finish its claims as
 * if they were its own. */
int64_t store_claim_token(struct store *s)
{
    if (s->claim) return s->claim;
    uint64_t v = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        if (read(fd, &v, sizeof v) != (ssize_t)sizeof v) v = 0;
        close(fd);
    }
    if (!v) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        v = ((uint64_t)getpid() << 32) ^ (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec ^
            (uint64_t)(uintptr_t)s;
    }
    s->claim = (int64_t)((v >> 1) | 1); /* positive, never 0 (unclaimed) */
    return s->claim;
}

/* One claimed event: start its command, report it, record it delivered.
 * Returns 1 when delivered, 0 when the event is gone (its rule or article
 * removed since), -1 with err set when the store failed. */
static int deliver_one(struct store *s, int64_t id, int64_t token, store_alert_fn fn, void *ctx)
{
    struct db_stmt *st = store_prep(s, SQL_EVENT);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_DONE) {
        db_reset(st);
        return 0;
    }
    if (rc != DB_ROW) {
        store_fail(s, "reading an alert");
        db_reset(st);
        return -1;
    }
    struct alert_delivered d = {.event_id = id};
    d.rule_id = db_column_int64(st, 0);
    d.article_id = db_column_int64(st, 1);
    char *detail = store_col_dup(st, 2), *symbol = store_col_dup(st, 3);
    double sentiment = db_column_double(st, 4);
    char *spec = store_col_dup(st, 5), *exec = store_col_dup(st, 6);
    char *title = store_col_dup(st, 7), *link = store_col_dup(st, 8);
    int64_t published = db_column_int64(st, 9);
    d.feed_id = db_column_int64(st, 10);
    char *feed = store_col_dup(st, 11);
    db_reset(st);
    d.spec = spec;
    d.detail = detail;
    d.title = title;
    d.symbol = symbol;
    d.sentiment = sentiment;

    char why[256];
    if (exec) {
        struct alert_rule r = {0};
        struct alert_env env = {.article_id = d.article_id,
                                .rule_id = d.rule_id,
                                .published = published,
                                .title = title,
                                .link = link,
                                .feed = feed,
                                .symbol = symbol,
                                .sentiment = sentiment};
        if (alert_argv_from_json(&r, exec) || alert_exec_spawn(r.argv, &env, ALERT_EXEC_TIMEOUT)) {
            snprintf(why, sizeof why, "%s", err_msg());
            d.exec_error = why;
        }
        alert_rule_clear(&r);
    }
    if (fn) fn(ctx, &d);
    int out = 1;
    st = store_prep(s, SQL_DONE);
    if (!st) {
        out = -1;
    } else {
        db_bind_int64(st, 1, clock_now());
        db_bind_text(st, 2, d.exec_error);
        db_bind_int64(st, 3, id);
        db_bind_int64(st, 4, token);
        /* On failure the event stays delivering under our claim; the next
         * run on this connection records it without running it again. */
        if (store_step_done(s, st, "recording an alert delivered")) out = -1;
    }
    free(detail);
    free(symbol);
    free(spec);
    free(exec);
    free(title);
    free(link);
    free(feed);
    return out;
}

/* Reads up to ALERT_BATCH pending ids above after into ids. */
static int pending_ids(struct store *s, int64_t after, int64_t *ids, size_t *n)
{
    *n = 0;
    struct db_stmt *st = store_prep(s, SQL_PENDING);
    if (!st) return -1;
    db_bind_int64(st, 1, after);
    db_bind_int(st, 2, ALERT_BATCH);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < ALERT_BATCH)
        ids[(*n)++] = db_column_int64(st, 0);
    db_reset(st);
    if (rc != DB_DONE && rc != DB_ROW) return store_fail(s, "reading pending alerts");
    return 0;
}

int store_alerts_deliver(struct store *s, store_alert_fn fn, void *ctx)
{
    if (!db_autocommit(s->db))
        return err_set("alerts are delivered after a commit, not inside a transaction");
    int64_t token = store_claim_token(s);
    struct db_stmt *st = store_prep(s, SQL_FINISH_OWN);
    if (!st) return -1;
    db_bind_int64(st, 1, token);
    db_bind_int64(st, 2, clock_now());
    if (store_step_done(s, st, "recording alerts delivered")) return -1;
    int delivered = 0;
    int64_t after = 0, ids[ALERT_BATCH];
    size_t n;
    for (;;) {
        if (pending_ids(s, after, ids, &n)) return -1;
        if (!n) break;
        for (size_t i = 0; i < n; i++) {
            after = ids[i];
            st = store_prep(s, SQL_CLAIM);
            if (!st) return -1;
            db_bind_int64(st, 1, token);
            db_bind_int64(st, 2, clock_now());
            db_bind_int64(st, 3, ids[i]);
            if (store_step_done(s, st, "claiming an alert")) return -1;
            if (db_changes(s->db) == 0) continue; /* another process has it */
            fault_crash_point("alert-claimed");
            int r = deliver_one(s, ids[i], token, fn, ctx);
            if (r < 0) return -1;
            delivered += r;
        }
    }
    return delivered;
}
