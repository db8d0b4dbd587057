/* analyze_run: one pass over a text, sentence by sentence: tickers, claims
 * and sentiment, gathered into a struct analysis. Memory per run is one
 * sentence buffer plus what the result itself holds. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/analyze.h"
#include "core/analyze_data.h"
#include "core/analyze_int.h"
#include "core/str.h"
#include "core/article.h"
#include "core/err.h"
#include "core/summary.h"

#define MENTION_MAX 64

static char str_lower_c(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static int is_word_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (unsigned char)c >= 0x80;
}
#define TITLE_WEIGHT 2.0
#define LEAD_WEIGHT 1.5
#define QUIET_WEIGHT 0.3 /* a sentence with no sentiment still dilutes the mean */
#define CARRY_WEIGHT 0.5 /* a sentence that names no ticker speaks of the last ones */
#define LEAD_SENTENCES 2

struct tacc {
    uint32_t sym;
    int mentions;
    int confirmed;     /* named unambiguously at least once */
    double weight;     /* mention weight for relevance */
    double ssum, swt2; /* evidence (unsquashed sentiment), weighted; sum of squared weights */
    struct span *spans;
    size_t n_spans, cap_spans;
    size_t last_sentence;
};

struct run {
    const struct analyzer *an;
    struct sentence *se;
    int32_t *slot; /* symbol index -> tacc index + 1 */
    struct tacc *acc;
    size_t n_acc, cap_acc;
    struct claim *claims;
    size_t n_claims, cap_claims;
    double art_sum, art_wt;
    size_t prev_acc[MENTION_MAX]; /* tickers of the last sentence that named any, but
                                     those it named as sources or holdings */
    size_t n_prev;
    size_t sentence_no, body_sentence_no;
    const char *text; /* the whole text, for the summary's sentence ends */
    size_t len;
    struct summary_pick pick;
};

/* Index of the accumulator for sym, or -1. Most texts name a few tickers:
 * scan them; past that, a table over the whole directory. */
static long acc_find(struct run *r, uint32_t sym)
{
    if (r->slot) return (long)r->slot[sym] - 1;
    for (size_t i = 0; i < r->n_acc; i++)
        if (r->acc[i].sym == sym) return (long)i;
    return -1;
}

static struct tacc *acc_for(struct run *r, uint32_t sym)
{
    long at = acc_find(r, sym);
    if (at >= 0) return &r->acc[at];
    if (!r->slot && r->n_acc >= 32) {
        r->slot = calloc(r->an->n_syms, sizeof *r->slot);
        if (!r->slot) return NULL;
        for (size_t i = 0; i < r->n_acc; i++)
            r->slot[r->acc[i].sym] = (int32_t)i + 1;
    }
    if (r->n_acc == r->cap_acc) {
        size_t cap = r->cap_acc ? r->cap_acc * 2 : 8;
        struct tacc *n = realloc(r->acc, cap * sizeof *n);
        if (!n) return NULL;
        r->acc = n;
        r->cap_acc = cap;
    }
    struct tacc *a = &r->acc[r->n_acc++];
    memset(a, 0, sizeof *a);
    a->sym = sym;
    a->last_sentence = (size_t)-1;
    if (r->slot) r->slot[sym] = (int32_t)r->n_acc;
    return a;
}

/* A company's score gathers evidence: each sentence's score, unsquashed,
 * weighted, summed and divided by the root of the summed squared weights.
 * One sentence keeps its own score; several that agree make surer news than
 * any one of them ("Amazon could save billions", "Amazon plans to double
 * capacity"), and ones that disagree cancel. */
static void acc_evidence(struct tacc *a, double w, double s)
{
    if (s > 0.999) s = 0.999;
    if (s < -0.999) s = -0.999;
    a->ssum += w * s / sqrt(1.0 - s * s);
    a->swt2 += w * w;
}

static int add_span(struct tacc *a, const struct sentence *se, const struct mention *m)
{
    if (a->n_spans == a->cap_spans) {
        size_t cap = a->cap_spans ? a->cap_spans * 2 : 4;
        struct span *n = realloc(a->spans, cap * sizeof *n);
        if (!n) return -1;
        a->spans = n;
        a->cap_spans = cap;
    }
    const struct tok *t0 = &se->t[m->t0], *t1 = &se->t[m->t1 - 1];
    a->spans[a->n_spans++] = (struct span){t0->c0, t1->c1, t0->b0, t1->b1};
    return 0;
}

