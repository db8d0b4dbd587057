/* alerts: stored rules (core/alert.h), the events they fire, and the outbox
 * that delivers those events.
 *
 * An event is written, pending, in the same transaction as the article that
 * fired it, so it exists exactly when its article does. Its side effects --
 * the line `fetch` prints, the line the workstation shows, the rule's
 * command -- come only after that commit, from store_alerts_deliver, which
 * any process on the store may run: each event is claimed in a transaction
 * of its own before anything is run, so of two processes on one store only
 * one runs an event's command, and a process that dies before claiming
 * leaves the event pending for the next run. The edge is at-most-once: an
 * event whose process dies after claiming it and before recording its
 * delivery is never run again (it stays 'delivering' in the log), because
 * its command may already have started and a second start could repeat
 * whatever the command does. */
#ifndef BULLPEN_STORAGE_ALERTS_H
#define BULLPEN_STORAGE_ALERTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/alert.h"

struct store;
struct article;
struct analysis;

/* Stores rule r (parsed, argv optional); sets r->id and r->created = now.
 * Returns 0 or -1 with err set. */
int store_alert_add(struct store *s, struct alert_rule *r, int64_t now);
/* On a PostgreSQL desk: makes the user's rule id the desk's, seen and fired
 * for every user (each marks its alerts seen apart). 1 when shared, 0 when
 * the user has no such rule of their own, -1 with err set on failure or on
 * a SQLite store. */
int store_alert_share(struct store *s, int64_t id);
/* Removes a rule and its events: 1 when removed, 0 when there was none. */
int store_alert_rm(struct store *s, int64_t id);
/* Enables or disables a rule: 1 when it exists, 0 when not. */
int store_alert_set_enabled(struct store *s, int64_t id, int enabled);
/* All rules (or the enabled ones) by id. *rules is malloc'd; free with
 * alert_rules_free. */
int store_alert_rules(struct store *s, int enabled_only, struct alert_rule **rules, size_t *n);

/* One fired event with what the log shows of its rule and article.
 * Strings malloc'd (NULL when absent); free with store_alert_events_free. */
struct alert_event_row {
    int64_t id, rule_id, article_id, at, published;
    int seen;
    char delivery[12]; /* "pending", "delivering" or "delivered" */
    char *spec, *detail, *title, *link;
    char *exec_error; /* why the rule's command could not start; NULL */
};
/* The newest limit events, newest first. */
int store_alert_log(struct store *s, size_t limit, struct alert_event_row **rows, size_t *n);
void store_alert_events_free(struct alert_event_row *rows, size_t n);
/* Marks every event up to and including id seen (INT64_MAX: all). */
int store_alert_mark_seen(struct store *s, int64_t up_to_id);
/* Events not yet seen (an index range: as large as the unseen events). */
int64_t store_alert_unseen(struct store *s);

/* Checks the newly stored article a (a->id set) with its analysis an (may
 * be NULL) against every enabled rule, inside the caller's transaction, and
 * stores one pending event per rule that fires. Nothing is run or reported
 * here: that is store_alerts_deliver's, after the commit. Each rule fires at
 * most once per article (a repeat is ignored). Rules and the watchlist are
 * loaded once and kept on the connection until another connection changes
 * the store or this one changes a rule; call store_alerts_invalidate after
 * changing the watchlist through this same connection. Returns the number
 * of events stored, or -1 with err set. */
int store_alerts_check(struct store *s, const struct article *a, const struct analysis *an);
void store_alerts_invalidate(struct store *s);

/* What store_alerts_deliver reports for each event it delivers. Everything
 * is valid during the callback only. */
struct alert_delivered {
    int64_t event_id, rule_id, article_id, feed_id;
    const char *spec;       /* the rule as written */
    const char *detail;     /* what matched, e.g. "NVDA sentiment -0.45 < -0.30" */
    const char *title;      /* the article's; may be NULL */
    const char *symbol;     /* the symbol it concerns; NULL for a keyword in an
                               article naming none */
    double sentiment;       /* that symbol's sentiment, or the article's */
    const char *exec_error; /* the rule's command could not start; else NULL */
};
typedef void (*store_alert_fn)(void *ctx, const struct alert_delivered *d);

/* The outbox runner: delivers every pending event of the store, whoever
 * fired it, oldest first. For each: claims it in a transaction of its own
 * (an event another process claimed first is skipped), starts the rule's
 * command if it has one (detached, see alert_exec_spawn; never waited for),
 * calls fn (may be NULL), then records it delivered. Must be called outside
 * a transaction. Returns the number delivered, or -1 with err set when the
 * store could not be read or written (a full disk): what was not claimed
 * stays pending for the next run, here or in another process. A command
 * that cannot start is not a failure: it is reported in exec_error and kept
 * in the log. */
int store_alerts_deliver(struct store *s, store_alert_fn fn, void *ctx);

#endif
