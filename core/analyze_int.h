/* analyze_int: what the analyser's files share (tokens, the word table, the
 * per-sentence passes). Internal to core/analyze*.c. */
#ifndef BULLPEN_CORE_ANALYZE_INT_H
#define BULLPEN_CORE_ANALYZE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/analyze.h"

/* A sentence longer than this many tokens is cut in two: it keeps per-run
 * memory fixed and hostile input (one 10 MB "sentence") linear. */
#define TOK_MAX 256
/* Words longer than this are never looked up (no entry is that long). */
#define NORM_MAX 48
#define PHRASE_WORDS 8

enum tok_kind { TK_WORD, TK_NUM, TK_CASHTAG, TK_PUNCT };

enum tok_flag {
    TF_CAP = 1 << 0,      /* first letter upper case */
    TF_ALLCAPS = 1 << 1,  /* every letter upper case (and at least one) */
    TF_POSS = 1 << 2,     /* possessive 's cut off the span */
    TF_PCT = 1 << 3,      /* number followed by % */
    TF_CURRENCY = 1 << 4, /* number right after $, EUR sign... */
    TF_HYPHEN = 1 << 5,   /* joined to the previous token by '-' */
    TF_PLUS = 1 << 6,     /* number written +5 */
    TF_MINUS = 1 << 7,    /* number written -5 */
};

struct tok {
    uint32_t b0, b1;             /* byte span in the text */
    uint32_t c0, c1;             /* character span */
    uint16_t norm_off, norm_len; /* normalised form in the sentence's norm buffer */
    uint8_t kind;
    char punct; /* for TK_PUNCT: the ASCII character, '-' for dashes, '$' for currency */
    uint16_t flags;
    int32_t info;  /* index into analyzer->words, or -1 */
    uint32_t hash; /* low bits of the normalised form's hash (AN_HASH_SEED's when none) */
};

struct sentence {
    struct tok t[TOK_MAX];
    size_t n;
    char norm[TOK_MAX * (NORM_MAX + 1)];
    size_t norm_len;
    uint32_t b0, b1, c0, c1;
    int in_title;
    int caps_heavy; /* most words upper case: bare symbols are not trusted */
};

/* A lexicon entry or alias of several words, split for matching. */
struct multi {
    const char *text;
    uint8_t n_words;
    uint8_t wlen[PHRASE_WORDS];
    uint32_t flags;
    float sent, mult;
    uint32_t sym;   /* aliases: index into analyzer->syms */
    uint32_t hash1; /* low bits of the second word's hash: most candidates end there */
    /* On the first entry of each first word's group (index_multi): a bit
     * (hash & 63) per second word of the group's entries, and how many of
     * them have more than one word (sorted first), so that a word followed
     * by none of those second words skips the group at once. */
    uint64_t next_mask;
    uint32_t n_long;
};

/* Everything known about one normalised word. */
struct winfo {
    const char *key;
    uint32_t keylen;
    uint32_t hash;  /* low bits of the key's hash: most misses end here */
    uint32_t flags; /* LX_* of the single word */
    float sent, mult;
    uint32_t phr0, nphr; /* phrases starting with this word, longest first */
    uint32_t al0, nal;   /* aliases starting with this word, longest first */
    uint32_t role;       /* SR_* bits: the word's part in a pattern of analyze_sent.c; WR_*
                            bits (analyze_data.h): the small lists of data/word_roles.txt */
};

struct an_sym {
    char symbol[16];
    const char *name; /* static (directory) or owned by the analyzer (user) */
};

struct analyzer {
    struct winfo *words;
    size_t n_words, cap_words;
    uint32_t *slots; /* hash table: index+1 into words, 0 empty */
    size_t n_slots;
    struct multi *phrases;
    size_t n_phrases;
    struct multi *aliases;
    size_t n_aliases;
    struct an_sym *syms; /* directory first (sorted), then user-only symbols */
    size_t n_syms, n_dir_syms;
    char **owned; /* strings from the user's alias file */
    size_t n_owned;
    int32_t ascii_info[128]; /* an_lookup of each one-byte word: the punctuation tokens */
};

