/* analyze: builds the analyser's word table from the compiled-in data (and
 * the user's alias file) and answers the small lookups the passes need. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/analyze.h"
#include "core/analyze_data.h"
#include "core/analyze_int.h"
#include "core/err.h"
#include "core/str.h"

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = AN_HASH_SEED;
    for (size_t i = 0; i < n; i++)
        h = an_hash_step(h, (unsigned char)s[i]);
    return h;
}

int32_t an_lookup(const struct analyzer *an, const char *s, size_t len)
{
    return an_lookup_hashed(an, s, len, hash_bytes(s, len));
}

int32_t an_lookup_hashed(const struct analyzer *an, const char *s, size_t len, uint64_t h)
{
    size_t mask = an->n_slots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t v = an->slots[i];
        if (v == 0) return -1;
        const struct winfo *w = &an->words[v - 1];
        if (w->hash == (uint32_t)h && w->keylen == len && memcmp(w->key, s, len) == 0)
            return (int32_t)(v - 1);
    }
}

/* Finds or adds the entry for a word; the key must outlive the analyzer. */
static struct winfo *word_get(struct analyzer *an, const char *key, size_t len)
{
    int32_t at = an_lookup(an, key, len);
    if (at >= 0) return &an->words[at];
    if (an->n_words * 2 >= an->n_slots) return NULL; /* sized up front; never happens */
    struct winfo *w = &an->words[an->n_words++];
    memset(w, 0, sizeof *w);
    w->key = key;
    w->keylen = (uint32_t)len;
    uint64_t h = hash_bytes(key, len);
    w->hash = (uint32_t)h;
    size_t mask = an->n_slots - 1, i = h & mask;
    while (an->slots[i])
        i = (i + 1) & mask;
    an->slots[i] = (uint32_t)an->n_words;
    return w;
}

/* Splits "a b c" into word lengths; returns 0 when it does not fit. */
static int split_multi(struct multi *m, const char *text)
{
    m->text = text;
    m->n_words = 0;
    const char *p = text;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        if (m->n_words == PHRASE_WORDS || n > NORM_MAX || n == 0) return 0;
        m->wlen[m->n_words++] = (uint8_t)n;
        p += n + (sp ? 1 : 0);
    }
    if (m->n_words > 1) m->hash1 = (uint32_t)hash_bytes(text + m->wlen[0] + 1, m->wlen[1]);
    return m->n_words > 0;
}

static int cmp_multi(const void *a, const void *b)
{
    const struct multi *x = a, *y = b;
    size_t lx = x->wlen[0], ly = y->wlen[0];
    int c = memcmp(x->text, y->text, lx < ly ? lx : ly);
    if (c) return c;
    if (lx != ly) return lx < ly ? -1 : 1;
    return (int)y->n_words - (int)x->n_words; /* longest first */
}

/* Sorts list by cmp_multi, stably, as qsort did (glibc's is a merge
 * sort). The built-in tables come sorted by their whole text, so their
 * first words are already in order and only a first word's few entries
 * need their longest-first order: that is one pass and an insertion sort
 * per first word. A list not in that shape (user aliases at the end) is
 * sorted by qsort. qsort on the built-in tables was 7 million
 * instructions, more than a third of building the analyser, which the
 * workstation does before its first frame. */
static void sort_multi(struct multi *list, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        size_t lx = list[i - 1].wlen[0], ly = list[i].wlen[0];
        int c = memcmp(list[i - 1].text, list[i].text, lx < ly ? lx : ly);
        if (c > 0 || (c == 0 && lx > ly)) {
            qsort(list, n, sizeof *list, cmp_multi);
            return;
        }
    }
    for (size_t i = 1; i < n; i++) {
        struct multi m = list[i];
        size_t j = i;
        while (j > 0 && cmp_multi(&list[j - 1], &m) > 0) {
            list[j] = list[j - 1];
            j--;
        }
        list[j] = m;
    }
}

