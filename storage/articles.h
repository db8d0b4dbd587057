/* articles: storing analysed articles and reading them back a page at a
 * time. Every list query is keyset-paged on an index, so a page costs the
 * same at a thousand articles as at a million. */
#ifndef BULLPEN_STORAGE_ARTICLES_H
#define BULLPEN_STORAGE_ARTICLES_H

#include <stddef.h>
#include <stdint.h>

#include "core/analyze.h"
#include "core/article.h"

struct store;

/* Stores a (with its analysis an, which may be NULL: the article is then
 * marked for analysis) inside the caller's transaction. Mentions, claims and
 * the per-day aggregates land with it. Returns 1 when stored (a->id set), 0
 * when the feed already had that guid, -1 with err set. */
int store_article_insert(struct store *s, struct article *a, const struct analysis *an);

/* Replaces the analysis of a stored article (reanalyze). */
int store_article_set_analysis(struct store *s, int64_t id, const struct analysis *an,
                               const struct article *a);

/* What a list row needs. Strings malloc'd (NULL when absent); free a page
 * with store_article_rows_free. */
struct article_row {
    int64_t id, feed_id, published;
    char *feed_name, *title, *link, *tickers;
    int unread, starred;
    int has_sentiment;
    double sentiment;
    double rank; /* in best-match order: FTS5's rank (lower is better); else 0 */
    int copies;  /* other feeds carrying the same story (storage/stories.h) */
};

/* Filters; zero means "not filtering on this". */
struct article_filter {
    const char *ticker;   /* one symbol */
    int64_t feed_id;      /* one feed */
    const char *tag;      /* a watchlist tag or a feed tag */
    int watchlist;        /* only articles naming a watched symbol */
    int64_t since, until; /* published in [since, until) */
    int has_range;        /* sentiment in [smin, smax] */
    double smin, smax;
    const char *query; /* FTS5 query; results newest-stored first */
    /* With query: best match first (BM25, storage/rank.c; ties newest-stored first),
     * among the newest STORE_RANK_WINDOW matches only. */
    int by_relevance;
    int unread_only, starred_only;
    /* One row per story: of the copies the filters let through, the one
     * first in list order (storage/stories.h). */
    int group;
};

/* Best match ranks this many of the newest matches, so that a word in
 * every article costs the same as a rare one; older matches are not listed
 * in that order (the count of matches is the same in either order). */
#define STORE_RANK_WINDOW 1000

/* Position in a list: rows strictly after it in list order. Zero = top.
 * rank is used in best-match order only; a cursor past every row there
 * has rank HUGE_VAL (with id INT64_MIN, backward). */
struct article_cursor {
    int64_t published, id;
    double rank;
};

/* Reads up to limit rows after cursor (NULL = from the top) in list order
 * (newest first); with backward set, reads the limit rows just before the
 * cursor instead, still returned newest first. *rows malloc'd. Returns 0 or
 * -1 with err set (a bad FTS5 query names the problem). */
int store_articles_page(struct store *s, const struct article_filter *f,
                        const struct article_cursor *cursor, int backward, size_t limit,
                        struct article_row **rows, size_t *n);
void store_article_rows_free(struct article_row *rows, size_t n);

/* The cursor that a row stands at (for paging from it). */
struct article_cursor store_article_cursor_of(const struct article_filter *f,
                                              const struct article_row *r);

/* Loads one article whole (caller frees fields with article_clear). Returns
 * 1 when found, 0 when not, -1 on failure. Also fills *sentiment and
 * *has_sentiment when those are not NULL. */
int store_article_get(struct store *s, int64_t id, struct article *out, double *sentiment,
                      int *has_sentiment, int *unread, int *starred);

/* Sets both flags of one article (each 0 or 1). Returns 0, or -1 with err
 * set; store_article_mark below leaves a flag given as -1 unchanged. */
int store_article_set_flags(struct store *s, int64_t id, int unread, int starred);

/* Sets the unread and starred flags of one article, each to 0 or 1, or
 * leaves it as it is when -1, so a change made elsewhere to the other flag
 * is kept. The unread flag is set on every copy of the article's story
 * (read in one feed is read in all); the star stays on the article itself.
 * Returns 1 when the article exists, 0 when not, -1 on failure. */
int store_article_mark(struct store *s, int64_t id, int unread, int starred);

/* The stored analysis of one article: *rows is one malloc'd array; free the
 * mentions with free(), the claims (whose tickers are malloc'd too) with
 * store_claims_free. */
struct mention_row {
    char symbol[16];
    int count;
    double relevance, sentiment;
    int has_provider;
    double provider_score;
};
int store_article_mentions(struct store *s, int64_t id, struct mention_row **rows, size_t *n);

struct claim_row {
    int start, end; /* characters of the composed text (article_compose_text) */
    char kind[16];
    double sentiment;
    char *tickers; /* space-separated; malloc'd or NULL */
};
int store_article_claims(struct store *s, int64_t id, struct claim_row **rows, size_t *n);
void store_claims_free(struct claim_row *rows, size_t n);

/* Calls fn for every article published at or after since (0 = all), oldest
 * first, loaded whole; fn's article is valid during the call. A non-zero
 * return from fn stops the walk and is returned. */
typedef int (*store_article_fn)(void *ctx, const struct article *a, const struct article_row *r);
int store_articles_each(struct store *s, int64_t since, store_article_fn fn, void *ctx);

/* Ids of up to limit articles analysed by an older analyser version than
 * version, lowest id above after_id first. */
int store_articles_stale(struct store *s, int version, int64_t after_id, size_t limit,
                         int64_t **ids, size_t *n);

/* 1 when the feed already holds an article with this guid, 0 when not, -1
 * on failure. */
int store_article_known(struct store *s, int64_t feed_id, const char *guid);

/* 1 when an article stored here ever named symbol (normalised), 0 when
 * none did, -1 with err set on failure. */
int store_symbol_seen(struct store *s, const char *symbol);

/* Total number of stored articles (an index count; fast). */
int64_t store_articles_count(struct store *s);

/* How many articles f lets through, counting at most cap (a bad FTS5 query
 * is an error, as for store_articles_page). Costs about what reading cap
 * rows of the list costs. Returns the count or -1 with err set. */
int64_t store_articles_count_upto(struct store *s, const struct article_filter *f, int64_t cap);

/* Unread articles of feed_id (0: of every feed), counting at most cap: an
 * index-only walk of at most cap entries. Returns the count or -1 with err
 * set. */
int64_t store_articles_unread(struct store *s, int64_t feed_id, int64_t cap);

#endif
