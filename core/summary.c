/* summary: ranking an article's sentences as the analyser reads them, and
 * the small text forms a summary is stored and shown in. */
#include "core/summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/analyze_int.h"
#include "core/err.h"
#include "core/str.h"
#include "core/utf8.h"

/* A sentence this short rarely stands on its own ("Shares rose."); one this
 * long is a run-on or a list the reader would not call a summary. */
#define MIN_WORDS 6
#define LONG_WORDS 55
/* A third sentence is shown only when it ranks close to the second and the
 * three stay readable at a glance. */
#define THIRD_RATIO 0.75
#define MAX_CHARS 700

/* Words of four letters or more that say nothing about the story: they
 * would make every sentence look like it repeats the headline. */
static const char *const common[] = {
    "that",  "with", "from", "this", "have", "will", "said", "says", "their", "which", "would",
    "about", "more", "into", "than", "been", "were", "they", "over", "after", "also",  "some",
};

static int content_word(const struct sentence *se, const struct tok *t)
{
    if (t->kind != TK_WORD || t->norm_len < 4) return 0;
    const char *w = tok_norm(se, t);
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
        if (strlen(common[i]) == t->norm_len && !memcmp(common[i], w, t->norm_len)) return 0;
    return 1;
}

/* A word's bit in the headline set. Words the lexicon knows use their
 * table index, the rest a hash of their letters: both are fixed per word,
 * and the index costs nothing, which matters on every body token. */
static unsigned word_bit(const struct sentence *se, const struct tok *t)
{
    if (t->info >= 0) return ((uint32_t)t->info * 2654435761u) >> 24;
    uint64_t h = AN_HASH_SEED;
    const char *w = tok_norm(se, t);
    for (size_t i = 0; i < t->norm_len; i++)
        h = an_hash_step(h, (unsigned char)w[i]);
    return (unsigned)(h >> 56);
}

void summary_pick_title(struct summary_pick *p, const struct sentence *se)
{
    for (size_t i = 0; i < se->n; i++) {
        if (!content_word(se, &se->t[i])) continue;
        unsigned b = word_bit(se, &se->t[i]);
        p->title_words[b >> 6] |= 1ull << (b & 63);
        p->has_title = 1;
    }
}

/* The tokeniser leaves out a sentence's closing marks; a summary shows
 * them. Returns how many bytes of ". ? ! ) ' \" and curly quotes follow
 * at b, and their characters in *chars. */
static size_t closing(const char *text, size_t len, size_t b, uint32_t *chars)
{
    size_t e = b;
    *chars = 0;
    while (e < len && *chars < 4) {
        unsigned char c = (unsigned char)text[e];
        if (c == '.' || c == '!' || c == '?' || c == ')' || c == '"' || c == '\'') {
            e++;
        } else if (c == 0xE2 && e + 2 < len && (unsigned char)text[e + 1] == 0x80 &&
                   ((unsigned char)text[e + 2] == 0x9D || (unsigned char)text[e + 2] == 0x99)) {
            e += 3;
        } else {
            break;
        }
        (*chars)++;
    }
    return e - b;
}

void summary_pick_sentence(struct summary_pick *p, const struct sentence *se, const char *text,
                           size_t len, size_t n_claims, size_t n_tickers, int figure,
                           size_t body_no)
{
    size_t words = 0, content = 0, repeats = 0;
    for (size_t i = 0; i < se->n; i++) {
        const struct tok *t = &se->t[i];
        if (t->kind == TK_NUM) words++;
        if (t->kind != TK_WORD) continue;
        words++;
        /* The headline's set holds no common words, so a body word found
         * in it is a repeat (or, rarely, a hash collision) without looking
         * it up in the common list. */
        if (!p->has_title || t->norm_len < 4) continue;
        content++;
        unsigned b = word_bit(se, t);
        repeats += (p->title_words[b >> 6] >> (b & 63)) & 1;
    }
    if (words < MIN_WORDS) return;
    /* News puts the story first: the lead weighs most, fading fast. */
    double lead = 2.0;
    for (size_t i = 0; i < body_no && lead > 0.05; i++)
        lead *= 0.6;
    double s = 1.0 * (double)(n_claims < 2 ? n_claims : 2) +
               0.5 * (double)(n_tickers < 2 ? n_tickers : 2) + (figure ? 0.8 : 0) + lead;
    if (content) s -= 1.5 * (double)repeats / (double)content;
    if (words > LONG_WORDS) s -= 0.5;
    /* Insert into best[], which stays sorted best first; an equal score
     * keeps the earlier sentence ahead. */
    size_t at = p->n;
    while (at > 0 && p->best[at - 1].score < s)
        at--;
    if (at >= SUMMARY_MAX) return;
    size_t last = p->n < SUMMARY_MAX ? p->n : SUMMARY_MAX - 1;
    memmove(&p->best[at + 1], &p->best[at], (last - at) * sizeof p->best[0]);
    if (p->n < SUMMARY_MAX) p->n++;
    uint32_t extra_c;
    size_t extra_b = closing(text, len, se->b1, &extra_c);
    p->best[at].span = (struct span){se->c0, se->c1 + extra_c, se->b0, se->b1 + (uint32_t)extra_b};
    p->best[at].score = s;
}

