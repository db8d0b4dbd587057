/* libFuzzer target: OPML subscription lists, and writing back what was read. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/opml.h"
#include "core/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct opml_entry *e = NULL;
    size_t n = 0;
    if (opml_parse((const char *)data, size, &e, &n, NULL)) return 0;
    /* What was parsed must also write and parse back. */
    struct sbuf b = {0};
    if (opml_write(&b, e, n) == 0) {
        struct opml_entry *e2 = NULL;
        size_t n2 = 0;
        /* opml_write writes well-formed OPML, which must read back whole. */
        if (opml_parse(b.p, b.len, &e2, &n2, NULL) != 0 || n2 != n) abort();
        opml_free(e2, n2);
    }
    sbuf_free(&b);
    opml_free(e, n);
    return 0;
}
