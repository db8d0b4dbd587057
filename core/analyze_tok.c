/* analyze_tok: one pass over UTF-8 text that yields sentences of tokens, with
 * byte and character spans, normalised words and their word-table entries.
 * Invalid bytes count as one character each and separate words. */
#include <string.h>

#include "core/analyze_data.h"
#include "core/analyze_int.h"
#include "core/utf8.h"

enum cclass { C_SPACE, C_NEWLINE, C_WORD, C_APOS, C_DASH, C_CURRENCY, C_OTHER };

/* ASCII bytes: the class in the low bits and what a word is made of above,
 * so the tokeniser's inner loops read one table entry per byte. */
enum {
    A_CLASS = 7,
    A_LOWER = 8,
    A_UPPER = 16,
    A_DIGIT = 32,
    A_ALNUM = A_LOWER | A_UPPER | A_DIGIT
};
#define AB(c)                                                                                      \
    ((c) >= 'a' && (c) <= 'z'    ? C_WORD | A_LOWER                                                \
     : (c) >= 'A' && (c) <= 'Z'  ? C_WORD | A_UPPER                                                \
     : (c) >= '0' && (c) <= '9'  ? C_WORD | A_DIGIT                                                \
     : (c) == '\n'               ? C_NEWLINE                                                       \
     : (c) <= ' ' || (c) == 0x7F ? C_SPACE                                                         \
     : (c) == '\''               ? C_APOS                                                          \
     : (c) == '-'                ? C_DASH                                                          \
     : (c) == '$'                ? C_CURRENCY                                                      \
                                 : C_OTHER)
#define AB4(c) AB(c), AB((c) + 1), AB((c) + 2), AB((c) + 3)
#define AB16(c) AB4(c), AB4((c) + 4), AB4((c) + 8), AB4((c) + 12)
static const unsigned char ascii_bits[256] = {AB16(0),  AB16(16), AB16(32), AB16(48),
                                              AB16(64), AB16(80), AB16(96), AB16(112)};
/* The same bits above each byte's lower-case form: plain_word folds, tests
 * and gathers a byte's case from one entry. */
#define AF(c) (uint16_t)((AB(c) << 8) | ((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c)))
#define AF4(c) AF(c), AF((c) + 1), AF((c) + 2), AF((c) + 3)
#define AF16(c) AF4(c), AF4((c) + 4), AF4((c) + 8), AF4((c) + 12)
static const uint16_t ascii_fold[256] = {AF16(0),  AF16(16), AF16(32), AF16(48),
                                         AF16(64), AF16(80), AF16(96), AF16(112)};
#undef AF16
#undef AF4
#undef AF
#undef AB16
#undef AB4
#undef AB

static inline enum cclass classify(uint32_t cp)
{
    if (cp < 0x80) return (enum cclass)(ascii_bits[cp] & A_CLASS);
    if (cp == 0x2019 || cp == 0x2018) return C_APOS;
    if (cp >= 0x2010 && cp <= 0x2015) return C_DASH;
    if (cp == 0x20AC || cp == 0xA3 || cp == 0xA5) return C_CURRENCY;
    if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) return C_NEWLINE;
    if (cp < 0xA0 || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
        cp == 0x3000 || cp == 0xFEFF || cp == 0xFFFD)
        return C_SPACE;
    if ((cp >= 0x2016 && cp <= 0x206F) || cp == 0xAB || cp == 0xBB || cp == 0xB7 ||
        (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x1F000 && cp <= 0x1FAFF) ||
        (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x3001 && cp <= 0x303F) || cp == 0x200D)
        return C_OTHER;
    return C_WORD;
}

struct scan {
    const unsigned char *s;
    size_t len;
};

/* Class of the code point at byte p (C_SPACE past the end). */
static inline enum cclass class_at(const struct scan *sc, size_t p, uint32_t *cp, size_t *n)
{
    if (p >= sc->len) {
        *cp = 0, *n = 0;
        return C_SPACE;
    }
    unsigned c = sc->s[p];
    if (c < 0x80) {
        *cp = c, *n = 1;
        return classify(c);
    }
    *n = utf8_decode((const char *)sc->s + p, sc->len - p, cp);
    return classify(*cp);
}

static int is_digit_at(const struct scan *sc, size_t p)
{
    return p < sc->len && sc->s[p] >= '0' && sc->s[p] <= '9';
}

static int is_alnum_ascii(unsigned c)
{
    return (ascii_bits[c & 0xFF] & A_ALNUM) != 0;
}

