/* analyze_claims: where a sentence's claims begin and end. "Revenue rose 8%,
 * but the company cut its outlook" makes two claims, each with its own kind
 * and sentiment; "Microsoft, Alphabet and Amazon account for most of it"
 * makes one. */
#include <string.h>

#include "core/analyze_data.h"
#include "core/analyze_int.h"

#define MIN_WORDS 3 /* a clause shorter than this stays with its neighbour */

static uint32_t tok_flags(const struct analyzer *an, const struct sentence *se, size_t i)
{
    const struct tok *t = &se->t[i];
    return t->kind == TK_WORD && t->info >= 0 ? an->words[t->info].flags : 0;
}

/* Whether token i is a verb: one of data/word_roles.txt's, or a move, a
 * result against expectations, an analyst's action, a forecast or an
 * attribution. */
static int is_verb(const struct analyzer *an, const struct sentence *se, size_t i)
{
    return (tok_roles(an, se, i) & WR_VERB) ||
           (tok_flags(an, se, i) &
            (LX_DIR | LX_ATTRIB | LX_FORECAST | LX_HEDGE | LX_EXPVERB | LX_RATEACT));
}

/* Whether a subject and its verb start at token i ("its shares have
 * rallied", "the company expects", "costs rose"), as opposed to one more
 * item of a list ("and Amazon"). */
static int new_subject(const struct analyzer *an, const struct sentence *se, size_t i)
{
    if (i >= se->n) return 0;
    const struct tok *t = &se->t[i];
    int subject = (tok_roles(an, se, i) & WR_SUBJECT) || t->kind == TK_CASHTAG ||
                  (t->kind == TK_WORD && (t->flags & TF_CAP)) ||
                  (tok_flags(an, se, i) & (LX_GOODQTY | LX_BADQTY));
    if (!subject) return 0;
    for (size_t j = i + 1, end = i + 5; j < se->n && j <= end; j++) {
        if (se->t[j].kind == TK_PUNCT && se->t[j].punct == '(') {
            size_t k = j + 1; /* a code in brackets, "<.SPX>", is passed over */
            while (k < se->n && k < j + 6 && !(se->t[k].kind == TK_PUNCT && se->t[k].punct == ')'))
                k++;
            if (k < se->n && se->t[k].kind == TK_PUNCT && se->t[k].punct == ')') {
                end += k - j + 1;
                j = k;
                continue;
            }
        }
        if (se->t[j].kind == TK_PUNCT && se->t[j].punct != '(' && se->t[j].punct != ')' &&
            se->t[j].punct != '$')
            return 0;
        if (tok_word_is(se, j, "and") || tok_word_is(se, j, "or"))
            return 0; /* "Barclays and Citi fell" */
        if ((tok_roles(an, se, j) & WR_VERB) ||
            (tok_flags(an, se, j) & (LX_DIR | LX_ATTRIB | LX_FORECAST | LX_HEDGE)))
            return 1;
    }
    return 0;
}

/* Whether a name starts at token i, "the" before it or not: "Microsoft",
 * "the S&P 500". */
static int named_subject(const struct sentence *se, size_t i)
{
    if (i + 1 < se->n && tok_word_is(se, i, "the")) i++;
    return i < se->n && (se->t[i].flags & TF_CAP);
}

/* Whether a clause can end at token t before a comma: a word in small
 * letters or a figure ("rose 2%", "was down 0.4% at 3,845.40"), not one more
 * name of a list ("Apple, Microsoft and Amazon"). */
static int ends_clause(const struct tok *t)
{
    return (t->kind == TK_WORD && !(t->flags & TF_CAP)) || t->kind == TK_NUM ||
           (t->kind == TK_PUNCT && t->punct == '%');
}

static int has_verb(const struct analyzer *an, const struct sentence *se, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (is_verb(an, se, i)) return 1;
    return 0;
}

static size_t words_in(const struct sentence *se, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++)
        n += se->t[i].kind != TK_PUNCT;
    return n;
}

size_t clauses_split(const struct analyzer *an, const struct sentence *se, uint16_t (*out)[2],
                     size_t max)
{
    size_t n = 0, start = 0;
    int depth = 0;
    /* "While AMD gained share, Intel lost it": the opening clause ends at
     * its comma, and its joining word is left out */
    int opening = se->n > 0 && (tok_flags(an, se, 0) & (LX_DESPITE | LX_BUT)) &&
                  (tok_roles(an, se, 0) & WR_CONCESSION);
    if (opening) start = 1;
    for (size_t i = 0; i < se->n && n + 1 < max; i++) {
        const struct tok *t = &se->t[i];
        if (t->kind != TK_PUNCT) {
            /* "GM's sales jumped while Toyota's declined": no comma needed;
             * nor after a figure or a small word before "and" and a name
             * with its own verb: "Kestrel rose 4% and Harwick fell 3%" */
            char c0 = t->kind == TK_WORD && i > 0 && !depth ? tok_norm(se, t)[0] : 0;
            int joins = (c0 == 'w' && se->t[i - 1].kind != TK_PUNCT &&
                         (tok_word_is(se, i, "while") || tok_word_is(se, i, "whereas"))) ||
                        (c0 == 'a' && tok_word_is(se, i, "and") && ends_clause(&se->t[i - 1]) &&
                         named_subject(se, i + 1) && has_verb(an, se, start, i));
            if (joins && new_subject(an, se, i + 1) && words_in(se, start, i) >= MIN_WORDS &&
                words_in(se, i + 1, se->n) >= MIN_WORDS) {
                out[n][0] = (uint16_t)start, out[n][1] = (uint16_t)i;
                n++;
                start = i + 1;
            }
            continue;
        }
        if (t->punct == '(') depth++;
        if (t->punct == ')' && depth > 0) depth--;
        if (depth) continue;
        size_t next = 0; /* first token of the next clause */
        if (t->punct == ';') {
            next = i + 1;
        } else if (t->punct == ',' && opening && n == 0) {
            next = i + 1;
            opening = 0;
        } else if (t->punct == ',' && i + 1 < se->n) {
            if ((tok_flags(an, se, i + 1) & (LX_BUT | LX_DESPITE)) &&
                (tok_roles(an, se, i + 1) & WR_CONTRAST))
                next = i + 2;
            else if (tok_word_is(se, i + 1, "and") && new_subject(an, se, i + 2))
                next = i + 2;
            else if (named_subject(se, i + 1) && i > 0 && ends_clause(&se->t[i - 1]) &&
                     new_subject(an, se, i + 1) && has_verb(an, se, start, i))
                next = i + 1; /* "Apple beats estimates, Microsoft shares fall" */
        }
        if (!next || next >= se->n) continue;
        if (words_in(se, start, i) < MIN_WORDS || words_in(se, next, se->n) < MIN_WORDS) continue;
        out[n][0] = (uint16_t)start, out[n][1] = (uint16_t)i;
        n++;
        start = next;
    }
    out[n][0] = (uint16_t)start, out[n][1] = (uint16_t)se->n;
    return n + 1;
}
