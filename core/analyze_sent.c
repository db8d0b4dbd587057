/* analyze_sent: the sentiment of one sentence from the lexicon and rules:
 * phrases before words, negation, intensifiers and diminishers, hedges,
 * contrast and concession, and directions signed by the quantity they move
 * (analyze_qty.c): "costs rose" is bad news, "losses narrowed" good. Also
 * notes the claim cues it passes (figures, forecasts, attributions,
 * comparisons). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/analyze_data.h"
#include "core/analyze_int.h"

#define NEG_WINDOW 3         /* a negator reaches this many tokens on */
#define NEG_FACTOR -0.7      /* "did not beat" is weaker than "missed" */
#define FAILED -0.2          /* "failed to provide forecasts": a failure is bad news */
#define BEFORE_BUT 0.4       /* what comes before "but" */
#define CONCEDED 0.3         /* a "despite ..." clause */
#define WHILE_MID 1.0        /* "sales rose, while costs fell": a second fact, not a concession */
#define PAIRED_MIN 0.4       /* a move of a known quantity is news, however it is worded */
#define TREND_WEIGHT 0.45    /* the direction the figures show */
#define SIGNED_PCT 0.35      /* "+5%", "-5%" */
#define WIN_CONTRACT 0.5     /* "won a five-year contract" */
#define SWING 0.6            /* "swung to a third-quarter net profit" */
#define SURPRISE 0.55        /* "a smaller-than-expected drop in profit" */
#define MEASURED 1.4         /* "30% better", "save $2 billion": a result with its figure */
#define NEG_RESULT 0.4       /* "EPS of -$0.12": a good quantity below zero is a loss */
#define NEUTRAL_MOVE 0.25    /* "the central bank cut its key rate" */
#define LOOSE_WORD 0.8       /* a sentiment word that is not a move */
#define QUESTION 0.3         /* "Will Harwick raise its dividend?" asks, it does not tell */
#define FUNDRAISE 0.3        /* "raises $1 bn in funding": capital raised, not a rise */
#define CAUSE_AGAINST 0.0    /* a reason clause that pulls against the move it explains */
#define LONG_WORDS 12        /* past this many words a sentence's sum is thinned */
#define LONG_SCALE 20.0      /* ... by 1 + (words - LONG_WORDS) / LONG_SCALE */
#define LONG_SCALE_FIRM 60.0 /* ... and a move, a result or an action by less */
#define LONG_SCALE_CO 45.0   /* ... and for a company it names, loose words by less */
#define FIRM_MEASURED 2      /* ent.firm of a move measured by a percent or points: "up 4.9%" */

const struct sent_role_word sent_role_words[] = {
    {"smaller", SR_LESS},    {"lower", SR_LESS},   {"less", SR_LESS},     {"slower", SR_LESS},
    {"narrower", SR_LESS},   {"bigger", SR_MORE},  {"larger", SR_MORE},   {"higher", SR_MORE},
    {"greater", SR_MORE},    {"faster", SR_MORE},  {"wider", SR_MORE},    {"steeper", SR_MORE},
    {"swing", SR_SWING},     {"swings", SR_SWING}, {"swung", SR_SWING},   {"swinging", SR_SWING},
    {"win", SR_WIN},         {"wins", SR_WIN},     {"won", SR_WIN},       {"winning", SR_WIN},
    {"secure", SR_WIN},      {"secures", SR_WIN},  {"secured", SR_WIN},   {"securing", SR_WIN},
    {"land", SR_WIN},        {"lands", SR_WIN},    {"landed", SR_WIN},    {"clinch", SR_WIN},
    {"clinches", SR_WIN},    {"clinched", SR_WIN}, {"awarded", SR_WIN},   {"contract", SR_WON},
    {"contracts", SR_WON},   {"order", SR_WON},    {"orders", SR_WON},    {"tender", SR_WON},
    {"tenders", SR_WON},     {"mandate", SR_WON},  {"save", SR_SAVE},     {"saves", SR_SAVE},
    {"saved", SR_SAVE},      {"saving", SR_SAVE},  {"times", SR_TIMES},   {"x", SR_TIMES},
    {"fold", SR_TIMES},      {"twice", SR_TIMES},  {"fund", SR_NAME_END}, {"etf", SR_NAME_END},
    {"trust", SR_NAME_END},  {"as", SR_CAUSE},     {"amid", SR_CAUSE},    {"amidst", SR_CAUSE},
    {"on", SR_CAUSE},        {"after", SR_CAUSE},  {"due", SR_CAUSE},     {"because", SR_CAUSE},
    {"following", SR_CAUSE}, {"over", SR_CAUSE},   {"thanks", SR_CAUSE},  {"driven", SR_CAUSE},
};
const size_t sent_n_role_words = sizeof sent_role_words / sizeof sent_role_words[0];

