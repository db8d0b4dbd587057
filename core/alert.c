/* Alert rules: the parser, evaluation against an analysed article, and the
 * stored form of a rule's command. */
#include "core/alert.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/analyze.h"
#include "core/article.h"
#include "core/err.h"
#include "core/str.h"

static const char *const kind_names[] = {"mention", "sentiment", "keyword", "watchlist"};
static const char *const op_names[] = {"<", "<=", ">", ">="};

const char *alert_kind_name(enum alert_kind k)
{
    return (unsigned)k < 4 ? kind_names[k] : "?";
}

const char *alert_op_name(enum alert_op op)
{
    return (unsigned)op < 4 ? op_names[op] : "?";
}

int alert_kind_from_name(const char *s, enum alert_kind *k)
{
    for (int i = 0; i < 4; i++)
        if (s && !strcasecmp(s, kind_names[i])) {
            *k = (enum alert_kind)i;
            return 0;
        }
    return -1;
}

int alert_op_from_name(const char *s, enum alert_op *op)
{
    for (int i = 0; i < 4; i++)
        if (s && !strcmp(s, op_names[i])) {
            *op = (enum alert_op)i;
            return 0;
        }
    return -1;
}

void alert_rule_clear(struct alert_rule *r)
{
    free(r->spec);
    free(r->keyword);
    if (r->argv)
        for (char **a = r->argv; *a; a++)
            free(*a);
    free(r->argv);
    memset(r, 0, sizeof *r);
}

void alert_rules_free(struct alert_rule *rules, size_t n)
{
    for (size_t i = 0; i < n; i++)
        alert_rule_clear(&rules[i]);
    free(rules);
}

/* ---- the parser ---- */

enum tok_type { TOK_END, TOK_WORD, TOK_STRING, TOK_OP };

struct tok {
    enum tok_type type;
    const char *p; /* start in the spec (the opening quote for a string) */
    size_t len;    /* bytes, quotes included */
    int col, cols; /* 1-based column and width in characters */
};

struct lexer {
    const char *s;
    size_t i;
    int col;
};

static int is_op_char(char c)
{
    return c == '<' || c == '>' || c == '=' || c == '!';
}

/* Advances over one UTF-8 character, counting a column. */
static void adv(struct lexer *L)
{
    L->i++;
    while ((L->s[L->i] & 0xC0) == 0x80)
        L->i++;
    L->col++;
}

static int next(struct lexer *L, struct tok *t)
{
    while (L->s[L->i] && isspace((unsigned char)L->s[L->i]))
        adv(L);
    t->p = L->s + L->i;
    t->col = L->col;
    size_t start = L->i;
    char c = L->s[L->i];
    if (!c) {
        t->type = TOK_END;
    } else if (c == '"' || c == '\'') {
        t->type = TOK_STRING;
        adv(L);
        while (L->s[L->i] && L->s[L->i] != c)
            adv(L);
        if (!L->s[L->i]) return err_set("unterminated quote (column %d)", t->col);
        adv(L);
    } else if (is_op_char(c)) {
        t->type = TOK_OP;
        while (is_op_char(L->s[L->i]))
            adv(L);
    } else {
        t->type = TOK_WORD;
        while (L->s[L->i] && !isspace((unsigned char)L->s[L->i]) && !is_op_char(L->s[L->i]) &&
               L->s[L->i] != '"' && L->s[L->i] != '\'')
            adv(L);
    }
    t->len = L->i - start;
    t->cols = L->col - t->col;
    return 0;
}

static char *tok_dup(const struct tok *t)
{
    return xstrndup(t->p, t->len);
}

/* The column just after token t: where whatever should follow it begins. */
static int after(const struct tok *t)
{
    return t->col + t->cols;
}

