/* analyze_bench: analysis throughput (tickers, claims and sentiment together)
 * in MB/s of article text on one core.
 *
 *   analyze_bench [MB] [FILE...]
 *
 * Without files it analyses a synthetic corpus of news articles built from
 * the sentences below; with files each file is one article. MB (default 64)
 * is how much text to push through. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/analyze.h"
#include "core/err.h"
#include "core/str.h"

static const char *const sentences[] = {
    "Amazon says Trainium2 offers 30% better price performance than comparable GPUs.",
    "Management says Trainium could save tens of billions of dollars in capital spending.",
    "Nvidia (NASDAQ: NVDA) remains the leader, but faces pricing pressure from hyperscalers.",
    "Shares of Apple Inc. fell 2.3% after the company cut its revenue forecast for the quarter.",
    "JPMorgan raised its price target on $MSFT to $500, citing strong cloud demand.",
    "Operating income rose to $131 million from $87 million a year earlier.",
    "The company did not beat estimates, and analysts expect margins to narrow next year.",
    "Tesla’s deliveries slumped 13% year-over-year as competition in China intensified.",
    "Goldman Sachs upgraded Target Corp to buy, saying the retailer's turnaround is on track.",
    "Costs rose sharply while net sales decreased, the report said.",
    "Berkshire Hathaway (NYSE: BRK.B) reported record operating earnings of $11.6 billion.",
    "Oil prices were little changed on Tuesday as traders awaited the Fed decision.",
    "Meta Platforms plans to spend as much as $65 billion on AI infrastructure this year.",
    "Despite weak consumer demand, Walmart raised its full-year outlook and beat estimates.",
    "Microsoft, Alphabet and Amazon together account for most of the cloud market.",
};

int main(int argc, char **argv)
{
    double mb = argc > 1 ? atof(argv[1]) : 64;
    if (mb <= 0) mb = 64;
    struct analyzer *an = analyzer_new(NULL);
    if (!an) {
        fprintf(stderr, "analyze_bench: %s\n", err_msg());
        return 1;
    }
    /* The corpus: 4 KB articles, or the given files. */
    size_t n_docs = 0;
    char **docs = NULL;
    size_t *lens = NULL;
    if (argc > 2) {
        n_docs = (size_t)argc - 2;
        docs = calloc(n_docs, sizeof *docs);
        lens = calloc(n_docs, sizeof *lens);
        for (size_t i = 0; docs && lens && i < n_docs; i++) {
            docs[i] = file_read_all(argv[i + 2], 64u << 20, &lens[i]);
            if (!docs[i]) {
                fprintf(stderr, "analyze_bench: %s\n", err_msg());
                return 1;
            }
        }
    } else {
        n_docs = 256;
        docs = calloc(n_docs, sizeof *docs);
        lens = calloc(n_docs, sizeof *lens);
        size_t ns = sizeof sentences / sizeof sentences[0];
        unsigned seed = 12345;
        for (size_t i = 0; docs && lens && i < n_docs; i++) {
            struct sbuf b = {0};
            while (b.len < 4096) {
                seed = seed * 1103515245u + 12345u;
                if (sbuf_adds(&b, sentences[(seed >> 16) % ns]) || sbuf_addc(&b, ' ')) return 1;
                if ((seed >> 8) % 5 == 0 && sbuf_adds(&b, "\n\n")) return 1;
            }
            lens[i] = b.len;
            docs[i] = sbuf_take(&b);
        }
    }
    if (!docs || !lens) return 1;

    size_t target = (size_t)(mb * 1024 * 1024), done = 0, tickers = 0, claims = 0, runs = 0;
    double score_sum = 0;
    struct timespec t0, t1, c0, c1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    for (size_t i = 0; done < target; i = (i + 1) % n_docs) {
        struct analysis a;
        if (analyzer_run(an, docs[i], lens[i], 0, &a)) {
            fprintf(stderr, "analyze_bench: %s\n", err_msg());
            return 1;
        }
        tickers += a.n_tickers;
        claims += a.n_claims;
        score_sum += a.score;
        analysis_free(&a);
        done += lens[i];
        runs++;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    /* CPU time too: on a busy machine wall time also counts other work. */
    double cpu = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
    printf("analysed %.1f MB in %.3f s: %.1f MB/s wall, %.1f MB/s CPU (%zu ticker hits, %zu "
           "claims, mean score %+.3f)\n",
           (double)done / (1024 * 1024), secs, (double)done / (1024 * 1024) / secs,
           (double)done / (1024 * 1024) / cpu, tickers, claims,
           runs ? score_sum / (double)runs : 0.0);
    for (size_t i = 0; i < n_docs; i++)
        free(docs[i]);
    free(docs);
    free(lens);
    analyzer_free(an);
    return 0;
}
