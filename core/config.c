#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/str.h"

const struct config_option config_options[CFG_N] = {
    [CFG_FETCH_PARALLEL] = {"fetch.parallel", CFG_INT, "8", 1, 64,
                            "transfers at once when fetching feeds"},
    [CFG_FETCH_INTERVAL] = {"fetch.interval", CFG_INT, "900", 60, 86400,
                            "seconds the fetchers sleep at most before looking again for due "
                            "feeds (each feed keeps its own pace between fetch.min_interval "
                            "and fetch.max_interval)"},
    [CFG_FETCH_TIMEOUT] = {"fetch.timeout", CFG_INT, "30", 2, 600,
                           "seconds one transfer may take in all"},
    [CFG_FETCH_MAX_BODY_MB] = {"fetch.max_body_mb", CFG_INT, "16", 1, 1024,
                               "largest feed body accepted, in MiB after decompression"},
    [CFG_FETCH_USER_AGENT] = {"fetch.user_agent", CFG_STRING, "", 0, 0,
                              "User-Agent header; empty for bullpen/VERSION (SEC EDGAR asks "
                              "for a contact address)"},
    [CFG_UI_THEME] = {"ui.theme", CFG_STRING, "dark", 0, 0,
                      "colour theme: a name in themes/ (dark, light, high-contrast, mono) or a "
                      "file path"},
    [CFG_UI_MOUSE] = {"ui.mouse", CFG_BOOL, "true", 0, 0, "mouse clicks and wheel in lists"},
    [CFG_UI_LAYOUT] = {"ui.layout", CFG_STRING, "auto", 0, 0,
                       "auto, wide (side by side) or narrow (one pane at a time)"},
    [CFG_PRICES_URL] = {"prices.url", CFG_STRING, "https://stooq.com/q/d/l/?s={symbol}.us&i=d", 0,
                        0, "daily CSV quote URL; {symbol} is the lower-case symbol"},
    [CFG_ANALYSIS_ALIASES] = {"analysis.aliases", CFG_STRING, "", 0, 0,
                              "file of extra company aliases (`Name = SYMBOL` lines); empty for "
                              "aliases beside the config"},
    [CFG_LLM_URL] = {"llm.url", CFG_STRING, "", 0, 0,
                     "OpenAI-compatible chat completions endpoint for research notes, e.g. "
                     "http://127.0.0.1:8080/v1/chat/completions; empty: no notes"},
    [CFG_LLM_MODEL] = {"llm.model", CFG_STRING, "", 0, 0, "model name sent with each request"},
    [CFG_LLM_KEY_ENV] = {"llm.key_env", CFG_STRING, "", 0, 0,
                         "name of the environment variable holding the API key (never the key "
                         "itself); empty: no Authorization header"},
    [CFG_LLM_TIMEOUT] = {"llm.timeout", CFG_INT, "120", 5, 3600,
                         "seconds a note request may take in all"},
    [CFG_LLM_MAX_TOKENS] = {"llm.max_tokens", CFG_INT, "1200", 64, 65536,
                            "most tokens the model may write for one note"},
    [CFG_FETCH_MIN_INTERVAL] = {"fetch.min_interval", CFG_INT, "60", 1, 86400,
                                "seconds: no feed is fetched more often (a busy feed's pace)"},
    [CFG_FETCH_MAX_INTERVAL] = {"fetch.max_interval", CFG_INT, "21600", 60, 604800,
                                "seconds: every feed is fetched at least this often (an idle "
                                "feed's pace; Retry-After may ask for longer)"},
    [CFG_FETCH_PER_HOST] = {"fetch.per_host", CFG_INT, "2", 0, 64,
                            "transfers at once to one host; 0 for no limit"},
    [CFG_FETCH_HOST_GAP_MS] = {"fetch.host_gap_ms", CFG_INT, "100", 0, 60000,
                               "milliseconds between two requests to one host (100: at most 10 "
                               "a second, as SEC EDGAR asks)"},
    [CFG_FETCH_FULL_TEXT_PAGES] = {"fetch.full_text_pages", CFG_INT, "5", 1, 100,
                                   "article pages fetched per feed per pass, for feeds with full "
                                   "text on"},
    [CFG_STORE_URL] = {"store.url", CFG_STRING, "", 0, 0,
                       "the store when --db is not given: a PostgreSQL database shared by a desk "
                       "(postgresql://HOST/DB or a libpq conninfo, never with a password: "
                       "~/.pgpass or PGPASSWORD hold it) or a file path; empty: the file in "
                       "$XDG_DATA_HOME/bullpen"},
    [CFG_STORE_USER] = {"store.user", CFG_STRING, "", 0, 0,
                        "on a PostgreSQL desk whose analysts share one role: the user whose "
                        "read marks, positions and private watchlist and alerts these are "
                        "(letters, digits, . _ - @); empty: the role's own. The server "
                        "enforces roles only"},
};

