/* summary: the two or three sentences of an article that say the most,
 * picked while the analyser reads it (extractive: the article's own words,
 * nothing generated). A sentence ranks by the claims, tickers and figures it
 * carries and by how early it comes, and loses for repeating the headline,
 * which the reader has already seen.
 *
 * The result is a list of spans into the analysed text (struct analysis
 * .summary), stored as character offsets beside the analysis, as text
 * ("12-140 141-260") or packed into a few bytes, so a summary costs a few
 * bytes per article rather than a second copy of its best sentences.
 *
 * Threads: everything here works on the caller's memory only; any thread may
 * call anything. Nothing here allocates except summary_render, which appends
 * to the caller's buffer. */
#ifndef BULLPEN_CORE_SUMMARY_H
#define BULLPEN_CORE_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "core/analyze.h"

struct sbuf;
struct sentence;

/* Longest text summary_spans_format writes, NUL included. */
#define SUMMARY_SPANS_TEXT 72

/* Writes spans (character offsets) as "START-END START-END ..." into
 * buf[SUMMARY_SPANS_TEXT]; "" when n is 0. */
void summary_spans_format(const struct span *spans, size_t n, char *buf);

/* Reads what summary_spans_format wrote into out[SUMMARY_MAX] (character
 * offsets set, byte offsets zero). Returns how many, 0 for NULL or "", or
 * -1 with err set when the text is not that shape. */
int summary_spans_parse(const char *s, struct span *out);

/* Longest form summary_spans_pack writes. */
#define SUMMARY_SPANS_PACKED (SUMMARY_MAX * 2 * 5)

/* Packs spans (character offsets, in text order, none overlapping) into buf
 * as unsigned LEB128 numbers: each span's distance from the end of the one
 * before (from 0 for the first), then its length; "12-140 141-260" takes 5
 * bytes. Returns the length written, 0 when n is 0 or the spans are not in
 * order (keep them as text then). */
size_t summary_spans_pack(const struct span *spans, size_t n, unsigned char *buf);

/* Reads what summary_spans_pack wrote (len bytes) into out[SUMMARY_MAX],
 * as summary_spans_parse does. Returns how many, or -1 with err set when
 * the bytes are not that shape. */
int summary_spans_unpack(const unsigned char *p, size_t len, struct span *out);

/* Fills the byte offsets of spans from their character offsets in text (len
 * bytes of UTF-8, as composed by article_compose_text). Spans that fall
 * outside the text are dropped. Returns how many are left. */
size_t summary_spans_locate(const char *text, size_t len, struct span *spans, size_t n);

/* Appends the sentences text[bstart, bend) of spans to out, joined by one
 * space, every run of white space folded into one space. Text is appended
 * as it is: callers that print it sanitise it first (term, JSON). Returns 0,
 * or -1 when memory runs out. */
int summary_render(const char *text, size_t len, const struct span *spans, size_t n,
                   struct sbuf *out);

/* The analyser's side (core/analyze_run.c): one struct per run, zeroed
 * first. The headline's sentences go to summary_pick_title, each body
 * sentence to summary_pick_sentence with what the analyser found in it,
 * and summary_pick_finish writes the chosen spans in text order. */
struct summary_pick {
    uint64_t title_words[4]; /* a 256-bit set of the headline's word hashes */
    int has_title;           /* any word in title_words */
    struct {
        struct span span;
        double score;
    } best[SUMMARY_MAX]; /* the best so far, best first */
    size_t n;
};

void summary_pick_title(struct summary_pick *p, const struct sentence *se);
/* text/len: the whole analysed text (for the sentence's closing
 * punctuation, which the tokeniser does not keep). body_no counts body
 * sentences from 0. */
void summary_pick_sentence(struct summary_pick *p, const struct sentence *se, const char *text,
                           size_t len, size_t n_claims, size_t n_tickers, int figure,
                           size_t body_no);
/* Writes the chosen spans, in text order, to out[SUMMARY_MAX]; returns how
 * many (0 when the text has no sentence worth showing). */
size_t summary_pick_finish(const struct summary_pick *p, struct span *out);

#endif
