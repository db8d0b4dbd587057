/* analyze_data: the tables data/gen_data.py compiles into the binary from
 * data/ (symbol directory, aliases, stoplists, lexicon and rules). Internal to
 * the analyser; everything here is static and read-only.
 *
 * Strings are offsets into one pool per generated file (symdata_names for
 * the symbol directory, aliases and word lists; symdata_words for the
 * lexicon and roles), not pointers: a table of pointers is relocated by the
 * loader at every start of every command (about 50,000 pointers, 160 page
 * faults), a table of offsets is read-only data left on disk until read. */
#ifndef BULLPEN_CORE_ANALYZE_DATA_H
#define BULLPEN_CORE_ANALYZE_DATA_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern const char symdata_names[];
extern const char symdata_words[];

/* The string at an offset into symdata_names / symdata_words. */
static inline const char *symdata_name_at(uint32_t off)
{
    return symdata_names + off;
}
static inline const char *symdata_word_at(uint32_t off)
{
    return symdata_words + off;
}

static inline int symdata_cmp_name(const void *key, const void *elem)
{
    return strcmp(key, symdata_name_at(*(const uint32_t *)elem));
}
/* Whether key is in list, n offsets into symdata_names sorted by their
 * strings (the word lists below). */
static inline int symdata_in_list(const uint32_t *list, size_t n, const char *key)
{
    return bsearch(key, list, n, sizeof *list, symdata_cmp_name) != NULL;
}

/* One listed company. Sorted by symbol (strcmp) so bsearch works. Offsets
 * into symdata_names. */
struct symdata_sym {
    uint32_t symbol;   /* "BRK-B": class shares use '-' */
    uint32_t name;     /* legal name as filed with the SEC */
    uint32_t exchange; /* "Nasdaq", "NYSE", "OTC", "CBOE" or "" */
};

enum {
    ALIAS_AMBIG = 1 << 0,   /* a common word: needs company context */
    ALIAS_CURATED = 1 << 1, /* from data/aliases.txt */
    ALIAS_LOWER = 1 << 2,   /* written with a small first letter too (eBay, lululemon) */
    ALIAS_POSS = 1 << 3,    /* only as a possessive: "Kohl's" (KOHLS CORP), "Moody's" */
    ALIAS_POSS_IN = 1 << 4, /* a possessive inside: "Victoria's Secret" */
};

/* One company alias: normalised words (lower case, one space between). */
struct symdata_alias {
    uint32_t text; /* offset into symdata_names */
    uint16_t sym;  /* index into symdata_syms */
    uint16_t flags;
};

/* Roles a lexicon entry can play; one entry may have several. */
enum {
    LX_SENT = 1u << 0,     /* carries a sentiment weight (sent) */
    LX_NEGATOR = 1u << 1,  /* flips what follows */
    LX_INTENS = 1u << 2,   /* multiplies what follows by mult (>1 or <1) */
    LX_HEDGE = 1u << 3,    /* damps its clause by mult */
    LX_BUT = 1u << 4,      /* "but", "however": what follows counts more */
    LX_DESPITE = 1u << 5,  /* "despite", "although": its clause counts less */
    LX_DIR = 1u << 6,      /* a direction (rise, cut): flips next to a bad quantity */
    LX_BADQTY = 1u << 7,   /* a quantity that is bad when it grows (costs, losses) */
    LX_FORECAST = 1u << 8, /* claim cue: forward-looking */
    LX_ATTRIB = 1u << 9,   /* claim cue: says, according to */
    LX_COMPARE = 1u << 10, /* claim cue: better than, ahead of */
    LX_SCALE = 1u << 11,   /* billion, basis points: makes a figure */
    LX_ABBREV = 1u << 12,  /* a trailing '.' does not end the sentence */
    LX_CORP = 1u << 13,    /* Inc, Corp: company context */
    LX_EXCH_US = 1u << 14, /* exchange name, US */
    LX_EXCH = 1u << 15,    /* exchange name, elsewhere */
    LX_COMMON = 1u << 16,  /* common English word */
    LX_NUMWORD = 1u << 17, /* tens, hundreds, several: vague figures */
    LX_UPDOWN = 1u << 18,  /* "up", "down": a direction only before a figure */
    LX_GOODQTY = 1u << 19, /* a quantity that is good when it grows (sales, profit) */
    LX_EXPVERB = 1u << 20, /* "beat", "missed", "below": weighs mult before an expectation */
    LX_EXPNOUN = 1u << 21, /* "estimates", "consensus", "expected" */
    LX_RATEACT = 1u << 22, /* "upgraded", "downgraded": decides over the ratings named */
    LX_RATING = 1u << 23,  /* "to buy from", "at neutral": a rating an action names */
    LX_NEUTQTY = 1u << 24, /* a quantity whose moves are neither good nor bad (policy rates) */
    /* Function words the quantity passes look for, flagged so that a glance
     * at a token's entry answers (analyze_qty.c). */
    LX_LSTOP = 1u << 25,  /* ends a direction's subject: "and", "as", "after" */
    LX_RSTOP = 1u << 26,  /* ends a direction's object: "on", "to", "from" */
    LX_BASEW = 1u << 27,  /* starts a comparison base: "from", "compared", "versus" */
    LX_BFILL = 1u << 28,  /* may stand inside a base before its figure: "a", "of", "EUR" */
    LX_APPROX = 1u << 29, /* "nearly", "about": between "up" and its figure */
    LX_ADJDIR = 1u << 30, /* a direction read as an adjective: "higher", "record" */
};
/* A direction that judges as it moves ("improved", "worsened"): a bad
 * quantity does not turn it round ("the cost-to-income ratio improved").
 * Outside the enum, which holds only int values. */