/* analyze.c: the word table is hashed with FNV-1a. */
#define AN_HASH_SEED 1469598103934665603ull
static inline uint64_t an_hash_step(uint64_t h, unsigned char c)
{
    return (h ^ c) * 1099511628211ull;
}
int32_t an_lookup(const struct analyzer *an, const char *s, size_t len);
int32_t an_lookup_hashed(const struct analyzer *an, const char *s, size_t len, uint64_t h);
/* Index into an->syms of an upper-case symbol ("BRK.B" and "BRK-B" alike), or -1. */
int32_t an_find_symbol(const struct analyzer *an, const char *s, size_t len);
int an_is_ticker_stop(const char *sym);

/* analyze_tok.c: the tokeniser. Reads the next sentence starting at *pos and
 * advances it; *cpos keeps the character count. Returns 0 at the end. */
struct tok_cursor {
    const unsigned char *s;
    size_t len, pos, title_len;
    uint32_t cpos;
};
int tok_next_sentence(const struct analyzer *an, struct tok_cursor *cur, struct sentence *se);
static inline const char *tok_norm(const struct sentence *se, const struct tok *t)
{
    return se->norm + t->norm_off;
}
/* Whether token i (past the end: no) is the word w, in normalised (lower
 * case) form. Most words differ in their first letter, which is tested
 * first. */
static inline int tok_word_is(const struct sentence *se, size_t i, const char *w)
{
    if (i >= se->n || se->t[i].kind != TK_WORD) return 0;
    const char *s = tok_norm(se, &se->t[i]);
    if (s[0] != w[0]) return 0;
    size_t n = strlen(w);
    return se->t[i].norm_len == n && memcmp(s, w, n) == 0;
}
/* The role bits (SR_*, WR_*) of token i, a word (0 past the end and for
 * numbers, cashtags and punctuation): whether it is in one of the lists of
 * data/word_roles.txt is one look. */
static inline uint32_t tok_roles(const struct analyzer *an, const struct sentence *se, size_t i)
{
    if (i >= se->n || se->t[i].kind != TK_WORD || se->t[i].info < 0) return 0;
    return an->words[se->t[i].info].role;
}
/* Longest multi-word entry of list [first, first+count) matching at token i;
 * returns its index or -1, and its token length in *ntok. need_caps is set
 * for the aliases: words after the first need a capital, and a possessive
 * stands inside only where the alias's ALIAS_POSS* flags allow it. */
int32_t tok_match_multi_from(const struct sentence *se, size_t i, const struct multi *list,
                             uint32_t k, uint32_t end, int need_caps, size_t *ntok);
static inline int32_t tok_match_multi(const struct sentence *se, size_t i, const struct multi *list,
                                      uint32_t first, uint32_t count, int need_caps, size_t *ntok)
{
    uint32_t k = first;
    if (!count) return -1;
    /* Most words are followed by none of their group's second words: that
     * is answered here, without a call. */
    if (i + 1 >= se->n || !((list[first].next_mask >> (se->t[i + 1].hash & 63)) & 1)) {
        k += list[first].n_long; /* no entry of several words can match here */
        if (k == first + count) return -1;
    }
    return tok_match_multi_from(se, i, list, k, first + count, need_caps, ntok);
}

/* analyze_tickers.c */
struct mention {
    uint32_t sym;
    uint16_t t0, t1; /* token range [t0, t1) */
    uint8_t ambiguous;
};
size_t tickers_find(const struct analyzer *an, const struct sentence *se, struct mention *out,
                    size_t max);

/* analyze_roles.c: a company's part in a sentence it is not the subject of.
 * Whether mention m names the source of the news ("analysts at Goldman",
 * "Morgan Stanley upgrades Apple"); several: another company is named. */
int roles_is_source(const struct analyzer *an, const struct sentence *se, const struct mention *m,
                    int several);