static int starts_with(const struct scan *sc, size_t p, const char *lit)
{
    size_t n = strlen(lit);
    if (p + n > sc->len) return 0;
    for (size_t i = 0; i < n; i++)
        if ((sc->s[p + i] | 0x20) != (unsigned char)lit[i]) return 0;
    return 1;
}

/* Appends a token's normalised form and looks it up. Returns the OR of the
 * raw bytes' ascii_bits (what letters_case reads), or 0 for a form too long
 * to keep. */
static unsigned finish_norm(const struct analyzer *an, struct sentence *se, struct tok *t,
                            const char *raw, size_t n, int upper)
{
    t->norm_off = (uint16_t)se->norm_len;
    t->norm_len = 0;
    t->info = -1;
    t->hash = (uint32_t)AN_HASH_SEED;
    if (n > NORM_MAX) return 0;
    char *d = se->norm + se->norm_len;
    size_t k = 0;
    uint64_t h = AN_HASH_SEED;
    unsigned bits = 0;
    /* Case is folded by flipping bit 5 of the letters that need it. */
    unsigned fold = upper ? A_LOWER : A_UPPER;
    for (size_t i = 0; i < n; i++) {
        unsigned c = (unsigned char)raw[i];
        unsigned b = ascii_bits[c];
        bits |= b;
        if (b & fold) {
            c ^= 0x20;
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)raw[i + 1] == 0x80 &&
                   ((unsigned char)raw[i + 2] == 0x99 || (unsigned char)raw[i + 2] == 0x98)) {
            c = '\'';
            i += 2;
        }
        d[k++] = (char)c;
        h = an_hash_step(h, (unsigned char)c);
    }
    d[k] = '\0';
    t->norm_len = (uint16_t)k;
    t->hash = (uint32_t)h;
    se->norm_len += k + 1;
    if (!upper) t->info = an_lookup_hashed(an, d, k, h);
    return bits;
}

static struct tok *push(struct sentence *se)
{
    struct tok *t = &se->t[se->n++];
    memset(t, 0, sizeof *t);
    t->info = -1;
    return t;
}

static void push_punct(const struct analyzer *an, struct sentence *se, char p, size_t b0, size_t b1,
                       uint32_t c0)
{
    struct tok *t = push(se);
    t->kind = TK_PUNCT;
    t->punct = p;
    t->b0 = (uint32_t)b0, t->b1 = (uint32_t)b1;
    t->c0 = c0, t->c1 = c0 + 1;
    /* finish_norm's work for one ASCII byte, its lookup made once */
    t->norm_off = (uint16_t)se->norm_len;
    t->norm_len = 1;
    se->norm[se->norm_len] = p;
    se->norm[se->norm_len + 1] = '\0';
    se->norm_len += 2;
    t->hash = (uint32_t)an_hash_step(AN_HASH_SEED, (unsigned char)p);
    t->info = an->ascii_info[(unsigned char)p & 0x7F];
}

/* Reads a word starting at p: letters and digits, joined by '.', '&', an
 * apostrophe or a digit comma when a word character follows. */
static size_t scan_word(const struct scan *sc, size_t p, uint32_t *nchars)
{
    uint32_t cp;
    size_t n;
    *nchars = 0;
    while (p < sc->len) {
        /* The common case, plain ASCII letters and digits, without decoding. */
        size_t q = p;
        while (q < sc->len && is_alnum_ascii(sc->s[q]))
            q++;
        if (q > p) {
            *nchars += (uint32_t)(q - p);
            p = q;
            if (p >= sc->len) break;
        }
        enum cclass k = class_at(sc, p, &cp, &n);
        if (k == C_WORD) {
            p += n, (*nchars)++;
            continue;
        }
        int joiner = cp == '.' || cp == '&' || k == C_APOS ||
                     (cp == ',' && p > 0 && is_digit_at(sc, p - 1) && is_digit_at(sc, p + 1));
        if (!joiner) break;
        uint32_t cp2;
        size_t n2;
        if (class_at(sc, p + n, &cp2, &n2) != C_WORD) break;
        if (cp == ',' &&
            !(is_digit_at(sc, p + 1) && is_digit_at(sc, p + 2) && is_digit_at(sc, p + 3)))
            break;
        p += n, (*nchars)++;
    }
    return p;
}

/* The OR of the bytes' ascii_bits: a word is all capitals when its letters
 * are all upper case. */
