/* Finding a search's words in text on screen. */
#include "tui/hits.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

static int is_word(wchar_t c)
{
    return iswalnum((wint_t)c) || c == L'_';
}

void hits_parse(const char *query, struct hits *h)
{
    memset(h, 0, sizeof *h);
    if (!query || !*query) return;
    size_t n = mbstowcs(NULL, query, 0);
    if (n == (size_t)-1) return;
    wchar_t *w = malloc((n + 1) * sizeof *w);
    if (!w) return;
    mbstowcs(w, query, n + 1);
    for (size_t i = 0; i < n && h->n < HITS_MAX_TERMS;) {
        if (!is_word(w[i])) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < n && is_word(w[i]))
            i++;
        size_t len = i - s;
        int column = i < n && w[i] == L':';
        int prefix = i < n && w[i] == L'*';
        int op =
            (len == 3 && !wcsncmp(w + s, L"AND", 3)) || (len == 2 && !wcsncmp(w + s, L"OR", 2)) ||
            (len == 3 && !wcsncmp(w + s, L"NOT", 3)) || (len == 4 && !wcsncmp(w + s, L"NEAR", 4));
        if (column || op || len >= sizeof h->term[0] / sizeof h->term[0][0]) continue;
        for (size_t k = 0; k < len; k++)
            h->term[h->n][k] = (wchar_t)towlower((wint_t)w[s + k]);
        h->len[h->n] = len;
        h->prefix[h->n] = prefix;
        h->n++;
    }
    free(w);
}

size_t hits_mark(const struct hits *h, const struct tchar *t, size_t n, unsigned char *mark)
{
    size_t found = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_word(t[i].ch) || (i && is_word(t[i - 1].ch))) continue;
        for (int k = 0; k < h->n; k++) {
            size_t len = h->len[k], j = 0;
            while (j < len && i + j < n && (wchar_t)towlower((wint_t)t[i + j].ch) == h->term[k][j])
                j++;
            if (j < len || (!h->prefix[k] && i + j < n && is_word(t[i + j].ch))) continue;
            /* A prefix marks the whole word it starts. */
            while (h->prefix[k] && i + j < n && is_word(t[i + j].ch))
                j++;
            memset(mark + i, 1, j);
            found++;
            break;
        }
    }
    return found;
}
