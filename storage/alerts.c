#include "storage/alerts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/analyze.h"
#include "core/article.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/str.h"
#include "storage/internal.h"

static const char SQL_ADD[] =
    "INSERT INTO alert_rules(spec, kind, symbol, op, threshold, keyword, exec, created, enabled)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_RM[] = "DELETE FROM alert_rules WHERE id = ?";
static const char SQL_ENABLE[] = "UPDATE alert_rules SET enabled = ? WHERE id = ?";
static const char SQL_RULES[] =
    "SELECT id, spec, kind, symbol, op, threshold, keyword, exec, created, enabled"
    " FROM alert_rules WHERE enabled OR NOT ? ORDER BY id";
static const char SQL_WATCHED[] = "SELECT symbol FROM watchlist ORDER BY symbol";
static const char SQL_EVENT[] =
    "INSERT INTO alert_events(rule_id, article_id, at, detail, symbol, sentiment, delivery)"
    " VALUES (?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT(rule_id, article_id) DO NOTHING";
static const char SQL_LOG[] =
    "SELECT e.id, e.rule_id, e.article_id, e.at, e.detail, e.seen, r.spec, a.title, a.link,"
    " a.published, e.delivery, e.exec_error FROM alert_events e"
    " JOIN alert_rules r ON r.id = e.rule_id JOIN articles a ON a.id = e.article_id"
    " ORDER BY e.at DESC, e.id DESC LIMIT ?";
static const char SQL_SEEN[] = "UPDATE alert_events SET seen = 1 WHERE id <= ? AND NOT seen";
static const char SQL_UNSEEN[] = "SELECT count(*) FROM alert_events WHERE NOT seen";
static const char SQL_DATA_VERSION[] = "PRAGMA data_version";

struct alert_cache {
    struct alert_rule *rules;
    size_t n;
    char (*watched)[SYMBOL_MAX + 1];
    size_t n_watched;
    int64_t data_version;
};

void store_alerts_cache_drop(struct store *s)
{
    if (!s->alerts) return;
    alert_rules_free(s->alerts->rules, s->alerts->n);
    free(s->alerts->watched);
    free(s->alerts);
    s->alerts = NULL;
}

void store_alerts_invalidate(struct store *s)
{
    store_alerts_cache_drop(s);
}

int store_alert_add(struct store *s, struct alert_rule *r, int64_t now)
{
    sqlite3_stmt *st = store_prep(s, SQL_ADD);
    if (!st) return -1;
    char *exec = alert_argv_to_json(r);
    if (r->argv && !exec) return err_set("out of memory");
    store_bind_text(st, 1, r->spec);
    store_bind_text(st, 2, alert_kind_name(r->kind));
    int has_sym = r->kind == ALERT_MENTION || r->kind == ALERT_SENTIMENT;
    store_bind_text(st, 3, has_sym ? r->symbol : NULL);
    store_bind_text(st, 4, r->kind == ALERT_SENTIMENT ? alert_op_name(r->op) : NULL);
    if (r->kind == ALERT_SENTIMENT)
        sqlite3_bind_double(st, 5, r->threshold);
    else
        sqlite3_bind_null(st, 5);
    store_bind_text(st, 6, r->keyword);
    store_bind_text(st, 7, exec);
    sqlite3_bind_int64(st, 8, now);
    sqlite3_bind_int(st, 9, r->enabled);
    free(exec);
    if (store_step_done(s, st, "saving the rule")) return -1;
    r->id = sqlite3_last_insert_rowid(s->db);
    r->created = now;
    store_alerts_cache_drop(s);
    return 0;
}

static int by_id(struct store *s, const char *sql, int64_t id, int enabled, const char *what)
{
    sqlite3_stmt *st = store_prep(s, sql);
    if (!st) return -1;
    if (sql == SQL_ENABLE) {
        sqlite3_bind_int(st, 1, enabled);
        sqlite3_bind_int64(st, 2, id);
    } else {
        sqlite3_bind_int64(st, 1, id);
    }
    if (store_step_done(s, st, what)) return -1;
    store_alerts_cache_drop(s);
    return sqlite3_changes(s->db) > 0;
}

int store_alert_rm(struct store *s, int64_t id)
{
    return by_id(s, SQL_RM, id, 0, "removing the rule");
}

int store_alert_set_enabled(struct store *s, int64_t id, int enabled)
{
    return by_id(s, SQL_ENABLE, id, enabled, "changing the rule");
}

/* Rebuilds a rule from its columns. A row this build cannot read (edited by
 * hand, say) is skipped rather than failing every check. */
static int row_rule(sqlite3_stmt *st, struct alert_rule *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->spec = store_col_dup(st, 1);
    const char *kind = (const char *)sqlite3_column_text(st, 2);
    const char *sym = (const char *)sqlite3_column_text(st, 3);
    const char *op = (const char *)sqlite3_column_text(st, 4);
    r->threshold = sqlite3_column_double(st, 5);
    r->keyword = store_col_dup(st, 6);
    const char *exec = (const char *)sqlite3_column_text(st, 7);
    r->created = sqlite3_column_int64(st, 8);
    r->enabled = sqlite3_column_int(st, 9);
    if (!r->spec || alert_kind_from_name(kind, &r->kind)) goto bad;
    if (r->kind == ALERT_MENTION || r->kind == ALERT_SENTIMENT) {
        if (!sym || symbol_normalize(sym, r->symbol)) goto bad;
    }
    if (r->kind == ALERT_SENTIMENT && alert_op_from_name(op, &r->op)) goto bad;
    if (r->kind == ALERT_KEYWORD && (!r->keyword || !*r->keyword)) goto bad;
    if (exec && alert_argv_from_json(r, exec)) goto bad;
    return 0;
bad:
    alert_rule_clear(r);
    return -1;
}

