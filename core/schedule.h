/* schedule: when to fetch a feed next. Pure computation, no I/O: given what
 * the last response said about itself (Cache-Control, Expires, Retry-After,
 * Date), what the feed says about its own pace (RSS ttl, skipHours,
 * skipDays, sy:updatePeriod and sy:updateFrequency), what the fetch brought
 * (new items, nothing new, a failure, a refusal) and the feed's history (its
 * adaptive interval and failures in a row), it returns the next due time and
 * the new interval. The caller stores both.
 *
 * The rules, in order:
 *  1. The adaptive interval halves toward the floor (fetch.min_interval) when
 *     a fetch brings new items and grows by half toward the ceiling
 *     (fetch.max_interval) when it brings none; a failure leaves it alone.
 *  2. The publisher may only slow us down: ttl, sy:* and HTTP freshness
 *     (max-age, else Expires) each lengthen the wait to at least what they
 *     say, but never past the ceiling, which is the user's.
 *  3. A failure waits interval x 2^failures (capped at the ceiling); a 429 or
 *     503 waits at least that too, and Retry-After (seconds or an HTTP date)
 *     on any failure is honoured even past the ceiling, up to a week. A
 *     failure with no HTTP response at all (the host did not resolve,
 *     refused the connection or did not answer) waits no longer than the
 *     larger of the feed's interval and the user's fetch.interval: the fault
 *     may be this machine's network, and when it comes back every feed is
 *     fetched again within that, not after hours of back-off.
 *  4. Nothing is due sooner than the floor.
 *  5. A due time in a skipped hour or day (UTC, as RSS defines them) moves to
 *     the start of the next hour that is not skipped.
 *
 * Threads: every function here is reentrant and touches no global state. */
#ifndef BULLPEN_CORE_SCHEDULE_H
#define BULLPEN_CORE_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

/* Retry-After is believed up to this many seconds (a week). */
#define SCHEDULE_RETRY_MAX (7 * 86400)

/* What one response said about its freshness. Zero-initialise, then fill
 * with schedule_http_parse. */
struct schedule_http {
    int64_t fresh_until;  /* unix time the response stays fresh to; 0 none */
    int64_t retry_at;     /* unix time Retry-After names; 0 none */
    const char *fresh_by; /* "max-age", "expires" or NULL; static */
};

/* Reads the raw header values (any may be NULL: header absent) as received
 * at unix time now. Cache-Control max-age (or s-maxage) wins over Expires;
 * no-cache, no-store and max-age=0 mean "no freshness". Expires is read
 * against the response's Date, so a server whose clock is off still gets the
 * lifetime it meant. Retry-After is delta-seconds or an HTTP date. Values
 * that do not parse are ignored. Never fails. */
void schedule_http_parse(struct schedule_http *h, const char *cache_control, const char *expires,
                         const char *retry_after, const char *date, int64_t now);

/* What a feed document says about its pace. Zero-initialise, then fill with
 * schedule_hints_parse (core/schedule_hints.c). */
struct schedule_hints {
    int64_t ttl;           /* seconds (RSS <ttl> is in minutes); 0 none */
    int64_t update_period; /* seconds between updates from sy:*; 0 none */
    uint32_t skip_hours;   /* bit h set: do not fetch during hour h UTC (0-23) */
    uint8_t skip_days;     /* bit d set: do not fetch on day d UTC (0 = Sunday) */
};

/* Scans a feed document (len bytes of RSS, RDF or Atom; need not be
 * NUL-terminated) for the hints above, with the same safe parser as the
 * feeds (core/xmlsafe.h). A document without any (or not XML at all) leaves
 * *out zeroed; the cheap case, a document with no element of those names
 * (words in its text do not count), is not parsed at all. Returns 0, or -1 with err set when memory
 * runs out. Thread-safe. */
int schedule_hints_parse(const char *buf, size_t len, struct schedule_hints *out);

enum schedule_outcome {
    SCHEDULE_NEW,       /* fetched, and it brought new items */
    SCHEDULE_UNCHANGED, /* 304, or a 200 with nothing new */
    SCHEDULE_FAILED,    /* any error with an HTTP response (or a bad body) */
    SCHEDULE_THROTTLED, /* 429 Too Many Requests or 503 Service Unavailable */
    SCHEDULE_UNREACHED, /* an error with no HTTP response: DNS, connect, timeout */
};

struct schedule_limits {
    int64_t min_interval, max_interval; /* the floor and the ceiling, seconds */
    int64_t start_interval;             /* a feed's first interval */
    int64_t unreached_max;              /* rule 3's cap for an unreached feed; 0: none */
};

struct schedule_in {
    int64_t now;
    enum schedule_outcome outcome;
    int64_t interval; /* the feed's adaptive interval; 0: none yet (start) */
    int fails;        /* failures in a row before this fetch */
    struct schedule_http http;
    struct schedule_hints hints;
};

struct schedule_out {
    int64_t next_due; /* unix time */
    int64_t interval; /* the adaptive interval to store */
    int fails;        /* failures in a row after this fetch */
    char why[64];     /* what decided next_due: "adaptive", "max-age", "expires",
                         "ttl", "sy:updatePeriod", "backoff", "retry-after",
                         "unreachable", "floor", each with " +skip" when a skip
                         window moved it */
};

/* Applies the rules above. l's fields must be positive with min <= max. */
void schedule_next(const struct schedule_limits *l, const struct schedule_in *in,
                   struct schedule_out *out);

/* The outcome for an HTTP status (0: no response) and whether the fetch
 * failed and brought anything new: 429 and 503 are THROTTLED, a failure
 * with no response UNREACHED, other failures FAILED. */
enum schedule_outcome schedule_outcome_of(long status, int failed, int new_items);

/* Parses an HTTP date (IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850
 * "Sunday, 06-Nov-94 08:49:37 GMT" or asctime "Sun Nov  6 08:49:37 1994").
 * Returns 0 and sets *t, or -1 (err untouched) when s is none of them. */
int schedule_http_date(const char *s, int64_t *t);

#endif
