/* analyze: reads a text the way an analyst would: the tickers it names, the
 * claims it makes, and its sentiment overall, per ticker and per claim. */
#ifndef BULLPEN_CORE_ANALYZE_H
#define BULLPEN_CORE_ANALYZE_H

#include <stddef.h>
#include <stdint.h>

/* Bumped whenever the analyser's output for the same text may change, so
 * `bullpen reanalyze` knows which stored articles are stale. */
#define ANALYZER_VERSION 11

/* Offsets are kept twice: in bytes of the UTF-8 input (for slicing) and in
 * characters (code points), which is what the JSON output reports. Half-open
 * [start, end). */
struct span {
    uint32_t start, end;   /* characters */
    uint32_t bstart, bend; /* bytes */
};

struct ticker_hit {
    char symbol[16];
    const char *name; /* company name from the directory; static, may be NULL */
    int mentions;
    double relevance;   /* [0, 1] */
    double score;       /* [-1, 1] from the sentences that concern it */
    struct span *spans; /* malloc'd, n_spans entries */
    size_t n_spans;
};

enum claim_kind {
    CLAIM_FIGURE = 0, /* a number: 30%, $4.2 billion, basis points */
    CLAIM_FORECAST,   /* expects, will, plans to, guidance */
    CLAIM_ATTRIBUTED, /* X says, analysts estimate */
    CLAIM_COMPARISON, /* better than, ahead of, the leader */
};

struct claim {
    struct span span;
    enum claim_kind kind;
    double score;
    char (*tickers)[16]; /* malloc'd, n_tickers symbols */
    size_t n_tickers;
};

/* Sentences in an article's summary, at most (core/summary.h). */
#define SUMMARY_MAX 3

/* The result of one run. Free with analysis_free(). */
struct analysis {
    double score; /* [-1, 1] */
    struct ticker_hit *tickers;
    size_t n_tickers;
    struct claim *claims;
    size_t n_claims;
    /* The sentences that say the most, in text order (core/summary.h);
     * no memory of their own. */
    struct span summary[SUMMARY_MAX];
    size_t n_summary;
};

/* The loaded symbol directory, aliases and lexicon. Immutable once built, so
 * threads may share one. */
struct analyzer;

/* Builds an analyser from the compiled-in data plus, when alias_path is not
 * NULL and the file exists, the user's extra aliases ("ALIAS = SYMBOL" lines).
 * Returns NULL with err set. Free with analyzer_free(). */
struct analyzer *analyzer_new(const char *alias_path);
void analyzer_free(struct analyzer *an);

/* Analyses text (len bytes of UTF-8, invalid bytes tolerated). The first
 * title_len bytes are the headline (0 when there is none), which weighs more
 * in relevance. Fills *out (caller frees with analysis_free). Returns 0, or
 * -1 with err set when memory runs out. */
int analyzer_run(const struct analyzer *an, const char *text, size_t len, size_t title_len,
                 struct analysis *out);

void analysis_free(struct analysis *a);

struct article;
struct sbuf;

/* Analyses an article as stored and shown: the text of
 * article_compose_text, its title weighing as the headline. scratch is a
 * buffer the caller reuses across calls (and frees). Returns 0 or -1 with
 * err set; *out as for analyzer_run. */
int analyzer_run_article(const struct analyzer *an, const struct article *a, struct sbuf *scratch,
                         struct analysis *out);

/* Sentiment score of one text only (what `bullpen score` prints). */
double analyzer_score(const struct analyzer *an, const char *text, size_t len);

/* Where a score stops reading as neutral: at +-SENTIMENT_BAND it is
 * moderately positive or negative. Labels, colours, list marks and the
 * pos/neg/neutral filters all draw the line here, and the analyser
 * calibrates its raw scale onto it. */
#define SENTIMENT_BAND 0.15

/* 1 at or above the band, -1 at or below its negative, 0 inside it. */
int sentiment_side(double score);

/* Sentiment toward one target in a text (what `bullpen score --target`
 * prints). target is a symbol ("AAPL"), a company name the analyser knows
 * ("Apple Inc") or any other name, matched as text (case-insensitive): then
 * the clauses that contain it are scored. A target the text never names
 * gets the text's overall score. Returns 0 on error (err set). */
double analyzer_score_target(const struct analyzer *an, const char *text, size_t len,
                             const char *target);

/* The symbol a target means: a symbol of the directory as written
 * ("NVDA"), or the company a name names ("Nvidia", "Jack Henry"). Copies it
 * into out and returns 1, or returns 0 when the analyser knows none. */
int analyzer_resolve(const struct analyzer *an, const char *target, char out[16]);

/* "negative", "moderately negative", "neutral", "moderately positive" or
 * "positive" by the product's thresholds; static. */
const char *sentiment_label(double score);

/* "figure", "forecast", "attributed", "comparison"; static. */
const char *claim_kind_name(enum claim_kind k);

/* Looks a symbol up in the directory: returns the company name (static) or
 * NULL when the symbol is unknown. */
const char *analyzer_symbol_name(const struct analyzer *an, const char *symbol);

#endif