double sent_squash(double raw)
{
    return raw / sqrt(raw * raw + 1.0);
}

static int clause_break(const struct tok *t)
{
    return t->kind == TK_PUNCT && (t->punct == ',' || t->punct == ';' || t->punct == ':' ||
                                   t->punct == '-' || t->punct == '(' || t->punct == ')');
}

/* The length in tokens of a name starting at token i, or 0: a company's name
 * of several capitalised words ("Advanced Micro Devices", "Best Buy", "Five
 * Below"), or capitalised words ending in Fund, ETF or Trust ("the Strong
 * Growth Fund"; not "Hedge Funds Are Selling"). Their words carry no
 * sentiment. Not in a shouting headline, where every word is capitalised. */
static size_t name_at(const struct analyzer *an, const struct sentence *se, size_t i)
{
    const struct tok *t = &se->t[i];
    if (!(t->flags & TF_CAP) || t->kind != TK_WORD || se->caps_heavy || i + 1 >= se->n) return 0;
    /* Only a name with a word that could carry sentiment matters here. */
    const uint32_t speaks = LX_SENT | LX_INTENS | LX_NEGATOR | LX_HEDGE | LX_BUT | LX_DESPITE |
                            LX_GOODQTY | LX_BADQTY | LX_EXPVERB | LX_RATEACT | LX_RATING;
    int any = 0;
    for (size_t j = i; j < i + 2 && !any; j++)
        any = se->t[j].info >= 0 && (an->words[se->t[j].info].flags & speaks);
    if (!any) return 0;
    if (t->info >= 0 && an->words[t->info].nal) {
        const struct winfo *w = &an->words[t->info];
        size_t n;
        if (tok_match_multi(se, i, an->aliases, w->al0, w->nal, 1, &n) >= 0 && n > 1) return n;
    }
    for (size_t j = i + 1; j < se->n && j <= i + 4; j++) {
        const struct tok *u = &se->t[j];
        if (u->kind != TK_WORD || !(u->flags & TF_CAP) || (se->t[j - 1].flags & TF_POSS)) return 0;
        if (u->info >= 0 && (an->words[u->info].role & SR_NAME_END)) return j + 1 - i;
    }
    return 0;
}

