/* analyze_cues: the patterns analyze_sent.c reads a sentence's entries by
 * (figures after a move, expectations, surprises, swings, business won,
 * measured comparisons, causes, failures, gains). Each asks about entry k
 * of the sentence's entries; see the comment of each. */
#include <stdint.h>
#include <string.h>

#include "core/analyze_data.h"
#include "core/analyze_int.h"

/* A figure right after entry k: "up 5%", "down $14 million", "up $2". */
int cue_figure_follows(const struct sent_ctx *c, size_t k)
{
    for (int i = 0; i < 2 && k + 1 < c->n && (ent_wflags(c, k + 1) & LX_APPROX); i++)
        k++; /* "down nearly 3%", "up more than 5%" */
    if (k + 1 >= c->n) return 0;
    if (c->e[k + 1].kind == TK_NUM) return 1;
    if ((ent_wflags(c, k + 1) & LX_NUMWORD) && (ENT_IS(c, k, "a") || ENT_IS(c, k, "by")))
        return 1; /* "down by a fifth", "up by half"; not "making up more than half" */
    const struct ent *e = &c->e[k + 1];
    int money = (e->kind == TK_PUNCT && c->se->t[e->t0].punct == '$') || (e->flags & LX_SCALE) ||
                ENT_IS(c, k + 1, "eur");
    return money && k + 2 < c->n && c->e[k + 2].kind == TK_NUM;
}

/* "added 5.5%", "climbed nearly 3%", "added 149.90 points": a percent or
 * an index's points straight after a move. */
int cue_pct_follows(const struct sent_ctx *c, size_t k)
{
    for (int i = 0; i < 2 && k + 1 < c->n && (ent_wflags(c, k + 1) & LX_APPROX); i++)
        k++;
    if (k + 1 >= c->n || c->e[k + 1].kind != TK_NUM) return 0;
    return (c->se->t[c->e[k + 1].t0].flags & TF_PCT) ||
           (k + 2 < c->n && ENT_IS(c, k + 2, "points"));
}

/* "Euro off 0.1%", "revenues off by about 5%": "off" is a move only by a
 * percent ("kicks off 2026", "paid off $2 billion" are not moves). */
int cue_off_by_pct(const struct sent_ctx *c, size_t k)
{
    if (!ENT_IS(c, k, "off")) return 1;
    if (k + 1 < c->n && ENT_IS(c, k + 1, "by")) k++;
    return cue_pct_follows(c, k);
}

/* "Shares up after FDA nod", "Sales down in May": "up"/"down" straight
 * after a quantity is a move even without a figure, unless it starts an
 * amount ("sales of up to $5 million"). */
int cue_updown_after_qty(const struct sent_ctx *c, size_t k)
{
    if (k == 0 || !c->e[k - 1].qpol || c->e[k - 1].qpol == QTY_NEUTRAL) return 0;
    return !(k + 1 < c->n && (ENT_IS(c, k + 1, "to") || ENT_IS(c, k + 1, "until")));
}

/* An expectation ("estimates", "consensus") a few words after entry k, for
 * "tops Q4 revenue estimates": its entry index, or 0. */
size_t cue_expectation_after(const struct sent_ctx *c, size_t k)
{
    for (size_t j = k + 1; j < c->n && c->e[j].t0 <= c->e[k].t0 + c->e[k].len + 6u; j++) {
        const struct ent *e = &c->e[j];
        if (e->kind == TK_PUNCT && c->se->t[e->t0].punct != ',' && c->se->t[e->t0].punct != '$')
            return 0;
        if (e->flags & LX_EXPNOUN) return j;
        if (e->flags & LX_DIR) return 0;
        /* "below consensus, withdraws guidance": news of its own */
        if ((e->flags & LX_SENT) && e->sent != 0 && !e->qpol) return 0;
        if (ENT_IS(c, j, "and") || ENT_IS(c, j, "or")) continue; /* "FFO and revenue" */
        if (ent_wflags(c, j) & LX_LSTOP) return 0;
    }
    return 0;
}

/* "Paytm raises $1 billion in fresh funding": a raise whose object is an
 * amount of money and no quantity is a capital raising, routine news. */
int cue_raises_money(const struct sent_ctx *c, size_t k)
{
    static const char *const forms[] = {"raise", "raises", "raised", "raising", NULL};
    int is_raise = 0;
    for (const char *const *f = forms; *f && !is_raise; f++)
        is_raise = ent_starts_word(c, k, *f) && c->e[k].len == 1;
    if (!is_raise || !cue_figure_follows(c, k)) return 0;
    const struct ent *n = &c->e[k + 1];
    return (n->kind == TK_PUNCT && c->se->t[n->t0].punct == '$') ||
           (c->se->t[n->t0].flags & TF_CURRENCY) || ENT_IS(c, k + 1, "eur") ||
           ENT_IS(c, k + 1, "usd");
}

/* "A smaller-than-expected drop in profit", "lower-than-expected sales",
 * "bigger-than-expected losses": a size against expectations, of a move or a
 * quantity named next. The sign of the news (+1, -1), or 0 when entry k
 * starts no such thing; *end is the entry after what it covers. */
