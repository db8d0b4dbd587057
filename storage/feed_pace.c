/* A feed's pace and its full-text setting: the columns migration 2 added. */
#include "storage/feeds.h"

#include "storage/internal.h"

static const char SQL_PACE[] =
    "UPDATE feeds SET next_fetch = ?, poll_interval = ?, poll_why = ? WHERE id = ?";
static const char SQL_FULL_TEXT[] = "UPDATE feeds SET full_text = ? WHERE id = ?";
static const char SQL_FULL_TEXT_ERROR[] = "UPDATE feeds SET full_text_error = ? WHERE id = ?";

int store_feed_pace(struct store *s, int64_t id, int64_t next_due, int64_t interval,
                    const char *why)
{
    struct db_stmt *st = store_prep(s, SQL_PACE);
    if (!st) return -1;
    db_bind_int64(st, 1, next_due);
    db_bind_int64(st, 2, interval);
    db_bind_text(st, 3, why);
    db_bind_int64(st, 4, id);
    return store_step_done(s, st, "saving the feed's schedule");
}

int store_feed_set_full_text(struct store *s, int64_t id, int on)
{
    struct db_stmt *st = store_prep(s, SQL_FULL_TEXT);
    if (!st) return -1;
    db_bind_int(st, 1, on != 0);
    db_bind_int64(st, 2, id);
    if (store_step_done(s, st, "changing the feed")) return -1;
    return db_changes(s->db) > 0;
}

int store_feed_full_text_error(struct store *s, int64_t id, const char *error)
{
    struct db_stmt *st = store_prep(s, SQL_FULL_TEXT_ERROR);
    if (!st) return -1;
    db_bind_text(st, 1, error);
    db_bind_int64(st, 2, id);
    return store_step_done(s, st, "saving the feed's full-text state");
}
