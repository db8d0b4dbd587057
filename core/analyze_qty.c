/* analyze_qty: what moved and which way. A direction word ("rose", "cut",
 * "narrowed") is good or bad news only through the quantity it moves: sales
 * rising is good, costs rising bad. And figures carry a direction of their
 * own when a sentence compares now with before ("to $13.1 million from $8.7
 * million", "a profit, compared with a loss a year earlier"). */
#include <stdlib.h>
#include <string.h>

#include "core/analyze_data.h"
#include "core/analyze_int.h"

#define LEFT_REACH 7  /* tokens back to a direction's subject */
#define RIGHT_REACH 5 /* tokens on to its object */
#define FROM_REACH 4  /* ... past "from" after an amount: "cut $2 bn from its costs" */
#define BASE_REACH 7  /* tokens from "from" to the figure it compares with */
#define NOW_REACH 12  /* tokens back from "from" to the current figure */

/* Whether entry k starts with the word w (a phrase such as "compared with"
 * counts for "compared"). */
int ent_starts_word(const struct sent_ctx *c, size_t k, const char *w)
{
    const struct ent *e = &c->e[k];
    if (e->kind != TK_WORD) return 0;
    const struct tok *t = &c->se->t[e->t0];
    return strlen(w) == t->norm_len && memcmp(tok_norm(c->se, t), w, t->norm_len) == 0;
}

static int is_break(const struct sent_ctx *c, size_t k)
{
    const struct ent *e = &c->e[k];
    if (e->kind != TK_PUNCT) return 0;
    char p = c->se->t[e->t0].punct;
    return p == ',' || p == ';' || p == ':' || p == '-' || p == '(' || p == ')' || p == '.' ||
           p == '!' || p == '?';
}

static int is_dir(const struct sent_ctx *c, size_t k)
{
    return (c->e[k].flags & LX_DIR) != 0;
}

/* Directions read as adjectives ("rising costs", "higher prices") take the
 * quantity that follows them. */
static int adjectival(const struct sent_ctx *c, size_t k)
{
    const struct ent *e = &c->e[k];
    if (e->len != 1 || e->kind != TK_WORD) return 0;
    const struct tok *t = &c->se->t[e->t0];
    const char *w = tok_norm(c->se, t);
    size_t n = t->norm_len;
    if (n > 4 && memcmp(w + n - 3, "ing", 3) == 0) return 1;
    return (e->flags & LX_ADJDIR) != 0;
}

static int scan_right(const struct sent_ctx *c, size_t k, size_t reach, int pass_in, size_t *qk)
{
    size_t lim = c->e[k].t0 + c->e[k].len + reach;
    for (size_t j = k + 1; j < c->n && c->e[j].t0 < lim; j++) {
        if (is_break(c, j) || is_dir(c, j)) return 0;
        /* past the move's figure only "in", "of", "from" or a quantity go on:
         * "a decrease of 25.7%; diluted loss per share ..." is another item */
        if (j > k + 1 &&
            ((c->e[j - 1].kind == TK_NUM &&
              (c->se->t[c->e[j - 1].t0].flags & (TF_PCT | TF_CURRENCY))) ||
             (c->e[j - 1].flags & LX_SCALE)) &&
            c->e[j].kind == TK_WORD && !c->e[j].qpol && !(c->e[j].flags & LX_SCALE) &&
            !ENT_IS(c, j, "in") && !ENT_IS(c, j, "of") && !ENT_IS(c, j, "from") &&
            !ENT_IS(c, j, "off"))
            return 0;
        if (c->e[j].qpol) {
            *qk = j;
            return c->e[j].qpol;
        }
        if (ENT_IS(c, j, "in") || ENT_IS(c, j, "of")) {
            /* "a decline in sales", "a decrease of 17% in profit" */
            const struct ent *p = &c->e[j - 1];
            if (pass_in && (j == k + 1 || p->kind == TK_NUM || (p->flags & LX_SCALE))) continue;
            return 0;
        }
        if ((ENT_IS(c, j, "from") || ENT_IS(c, j, "off")) && pass_in &&
            (c->e[j - 1].kind == TK_NUM || (c->e[j - 1].flags & LX_SCALE))) {
            lim = c->e[j].t0 + 1 + FROM_REACH; /* "trim 300 basis points from costs" */
            continue;
        }
        if (ent_wflags(c, j) & LX_RSTOP) return 0;
    }
    return 0;
}

static int scan_left(const struct sent_ctx *c, size_t k, size_t *qk)
{
    for (size_t j = k; j-- > 0;) {
        if (c->e[j].t0 + LEFT_REACH < c->e[k].t0) return 0;
        /* "claims fell to their lowest": the same quantity as the move before */
        if (is_dir(c, j)) return qty_pair(c, j, qk);
        /* "Operating profit totalled $12 million, down 41%": the figure's
         * quantity, across the comma that follows the figure */
        if (j + 1 == k && j > 0 && c->e[j].kind == TK_PUNCT && c->se->t[c->e[j].t0].punct == ',' &&
            (c->e[j - 1].kind == TK_NUM || (c->e[j - 1].flags & LX_SCALE)))
            continue;
        if (is_break(c, j) || (ent_wflags(c, j) & LX_LSTOP)) return 0;
        if (c->e[j].qpol) {
            *qk = j;
            return c->e[j].qpol;
        }
    }
    return 0;
}

