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
/* Whether the desk shares it: PostgreSQL's column; SQLite has one user. */
#define RULES(shared)                                                                              \
    "SELECT id, spec, kind, symbol, op, threshold, keyword, exec, created, enabled, " shared       \
    " FROM alert_rules WHERE enabled <> 0 OR ? = 0 ORDER BY id"
static const char SQL_RULES[] = RULES("0");
static const char SQL_RULES_PG[] = RULES("shared");
static const char SQL_WATCHED[] = "SELECT symbol FROM watchlist ORDER BY symbol";
static const char SQL_EVENT[] =
    "INSERT INTO alert_events(rule_id, article_id, at, detail, symbol, sentiment, delivery)"
    " VALUES (?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT(rule_id, article_id) DO NOTHING";
static const char SQL_LOG[] =
    "SELECT e.id, e.rule_id, e.article_id, e.at, e.detail, e.seen, r.spec, a.title, a.link,"
    " a.published, e.delivery, e.exec_error FROM alert_events e"
    " JOIN alert_rules r ON r.id = e.rule_id JOIN articles a ON a.id = e.article_id"
    " ORDER BY e.at DESC, e.id DESC LIMIT ?";
/* NOT seen, as the partial index alert_events_unseen says, so SQLite uses
 * it; PostgreSQL's integer needs the comparison. */
static const char SQL_SEEN[] = "UPDATE alert_events SET seen = 1 WHERE id <= ? AND NOT seen";
/* On PostgreSQL seen is the user's own mark (schema_pg.c, m4). */
static const char SQL_SEEN_PG[] = "INSERT INTO alert_seen(event_id) SELECT id FROM alert_events"
                                  " WHERE id <= ? AND seen = 0 ON CONFLICT DO NOTHING";
static const char SQL_UNSEEN[] = "SELECT count(*) FROM alert_events WHERE NOT seen";
static const char SQL_UNSEEN_PG[] = "SELECT count(*) FROM alert_events WHERE seen = 0";
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
    struct db_stmt *st = store_prep_insert(s, SQL_ADD);
    if (!st) return -1;
    char *exec = alert_argv_to_json(r);
    if (r->argv && !exec) return err_set("out of memory");
    db_bind_text(st, 1, r->spec);
    db_bind_text(st, 2, alert_kind_name(r->kind));
    int has_sym = r->kind == ALERT_MENTION || r->kind == ALERT_SENTIMENT;
    db_bind_text(st, 3, has_sym ? r->symbol : NULL);
    db_bind_text(st, 4, r->kind == ALERT_SENTIMENT ? alert_op_name(r->op) : NULL);
    if (r->kind == ALERT_SENTIMENT)
        db_bind_double(st, 5, r->threshold);
    else
        db_bind_null(st, 5);
    db_bind_text(st, 6, r->keyword);
    db_bind_text(st, 7, exec);
    db_bind_int64(st, 8, now);
    db_bind_int(st, 9, r->enabled);
    free(exec);
    if (store_step_id(s, st, &r->id, "saving the rule")) return -1;
    r->created = now;
    store_alerts_cache_drop(s);
    return 0;
}

/* PostgreSQL's only (schema_pg.c, m4). */
static const char SQL_SHARE[] =
    "UPDATE alert_rules SET shared = 1 WHERE id = ? AND owner = bullpen_user()";

int store_alert_share(struct store *s, int64_t id)
{
    if (!store_is_pg(s)) return store_one_user(s);
    struct db_stmt *st = store_prep(s, SQL_SHARE);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    if (store_step_done(s, st, "sharing the rule")) return -1;
    store_alerts_cache_drop(s);
    return db_changes(s->db) > 0;
}

static int by_id(struct store *s, const char *sql, int64_t id, int enabled, const char *what)
{
    struct db_stmt *st = store_prep(s, sql);
    if (!st) return -1;
    if (sql == SQL_ENABLE) {
        db_bind_int(st, 1, enabled);
        db_bind_int64(st, 2, id);
    } else {
        db_bind_int64(st, 1, id);
    }
    if (store_step_done(s, st, what)) return -1;
    store_alerts_cache_drop(s);
    return db_changes(s->db) > 0;
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
static int row_rule(struct db_stmt *st, struct alert_rule *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_column_int64(st, 0);
    r->spec = store_col_dup(st, 1);
    const char *kind = (const char *)db_column_text(st, 2);
    const char *sym = (const char *)db_column_text(st, 3);
    const char *op = (const char *)db_column_text(st, 4);
    r->threshold = db_column_double(st, 5);
    r->keyword = store_col_dup(st, 6);
    const char *exec = (const char *)db_column_text(st, 7);
    r->created = db_column_int64(st, 8);
    r->enabled = db_column_int(st, 9);
    r->shared = db_column_int(st, 10) != 0;
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
    struct db_stmt *st = store_prep(s, STORE_SQL(s, SQL_RULES));
    if (!st) return -1;
    db_bind_int(st, 1, enabled_only);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (array_room(rules, *n, &cap, sizeof **rules)) {
            db_reset(st);
            alert_rules_free(*rules, *n);
            *rules = NULL;
            *n = 0;
            return -1;
        }
        if (row_rule(st, &(*rules)[*n]) == 0) (*n)++;
    }
    db_reset(st);
    if (rc != DB_DONE) {
        alert_rules_free(*rules, *n);
        *rules = NULL;
        *n = 0;
        return store_fail(s, "reading alert rules");
    }
    return 0;
}

/* The channel every change notice goes on (the triggers of PostgreSQL's
 * migration 3, storage/schema_pg.c). */
#define NOTICE_CHANNEL "bullpen"

static const char SQL_USER[] = "SELECT bullpen_user()";

