/* clock: the current time and calendar days, in one place so tests can pin
 * "now" and every date computation agrees on UTC. */
#ifndef BULLPEN_CORE_CLOCK_H
#define BULLPEN_CORE_CLOCK_H

#include <stdint.h>

/* Unix seconds now. When the environment variable BULLPEN_NOW holds a whole
 * number of unix seconds, that is returned instead, so trend buckets and
 * "last 24 hours" figures are reproducible in tests. */
int64_t clock_now(void);

/* Milliseconds on the monotonic clock, for timing and timeouts (never
 * pinned: BULLPEN_NOW does not move it). */
int64_t clock_mono_ms(void);

/* Days since 1970-01-01 UTC of unix time t (floor, so negative times work). */
int64_t clock_day_of(int64_t t);

/* The Monday on or before day (weeks start on Monday). */
int64_t clock_week_start(int64_t day);

/* Formats day as "YYYY-MM-DD" into buf (at least 11 bytes). */
void clock_day_format(int64_t day, char buf[11]);

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil): no time zone or locale is involved. */
int64_t clock_days_from_civil(int64_t y, int64_t m, int64_t d);

/* Parses "YYYY-MM-DD" (a real calendar date) into days since the epoch.
 * Returns 0, or -1 with err set. */
int clock_day_parse(const char *s, int64_t *day);

#endif