static enum claim_kind claim_kind_of(const struct sent_result *sr, int *is_claim)
{
    *is_claim = 1;
    if (sr->cues & LX_FORECAST) return CLAIM_FORECAST;
    if (sr->figure) return CLAIM_FIGURE;
    if (sr->cues & LX_COMPARE) return CLAIM_COMPARISON;
    if (sr->cues & LX_ATTRIB) return CLAIM_ATTRIBUTED;
    *is_claim = 0;
    return CLAIM_FIGURE;
}

/* The raw scale's neutral boundary, chosen on the tune part of the
 * evaluation set (data/eval/README.md), is mapped onto the product's: a raw
 * |score| of CAL_RAW becomes 0.15, where "moderately" begins. Past it a
 * gentle power curve keeps a single clear move ("shares rose 3%") from
 * reading as barely polar next to the strongest news, so the score grows
 * with the strength of the news rather than bunching at the band's edge.
 * Monotone, so order and sign are kept and [-1, 1] maps onto itself. */
#define CAL_RAW 0.26
#define CAL_LABEL SENTIMENT_BAND
#define CAL_POW 0.8 /* past the band, a curve that spreads moderate scores (see below) */

static double calibrate(double x)
{
    double m = fabs(x), y;
    if (m <= CAL_RAW)
        y = m * (CAL_LABEL / CAL_RAW);
    else
        y = CAL_LABEL + (1.0 - CAL_LABEL) * pow((m - CAL_RAW) / (1.0 - CAL_RAW), CAL_POW);
    if (y > 1) y = 1;
    return x < 0 ? -y : y;
}

/* A claim over tokens [t0, t1) of the sentence, naming the given tickers. */
static int add_claim(struct run *r, const struct sentence *se, size_t t0, size_t t1,
                     const struct sent_result *sr, enum claim_kind kind, const size_t *accs,
                     size_t n_accs)
{
    if (r->n_claims == r->cap_claims) {
        size_t cap = r->cap_claims ? r->cap_claims * 2 : 8;
        struct claim *n = realloc(r->claims, cap * sizeof *n);
        if (!n) return -1;
        r->claims = n;
        r->cap_claims = cap;
    }
    struct claim *c = &r->claims[r->n_claims];
    memset(c, 0, sizeof *c);
    while (t0 + 1 < t1 && se->t[t0].kind == TK_PUNCT && se->t[t0].punct != '$' &&
           se->t[t0].punct != '"' && se->t[t0].punct != '(')
        t0++; /* a list's bullet or a stray mark is not part of the claim */
    const struct tok *a = &se->t[t0], *b = &se->t[t1 - 1];
    c->span = (struct span){a->c0, b->c1, a->b0, b->b1};
    c->kind = kind;
    c->score = sr->score;
    r->n_claims++;
    if (n_accs) {
        c->tickers = malloc(n_accs * sizeof *c->tickers);
        if (!c->tickers) return -1;
        for (size_t i = 0; i < n_accs; i++)
            memcpy(c->tickers[i], r->an->syms[r->acc[accs[i]].sym].symbol, 16);
        c->n_tickers = n_accs;
    }
    return 0;
}

/* A sentence's clauses, split once and each scored once (calibrated) for
 * the companies' shares and the claims alike. */
struct clauses {
    uint16_t cl[CLAUSE_MAX][2];
    size_t n;        /* 0 until split */
    uint32_t scored; /* bit k: sr[k] holds clause k's result */
    struct sent_result sr[CLAUSE_MAX];
};

static size_t clauses_of(const struct analyzer *an, const struct sentence *se, struct clauses *c)
{
    if (!c->n) c->n = clauses_split(an, se, c->cl, CLAUSE_MAX);
    return c->n;
}

static const struct sent_result *clause_result(const struct analyzer *an, const struct sentence *se,
                                               struct clauses *c, size_t k)
{
    if (!((c->scored >> k) & 1)) {
        sent_score_range(an, se, c->cl[k][0], c->cl[k][1], &c->sr[k]);
        struct sent_result *x = &c->sr[k];
        x->score = calibrate(x->score);
        x->co = x->co_raw == x->raw ? x->score : calibrate(x->co);
        c->scored |= 1u << k;
    }
    return &c->sr[k];
}

