#include "core/symbol.h"

#include <ctype.h>
#include <string.h>

#include "core/err.h"

int symbol_normalize(const char *in, char out[SYMBOL_MAX + 1])
{
    const char *s = in;
    if (*s == '$') s++;
    size_t n = strlen(s);
    if (n == 0 || n > SYMBOL_MAX || !isalnum((unsigned char)s[0]) ||
        !isalnum((unsigned char)s[n - 1]))
        goto bad;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(isalnum(c) || c == '.' || c == '-') || c >= 0x80) goto bad;
        out[i] = (char)toupper(c);
    }
    out[n] = '\0';
    return 0;
bad:
    return err_set("'%.40s' is not a ticker symbol (1-%d letters, digits, '.' or '-')", in,
                   SYMBOL_MAX);
}
