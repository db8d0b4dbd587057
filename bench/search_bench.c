/* search_bench: how long the workstation's list queries take on a large
 * store (build one with bigstore): a screen of rows newest first and best
 * match first for a common and a rare word, the first screen and a screen
 * ten pages down of the grouped and the ungrouped list, and the count of a
 * search's matches.
 *
 *   search_bench DB [--common WORD] [--rare WORD] [--rows N] [--reps N]
 *
 * Opens DB read-only (an older store is migrated first, which is timed),
 * runs each query --reps times (default 50) for --rows rows (default 40,
 * a tall terminal's list) and prints the median and 95th percentile in
 * milliseconds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/err.h"
#include "storage/articles.h"
#include "storage/store.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Reads `pages` screens of rows from the top, keyset-paged; returns the
 * time of the last screen, -1 on failure. */
static double screen_ms(struct store *s, const struct article_filter *f, size_t rows, int pages,
                        size_t *got)
{
    struct article_cursor c = {0};
    double t = 0;
    for (int p = 0; p < pages; p++) {
        struct article_row *r;
        size_t n;
        double t0 = now_ms();
        if (store_articles_page(s, f, p ? &c : NULL, 0, rows, &r, &n)) return -1;
        t = now_ms() - t0;
        if (n) c = store_article_cursor_of(f, &r[n - 1]);
        *got = n;
        store_article_rows_free(r, n);
        if (!n) break;
    }
    return t;
}

static int run(struct store *s, const char *name, const struct article_filter *f, size_t rows,
               int pages, int reps)
{
    double *t = calloc((size_t)reps, sizeof *t);
    if (!t) return -1;
    size_t got = 0;
    for (int i = 0; i < reps; i++) {
        if ((t[i] = screen_ms(s, f, rows, pages, &got)) < 0) {
            fprintf(stderr, "search_bench: %s: %s\n", name, err_msg());
            free(t);
            return -1;
        }
    }
    qsort(t, (size_t)reps, sizeof *t, cmp_double);
    printf("%-34s %4zu rows  p50 %8.2f ms  p95 %8.2f ms\n", name, got, t[reps / 2],
           t[(reps * 95 + 99) / 100 - 1]);
    free(t);
    return 0;
}

static int count(struct store *s, const char *name, const struct article_filter *f, int reps)
{
    double *t = calloc((size_t)reps, sizeof *t);
    if (!t) return -1;
    int64_t n = 0;
    for (int i = 0; i < reps; i++) {
        double t0 = now_ms();
        if ((n = store_articles_count_upto(s, f, 1001)) < 0) {
            fprintf(stderr, "search_bench: %s: %s\n", name, err_msg());
            free(t);
            return -1;
        }
        t[i] = now_ms() - t0;
    }
    qsort(t, (size_t)reps, sizeof *t, cmp_double);
    printf("%-34s %4lld hits  p50 %8.2f ms  p95 %8.2f ms\n", name, (long long)n, t[reps / 2],
           t[(reps * 95 + 99) / 100 - 1]);
    free(t);
    return 0;
}

int main(int argc, char **argv)
{
    const char *common = "shares", *rare = "trainium";
    long rows = 40, reps = 50;
    if (argc < 2) {
        fprintf(stderr, "usage: search_bench DB [--common WORD] [--rare WORD] [--rows N] "
                        "[--reps N]\n");
        return 2;
    }
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--common"))
            common = argv[i + 1];
        else if (!strcmp(argv[i], "--rare"))
            rare = argv[i + 1];
        else if (!strcmp(argv[i], "--rows"))
            rows = strtol(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--reps"))
            reps = strtol(argv[i + 1], NULL, 10);
    }
    if (rows < 1 || reps < 1) {
        fprintf(stderr, "search_bench: --rows and --reps take a positive number\n");
        return 2;
    }
    double t0 = now_ms();
    struct store *s = store_open(argv[1], STORE_READONLY);
    if (!s) {
        fprintf(stderr, "search_bench: %s\n", err_msg());
        return 1;
    }
    printf("opened (migrating if older) in %.0f ms; %lld articles\n", now_ms() - t0,
           (long long)store_articles_count(s));
    size_t r = (size_t)rows;
    int n = (int)reps;
    struct article_filter f[] = {
        {.query = common},
        {.query = common, .by_relevance = 1},
        {.query = rare},
        {.query = rare, .by_relevance = 1},
        {.query = common, .group = 1},
        {.query = common, .by_relevance = 1, .group = 1},
        {.query = rare, .by_relevance = 1, .group = 1},
        {0},
        {.group = 1},
    };
    const char *names[] = {"common, newest",
                           "common, best",
                           "rare, newest",
                           "rare, best",
                           "common, newest, grouped",
                           "common, best, grouped",
                           "rare, best, grouped",
                           "list",
                           "list, grouped"};
    int rc = 0;
    for (size_t i = 0; i < sizeof f / sizeof f[0] && !rc; i++)
        rc = run(s, names[i], &f[i], r, 1, n);
    if (!rc) rc = run(s, "best, common, 10th screen", &f[1], r, 10, n > 10 ? n / 5 : n);
    if (!rc) rc = run(s, "list, grouped, 10th screen", &f[8], r, 10, n > 10 ? n / 5 : n);
    if (!rc) rc = run(s, "list, 10th screen", &f[7], r, 10, n > 10 ? n / 5 : n);
    if (!rc) rc = count(s, "count, common", &f[0], n);
    if (!rc) rc = count(s, "count, common, grouped", &f[4], n);
    store_close(s);
    return rc ? 1 : 0;
}
