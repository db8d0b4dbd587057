/* libFuzzer target: the date parser, and formatting whatever it accepts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    int64_t t;
    if (date_parse(s, &t) == 0) {
        char iso[DATE_ISO_SIZE];
        date_format_iso(t, iso);
    }
    free(s);
    return 0;
}
