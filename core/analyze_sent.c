/* analyze_sent: the sentiment of one sentence from the lexicon and rules:
 * phrases before words, negation, intensifiers and diminishers, hedges,
 * contrast and concession, and directions that flip next to a bad quantity
 * ("costs rose" is bad news, "losses narrowed" good). Also notes the claim
 * cues it passes (figures, forecasts, attributions, comparisons). */
#include <math.h>
#include <string.h>

#include "core/analyze_data.h"
#include "core/analyze_int.h"

#define NEG_WINDOW 3    /* a negator reaches this many tokens on */
#define NEG_FACTOR -0.7 /* "did not beat" is weaker than "missed" */
#define FLIP_WINDOW 4   /* direction and bad quantity within this many tokens */
#define BEFORE_BUT 0.4  /* what comes before "but" */
#define CONCEDED 0.4    /* a "despite ..." clause */

double sent_squash(double raw)
{
    return raw / sqrt(raw * raw + 1.0);
}

static int clause_break(const struct tok *t)
{
    return t->kind == TK_PUNCT && (t->punct == ',' || t->punct == ';' || t->punct == ':' ||
                                   t->punct == '-' || t->punct == '(' || t->punct == ')');
}

/* The entry that applies at token i: the longest phrase, or the word itself. */
static void entry_at(const struct analyzer *an, const struct sentence *se, size_t i,
                     uint32_t *flags, float *sent, float *mult, size_t *len, size_t *reach)
{
    const struct tok *t = &se->t[i];
    *flags = 0, *sent = 0, *mult = 1, *len = 1, *reach = 1;
    if (t->info < 0) return;
    const struct winfo *w = &an->words[t->info];
    if (w->nphr) {
        size_t n;
        int32_t k = tok_match_multi(se, i, an->phrases, w->phr0, w->nphr, 0, &n);
        if (k >= 0) {
            const struct multi *m = &an->phrases[k];
            *reach = n;
            if (m->flags & LX_SENT) {
                *flags = m->flags, *sent = m->sent, *mult = m->mult, *len = n;
                return;
            }
            /* A cue phrase ("plans to", "the leader") leaves its words their
             * own sentiment, so it only adds its roles. */
            *flags = m->flags | w->flags, *sent = w->sent;
            *mult = (m->flags & (LX_INTENS | LX_HEDGE)) ? m->mult : w->mult;
            return;
        }
    }
    *flags = w->flags, *sent = w->sent, *mult = w->mult;
}

/* "targets cut on headwinds": past a preposition the quantity is a cause,
 * not the thing that moved. */
static int is_preposition(const struct sentence *se, const struct tok *t)
{
    static const char *const words[] = {"on",   "amid", "as",      "after",   "due",
                                        "from", "over", "because", "despite", "with",
                                        "for",  "at",   "in"};
    if (t->kind != TK_WORD || t->norm_len > 7) return 0;
    const char *w = tok_norm(se, t);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(w, words[i]) == 0) return 1;
    return 0;
}

/* A bad quantity (costs, losses) near the direction at [i, i+len): returns
 * its token index or -1. Stays inside the clause. */
static long find_badqty(const struct analyzer *an, const struct sentence *se, size_t i, size_t len)
{
    for (size_t j = i + len; j < se->n && j < i + len + FLIP_WINDOW; j++) {
        if (clause_break(&se->t[j]) || is_preposition(se, &se->t[j])) break;
        const struct tok *t = &se->t[j];
        if (t->info >= 0 && (an->words[t->info].flags & LX_BADQTY)) return (long)j;
        if (t->info >= 0 && (an->words[t->info].flags & LX_DIR)) break;
    }
    for (size_t j = i; j-- > 0 && j + FLIP_WINDOW >= i;) {
        if (clause_break(&se->t[j])) break;
        const struct tok *t = &se->t[j];
        if (t->info >= 0 && (an->words[t->info].flags & LX_BADQTY)) return (long)j;
    }
    return -1;
}

/* A plainly positive noun right next to a direction ("profit falls",
 * "weaker demand"): its token index or -1. */
static long find_goodqty(const struct analyzer *an, const struct sentence *se, size_t i, size_t len)
{
    size_t cand[2] = {i + len, i > 0 ? i - 1 : (size_t)-1};
    for (size_t k = 0; k < 2; k++) {
        size_t j = cand[k];
        if (j >= se->n || se->t[j].info < 0) continue;
        const struct winfo *w = &an->words[se->t[j].info];
        if ((w->flags & LX_SENT) && w->sent > 0 && w->sent <= 0.35f &&
            !(w->flags & (LX_DIR | LX_INTENS | LX_NEGATOR)))
            return (long)j;
    }
    return -1;
}

static int is_figure_num(const struct analyzer *an, const struct sentence *se, size_t i)
{
    const struct tok *t = &se->t[i];
    if (t->flags & (TF_PCT | TF_CURRENCY)) return 1;
    if (i + 1 < se->n) {
        const struct tok *u = &se->t[i + 1];
        if (u->info >= 0 && (an->words[u->info].flags & LX_SCALE)) return 1;
    }
    return 0;
}

