/* libFuzzer target: the colour theme parser (themes/ files a user may edit). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tui/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct theme t;
    (void)theme_parse(text, "fuzz.theme", &t);
    free(text);
    return 0;
}
