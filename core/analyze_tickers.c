/* analyze_tickers: finds the companies a sentence names: $CASHTAGS,
 * exchange-qualified symbols (NASDAQ: AMZN), bare symbols where the context
 * makes them safe, and company names and aliases (possessives included). */
#include <stdlib.h>
#include <string.h>

#include "core/analyze_data.h"
#include "core/analyze_int.h"

static uint32_t tflags(const struct analyzer *an, const struct tok *t)
{
    return t->info >= 0 ? an->words[t->info].flags : 0;
}

static int is_punct(const struct sentence *se, size_t i, char c)
{
    return i < se->n && se->t[i].kind == TK_PUNCT && se->t[i].punct == c;
}

/* Whether the word at i (its lower-case form) is in a sorted word list. */
static int word_in(const struct sentence *se, size_t i, const uint32_t *list, size_t n)
{
    if (i >= se->n || se->t[i].kind == TK_PUNCT || se->t[i].norm_len >= 32) return 0;
    char key[32];
    memcpy(key, tok_norm(se, &se->t[i]), se->t[i].norm_len);
    key[se->t[i].norm_len] = '\0';
    return symdata_in_list(list, n, key);
}

/* Whether the two small-letter words before i, joined by a space, are a
 * pair of a sorted list ("shares of", "a stake in"). */
static int pair_before(const struct sentence *se, size_t i, const uint32_t *list, size_t n)
{
    if (i < 2) return 0;
    const struct tok *a = &se->t[i - 2], *b = &se->t[i - 1];
    if (a->kind != TK_WORD || b->kind != TK_WORD || ((a->flags | b->flags) & TF_CAP) ||
        a->norm_len + b->norm_len + 2 > 32)
        return 0;
    char key[32];
    memcpy(key, tok_norm(se, a), a->norm_len);
    key[a->norm_len] = ' ';
    memcpy(key + a->norm_len + 1, tok_norm(se, b), b->norm_len);
    key[a->norm_len + 1 + b->norm_len] = '\0';
    return symdata_in_list(list, n, key);
}

/* An upper-case word next to a bare symbol that makes the pair a heading or
 * a place rather than a ticker: "NEW YORK", "FUN FACT", "BREAKING NEWS".
 * Symbols side by side ("AAPL MSFT") do not count. */
static int caps_word(const struct analyzer *an, const struct sentence *se, size_t i)
{
    if (i >= se->n) return 0;
    const struct tok *t = &se->t[i];
    if (t->kind != TK_WORD || !(t->flags & TF_ALLCAPS) || t->norm_len < 2) return 0;
    int32_t at = an_find_symbol(an, tok_norm(se, t), t->norm_len);
    return at < 0 || an_is_ticker_stop(an->syms[at].symbol);
}

/* The symbol spelled by the word at i (upper case in the text), taking a
 * hyphenated class letter (BRK-B) and Reuters suffixes (AMZN.O) into account.
 * Returns the symbol index or -1; *end is one past the last token used. */
static int32_t symbol_at(const struct analyzer *an, const struct sentence *se, size_t i,
                         size_t *end, size_t *len_out)
{
    const struct tok *t = &se->t[i];
    if (t->kind != TK_WORD || !(t->flags & TF_ALLCAPS) || t->norm_len > 10) return -1;
    const char *s = tok_norm(se, t);
    size_t n = t->norm_len;
    char buf[16];
    *end = i + 1;
    if (i + 1 < se->n && (se->t[i + 1].flags & TF_HYPHEN) && se->t[i + 1].norm_len == 1 &&
        (se->t[i + 1].flags & TF_ALLCAPS) && n < 8) {
        memcpy(buf, s, n);
        buf[n] = '-';
        buf[n + 1] = tok_norm(se, &se->t[i + 1])[0];
        int32_t at = an_find_symbol(an, buf, n + 2);
        if (at >= 0) {
            *end = i + 2;
            *len_out = n + 2;
            return at;
        }
    }
    *len_out = n;
    int32_t at = an_find_symbol(an, s, n);
    /* AMZN.O, SHEL.L, K.N: a Reuters code's exchange letter; after a single
     * letter only a US exchange's, so "U.S" and "D.C" are no symbols. */
    if (at < 0 && n >= 3 && s[n - 2] == '.' && (n > 3 || strchr("onakpONAKP", s[n - 1]))) {
        at = an_find_symbol(an, s, n - 2);
        *len_out = n - 2;
    }
    return at;
}