/* The sentence's claims, one per clause that makes one. A clause names the
 * tickers mentioned in it; one that names none speaks of those the clause
 * before it named, or else of the sentence's. */
static int add_claims(struct run *r, const struct sentence *se, const struct sent_result *sr,
                      struct clauses *cls, const struct mention *ms, const size_t *macc, size_t nm,
                      const size_t *accs, size_t n_accs)
{
    size_t ncl = clauses_of(r->an, se, cls);
    const uint16_t(*cl)[2] = cls->cl;
    size_t prev[MENTION_MAX], n_prev = 0;
    for (size_t k = 0; k < ncl; k++) {
        size_t own[MENTION_MAX], n_own = 0;
        for (size_t i = 0; i < nm; i++) {
            if (ms[i].t0 < cl[k][0] || ms[i].t0 >= cl[k][1]) continue;
            size_t j = 0;
            while (j < n_own && own[j] != macc[i])
                j++;
            if (j == n_own) own[n_own++] = macc[i];
        }
        if (n_own) {
            memcpy(prev, own, n_own * sizeof *own);
            n_prev = n_own;
        }
        int cued = ncl == 1;
        for (size_t t = cl[k][0]; t < cl[k][1] && !cued; t++)
            cued = (sr->cue_at[t / 8] >> (t % 8)) & 1;
        if (!cued) continue; /* no cue, no claim: spare the scoring */
        const struct sent_result *use = ncl > 1 ? clause_result(r->an, se, cls, k) : sr;
        int is_claim;
        enum claim_kind kind = claim_kind_of(use, &is_claim);
        if (!is_claim) continue;
        const size_t *list = n_own ? own : n_prev ? prev : accs;
        size_t n_list = n_own ? n_own : n_prev ? n_prev : n_accs;
        if (add_claim(r, se, cl[k][0], cl[k][1], use, kind, list, n_list)) return -1;
    }
    return 0;
}

/* The calibrated score of the sentence without tokens [a, b). */
static double score_without(const struct analyzer *an, const struct sentence *se, size_t a,
                            size_t b)
{
    struct sent_result x, y;
    double raw = 0;
    if (a > 0) sent_score_range(an, se, 0, a, &x), raw += x.co_raw;
    if (b < se->n) sent_score_range(an, se, b, se->n, &y), raw += y.co_raw;
    return calibrate(sent_squash(raw));
}

/* With a relative clause that names some of the companies and not others,
 * those in it take its news and the others the rest. Returns whether it
 * decided. */
static int aside_scores(struct run *r, const struct sentence *se, const struct mention *ms,
                        size_t nm, double *out)
{
    size_t a, b;
    if (!roles_relative_aside(r->an, se, &a, &b)) return 0;
    /* one that ends the sentence speaks of the company just before it, which
     * keeps the whole sentence's news while the others lose the clause's
     * ("peers such as Barclays <BARC.L>, which reported record profits") */
    size_t from = a;
    for (size_t i = 0; b == se->n && i < nm; i++)
        if (ms[i].t1 <= a && a - ms[i].t1 <= 4) from = ms[i].t0;
    int in = 0, outside = 0;
    for (size_t i = 0; i < nm; i++) {
        if (isnan(out[i])) continue;
        if (ms[i].t0 >= from && ms[i].t0 < b)
            in = 1;
        else
            outside = 1;
    }
    if (!in || !outside) return 0;
    struct sent_result x;
    sent_score_range(r->an, se, a + 2, b, &x);
    double rest = score_without(r->an, se, from, b), own = calibrate(x.co);
    for (size_t i = 0; i < nm; i++) {
        if (isnan(out[i]) || (ms[i].t0 >= from && ms[i].t0 < a)) continue;
        out[i] = ms[i].t0 > a && ms[i].t0 < b ? own : rest;
    }
    return 1;
}

/* A company named only in the reason given for the first company's move
 * ("Peloton surged after it said it would sell its products on Amazon")
 * takes the reason's own news, to the end of its clause, not the move's.
 * Returns whether any did. */
