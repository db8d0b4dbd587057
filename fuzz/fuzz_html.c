/* libFuzzer target: HTML fragments to plain text, the HTML sniffer and the
 * terminal-safety sanitisers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/html.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    (void)html_looks_like(s, size);
    char *t = html_to_text(s, size);
    if (t) {
        /* Output is already sanitised: no ESC or other C0 control but \n \t. */
        for (const char *p = t; *p; p++)
            if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t') abort();
        free(t);
    }
    char *one = text_single_line(s, size);
    if (one) {
        if (strchr(one, '\n') || strchr(one, '\033')) abort();
        free(one);
    }
    return 0;
}
