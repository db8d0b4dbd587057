/* Word wrapping for prose blocks. */
#include "tui/wrap.h"

#include <stdlib.h>
#include <string.h>

/* Where the line starting at i ends (exclusive) and the next starts. */
static size_t line_end(const struct tchar *t, size_t n, size_t i, int width, size_t *next)
{
    size_t brk = (size_t)-1, j = i;
    int col = 0;
    for (; j < n; j++) {
        if (t[j].ch == L'\n' || col + t[j].width > width) break;
        if (t[j].ch == L' ') brk = j;
        col += t[j].width;
    }
    if (j >= n) {
        *next = n + 1;
        return n;
    }
    if (t[j].ch == L'\n') {
        *next = j + 1;
        return j;
    }
    if (brk != (size_t)-1 && brk > i) {
        *next = brk + 1;
        return brk;
    }
    *next = j > i ? j : j + 1;
    return j;
}

int wrap_lines(const struct tchar *t, size_t n, int width, size_t **starts, size_t *n_lines)
{
    *starts = NULL;
    *n_lines = 0;
    if (width < 2) return 0;
    size_t cap = 0;
    for (size_t i = 0; i <= n;) {
        if (*n_lines == cap) {
            cap = cap ? cap * 2 : 16;
            size_t *s = realloc(*starts, cap * sizeof *s);
            if (!s) {
                free(*starts);
                *starts = NULL;
                *n_lines = 0;
                return -1;
            }
            *starts = s;
        }
        (*starts)[(*n_lines)++] = i;
        size_t next;
        line_end(t, n, i, width, &next);
        if (next > n) break;
        i = next;
    }
    return 0;
}

int wrap_draw(WINDOW *w, int y, int x, int width, int max_rows, const struct tchar *t, size_t n,
              attr_t attr, int draw)
{
    if (width < 2 || max_rows == 0) return 0;
    int rows = 0;
    for (size_t i = 0; i <= n && (max_rows < 0 || rows < max_rows);) {
        size_t next, end = line_end(t, n, i, width, &next);
        int last_allowed = max_rows >= 0 && rows == max_rows - 1 && next <= n;
        if (draw) {
            int used = term_put_tchars(w, y + rows, x, width, t + i, end - i, attr);
            if (last_allowed) {
                int at = used < width ? used : width - 1;
                term_glyph(w, y + rows, x + at, L'…', '~', attr);
            }
        }
        rows++;
        if (next > n) break;
        i = next;
    }
    return rows;
}

int wrap_put(WINDOW *w, int y, int x, int width, int max_rows, const char *s, attr_t attr)
{
    struct tchar *t = NULL;
    size_t n = 0;
    int rows = term_sanitize(s, strlen(s), 0, &t, &n)
                   ? 0
                   : wrap_draw(w, y, x, width, max_rows, t, n, attr, 1);
    free(t);
    return rows;
}
