/* stories: the same story from several feeds, grouped (core/story.h says
 * when two articles are copies). Each article keeps the keys of its link
 * and title; an article with copies keeps in `story` the id of the first
 * copy stored, and one without copies NULL, so the list can keep one row
 * per story by an index lookup per row (storage/article_query.c). */
#ifndef BULLPEN_STORAGE_STORIES_H
#define BULLPEN_STORAGE_STORIES_H

#include <sqlite3.h>
#include <stdint.h>

#include "core/article.h"

struct store;

/* Registers story_link_key(text) and story_title_key(text) (the whole
 * 64-bit keys) on db, for the migration that keys the articles stored
 * before there were keys and for the lookup's check of a row its cut key
 * found; story_guid_key(text) for migration 14, and story_guid_key32(text)
 * (store_guid_key32), which the index on the guid is made of (schema.c,
 * m15). Returns 0 or -1 with err set. */
int store_story_functions(sqlite3 *db);

/* The key of a guid (NULL as "") as SQLite indexes it: the low 32 bits of
 * story_guid_key (core/story.h), signed, so the low bits that number the
 * STORY_GUID_SLOTS slots are clear and a slot added to it stays in 32
 * bits. May be 0. */
int64_t store_guid_key32(const char *guid);

/* What an article about to be stored is met by. */
struct story_keys {
    int64_t link_key, title_key; /* as stored (SQLite: 32 and 46 bits); 0: none */
    int64_t story;               /* the story it joins, 0 when none */
    int64_t found;               /* the copy it was found by, 0 when none */
    int alone;                   /* found had no story yet: the join marks it */
};

/* Computes a's keys and looks for a stored copy. Returns 0 or -1 with err
 * set. */
int store_story_find(struct store *s, const struct article *a, struct story_keys *k);

/* Binds k's link key, title key and story (NULL for 0) as parameters i,
 * i + 1 and i + 2. */
struct db_stmt;
void store_story_bind(struct db_stmt *st, int i, const struct story_keys *k);

/* Keys and groups every stored article, oldest first, as the ingest would
 * have met them: for a store whose articles predate the keys and whose
 * engine cannot compute them in SQL (PostgreSQL's migration 2). A page of
 * ids at a time, so memory does not grow with the store. Returns 0 or -1
 * with err set. */
int store_story_key_all(struct store *s);

/* After a was stored in story k->story: marks the copy it was found by as
 * the story's first when that copy was alone until now (k->alone; a copy
 * already marked is not written again). */
int store_story_join(struct store *s, const struct story_keys *k);

/* The feeds carrying other copies of article id, "Reuters, CNBC", oldest
 * copy first, into *names (malloc'd; NULL when there are none). Returns 0
 * or -1 with err set. */
int store_story_sources(struct store *s, int64_t id, char **names);

#endif
