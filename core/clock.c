#include "core/clock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/err.h"

int64_t clock_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_now(void)
{
    const char *e = getenv("BULLPEN_NOW");
    if (e && *e) {
        char *end;
        errno = 0;
        long long v = strtoll(e, &end, 10);
        if (!*end && !errno && v >= 0) return (int64_t)v;
    }
    return (int64_t)time(NULL);
}

int64_t clock_day_of(int64_t t)
{
    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

int64_t clock_week_start(int64_t day)
{
    /* 1970-01-01 was a Thursday: day + 3 counts from the Monday before. */
    int64_t dow = ((day + 3) % 7 + 7) % 7;
    return day - dow;
}

/* Civil-from-days (proleptic Gregorian), exact for any day. */
void clock_day_format(int64_t day, char buf[11])
{
    int64_t z = day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) y++;
    /* Years are clamped to four digits: dates outside 0000-9999 are not
     * trading days anyone quotes. */
    unsigned yy = y < 0 ? 0u : y > 9999 ? 9999u : (unsigned)y;
    snprintf(buf, 11, "%04u-%02u-%02u", yy % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

int64_t clock_days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int clock_day_parse(const char *s, int64_t *day)
{
    int y, m, d, n = 0;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
        s[4] != '-' || s[7] != '-' || m < 1 || m > 12 || d < 1 || d > 31)
        return err_set("'%s' is not a date (YYYY-MM-DD)", s);
    int64_t v = clock_days_from_civil(y, m, d);
    char back[11];
    clock_day_format(v, back);
    if (strcmp(back, s)) return err_set("'%s' is not a date (no such day)", s);
    *day = v;
    return 0;
}