/* Whether the company named at token a is a holding ("a stake in Snap") or
 * a rival beaten ("beat out Boeing"), also as a later item of a list. */
int roles_is_holding(const struct analyzer *an, const struct sentence *se, size_t a);
int roles_is_beaten(const struct analyzer *an, const struct sentence *se, size_t a);
/* Whether it is the rival someone competes with ("compete with Kestrel"). */
int roles_is_rival(const struct analyzer *an, const struct sentence *se, size_t a);
/* The cause word of the reason given for the move of the company named
 * first, its name ending before token b ("Boeing surged after Kestrel ..."),
 * or SIZE_MAX; sym is its symbol, ms the sentence's mentions. */
size_t roles_cause_of_move(const struct analyzer *an, const struct sentence *se, size_t b,
                           const struct mention *ms, size_t nm, uint32_t sym);
/* Whether clause [a, b), naming no company, goes on with the one before it:
 * no subject of its own before its verb, or one that points back ("its
 * shares", "the company"). */
int roles_clause_goes_on(const struct analyzer *an, const struct sentence *se, size_t a, size_t b);
/* A relative clause after a comma (", which ..."): [*a, *b) from its comma
 * to the comma before the main clause's verb, or to the end; 0 if none. */
int roles_relative_aside(const struct analyzer *an, const struct sentence *se, size_t *a,
                         size_t *b);

/* analyze_sent.c and analyze_qty.c: a sentence read as lexicon entries (the
 * longest phrase at each position, or one token). */
struct ent {
    uint16_t t0, len; /* tokens covered */
    uint16_t reach;   /* tokens a cue phrase spans (negators reach past it) */
    int8_t qpol;      /* +1 a good quantity (sales), -1 a bad one (costs), QTY_NEUTRAL, 0 */
    uint8_t kind;     /* enum tok_kind of the first token */
    uint8_t firm;     /* a move, a result against expectations or an analyst's action,
                         not a loose sentiment word */
    uint32_t flags;   /* LX_* */
    float sent, mult;
};
#define QTY_NEUTRAL 2 /* a quantity whose moves take no side (policy rates) */
struct sent_ctx {
    const struct analyzer *an;
    const struct sentence *se;
    size_t n;
    size_t words;          /* word tokens */
    int has_num, has_base; /* a number; a word that starts a comparison base */
    struct ent e[TOK_MAX];
};
/* Whether entry k is the single word w (n bytes); ENT_IS for literals. */
static inline int ent_is_n(const struct sent_ctx *c, size_t k, const char *w, size_t n)
{
    const struct ent *e = &c->e[k];
    if (e->len != 1 || e->kind != TK_WORD) return 0;
    const struct tok *t = &c->se->t[e->t0];
    return n == t->norm_len && memcmp(tok_norm(c->se, t), w, n) == 0;
}
#define ENT_IS(c, k, lit) ent_is_n((c), (k), (lit), sizeof(lit) - 1)
/* The LX_* flags of entry k's first word (0 for numbers and punctuation). */
static inline uint32_t ent_wflags(const struct sent_ctx *c, size_t k)
{
    const struct tok *t = &c->se->t[c->e[k].t0];
    return t->kind == TK_WORD && t->info >= 0 ? c->an->words[t->info].flags : 0;
}
/* Whether entry k starts with the word w ("compared with" for "compared"). */
int ent_starts_word(const struct sent_ctx *c, size_t k, const char *w);
/* The quantity a direction at entry k moves ("costs rose", "cut costs",
 * "rising costs", "a decline in sales"): +1 good, -1 bad, QTY_NEUTRAL, 0 none; its entry
 * index in *qk. */
int qty_pair(const struct sent_ctx *c, size_t k, size_t *qk);
/* The direction the figures show: "rose to $13.1 million from $8.7 million",
 * "$15.8 million, up from $11.3 million", "a profit of $9 million, compared with a
 * loss": +1 good, -1 bad, 0 nothing to compare. [*b0, *b1) are the entries of
 * the comparison base ("from $8.7 million"), which says nothing about now;
 * *qk the entry of the quantity that moved. */