static size_t add(struct mention *out, size_t n, size_t max, int32_t sym, size_t t0, size_t t1,
                  int ambiguous)
{
    if (n >= max || sym < 0) return n;
    out[n].sym = (uint32_t)sym;
    out[n].t0 = (uint16_t)t0;
    out[n].t1 = (uint16_t)t1;
    out[n].ambiguous = (uint8_t)ambiguous;
    return n + 1;
}

/* "NASDAQ: AMZN", "(NYSE American: X)", "TSX: SHOP" starting at i.
 * Returns tokens consumed (0 when it is not that form). */
static size_t exchange_form(const struct analyzer *an, const struct sentence *se, size_t i,
                            struct mention *out, size_t *n, size_t max)
{
    uint32_t f = tflags(an, &se->t[i]);
    if (!(f & (LX_EXCH_US | LX_EXCH)) || !(se->t[i].flags & TF_CAP)) return 0;
    size_t j = i + 1;
    while (j < se->n && j < i + 3 && se->t[j].kind == TK_WORD &&
           (tflags(an, &se->t[j]) & (LX_EXCH_US | LX_EXCH)) && (se->t[j].flags & TF_CAP))
        j++;
    if (!is_punct(se, j, ':')) return 0;
    j++;
    size_t found = 0;
    while (j < se->n) {
        size_t end, len;
        int32_t at = symbol_at(an, se, j, &end, &len);
        if (at < 0) break;
        *n = add(out, *n, max, at, j, end, 0);
        found++;
        j = end;
        if (!is_punct(se, j, ',') && !is_punct(se, j, ';')) break;
        j++;
    }
    return found ? j - i : 0;
}

/* Whether a word starts as a name does: a capital, or a figure with capital
 * letters after it ("3M", "2U"; not "3m" for millions). */
static int name_capped(const struct tok *t)
{
    if (t->kind == TK_NUM) return (t->flags & TF_ALLCAPS) && !(t->flags & (TF_CURRENCY | TF_PCT));
    return (t->flags & TF_CAP) != 0;
}

/* The company name or alias that starts at i: its index in an->aliases,
 * with *len its tokens, or -1. */
static int32_t alias_match(const struct analyzer *an, const struct sentence *se, size_t i,
                           size_t *len)
{
    const struct tok *t = &se->t[i];
    if (t->info < 0) return -1;
    const struct winfo *w = &an->words[t->info];
    if (!w->nal) return -1;
    if (!name_capped(t)) { /* a small letter: only a name written so can match */
        uint32_t k = w->al0;
        while (k < w->al0 + w->nal && !(an->aliases[k].flags & ALIAS_LOWER))
            k++;
        if (k == w->al0 + w->nal) return -1;
    }
    return tok_match_multi(se, i, an->aliases, w->al0, w->nal, 1, len);
}

/* Company name or alias k (from alias_match) of len tokens at i, when the
 * context lets it be one; returns tokens consumed or 0. With min_words 2,
 * only a name of several words is taken (tried before a bare symbol, so
 * that "HP Inc" is not the symbol HP). */
static size_t alias_form(const struct analyzer *an, const struct sentence *se, size_t i, int32_t k,
                         size_t len, struct mention *out, size_t *n, size_t max, size_t min_words)
{
    const struct tok *t = &se->t[i];
    if (k < 0 || len < min_words) return 0;
    const struct multi *m = &an->aliases[k];
    /* The name must start with a capital, unless its company writes it
     * with a small letter (eBay, lululemon, monday.com); a form made for
     * the possessive ("Kohl's") is a name only as one. */
    if (!name_capped(t) && !(m->flags & ALIAS_LOWER)) return 0;
    if ((m->flags & ALIAS_POSS) && !(t->flags & TF_POSS)) return 0;
    const struct tok *last = &se->t[i + len - 1];
    /* "Apple orchards", "the Amazon rainforest": the word's ordinary sense */
    if (m->n_words == 1 && !(last->flags & TF_POSS) &&
        word_in(se, i + len, symdata_name_not_after, symdata_n_name_not_after))
        return len;
    int ambiguous = 0;
    /* "3M" also reads as an amount ("raised 3M"): it needs context too */
    int amount = t->kind == TK_NUM && t->norm_len <= 3 && len == 1;
    if ((m->flags & ALIAS_AMBIG) || amount) {
        /* "Target" is a company with Inc/Corp/shares after it, as a
         * possessive, or when its symbol is named elsewhere (resolved later). */
        int context =
            (last->flags & TF_POSS) ||
            (i + len < se->n && (tflags(an, &se->t[i + len]) & LX_CORP)) ||
            is_punct(se, i + len, '(') ||
            word_in(se, i + len, symdata_name_cue_after, symdata_n_name_cue_after) ||
            (i > 0 && !(se->t[i - 1].flags & TF_CAP) &&
             word_in(se, i - 1, symdata_name_cue_before, symdata_n_name_cue_before)) ||
            pair_before(se, i, symdata_name_cue_before_pair, symdata_n_name_cue_before_pair) ||
            (i + len < se->n && !(se->t[i + len].flags & TF_CAP) &&
             (tflags(an, &se->t[i + len]) & LX_DIR));
        ambiguous = !context;
        /* All-caps words like "TARGET" in a headline are not names. */
        if (!amount && (t->flags & TF_ALLCAPS) && t->norm_len > 1 && !(last->flags & TF_POSS))
            return 0;
    }
    *n = add(out, *n, max, (int32_t)m->sym, i, i + len, ambiguous);
    return len;
}

