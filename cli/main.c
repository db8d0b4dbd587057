/* bullpen: the entry point. Global options, the command table, and the
 * helpers every command shares. */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/analyze.h"
#include "core/config.h"
#include "core/err.h"
#include "core/paths.h"
#include "core/str.h"
#include "core/symbol.h"
#include "core/utf8.h"
#include "storage/store.h"

/* Formats through the sanitiser (text_vprintf) and writes to f, after
 * "bullpen: WHAT: " when what is set and before a newline when nl. Returns 0,
 * or -1 with err set (nothing written) when memory runs out. */
static int put_v(FILE *f, const char *what, int nl, const char *fmt, va_list ap)
{
    struct sbuf b = {0};
    int rc = what ? text_printf(&b, "bullpen: %s: ", what) : 0;
    if (!rc) rc = text_vprintf(&b, fmt, ap);
    if (!rc && nl) rc = sbuf_addc(&b, '\n');
    if (!rc && b.len) fwrite(b.p, 1, b.len, f);
    sbuf_free(&b);
    return rc ? err_set("out of memory") : 0;
}

/* Every error the program prints has this one form: bullpen: WHAT: WHY.
 * WHAT and the arguments are often the user's words or a feed's, so they
 * go through the sanitiser like any other output. */
static void report(const char *what, const char *fmt, va_list ap)
{
    if (put_v(stderr, what, 1, fmt, ap)) fputs("bullpen: out of memory\n", stderr);
}

int cli_put_text(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = put_v(f, NULL, 0, fmt, ap);
    va_end(ap);
    return rc;
}

int cli_put_block(FILE *f, const char *s)
{
    char *t = text_sanitize(s, strlen(s));
    if (!t) return err_set("out of memory");
    fputs(t, f);
    free(t);
    return 0;
}

int cli_put_json_text(const char *json)
{
    char *t = utf8_repair(json, strlen(json));
    if (!t) return err_set("out of memory");
    puts(t);
    free(t);
    return 0;
}

void cli_note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put_v(stderr, NULL, 1, fmt, ap);
    va_end(ap);
}

int cli_check_arg(const char *what, const char *arg, const char *value)
{
    if (text_check(value, strlen(value))) return cli_usage(what, "%s: %s", arg, err_msg());
    return EXIT_OK;
}

int cli_symbol(const char *what, const char *arg, const char *value, char *out)
{
    int rc = cli_check_arg(what, arg, value);
    if (rc == EXIT_OK && symbol_normalize(value, out)) rc = cli_usage(what, "%s", err_msg());
    return rc;
}

int cli_check_tag(const char *what, const char *arg, const char *tag)
{
    int rc = cli_check_arg(what, arg, tag);
    if (rc == EXIT_OK && !cli_valid_tag(tag))
        rc = cli_usage(what, "%s: '%s' is not a tag (1-40 characters, no spaces or commas)", arg,
                       tag);
    return rc;
}

int cli_usage(const char *what, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(what, fmt, ap);
    va_end(ap);
    return EXIT_USAGE;
}

int cli_fail(const char *what)
{
    return cli_failf(what, "%s", err_msg());
}

int cli_failf(const char *what, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(what, fmt, ap);
    va_end(ap);
    return EXIT_FAIL;
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) return 0;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) return 1;
    }
    return 0;
}

int cli_json_flag(const char *what, int argc, char **argv, int *json)
{
    *json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json")) return cli_usage(what, "unexpected argument '%s'", argv[i]);
        *json = 1;
    }
    return EXIT_OK;
}

int cli_put_json(cJSON *v)
{
    char *out = v ? cJSON_PrintUnformatted(v) : NULL;
    cJSON_Delete(v);
    if (!out) return err_set("out of memory");
    int rc = cli_put_json_text(out);
    free(out);
    return rc;
}

void cli_getopt_reset(void)
{
    optind = 0; /* GNU getopt: 0 re-initialises its state */
    opterr = 0; /* commands print their own usage errors */
}

int cli_parse_day(const char *s, int64_t *out)
{
    int y, m, d, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || s[n] || n != 10 || m < 1 || m > 12 ||
        d < 1 || d > 31 || y < 1970)
        return err_set("'%s' is not a date (YYYY-MM-DD)", s);
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    time_t t = timegm(&tm);
    struct tm back;
    gmtime_r(&t, &back);
    if (back.tm_mday != d) return err_set("'%s' is not a date (no such day)", s);
    *out = (int64_t)t;
    return 0;
}