int store_alert_rules(struct store *s, int enabled_only, struct alert_rule **rules, size_t *n)
{
    *rules = NULL;
    *n = 0;
    sqlite3_stmt *st = store_prep(s, SQL_RULES);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, enabled_only);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (array_room(rules, *n, &cap, sizeof **rules)) {
            sqlite3_reset(st);
            alert_rules_free(*rules, *n);
            *rules = NULL;
            *n = 0;
            return -1;
        }
        if (row_rule(st, &(*rules)[*n]) == 0) (*n)++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        alert_rules_free(*rules, *n);
        *rules = NULL;
        *n = 0;
        return store_fail(s, "reading alert rules");
    }
    return 0;
}

static int64_t data_version(struct store *s)
{
    sqlite3_stmt *st = store_prep(s, SQL_DATA_VERSION);
    if (!st) return -1;
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return v;
}

static int load_cache(struct store *s)
{
    int64_t dv = data_version(s);
    if (s->alerts && dv >= 0 && s->alerts->data_version == dv) return 0;
    store_alerts_cache_drop(s);
    struct alert_cache *c = calloc(1, sizeof *c);
    if (!c) return err_set("out of memory");
    c->data_version = dv;
    if (store_alert_rules(s, 1, &c->rules, &c->n)) {
        free(c);
        return -1;
    }
    sqlite3_stmt *st = store_prep(s, SQL_WATCHED);
    size_t cap = 0;
    int rc = SQLITE_ERROR;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (array_room(&c->watched, c->n_watched, &cap, sizeof *c->watched)) break;
        const unsigned char *t = sqlite3_column_text(st, 0);
        snprintf(c->watched[c->n_watched++], SYMBOL_MAX + 1, "%s", t ? (const char *)t : "");
    }
    if (st) sqlite3_reset(st);
    s->alerts = c; /* owned now; dropped below on failure */
    if (rc != SQLITE_DONE) {
        store_alerts_cache_drop(s);
        return rc == SQLITE_ROW ? err_set("out of memory") : store_fail(s, "reading the watchlist");
    }
    return 0;
}

int store_alerts_check(struct store *s, const struct article *a, const struct analysis *an)
{
    if (load_cache(s)) return -1;
    const struct alert_cache *c = s->alerts;
    int fired = 0;
    for (size_t i = 0; i < c->n; i++) {
        const struct alert_rule *r = &c->rules[i];
        struct alert_match m;
        if (!alert_rule_match(r, a, an, (const char(*)[SYMBOL_MAX + 1]) c->watched, c->n_watched,
                              &m))
            continue;
        sqlite3_stmt *st = store_prep(s, SQL_EVENT);
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, r->id);
        sqlite3_bind_int64(st, 2, a->id);
        sqlite3_bind_int64(st, 3, clock_now());
        store_bind_text(st, 4, m.detail);
        store_bind_text(st, 5, m.symbol[0] ? m.symbol : NULL);
        sqlite3_bind_double(st, 6, m.sentiment);
        if (store_step_done(s, st, "recording an alert")) return -1;
        if (sqlite3_changes(s->db) > 0) fired++; /* else: fired for this article before */
    }
    return fired;
}

int store_alert_log(struct store *s, size_t limit, struct alert_event_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    sqlite3_stmt *st = store_prep(s, SQL_LOG);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, (int64_t)limit);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (array_room(rows, *n, &cap, sizeof **rows)) {
            sqlite3_reset(st);
            store_alert_events_free(*rows, *n);
            *rows = NULL;
            *n = 0;
            return -1;
        }
        struct alert_event_row *r = &(*rows)[(*n)++];
        r->id = sqlite3_column_int64(st, 0);
        r->rule_id = sqlite3_column_int64(st, 1);
        r->article_id = sqlite3_column_int64(st, 2);
        r->at = sqlite3_column_int64(st, 3);
        r->detail = store_col_dup(st, 4);
        r->seen = sqlite3_column_int(st, 5);
        r->spec = store_col_dup(st, 6);
        r->title = store_col_dup(st, 7);
        r->link = store_col_dup(st, 8);
        r->published = sqlite3_column_int64(st, 9);
        const unsigned char *d = sqlite3_column_text(st, 10);
        snprintf(r->delivery, sizeof r->delivery, "%s", d ? (const char *)d : "");
        r->exec_error = store_col_dup(st, 11);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        store_alert_events_free(*rows, *n);
        *rows = NULL;
        *n = 0;
        return store_fail(s, "reading the alert log");
    }
    return 0;
}

void store_alert_events_free(struct alert_event_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].spec);
        free(rows[i].detail);
        free(rows[i].title);
        free(rows[i].link);
        free(rows[i].exec_error);
    }
    free(rows);
}

int store_alert_mark_seen(struct store *s, int64_t up_to_id)
{
    sqlite3_stmt *st = store_prep(s, SQL_SEEN);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, up_to_id);
    return store_step_done(s, st, "marking alerts seen");
}

int64_t store_alert_unseen(struct store *s)
{
    sqlite3_stmt *st = store_prep(s, SQL_UNSEEN);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) return store_fail(s, "counting alerts");
    return v;
}

int64_t store_data_version(struct store *s)
{
    return data_version(s);
}
