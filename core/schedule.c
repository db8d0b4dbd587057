/* schedule: a feed's next due time from its headers, hints and history. */
#include "core/schedule.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"

#define HOUR 3600
#define DAY 86400

static int month_of(const char *m)
{
    static const char *const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
    for (int i = 0; i < 12; i++)
        if (strncasecmp(m, names[i], 3) == 0 && !isalpha((unsigned char)m[3])) return i + 1;
    return 0;
}

static int civil(int y, int mon, int d, int hh, int mm, int ss, int64_t *t)
{
    if (mon < 1 || mon > 12 || d < 1 || d > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59 ||
        ss < 0 || ss > 60 || y < 1970 || y > 9999)
        return -1;
    *t = clock_days_from_civil(y, mon, d) * DAY + hh * HOUR + mm * 60 + ss;
    return 0;
}

int schedule_http_date(const char *s, int64_t *t)
{
    if (!s) return -1;
    while (isspace((unsigned char)*s))
        s++;
    char wd[16], mon[8], tz[8];
    int d, y, hh, mm, ss, n = 0;
    /* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
    if (sscanf(s, "%15[A-Za-z], %2d %3s %4d %2d:%2d:%2d %7s%n", wd, &d, mon, &y, &hh, &mm, &ss, tz,
               &n) == 8 &&
        !strcasecmp(tz, "GMT"))
        return civil(y, month_of(mon), d, hh, mm, ss, t);
    /* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT (two-digit years: RFC 9110
     * reads one more than 50 years ahead as the past century). */
    if (sscanf(s, "%15[A-Za-z], %2d-%3s-%4d %2d:%2d:%2d %7s%n", wd, &d, mon, &y, &hh, &mm, &ss, tz,
               &n) == 8 &&
        !strcasecmp(tz, "GMT")) {
        if (y < 100) y += y < 70 ? 2000 : 1900;
        return civil(y, month_of(mon), d, hh, mm, ss, t);
    }
    /* asctime: Sun Nov  6 08:49:37 1994 */
    if (sscanf(s, "%15[A-Za-z] %3s %2d %2d:%2d:%2d %4d%n", wd, mon, &d, &hh, &mm, &ss, &y, &n) == 7)
        return civil(y, month_of(mon), d, hh, mm, ss, t);
    return -1;
}

/* A non-negative whole number of seconds ("120"), the form of max-age and
 * of Retry-After's delta; returns -1 when s is not one. Huge values are
 * clamped rather than refused: they mean "a long time". */
static int64_t delta_seconds(const char *s, size_t n)
{
    if (n == 0) return -1;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i])) return -1;
        if (v < (int64_t)1 << 40) v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Finds directive name (case-insensitive) in a Cache-Control list; returns 1
 * and its value (unquoted) through val/vlen when found. */
static int cc_directive(const char *cc, const char *name, const char **val, size_t *vlen)
{
    size_t nl = strlen(name);
    const char *p = cc;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        const char *start = p;
        while (*p && *p != ',' && *p != '=' && *p != ' ' && *p != '\t')
            p++;
        size_t klen = (size_t)(p - start);
        while (*p == ' ' || *p == '\t')
            p++;
        const char *v = NULL;
        size_t vl = 0;
        if (*p == '=') {
            p++;
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p == '"') {
                v = ++p;
                while (*p && *p != '"')
                    p++;
                vl = (size_t)(p - v);
                if (*p) p++;
            } else {
                v = p;
                while (*p && *p != ',' && *p != ' ' && *p != '\t')
                    p++;
                vl = (size_t)(p - v);
            }
        }
        while (*p && *p != ',')
            p++;
        if (klen == nl && strncasecmp(start, name, nl) == 0) {
            if (val) *val = v;
            if (vlen) *vlen = vl;
            return 1;
        }
    }
    return 0;
}

void schedule_http_parse(struct schedule_http *h, const char *cache_control, const char *expires,
                         const char *retry_after, const char *date, int64_t now)
{
    memset(h, 0, sizeof *h);
    int no_fresh = 0, have_age = 0;
    if (cache_control) {
        const char *v;
        size_t vl;
        no_fresh = cc_directive(cache_control, "no-cache", NULL, NULL) ||
                   cc_directive(cache_control, "no-store", NULL, NULL);
        /* s-maxage is for shared caches, but it is the publisher's word on
         * how long the document stays good; max-age wins when both are set. */
        int64_t age = -1;
        if (cc_directive(cache_control, "max-age", &v, &vl))
            age = v ? delta_seconds(v, vl) : -1;
        else if (cc_directive(cache_control, "s-maxage", &v, &vl))
            age = v ? delta_seconds(v, vl) : -1;
        if (age >= 0) {
            have_age = 1;
            if (age > 0 && !no_fresh) {
                h->fresh_until = now + age;
                h->fresh_by = "max-age";
            }
        }
    }
    /* Expires counts only without max-age (RFC 9111 5.3). It is an instant
     * on the server's clock: its distance from the server's Date is the
     * lifetime meant. An invalid Expires ("0", "-1") means already stale. */
    int64_t exp, srv;
    if (!have_age && !no_fresh && expires && schedule_http_date(expires, &exp) == 0) {
        int64_t base = date && schedule_http_date(date, &srv) == 0 ? srv : now;
        if (exp > base) {
            h->fresh_until = now + (exp - base);
            h->fresh_by = "expires";
        }
    }
    if (retry_after) {
        const char *r = retry_after;
        while (isspace((unsigned char)*r))
            r++;
        size_t rl = strlen(r);
        while (rl && isspace((unsigned char)r[rl - 1]))
            rl--;
        int64_t secs = delta_seconds(r, rl), at;
        if (secs >= 0)
            h->retry_at = now + (secs < SCHEDULE_RETRY_MAX ? secs : SCHEDULE_RETRY_MAX);
        else if (schedule_http_date(r, &at) == 0 && at > now) {
            /* A date is on the server's clock too. */
            int64_t base = date && schedule_http_date(date, &srv) == 0 ? srv : now;
            int64_t wait = at - base;
            if (wait > 0)
                h->retry_at = now + (wait < SCHEDULE_RETRY_MAX ? wait : SCHEDULE_RETRY_MAX);
        }
    }
}

