/* story: telling that two articles are the same story from different feeds.
 * Two articles are copies when their links are the same once normalised
 * (scheme dropped, host lower-cased without "www.", default port, fragment,
 * trailing slash and tracking parameters such as utm_* removed), or when
 * their titles are the same once normalised (lower case, runs of anything
 * but letters and digits as one space) and they were published within
 * STORY_TITLE_WINDOW of each other in different feeds. The store keeps a
 * 64-bit key of each for lookups (storage/stories.c). */
#ifndef BULLPEN_CORE_STORY_H
#define BULLPEN_CORE_STORY_H

#include <stddef.h>
#include <stdint.h>

/* Seconds apart two same-titled articles may be published and still be one
 * story (two days: a wire story and its reprints). */
#define STORY_TITLE_WINDOW (2 * 86400)

/* A title is keyed only with at least this many characters once normalised:
 * "Markets" or "Update" are not a story. */
#define STORY_TITLE_MIN 16

/* Writes the normalised link into out (size bytes, cut to fit). Returns
 * its length, 0 when link is NULL or not an http(s) URL. */
size_t story_link_norm(const char *link, char *out, size_t size);

/* Writes the normalised title into out (size bytes, cut to fit). Returns
 * its length. */
size_t story_title_norm(const char *title, char *out, size_t size);

/* The 64-bit keys (FNV-1a of the normalised text), never 0; 0 when there is
 * nothing to key (no web link, a title shorter than STORY_TITLE_MIN). */
int64_t story_link_key(const char *link);
int64_t story_title_key(const char *title);

/* How many keys an article's guid may take within its feed: the first
 * of them is story_guid_key's, the others are for guids whose keys meet. */
#define STORY_GUID_SLOTS 8

/* The key of an article's guid within its feed: FNV-1a of the guid as it
 * is, with the low bits that number the STORY_GUID_SLOTS slots cleared;
 * never 0. */
int64_t story_guid_key(const char *guid);

#endif
