/* libFuzzer target: web pages from outside, as feed discovery and full-text
 * extraction read them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/discover.h"
#include "core/fulltext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct discover_link *l;
    size_t n;
    if (discover_feeds(s, size, "https://example.com/a/b?c=d", &l, &n) == 0) {
        for (size_t i = 0; i < n; i++) {
            /* Only absolute http(s) URLs, one-line titles. */
            if (strncmp(l[i].url, "http://", 7) && strncmp(l[i].url, "https://", 8)) abort();
            if (l[i].title && (strchr(l[i].title, '\n') || strchr(l[i].title, '\033'))) abort();
        }
        discover_free(l, n);
    }
    char *t = fulltext_extract(s, size);
    if (t) {
        if (strlen(t) > FULLTEXT_MAX_BYTES) abort();
        for (const char *p = t; *p; p++)
            if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t') abort();
        free(t);
    }
    return 0;
}
