#include "core/date.h"
#include "core/err.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Zone names, and the offsets read for them. Where a name means several
 * zones, the one finance feeds mean is chosen: CST and CDT are US Central
 * (not China), IST is India (not Ireland or Israel), BST British Summer
 * Time, AST US Atlantic. ET, CT, MT and PT (and AKT, HT) are US zones whose
 * offset depends on the date: standard or daylight time by the US rules of
 * that year (see us_dst). The military letters other than Z are read as
 * +0000, as RFC 2822 section 4.3 says: RFC 822 gave their signs backwards
 * and writers disagree. Any other word is skipped, so an unknown zone reads
 * as UTC. */
static const struct zone {
    const char *name;
    int minutes;  /* east of UTC */
    int us_local; /* 1: a US zone name that switches to daylight time */
} zones[] = {
    {"gmt", 0, 0},    {"ut", 0, 0},      {"utc", 0, 0},     {"z", 0, 0},      {"est", -300, 0},
    {"edt", -240, 0}, {"cst", -360, 0},  {"cdt", -300, 0},  {"mst", -420, 0}, {"mdt", -360, 0},
    {"pst", -480, 0}, {"pdt", -420, 0},  {"et", -300, 1},   {"ct", -360, 1},  {"mt", -420, 1},
    {"pt", -480, 1},  {"akst", -540, 0}, {"akdt", -480, 0}, {"akt", -540, 1}, {"hst", -600, 0},
    {"ht", -600, 0},  {"ast", -240, 0},  {"adt", -180, 0},  {"nst", -210, 0}, {"ndt", -150, 0},
    {"brt", -180, 0}, {"art", -180, 0},  {"wet", 0, 0},     {"west", 60, 0},  {"bst", 60, 0},
    {"cet", 60, 0},   {"cest", 120, 0},  {"met", 60, 0},    {"mest", 120, 0}, {"eet", 120, 0},
    {"eest", 180, 0}, {"msk", 180, 0},   {"gst", 240, 0},   {"pkt", 300, 0},  {"ist", 330, 0},
    {"ict", 420, 0},  {"wib", 420, 0},   {"hkt", 480, 0},   {"sgt", 480, 0},  {"awst", 480, 0},
    {"pht", 480, 0},  {"jst", 540, 0},   {"kst", 540, 0},   {"acst", 570, 0}, {"acdt", 630, 0},
    {"aest", 600, 0}, {"aedt", 660, 0},  {"nzst", 720, 0},  {"nzdt", 780, 0},
};

/* The zone called w (wl letters, any case), or NULL. */
static const struct zone *zone_find(const char *w, size_t wl)
{
    for (size_t k = 0; k < sizeof zones / sizeof zones[0]; k++)
        if (strlen(zones[k].name) == wl && strncasecmp(w, zones[k].name, wl) == 0) return &zones[k];
    static const struct zone military = {"", 0, 0};
    if (wl == 1 && isalpha((unsigned char)w[0]) && tolower((unsigned char)w[0]) != 'j')
        return &military;
    return NULL;
}

/* Broken-down date being assembled; -1 marks a field not yet seen. */
struct dparts {
    int year, mon, day, hour, min, sec;
    int off;                  /* seconds east of UTC */
    int off_numeric;          /* off came from a number, which no name overrides */
    const struct zone *local; /* a US zone whose offset depends on the date */
};

static const char *const month_names[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};

#define DPARTS_EMPTY                                                                               \
    {                                                                                              \
        .year = -1, .mon = -1, .day = -1, .hour = -1, .min = -1, .sec = -1, .off = 0               \
    }

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

/* Day of the week (0 Sunday) of a date, proleptic Gregorian. */
static int weekday(int y, int m, int d)
{
    static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3) y--;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* Day of the month of the n-th (n >= 1; 0: last) Sunday of month m. */
static int sunday(int y, int m, int n)
{
    if (n == 0) {
        int last = days_in_month(y, m);
        return last - weekday(y, m, last);
    }
    int first = 1 + (7 - weekday(y, m, 1)) % 7;
    return first + 7 * (n - 1);
}

/* Whether US daylight time is in force at a local wall-clock time, by the
 * rules of that year: since 2007 from the second Sunday of March to the
 * first Sunday of November, 1987-2006 from the first Sunday of April to
 * the last of October, 1967-1986 from the last Sunday of April; 2:00 local
 * both ways (the repeated hour in autumn is read as daylight time). Before
 * 1967 there was no national rule: standard time. */
static int us_dst(int y, int m, int d, int hour)
{
    int sm, sd, em, ed;
    if (y >= 2007)
        sm = 3, sd = sunday(y, 3, 2), em = 11, ed = sunday(y, 11, 1);
    else if (y >= 1987)
        sm = 4, sd = sunday(y, 4, 1), em = 10, ed = sunday(y, 10, 0);
    else if (y >= 1967)
        sm = 4, sd = sunday(y, 4, 0), em = 10, ed = sunday(y, 10, 0);
    else
        return 0;
    int now = m * 10000 + d * 100 + hour, start = sm * 10000 + sd * 100 + 2,
        end = em * 10000 + ed * 100 + 2;
    return now >= start && now < end;
}