int cli_parse_count(const char *s, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v <= 0 || v > 100000000)
        return err_set("'%s' is not a positive whole number", s);
    *out = v;
    return 0;
}

int cli_valid_tag(const char *t)
{
    if (!*t || strlen(t) > 40 || text_check(t, strlen(t))) return 0;
    for (; *t; t++)
        if ((unsigned char)*t <= ' ' || *t == ',' || *t == 0x7f) return 0;
    return 1;
}

void cli_iso_time(int64_t t, char buf[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) {
        snprintf(buf, 32, "1970-01-01T00:00:00Z");
        return;
    }
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int cli_dispatch(struct cli *c, const char *group, const struct cli_cmd *subs, size_t n, int argc,
                 char **argv)
{
    if (argc < 2) return cli_usage(group, "expected a command (try 'bullpen %s --help')", group);
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))
        return cli_help(group);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(subs[i].name, argv[1])) return subs[i].fn(c, argc - 1, argv + 1);
    return cli_usage(group, "unknown command '%s' (try 'bullpen %s --help')", argv[1], group);
}

/* The commands that work on a PostgreSQL store so far (tests/cli/pg.sh runs
 * them on both engines); any other is refused before the store is opened. */
static const char *const pg_ready[] = {
    "articles",     "search",         "export",           "mark",
    "fetch",        "import",         "reanalyze",        "trend",
    "brief",        "feeds add",      "feeds list",       "feeds set",
    "feeds rm",     "feeds import",   "feeds export",     "watch add",
    "watch rm",     "watch tag",      "watch list",       "portfolio add",
    "portfolio rm", "portfolio list", "portfolio import", "prices import",
    "prices list",  "prices fetch",   "alerts add",       "alerts list",
    "alerts rm",    "alerts enable",  "alerts disable",   "alerts log",
    "open",         "note",           "store compact",    "store check",
};

/* 0 when c's command works on a PostgreSQL store, else -1 with the error
 * printed. */
static int check_pg_ready(const struct cli *c)
{
    char name[64];
    snprintf(name, sizeof name, "%s%s%s", c->command ? c->command : "open", c->sub ? " " : "",
             c->sub ? c->sub : "");
    for (size_t i = 0; i < sizeof pg_ready / sizeof pg_ready[0]; i++)
        if (!strcmp(name, pg_ready[i])) return 0;
    cli_failf(name, "not supported on a PostgreSQL store yet");
    return -1;
}

/* Opens the store for a command that means to use it as use says. */
static struct store *open_store(struct cli *c, enum cli_use use)
{
    if (c->store) {
        if (use == CLI_WRITE && store_is_readonly(c->store)) {
            cli_failf(store_path(c->store), "store is read-only");
            return NULL;
        }
        return c->store;
    }
    char *def = NULL;
    const char *path = c->db_path;
    if (!path && *config_str(c->cfg, CFG_STORE_URL)) path = config_str(c->cfg, CFG_STORE_URL);
    if (!path) {
        def = paths_data_file();
        if (!def) {
            cli_fail("store");
            return NULL;
        }
        path = def;
    }
    if (store_is_server(path) && check_pg_ready(c)) {
        free(def);
        return NULL;
    }
    int flags = use == CLI_READ ? STORE_READONLY | STORE_ABSENT_EMPTY : 0;
    if (store_set_desk_user(config_str(c->cfg, CFG_STORE_USER))) {
        cli_fail("store");
        free(def);
        return NULL;
    }
    c->store = store_open(path, flags);
    if (!c->store) {
        cli_fail("store");
    } else if (use == CLI_WRITE && store_is_readonly(c->store)) {
        /* Refused before any work (a fetch, an import) is done for nothing. */
        cli_failf(path, "store is read-only");
        store_close(c->store);
        c->store = NULL;
    }
    free(def);
    return c->store;
}

struct store *cli_store(struct cli *c)
{
    return open_store(c, CLI_WRITE);
}

struct store *cli_store_read(struct cli *c)
{
    return open_store(c, CLI_READ);
}

