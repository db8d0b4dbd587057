/* notes: what the research notes keep in the store. An article's summary
 * (character offsets written with its analysis, see core/summary.h) read
 * back as spans or as text, and the notes a language model wrote about an
 * article, one per article and model.
 *
 * Threads: like every storage call, on the thread that owns the store
 * connection. Returned strings are malloc'd and the caller's. */
#ifndef BULLPEN_STORAGE_NOTES_H
#define BULLPEN_STORAGE_NOTES_H

#include <stddef.h>
#include <stdint.h>

#include "core/analyze.h"
#include "core/article.h"
#include "core/llm.h"
#include "core/str.h"

struct store;
struct mention_row;
struct claim_row;

/* The stored summary spans of article id into out[SUMMARY_MAX], character
 * offsets only. Returns how many (0 when the article has none: not found,
 * not analysed since summaries began, or no sentence worth it), or -1 with
 * err set. */
int store_article_digest(struct store *s, int64_t id, struct span *out);

/* The summary of article id as one line of text (its sentences joined, not
 * sanitised: callers that print it clean it as they clean the article).
 * Sets *out to a malloc'd string the caller frees, or NULL when the article
 * has no summary. Returns 0 or -1 with err set. */
int store_article_summary(struct store *s, int64_t id, char **out);

/* A note as stored. Free the strings with store_note_clear. */
struct note_row {
    int64_t article_id;
    char *model;
    int64_t created; /* unix seconds */
    int has_sentiment;
    double sentiment; /* the model's overall score, [-1, 1] */
    char *body;       /* the note as validated JSON (core/llm.h's shape) */
};
void store_note_clear(struct note_row *n);

/* The note on article id by model. Returns 1 and fills *out when there is
 * one, 0 when not, -1 with err set. */
int store_note_get(struct store *s, int64_t id, const char *model, struct note_row *out);

/* Stores (or replaces) a note; n->model and n->body must be set. In one
 * statement, so a note is whole or absent. Returns 0 or -1 with err set
 * (the article gone counts as an error). */
int store_note_put(struct store *s, const struct note_row *n);

/* Validates answer (the model's text) as a note (core/llm.h) and stores it
 * for article id and model, normalised. Nothing is stored unless the whole
 * note is good. Fills *parsed when it is not NULL (free with
 * llm_note_free). Returns 0, or -1 with err set (a bad shape names what is
 * wrong). */
int store_note_save(struct store *s, int64_t id, const char *model, const char *answer, size_t len,
                    int64_t now, struct llm_note *parsed);

/* Everything bullpen tells the model about article id, read from the store:
 * f points into the rest. Free with store_note_facts_free. */
struct note_facts {
    struct llm_facts f;
    struct article a;
    struct sbuf text;
    char *source;
    struct mention_row *m;
    size_t nm;
    struct llm_fact_ticker *tk;
    struct claim_row *c;
    size_t nc;
    struct llm_fact_claim *cl;
    char **claim_text;
};
/* Returns 1 when found, 0 when there is no such article, -1 with err set. */
int store_note_facts(struct store *s, int64_t id, struct note_facts *out);
void store_note_facts_free(struct note_facts *nf);

#endif