/* True when v may name a desk's user (store.user): empty, or up to 63
 * letters, digits and . _ - @. */
static int user_name_ok(const char *v)
{
    size_t n = strlen(v);
    if (n > 63) return 0;
    for (size_t k = 0; k < n; k++)
        if (!isalnum((unsigned char)v[k]) && !strchr("._-@", v[k])) return 0;
    return 1;
}

/* True when a connection string carries a password: a password= key
 * (conninfo or URL query) or a user:password@ in a URL. */
static int has_password(const char *v)
{
    for (const char *p = v; *p; p++)
        if (!strncasecmp(p, "password=", 9) && (p == v || !isalnum((unsigned char)p[-1]))) return 1;
    const char *auth = strstr(v, "://");
    if (!auth) return 0;
    auth += 3;
    size_t n = strcspn(auth, "/?#");
    const char *at = memchr(auth, '@', n);
    return at && memchr(auth, ':', (size_t)(at - auth)) != NULL;
}

struct config {
    char *path;
    long ints[CFG_N];
    char *strs[CFG_N];
    struct config_bind *binds;
    size_t n_binds, cap_binds;
};

static int find_option(const char *name)
{
    for (int i = 0; i < CFG_N; i++)
        if (strcmp(config_options[i].name, name) == 0) return i;
    return -1;
}

static int parse_bool(const char *v, long *out)
{
    if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") || !strcmp(v, "1"))
        *out = 1;
    else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off") ||
             !strcmp(v, "0"))
        *out = 0;
    else
        return err_set("'%s' is not true or false", v);
    return 0;
}

int config_set(struct config *c, const char *name, const char *value)
{
    int i = find_option(name);
    if (i < 0) return err_set("unknown option '%s'", name);
    const struct config_option *o = &config_options[i];
    switch (o->type) {
    case CFG_INT: {
        char *end;
        errno = 0;
        long v = strtol(value, &end, 10);
        if (errno || end == value || *end)
            return err_set("%s: '%s' is not a whole number", name, value);
        if (v < o->min || v > o->max)
            return err_set("%s: %ld is out of range (%ld to %ld)", name, v, o->min, o->max);
        c->ints[i] = v;
        break;
    }
    case CFG_BOOL:
        if (parse_bool(value, &c->ints[i])) return err_prefix("%s", name);
        break;
    case CFG_STRING: {
        /* The config is a file others may read and copy: the store's
         * password stays where libpq keeps it. */
        if (i == CFG_STORE_URL && has_password(value))
            return err_set("%s: holds a password; bullpen reads none from its config (use "
                           "~/.pgpass or PGPASSWORD)",
                           name);
        if (i == CFG_STORE_USER && !user_name_ok(value))
            return err_set("%s: '%s' is not a user name (up to 63 letters, digits, . _ - @)", name,
                           value);
        char *d = xstrdup(value);
        if (!d) return err_set("out of memory");
        free(c->strs[i]);
        c->strs[i] = d;
        break;
    }
    }
    return 0;
}

