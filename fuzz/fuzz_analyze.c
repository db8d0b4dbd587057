/* libFuzzer target: the analyser (tokeniser, tickers, claims, sentiment).
 * The first byte chooses how much of the rest is the headline. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/analyze.h"

static struct analyzer *an;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!an && !(an = analyzer_new(NULL))) abort();
    if (size < 1) return 0;
    size_t title_len = data[0] < size ? data[0] : size - 1;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    struct analysis a;
    if (analyzer_run(an, text, len, title_len, &a) == 0) {
        if (a.score < -1 || a.score > 1) abort();
        for (size_t i = 0; i < a.n_tickers; i++)
            for (size_t j = 0; j < a.tickers[i].n_spans; j++)
                if (a.tickers[i].spans[j].bend > len ||
                    a.tickers[i].spans[j].bstart > a.tickers[i].spans[j].bend)
                    abort();
        for (size_t i = 0; i < a.n_claims; i++)
            if (a.claims[i].span.bend > len || a.claims[i].span.bstart > a.claims[i].span.bend)
                abort();
        analysis_free(&a);
    }
    (void)analyzer_score(an, text, len);
    return 0;
}