#define LX_EVAL (1u << 31)

struct symdata_lex {
    uint32_t text; /* offset into symdata_words: normalised words, one space between */
    uint32_t flags;
    float sent; /* sentiment weight in [-1, 1] when LX_SENT */
    float mult; /* multiplier for LX_INTENS / LX_HEDGE */
};

extern const struct symdata_sym symdata_syms[];
extern const size_t symdata_n_syms;
extern const struct symdata_alias symdata_aliases[];
extern const size_t symdata_n_aliases;
/* Word lists below are offsets into symdata_names, sorted by the strings
 * (strcmp). Upper-case symbols never taken bare: */
extern const uint32_t symdata_ticker_stop[];
extern const size_t symdata_n_ticker_stop;

/* Lower-case words after a company name: ones that show the name used in
 * its ordinary sense ("Apple orchards"), and ones that show a company
 * ("Target said"); both sorted (strcmp). */
extern const uint32_t symdata_name_not_after[];
extern const size_t symdata_n_name_not_after;
extern const uint32_t symdata_name_cue_after[];
extern const size_t symdata_n_name_cue_after;
/* Lower-case words before a company name that show a company ("discount
 * chain Target", "oil major Shell"); sorted (strcmp). */
extern const uint32_t symdata_name_cue_before[];
extern const size_t symdata_n_name_cue_before;
/* Two lower-case words before a company name that show a company, joined by
 * a space ("shares of", "stake in"); sorted (strcmp). */
extern const uint32_t symdata_name_cue_before_pair[];
extern const size_t symdata_n_name_cue_before_pair;

extern const struct symdata_lex symdata_lex[];
extern const size_t symdata_n_lex;

/* Roles from data/word_roles.txt, one bit per section, kept in the word
 * table's role bits (struct winfo) above the SR_* bits of analyze_int.h.
 * gen_data.py's ROLES holds the same numbers. */
enum {
    WR_REPORTER = 1 << 16,   /* analyst, economist, survey: reports on others */
    WR_OFFICIAL = 1 << 17,   /* president, chief, cio: a company's own people */
    WR_TRADE = 1 << 18,      /* provider, brokerage: a reporting business, before its name */
    WR_RESEARCH = 1 << 19,   /* research, analytics: "research firm Canalys" */
    WR_FIRM = 1 << 20,       /* firm, company, group: the second word of those */
    WR_DATA = 1 << 21,       /* data, figures: "according to data from Refinitiv" */
    WR_BROKER_ACT = 1 << 22, /* raises, cuts, initiates: a broker acting on a company */
    WR_VERB = 1 << 23,       /* is, has, will, said: a clause's verb */
    WR_SUBJECT = 1 << 24,    /* the, its, analysts: a clause's subject starts */
    WR_CONTRAST = 1 << 25,   /* but, while, yet: after a comma, a clause of its own */
    WR_CONCESSION = 1 << 26, /* while, although: an opening clause ends at its comma */
    WR_HOLDING = 1 << 27,    /* stake, positions, holder: "a stake in Twitter" */
    WR_RELATIVE = 1 << 28,   /* which, whose, who: ", which holds Zoom," */
    WR_BEATEN = 1 << 29,     /* outbid, beat (out): the rival beaten named next */
    WR_RIVALRY = 1 << 30,    /* compete, competition: "compete with Kestrel" */
};

struct symdata_role {
    uint32_t word;  /* offset into symdata_words: normalised (lower case) */
    uint32_t roles; /* WR_* */
};
/* Sorted by word (strcmp). */
extern const struct symdata_role symdata_roles[];
extern const size_t symdata_n_roles;

#endif
