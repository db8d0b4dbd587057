/* Schema undone, for the migration tests of the store (test_store.c,
 * test_store_text.c): SQL that takes a store of today back to what older
 * migrations found. Include after store_fixture.h. */
#ifndef BULLPEN_TESTS_STORE_UNDO_H
#define BULLPEN_TESTS_STORE_UNDO_H

#include <stdio.h>

/* Migration 8 (copies of a story) undone. */
static const char UNDO_STORIES[] =
    "DROP INDEX articles_story; DROP INDEX articles_title_key; DROP INDEX articles_link_key;"
    "ALTER TABLE articles DROP COLUMN story; ALTER TABLE articles DROP COLUMN title_key;"
    "ALTER TABLE articles DROP COLUMN link_key;";

/* Migration 13 (narrower keys and indexes) undone: the time indexes as m1
 * made them (the story indexes go with UNDO_STORIES). */
static const char UNDO_NARROW[] =
    "DROP INDEX articles_time; DROP INDEX articles_feed_time;"
    "CREATE INDEX articles_time ON articles(published DESC, id DESC);"
    "CREATE INDEX articles_feed_time ON articles(feed_id, published DESC, id DESC);";

/* Migrations 15 and 14 (guids keyed by a hash, then by a slot beside an
 * expression of the guid; the sentiment in ten-thousandths) undone: the
 * guid unique again in an index of its own, where m1 had it inline (m14
 * makes the table again either way), the sentiment a stored fraction. */
static const char UNDO_GUID_KEY[] =
    "DROP INDEX articles_guid; ALTER TABLE articles DROP COLUMN guid_slot;"
    "CREATE UNIQUE INDEX articles_feed_guid ON articles(feed_id, guid);" UNDO_SENTIMENT_E4;

/* The claims table as migration 1 made it (before m7 compacted it), in
 * place of m10's claims column. */
static const char OLD_CLAIMS[] =
    "ALTER TABLE articles DROP COLUMN claims;"
    "CREATE TABLE claims (id INTEGER PRIMARY KEY,"
    " article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    " start INTEGER NOT NULL, end INTEGER NOT NULL, kind TEXT NOT NULL,"
    " sentiment REAL NOT NULL, tickers TEXT);"
    "CREATE INDEX claims_article ON claims(article_id);";

/* SQL putting back the FTS view and triggers as migration 1 made them,
 * before m8 read the text through bp_unpack: m1's own statements. Returns
 * a static string. */
static const char *old_fts(void)
{
    static char sql[4096];
    const char *view, *trig;
    int n_view =
        m1_part("CREATE VIEW articles_fts_text", "CREATE VIRTUAL TABLE articles_fts", &view);
    int n_trig =
        m1_part("CREATE TRIGGER articles_fts_ad", "CREATE TRIGGER articles_count_ad", &trig);
    snprintf(sql, sizeof sql,
             "DROP TRIGGER articles_fts_au; DROP TRIGGER articles_fts_ad;"
             " DROP VIEW articles_fts_text; %.*s%.*s",
             n_view, view, n_trig, trig);
    return sql;
}

#endif