int cue_surprise_at(const struct sent_ctx *c, size_t k, size_t *end)
{
    uint16_t r = ent_role(c, k);
    int size = (r & SR_LESS) ? -1 : (r & SR_MORE) ? 1 : 0;
    if (!size) return 0;
    size_t j = k + 1;
    const struct ent *e = &c->e[k];
    const struct tok *tl = &c->se->t[e->t0 + e->len - 1];
    int than = e->len == 2 && tl->norm_len == 4 && !memcmp(tok_norm(c->se, tl), "than", 4);
    if (!than) {
        if (e->len != 1 || j >= c->n || !ENT_IS(c, j, "than")) return 0;
        j++;
    }
    if (j >= c->n || !(c->e[j].flags & LX_EXPNOUN) || c->e[j].len != 1) return 0;
    for (size_t q = j + 1; q < c->n && q <= j + 4; q++) {
        const struct ent *m = &c->e[q];
        if (m->kind == TK_PUNCT) return 0;
        if (m->qpol) {
            *end = q + 1;
            return m->qpol == QTY_NEUTRAL ? 0 : size * m->qpol;
        }
        if ((m->flags & LX_DIR) && m->sent != 0) {
            size_t qk;
            int p = qty_pair(c, q, &qk);
            if (p == QTY_NEUTRAL) return 0;
            *end = p && qk > q ? qk + 1 : q + 1; /* "drop in profit": the quantity too */
            return size * (m->sent > 0 ? 1 : -1) * (p ? p : 1);
        }
    }
    return 0;
}

/* "Swung to a third-quarter net profit", "swinging to a bigger loss":
 * +1 or -1 by the quantity it swings to, 0 when entry k starts no swing;
 * *end is the entry after the quantity. */
int cue_swing_at(const struct sent_ctx *c, size_t k, size_t *end)
{
    int is_swing = c->e[k].len == 1 && (ent_role(c, k) & SR_SWING);
    if (!is_swing || k + 1 >= c->n ||
        !(ENT_IS(c, k + 1, "to") || ENT_IS(c, k + 1, "into") || ENT_IS(c, k + 1, "back")))
        return 0;
    for (size_t q = k + 2; q < c->n && q <= k + 7; q++) {
        const struct ent *m = &c->e[q];
        if (m->kind == TK_PUNCT || (m->flags & LX_DIR)) return 0;
        if (m->qpol) {
            *end = q + 1;
            return m->qpol == QTY_NEUTRAL ? 0 : m->qpol;
        }
    }
    return 0;
}

/* What a swing swung from ("swung to a loss from a profit a year earlier",
 * "after a loss"): the past, so its quantity says nothing now. Marks the
 * entries from `from` (at entry k) to that quantity used. */
void cue_swing_base(const struct sent_ctx *c, size_t k, unsigned char *used)
{
    if (k >= c->n || !(ent_wflags(c, k) & LX_BASEW)) return;
    for (size_t q = k + 1; q < c->n && q <= k + 8; q++) {
        if (c->e[q].kind == TK_PUNCT && c->se->t[c->e[q].t0].punct != '$') return;
        if (c->e[q].qpol) {
            for (size_t j = k; j <= q; j++)
                used[j] = 1;
            return;
        }
    }
}

/* "Won a five-year contract", "secured orders worth $80 million": whether
 * entry k is a win of business (a deal secured may be a merger's, so not
 * here); *end is the entry after what was won. */
int cue_wins_at(const struct sent_ctx *c, size_t k, size_t *end)
{
    if (c->e[k].len != 1 || !(ent_role(c, k) & SR_WIN)) return 0;
    for (size_t q = k + 1; q < c->n && q <= k + 8; q++) {
        if (c->e[q].kind == TK_PUNCT && c->se->t[c->e[q].t0].punct != '$')
            return 0; /* "$450 million" */
        if (ent_role(c, q) & SR_WON) {
            *end = q + 1;
            return 1;
        }
    }
    return 0;
}

/* "30% better", "40% cheaper", "three times faster", "2x more efficient":
 * whether entry k, a sentiment word, follows the figure that measures it. */
int cue_measured(const struct sent_ctx *c, size_t k)
{
    if (k == 0) return 0;
    const struct ent *p = &c->e[k - 1];
    if (p->kind == TK_NUM) return (c->se->t[p->t0].flags & TF_PCT) != 0;
    if (p->len != 1 || !(ent_role(c, k - 1) & SR_TIMES)) return 0;
    if (ENT_IS(c, k - 1, "twice")) return 1;
    return k >= 2 && (c->e[k - 2].kind == TK_NUM || (ent_wflags(c, k - 2) & LX_NUMWORD));
}

/* Whether entry k's first word begins with the n bytes of w. */
static int starts_with(const struct sent_ctx *c, size_t k, const char *w, size_t n)
{
    const struct tok *t = &c->se->t[c->e[k].t0];
    return t->kind == TK_WORD && t->norm_len >= n && memcmp(tok_norm(c->se, t), w, n) == 0;
}

/* Whether entry k, a negator, is a failure: "failed to", "unable to". */
int cue_is_failure(const struct sent_ctx *c, size_t k)
{
    return starts_with(c, k, "fail", 4) || starts_with(c, k, "unable", 6);
}

/* Whether entry k is "benefit" and kin followed by "from" within a few
 * words ("has benefited this year from"): the entry of "from", or SIZE_MAX. */
size_t cue_gains_from(const struct sent_ctx *c, size_t k)
{
    if (!starts_with(c, k, "benefit", 7)) return SIZE_MAX;
    for (size_t j = k + 1; j < c->n && j <= k + 3; j++) {
        if (c->e[j].kind == TK_PUNCT) break;
        if (ENT_IS(c, j, "from")) return j;
    }
    return SIZE_MAX;
}
