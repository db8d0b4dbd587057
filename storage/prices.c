#include "storage/prices.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/str.h"
#include "storage/internal.h"

/* Days are kept as YYYY-MM-DD text (the schema's choice: readable, and
 * ordered the same as the dates); callers speak days since the epoch. */
static const char SQL_PUT[] = "INSERT INTO prices(symbol, day, close) VALUES (?, ?, ?)"
                              " ON CONFLICT(symbol, day) DO UPDATE SET close = excluded.close"
                              " WHERE close IS NOT excluded.close";
/* IS NOT is SQLite's; PostgreSQL says IS DISTINCT FROM. */
static const char SQL_PUT_PG[] = "INSERT INTO prices(symbol, day, close) VALUES (?, ?, ?)"
                                 " ON CONFLICT(symbol, day) DO UPDATE SET close = excluded.close"
                                 " WHERE prices.close IS DISTINCT FROM excluded.close";
static const char SQL_LAST[] =
    "SELECT day, close FROM prices WHERE symbol = ? AND day <= ? ORDER BY day DESC LIMIT 1";
static const char SQL_RANGE[] =
    "SELECT day, close FROM prices WHERE symbol = ? AND day >= ? AND day <= ? ORDER BY day";

int store_prices_put(struct store *s, const struct price_row *rows, size_t n)
{
    int changed = 0;
    for (size_t i = 0; i < n; i++) {
        struct db_stmt *st = store_prep(s, STORE_SQL(s, SQL_PUT));
        if (!st) return -1;
        char day[11];
        clock_day_format(rows[i].day, day);
        db_bind_text(st, 1, rows[i].symbol);
        db_bind_text(st, 2, day);
        db_bind_double(st, 3, rows[i].close);
        if (store_step_done(s, st, "storing prices")) return -1;
        changed += db_changes(s->db) > 0;
    }
    return changed;
}

static int col_day(struct db_stmt *st, int col, int64_t *day)
{
    const unsigned char *t = db_column_text(st, col);
    return clock_day_parse(t ? (const char *)t : "", day);
}

int store_price_last(struct store *s, const char *symbol, int64_t day, double *close,
                     int64_t *close_day)
{
    struct db_stmt *st = store_prep(s, SQL_LAST);
    if (!st) return -1;
    char d[11] = "9999-12-31";
    if (day != INT64_MAX) clock_day_format(day, d);
    db_bind_text(st, 1, symbol);
    db_bind_text(st, 2, d);
    int rc = db_step(st);
    int found = 0;
    if (rc == DB_ROW) {
        *close = db_column_double(st, 1);
        found = col_day(st, 0, close_day) == 0;
    }
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE) return store_fail(s, "reading prices");
    return found;
}

int store_prices_range(struct store *s, const char *symbol, int64_t from_day, int64_t to_day,
                       struct price_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    struct db_stmt *st = store_prep(s, SQL_RANGE);
    if (!st) return -1;
    char a[11], b[11];
    clock_day_format(from_day, a);
    clock_day_format(to_day, b);
    db_bind_text(st, 1, symbol);
    db_bind_text(st, 2, a);
    db_bind_text(st, 3, b);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (array_room(rows, *n, &cap, sizeof **rows)) {
            db_reset(st);
            free(*rows);
            *rows = NULL;
            *n = 0;
            return -1;
        }
        struct price_row *r = &(*rows)[*n];
        snprintf(r->symbol, sizeof r->symbol, "%s", symbol);
        r->close = db_column_double(st, 1);
        if (col_day(st, 0, &r->day) == 0) (*n)++; /* a malformed day is skipped */
    }
    db_reset(st);
    if (rc != DB_DONE) {
        free(*rows);
        *rows = NULL;
        *n = 0;
        return store_fail(s, "reading prices");
    }
    return 0;
}