int32_t an_find_symbol(const struct analyzer *an, const char *s, size_t len)
{
    char key[16];
    if (len == 0 || len >= sizeof key) return -1;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        key[i] = c == '.' || c == '/' ? '-' : (c >= 'a' && c <= 'z' ? (char)(c - 32) : c);
    }
    key[len] = '\0';
    size_t lo = 0, hi = an->n_dir_syms;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(an->syms[mid].symbol, key);
        if (c == 0) return (int32_t)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = an->n_dir_syms; i < an->n_syms; i++)
        if (strcmp(an->syms[i].symbol, key) == 0) return (int32_t)i;
    return -1;
}

int an_is_ticker_stop(const char *sym)
{
    return symdata_in_list(symdata_ticker_stop, symdata_n_ticker_stop, sym);
}

static int keep_owned(struct analyzer *an, char *s)
{
    char **o = realloc(an->owned, (an->n_owned + 1) * sizeof *o);
    if (!o) {
        free(s);
        return err_set("out of memory");
    }
    an->owned = o;
    an->owned[an->n_owned++] = s;
    return 0;
}

/* Normalises an alias the way the tokeniser normalises text: ASCII lower
 * case, hyphens and spaces split words, a trailing 's dropped. */
static char *alias_normalise(const char *in)
{
    struct sbuf b = {0};
    const unsigned char *p = (const unsigned char *)in;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '-' || *p == ',')
            p++;
        if (!*p) break;
        size_t start = b.len;
        if (b.len && sbuf_addc(&b, ' ')) goto oom;
        start = b.len;
        while (*p && *p != ' ' && *p != '\t' && *p != '-' && *p != ',') {
            unsigned char c = *p;
            if (c == 0xE2 && p[1] == 0x80 && p[2] == 0x99) {
                c = '\'';
                p += 2;
            }
            if (sbuf_addc(&b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c))) goto oom;
            p++;
        }
        while (b.len > start && (b.p[b.len - 1] == '.' || b.p[b.len - 1] == '\''))
            b.len--;
        if (b.len - start > 2 && b.p[b.len - 1] == 's' && b.p[b.len - 2] == '\'') b.len -= 2;
        b.p[b.len] = '\0';
    }
    return sbuf_take(&b);
oom:
    sbuf_free(&b);
    return NULL;
}

/* Reads "Alias Name = SYMBOL" lines into *out (malloc'd); errors name file:line. */
static int load_user_aliases(struct analyzer *an, const char *path, struct multi **out,
                             size_t *n_out)
{
    FILE *f = fopen(path, "r");
    *out = NULL;
    *n_out = 0;
    if (!f) {
        if (errno == ENOENT) return 0;
        return err_set("%s: %s", path, strerror(errno));
    }
    char line[1024];
    int ln = 0, rc = 0;
    size_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        ln++;
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        str_trim(line);
        if (!line[0]) continue;
        char *eq = strrchr(line, '=');
        if (!eq) {
            rc = err_set("%s:%d: expected 'Alias Name = SYMBOL'", path, ln);
            break;
        }
        *eq = '\0';
        char *name = str_trim(line), *sym = str_trim(eq + 1);
        size_t sl = strlen(sym);
        if (!name[0] || sl == 0 || sl > 10 ||
            strspn(sym, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-") != sl) {
            rc = err_set("%s:%d: expected 'Alias Name = SYMBOL'", path, ln);
            break;
        }
        int32_t at = an_find_symbol(an, sym, sl);
        if (at < 0) {
            struct an_sym *ns = realloc(an->syms, (an->n_syms + 1) * sizeof *ns);
            if (!ns) {
                rc = err_set("out of memory");
                break;
            }
            an->syms = ns;
            struct an_sym *s = &an->syms[an->n_syms];
            memset(s, 0, sizeof *s);
            for (size_t i = 0; i < sl; i++)
                s->symbol[i] =
                    sym[i] == '.' ? '-'
                                  : (sym[i] >= 'a' && sym[i] <= 'z' ? (char)(sym[i] - 32) : sym[i]);
            char *nm = xstrdup(name);
            if (!nm || keep_owned(an, nm)) {
                rc = err_set("out of memory");
                break;
            }
            s->name = nm;
            at = (int32_t)an->n_syms++;
        }
        char *norm = alias_normalise(name);
        if (!norm || keep_owned(an, norm)) {
            rc = err_set("out of memory");
            break;
        }
        if (*n_out == cap) {
            cap = cap ? cap * 2 : 16;
            struct multi *nm = realloc(*out, cap * sizeof *nm);
            if (!nm) {
                rc = err_set("out of memory");
                break;
            }
            *out = nm;
        }
        struct multi *m = &(*out)[*n_out];
        memset(m, 0, sizeof *m);
        if (!split_multi(m, norm)) {
            rc = err_set("%s:%d: alias too long or empty", path, ln);
            break;
        }
        m->sym = (uint32_t)at;
        /* "eBay": a name written with a small letter may be so in the text */
        m->flags = ALIAS_CURATED | (name[0] >= 'a' && name[0] <= 'z' ? ALIAS_LOWER : 0);
        (*n_out)++;
    }
    if (rc == 0 && ferror(f)) rc = err_set("%s: read error", path);
    fclose(f);
    if (rc) {
        free(*out);
        *out = NULL;
        *n_out = 0;
    }
    return rc;
}