static unsigned case_bits(const unsigned char *s, size_t n)
{
    unsigned bits = 0;
    for (size_t i = 0; i < n; i++)
        bits |= ascii_bits[s[i]];
    return bits;
}

/* The common word: ASCII letters and digits only, no longer than NORM_MAX,
 * followed by a byte that joins it to nothing more. Read, case-folded,
 * hashed and looked up in one pass (what scan_word and finish_norm do for
 * it in two); returns its end with the OR of its bytes' ascii_bits in
 * *bits, or 0 for any other word. */
static size_t plain_word(const struct analyzer *an, const struct scan *sc, size_t p,
                         struct sentence *se, struct tok *t, unsigned *bits)
{
    const unsigned char *s = sc->s;
    const unsigned char *w = s + p;
    size_t lim = sc->len - p > NORM_MAX ? NORM_MAX + 1 : sc->len - p, k = 0;
    char *d = se->norm + se->norm_len;
    uint64_t h = AN_HASH_SEED;
    unsigned acc = 0;
    for (; k < lim; k++) {
        unsigned f = ascii_fold[w[k]];
        if (!(f & (A_ALNUM << 8))) break;
        acc |= f;
        d[k] = (char)f;
        h = an_hash_step(h, (unsigned char)f);
    }
    acc >>= 8;
    size_t q = p + k;
    if (k == 0 || k == NORM_MAX + 1) return 0;
    if (q < sc->len) {
        unsigned c = s[q];
        if (c >= 0x80) return 0; /* a letter, an apostrophe or a space of another script */
        if ((c == '.' || c == '&' || c == ',' || c == '\'') && q + 1 < sc->len &&
            (s[q + 1] >= 0x80 || (ascii_bits[s[q + 1]] & A_ALNUM)))
            return 0; /* a joiner, maybe */
    }
    d[k] = '\0';
    t->norm_off = (uint16_t)se->norm_len;
    t->norm_len = (uint16_t)k;
    t->hash = (uint32_t)h;
    se->norm_len += k + 1;
    t->info = an_lookup_hashed(an, d, k, h);
    *bits = acc;
    return q;
}

/* Any other word (parts joined by '.', '&', an apostrophe or a digit comma,
 * letters of other scripts, a possessive, a long word): scanned, cut and
 * normalised. Returns its end; *nch is its characters with the possessive,
 * *bits what finish_norm returns. */
static size_t joined_word(const struct analyzer *an, const struct scan *sc, size_t p,
                          struct sentence *se, struct tok *t, uint32_t *nch, unsigned *bits)
{
    size_t e = scan_word(sc, p, nch);
    size_t we = e;
    uint32_t wch = *nch;
    /* Possessive: cut 's (or ’s) off the span and the form. */
    if (we - p > 2 && (sc->s[we - 1] == 's' || sc->s[we - 1] == 'S')) {
        if (sc->s[we - 2] == '\'') {
            we -= 2, wch -= 2;
            t->flags |= TF_POSS;
        } else if (we - p > 4 && sc->s[we - 4] == 0xE2 && sc->s[we - 3] == 0x80 &&
                   sc->s[we - 2] == 0x99) {
            we -= 4, wch -= 2;
            t->flags |= TF_POSS;
        }
    }
    t->b1 = (uint32_t)we, t->c1 = t->c0 + wch;
    *bits = finish_norm(an, se, t, (const char *)sc->s + p, we - p, 0);
    if (we - p > NORM_MAX) *bits = case_bits(sc->s + p, we - p);
    return e;
}

/* Whether a '.' at p ends the sentence (abbreviations and initials do not). */
static int period_ends(const struct analyzer *an, const struct scan *sc, size_t p,
                       const struct sentence *se)
{
    size_t q = p + 1;
    while (q < sc->len &&
           (sc->s[q] == ' ' || sc->s[q] == '\t' || sc->s[q] == '"' || sc->s[q] == ')'))
        q++;
    if (q < sc->len && ((sc->s[q] >= 'a' && sc->s[q] <= 'z') || is_digit_at(sc, q) ||
                        sc->s[q] == ',' || sc->s[q] == ';'))
        return 0;
    if (se->n > 0) {
        const struct tok *t = &se->t[se->n - 1];
        if (t->kind == TK_PUNCT && t->punct == '(' && t->b1 == p) return 0; /* <.SPX> */
        if (t->kind == TK_WORD && t->b1 == p) {
            if (t->b1 - t->b0 == 1 && (t->flags & TF_CAP)) return 0; /* initials */
            if (t->info >= 0 && (an->words[t->info].flags & LX_ABBREV)) return 0;
        }
    }
    return 1;
}