/* PostgreSQL's count of other connections' change notices, the user's own
 * private changes and everyone's shared ones (schema_pg.c, migration 5):
 * the first call outside a transaction starts listening and reads who the
 * user is; -1 until then or when the connection is lost. No table is
 * read. */
static int64_t notice_version(struct store *s)
{
    if (!s->listening) {
        if (!db_autocommit(s->db) || db_listen(s->db, NOTICE_CHANNEL) != DB_OK) return -1;
        struct db_stmt *st = store_prep(s, SQL_USER);
        int rc = st ? db_step(st) : DB_ERROR;
        if (rc == DB_ROW && db_column_text(st, 0))
            snprintf(s->user, sizeof s->user, "%s", (const char *)db_column_text(st, 0));
        if (st) db_reset(st);
        if (rc != DB_ROW) return -1;
        s->listening = 1;
    }
    int n = db_notices(s->db, s->user);
    if (n < 0) return -1;
    s->notices += n;
    return s->notices;
}

/* Changes to the database since this connection last looked: SQLite's
 * data_version, PostgreSQL's notices; -1, so the cache is read again each
 * time, where neither can be read. */
static int64_t data_version(struct store *s)
{
    if (store_is_pg(s)) return notice_version(s);
    struct db_stmt *st = store_prep(s, SQL_DATA_VERSION);
    if (!st) return -1;
    int64_t v = db_step(st) == DB_ROW ? db_column_int64(st, 0) : -1;
    db_reset(st);
    return v;
}

/* What the alert cache was read under: SQLite's data version; on
 * PostgreSQL the transaction (a fetch's feed reads the rules and the
 * watchlist once, not once per article: two round trips each), and -1
 * (read every time) outside one. */
static int64_t cache_key(struct store *s)
{
    if (!store_is_pg(s)) return data_version(s);
    return db_autocommit(s->db) ? -1 : s->txn;
}

static int load_cache(struct store *s)
{
    int64_t dv = cache_key(s);
    if (s->alerts && dv >= 0 && s->alerts->data_version == dv) return 0;
    store_alerts_cache_drop(s);
    struct alert_cache *c = calloc(1, sizeof *c);
    if (!c) return err_set("out of memory");
    c->data_version = dv;
    if (store_alert_rules(s, 1, &c->rules, &c->n)) {
        free(c);
        return -1;
    }
    struct db_stmt *st = store_prep(s, SQL_WATCHED);
    size_t cap = 0;
    int rc = DB_ERROR;
    while (st && (rc = db_step(st)) == DB_ROW) {
        if (array_room(&c->watched, c->n_watched, &cap, sizeof *c->watched)) break;
        const unsigned char *t = db_column_text(st, 0);
        snprintf(c->watched[c->n_watched++], SYMBOL_MAX + 1, "%s", t ? (const char *)t : "");
    }
    if (st) db_reset(st);
    s->alerts = c; /* owned now; dropped below on failure */
    if (rc != DB_DONE) {
        store_alerts_cache_drop(s);
        return rc == DB_ROW ? err_set("out of memory") : store_fail(s, "reading the watchlist");
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
        struct db_stmt *st = store_prep(s, SQL_EVENT);
        if (!st) return -1;
        db_bind_int64(st, 1, r->id);
        db_bind_int64(st, 2, a->id);
        db_bind_int64(st, 3, clock_now());
        db_bind_text(st, 4, m.detail);
        db_bind_text(st, 5, m.symbol[0] ? m.symbol : NULL);
        db_bind_double(st, 6, m.sentiment);
        if (store_step_done(s, st, "recording an alert")) return -1;
        if (db_changes(s->db) > 0) fired++; /* else: fired for this article before */
    }
    return fired;
}

int store_alert_log(struct store *s, size_t limit, struct alert_event_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    struct db_stmt *st = store_prep(s, SQL_LOG);
    if (!st) return -1;
    db_bind_int64(st, 1, (int64_t)limit);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (array_room(rows, *n, &cap, sizeof **rows)) {
            db_reset(st);
            store_alert_events_free(*rows, *n);
            *rows = NULL;
            *n = 0;
            return -1;
        }
        struct alert_event_row *r = &(*rows)[(*n)++];
        r->id = db_column_int64(st, 0);
        r->rule_id = db_column_int64(st, 1);
        r->article_id = db_column_int64(st, 2);
        r->at = db_column_int64(st, 3);
        r->detail = store_col_dup(st, 4);
        r->seen = db_column_int(st, 5);
        r->spec = store_col_dup(st, 6);
        r->title = store_col_dup(st, 7);
        r->link = store_col_dup(st, 8);
        r->published = db_column_int64(st, 9);
        const unsigned char *d = db_column_text(st, 10);
        snprintf(r->delivery, sizeof r->delivery, "%s", d ? (const char *)d : "");
        r->exec_error = store_col_dup(st, 11);
    }
    db_reset(st);
    if (rc != DB_DONE) {
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
    struct db_stmt *st = store_prep(s, STORE_SQL(s, SQL_SEEN));
    if (!st) return -1;
    db_bind_int64(st, 1, up_to_id);
    return store_step_done(s, st, "marking alerts seen");
}

int64_t store_alert_unseen(struct store *s)
{
    struct db_stmt *st = store_prep(s, STORE_SQL(s, SQL_UNSEEN));
    if (!st) return -1;
    int rc = db_step(st);
    int64_t v = rc == DB_ROW ? db_column_int64(st, 0) : -1;
    db_reset(st);
    if (rc != DB_ROW) return store_fail(s, "counting alerts");
    return v;
}

int64_t store_data_version(struct store *s)
{
    return data_version(s);
}

int store_change_fd(struct store *s)
{
    return store_is_pg(s) && s->listening ? db_socket(s->db) : -1;
}