int qty_pair(const struct sent_ctx *c, size_t k, size_t *qk)
{
    int p;
    if (adjectival(c, k) && (p = scan_right(c, k, 3, 0, qk))) return p;
    if (k + 1 < c->n && (ENT_IS(c, k + 1, "in") || ENT_IS(c, k + 1, "of")) &&
        (p = scan_right(c, k, RIGHT_REACH + 2, 1, qk)))
        return p;
    if ((p = scan_left(c, k, qk))) return p;
    return scan_right(c, k, RIGHT_REACH, 1, qk);
}

/* The value of the number at entry k, scaled by a unit that follows (mn,
 * billion); *pct says whether it is a percentage. */
static double num_value(const struct sent_ctx *c, size_t k, int *pct)
{
    const struct tok *t = &c->se->t[c->e[k].t0];
    const char *s = tok_norm(c->se, t);
    char buf[40];
    size_t n = 0;
    for (size_t i = 0; i < t->norm_len && n + 1 < sizeof buf; i++)
        if (s[i] != ',') buf[n++] = s[i];
    buf[n] = '\0';
    double v = strtod(buf, NULL);
    if (t->flags & TF_MINUS) v = -v;
    *pct = (t->flags & TF_PCT) != 0;
    if (k + 1 < c->n) {
        static const struct {
            const char *w;
            double m;
        } units[] = {{"mn", 1e6},      {"million", 1e6},   {"m", 1e6},        {"bn", 1e9},
                     {"billion", 1e9}, {"b", 1e9},         {"thousand", 1e3}, {"k", 1e3},
                     {"tn", 1e12},     {"trillion", 1e12}, {"cents", 0.01},   {"cent", 0.01}};
        for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
            if (ent_is_n(c, k + 1, units[i].w, strlen(units[i].w))) return v * units[i].m;
    }
    return v;
}

/* A comparison base starting at entry k: its figure's entry and the quantity
 * it names (0 when none). Returns 0 when k starts no base. */
static int base_at(const struct sent_ctx *c, size_t k, size_t *num, int *qpol)
{
    if (!(ent_wflags(c, k) & LX_BASEW)) return 0;
    int after = ENT_IS(c, k, "after");
    *qpol = 0;
    for (size_t j = k + 1; j < c->n && c->e[j].t0 <= c->e[k].t0 + c->e[k].len + BASE_REACH; j++) {
        const struct ent *e = &c->e[j];
        if (e->kind == TK_NUM) {
            *num = j;
            /* "after a loss of $1.5 million" is a base; "after 3 years" is not */
            return !after || *qpol != 0;
        }
        if (e->qpol) {
            if (*qpol) return 0;
            *qpol = e->qpol;
            continue;
        }
        if (e->kind == TK_PUNCT &&
            (c->se->t[e->t0].punct == '$' || (c->se->t[e->t0].punct == '.' && j == k + 1) ||
             (c->se->t[e->t0].punct == '-' && j + 1 < c->n &&
              (c->e[j + 1].kind == TK_NUM || c->se->t[c->e[j + 1].t0].punct == '$'))))
            continue; /* "vs. $5.4 bln", "vs. -$0.20" */
        if (!(ent_wflags(c, j) & LX_BFILL)) return 0;
    }
    return 0;
}

/* "2020 EPS consensus $6.12": a year is no figure to compare. */
static int is_year(const struct sent_ctx *c, size_t k)
{
    const struct tok *t = &c->se->t[c->e[k].t0];
    if (t->norm_len != 4 || (t->flags & (TF_CURRENCY | TF_PCT | TF_MINUS | TF_PLUS))) return 0;
    if (k + 1 < c->n && (c->e[k + 1].flags & LX_SCALE)) return 0;
    const char *s = tok_norm(c->se, t);
    int v = 0;
    for (int i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0');
    }
    return v >= 1900 && v <= 2100;
}

int qty_trend(const struct sent_ctx *c, size_t *b0, size_t *b1, size_t *qk)
{
    *b0 = *b1 = *qk = 0;
    size_t k, bnum = 0;
    int qb = 0;
    for (k = 0; k < c->n; k++)
        if (base_at(c, k, &bnum, &qb)) break;
    if (k == c->n) return 0;
    /* The current figure: the nearest number before the base, else "to N"
     * after it ("from $5 million to $7 million"). */
    size_t now = c->n;
    for (size_t j = k; j-- > 0 && c->e[j].t0 + NOW_REACH >= c->e[k].t0;) {
        if (c->e[j].kind == TK_NUM && !is_year(c, j)) {
            now = j;
            break;
        }
    }
    size_t end = bnum + 1;
    if (end < c->n && (c->e[end].flags & LX_SCALE)) end++;
    if (now == c->n && end + 1 < c->n && ENT_IS(c, end, "to")) {
        for (size_t j = end + 1; j < c->n && j <= end + 3; j++)
            if (c->e[j].kind == TK_NUM) {
                now = j;
                break;
            }
    }
    /* The quantity the sentence is about: the first one outside the base. */
    int qm = 0;
    for (size_t j = 0; j < c->n && !qm; j++)
        if (j < k || j >= end) qm = c->e[j].qpol, *qk = j;
    *b0 = k, *b1 = end;
    if (!qm || qm == QTY_NEUTRAL) return 0;
    if (qb && qb != QTY_NEUTRAL && qb != qm) return qm; /* loss to profit, profit to loss */
    if (now == c->n) return 0;
    int pn, pb;
    double vn = num_value(c, now, &pn), vb = num_value(c, bnum, &pb);
    if (pn != pb || vn == vb) return 0;
    return vn > vb ? qm : -qm;
}