/* Whether the '.' at p, which does not end the sentence, belongs to the
 * abbreviation just before it because a word follows ("U.S. Bancorp",
 * "Citibank N.A. said", "Toyota's U.S. sales declined"): the word keeps it,
 * so that a name written across it matches and the period is no break. */
static int abbrev_joins(const struct analyzer *an, const struct scan *sc, size_t p,
                        const struct sentence *se)
{
    if (se->n == 0) return 0;
    const struct tok *t = &se->t[se->n - 1];
    if (t->kind != TK_WORD || t->b1 != p || t->info < 0 || !(an->words[t->info].flags & LX_ABBREV))
        return 0;
    size_t q = p + 1;
    if (q >= sc->len || sc->s[q] != ' ') return 0;
    while (q < sc->len && sc->s[q] == ' ')
        q++;
    return q < sc->len && (ascii_bits[sc->s[q]] & (A_UPPER | A_LOWER));
}

/* At a single newline (byte p): whether the line before it was a headline
 * or a list item that ends without a period ("Shares jump after results\n
 * The company said..."), rather than prose wrapped mid-sentence. Such a
 * line is short or mostly capitalised, does not end in a joining word or
 * mark, and the next line starts like a new sentence. */
static int line_ends_sentence(const struct scan *sc, size_t p, const struct sentence *se,
                              size_t line_tok0)
{
    static const char *const joiners[] = {
        "and", "or", "of",   "the", "a",   "an",   "to",    "in",  "for",   "with", "on",
        "at",  "by", "from", "as",  "but", "that", "which", "its", "their", "than", NULL};
    if (se->n == 0) return 0;
    const struct tok *last = &se->t[se->n - 1];
    if (last->kind == TK_PUNCT && last->punct != ')' && last->punct != '"' && last->punct != '$')
        return 0;
    if (last->kind == TK_WORD)
        for (const char *const *w = joiners; *w; w++)
            if (last->norm_len == strlen(*w) &&
                memcmp(se->norm + last->norm_off, *w, last->norm_len) == 0)
                return 0;
    size_t q = p + 1;
    while (q < sc->len && (sc->s[q] == ' ' || sc->s[q] == '\t'))
        q++;
    if (q >= sc->len) return 0;
    unsigned c = sc->s[q];
    int starts = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '"' || c == '$' ||
                 c == '*' || c == '-' || c == '#' ||
                 (c == 0xE2 && q + 2 < sc->len && sc->s[q + 1] == 0x80 &&
                  (sc->s[q + 2] == 0xA2 || sc->s[q + 2] == 0x9C)); /* bullet, opening quote */
    if (!starts) return 0;
    size_t b = p;
    while (b > 0 && sc->s[b - 1] != '\n' && p - b < 200)
        b--;
    if (p - b < 70) return 1;
    size_t words = 0, caps = 0;
    for (size_t i = line_tok0; i < se->n; i++) {
        if (se->t[i].kind != TK_WORD) continue;
        words++;
        caps += (se->t[i].flags & TF_CAP) != 0;
    }
    return words >= 3 && caps * 10 >= words * 6;
}