static int cause_scores(struct run *r, const struct sentence *se, struct clauses *cls,
                        const struct mention *ms, size_t nm, double *out)
{
    size_t first = 0;
    while (first < nm && isnan(out[first]))
        first++;
    if (first == nm) return 0;
    size_t cause = roles_cause_of_move(r->an, se, ms[first].t1, ms, nm, ms[first].sym);
    if (cause == SIZE_MAX) return 0;
    size_t ncl = clauses_of(r->an, se, cls), end = se->n;
    for (size_t k = 0; k < ncl; k++)
        if (cls->cl[k][0] <= cause && cause < cls->cl[k][1]) end = cls->cl[k][1];
    int any = 0;
    double own = 0;
    for (size_t i = 0; i < nm; i++) {
        if (isnan(out[i]) || ms[i].t0 < cause || ms[i].t0 >= end) continue;
        int before = 0;
        for (size_t j = 0; j < nm && !before; j++)
            before = ms[j].t0 < cause && ms[j].sym == ms[i].sym;
        if (before) continue;
        if (!any) {
            struct sent_result x;
            sent_score_range(r->an, se, cause + 1, end, &x);
            own = calibrate(x.co);
            any = 1;
        }
        out[i] = own;
    }
    return any;
}

/* Each mention's share of the sentence's sentiment: NAN for a source, a
 * holding or a broker acting on another company named there; with several
 * companies, a relative clause's for those it names and the rest's for the
 * others; with several clauses, the clauses that name it (or, naming none,
 * follow it); else the whole sentence's. */
static void tickers_sentence_scores(struct run *r, const struct sentence *se,
                                    const struct sent_result *sr, struct clauses *cls,
                                    const struct mention *ms, size_t nm, double *out)
{
    int several = 0;
    for (size_t i = 0; i < nm; i++) {
        out[i] = sr->co;
        if (ms[i].sym != ms[0].sym) several = 1;
    }
    for (size_t i = 0; i < nm; i++)
        if ((several &&
             (roles_is_holding(r->an, se, ms[i].t0) || roles_is_rival(r->an, se, ms[i].t0))) ||
            roles_is_source(r->an, se, &ms[i], several))
            out[i] = NAN;
    if (!several || cause_scores(r, se, cls, ms, nm, out) || aside_scores(r, se, ms, nm, out))
        return;
    size_t ncl = clauses_of(r->an, se, cls);
    if (ncl < 2) return;
    const uint16_t(*cl)[2] = cls->cl;
    double cs[CLAUSE_MAX];
    for (size_t k = 0; k < ncl; k++)
        cs[k] = clause_result(r->an, se, cls, k)->co;
    for (size_t i = 0; i < nm; i++) {
        if (isnan(out[i])) continue;
        double sum = 0;
        int cnt = 0, own = 0;
        for (size_t k = 0; k < ncl; k++) {
            int here = 0, other = 0;
            for (size_t j = 0; j < nm; j++) {
                if (ms[j].t0 < cl[k][0] || ms[j].t0 >= cl[k][1]) continue;
                if (ms[j].sym == ms[i].sym)
                    here = 1;
                else
                    other = 1;
            }
            if (here) own = 1;
            /* a clause naming no company speaks of the one before it,
             * unless it has a subject of its own */
            if (here || (own && !other && roles_clause_goes_on(r->an, se, cl[k][0], cl[k][1]))) {
                sum += cs[k];
                cnt++;
            } else if (own && other) {
                own = 0;
            }
        }
        if (cnt) out[i] = sum / cnt;
    }
}