/* Builds an index range per first word over a sorted multi list. */
static int index_multi(struct analyzer *an, struct multi *list, size_t n, int aliases)
{
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && list[j].wlen[0] == list[i].wlen[0] &&
               memcmp(list[j].text, list[i].text, list[i].wlen[0]) == 0)
            j++;
        struct winfo *w = word_get(an, list[i].text, list[i].wlen[0]);
        if (!w) return err_set("word table full");
        list[i].next_mask = 0;
        list[i].n_long = 0;
        for (size_t k = i; k < j && list[k].n_words > 1; k++) {
            list[i].next_mask |= 1ull << (list[k].hash1 & 63);
            list[i].n_long++;
        }
        if (aliases)
            w->al0 = (uint32_t)i, w->nal = (uint32_t)(j - i);
        else
            w->phr0 = (uint32_t)i, w->nphr = (uint32_t)(j - i);
        i = j;
    }
    return 0;
}

struct analyzer *analyzer_new(const char *alias_path)
{
    struct analyzer *an = calloc(1, sizeof *an);
    struct multi *user = NULL;
    size_t n_user = 0;
    if (!an) goto oom;
    an->n_dir_syms = an->n_syms = symdata_n_syms;
    an->syms = calloc(symdata_n_syms, sizeof *an->syms);
    if (!an->syms) goto oom;
    /* Copied, not printed: snprintf for the 10,000 symbols was a third of
     * building the analyser (the workstation builds it before its first
     * frame). The array is zeroed, so a copy cut short stays terminated. */
    for (size_t i = 0; i < symdata_n_syms; i++) {
        const char *sym = symdata_name_at(symdata_syms[i].symbol);
        memcpy(an->syms[i].symbol, sym, strnlen(sym, sizeof an->syms[i].symbol - 1));
        an->syms[i].name = symdata_name_at(symdata_syms[i].name);
    }
    if (alias_path && load_user_aliases(an, alias_path, &user, &n_user)) goto fail;

    size_t cap =
        symdata_n_lex + symdata_n_aliases + n_user + sent_n_role_words + symdata_n_roles + 64;
    an->n_slots = 1;
    while (an->n_slots < cap * 2)
        an->n_slots <<= 1;
    an->slots = calloc(an->n_slots, sizeof *an->slots);
    an->words = calloc(cap, sizeof *an->words);
    an->phrases = calloc(symdata_n_lex, sizeof *an->phrases);
    an->aliases = calloc(symdata_n_aliases + n_user + 1, sizeof *an->aliases);
    if (!an->slots || !an->words || !an->phrases || !an->aliases) goto oom;