static int expect_end(struct lexer *L, const struct tok *prev)
{
    struct tok t;
    if (next(L, &t)) return -1;
    if (t.type == TOK_END) return 0;
    return err_set("unexpected '%.*s' after '%.*s' (column %d)", (int)t.len, t.p, (int)prev->len,
                   prev->p, t.col);
}

static int parse_symbol(struct lexer *L, const struct tok *prev, struct alert_rule *r,
                        struct tok *t)
{
    if (next(L, t)) return -1;
    if (t->type != TOK_WORD)
        return err_set("expected a symbol after '%.*s' (column %d)", (int)prev->len, prev->p,
                       after(prev));
    char *w = tok_dup(t);
    if (!w) return err_set("out of memory");
    int rc = symbol_normalize(w, r->symbol);
    free(w);
    if (rc) return err_set("'%.*s' is not a ticker symbol (column %d)", (int)t->len, t->p, t->col);
    return 0;
}

/* Collapses white space runs to one space and trims; returns malloc'd. */
static char *collapse(const char *p, size_t n)
{
    struct sbuf b = {0};
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        if (isspace((unsigned char)p[i])) {
            space = b.len > 0;
            continue;
        }
        if ((space && sbuf_addc(&b, ' ')) || sbuf_addc(&b, p[i])) {
            sbuf_free(&b);
            return NULL;
        }
        space = 0;
    }
    return sbuf_take(&b);
}

static int parse_keyword(struct lexer *L, const struct tok *kw, struct alert_rule *r)
{
    struct tok t;
    if (next(L, &t)) return -1;
    if (t.type == TOK_END)
        return err_set("expected a phrase after 'keyword' (column %d)", after(kw));
    if (t.type == TOK_STRING) {
        r->keyword = collapse(t.p + 1, t.len - 2);
        if (!r->keyword) return err_set("out of memory");
        if (!*r->keyword) return err_set("empty phrase (column %d)", t.col);
        return expect_end(L, &t);
    }
    /* Unquoted: the rest of the line, as words. */
    const char *start = t.p;
    if (t.type == TOK_OP)
        return err_set("expected a phrase after 'keyword' (column %d)", after(kw));
    r->keyword = collapse(start, strlen(start));
    if (!r->keyword) return err_set("out of memory");
    for (const char *q = start; *q; q++)
        if (*q == '"' || *q == '\'')
            return err_set("quote the whole phrase (column %d)",
                           t.col + (int)(q - start)); /* ASCII up to a quote */
    return 0;
}

static int parse_sentiment(struct lexer *L, struct alert_rule *r)
{
    struct tok sym, op, num;
    struct tok kw = {.p = "sentiment", .len = 9, .col = 1, .cols = 9};
    if (parse_symbol(L, &kw, r, &sym)) return -1;
    if (next(L, &op)) return -1;
    if (op.type != TOK_OP)
        return err_set("expected <, <=, > or >= after '%.*s' (column %d)", (int)sym.len, sym.p,
                       after(&sym));
    char ops[4] = "";
    if (op.len < sizeof ops) memcpy(ops, op.p, op.len);
    if (alert_op_from_name(ops, &r->op))
        return err_set("'%.*s' is not a comparison (use <, <=, > or >=) (column %d)", (int)op.len,
                       op.p, op.col);
    if (next(L, &num)) return -1;
    char buf[64] = "";
    if (num.type == TOK_WORD && num.len < sizeof buf) memcpy(buf, num.p, num.len);
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (num.type != TOK_WORD || !*buf || *end || errno || !isfinite(v))
        return err_set("expected a number after '%s' (column %d)", ops, after(&op));
    if (v < -1 || v > 1)
        return err_set("%s is out of range (sentiment runs from -1 to 1) (column %d)", buf,
                       num.col);
    r->threshold = v;
    return expect_end(L, &num);
}