/* One sentence: its tickers, its sentiment, maybe a claim. */
static int run_sentence(struct run *r, int want_detail)
{
    const struct sentence *se = r->se;
    struct sent_result sr;
    sent_score_sentence(r->an, se, &sr);
    sr.score = calibrate(sr.score);
    double w = se->in_title                           ? TITLE_WEIGHT
               : r->body_sentence_no < LEAD_SENTENCES ? LEAD_WEIGHT
                                                      : 1.0;
    double sw = sr.hits ? w : QUIET_WEIGHT;
    r->art_sum += sw * sr.score;
    r->art_wt += sw;
    r->sentence_no++;
    if (!se->in_title) r->body_sentence_no++;
    if (!want_detail) return 0;

    struct mention ms[MENTION_MAX];
    size_t nm = tickers_find(r->an, se, ms, MENTION_MAX);
    /* read for the companies named or carried on; a short sentence (most)
     * reads the same for them */
    if ((nm || r->n_prev) && sr.co_raw != sr.raw)
        sr.co = calibrate(sr.co);
    else
        sr.co = sr.score;
    size_t accs[MENTION_MAX], n_accs = 0, macc[MENTION_MAX], n_subj = 0;
    double sscore[MENTION_MAX];
    struct clauses cls;
    cls.n = 0, cls.scored = 0;
    tickers_sentence_scores(r, se, &sr, &cls, ms, nm, sscore);
    for (size_t i = 0; i < nm; i++) {
        struct tacc *a = acc_for(r, ms[i].sym);
        if (!a || add_span(a, se, &ms[i])) return -1;
        macc[i] = (size_t)(a - r->acc);
        a->mentions++;
        a->weight += w;
        if (!ms[i].ambiguous) a->confirmed = 1;
        if (a->last_sentence != r->sentence_no) {
            a->last_sentence = r->sentence_no;
            accs[n_accs++] = (size_t)(a - r->acc);
            double s = sscore[i];
            if (isnan(s)) continue; /* a source or broker: not its news */
            r->prev_acc[n_subj++] = (size_t)(a - r->acc);
            /* A ticker named after "than" is the one compared against. */
            if ((sr.than_tok >= 0 && ms[i].t0 > sr.than_tok && (sr.cues & LX_COMPARE)) ||
                roles_is_beaten(r->an, se, ms[i].t0))
                s = -0.5 * s;
            double tw = sr.hits ? w : QUIET_WEIGHT;
            acc_evidence(a, tw, s);
        }
    }
    if (n_accs) {
        /* the sentences after a quote's source go on with the quote */
        r->n_prev = n_subj;
    } else {
        for (size_t i = 0; i < r->n_prev; i++) {
            struct tacc *a = &r->acc[r->prev_acc[i]];
            double tw = (sr.hits ? 1.0 : QUIET_WEIGHT) * CARRY_WEIGHT;
            acc_evidence(a, tw, sr.co);
        }
    }
    if (se->in_title) {
        summary_pick_title(&r->pick, se);
        return 0;
    }
    size_t claims_before = r->n_claims;
    if (add_claims(r, se, &sr, &cls, ms, macc, nm, accs, n_accs)) return -1;
    summary_pick_sentence(&r->pick, se, r->text, r->len, r->n_claims - claims_before, n_accs,
                          sr.figure, r->body_sentence_no - 1);
    return 0;
}

static int cmp_ticker(const void *a, const void *b)
{
    const struct ticker_hit *x = a, *y = b;
    if (x->relevance != y->relevance) return x->relevance > y->relevance ? -1 : 1;
    /* a tie goes to the one named first (the headline's, the lead's) */
    uint32_t px = x->n_spans ? x->spans[0].start : UINT32_MAX;
    uint32_t py = y->n_spans ? y->spans[0].start : UINT32_MAX;
    if (px != py) return px < py ? -1 : 1;
    return strcmp(x->symbol, y->symbol);
}