size_t tickers_find(const struct analyzer *an, const struct sentence *se, struct mention *out,
                    size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < se->n && n < max;) {
        const struct tok *t = &se->t[i];
        if (t->kind == TK_CASHTAG) {
            n = add(out, n, max, an_find_symbol(an, tok_norm(se, t), t->norm_len), i, i + 1, 0);
            i++;
            continue;
        }
        if (t->kind == TK_NUM && name_capped(t)) { /* "3M agreed to pay" */
            size_t alen = 0;
            int32_t ak = alias_match(an, se, i, &alen);
            size_t used = alias_form(an, se, i, ak, alen, out, &n, max, 1);
            i += used ? used : 1;
            continue;
        }
        if (t->kind != TK_WORD) {
            i++;
            continue;
        }
        if (i > 0 && is_punct(se, i - 1, '.') && se->t[i - 1].b1 == t->b0) {
            i++; /* ".SPX", ".DJI": an index's code */
            continue;
        }
        size_t used = exchange_form(an, se, i, out, &n, max), alen = 0;
        int32_t ak = used ? -1 : alias_match(an, se, i, &alen);
        if (!used) used = alias_form(an, se, i, ak, alen, out, &n, max, 2);
        if (used) {
            i += used;
            continue;
        }
        if ((t->flags & TF_ALLCAPS) && t->norm_len <= 10) {
            size_t end, len;
            int32_t at = symbol_at(an, se, i, &end, &len);
            if (at >= 0) {
                /* (AMZN) right after a name is safe even for "F" or "ALL";
                 * elsewhere a bare symbol needs two letters, no stoplist
                 * hit and a sentence that is not shouting. */
                int in_parens = i > 0 && is_punct(se, i - 1, '(') &&
                                (is_punct(se, end, ')') || is_punct(se, end, ','));
                int after_name = in_parens && n > 0 && (size_t)out[n - 1].t1 + 1 == i;
                if (after_name && out[n - 1].sym == (uint32_t)at) {
                    out[n - 1].ambiguous = 0; /* Target (TGT): the name is confirmed */
                    i = end;
                    continue;
                }
                int stop = an_is_ticker_stop(an->syms[at].symbol);
                /* "512 GB" is a unit; "NEW YORK" a place */
                int unit = i > 0 && se->t[i - 1].kind == TK_NUM;
                int heading = (i > 0 && caps_word(an, se, i - 1)) || caps_word(an, se, end);
                if (after_name || (in_parens && !stop && len >= 2) ||
                    (!se->caps_heavy && !stop && len >= 2 && !(t->flags & TF_POSS) && !unit &&
                     !heading)) {
                    n = add(out, n, max, at, i, end, 0);
                    i = end;
                    continue;
                }
            }
        }
        used = alias_form(an, se, i, ak, alen, out, &n, max, 1);
        i += used ? used : 1;
    }
    /* A name in a list with a named company ("Hilton, Hyatt and Marriott",
     * "Target and Amazon") is a company too. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < n; k++) {
            if (!out[k].ambiguous) continue;
            for (int d = -1; d <= 1; d += 2) {
                size_t o = k + (size_t)d;
                if ((d < 0 && k == 0) || o >= n || out[o].ambiguous) continue;
                size_t a = d < 0 ? out[o].t1 : out[k].t1, b = d < 0 ? out[k].t0 : out[o].t0;
                int list = b > a && b - a <= 2;
                for (size_t j = a; j < b && list; j++)
                    list = is_punct(se, j, ',') || is_punct(se, j, '&') ||
                           (se->t[j].kind == TK_WORD && se->t[j].norm_len <= 3 &&
                            (!memcmp(tok_norm(se, &se->t[j]), "and", se->t[j].norm_len) ||
                             !memcmp(tok_norm(se, &se->t[j]), "or", se->t[j].norm_len)));
                if (list) out[k].ambiguous = 0;
            }
        }
    return n;
}