/* The entry that starts at token i: the longest phrase, or the token itself. */
static void entry_at(const struct analyzer *an, const struct sentence *se, size_t i, struct ent *e)
{
    const struct tok *t = &se->t[i];
    *e = (struct ent){.t0 = (uint16_t)i, .len = 1, .reach = 1, .kind = t->kind, .mult = 1};
    if (t->kind == TK_PUNCT) return;
    size_t nn = name_at(an, se, i);
    if (nn) {
        e->len = e->reach = (uint16_t)nn; /* a name says nothing of the news */
        return;
    }
    if (t->info < 0) return;
    const struct winfo *w = &an->words[t->info];
    if (w->nphr) {
        size_t n;
        int32_t k = tok_match_multi(se, i, an->phrases, w->phr0, w->nphr, 0, &n);
        if (k >= 0) {
            const struct multi *m = &an->phrases[k];
            e->reach = (uint16_t)n;
            if (m->flags & LX_SENT) {
                e->flags = m->flags, e->sent = m->sent, e->mult = m->mult, e->len = (uint16_t)n;
                /* "beat estimates", "downgraded to sell": still a result or
                 * an analyst's action, not a loose word */
                e->flags |= w->flags & (LX_EXPVERB | LX_RATEACT);
                e->firm = (w->flags & (LX_EXPVERB | LX_RATEACT)) != 0;
                for (size_t j = i + 1; j < i + n && (w->flags & LX_DIR) && !e->firm; j++)
                    if (se->t[j].info >= 0 &&
                        (an->words[se->t[j].info].flags & (LX_GOODQTY | LX_BADQTY)))
                        e->firm = 1; /* a move of a quantity: "cut its guidance" */
                for (size_t j = i + 1; j < i + n && !e->firm; j++)
                    if (se->t[j].info >= 0 && (an->words[se->t[j].info].flags & LX_EXPNOUN) &&
                        tok_word_is(se, j - 1, "than"))
                        e->firm = 1; /* "weaker-than-expected earnings": a result */
                return;
            }
            if (m->flags & LX_EXPVERB) {
                /* "fell short of", "in line with": weighed only before an
                 * expectation; elsewhere the phrase's own sentiment, if any */
                e->flags = m->flags, e->sent = m->sent, e->mult = m->mult, e->len = (uint16_t)n;
                return;
            }
            if (m->flags & (LX_GOODQTY | LX_BADQTY)) {
                /* "net sales", "operating loss": one quantity; its sentiment
                 * is the last word's ("loss") when the phrase has none */
                const struct tok *tl = &se->t[i + n - 1];
                e->flags = m->flags;
                e->len = (uint16_t)n;
                if (tl->info >= 0 && (an->words[tl->info].flags & LX_SENT) &&
                    !(an->words[tl->info].flags & LX_DIR)) {
                    e->flags |= LX_SENT;
                    e->sent = an->words[tl->info].sent;
                }
                return;
            }
            /* A cue phrase ("plans to", "the leader") leaves its words their
             * own sentiment, so it only adds its roles; one that stresses
             * ("never been more") is no negation, whatever it starts with. */
            e->flags =
                m->flags | (w->flags & ((m->flags & LX_INTENS) ? ~(uint32_t)LX_NEGATOR : ~0u));
            e->sent = w->sent;
            e->mult = (m->flags & (LX_INTENS | LX_HEDGE)) ? m->mult : w->mult;
            return;
        }
    }
    if (t->kind == TK_NUM) return; /* a number is a word only inside a phrase */
    e->flags = w->flags, e->sent = w->sent, e->mult = w->mult;
}

/* Whether the figure just added to c's entries, a negative number, is the
 * value of a good quantity named a few words before it: "EPS of -$0.12",
 * "Q3 EPS -$0.05", "net income was -$3 million". */
static int negative_result(const struct sent_ctx *c)
{
    static const char *const fill[] = {"of", "was",      "is",     "at",       "came", "in", "a",
                                       "an", "reported", "posted", "adjusted", "gaap", NULL};
    for (size_t k = c->n - 1, steps = 0; k-- > 0 && steps < 4; steps++) {
        const struct ent *e = &c->e[k];
        if (e->qpol) return e->qpol == 1;
        if (e->kind == TK_PUNCT) {
            char p = c->se->t[e->t0].punct;
            if (p == '$' || p == ':' || p == '-') continue;
            return 0;
        }
        int ok = 0;
        for (const char *const *f = fill; *f && !ok; f++)
            ok = ent_is_n(c, k, *f, strlen(*f));
        if (!ok) return 0;
    }
    return 0;
}

