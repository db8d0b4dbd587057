#include "core/date.h"
#include "core/err.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Broken-down date being assembled; -1 marks a field not yet seen. */
struct dparts {
    int year, mon, day, hour, min, sec;
    int off; /* seconds east of UTC */
};

static const char *const month_names[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};

/* Named zones feeds actually send. RFC 822's military letters other than Z
 * are ambiguous in practice (RFC 2822 says to treat them as 0) and are
 * ignored like any unknown name. */
static const struct {
    const char *name;
    int hours_x4; /* quarter hours, to fit +5:30 and friends */
} zones[] = {
    {"gmt", 0},   {"ut", 0},    {"utc", 0},   {"z", 0},      {"est", -20},  {"edt", -16},
    {"cst", -24}, {"cdt", -20}, {"mst", -28}, {"mdt", -24},  {"pst", -32},  {"pdt", -28},
    {"bst", 4},   {"cet", 4},   {"cest", 8},  {"eet", 8},    {"eest", 12},  {"wet", 0},
    {"west", 4},  {"jst", 36},  {"kst", 36},  {"hkt", 32},   {"sgt", 32},   {"aest", 40},
    {"aedt", 44}, {"ist", 22},  {"msk", 12},  {"akst", -36}, {"akdt", -32}, {"hst", -40},
};

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

static int finish(const struct dparts *d, int64_t *out, const char *s)
{
    if (d->year < 0 || d->mon < 1 || d->day < 1) return err_set("not a date: '%.60s'", s);
    int year = d->year;
    if (year < 100) year += year < 50 ? 2000 : 1900; /* RFC 2822 section 4.3 */
    int hour = d->hour < 0 ? 0 : d->hour, min = d->min < 0 ? 0 : d->min;
    int sec = d->sec < 0 ? 0 : d->sec;
    if (year < 1000 || year > 9999 || d->mon > 12 || d->day > days_in_month(year, d->mon) ||
        hour > 24 || min > 59 || sec > 60 || (hour == 24 && (min || sec)))
        return err_set("date out of range: '%.60s'", s);
    if (sec == 60) sec = 59; /* leap second: timegm would roll it over */
    struct tm tm = {0};
    tm.tm_year = year - 1900;
    tm.tm_mon = d->mon - 1;
    tm.tm_mday = d->day;
    tm.tm_hour = hour;
    tm.tm_min = min;
    tm.tm_sec = sec;
    time_t t = timegm(&tm);
    *out = (int64_t)t - d->off;
    return 0;
}

/* Reads up to max digits; returns the count read (0 when none). */
static int digits(const char **pp, int max, int *val)
{
    const char *p = *pp;
    int n = 0, v = 0;
    while (n < max && isdigit((unsigned char)p[n]))
        v = v * 10 + (p[n++] - '0');
    if (n) *val = v, *pp = p + n;
    return n;
}

/* "+05:30", "-0500", "+05", "Z"; returns 0 and sets *off, or -1. */
static int parse_offset(const char **pp, int *off)
{
    const char *p = *pp;
    if (*p == 'Z' || *p == 'z') {
        *off = 0, *pp = p + 1;
        return 0;
    }
    if (*p != '+' && *p != '-') return -1;
    int sign = *p == '-' ? -1 : 1, h = 0, m = 0;
    p++;
    int n = digits(&p, 4, &h);
    if (n == 4) {
        m = h % 100, h /= 100;
    } else if (n == 2 || n == 1) {
        if (*p == ':') {
            p++;
            if (digits(&p, 2, &m) != 2) return -1;
        }
    } else {
        return -1;
    }
    if (h > 14 || m > 59) return -1;
    *off = sign * (h * 3600 + m * 60);
    *pp = p;
    return 0;
}

/* ISO 8601 / RFC 3339 and the compact YYYYMMDD[THHMMSS] form. */
static int parse_iso(const char *s, int64_t *out)
{
    struct dparts d = {-1, -1, -1, -1, -1, -1, 0};
    const char *p = s;
    if (digits(&p, 4, &d.year) != 4) return -1;
    if (*p == '-') {
        p++;
        if (digits(&p, 2, &d.mon) < 1) return -1;
        if (*p == '-') {
            p++;
            if (digits(&p, 2, &d.day) < 1) return -1;
        } else {
            d.day = 1; /* "2024-02": a month */
        }
    } else {
        if (digits(&p, 2, &d.mon) != 2 || digits(&p, 2, &d.day) != 2) return -1;
    }
    if (*p == 'T' || *p == 't' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
        p++;
        if (digits(&p, 2, &d.hour) < 1) return -1;
        if (*p == ':') p++;
        if (digits(&p, 2, &d.min) < 1) d.min = 0;
        if (*p == ':') p++;
        if (digits(&p, 2, &d.sec) < 1) d.sec = 0;
        if (*p == '.' || *p == ',') { /* fractional seconds: dropped */
            p++;
            while (isdigit((unsigned char)*p))
                p++;
        }
        while (*p == ' ')
            p++;
        if (*p && parse_offset(&p, &d.off) < 0) {
            /* "... UTC" or "GMT" after an ISO time: try a named zone */
            size_t k;
            for (k = 0; k < sizeof zones / sizeof zones[0]; k++) {
                size_t zl = strlen(zones[k].name);
                if (strncasecmp(p, zones[k].name, zl) == 0 && !isalpha((unsigned char)p[zl])) {
                    d.off = zones[k].hours_x4 * 900;
                    p += zl;
                    break;
                }
            }
            if (k == sizeof zones / sizeof zones[0]) return -1;
        }
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p) return -1;
    return finish(&d, out, s);
}