int alert_rule_parse(const char *spec, struct alert_rule *out)
{
    memset(out, 0, sizeof *out);
    out->enabled = 1;
    struct lexer L = {spec, 0, 1};
    struct tok t;
    int rc = -1;
    if (next(&L, &t)) goto done;
    if (t.type == TOK_END) {
        err_set("empty rule (expected mention, sentiment, keyword or watchlist)");
        goto done;
    }
    char kind[16] = "";
    if (t.type == TOK_WORD && t.len < sizeof kind) memcpy(kind, t.p, t.len);
    if (alert_kind_from_name(kind, &out->kind)) {
        err_set("'%.*s' is not a rule (expected mention, sentiment, keyword or watchlist) "
                "(column %d)",
                (int)t.len, t.p, t.col);
        goto done;
    }
    struct tok sym;
    switch (out->kind) {
    case ALERT_MENTION:
        rc = parse_symbol(&L, &t, out, &sym) || expect_end(&L, &sym) ? -1 : 0;
        break;
    case ALERT_SENTIMENT:
        rc = parse_sentiment(&L, out);
        break;
    case ALERT_KEYWORD:
        rc = parse_keyword(&L, &t, out);
        break;
    case ALERT_WATCHLIST:
        rc = expect_end(&L, &t);
        break;
    }
    if (rc == 0 && !(out->spec = xstrdup(spec))) rc = err_set("out of memory");
done:
    if (rc) alert_rule_clear(out);
    return rc;
}

/* ---- the command ---- */

int alert_rule_set_argv(struct alert_rule *r, char *const *argv, size_t argc)
{
    char **v = calloc(argc + 1, sizeof *v);
    if (!v) return err_set("out of memory");
    for (size_t i = 0; i < argc; i++)
        if (!(v[i] = xstrdup(argv[i]))) {
            for (size_t j = 0; j < i; j++)
                free(v[j]);
            free(v);
            return err_set("out of memory");
        }
    if (r->argv)
        for (char **a = r->argv; *a; a++)
            free(*a);
    free(r->argv);
    r->argv = argc ? v : NULL;
    if (!argc) free(v);
    return 0;
}

char *alert_argv_to_json(const struct alert_rule *r)
{
    if (!r->argv || !r->argv[0]) return NULL;
    struct sbuf b = {0};
    sbuf_addc(&b, '[');
    for (char **a = r->argv; *a; a++) {
        if (a != r->argv) sbuf_addc(&b, ',');
        sbuf_add_json_str(&b, *a);
    }
    if (sbuf_addc(&b, ']')) {
        sbuf_free(&b);
        return NULL;
    }
    return sbuf_take(&b);
}

int alert_argv_from_json(struct alert_rule *r, const char *json)
{
    cJSON *a = cJSON_Parse(json);
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) == 0) {
        cJSON_Delete(a);
        return err_set("a rule's command is not a JSON array of strings");
    }
    size_t n = (size_t)cJSON_GetArraySize(a);
    char **v = calloc(n + 1, sizeof *v);
    int rc = v ? 0 : err_set("out of memory");
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
    {
        if (rc) break;
        if (!cJSON_IsString(e))
            rc = err_set("a rule's command is not a JSON array of strings");
        else if (!(v[i++] = xstrdup(e->valuestring)))
            rc = err_set("out of memory");
    }
    cJSON_Delete(a);
    if (rc == 0) rc = alert_rule_set_argv(r, v, n);
    if (v)
        for (size_t j = 0; j < n; j++)
            free(v[j]);
    free(v);
    return rc;
}

void alert_line_format(char *buf, size_t size, int64_t rule_id, const char *detail,
                       const char *title, const char *exec_error)
{
    snprintf(buf, size, "#%lld %s: %s%s%s%s", (long long)rule_id, detail ? detail : "",
             article_title_shown(title), exec_error ? " (command: " : "",
             exec_error ? exec_error : "", exec_error ? ")" : "");
}

/* ---- evaluation ---- */