void sent_score_sentence(const struct analyzer *an, const struct sentence *se,
                         struct sent_result *r)
{
    double contrib[TOK_MAX];
    double total = 0, hedge = 1.0, after_but = 1.0, concede = 1.0, pending_mult = 1.0;
    size_t neg_until = 0, mult_until = 0;
    int negated = 0;
    unsigned char used[TOK_MAX];
    uint16_t cover[TOK_MAX]; /* first token of the entry that covers each token */
    memset(r, 0, sizeof *r);
    r->than_tok = -1;
    memset(used, 0, se->n);

    for (size_t i = 0; i < se->n;) {
        const struct tok *t = &se->t[i];
        contrib[i] = 0;
        cover[i] = (uint16_t)i;
        if (t->kind == TK_PUNCT) {
            if (clause_break(t)) {
                concede = 1.0;
                if (t->punct != ':' && t->punct != '(' && t->punct != ')') neg_until = 0;
            }
            i++;
            continue;
        }
        if (t->kind == TK_NUM) {
            if (is_figure_num(an, se, i)) r->figure = 1;
            if ((t->flags & TF_PCT) && (t->flags & (TF_PLUS | TF_MINUS))) {
                /* "+5%" and "-5%" read as up and down */
                double w = (t->flags & TF_PLUS) ? 0.35 : -0.35;
                total += w * after_but * concede;
                contrib[i] = w;
                r->hits++;
            }
            i++;
            continue;
        }
        uint32_t fl;
        float sent, mult;
        size_t len, reach;
        entry_at(an, se, i, &fl, &sent, &mult, &len, &reach);
        if (t->info >= 0 && (an->words[t->info].flags & LX_NUMWORD) && len == 1) {
            for (size_t j = i + 1; j < se->n && j <= i + 3; j++) {
                const struct tok *u = &se->t[j];
                if (u->info >= 0 && (an->words[u->info].flags & LX_SCALE) &&
                    (an->words[u->info].flags & LX_NUMWORD) == 0) {
                    r->figure = 1;
                    break;
                }
                if (u->info >= 0 && (an->words[u->info].flags & LX_SCALE) && j > i + 1)
                    r->figure = 1;
            }
        }
        r->cues |= fl & (LX_FORECAST | LX_ATTRIB | LX_COMPARE);
        if ((fl & LX_COMPARE) && r->than_tok < 0) {
            const char *nw = tok_norm(se, t);
            if ((t->norm_len == 4 && memcmp(nw, "than", 4) == 0) ||
                (t->norm_len == 6 && memcmp(nw, "versus", 6) == 0) ||
                (t->norm_len == 2 && memcmp(nw, "vs", 2) == 0))
                r->than_tok = (int)i;
        }
        if (fl & LX_NEGATOR) {
            neg_until = i + reach + NEG_WINDOW;
            negated = 1;
        }
        if ((fl & LX_INTENS) && !(fl & LX_SENT) && !used[i]) {
            pending_mult = mult;
            mult_until = i + reach + 2;
        }
        if (fl & LX_HEDGE) hedge = hedge < mult ? hedge : mult;
        if (fl & LX_BUT) {
            total *= BEFORE_BUT;
            for (size_t j = 0; j < i; j++)
                contrib[j] *= BEFORE_BUT;
            after_but = 1.2;
        }
        if (fl & LX_DESPITE) concede = CONCEDED;
        if ((fl & LX_SENT) && sent != 0 && !used[i]) {
            double w = sent;
            if (fl & LX_UPDOWN) {
                /* "up 5%" is a move; "set up" is not */
                if (!(i + len < se->n && se->t[i + len].kind == TK_NUM)) w = 0;
            }
            if (w != 0 && (fl & LX_DIR)) {
                long j = find_badqty(an, se, i, len);
                if (j >= 0) {
                    w = -w;
                    if ((size_t)j < i) {
                        total -= contrib[cover[j]];
                        contrib[cover[j]] = 0;
                    } else {
                        used[j] = 1;
                    }
                } else {
                    /* "profit falls": the good thing that moved is not
                     * news in itself; the move is. */
                    long g = find_goodqty(an, se, i, len);
                    if (g >= 0 && (size_t)g < i) {
                        total -= contrib[cover[g]];
                        contrib[cover[g]] = 0;
                    } else if (g >= 0) {
                        used[g] = 1;
                    }
                }
            }
            if (w != 0) {
                if (negated && i < neg_until) w *= NEG_FACTOR;
                if (i < mult_until) {
                    w *= pending_mult;
                    mult_until = 0;
                } else if (i + len < se->n && se->t[i + len].info >= 0) {
                    /* "rose sharply", "fell slightly": the adverb after */
                    const struct winfo *nx = &an->words[se->t[i + len].info];
                    if ((nx->flags & LX_INTENS) && !(nx->flags & LX_SENT) && !nx->nphr) {
                        w *= nx->mult;
                        used[i + len] = 1;
                    }
                }
                w *= after_but * concede;
                total += w;
                contrib[i] = w;
                r->hits++;
            }
        } else if ((fl & LX_INTENS) && (fl & LX_SENT)) {
            /* "record", "huge": a word that is both; it intensifies what follows */
            pending_mult = mult;
            mult_until = i + len + 2;
        }
        for (size_t j = i + 1; j < i + len && j < se->n; j++) {
            contrib[j] = 0;
            cover[j] = (uint16_t)i;
        }
        i += len;
    }
    if (se->n > 0 && se->t[se->n - 1].kind == TK_PUNCT && se->t[se->n - 1].punct == '?')
        total *= 0.6;
    total *= hedge;
    r->raw = total;
    r->score = sent_squash(total);
}