static int finish(struct run *r, struct analysis *out)
{
    out->score = r->art_wt > 0 ? r->art_sum / r->art_wt : 0;
    double maxw = 0;
    size_t keep = 0;
    for (size_t i = 0; i < r->n_acc; i++)
        if (r->acc[i].confirmed && r->acc[i].weight > maxw) maxw = r->acc[i].weight;
    for (size_t i = 0; i < r->n_acc; i++)
        keep += r->acc[i].confirmed;
    out->tickers = keep ? calloc(keep, sizeof *out->tickers) : NULL;
    if (keep && !out->tickers) return -1;
    for (size_t i = 0; i < r->n_acc; i++) {
        struct tacc *a = &r->acc[i];
        if (!a->confirmed) {
            free(a->spans);
            a->spans = NULL;
            continue;
        }
        struct ticker_hit *h = &out->tickers[out->n_tickers++];
        memcpy(h->symbol, r->an->syms[a->sym].symbol, sizeof h->symbol);
        h->name = r->an->syms[a->sym].name;
        h->mentions = a->mentions;
        double rel = 0.6 * (a->weight / maxw) + 0.4 * (1.0 - exp(-a->weight / 4.0));
        h->relevance = rel > 1 ? 1 : rel;
        h->score = a->swt2 > 0 ? sent_squash(a->ssum / sqrt(a->swt2)) : 0;
        h->spans = a->spans;
        h->n_spans = a->n_spans;
        a->spans = NULL;
    }
    if (out->n_tickers > 1) qsort(out->tickers, out->n_tickers, sizeof *out->tickers, cmp_ticker);
    /* Claims name only the tickers that survived (ambiguous names did not). */
    for (size_t i = 0; keep < r->n_acc && i < r->n_claims; i++) {
        struct claim *c = &r->claims[i];
        size_t w = 0;
        for (size_t k = 0; k < c->n_tickers; k++) {
            int32_t at = an_find_symbol(r->an, c->tickers[k], strlen(c->tickers[k]));
            long ai = at >= 0 ? acc_find(r, (uint32_t)at) : -1;
            if (ai >= 0 && r->acc[ai].confirmed) memmove(c->tickers[w++], c->tickers[k], 16);
        }
        c->n_tickers = w;
    }
    out->claims = r->claims;
    out->n_claims = r->n_claims;
    out->n_summary = summary_pick_finish(&r->pick, out->summary);
    r->claims = NULL;
    r->n_claims = 0;
    return 0;
}

static void run_free(struct run *r)
{
    for (size_t i = 0; i < r->n_acc; i++)
        free(r->acc[i].spans);
    free(r->acc);
    for (size_t i = 0; i < r->n_claims; i++)
        free(r->claims[i].tickers);
    free(r->claims);
    free(r->slot);
    free(r->se);
}

static int run_text(const struct analyzer *an, const char *text, size_t len, size_t title_len,
                    struct analysis *out, int want_detail)
{
    struct run r = {.an = an, .text = text, .len = len};
    memset(out, 0, sizeof *out);
    if (len > UINT32_MAX - 16) return err_set("text too long (%zu bytes)", len);
    r.se = malloc(sizeof *r.se);
    if (!r.se) return err_set("out of memory");
    struct tok_cursor cur = {(const unsigned char *)text, len, 0, title_len > len ? len : title_len,
                             0};
    int rc = 0;
    while (tok_next_sentence(an, &cur, r.se)) {
        if (run_sentence(&r, want_detail)) {
            rc = -1;
            break;
        }
    }
    if (rc == 0 && finish(&r, out)) rc = -1;
    run_free(&r);
    if (rc) {
        analysis_free(out);
        return err_set("out of memory");
    }
    return 0;
}

int analyzer_run(const struct analyzer *an, const char *text, size_t len, size_t title_len,
                 struct analysis *out)
{
    return run_text(an, text, len, title_len, out, 1);
}

double analyzer_score(const struct analyzer *an, const char *text, size_t len)
{
    struct analysis a;
    if (run_text(an, text, len, 0, &a, 0)) return 0;
    double s = a.score;
    analysis_free(&a);
    return s;
}

/* Case-insensitive search for n bytes of needle in [s, s + len); offset or -1. */
static long find_ci(const char *s, size_t len, const char *needle, size_t n)
{
    for (size_t i = 0; n && i + n <= len; i++) {
        size_t k = 0;
        while (k < n && str_lower_c(s[i + k]) == str_lower_c(needle[k]))
            k++;
        if (k == n && (i == 0 || !is_word_byte(s[i - 1])) &&
            (i + n == len || !is_word_byte(s[i + n])))
            return (long)i;
    }
    return -1;
}