static int word_byte(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

int alert_phrase_in(const char *text, const char *phrase)
{
    if (!text || !phrase || !*phrase) return 0;
    size_t pl = strlen(phrase);
    int lead_word = word_byte((unsigned char)phrase[0]);
    int tail_word = word_byte((unsigned char)phrase[pl - 1]);
    for (const char *s = text; *s; s++) {
        if (lead_word && s > text && word_byte((unsigned char)s[-1])) continue;
        const char *t = s, *p = phrase;
        while (*p) {
            if (*p == ' ') {
                if (!isspace((unsigned char)*t)) break;
                while (isspace((unsigned char)*t))
                    t++;
                p++;
            } else if (tolower((unsigned char)*p) == tolower((unsigned char)*t)) {
                p++;
                t++;
            } else {
                break;
            }
        }
        if (!*p && !(tail_word && word_byte((unsigned char)*t))) return 1;
    }
    return 0;
}

static const struct ticker_hit *find_ticker(const struct analysis *an, const char *sym)
{
    if (!an) return NULL;
    for (size_t i = 0; i < an->n_tickers; i++)
        if (!strcmp(an->tickers[i].symbol, sym)) return &an->tickers[i];
    return NULL;
}

static int compare(double v, enum alert_op op, double th)
{
    switch (op) {
    case ALERT_LT:
        return v < th;
    case ALERT_LE:
        return v <= th;
    case ALERT_GT:
        return v > th;
    case ALERT_GE:
        return v >= th;
    }
    return 0;
}

static int is_watched(const char (*w)[SYMBOL_MAX + 1], size_t n, const char *sym)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(w[mid], sym);
        if (!c) return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* The most relevant ticker of the article, optionally only watched ones. */
static const struct ticker_hit *
top_ticker(const struct analysis *an, const char (*w)[SYMBOL_MAX + 1], size_t nw, int watched_only)
{
    const struct ticker_hit *best = NULL;
    for (size_t i = 0; an && i < an->n_tickers; i++) {
        const struct ticker_hit *h = &an->tickers[i];
        if (watched_only && !is_watched(w, nw, h->symbol)) continue;
        if (!best || h->relevance > best->relevance) best = h;
    }
    return best;
}

int alert_rule_match(const struct alert_rule *r, const struct article *a, const struct analysis *an,
                     const char (*watched)[SYMBOL_MAX + 1], size_t n_watched, struct alert_match *m)
{
    memset(m, 0, sizeof *m);
    const struct ticker_hit *h = NULL;
    switch (r->kind) {
    case ALERT_MENTION:
        if (!(h = find_ticker(an, r->symbol))) return 0;
        snprintf(m->detail, sizeof m->detail, "%s mentioned (sentiment %+.2f)", h->symbol,
                 h->score);
        break;
    case ALERT_SENTIMENT:
        if (!(h = find_ticker(an, r->symbol)) || !compare(h->score, r->op, r->threshold)) return 0;
        snprintf(m->detail, sizeof m->detail, "%s sentiment %+.2f %s %+.2f", h->symbol, h->score,
                 alert_op_name(r->op), r->threshold);
        break;
    case ALERT_KEYWORD:
        if (!alert_phrase_in(a->title, r->keyword) && !alert_phrase_in(a->summary, r->keyword) &&
            !alert_phrase_in(a->content, r->keyword))
            return 0;
        h = top_ticker(an, watched, n_watched, 0);
        snprintf(m->detail, sizeof m->detail, "keyword \"%.150s\"", r->keyword);
        break;
    case ALERT_WATCHLIST:
        if (!(h = top_ticker(an, watched, n_watched, 1))) return 0;
        snprintf(m->detail, sizeof m->detail, "watched %s mentioned (sentiment %+.2f)", h->symbol,
                 h->score);
        break;
    }
    if (h) {
        snprintf(m->symbol, sizeof m->symbol, "%s", h->symbol);
        m->sentiment = h->score;
    } else if (an) {
        m->sentiment = an->score;
    }
    return 1;
}
