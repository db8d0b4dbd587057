/* What the feed parser's unit tests share: "now" for undated items, reading
 * a fixture of tests/fixtures/feeds (the caller frees it), and the check
 * that every string of every item is clean text. */
#ifndef BULLPEN_TESTS_FEED_TEST_H
#define BULLPEN_TESTS_FEED_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "core/err.h"
#include "core/feed.h"
#include "core/str.h"
#include "core/utf8.h"
#define NOW 1700000000 /* 2023-11-14T22:13:20Z: "now" for undated items */

static inline char *load(const char *name, size_t *len)
{
    const char *dir = getenv("BULLPEN_FIXTURES");
    char path[1024];
    snprintf(path, sizeof path, "%s/feeds/%s", dir ? dir : "tests/fixtures", name);
    char *buf = file_read_all(path, 64u << 20, len);
    if (!buf) fail_msg("%s", err_msg());
    return buf;
}

static inline void parse_fixture(const char *name, struct feed_doc *doc)
{
    size_t len;
    char *buf = load(name, &len);
    if (feed_parse(buf, len, NOW, doc) != 0) fail_msg("%s: %s", name, err_msg());
    free(buf);
}

static inline const char *iso(const struct article *a, char buf[DATE_ISO_SIZE])
{
    return a->date_missing ? "none" : date_format_iso(a->published, buf);
}

/* Every string of every item is valid UTF-8 without controls but \n \t. */
static inline void assert_clean(const struct feed_doc *d)
{
    for (size_t i = 0; i < d->n_items; i++) {
        const struct article *a = &d->items[i];
        const char *f[] = {a->guid, a->title, a->link, a->author, a->summary, a->content};
        assert_non_null(a->guid);
        for (size_t k = 0; k < 6; k++) {
            if (!f[k]) continue;
            size_t n = strlen(f[k]);
            assert_true(utf8_valid(f[k], n));
            for (size_t j = 0; j < n;) {
                uint32_t cp;
                j += utf8_decode(f[k] + j, n - j, &cp);
                if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp < 0xA0) ||
                    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
                    fail_msg("control U+%04X in field %zu of item %zu", cp, k, i);
            }
        }
        if (a->title) assert_null(strchr(a->title, '\n'));
    }
}

#endif