int qty_trend(const struct sent_ctx *c, size_t *b0, size_t *b1, size_t *qk);

/* analyze_sent.c */
/* The words the sentence patterns start from, marked once in the word table
 * (analyzer_new) so that a glance at a token tells whether a pattern may
 * start there. */
enum sent_role {
    SR_LESS = 1 << 0,     /* "smaller"-than-expected */
    SR_MORE = 1 << 1,     /* "bigger"-than-expected */
    SR_SWING = 1 << 2,    /* "swung" to a profit */
    SR_WIN = 1 << 3,      /* "won" a contract */
    SR_WON = 1 << 4,      /* won a "contract" */
    SR_SAVE = 1 << 5,     /* "save" $2 billion */
    SR_TIMES = 1 << 6,    /* three "times" faster */
    SR_NAME_END = 1 << 7, /* the Strong Growth "Fund" */
    SR_CAUSE = 1 << 8     /* shares fall "as" demand weakens */
};
struct sent_role_word {
    const char *word;
    uint16_t role;
};
extern const struct sent_role_word sent_role_words[];
extern const size_t sent_n_role_words;
/* The SR_* roles of entry k's first word (0 for numbers and punctuation). */
static inline uint16_t ent_role(const struct sent_ctx *c, size_t k)
{
    const struct tok *t = &c->se->t[c->e[k].t0];
    return t->kind == TK_WORD && t->info >= 0 ? c->an->words[t->info].role : 0;
}

/* analyze_cues.c: the patterns a sentence's entries are read by, each about
 * entry k (its file says what each finds; *end is the entry after what a
 * pattern covers). */
int cue_figure_follows(const struct sent_ctx *c, size_t k);
int cue_pct_follows(const struct sent_ctx *c, size_t k);
int cue_off_by_pct(const struct sent_ctx *c, size_t k);
int cue_updown_after_qty(const struct sent_ctx *c, size_t k);
size_t cue_expectation_after(const struct sent_ctx *c, size_t k);
int cue_raises_money(const struct sent_ctx *c, size_t k);
int cue_surprise_at(const struct sent_ctx *c, size_t k, size_t *end);
int cue_swing_at(const struct sent_ctx *c, size_t k, size_t *end);
void cue_swing_base(const struct sent_ctx *c, size_t k, unsigned char *used);
int cue_wins_at(const struct sent_ctx *c, size_t k, size_t *end);
int cue_measured(const struct sent_ctx *c, size_t k);
int cue_is_failure(const struct sent_ctx *c, size_t k);
size_t cue_gains_from(const struct sent_ctx *c, size_t k);
struct sent_result {
    double raw;                  /* summed contributions */
    double score;                /* raw squashed into [-1, 1] */
    double co_raw, co;           /* the same read for a company it names (LONG_SCALE_CO) */
    int hits;                    /* sentiment-bearing matches */
    uint32_t cues;               /* LX_FORECAST | LX_ATTRIB | LX_COMPARE seen */
    int figure;                  /* a number with a unit, or a vague amount */
    int than_tok;                /* first "than"/"versus" token, or -1 */
    uint8_t cue_at[TOK_MAX / 8]; /* bit per token: a claim cue starts there */
};
void sent_score_sentence(const struct analyzer *an, const struct sentence *se,
                         struct sent_result *r);
/* The same for tokens [t0, t1) only: one clause of the sentence. */
void sent_score_range(const struct analyzer *an, const struct sentence *se, size_t t0, size_t t1,
                      struct sent_result *r);

/* analyze_claims.c: a sentence's clauses, where a claim may stand on its own:
 * split at ";" and at ", but", ", while", ", whereas", ", although", and at
 * ", and" when a new subject and its verb follow. Fills out[i] with token
 * ranges [start, end) (the joining words left out); returns how many. */
#define CLAUSE_MAX 16
size_t clauses_split(const struct analyzer *an, const struct sentence *se, uint16_t (*out)[2],
                     size_t max);
double sent_squash(double raw);

#endif