enum schedule_outcome schedule_outcome_of(long status, int failed, int new_items)
{
    if (status == 429 || status == 503) return SCHEDULE_THROTTLED;
    if (failed) return status ? SCHEDULE_FAILED : SCHEDULE_UNREACHED;
    return new_items ? SCHEDULE_NEW : SCHEDULE_UNCHANGED;
}

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Whether unix time t falls in a skipped hour or day. */
static int skipped(const struct schedule_hints *h, int64_t t)
{
    int64_t day = t >= 0 ? t / DAY : 0;
    int hour = (int)((t % DAY) / HOUR);
    int dow = (int)((day + 4) % 7); /* 1970-01-01 was a Thursday (4) */
    return (h->skip_hours >> hour & 1u) || (h->skip_days >> dow & 1u);
}

/* Moves t past skipped hours and days to the top of the next open hour.
 * When every hour of the week is skipped the hints are nonsense and t
 * stands. Returns 1 when it moved. */
static int skip_forward(const struct schedule_hints *h, int64_t *t)
{
    if (!(h->skip_hours & 0xFFFFFFu) && !(h->skip_days & 0x7Fu)) return 0;
    if (!skipped(h, *t)) return 0;
    int64_t u = *t - *t % HOUR;
    for (int i = 0; i < 24 * 7 + 1; i++) {
        u += HOUR;
        if (!skipped(h, u)) {
            *t = u;
            return 1;
        }
    }
    return 0;
}

void schedule_next(const struct schedule_limits *l, const struct schedule_in *in,
                   struct schedule_out *out)
{
    int64_t lo = l->min_interval, hi = l->max_interval;
    int64_t iv = in->interval > 0 ? in->interval : l->start_interval;
    iv = clamp(iv, lo, hi);
    memset(out, 0, sizeof *out);
    const char *why = "adaptive";
    int64_t wait;
    if (in->outcome == SCHEDULE_FAILED || in->outcome == SCHEDULE_THROTTLED ||
        in->outcome == SCHEDULE_UNREACHED) {
        out->fails = in->fails + 1;
        /* interval x 2^fails, computed without overflow */
        wait = iv;
        for (int i = 0; i < out->fails && wait < hi; i++)
            wait *= 2;
        wait = clamp(wait, lo, hi);
        why = "backoff";
        if (in->outcome == SCHEDULE_UNREACHED && l->unreached_max > 0) {
            int64_t cap = iv > l->unreached_max ? iv : l->unreached_max;
            if (wait >= cap) {
                wait = cap < hi ? cap : hi;
                why = "unreachable";
            }
        }
        if (in->http.retry_at > in->now) {
            int64_t ra = in->http.retry_at - in->now;
            if (ra > SCHEDULE_RETRY_MAX) ra = SCHEDULE_RETRY_MAX;
            if (ra >= wait) {
                wait = ra;
                why = "retry-after";
            }
        }
    } else {
        if (in->outcome == SCHEDULE_NEW)
            iv = clamp(iv / 2, lo, hi);
        else
            iv = clamp(iv + iv / 2, lo, hi);
        wait = iv;
        /* The publisher may ask us to come less often; the ceiling still
         * holds, so a feed is never forgotten for longer than the user said. */
        int64_t ttl = in->hints.ttl, per = in->hints.update_period;
        if (ttl > wait) {
            wait = ttl;
            why = "ttl";
        }
        if (per > wait) {
            wait = per;
            why = "sy:updatePeriod";
        }
        if (in->http.fresh_until - in->now > wait) {
            wait = in->http.fresh_until - in->now;
            why = in->http.fresh_by ? in->http.fresh_by : "max-age";
        }
        if (wait > hi) wait = hi;
    }
    if (wait < lo) {
        wait = lo;
        why = "floor";
    }
    out->interval = iv;
    out->next_due = in->now + wait;
    int moved = skip_forward(&in->hints, &out->next_due);
    snprintf(out->why, sizeof out->why, "%s%s", why, moved ? " +skip" : "");
}