static int by_start(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

size_t summary_pick_finish(const struct summary_pick *p, struct span *out)
{
    size_t n = p->n < 2 ? p->n : 2;
    if (p->n == 3 && p->best[2].score >= THIRD_RATIO * p->best[1].score) {
        uint32_t chars = 0;
        for (size_t i = 0; i < 3; i++)
            chars += p->best[i].span.end - p->best[i].span.start;
        if (chars <= MAX_CHARS) n = 3;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = p->best[i].span;
    qsort(out, n, sizeof *out, by_start);
    return n;
}

void summary_spans_format(const struct span *spans, size_t n, char *buf)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && i < SUMMARY_MAX; i++) {
        int w = snprintf(buf + used, SUMMARY_SPANS_TEXT - used, "%s%u-%u", i ? " " : "",
                         spans[i].start, spans[i].end);
        if (w < 0 || (size_t)w >= SUMMARY_SPANS_TEXT - used) {
            buf[used] = '\0';
            return;
        }
        used += (size_t)w;
    }
}

int summary_spans_parse(const char *s, struct span *out)
{
    int n = 0;
    while (s && *s) {
        unsigned long a, b;
        char *end;
        if (n == SUMMARY_MAX || *s < '0' || *s > '9') break;
        a = strtoul(s, &end, 10);
        if (*end != '-' || end[1] < '0' || end[1] > '9') break;
        b = strtoul(end + 1, &end, 10);
        if (b < a || b > UINT32_MAX) break;
        out[n++] = (struct span){(uint32_t)a, (uint32_t)b, 0, 0};
        s = end;
        if (*s == ' ')
            s++;
        else if (*s)
            break;
    }
    if (s && *s) return err_set("summary offsets '%.40s' are not START-END pairs", s);
    return n;
}

size_t summary_spans_pack(const struct span *spans, size_t n, unsigned char *buf)
{
    size_t len = 0;
    uint32_t at = 0;
    for (size_t i = 0; i < n && i < SUMMARY_MAX; i++) {
        if (spans[i].start < at || spans[i].end < spans[i].start) return 0;
        uint32_t v[2] = {spans[i].start - at, spans[i].end - spans[i].start};
        for (int k = 0; k < 2; k++) {
            for (; v[k] >= 0x80; v[k] >>= 7)
                buf[len++] = (unsigned char)(v[k] | 0x80);
            buf[len++] = (unsigned char)v[k];
        }
        at = spans[i].end;
    }
    return len;
}

/* One LEB128 number from p[*at, len); 0 or -1 when cut short or too big. */
static int read_number(const unsigned char *p, size_t len, size_t *at, uint64_t *v)
{
    *v = 0;
    for (int shift = 0; *at < len && shift < 35; shift += 7) {
        unsigned char b = p[(*at)++];
        *v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) return 0;
    }
    return -1;
}

int summary_spans_unpack(const unsigned char *p, size_t len, struct span *out)
{
    int n = 0;
    uint64_t at = 0, gap, width;
    for (size_t i = 0; i < len;) {
        if (n == SUMMARY_MAX || read_number(p, len, &i, &gap) || read_number(p, len, &i, &width) ||
            at + gap + width > UINT32_MAX)
            return err_set("packed summary offsets are not START-END pairs");
        out[n++] = (struct span){(uint32_t)(at + gap), (uint32_t)(at + gap + width), 0, 0};
        at += gap + width;
    }
    return n;
}

size_t summary_spans_locate(const char *text, size_t len, struct span *spans, size_t n)
{
    /* One walk over the text, the spans in order; stored spans are. */
    size_t b = 0, kept = 0;
    uint32_t c = 0;
    for (size_t i = 0; i < n; i++) {
        struct span s = spans[i];
        if (s.start < c) continue;
        while (b < len && c < s.start) {
            uint32_t cp;
            b += utf8_decode(text + b, len - b, &cp);
            c++;
        }
        if (c != s.start) break;
        s.bstart = (uint32_t)b;
        while (b < len && c < s.end) {
            uint32_t cp;
            b += utf8_decode(text + b, len - b, &cp);
            c++;
        }
        if (c != s.end) break;
        s.bend = (uint32_t)b;
        spans[kept++] = s;
    }
    return kept;
}

int summary_render(const char *text, size_t len, const struct span *spans, size_t n,
                   struct sbuf *out)
{
    int space = 0, any = 0;
    for (size_t i = 0; i < n; i++) {
        if (spans[i].bend > len || spans[i].bstart > spans[i].bend) continue;
        if (any) space = 1;
        for (size_t b = spans[i].bstart; b < spans[i].bend; b++) {
            char ch = text[b];
            if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
                space = any;
                continue;
            }
            if (space && sbuf_addc(out, ' ')) return -1;
            if (sbuf_addc(out, ch)) return -1;
            space = 0;
            any = 1;
        }
    }
    return 0;
}
