/* alerts: stored rules (core/alert.h), the events they fired, and checking
 * each newly stored article against the rules. */
#ifndef BULLPEN_STORAGE_ALERTS_H
#define BULLPEN_STORAGE_ALERTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/alert.h"

struct store;
struct article;
struct analysis;

/* Seconds a rule's command may run before it is killed. */
#define ALERT_EXEC_TIMEOUT 60

/* Stores rule r (parsed, argv optional); sets r->id and r->created = now.
 * Returns 0 or -1 with err set. */
int store_alert_add(struct store *s, struct alert_rule *r, int64_t now);
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
    char *spec, *detail, *title, *link;
};
/* The newest limit events, newest first. */
int store_alert_log(struct store *s, size_t limit, struct alert_event_row **rows, size_t *n);
void store_alert_events_free(struct alert_event_row *rows, size_t n);
/* Marks every event up to and including id seen (INT64_MAX: all). */
int store_alert_mark_seen(struct store *s, int64_t up_to_id);
/* Events not yet seen. */
int64_t store_alert_unseen(struct store *s);

/* What store_alerts_check reports for each event it stores. Everything is
 * valid during the callback only. */
struct alert_fired {
    int64_t event_id, rule_id, article_id;
    const char *spec;            /* the rule as written */
    const struct alert_match *m; /* symbol, sentiment, detail */
    const struct article *a;     /* the article */
    const char *exec_error;      /* the rule's command could not start; else NULL */
};
typedef void (*store_alert_fn)(void *ctx, const struct alert_fired *f);

/* Checks the newly stored article a (a->id set) with its analysis an (may
 * be NULL) against every enabled rule, inside the caller's transaction. Each
 * rule fires at most once per article (a repeat is ignored, not reported).
 * For each new event: the event is stored, the rule's command is started
 * (detached, see alert_exec_spawn; never waited for) and fn (may be NULL) is
 * called. Rules and the watchlist are loaded once and kept on the connection
 * until another connection changes the store or this one changes a rule;
 * call store_alerts_invalidate after changing the watchlist through this
 * same connection. Returns the number of events stored, or -1 with err set
 * (a failing command is not a failure: it is reported in exec_error). */
int store_alerts_check(struct store *s, const struct article *a, const struct analysis *an,
                       store_alert_fn fn, void *ctx);
void store_alerts_invalidate(struct store *s);

#endif
