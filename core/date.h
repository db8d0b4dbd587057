/* date: the date forms feeds use, to and from unix seconds UTC. */
#ifndef BULLPEN_CORE_DATE_H
#define BULLPEN_CORE_DATE_H

#include <stdint.h>

/* Parses s into unix seconds UTC. Accepts RFC 822/2822 ("Wed, 14 Feb 2024
 * 17:46:00 GMT", with or without weekday, seconds or zone, 2-digit years,
 * full month names, named US zones, numeric offsets), RFC 3339 / ISO 8601
 * ("2024-02-14T17:46:00.123+05:30", 'Z', space for 'T', offsets without a
 * colon, date only), the compact form "20240214T174600" (Alpha Vantage) and
 * common broken variants (12-hour clock with AM/PM, "Feb 14, 2024").
 * A date without zone is taken as UTC. Returns 0 and sets *out, or -1 with
 * err set when s is not a date. */
int date_parse(const char *s, int64_t *out);

/* Room for "YYYY-MM-DDTHH:MM:SSZ" and its NUL. */
#define DATE_ISO_SIZE 21

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" (UTC) into out. Returns out. Years
 * outside 0..9999 are clamped to that range. */
char *date_format_iso(int64_t t, char out[DATE_ISO_SIZE]);

#endif