/* RFC 822 and its relatives: tokens in almost any order. */
static int parse_loose(const char *s, int64_t *out)
{
    struct dparts d = {-1, -1, -1, -1, -1, -1, 0};
    const char *p = s;
    int pm = -1, numbers[3], nn = 0;
    while (*p) {
        unsigned char c = (unsigned char)*p;
        if (isspace(c) || c == ',' || c == '.' || c == '/') {
            p++;
            continue;
        }
        if (isalpha(c)) {
            const char *w = p;
            while (isalpha((unsigned char)*p))
                p++;
            size_t wl = (size_t)(p - w);
            int known = 0;
            if (wl >= 3) {
                for (int m = 0; m < 12 && !known; m++)
                    if (strncasecmp(w, month_names[m], 3) == 0) d.mon = m + 1, known = 1;
            }
            if (!known && wl == 2 && (strncasecmp(w, "am", 2) == 0 || strncasecmp(w, "pm", 2) == 0))
                pm = tolower((unsigned char)w[0]) == 'p', known = 1;
            for (size_t k = 0; !known && k < sizeof zones / sizeof zones[0]; k++)
                if (strlen(zones[k].name) == wl && strncasecmp(w, zones[k].name, wl) == 0)
                    d.off = zones[k].hours_x4 * 900, known = 2;
            /* weekdays and unknown words (zone names we do not know) are skipped */
            if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1]) && known == 2) {
                /* "GMT+0100": the offset follows */
                if (parse_offset(&p, &d.off) < 0) return err_set("not a date: '%.60s'", s);
            }
            continue;
        }
        if (c == '+' || c == '-') {
            /* An offset follows the time; elsewhere '-' separates
             * ("14-Feb-2024"). */
            if (d.hour >= 0 && isdigit((unsigned char)p[1])) {
                if (parse_offset(&p, &d.off) < 0) return err_set("not a date: '%.60s'", s);
            } else {
                p++;
            }
            continue;
        }
        if (isdigit(c)) {
            int v = 0;
            int n = digits(&p, 4, &v);
            if (isdigit((unsigned char)*p)) return err_set("not a date: '%.60s'", s);
            if (*p == ':') { /* a time of day */
                if (d.hour >= 0 || n > 2) return err_set("not a date: '%.60s'", s);
                d.hour = v;
                p++;
                if (digits(&p, 2, &d.min) < 1) return err_set("not a date: '%.60s'", s);
                if (*p == ':') {
                    p++;
                    if (digits(&p, 2, &d.sec) < 1) return err_set("not a date: '%.60s'", s);
                }
                if (*p == '.' && isdigit((unsigned char)p[1]))
                    for (p++; isdigit((unsigned char)*p);)
                        p++;
                continue;
            }
            if (n == 4) {
                if (d.year >= 0) return err_set("not a date: '%.60s'", s);
                d.year = v;
            } else if (nn < 3) {
                numbers[nn++] = v;
            } else {
                return err_set("not a date: '%.60s'", s);
            }
            continue;
        }
        return err_set("not a date: '%.60s'", s);
    }
    /* Plain numbers: the day first, then a 2-digit year; with no month name,
     * numbers are read in the US order month/day/year. */
    int i = 0;
    if (d.mon < 0 && nn - i >= 2 && numbers[0] <= 12) d.mon = numbers[i++];
    if (nn > i) d.day = numbers[i++];
    if (nn > i && d.year < 0) d.year = numbers[i++];
    if (nn > i) return err_set("not a date: '%.60s'", s);
    if (pm >= 0 && d.hour >= 0) {
        if (d.hour < 1 || d.hour > 12) return err_set("not a date: '%.60s'", s);
        d.hour = d.hour % 12 + (pm ? 12 : 0);
    }
    return finish(&d, out, s);
}

int date_parse(const char *s, int64_t *out)
{
    if (!s) return err_set("no date");
    while (isspace((unsigned char)*s))
        s++;
    if (!*s) return err_set("empty date");
    if (strlen(s) > 100) return err_set("not a date: '%.60s...'", s);
    if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
        isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
        (s[4] == '-' || isdigit((unsigned char)s[4]))) {
        /* ISO-shaped: no other reading is sensible. */
        return parse_iso(s, out) == 0 ? 0 : err_set("not a date: '%.60s'", s);
    }
    return parse_loose(s, out);
}

char *date_format_iso(int64_t t, char out[DATE_ISO_SIZE])
{
    /* Clamp to years 0000..9999 so the output keeps its fixed width. */
    const int64_t lo = -62167219200LL, hi = 253402300799LL;
    if (t < lo) t = lo;
    if (t > hi) t = hi;
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) {
        snprintf(out, DATE_ISO_SIZE, "1970-01-01T00:00:00Z");
        return out;
    }
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    memcpy(out, tmp, DATE_ISO_SIZE - 1);
    out[DATE_ISO_SIZE - 1] = '\0';
    return out;
}