    for (size_t i = 0; i < symdata_n_lex; i++) {
        const struct symdata_lex *e = &symdata_lex[i];
        const char *text = symdata_word_at(e->text);
        if (!strchr(text, ' ')) {
            struct winfo *w = word_get(an, text, strlen(text));
            if (!w) goto full;
            w->flags |= e->flags;
            if (e->flags & LX_SENT) w->sent = e->sent;
            w->mult = e->mult;
            continue;
        }
        struct multi *m = &an->phrases[an->n_phrases];
        if (!split_multi(m, text)) continue;
        m->flags = e->flags, m->sent = e->sent, m->mult = e->mult;
        an->n_phrases++;
    }
    for (size_t i = 0; i < sent_n_role_words; i++) {
        const char *rw = sent_role_words[i].word;
        struct winfo *w = word_get(an, rw, strlen(rw));
        if (!w) goto full;
        w->role |= sent_role_words[i].role;
    }
    for (size_t i = 0; i < symdata_n_roles; i++) {
        const char *rw = symdata_word_at(symdata_roles[i].word);
        struct winfo *w = word_get(an, rw, strlen(rw));
        if (!w) goto full;
        w->role |= symdata_roles[i].roles;
    }
    sort_multi(an->phrases, an->n_phrases);
    if (index_multi(an, an->phrases, an->n_phrases, 0)) goto fail;

    for (size_t i = 0; i < symdata_n_aliases; i++) {
        struct multi *m = &an->aliases[an->n_aliases];
        if (!split_multi(m, symdata_name_at(symdata_aliases[i].text))) continue;
        m->sym = symdata_aliases[i].sym;
        m->flags = symdata_aliases[i].flags;
        an->n_aliases++;
    }
    for (size_t i = 0; i < n_user; i++) {
        /* A user alias replaces a built-in one with the same words. */
        for (size_t k = 0; k < an->n_aliases; k++)
            if (strcmp(an->aliases[k].text, user[i].text) == 0) an->aliases[k].n_words = 0;
        an->aliases[an->n_aliases++] = user[i];
    }
    size_t w = 0;
    for (size_t i = 0; i < an->n_aliases; i++)
        if (an->aliases[i].n_words) an->aliases[w++] = an->aliases[i];
    an->n_aliases = w;
    sort_multi(an->aliases, an->n_aliases);
    if (index_multi(an, an->aliases, an->n_aliases, 1)) goto fail;
    for (int c = 0; c < 128; c++) {
        char ch = (char)c;
        an->ascii_info[c] = an_lookup(an, &ch, 1);
    }
    free(user);
    return an;
full:
    err_set("word table full");
    goto fail;
oom:
    err_set("out of memory");
fail:
    free(user);
    analyzer_free(an);
    return NULL;
}

void analyzer_free(struct analyzer *an)
{
    if (!an) return;
    for (size_t i = 0; i < an->n_owned; i++)
        free(an->owned[i]);
    free(an->owned);
    free(an->words);
    free(an->slots);
    free(an->phrases);
    free(an->aliases);
    free(an->syms);
    free(an);
}

const char *analyzer_symbol_name(const struct analyzer *an, const char *symbol)
{
    if (!symbol) return NULL;
    int32_t at = an_find_symbol(an, symbol, strlen(symbol));
    return at < 0 ? NULL : an->syms[at].name;
}

int sentiment_side(double score)
{
    return score >= SENTIMENT_BAND ? 1 : score <= -SENTIMENT_BAND ? -1 : 0;
}

const char *sentiment_label(double score)
{
    if (score <= -0.5) return "negative";
    if (score >= 0.5) return "positive";
    int side = sentiment_side(score);
    return side > 0 ? "moderately positive" : side < 0 ? "moderately negative" : "neutral";
}

const char *claim_kind_name(enum claim_kind k)
{
    switch (k) {
    case CLAIM_FIGURE:
        return "figure";
    case CLAIM_FORECAST:
        return "forecast";
    case CLAIM_ATTRIBUTED:
        return "attributed";
    case CLAIM_COMPARISON:
        return "comparison";
    }
    return "figure";
}
