/* cli: the bullpen command line. One file per command group (cmd_*.c); each
 * command is a row of the command table in commands.c. */
#ifndef BULLPEN_CLI_CLI_H
#define BULLPEN_CLI_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct store;
struct config;
struct analyzer;

/* What every command gets: the global options and lazily opened resources. */
struct cli {
    const char *db_path;     /* --db, or NULL for the XDG default */
    const char *config_path; /* --config, or NULL for the XDG default */
    struct config *cfg;      /* loaded before the command runs; owned by main */
    struct store *store;     /* opened by cli_store*() on first use; closed by main */
    struct analyzer *an;     /* built by cli_analyzer() on first use; freed by main */
    struct cli_build *build; /* cli_analyzer_start's thread until it is joined (by
                                cli_analyzer, or by main at the end) */
    const char *command;     /* the command's name ("feeds"); set by main */
    const char *sub;         /* its sub-command ("add"), or NULL */
};

/* Exit codes, as the README's table lists them per command. EXIT_PARTIAL:
 * a batch over many sources (fetch, prices fetch) ran to its end but some
 * of them failed; what the others brought is stored. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_PARTIAL = 3 };

/* How a command uses the store. */
enum cli_use {
    CLI_WRITE,  /* creates the store when absent; refuses a read-only one */
    CLI_READ,   /* never creates or writes; no store yet reads as an empty one */
    CLI_BROWSE, /* the workstation: creates when absent, read-only if it must */
};

/* Open the store on first call, for a command that writes (cli_store), only
 * reads (cli_store_read) or is the workstation (cli_store_browse), as
 * enum cli_use says. A command that writes on a store that cannot be written
 * gets "bullpen: PATH: store is read-only". Each returns NULL after printing
 * the error; the command then returns EXIT_FAIL. The store belongs to c. */
struct store *cli_store(struct cli *c);
struct store *cli_store_read(struct cli *c);
struct store *cli_store_browse(struct cli *c);

/* Every line of plain text the command line prints goes through
 * cli_put_text (or cli_put_block, cli_put_json, cli_usage, cli_fail): text
 * from feeds, the store or the command line reaches the terminal only as
 * text_read (core/utf8.h) lets it, so no feed name can retitle a terminal
 * or write its clipboard. */

/* printf to f where every %s and %c argument is sanitised and kept to one
 * line, widths counted in characters (text_printf). Returns 0, or -1 with
 * err set when memory runs out. */
int cli_put_text(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes s, text of several lines made elsewhere, to f sanitised (its line
 * breaks and tabs kept). Returns 0 or -1 with err set. */
int cli_put_block(FILE *f, const char *s);

/* Writes the JSON text json and a newline to stdout, each invalid UTF-8
 * byte in it replaced by U+FFFD so the output is always valid UTF-8 (JSON
 * syntax is ASCII, so only string contents change). Returns 0 or -1. */
int cli_put_json_text(const char *json);

/* Prints an informational line to stderr, sanitised, without the error
 * form: something a person may want to know that is not a failure ("AAPL
 * is already watched"). Commands that print one exit 0. */
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Checks that value, the command-line argument arg ("--name", "SYMBOL") of
 * command what, is valid UTF-8 without control characters (text_check).
 * Returns EXIT_OK, or prints "bullpen: WHAT: ARG: contains a control
 * character" and returns EXIT_USAGE. */
int cli_check_arg(const char *what, const char *arg, const char *value);

/* Checks and normalises a symbol argument (cli_check_arg, then
 * symbol_normalize) into out (SYMBOL_MAX + 1 bytes). Returns EXIT_OK, or
 * prints the usage error and returns EXIT_USAGE. */
int cli_symbol(const char *what, const char *arg, const char *value, char *out);

/* Checks a tag argument: cli_check_arg, then 1-40 bytes without spaces or
 * commas. Returns EXIT_OK, or prints the usage error and returns
 * EXIT_USAGE. */
int cli_check_tag(const char *what, const char *arg, const char *tag);

/* Prints "bullpen: WHAT: MSG" to stderr and returns EXIT_USAGE. */
int cli_usage(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "bullpen: WHAT: <err_msg()>" to stderr and returns EXIT_FAIL. */
int cli_fail(const char *what);

/* Prints "bullpen: WHAT: MSG" to stderr and returns EXIT_FAIL. */
int cli_failf(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* True when argv holds -h or --help; commands call it first and then
 * return cli_help(NAME). */
int cli_wants_help(int argc, char **argv);

/* Prints the help of the command or sub-command name ("feeds add") from the
 * command table to stdout: its usage line and text, or for a group its
 * sub-commands. Returns EXIT_OK (EXIT_FAIL, with the error printed, when
 * the table has no such row). */
int cli_help(const char *name);

/* A command: argv[0] is the command name (for "watch add", argv[0] is "add").
 * Returns an exit code. */
typedef int (*cli_cmd_fn)(struct cli *c, int argc, char **argv);

/* A group's sub-command: its usage and help are the command table's row
 * "GROUP NAME" (cli/commands.h). */
struct cli_cmd {
    const char *name;
    cli_cmd_fn fn;
};

/* Runs the sub-command argv[1] of a group ("watch add ...") from subs. */
int cli_dispatch(struct cli *c, const char *group, const struct cli_cmd *subs, size_t n, int argc,
                 char **argv);

/* Parses YYYY-MM-DD as midnight UTC. Returns 0 or -1 with err set. */
int cli_parse_day(const char *s, int64_t *out);

/* Parses a positive whole number for an option. Returns 0 or -1 with err. */
int cli_parse_count(const char *s, long *out);

/* True when t is a usable tag: 1-40 bytes of valid UTF-8, no spaces,
 * commas or controls. */
int cli_valid_tag(const char *t);

/* For a command whose only option is --json: sets *json and returns
 * EXIT_OK, or prints the usage error for WHAT and returns EXIT_USAGE. */
int cli_json_flag(const char *what, int argc, char **argv, int *json);

/* Prints v (a cJSON value) as one line of compact JSON on stdout, through
 * cli_put_json_text, and frees it. Returns 0, or -1 with err set when memory
 * ran out (nothing printed). */
struct cJSON;
int cli_put_json(struct cJSON *v);

/* getopt_long state reset before a command parses its options. */
void cli_getopt_reset(void);

/* Formats t (unix seconds) as "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 21). */
void cli_iso_time(int64_t t, char buf[32]);

/* The analyser, built on first use from the config (user alias file); owned
 * by main. NULL after printing the error. */
struct analyzer *cli_analyzer(struct cli *c);

/* Starts building the analyser on a thread of its own, so that a command
 * that needs it later (the workstation, before its first frame) does other
 * work meanwhile; cli_analyzer then waits for it. Building it there instead
 * (a thread that cannot start) is no error. */
void cli_analyzer_start(struct cli *c);

#endif