static int add_bind(struct config *c, const char *key, const char *action, int line)
{
    if (!*key || !*action)
        return err_set("a binding needs a key and an action (bind.KEY = action)");
    if (c->n_binds == c->cap_binds) {
        size_t cap = c->cap_binds ? c->cap_binds * 2 : 16;
        struct config_bind *b = realloc(c->binds, cap * sizeof *b);
        if (!b) return err_set("out of memory");
        c->binds = b;
        c->cap_binds = cap;
    }
    struct config_bind *b = &c->binds[c->n_binds];
    b->key = xstrdup(key);
    b->action = xstrdup(action);
    b->line = line;
    if (!b->key || !b->action) {
        free(b->key);
        free(b->action);
        return err_set("out of memory");
    }
    c->n_binds++;
    return 0;
}

/* Strips a matching pair of double quotes so values may keep edge spaces. */
static char *unquote(char *v)
{
    size_t n = strlen(v);
    if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
        v[n - 1] = '\0';
        return v + 1;
    }
    return v;
}

/* `bind.#` and `bind.=` bind the keys themselves: there the character after
 * "bind." is the key, not a comment or the separator. Returns whether the
 * line (trimmed on the left) is such a binding. */
static int is_char_bind(const char *s)
{
    if (strncmp(s, "bind.", 5) || (s[5] != '#' && s[5] != '=')) return 0;
    return s[6 + strspn(s + 6, " \t")] == '=';
}

static int parse_line(struct config *c, char *line, int lineno)
{
    line += strspn(line, " \t\r\n");
    /* Where a comment may start: after the key of a `bind.#` line. */
    char *from = is_char_bind(line) ? line + 6 : line;
    /* '#' starts a comment only outside quotes. */
    int quoted = 0;
    for (char *hash = from; *hash; hash++) {
        if (*hash == '"')
            quoted = !quoted;
        else if (*hash == '#' && !quoted) {
            *hash = '\0';
            break;
        }
    }
    char *s = str_trim(line);
    if (!*s) return 0;
    char *eq = strchr(from == line ? s : from, '=');
    if (!eq) return err_set("expected `key = value`, found '%.60s'", s);
    *eq = '\0';
    char *key = str_trim(s);
    char *value = unquote(str_trim(eq + 1));
    if (strncmp(key, "bind.", 5) == 0) return add_bind(c, key + 5, value, lineno);
    return config_set(c, key, value);
}

struct config *config_load(const char *path, int must_exist)
{
    struct config *c = calloc(1, sizeof *c);
    if (!c) {
        err_set("out of memory");
        return NULL;
    }
    for (int i = 0; i < CFG_N; i++) {
        if (config_set(c, config_options[i].name, config_options[i].def)) {
            config_free(c);
            return NULL;
        }
    }
    if (!path) return c;
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT && !must_exist) return c;
        err_set("%s: %s", path, strerror(errno));
        config_free(c);
        return NULL;
    }
    c->path = xstrdup(path);
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (memchr(line, '\0', (size_t)n)) {
            err_set("%s:%d: NUL byte in line", path, lineno);
            goto fail;
        }
        if (parse_line(c, line, lineno)) {
            err_prefix("%s:%d", path, lineno);
            goto fail;
        }
    }
    if (ferror(f)) {
        err_set("%s: read error", path);
        goto fail;
    }
    free(line);
    fclose(f);
    return c;
fail:
    free(line);
    fclose(f);
    config_free(c);
    return NULL;
}

void config_free(struct config *c)
{
    if (!c) return;
    for (int i = 0; i < CFG_N; i++)
        free(c->strs[i]);
    for (size_t i = 0; i < c->n_binds; i++) {
        free(c->binds[i].key);
        free(c->binds[i].action);
    }
    free(c->binds);
    free(c->path);
    free(c);
}

long config_int(const struct config *c, enum config_opt o)
{
    return c->ints[o];
}

int config_bool(const struct config *c, enum config_opt o)
{
    return c->ints[o] != 0;
}

const char *config_str(const struct config *c, enum config_opt o)
{
    return c->strs[o] ? c->strs[o] : "";
}

const char *config_path(const struct config *c)
{
    return c->path;
}

const struct config_bind *config_binds(const struct config *c, size_t *n)
{
    *n = c->n_binds;
    return c->binds;
}
