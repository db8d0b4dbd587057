/* trend_bench: how long a trend and a portfolio summary take on a store of
 * a million mentions.
 *
 *   trend_bench [DB] [MENTIONS]
 *
 * Fills DB (default /tmp/bullpen-trend-bench.db, rebuilt when it holds no
 * articles) through store_article_insert with MENTIONS mentions (default
 * 1,000,000: two tickers per article) spread over 100 symbols and three
 * years, then times a year of daily and weekly buckets for one symbol, and
 * the 7-day/24-hour summary the portfolio panel shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/analyze.h"
#include "core/article.h"
#include "core/clock.h"
#include "core/err.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/store.h"
#include "storage/trends.h"

#define N_SYMBOLS 100
#define DAYS (3 * 365)

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void symbol_of(int i, char out[16])
{
    snprintf(out, 16, "S%c%c%c", 'A' + i / 26 % 26, 'A' + i % 26, 'A' + i * 7 % 26);
}

static int fill(struct store *s, long mentions, int64_t end)
{
    int64_t feed;
    if (store_feed_add(s, "https://bench.example/feed", "bench", 1, &feed) < 0) return -1;
    long articles = mentions / 2;
    srand(7);
    double t0 = now_ms();
    if (store_begin(s)) return -1;
    for (long i = 0; i < articles; i++) {
        struct ticker_hit h[2] = {0};
        /* Skewed: low-numbered symbols are the busy ones; the second
         * ticker always differs from the first. */
        int sym[2];
        sym[0] = (int)((rand() % N_SYMBOLS) * (double)(rand() % N_SYMBOLS) / N_SYMBOLS);
        sym[1] = (sym[0] + 1 + rand() % (N_SYMBOLS - 1)) % N_SYMBOLS;
        for (int k = 0; k < 2; k++) {
            symbol_of(sym[k], h[k].symbol);
            h[k].mentions = 1;
            h[k].relevance = 0.2 + (rand() % 80) / 100.0;
            h[k].score = (rand() % 200 - 100) / 100.0;
        }
        struct analysis an = {.score = h[0].score, .tickers = h, .n_tickers = 2};
        char guid[32], title[64];
        snprintf(guid, sizeof guid, "b%ld", i);
        snprintf(title, sizeof title, "%s and %s move", h[0].symbol, h[1].symbol);
        struct article a = {.feed_id = feed, .guid = guid, .title = title};
        a.published = end - (int64_t)(rand() % (DAYS * 86400L));
        a.fetched = a.published;
        if (store_article_insert(s, &a, &an) < 0) return -1;
        if (i % 50000 == 49999) {
            if (store_commit(s) || store_begin(s)) return -1;
            fprintf(stderr, "\r%ld articles", i + 1);
        }
    }
    if (store_commit(s)) return -1;
    fprintf(stderr, "\rfilled %ld articles (%ld mentions) in %.1f s\n", articles, articles * 2,
            (now_ms() - t0) / 1e3);
    return 0;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/tmp/bullpen-trend-bench.db";
    long mentions = argc > 2 ? atol(argv[2]) : 1000000;
    int64_t end = 1718798400; /* 2024-06-19T12:00:00Z: fixed, so runs compare */
    struct store *s = store_open(path, 0);
    if (!s) {
        fprintf(stderr, "trend_bench: %s\n", err_msg());
        return 1;
    }
    if (store_articles_count(s) == 0 && fill(s, mentions, end)) {
        fprintf(stderr, "trend_bench: %s\n", err_msg());
        store_close(s);
        return 1;
    }
    int64_t to = clock_day_of(end);
    const int reps = 200;
    char busy[16], quiet[16];
    symbol_of(0, busy);
    symbol_of(N_SYMBOLS - 1, quiet);
    const char *syms[] = {busy, quiet};
    for (int k = 0; k < 2; k++) {
        for (int b = 0; b < 2; b++) {
            struct trend_point *p;
            size_t n;
            double t0 = now_ms();
            int64_t arts = 0;
            for (int r = 0; r < reps; r++) {
                if (store_trend(s, syms[k], to - 364, to, b ? TREND_WEEK : TREND_DAY, &p, &n)) {
                    fprintf(stderr, "trend_bench: %s\n", err_msg());
                    return 1;
                }
                arts = 0;
                for (size_t i = 0; i < n; i++)
                    arts += p[i].articles;
                free(p);
            }
            printf("trend %s 365 days by %s: %zu buckets, %lld mentions, %.3f ms per query\n",
                   syms[k], b ? "week" : "day", n, (long long)arts, (now_ms() - t0) / reps);
        }
        struct symbol_summary sum;
        double t0 = now_ms();
        for (int r = 0; r < reps; r++)
            store_symbol_summary(s, syms[k], end, &sum);
        printf("summary %s (7d sentiment, change, 24h news %lld): %.3f ms\n", syms[k],
               (long long)sum.news_24h, (now_ms() - t0) / reps);
    }
    printf("store: %lld articles\n", (long long)store_articles_count(s));
    store_close(s);
    return 0;
}
