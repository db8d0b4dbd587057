/* date: the date forms feeds use, to and from unix seconds UTC. */
#ifndef BULLPEN_CORE_DATE_H
#define BULLPEN_CORE_DATE_H

#include <stdint.h>

/* Parses s into unix seconds UTC. Accepts RFC 822/2822 ("Wed, 14 Feb 2024
 * 17:46:00 GMT", with or without weekday, seconds or zone, full month
 * names, a comment in parentheses), RFC 3339 / ISO 8601
 * ("2024-02-14T17:46:00.123+05:30", 'Z', space for 'T', offsets without a
 * colon, date only), the compact form "20240214T174600" (Alpha Vantage) and
 * common broken variants (12-hour clock with AM/PM, "Feb 14, 2024",
 * numeric dates).
 * Zones: numeric offsets ("+0000", "+00:00", "-05", "+530", "GMT+2",
 * "UTC-05:00"; a number wins over a name) and the names in date.c's table
 * (US zones, also as ET/CT/MT/PT with daylight time by the US rules of the
 * date; European, Asian and Australian abbreviations; military letters read
 * as +0000 per RFC 2822). A date without zone, or with a zone name not in
 * the table, is taken as UTC.
 * Years: two digits 00-49 are 2000-2049, 50-99 and three digits count from
 * 1900 (RFC 2822 4.3). Three plain numbers are ordered by their separator:
 * '-' year-month-day ("03-12-31" is 2003-12-31; month-day-year when that is
 * no date), '/' month/day/year (day/month/year when the first is above 12),
 * '.' day.month.year.
 * Returns 0 and sets *out, or -1 with err set when s is not a date. */
int date_parse(const char *s, int64_t *out);

/* Room for "YYYY-MM-DDTHH:MM:SSZ" and its NUL. */
#define DATE_ISO_SIZE 21

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" (UTC) into out. Returns out. Years
 * outside 0..9999 are clamped to that range. */
char *date_format_iso(int64_t t, char out[DATE_ISO_SIZE]);

#endif
