/* config: the user's settings file. Lines are `key = value`; '#' starts a
 * comment; keys are dotted (fetch.parallel). Every option is one row of the
 * table in config.c (name, type, default, range, help), which drives parsing,
 * defaults and `bullpen config` documentation alike. Key bindings are
 * `bind.KEY = action` lines (`bind.# = ...` and `bind.= = ...` bind those
 * characters), kept in order for the TUI to apply. */
#ifndef BULLPEN_CORE_CONFIG_H
#define BULLPEN_CORE_CONFIG_H

#include <stddef.h>

enum config_opt {
    CFG_FETCH_PARALLEL,
    CFG_FETCH_INTERVAL,
    CFG_FETCH_TIMEOUT,
    CFG_FETCH_MAX_BODY_MB,
    CFG_FETCH_USER_AGENT,
    CFG_UI_THEME,
    CFG_UI_MOUSE,
    CFG_UI_LAYOUT,
    CFG_PRICES_URL,
    CFG_ANALYSIS_ALIASES,
    CFG_LLM_URL,
    CFG_LLM_MODEL,
    CFG_LLM_KEY_ENV,
    CFG_LLM_TIMEOUT,
    CFG_LLM_MAX_TOKENS,
    CFG_FETCH_MIN_INTERVAL,
    CFG_FETCH_MAX_INTERVAL,
    CFG_FETCH_PER_HOST,
    CFG_FETCH_HOST_GAP_MS,
    CFG_FETCH_FULL_TEXT_PAGES,
    CFG_STORE_URL,
    CFG_STORE_USER,
    CFG_N
};

enum config_type { CFG_INT, CFG_BOOL, CFG_STRING };

struct config_option {
    const char *name;
    enum config_type type;
    const char *def; /* in config syntax */
    long min, max;   /* for CFG_INT */
    const char *help;
};

/* The table, CFG_N rows, indexed by enum config_opt. */
extern const struct config_option config_options[CFG_N];

struct config_bind {
    char *key, *action; /* malloc'd, owned by the config */
    int line;
};

struct config;

/* Loads path over the defaults. A missing file is not an error unless
 * must_exist (an explicit --config). path may be NULL (defaults only).
 * Returns NULL with err set as "FILE:LINE: problem". Free with config_free. */
struct config *config_load(const char *path, int must_exist);
void config_free(struct config *c);

long config_int(const struct config *c, enum config_opt o);
int config_bool(const struct config *c, enum config_opt o);
/* Owned by the config; never NULL (an unset string is ""). */
const char *config_str(const struct config *c, enum config_opt o);

/* The file it was read from, or NULL when none was read. */
const char *config_path(const struct config *c);

/* bind.* lines in file order; owned by the config. */
const struct config_bind *config_binds(const struct config *c, size_t *n);

/* Sets an option from text, as a file line would (the loader's own step;
 * tests use it too). Returns 0 or -1 with err set. */
int config_set(struct config *c, const char *name, const char *value);

#endif