/* The mean calibrated score of the clauses of text that contain target. */
static int score_as_text(const struct analyzer *an, const char *text, size_t len,
                         const char *target, double *out)
{
    struct sentence *se = malloc(sizeof *se);
    if (!se) return -1;
    struct tok_cursor cur = {(const unsigned char *)text, len, 0, 0, 0};
    size_t tn = strlen(target);
    double sum = 0;
    int cnt = 0;
    while (tok_next_sentence(an, &cur, se)) {
        long at = find_ci(text + se->b0, se->b1 - se->b0, target, tn);
        if (at < 0) continue;
        uint32_t b = se->b0 + (uint32_t)at;
        uint16_t cl[CLAUSE_MAX][2];
        size_t ncl = clauses_split(an, se, cl, CLAUSE_MAX), k = 0;
        while (k + 1 < ncl && se->t[cl[k + 1][0]].b0 <= b)
            k++;
        /* the source of the news ("according to data from Refinitiv") is
         * not its subject */
        struct mention m = {0, 0, 0, 0};
        while (m.t0 < se->n && se->t[m.t0].b0 < b)
            m.t0++;
        m.t1 = m.t0;
        while (m.t1 < se->n && se->t[m.t1].b1 <= b + tn)
            m.t1++;
        cnt++;
        if (m.t1 > m.t0 && (roles_is_source(an, se, &m, 1) || roles_is_holding(an, se, m.t0) ||
                            roles_is_rival(an, se, m.t0)))
            continue;
        struct sent_result sr;
        /* named only in the reason for a company's move: the reason's news */
        size_t c0 = cl[k][0], nm;
        struct mention ms[MENTION_MAX];
        if (m.t0 > cl[k][0] && (nm = tickers_find(an, se, ms, MENTION_MAX)) && ms[0].t1 <= m.t0) {
            size_t cause = roles_cause_of_move(an, se, ms[0].t1, ms, nm, ms[0].sym);
            if (cause != SIZE_MAX && cause < m.t0 && cause >= cl[k][0]) c0 = cause + 1;
        }
        sent_score_range(an, se, c0, cl[k][1], &sr);
        sum += calibrate(sr.co);
    }
    free(se);
    if (!cnt) return 1;
    *out = sum / cnt;
    return 0;
}

/* The directory entry a target names: a symbol as written, else the
 * company a name means (read as a short text), or -1. */
static int32_t target_symbol(const struct analyzer *an, const char *target)
{
    size_t tn = strlen(target);
    int32_t at = -1;
    if (tn && tn < 16 && strspn(target, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") == tn)
        at = an_find_symbol(an, target, tn);
    if (at >= 0 || !tn) return at;
    struct analysis a;
    if (run_text(an, target, tn, 0, &a, 1)) return -1;
    if (a.n_tickers) at = an_find_symbol(an, a.tickers[0].symbol, strlen(a.tickers[0].symbol));
    analysis_free(&a);
    return at;
}

int analyzer_resolve(const struct analyzer *an, const char *target, char out[16])
{
    int32_t at = target_symbol(an, target);
    if (at < 0) return 0;
    memcpy(out, an->syms[at].symbol, 16);
    return 1;
}

double analyzer_score_target(const struct analyzer *an, const char *text, size_t len,
                             const char *target)
{
    char sym[16] = "";
    struct analysis a;
    int32_t at = target_symbol(an, target);
    if (at >= 0) memcpy(sym, an->syms[at].symbol, sizeof sym);
    if (run_text(an, text, len, 0, &a, 1)) return 0;
    double s = a.score;
    int found = 0;
    for (size_t i = 0; sym[0] && i < a.n_tickers; i++)
        if (!strcmp(a.tickers[i].symbol, sym)) {
            s = a.tickers[i].score;
            found = 1;
        }
    analysis_free(&a);
    if (!found) {
        double t;
        int rc = score_as_text(an, text, len, target, &t);
        if (rc < 0) return err_set("out of memory"), 0;
        if (rc == 0) s = t;
    }
    return s;
}

void analysis_free(struct analysis *a)
{
    if (!a) return;
    for (size_t i = 0; i < a->n_tickers; i++)
        free(a->tickers[i].spans);
    free(a->tickers);
    for (size_t i = 0; i < a->n_claims; i++)
        free(a->claims[i].tickers);
    free(a->claims);
    memset(a, 0, sizeof *a);
}

int analyzer_run_article(const struct analyzer *an, const struct article *a, struct sbuf *scratch,
                         struct analysis *out)
{
    size_t title_len;
    memset(out, 0, sizeof *out);
    sbuf_reset(scratch);
    if (article_compose_text(a, scratch, &title_len)) return err_set("out of memory");
    return analyzer_run(an, scratch->p ? scratch->p : "", scratch->len, title_len, out);
}