struct store *cli_store_browse(struct cli *c)
{
    return open_store(c, CLI_BROWSE);
}

/* The user's alias file the analyser reads (malloc'd; NULL: none, as
 * when there is no home to find the config in). */
static char *alias_path(const struct cli *c)
{
    const char *alias = config_str(c->cfg, CFG_ANALYSIS_ALIASES);
    return *alias ? xstrdup(alias) : paths_config_sibling("aliases");
}

/* An analyser being built on a thread of its own (cli_analyzer_start). */
struct cli_build {
    pthread_t tid;
    char *alias;
    struct analyzer *an; /* the result, or NULL with err copied out */
    char *err;
};

static void *build_analyzer(void *arg)
{
    struct cli_build *b = arg;
    b->an = analyzer_new(b->alias);
    if (!b->an) b->err = strdup(err_msg()); /* err is the thread's own */
    return NULL;
}

/* Waits for cli_analyzer_start's thread, if one runs: c->an is then its
 * analyser, or NULL with err set. */
static void analyzer_join(struct cli *c)
{
    struct cli_build *b = c->build;
    if (!b) return;
    pthread_join(b->tid, NULL);
    c->build = NULL;
    c->an = b->an;
    if (!c->an) err_set("%s", b->err ? b->err : "out of memory");
    free(b->err);
    free(b->alias);
    free(b);
}

void cli_analyzer_start(struct cli *c)
{
    if (c->an || c->build) return;
    struct cli_build *b = calloc(1, sizeof *b);
    if (!b) return;
    b->alias = alias_path(c);
    if (pthread_create(&b->tid, NULL, build_analyzer, b)) {
        free(b->alias);
        free(b);
        return;
    }
    c->build = b;
}

struct analyzer *cli_analyzer(struct cli *c)
{
    if (c->an) return c->an;
    if (c->build) {
        analyzer_join(c);
    } else {
        char *alias = alias_path(c);
        c->an = analyzer_new(alias);
        free(alias);
    }
    if (!c->an) cli_fail("analyser");
    return c->an;
}

int main(int argc, char **argv)
{
    struct cli c = {0};
    int i = 1;
    /* Global options come before the command. */
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--version")) {
            printf("bullpen %s\n", BULLPEN_VERSION);
            return EXIT_OK;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            cli_help_all(stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--man")) { /* hidden: the build makes the man page with it */
            cli_help_man(stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--usage")) { /* hidden: for the shell completion */
            cli_help_usage_lines(stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--db") || !strcmp(a, "--config")) {
            if (i + 1 >= argc || !argv[i + 1][0]) return cli_usage(a + 2, "%s needs a path", a);
            if (a[2] == 'd')
                c.db_path = argv[++i];
            else
                c.config_path = argv[++i];
        } else if (!strncmp(a, "--db=", 5) && a[5]) {
            c.db_path = a + 5;
        } else if (!strncmp(a, "--config=", 9) && a[9]) {
            c.config_path = a + 9;
        } else {
            return cli_usage(a, "unknown option (try 'bullpen --help')");
        }
    }
    const char *name = i < argc ? argv[i] : "open";
    const struct cli_command *cmd = cli_command_find(name);
    if (!cmd || !cmd->fn) return cli_usage(name, "unknown command (try 'bullpen --help')");
    char *cfg_default = NULL;
    const char *cfg_path = c.config_path;
    if (!cfg_path) cfg_path = cfg_default = paths_config_file();
    c.cfg = config_load(cfg_path, c.config_path != NULL);
    free(cfg_default);
    if (!c.cfg) return cli_fail("config");
    c.command = cmd->name;
    if (i + 1 < argc) {
        char full[64];
        snprintf(full, sizeof full, "%s %s", cmd->name, argv[i + 1]);
        if (cli_command_find(full)) c.sub = argv[i + 1];
    }
    int rc;
    if (i < argc)
        rc = cmd->fn(&c, argc - i, argv + i);
    else {
        char *none[] = {(char *)"open", NULL};
        rc = cmd->fn(&c, 1, none);
    }
    store_close(c.store);
    analyzer_join(&c);
    if (c.an) analyzer_free(c.an);
    config_free(c.cfg);
    if (fflush(stdout) != 0 && rc == EXIT_OK) {
        rc = cli_failf("output", "write error");
    }
    return rc;
}