int tok_next_sentence(const struct analyzer *an, struct tok_cursor *cur, struct sentence *se)
{
    struct scan sc = {cur->s, cur->len};
    size_t p = cur->pos;
    uint32_t cpos = cur->cpos;
    int newlines = 0, hyphen_next = 0, done = 0;
    size_t line_tok0 = 0;       /* first token of the current line */
    size_t words = 0, caps = 0; /* word tokens; those in capitals, longer than one letter */
    size_t title_end = cur->title_len;
    se->n = 0;
    se->norm_len = 0;
    se->in_title = p < title_end;
    if (!se->in_title) title_end = 0;

    while (p < sc.len && !done) {
        if (title_end && p >= title_end && se->n > 0) break;
        if (se->n >= TOK_MAX - 2) break;
        uint32_t cp;
        size_t n;
        enum cclass k = class_at(&sc, p, &cp, &n);
        if (k == C_NEWLINE) {
            if (++newlines >= 2 && se->n > 0) break;
            if (newlines == 1 && line_ends_sentence(&sc, p, se, line_tok0)) {
                p += n, cpos++;
                break;
            }
            line_tok0 = se->n;
            p += n, cpos++;
            continue;
        }
        if (k == C_SPACE) {
            p += n, cpos++;
            continue;
        }
        newlines = 0;
        if (k == C_WORD) {
            /* URLs and @handles carry no meaning for us: skip to the next space. */
            if ((cp == 'h' || cp == 'H' || cp == 'w' || cp == 'W') &&
                (starts_with(&sc, p, "http://") || starts_with(&sc, p, "https://") ||
                 starts_with(&sc, p, "www."))) {
                while (p < sc.len) {
                    enum cclass kk = class_at(&sc, p, &cp, &n);
                    if (kk == C_SPACE || kk == C_NEWLINE) break;
                    p += n, cpos++;
                }
                continue;
            }
            struct tok *t = push(se);
            t->kind = is_digit_at(&sc, p) ? TK_NUM : TK_WORD;
            t->b0 = (uint32_t)p, t->c0 = cpos;
            unsigned bits;
            uint32_t nch;
            size_t e = plain_word(an, &sc, p, se, t, &bits);
            if (e) {
                nch = (uint32_t)(e - p);
                t->b1 = (uint32_t)e, t->c1 = cpos + nch;
            } else {
                e = joined_word(an, &sc, p, se, t, &nch, &bits);
            }
            if ((bits & (A_UPPER | A_LOWER)) == A_UPPER) t->flags |= TF_ALLCAPS;
            if (ascii_bits[sc.s[p]] & A_UPPER) t->flags |= TF_CAP;
            if (hyphen_next) t->flags |= TF_HYPHEN;
            if (t->kind == TK_WORD) {
                words++;
                caps += (t->flags & TF_ALLCAPS) && t->b1 - t->b0 > 1;
            }
            hyphen_next = 0;
            if (t->kind == TK_NUM) {
                if (p > 0 && (sc.s[p - 1] == '+' || sc.s[p - 1] == '-') &&
                    (p < 2 || sc.s[p - 2] == ' ' || sc.s[p - 2] == '('))
                    t->flags |= sc.s[p - 1] == '+' ? TF_PLUS : TF_MINUS;
                if (se->n > 1 && se->t[se->n - 2].kind == TK_PUNCT &&
                    se->t[se->n - 2].punct == '$' && se->t[se->n - 2].b1 == p) {
                    t->flags |= TF_CURRENCY;
                    size_t d = se->t[se->n - 2].b0; /* "-$0.12" */
                    if (d > 0 && sc.s[d - 1] == '-' &&
                        (d < 2 || sc.s[d - 2] == ' ' || sc.s[d - 2] == '('))
                        t->flags |= TF_MINUS;
                }
                if (e < sc.len && sc.s[e] == '%') {
                    t->flags |= TF_PCT;
                    e++, nch++;
                    t->b1++, t->c1++; /* the span keeps its "%" */
                }
            }
            p = e, cpos += nch;
            if (p < sc.len && sc.s[p] == ' ') p++, cpos++; /* the space after it, as below */
            continue;
        }
        if (k == C_CURRENCY && cp == '$') {
            /* $NVDA, $BRK.B: a cashtag, kept upper case without the '$'. */
            size_t q = p + 1, m = 0;
            while (q + m < sc.len && m < 6 && ((sc.s[q + m] | 0x20) >= 'a') &&
                   ((sc.s[q + m] | 0x20) <= 'z'))
                m++;
            if (m > 0 && !(q + m < sc.len && is_alnum_ascii(sc.s[q + m]))) {
                if (q + m + 1 < sc.len && (sc.s[q + m] == '.' || sc.s[q + m] == '-') &&
                    (sc.s[q + m + 1] | 0x20) >= 'a' && (sc.s[q + m + 1] | 0x20) <= 'z' &&
                    !(q + m + 2 < sc.len && is_alnum_ascii(sc.s[q + m + 2])))
                    m += 2;
                struct tok *t = push(se);
                t->kind = TK_CASHTAG;
                t->b0 = (uint32_t)p, t->b1 = (uint32_t)(q + m);
                t->c0 = cpos, t->c1 = cpos + 1 + (uint32_t)m;
                t->flags = TF_ALLCAPS | TF_CAP;
                finish_norm(an, se, t, (const char *)sc.s + q, m, 1);
                p = q + m, cpos += 1 + (uint32_t)m;
                continue;
            }
        }
        if (k == C_CURRENCY) {
            push_punct(an, se, '$', p, p + n, cpos);
            p += n, cpos++;
            continue;
        }
        if (k == C_DASH) {
            /* year-over-year: one word broken in parts that remember the join */
            uint32_t cp2;
            size_t n2;
            if (se->n > 0 && se->t[se->n - 1].b1 == p && se->t[se->n - 1].kind != TK_PUNCT &&
                class_at(&sc, p + n, &cp2, &n2) == C_WORD) {
                hyphen_next = 1;
            } else if (!is_digit_at(&sc, p + n)) {
                push_punct(an, se, '-', p, p + n, cpos);
            }
            p += n, cpos++;
            continue;
        }
        if (k == C_APOS) {
            p += n, cpos++;
            continue;
        }
        /* Other punctuation: keep what the passes use. */
        if (cp == '#' || cp == '@') {
            if (cp == '@') {
                while (p < sc.len) {
                    enum cclass kk = class_at(&sc, p, &cp, &n);
                    if (kk == C_SPACE || kk == C_NEWLINE) break;
                    p += n, cpos++;
                }
                continue;
            }
            p += n, cpos++;
            continue;
        }
        if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026) {
            size_t start = p;
            uint32_t cstart = cpos;
            int ends = cp != '.' || period_ends(an, &sc, p, se);
            int ellipsis = cp == 0x2026;
            p += n, cpos++;
            while (p < sc.len && (sc.s[p] == '.' || sc.s[p] == '!' || sc.s[p] == '?')) {
                if (sc.s[p] == '.') ellipsis = 1;
                p++, cpos++;
            }
            if (ellipsis) ends = period_ends(an, &sc, p - 1, se);
            if (!ends && !ellipsis && abbrev_joins(an, &sc, start, se)) {
                se->t[se->n - 1].b1++, se->t[se->n - 1].c1++;
                continue; /* "U.S. Bancorp", "Apple Inc. Chief Executive" */
            }
            push_punct(an, se, cp == '?' ? '?' : cp == '!' ? '!' : '.', start, p, cstart);
            se->t[se->n - 1].c1 = cpos;
            if (ends && se->n > 1)
                done = 1;
            else if (se->n == 1)
                se->n = 0, se->norm_len = 0;
            continue;
        }
        if (cp == '(' || cp == ')' || cp == ':' || cp == ',' || cp == ';' || cp == '&' ||
            cp == '/' || cp == '"' || cp == 0x201C || cp == 0x201D || cp == '[' || cp == ']' ||
            cp == '|' || cp == '<' || cp == '>') {
            /* brackets and Reuters codes' angles (<AAPL.O>) read as parentheses */
            char pc = cp == '[' || cp == '<'   ? '('
                      : cp == ']' || cp == '>' ? ')'
                      : cp == '|'              ? ';'
                      : cp > 0x7F              ? '"'
                                               : (char)cp;
            push_punct(an, se, pc, p, p + n, cpos);
        }
        p += n, cpos++;
    }
    cur->pos = p;
    cur->cpos = cpos;
    if (se->n == 0) return 0;
    se->b0 = se->t[0].b0, se->c0 = se->t[0].c0;
    se->b1 = se->t[se->n - 1].b1, se->c1 = se->t[se->n - 1].c1;
    se->caps_heavy = words >= 3 && caps * 2 > words;
    return 1;
}

/* tok_match_multi past its first test: entries [k, end). */
int32_t tok_match_multi_from(const struct sentence *se, size_t i, const struct multi *list,
                             uint32_t k, uint32_t end, int need_caps, size_t *ntok)
{
    for (; k < end; k++) {
        const struct multi *m = &list[k];
        if (i + m->n_words > se->n) continue;
        if (m->n_words > 1 && se->t[i + 1].hash != m->hash1) continue;
        const char *w = m->text + m->wlen[0] + 1;
        size_t j = 1;
        for (; j < m->n_words; j++) {
            const struct tok *t = &se->t[i + j];
            if (t->norm_len != m->wlen[j] || memcmp(tok_norm(se, t), w, t->norm_len) != 0) break;
            if (need_caps && t->kind == TK_WORD && !(t->flags & TF_CAP) && t->norm_len > 3) break;
            if ((se->t[i + j - 1].flags & TF_POSS) && need_caps &&
                !(m->flags & (ALIAS_POSS | ALIAS_POSS_IN)))
                break;
            w += m->wlen[j] + 1;
        }
        if (j == m->n_words) {
            *ntok = m->n_words;
            return (int32_t)k;
        }
    }
    return -1;
}
