/* analyze_roles: the part a company named in a sentence plays in its news
 * when it is not the subject: the source of the news (a broker, an
 * analyst's firm, a data provider), a holding, a rival beaten, a company
 * a relative clause speaks of, or one named in the reason for another's
 * move. The patterns' word lists are the role bits of data/word_roles.txt. */
#include <stddef.h>

#include "core/analyze_data.h"
#include "core/analyze_int.h"

/* Whether the company named at token a ends a speaker's title set off by a
 * comma after the name: "said Jonathan Cohn, head of rates strategy at
 * Credit Suisse", "Harry Hu, a senior director at S&P Global Ratings",
 * "writes Jane Roe, co-founder of DataTrek". Such a company lends its
 * speaker a title; the news is what the speaker speaks of, and "the chief
 * executive of Harwick said" (no name before a comma) is not one. */
static int titled_speaker(const struct analyzer *an, const struct sentence *se, size_t a)
{
    if (a > 0 && tok_word_is(se, a - 1, "the")) a--;
    if (a < 2 || !(tok_word_is(se, a - 1, "at") || tok_word_is(se, a - 1, "of"))) return 0;
    int titled = 0;
    for (size_t j = a - 1; j-- > 0 && a - j <= 9;) {
        const struct tok *t = &se->t[j];
        if (t->kind == TK_PUNCT)
            return titled && t->punct == ',' && j > 0 && se->t[j - 1].kind == TK_WORD &&
                   (se->t[j - 1].flags & TF_CAP);
        if (tok_roles(an, se, j) & (WR_OFFICIAL | WR_REPORTER)) titled = 1;
    }
    return 0;
}

/* Whether mention m names the source of the news rather than its subject:
 * the broker in "Morgan Stanley upgrades Apple" or "analysts at Morgan
 * Stanley", the lender in "according to Citi", the data vendor in
 * "according to data from Refinitiv", the firm in "Wedbush analyst Dan
 * Ives" or "CIO at Crossmark". Asked for a ticker only when another company
 * in the sentence is the subject; always for a target scored as text. */
int roles_is_source(const struct analyzer *an, const struct sentence *se, const struct mention *m,
                    int several)
{
    size_t a = m->t0, b = m->t1;
    /* "Tesla Inc <TSLA.O> CEO Elon Musk": what follows a code follows the name */
    if (b + 2 < se->n && se->t[b].kind == TK_PUNCT && se->t[b].punct == '(' &&
        se->t[b + 2].kind == TK_PUNCT && se->t[b + 2].punct == ')')
        b += 3;
    int reporter_before = a > 1 && (tok_roles(an, se, a - 2) & WR_REPORTER);
    int official_before = a > 1 && (tok_roles(an, se, a - 2) & WR_OFFICIAL);
    if ((a > 0 && (tok_roles(an, se, a - 1) & WR_TRADE)) ||
        (a > 1 && (tok_roles(an, se, a - 1) & WR_FIRM) && (tok_roles(an, se, a - 2) & WR_RESEARCH)))
        return 1;
    /* "analysts at Goldman", "fund manager at Hargreaves Lansdown"; with
     * another company named, also "Dan Ives at Wedbush", "CIO at Crossmark"
     * (not "sales at Renault") */
    int person =
        reporter_before ||
        (several && a > 1 &&
         (official_before || (se->t[a - 2].kind == TK_WORD && (se->t[a - 2].flags & TF_CAP))));
    if (a > 0 && tok_word_is(se, a - 1, "at") && person) return 1;
    if (titled_speaker(an, se, a)) return 1;
    if (several && a > 0 &&
        ((tok_word_is(se, a - 1, "by") &&
          !(a > 1 && (tok_word_is(se, a - 2, "followed") || tok_word_is(se, a - 2, "led")))) ||
         (a > 1 && tok_word_is(se, a - 1, "to") && tok_word_is(se, a - 2, "according"))))
        return 1;
    /* "according to data from Refinitiv", "strategist of consultancy Agritel",
     * "president of Chase Investment Counsel" */
    if (a > 1 && tok_word_is(se, a - 1, "from") && (tok_roles(an, se, a - 2) & WR_DATA)) return 1;
    if (a > 1 && tok_word_is(se, a - 1, "of") && (reporter_before || (several && official_before)))
        return 1;
    /* "Wedbush analyst Dan Ives", "a Deutsche Bank survey", "Refinitiv data",
     * "BofA said in a note" */
    if ((tok_roles(an, se, b) & WR_REPORTER) || (several && (tok_roles(an, se, b) & WR_OFFICIAL)))
        return 1;
    /* "LPL Chief Equity Strategist Jeffrey Buchbinder", "Tokai senior
     * strategist": a title of capitalised words or officials' words */
    for (size_t j = b; j < se->n && j < b + 4; j++) {
        const struct tok *t = &se->t[j];
        if (t->kind != TK_WORD) break;
        if (j > b && (tok_roles(an, se, j) & WR_REPORTER)) return 1;
        if (!(t->flags & TF_CAP) && !(tok_roles(an, se, j) & WR_OFFICIAL) &&
            !tok_word_is(se, j, "senior"))
            break;
    }
    if ((tok_word_is(se, b, "said") || tok_word_is(se, b, "wrote") ||
         tok_word_is(se, b, "noted")) &&
        tok_word_is(se, b + 1, "in") && tok_word_is(se, b + 2, "a") &&
        (tok_word_is(se, b + 3, "note") || tok_word_is(se, b + 4, "note") ||
         tok_word_is(se, b + 3, "report")))
        return 1;
    for (size_t j = b; j < se->n && j < b + 2; j++) {
        const struct tok *t = &se->t[j];
        if (t->kind != TK_WORD) break;
        if (t->info >= 0 && (an->words[t->info].flags & LX_RATEACT)) return 1;
        if (!(tok_roles(an, se, j) & WR_BROKER_ACT)) continue;
        /* "JPMorgan raises Apple's target", not "Apple raises its dividend" */
        if (j + 1 < se->n && se->t[j + 1].kind == TK_WORD && (se->t[j + 1].flags & TF_CAP))
            return 1;
        /* "after Citi raised its price target": a broker's, not the
         * company's own target ("cut its margin target") */
        for (size_t k = j + 1; k < se->n && k <= j + 4; k++)
            if ((tok_word_is(se, k, "target") && tok_word_is(se, k - 1, "price")) ||
                tok_word_is(se, k, "rating") || tok_word_is(se, k, "estimates") ||
                tok_word_is(se, k, "pt"))
                return 1;
        return 0;
    }
    return 0;
}

