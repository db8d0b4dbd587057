/* article: one news item as bullpen keeps it, the unit every part passes
 * around (parsers produce it, the analyser reads it, storage writes it). */
#ifndef BULLPEN_CORE_ARTICLE_H
#define BULLPEN_CORE_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

/* A provider's own per-ticker sentiment (Alpha Vantage ticker_sentiment). */
struct provider_ticker {
    char symbol[24];
    double relevance, score;
    char label[24];
};

/* Every string is malloc'd, NUL-terminated UTF-8 plain text (no markup, no
 * control characters except '\n' and '\t'), or NULL when absent. The owner
 * releases them with article_clear(). */
struct article {
    int64_t id;      /* store row id; 0 before it is stored */
    int64_t feed_id; /* 0 when not known */
    char *guid;      /* identity within its feed; never NULL once parsed */
    char *title, *link, *author, *summary, *content;
    /* unix seconds UTC. When the source gave no date, or one that could not
     * be read, the parser sets it to the `now` it was given and date_missing
     * to 1 (so lists still sort sensibly, and exports can say "no date"). */
    int64_t published;
    int date_missing;
    /* When the source says the item last changed (Atom updated, JSON Feed
     * date_modified, dcterms:modified), unix seconds UTC; has_updated 0
     * when it said nothing readable. Shown beside published when later;
     * published still orders (it is the updated time when that was the
     * only date given). */
    int64_t updated;
    int has_updated;
    int64_t fetched; /* unix seconds UTC when first seen */
    /* Sentiment the source brought with it (Alpha Vantage); has_provider 0
     * when none. */
    int has_provider;
    double provider_score;
    char *provider_label;
    struct provider_ticker *provider_tickers; /* malloc'd array */
    size_t n_provider_tickers;
    /* summary and content already packed for the store (article_pack), so
     * the thread that parses does the packing instead of the one that
     * writes; NULL when not packed (the store then packs them itself).
     * malloc'd, owned like the strings. */
    unsigned char *summary_packed, *content_packed;
    size_t summary_packed_len, content_packed_len;
};

struct sbuf;

/* The text the analyser reads and the detail pane shows: the title, a blank
 * line, then the content (or the summary when there is no content). Appends
 * to out and sets *title_len to the title's length in bytes. Offsets of
 * stored mentions and claims refer to this text. Returns 0 or -1 (memory). */
int article_compose_text(const struct article *a, struct sbuf *out, size_t *title_len);

/* What every list, pane and alert line shows for an article without a title
 * (NULL or ""): title itself otherwise. Not owned by the caller. */
const char *article_title_shown(const char *title);

struct textpack;

/* Packs summary and content as the store keeps them (core/textpack.h),
 * filling the *_packed fields; text too short or too random to shrink stays
 * unpacked. tp is the caller's, reused across articles. Returns 0, or -1
 * with err set (memory). */
int article_pack(struct article *a, struct textpack *tp);

/* Frees every owned field and zeroes the struct (safe on a zeroed one). */
void article_clear(struct article *a);

#endif
