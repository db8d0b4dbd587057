/* The command line: a small line editor on the bottom row. */
#include "tui/prompt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/complete.h"

void app_prompt(struct app *app, const char *label, enum action a, const char *prefix)
{
    app->prompting = 1;
    app->prompt_action = a;
    snprintf(app->prompt_label, sizeof app->prompt_label, "%s", label);
    snprintf(app->prompt_prefix, sizeof app->prompt_prefix, "%s", prefix ? prefix : "");
    app->prompt_len = 0;
    app->prompt_yesno = 0;
    complete_clear(app);
    app->status_dirty = 1;
}

void app_prompt_yesno(struct app *app, const char *question, enum action a, const char *prefix)
{
    char label[sizeof app->prompt_label];
    snprintf(label, sizeof label, "%s y/n: ", question);
    app_prompt(app, label, a, prefix);
    app->prompt_yesno = 1;
}

int prompt_key(struct app *app, wint_t ch, int is_key, enum action *a, char *arg, size_t size)
{
    app->status_dirty = 1;
    if (!is_key && ch == '\t') {
        complete_tab(app);
        return 0;
    }
    complete_clear(app);
    if (app->prompt_yesno && !app->prompt_len && !is_key && ch < 127 && ch &&
        strchr("yYnN", (int)ch)) {
        /* y or n as the first key answers at once, as if Enter followed. */
        app->prompt_buf[0] = (wchar_t)ch;
        app->prompt_len = 1;
        ch = '\r';
    }
    if ((!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER)) {
        char text[PROMPT_TEXT_MAX];
        if (prompt_text(app, text, sizeof text)) text[0] = '\0';
        snprintf(arg, size, "%s%s", app->prompt_prefix, text);
        *a = app->prompt_action;
        app->prompting = 0;
        app->msg[0] = '\0';
        return 1;
    }
    if ((!is_key && ch == 27) || (!is_key && ch == 7)) {
        app->prompting = 0;
        app->msg[0] = '\0';
    } else if ((is_key && ch == KEY_BACKSPACE) || (!is_key && (ch == 127 || ch == 8))) {
        if (app->prompt_len)
            app->prompt_len--;
        else
            app->prompting = 0;
    } else if (!is_key && ch == 21) { /* C-u */
        app->prompt_len = 0;
    } else if (!is_key && ch >= ' ' && ch != 127 && wcwidth((wchar_t)ch) >= 0 &&
               app->prompt_len < sizeof app->prompt_buf / sizeof app->prompt_buf[0] - 1) {
        app->prompt_buf[app->prompt_len++] = (wchar_t)ch;
    }
    return 0;
}

int prompt_text(const struct app *app, char *buf, size_t size)
{
    wchar_t tmp[sizeof app->prompt_buf / sizeof app->prompt_buf[0] + 1];
    wmemcpy(tmp, app->prompt_buf, app->prompt_len);
    tmp[app->prompt_len] = 0;
    size_t n = wcstombs(buf, tmp, size);
    if (n == (size_t)-1 || n >= size) {
        buf[0] = '\0';
        return -1;
    }
    return 0;
}

void prompt_draw(struct app *app, int y)
{
    int x = term_put(stdscr, y, 0, COLS, app->prompt_label, ROLE_PROMPT);
    /* The typed text goes through the sanitiser as all text does (a pasted
     * bidi override or escape draws as nothing). */
    char text[PROMPT_TEXT_MAX];
    struct tchar *t = NULL;
    size_t n = 0;
    if (prompt_text(app, text, sizeof text) || term_sanitize(text, strlen(text), 0, &t, &n)) n = 0;
    /* Longer than the row (less a column for the cursor): its end shows,
     * after an ellipsis. */
    int room = COLS - x - 1, w = 0;
    for (size_t i = 0; i < n; i++)
        w += t[i].width;
    size_t start = 0;
    if (w > room) {
        while (start < n && w > room - 1)
            w -= t[start++].width;
        while (start < n && !t[start].width) /* no mark without its base */
            start++;
        x += term_put(stdscr, y, x, 1, "…", ROLE_PROMPT);
    }
    x += term_put_tchars(stdscr, y, x, room, t + start, n - start, term_attr(ROLE_PROMPT));
    move(y, x);
    free(t);
}