/* The first token of the list that the company named at token a ends:
 * "Zoom, Tesla <TSLA.O> and Roku" from Roku back to Zoom. */
static size_t list_start(const struct sentence *se, size_t a)
{
    size_t j = a;
    while (j > 0 && a - j < 16) {
        const struct tok *t = &se->t[j - 1];
        int list = t->kind == TK_PUNCT ? t->punct == ',' || t->punct == '(' || t->punct == ')'
                                       : (t->flags & TF_CAP) || tok_word_is(se, j - 1, "and");
        if (!list) break;
        j--;
    }
    return j;
}

/* Whether the company named at token a is named as a holding ("a stake in
 * Twitter", "holdings include Chevron", "a holder of Alphabet"), also as a
 * later item of such a list ("positions in Zoom, Tesla <TSLA.O> and Roku"). */
int roles_is_holding(const struct analyzer *an, const struct sentence *se, size_t a)
{
    size_t j = list_start(se, a);
    return j > 1 && (tok_roles(an, se, j - 2) & WR_HOLDING) &&
           (tok_word_is(se, j - 1, "in") || tok_word_is(se, j - 1, "of") ||
            tok_word_is(se, j - 1, "include") || tok_word_is(se, j - 1, "including"));
}

/* Whether the company named at token a is a rival beaten ("beat out Boeing
 * and Lockheed", "outbid Kestrel"): the subject's win is its loss. */
int roles_is_beaten(const struct analyzer *an, const struct sentence *se, size_t a)
{
    size_t j = list_start(se, a);
    return (j > 0 && (tok_roles(an, se, j - 1) & WR_BEATEN)) ||
           (j > 1 && tok_word_is(se, j - 1, "out") && (tok_roles(an, se, j - 2) & WR_BEATEN));
}

/* Whether the company named at token a is the rival someone competes with
 * ("compete with Kestrel", "competition with market leaders Kestrel and
 * Harwick", "competing against Kestrel"), also as a later item of a list:
 * a yardstick, not the subject of the news. */