static int finish(const struct dparts *d, int64_t *out, const char *s)
{
    if (d->year < 0 || d->mon < 1 || d->day < 1) return err_set("not a date: '%.60s'", s);
    int year = d->year;
    /* RFC 2822 section 4.3: 00-49 are 2000-2049, 50-99 and three digits
     * are counted from 1900. */
    if (year < 100)
        year += year < 50 ? 2000 : 1900;
    else if (year < 1000)
        year += 1900;
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
    int off = d->off;
    if (d->local && !d->off_numeric)
        off = (d->local->minutes + 60 * us_dst(year, d->mon, d->day, hour)) * 60;
    *out = (int64_t)t - off;
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
    if (n == 4 || n == 3) { /* "+0530", "+530" */
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
    struct dparts d = DPARTS_EMPTY;
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
        if (*p && parse_offset(&p, &d.off) == 0) {
            d.off_numeric = 1;
        } else if (*p) {
            /* "... UTC" or "GMT" after an ISO time: a named zone */
            const char *w = p;
            while (isalpha((unsigned char)*p))
                p++;
            const struct zone *z = zone_find(w, (size_t)(p - w));
            if (!z) return -1;
            d.off = z->minutes * 60;
            if (z->us_local) d.local = z;
            if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1])) { /* "UTC+05:30" */
                if (parse_offset(&p, &d.off) < 0) return -1;
                d.off_numeric = 1;
            }
        }
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p) return -1;
    return finish(&d, out, s);
}

/* Puts three plain numbers (no month name among the words, no four-digit
 * year) in order: with '-' between them year-month-day, as ISO 8601 orders
 * them ("03-12-31" is 2003-12-31), falling back to the order below when
 * that is no date; with '/' the US order month/day/year, or day/month/year
 * when the first is above 12; with '.' day.month.year, as Europe writes.
 * Returns 0, or -1 when they cannot be a date. */
static int order_numbers(struct dparts *d, const int *v, char sep)
{
    if (sep == '-' && v[1] >= 1 && v[1] <= 12 && v[2] >= 1 && v[2] <= 31) {
        d->year = v[0], d->mon = v[1], d->day = v[2];
        int y = d->year < 50 ? 2000 + d->year : d->year < 1000 ? 1900 + d->year : d->year;
        if (v[0] < 100 && v[2] <= days_in_month(y, v[1])) return 0;
    }
    if (sep == '.' || v[0] > 12)
        d->day = v[0], d->mon = v[1];
    else
        d->mon = v[0], d->day = v[1];
    d->year = v[2];
    return 0;
}

/* RFC 822 and its relatives: tokens in almost any order. Comments in
 * parentheses ("-0500 (EST)") are skipped; a numeric offset wins over a
 * zone name wherever either stands. */
static int parse_loose(const char *s, int64_t *out)
{
    struct dparts d = DPARTS_EMPTY;
    const char *p = s;
    int pm = -1, numbers[3], nn = 0, year_first = 0;
    char sep = 0, last_sep = 0; /* the separator between the first two plain numbers */
    while (*p) {
        unsigned char c = (unsigned char)*p;
        if (c == '(') {
            const char *close = strchr(p, ')');
            if (!close) return err_set("not a date: '%.60s'", s);
            p = close + 1;
            continue;
        }
        if (isspace(c) || c == ',' || c == '.' || c == '/') {
            if (c != ',' && !isspace(c)) last_sep = (char)c;
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
            const struct zone *z = known ? NULL : zone_find(w, wl);
            if (z && !d.off_numeric) {
                d.off = z->minutes * 60;
                d.local = z->us_local ? z : NULL;
            }
            /* weekdays and unknown words (zone names we do not know) are skipped */
            if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1]) && z) {
                /* "GMT+0100", "UTC-5": the offset follows */
                if (parse_offset(&p, &d.off) < 0) return err_set("not a date: '%.60s'", s);
                d.off_numeric = 1;
            }
            continue;
        }
        if (c == '+' || c == '-') {
            /* An offset follows the time; elsewhere '-' separates
             * ("14-Feb-2024", "03-12-31"). */
            if (d.hour >= 0 && isdigit((unsigned char)p[1])) {
                if (parse_offset(&p, &d.off) < 0) return err_set("not a date: '%.60s'", s);
                d.off_numeric = 1;
            } else {
                last_sep = (char)c;
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
                year_first = nn == 0;
            } else if (nn < 3) {
                if (nn == 1) sep = last_sep;
                numbers[nn++] = v;
            } else {
                return err_set("not a date: '%.60s'", s);
            }
            last_sep = 0;
            continue;
        }
        return err_set("not a date: '%.60s'", s);
    }
    /* Plain numbers. With a month name: the day, then a two-digit year.
     * With a four-digit year first: month and day (2024/02/14). With it
     * last: month/day, day/month when the first is above 12 or they are
     * written with dots (14.02.2024). Three numbers: see order_numbers. */
    int i = 0;
    if (d.mon < 0 && nn == 3 && d.year < 0) {
        if (order_numbers(&d, numbers, sep) < 0) return err_set("not a date: '%.60s'", s);
        i = 3;
    } else if (d.mon < 0 && nn >= 2) {
        if (year_first || (sep != '.' && numbers[0] <= 12)) {
            d.mon = numbers[0], d.day = numbers[1];
        } else {
            d.day = numbers[0], d.mon = numbers[1];
        }
        i = 2;
    }
    if (nn > i && d.day < 0) d.day = numbers[i++];
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
