/* Theme files: `role = fg bg attrs` lines. Parsed the same way whether they
 * come from a user's file, the installed directory or the compiled-in copy,
 * so the shipped themes exercise the documented syntax on every start. */
#include "tui/theme.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/err.h"
#include "core/paths.h"
#include "core/str.h"

#ifndef BULLPEN_THEME_DIR
#define BULLPEN_THEME_DIR "/usr/local/share/bullpen/themes"
#endif

static const char *const color_names[] = {"black", "red",     "green", "yellow",
                                          "blue",  "magenta", "cyan",  "white"};

/* Returns 0 and sets *out, or -1 when word is not a colour. */
static int parse_color(const char *word, short *out)
{
    if (!strcasecmp(word, "default")) {
        *out = -1;
        return 0;
    }
    int bright = 0;
    if (!strncasecmp(word, "bright-", 7))
        bright = 8, word += 7;
    else if (!strncasecmp(word, "bright", 6))
        bright = 8, word += 6;
    for (int i = 0; i < 8; i++)
        if (!strcasecmp(word, color_names[i])) {
            *out = (short)(i + bright);
            return 0;
        }
    if (bright) return -1;
    if (!strcasecmp(word, "grey") || !strcasecmp(word, "gray")) {
        *out = 8;
        return 0;
    }
    if (!strncasecmp(word, "color", 5)) word += 5;
    char *end;
    long v = strtol(word, &end, 10);
    if (!*word || *end || v < 0 || v > 255) return -1;
    *out = (short)v;
    return 0;
}

static int parse_attr(const char *word, attr_t *a)
{
    static const struct {
        const char *name;
        attr_t attr;
    } attrs[] = {{"bold", A_BOLD},       {"dim", A_DIM},       {"underline", A_UNDERLINE},
                 {"reverse", A_REVERSE}, {"italic", A_ITALIC}, {"standout", A_STANDOUT},
                 {"blink", A_BLINK},     {"normal", A_NORMAL}};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
        if (!strcasecmp(word, attrs[i].name)) {
            *a |= attrs[i].attr;
            return 0;
        }
    return -1;
}

/* Parses one line's value "fg bg attrs..." into st. */
static int parse_value(char *v, struct term_style *st, const char *file, int line)
{
    char *save = NULL;
    int k = 0;
    for (char *w = strtok_r(v, " \t,", &save); w; w = strtok_r(NULL, " \t,", &save), k++) {
        if (k == 0 && !parse_color(w, &st->fg)) continue;
        if (k == 1 && !parse_color(w, &st->bg)) continue;
        if (k < 2)
            return err_set("%s:%d: '%s' is not a colour (a name such as cyan, bright-red, "
                           "default, or 0-255)",
                           file, line, w);
        if (parse_attr(w, &st->attrs))
            return err_set("%s:%d: '%s' is not an attribute (bold, dim, underline, reverse, "
                           "italic, standout)",
                           file, line, w);
    }
    if (k < 2) return err_set("%s:%d: expected a foreground and a background colour", file, line);
    st->set = 1;
    return 0;
}

int theme_parse(const char *text, const char *file, struct theme *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < ROLE_N; i++)
        out->styles[i].fg = out->styles[i].bg = -1;
    int line = 0;
    for (const char *p = text; *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        line++;
        char *l = xstrndup(p, len);
        if (!l) return err_set("out of memory");
        p += len + (eol ? 1 : 0);
        char *hash = strchr(l, '#');
        if (hash) *hash = '\0';
        char *s = str_trim(l);
        if (!*s) {
            free(l);
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            free(l);
            return err_set("%s:%d: expected 'role = foreground background [attributes]'", file,
                           line);
        }
        *eq = '\0';
        char *key = str_trim(s), *val = str_trim(eq + 1);
        int r = term_role_find(key);
        if (r < 0) {
            err_set("%s:%d: unknown role '%s' (e.g. list.selected, ticker.pos, claim.figure)", file,
                    line, key);
            free(l);
            return -1;
        }
        struct term_style st = {-1, -1, 0, 0};
        int rc = parse_value(val, &st, file, line);
        free(l);
        if (rc) return -1;
        out->styles[r] = st;
    }
    /* Unnamed roles take the look of normal text. */
    for (int i = 1; i < ROLE_N; i++)
        if (!out->styles[i].set) {
            out->styles[i] = out->styles[ROLE_NORMAL];
            out->styles[i].set = 0;
        }
    return 0;
}

static int load_file(const char *path, struct theme *out)
{
    size_t len;
    char *text = file_read_all(path, 1 << 20, &len);
    if (!text) return err_prefix("theme %s", path);
    int rc = theme_parse(text, path, out);
    free(text);
    return rc;
}

static int readable(const char *path)
{
    return access(path, R_OK) == 0;
}

int theme_load(const char *name, struct theme *out)
{
    if (!name || !*name) name = "dark";
    size_t nl = strlen(name);
    if (strchr(name, '/') || (nl > 6 && !strcmp(name + nl - 6, ".theme"))) {
        if (load_file(name, out)) return -1;
        snprintf(out->name, sizeof out->name, "%s", name);
        return 0;
    }
    struct sbuf rel = {0};
    if (sbuf_printf(&rel, "themes/%s.theme", name)) return err_set("out of memory");
    char *user = paths_config_sibling(rel.p);
    sbuf_free(&rel);
    struct sbuf inst = {0};
    sbuf_printf(&inst, "%s/%s.theme", BULLPEN_THEME_DIR, name);
    int rc = 1;
    if (user && readable(user))
        rc = load_file(user, out);
    else if (inst.p && readable(inst.p))
        rc = load_file(inst.p, out);
    free(user);
    sbuf_free(&inst);
    for (size_t i = 0; rc > 0 && i < theme_n_builtins; i++)
        if (!strcmp(theme_builtins[i].name, name))
            rc = theme_parse(theme_builtins[i].text, name, out);
    if (rc > 0)
        return err_set("no theme '%s' (dark, light, high-contrast, mono, or a file path)", name);
    if (rc) return -1;
    snprintf(out->name, sizeof out->name, "%s", name);
    return 0;
}

const char *theme_next_name(const char *name)
{
    static const char *const order[] = {"dark", "light", "high-contrast", "mono"};
    size_t n = sizeof order / sizeof order[0];
    for (size_t i = 0; i < n; i++)
        if (name && !strcmp(order[i], name)) return order[(i + 1) % n];
    return order[0];
}