static void build_entries(const struct analyzer *an, const struct sentence *se, size_t t0,
                          size_t t1, struct sent_ctx *c)
{
    c->an = an, c->se = se, c->n = 0, c->words = 0, c->has_num = 0, c->has_base = 0;
    size_t i = t0;
    while (i < t1) {
        struct ent *e = &c->e[c->n++];
        entry_at(an, se, i, e);
        const struct tok *t = &se->t[i];
        c->has_num |= t->kind == TK_NUM;
        if (t->kind == TK_WORD && t->info >= 0 && (an->words[t->info].flags & LX_BASEW))
            c->has_base = 1;
        if (e->kind == TK_NUM && e->len == 1 && (t->flags & TF_PCT) &&
            (t->flags & (TF_PLUS | TF_MINUS))) {
            /* "+5%" and "-5%" read as up and down */
            e->flags = LX_SENT | LX_DIR;
            e->sent = (t->flags & TF_PLUS) ? SIGNED_PCT : -SIGNED_PCT;
        }
        if (e->kind == TK_NUM && e->len == 1 && (t->flags & TF_MINUS) && !(t->flags & TF_PCT) &&
            negative_result(c)) {
            e->flags = LX_SENT;
            e->sent = -NEG_RESULT;
            e->firm = 1;
        }
        e->firm |= (e->flags & (LX_DIR | LX_EXPVERB | LX_RATEACT | LX_RATING)) != 0;
        if (e->flags & (LX_GOODQTY | LX_BADQTY | LX_NEUTQTY)) /* qpol is 0 from entry_at */
            e->qpol = (e->flags & LX_GOODQTY) ? 1 : (e->flags & LX_BADQTY) ? -1 : QTY_NEUTRAL;
        i += e->len;
    }
    /* The entries cover [t0, i) end to end; the last may reach past t1. */
    for (size_t j = t0; j < i; j++)
        c->words += se->t[j].kind == TK_WORD;
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

static void mark_cue(struct sent_result *r, size_t t)
{
    r->cue_at[t / 8] |= (uint8_t)(1u << (t % 8));
}

/* Claim cues of entry k (figures, forecasts, comparisons). */
static void note_cues(const struct sent_ctx *c, size_t k, struct sent_result *r)
{
    const struct analyzer *an = c->an;
    const struct sentence *se = c->se;
    const struct ent *e = &c->e[k];
    const struct tok *t = &se->t[e->t0];
    if (e->kind == TK_NUM) {
        if (is_figure_num(an, se, e->t0)) r->figure = 1, mark_cue(r, e->t0);
        return;
    }
    if (t->info >= 0 && (an->words[t->info].flags & LX_NUMWORD) && e->len == 1) {
        for (size_t j = e->t0 + 1; j < se->n && j <= e->t0 + 3u; j++) {
            const struct tok *u = &se->t[j];
            if (u->info < 0 || !(an->words[u->info].flags & LX_SCALE)) continue;
            if (!(an->words[u->info].flags & LX_NUMWORD) || j > e->t0 + 1u) {
                r->figure = 1, mark_cue(r, e->t0);
                break;
            }
        }
    }
    r->cues |= e->flags & (LX_FORECAST | LX_ATTRIB | LX_COMPARE);
    if (e->flags & (LX_FORECAST | LX_ATTRIB | LX_COMPARE)) mark_cue(r, e->t0);
    if ((e->flags & LX_COMPARE) && r->than_tok < 0) {
        const char *nw = tok_norm(se, t);
        /* "more than expected" compares with a forecast, not a company */
        int forecast = k + 1 < c->n && (ent_wflags(c, k + 1) & LX_EXPNOUN);
        if (!forecast && ((t->norm_len == 4 && memcmp(nw, "than", 4) == 0) ||
                          (t->norm_len == 6 && memcmp(nw, "versus", 6) == 0) ||
                          (t->norm_len == 2 && memcmp(nw, "vs", 2) == 0)))
            r->than_tok = (int)e->t0;
    }
}

/* "rose less than expected" is bad news, "fell less than feared" good:
 * -1 to turn a move round, +1 to stress it, 0 when nothing such follows.
 * The entries it covers end before *end. */
static int cue_expectation_of_move(const struct sent_ctx *c, size_t k, size_t *end)
{
    static const char *const less[] = {"less", "smaller", "slower", "fewer", "lower", NULL};
    static const char *const more[] = {"more",    "bigger", "larger",  "faster",
                                       "greater", "higher", "further", NULL};
    for (size_t j = k + 1; j + 1 < c->n && j <= k + 3; j++) {
        const struct ent *e = &c->e[j];
        const struct tok *t2 = &c->se->t[e->t0 + e->len - 1];
        int than = (e->len == 2 && t2->norm_len == 4 && !memcmp(tok_norm(c->se, t2), "than", 4)) ||
                   ENT_IS(c, j + 1, "than");
        if (!than) continue;
        int sign = 0;
        for (const char *const *w = less; *w && !sign; w++)
            if (ent_starts_word(c, j, *w)) sign = -1;
        for (const char *const *w = more; *w && !sign; w++)
            if (ent_starts_word(c, j, *w)) sign = 1;
        if (!sign) continue;
        size_t x = cue_expectation_after(c, e->len == 2 ? j : j + 1); /* from past "than" */
        if (x && x <= j + 4) {
            *end = x + 1;
            return sign;
        }
        return 0;
    }
    return 0;
}

/* "could save $2 billion", "saves tens of millions": savings of an amount. */
static int cue_saves_amount(const struct sent_ctx *c, size_t k)
{
    if (c->e[k].len != 1 || !(ent_role(c, k) & SR_SAVE)) return 0;
    return cue_figure_follows(c, k) || (k + 1 < c->n && (ent_wflags(c, k + 1) & LX_NUMWORD));
}

/* Whether entry k opens a clause of cause: "shares fall as demand weakens",
 * "stocks slip amid trade worries", "rose on strong demand". */
static int cue_cause_word(const struct sent_ctx *c, size_t k)
{
    return c->e[k].len == 1 && (ent_role(c, k) & SR_CAUSE);
}

void sent_score_sentence(const struct analyzer *an, const struct sentence *se,
                         struct sent_result *r)
{
    sent_score_range(an, se, 0, se->n, r);
}

void sent_score_range(const struct analyzer *an, const struct sentence *se, size_t t0, size_t t1,
                      struct sent_result *r)
{
    struct sent_ctx c;
    double contrib[TOK_MAX];
    unsigned char used[TOK_MAX];
    double total = 0, hedge = 1.0, after_but = 1.0, concede = 1.0, pending_mult = 1.0;
    size_t neg_until = 0, mult_until = 0, b0, b1;
    int negated = 0, paired = 0;
    size_t failed = SIZE_MAX;    /* the entry of a failure whose window is open */
    size_t gain_from = SIZE_MAX; /* "benefiting from": the entry of "from", to the clause's end */
    memset(r, 0, sizeof *r);
    r->than_tok = -1;
    build_entries(an, se, t0, t1, &c);
    memset(used, 0, c.n);
    size_t qmain;
    int trend = 0;
    /* The clause of cause after a worded move: [cause0, cause1) */
    size_t cause0 = SIZE_MAX, cause1 = SIZE_MAX;
    int main_moved = 0;
    b0 = b1 = qmain = 0;
    if (c.has_num && c.has_base) trend = qty_trend(&c, &b0, &b1, &qmain);
    size_t clause0 = 0;
    size_t first_word = 0; /* "While sales rose, ..." concedes; "..., while ..." does not */
    while (first_word < c.n && c.e[first_word].kind == TK_PUNCT)
        first_word++;

    for (size_t k = 0; k < c.n; k++) {
        const struct ent *e = &c.e[k];
        const struct tok *t = &se->t[e->t0];
        contrib[k] = 0;
        if (e->kind == TK_PUNCT) {
            if (cause0 != SIZE_MAX && cause1 == SIZE_MAX && (t->punct == ';' || t->punct == ':'))
                cause1 = k;
            if (clause_break(t)) {
                clause0 = k + 1;
                concede = 1.0;
                gain_from = SIZE_MAX;
                if (t->punct != ':' && t->punct != '(' && t->punct != ')') neg_until = 0;
            }
            continue;
        }
        /* A word with no part in any rule (most words): nothing below applies */
        if (!e->flags && e->kind != TK_NUM &&
            !(ent_role(&c, k) & (SR_CAUSE | SR_LESS | SR_MORE | SR_SWING | SR_WIN)))
            continue;
        note_cues(&c, k, r);
        uint32_t fl = e->flags;
        if (fl & LX_NEGATOR) {
            neg_until = e->t0 + e->reach + NEG_WINDOW;
            negated = 1;
            failed = SIZE_MAX;
            if (cue_is_failure(&c, k)) {
                /* bad news of its own until a word it reaches speaks */
                failed = k;
                c.e[k].firm = 1;
                contrib[k] = FAILED * after_but * concede;
                total += contrib[k];
                r->hits++;
            }
        }
        if ((fl & LX_INTENS) && !(fl & LX_SENT) && !used[k]) {
            pending_mult = e->mult;
            mult_until = e->t0 + e->reach + 2;
        }
        if (fl & LX_HEDGE) hedge = hedge < e->mult ? hedge : e->mult;
        if (cause0 == SIZE_MAX && main_moved && cue_cause_word(&c, k)) cause0 = k;
        /* "Shares fell, although the company kept its forecast": after the
         * main clause "although" concedes, it does not overrule */
        int concedes_only = (fl & LX_DESPITE) && k > first_word &&
                            (!ENT_IS(&c, k, "though") || ENT_IS(&c, k - 1, "even"));
        if ((fl & LX_BUT) && !concedes_only) {
            if (cause0 != SIZE_MAX && cause1 == SIZE_MAX) cause1 = k;
            total *= BEFORE_BUT;
            for (size_t j = 0; j < k; j++)
                contrib[j] *= BEFORE_BUT;
            after_but = 1.2;
        }
        if (fl & LX_DESPITE)
            concede = k > first_word && ENT_IS(&c, k, "while") ? WHILE_MID : CONCEDED;
        /* The comparison base ("from a loss of $2 million") is the past. */
        if (k >= b0 && k < b1) continue;
        if (used[k]) continue;
        if (e->kind == TK_NUM && !(t->flags & TF_PCT) && trend) continue; /* "-$0.12 vs. -$0.20" */
        if (fl & LX_RATEACT) {
            /* "downgraded to buy from strong buy": the action decides */
            for (size_t j = k + 1; j < c.n && c.e[j].t0 <= e->t0 + 8u; j++)
                if (c.e[j].flags & LX_RATING) used[j] = 1;
        }
        if (e->len > 1 && (ent_role(&c, k) & SR_SWING))
            cue_swing_base(&c, k + 1, used); /* "swung to a profit" is a phrase */
        double w = 0;
        size_t x = 0, send;
        int sp = 0, sw = 0, wn = 0;
        if (ent_role(&c, k) & (SR_LESS | SR_MORE | SR_SWING | SR_WIN)) {
            sp = cue_surprise_at(&c, k, &send);
            sw = sp ? 0 : cue_swing_at(&c, k, &send);
            wn = sp || sw ? 0 : cue_wins_at(&c, k, &send);
        }
        if (sp || sw || wn) {
            /* "a smaller-than-expected drop in profit", "swung to a
             * third-quarter net profit", "won a five-year contract" */
            w = sp ? sp * SURPRISE : sw ? sw * SWING : WIN_CONTRACT;
            for (size_t j = k + 1; j < send && j < TOK_MAX; j++)
                used[j] = 1;
            if (sw) cue_swing_base(&c, send, used);
            c.e[k].firm = 1;
            fl &= ~(uint32_t)LX_DIR;
        } else if ((fl & LX_EXPVERB) && !(e->len > 1 && (fl & LX_SENT)) &&
                   (x = cue_expectation_after(&c, k))) {
            /* "tops Q4 revenue estimates" ("beat estimates" is whole; a
             * phrase such as "below consensus" weighs its own sentiment,
             * not the verb's) */
            w = e->mult;
            for (size_t j = k + 1; j <= x && j < TOK_MAX; j++)
                used[j] = 1;
        } else {
            if (!(fl & LX_SENT) || e->sent == 0) {
                if ((fl & LX_INTENS) && (fl & LX_SENT)) {
                    /* "record", "huge": both; it intensifies what follows */
                    pending_mult = e->mult;
                    mult_until = e->t0 + e->len + 2;
                }
                continue;
            }
            w = e->sent;
            if ((fl & LX_UPDOWN) &&
                ((!cue_figure_follows(&c, k) && !cue_updown_after_qty(&c, k)) ||
                 !cue_off_by_pct(&c, k) ||
                 (k > 0 && (ENT_IS(&c, k - 1, "to") || ENT_IS(&c, k - 1, "from")))))
                w = 0; /* "up 5%" is a move; "set up" is not, nor the level in "cuts
                        * its outlook to up 1.3% from up 2%" */
            if ((fl & LX_DIR) && k + 2 < c.n && ENT_IS(&c, k + 1, "than") &&
                (c.e[k + 2].kind == TK_NUM || se->t[c.e[k + 2].t0].punct == '$'))
                w = 0; /* "fewer than 100", "higher than $5": an amount */
            if (w == 0) continue;
        }
        if (fl & LX_DIR) {
            size_t end;
            int ex = cue_expectation_of_move(&c, k, &end);
            if (ex) {
                for (size_t j = k + 1; j < end; j++)
                    used[j] = 1;
                w *= ex < 0 ? -1.0 : 1.4;
            }
        }
        if ((fl & LX_DIR) && !(fl & LX_EXPVERB && x)) {
            size_t q;
            int p = qty_pair(&c, k, &q);
            if (!p && cue_raises_money(&c, k)) w *= FUNDRAISE;
            if (p == QTY_NEUTRAL) {
                w *= NEUTRAL_MOVE;
                if (q < k) {
                    total -= contrib[q];
                    contrib[q] = 0;
                } else {
                    used[q] = 1;
                }
            } else if (p) {
                if (fl & LX_EVAL) p = 1; /* "the cost-to-income ratio improved" */
                w = (w > 0 ? 1 : -1) * p * (fabs(w) > PAIRED_MIN ? fabs(w) : PAIRED_MIN);
                if (q < k) {
                    total -= contrib[q];
                    contrib[q] = 0;
                } else {
                    used[q] = 1;
                }
                paired += w > 0 ? 1 : -1;
            }
        }
        /* "benefiting from surging energy costs": what a company gains from
         * is good news for it, however it reads on its own */
        if (gain_from != SIZE_MAX && k > gain_from) w = fabs(w);
        if (gain_from == SIZE_MAX && w > 0) gain_from = cue_gains_from(&c, k);
        /* a negator with a sentiment of its own ("shakes off") is not its own object */
        if (failed != SIZE_MAX && e->t0 < neg_until && !(fl & LX_NEGATOR)) {
            /* "failed to win approval", "failed to stop the slide": what a
             * failure reaches is bad news either way */
            total -= contrib[failed];
            contrib[failed] = 0;
            failed = SIZE_MAX;
            w = -fabs(w) * -NEG_FACTOR;
            if (!c.e[k].firm) c.e[k].firm = 1; /* a verdict, not a loose word */
        } else if (negated && e->t0 < neg_until && !(fl & LX_NEGATOR)) {
            /* "the recovery is not strong": negated praise judges its
             * subject, whose own upbeat words say nothing then */
            if (w > 0 && !c.e[k].firm) {
                for (size_t j = clause0; j < k; j++)
                    if (contrib[j] > 0 && !c.e[j].firm) {
                        total -= contrib[j];
                        contrib[j] = 0;
                    }
                c.e[k].firm = 1; /* a verdict, not a loose word */
            }
            w *= NEG_FACTOR;
        }
        if (e->t0 < mult_until) {
            w *= pending_mult;
            mult_until = 0;
        } else if (k + 1 < c.n && c.e[k + 1].len == 1 && se->t[c.e[k + 1].t0].info >= 0) {
            /* "rose sharply", "fell slightly": the adverb after */
            const struct winfo *nx = &an->words[se->t[c.e[k + 1].t0].info];
            if ((nx->flags & LX_INTENS) && !(nx->flags & LX_SENT) && !nx->nphr) {
                w *= nx->mult;
                used[k + 1] = 1;
            }
        }
        /* "30% better price performance", "three times faster": a measured
         * comparison; "could save $2 billion": savings of an amount. Both
         * are results, not loose words. */
        if (!(fl & LX_DIR) && (cue_measured(&c, k) || cue_saves_amount(&c, k))) {
            c.e[k].firm = 1;
            w *= MEASURED;
        } else if ((fl & LX_DIR) && fabs(w) < PAIRED_MIN &&
                   (cue_measured(&c, k) || cue_pct_follows(&c, k))) {
            /* "closed 27% higher", "1.5% lower", "Meta added 5.5%" */
            w = w > 0 ? PAIRED_MIN : -PAIRED_MIN;
        }
        if ((fl & LX_DIR) && c.words > LONG_WORDS &&
            (cue_measured(&c, k) || cue_pct_follows(&c, k)))
            c.e[k].firm = FIRM_MEASURED; /* only a long sentence asks */
        w *= after_but * concede;
        /* A word on its own says less than a move or a result against
         * expectations: neutral statements are full of upbeat words. */
        if (!e->firm) w *= LOOSE_WORD;
        total += w;
        contrib[k] = w;
        r->hits++;
        if (e->firm && (fl & LX_DIR) && cause0 == SIZE_MAX) main_moved = 1;
    }
    /* The reason explains the move, it does not undo it: "airline stocks fall
     * as oil prices surge" is bad news for the airlines. */
    if (cause0 != SIZE_MAX) {
        double before = 0, reason = 0;
        size_t end = cause1 < c.n ? cause1 : c.n;
        for (size_t j = 0; j < cause0; j++)
            before += contrib[j];
        for (size_t j = cause0; j < end; j++)
            reason += contrib[j];
        if (before * reason < 0) {
            total -= reason * (1.0 - CAUSE_AGAINST);
            for (size_t j = cause0; j < end; j++)
                contrib[j] *= CAUSE_AGAINST;
        }
    }
    /* The figures' direction speaks when no worded move does. */
    if (trend && !paired) {
        /* the quantity is the subject of the trend, not news in itself */
        total -= contrib[qmain];
        contrib[qmain] = 0;
        total += trend * TREND_WEIGHT;
        r->hits++;
    }
    double damp = hedge;
    if (t1 > t0 && se->t[t1 - 1].kind == TK_PUNCT && se->t[t1 - 1].punct == '?') damp *= QUESTION;
    total *= damp;
    /* A long sentence gathers stray sentiment words as it goes; the same
     * evidence in more words is weaker. A statement of results is not: news
     * wires report "net sales fell 5%" inside thirty words of context. A
     * move measured by its percent or points ("Chevron climbing 4.9%, as
     * ...") is not thinned at all: its figure says how strong it is. */
    size_t nw = c.words;
    double co = total;
    if (nw > LONG_WORDS) {
        double firm = trend && !paired ? trend * TREND_WEIGHT : 0, measured = 0;
        for (size_t k = 0; k < c.n; k++) {
            if (c.e[k].firm == FIRM_MEASURED)
                measured += contrib[k];
            else if (c.e[k].firm)
                firm += contrib[k];
        }
        firm *= damp;
        measured *= damp;
        double loose = total - firm - measured, x = (double)(nw - LONG_WORDS);
        firm /= 1.0 + x / LONG_SCALE_FIRM;
        total = measured + firm + loose / (1.0 + x / LONG_SCALE);
        co = measured + firm + loose / (1.0 + x / LONG_SCALE_CO);
    }
    r->raw = total;
    r->score = sent_squash(total);
    r->co_raw = co;
    r->co = sent_squash(co);
}
