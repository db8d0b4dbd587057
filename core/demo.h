/* demo: the sample desk a newcomer opens on. A year of market news across a
 * dozen companies written from templates, daily closing prices, a small
 * portfolio and a watchlist. Generation is deterministic for a given end day
 * (the same seed every time), so the demo store is reproducible. No SQL
 * here: the caller stores what the sink receives. */
#ifndef BULLPEN_CORE_DEMO_H
#define BULLPEN_CORE_DEMO_H

#include <stddef.h>
#include <stdint.h>

struct article;

/* The sources the demo news comes from (feed names); static strings. */
#define DEMO_N_SOURCES 5
extern const char *const demo_source_names[DEMO_N_SOURCES];
extern const char *const demo_source_slugs[DEMO_N_SOURCES];

struct demo_position {
    const char *symbol;
    double quantity;
    int cost_days_ago; /* the cost is that day's close */
};
/* Positions and watchlist of the demo desk; static tables. */
extern const struct demo_position demo_positions[];
extern const size_t demo_n_positions;
struct demo_watch {
    const char *symbol, *tag;
};
extern const struct demo_watch demo_watchlist[];
extern const size_t demo_n_watchlist;

/* Receives what the generator produces, oldest first. The article (and its
 * strings) belongs to the generator and is valid only during the call;
 * source indexes demo_source_names. day is days since 1970-01-01 UTC. A
 * non-zero return stops generation and is returned by demo_generate. */
struct demo_sink {
    int (*article)(void *ctx, const struct article *a, int source);
    int (*price)(void *ctx, const char *symbol, int64_t day, double close);
    void *ctx;
};

/* Generates `days` days of news and prices ending with end_day (inclusive).
 * Returns 0, a sink's non-zero return, or -1 with err set (memory). */
int demo_generate(int64_t end_day, int days, const struct demo_sink *sink);

#endif
