/* libFuzzer target: what servers and feeds say about their pace (the
 * freshness headers and the RSS ttl/skip/sy hints) and the due time made of
 * it. The input is split at its first two newlines into Cache-Control,
 * Expires/Retry-After/Date values and a feed document. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/schedule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf) return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *hdr = buf, *doc = strchr(buf, '\n');
    if (doc) *doc++ = '\0';
    char *other = doc;
    doc = doc ? strchr(doc, '\n') : NULL;
    if (doc) *doc++ = '\0';
    const int64_t now = 1700000000;
    struct schedule_http h;
    schedule_http_parse(&h, hdr, other, other, other, now);
    if (h.retry_at && (h.retry_at < now || h.retry_at > now + SCHEDULE_RETRY_MAX)) abort();
    int64_t t;
    (void)schedule_http_date(hdr, &t);
    struct schedule_hints hints;
    if (doc)
        (void)schedule_hints_parse(doc, strlen(doc), &hints);
    else
        memset(&hints, 0, sizeof hints);
    const struct schedule_limits l = {60, 21600, 60, 900};
    for (int oc = SCHEDULE_NEW; oc <= SCHEDULE_UNREACHED; oc++) {
        struct schedule_in in = {.now = now,
                                 .outcome = oc,
                                 .interval = (int64_t)(size * 37),
                                 .fails = (int)(size % 40),
                                 .http = h,
                                 .hints = hints};
        struct schedule_out out;
        schedule_next(&l, &in, &out);
        if (out.next_due < now + 60 || out.interval < 60 || out.interval > 21600) abort();
        if (out.next_due > now + SCHEDULE_RETRY_MAX + 8 * 86400) abort();
    }
    free(buf);
    return 0;
}
