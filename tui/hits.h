/* hits: where the words of a full-text search appear in drawn text, so the
 * list's headlines and the article pane can mark them. UI thread only. */
#ifndef BULLPEN_TUI_HITS_H
#define BULLPEN_TUI_HITS_H

#include <stddef.h>
#include <wchar.h>

#include "tui/term.h"

#define HITS_MAX_TERMS 8

/* The words of a query, lower-cased; a word written with a trailing '*'
 * matches as a prefix, any other as a whole word, as FTS5 matches tokens.
 * Operators (AND, OR, NOT, NEAR) and column names are left out. */
struct hits {
    wchar_t term[HITS_MAX_TERMS][48];
    size_t len[HITS_MAX_TERMS];
    int prefix[HITS_MAX_TERMS];
    int n;
};

/* Reads the words of query (UTF-8, may be NULL or empty: no words). */
void hits_parse(const char *query, struct hits *h);

/* Sets mark[i] to 1 for each of t's n characters inside a hit (others are
 * left as they are). Returns the number of hits. */
size_t hits_mark(const struct hits *h, const struct tchar *t, size_t n, unsigned char *mark);

#endif