int roles_is_rival(const struct analyzer *an, const struct sentence *se, size_t a)
{
    size_t j = list_start(se, a);
    for (size_t k = j; k > 1 && j - k < 3; k--) {
        if (tok_word_is(se, k - 1, "with") || tok_word_is(se, k - 1, "against") ||
            tok_word_is(se, k - 1, "from"))
            return (tok_roles(an, se, k - 2) & WR_RIVALRY) != 0;
        if (se->t[k - 1].kind != TK_WORD || (se->t[k - 1].flags & TF_CAP)) return 0;
    }
    return 0;
}

/* A relative clause set off by a comma that names a company of its own
 * ("ARK Innovation, which holds Zoom and Roku, rose 2%", "Lloyds mirrored
 * peers such as Bank of America, which beat forecasts"): [*a, *b), from
 * its comma to the comma before the main clause's verb, or to the end. */
int roles_relative_aside(const struct analyzer *an, const struct sentence *se, size_t *a, size_t *b)
{
    int depth = 0;
    for (size_t i = 0; i + 1 < se->n; i++) {
        const struct tok *t = &se->t[i];
        if (t->kind != TK_PUNCT) continue;
        depth += (t->punct == '(') - (t->punct == ')' && depth > 0);
        if (depth || t->punct != ',' || !(tok_roles(an, se, i + 1) & WR_RELATIVE)) continue;
        size_t j = i + 2;
        for (; j < se->n; j++) {
            const struct tok *u = &se->t[j];
            if (u->kind != TK_PUNCT) continue;
            if (u->punct == ';') break;
            if (u->punct == ',' && j + 1 < se->n && se->t[j + 1].info >= 0 &&
                ((tok_roles(an, se, j + 1) & WR_VERB) ||
                 (an->words[se->t[j + 1].info].flags & LX_DIR)))
                break;
        }
        *a = i, *b = j;
        return 1;
    }
    return 0;
}

/* The reason a sentence gives for the move of the company named first
 * ("Peloton surged after it said it would sell its products on Amazon"):
 * the token of the cause word (after, as, on, following...) that follows a
 * move after token b, the end of that company's name; SIZE_MAX when a
 * semicolon or another company comes first. sym is the company's. */
size_t roles_cause_of_move(const struct analyzer *an, const struct sentence *se, size_t b,
                           const struct mention *ms, size_t nm, uint32_t sym)
{
    size_t end = se->n; /* another company named first ends the search */
    for (size_t i = 0; i < nm; i++)
        if (ms[i].sym != sym && ms[i].t0 >= b && ms[i].t0 < end) end = ms[i].t0;
    int moved = 0;
    for (size_t t = b; t < end; t++) {
        const struct tok *k = &se->t[t];
        if (k->kind == TK_PUNCT && k->punct == ';') return SIZE_MAX;
        if (k->kind != TK_WORD || k->info < 0) continue;
        if (an->words[k->info].flags & LX_DIR)
            moved = 1;
        else if (moved && (an->words[k->info].role & SR_CAUSE) &&
                 !(tok_word_is(se, t, "as") &&
                   ((t > 0 && tok_word_is(se, t - 1, "such")) || tok_word_is(se, t + 1, "well"))))
            return t; /* not "such as", "as well as" */
    }
    return SIZE_MAX;
}

/* Whether the clause [a, b), which names no company, goes on with the one
 * before it: it starts with its verb ("..., but warned on margins") or a
 * subject that points back ("..., but its shares fell", "..., while the
 * company cut jobs"), not with a subject of its own ("..., while small caps
 * were lower"). */
int roles_clause_goes_on(const struct analyzer *an, const struct sentence *se, size_t a, size_t b)
{
    static const char *const back[] = {"it",      "its",  "they",   "their", "he",    "she",
                                       "company", "firm", "shares", "stock", "group", NULL};
    for (size_t j = a; j < b; j++) {
        const struct tok *t = &se->t[j];
        uint32_t f = t->kind == TK_WORD && t->info >= 0 ? an->words[t->info].flags : 0;
        if ((tok_roles(an, se, j) & WR_VERB) ||
            (f & (LX_DIR | LX_ATTRIB | LX_FORECAST | LX_HEDGE | LX_EXPVERB | LX_RATEACT)))
            return 1;
        for (const char *const *w = back; *w; w++)
            if (tok_word_is(se, j, *w)) return 1;
        if (!tok_word_is(se, j, "the") && !tok_word_is(se, j, "also")) return 0;
    }
    return 1;
}
