/* theme: colour themes as plain files of `role = fg bg attrs` lines (see
 * themes/). The files in themes/ are compiled into the binary at build time
 * as well as installed, so a theme is found from any directory. */
#ifndef BULLPEN_TUI_THEME_H
#define BULLPEN_TUI_THEME_H

#include <stddef.h>

#include "tui/term.h"

struct theme {
    char name[64];
    struct term_style styles[ROLE_N];
};

/* A theme compiled in from themes/NAME.theme (generated source). */
struct theme_builtin {
    const char *name, *text;
};
extern const struct theme_builtin theme_builtins[];
extern const size_t theme_n_builtins;

/* Parses theme text; file names the source in messages, which read
 * "FILE:LINE: problem". Roles the text leaves out look like "normal".
 * Returns 0 or -1 with err set. */
int theme_parse(const char *text, const char *file, struct theme *out);

/* Loads a theme by name or path. A value with a '/' (or ending in .theme)
 * is a file; a name is looked for as $XDG_CONFIG_HOME/bullpen/themes/NAME
 * .theme, then in the installed themes directory, then among the compiled-in
 * themes. Returns 0 or -1 with err set. */
int theme_load(const char *name_or_path, struct theme *out);

/* The compiled-in theme after name (wrapping), for the theme-switch key;
 * static. */
const char *theme_next_name(const char *name);

#endif
