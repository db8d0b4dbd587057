/* The commands: each lives in its own cmd_*.c file; the command table
 * (cli/commands.c) names them and holds their help. */
#ifndef BULLPEN_CLI_COMMANDS_H
#define BULLPEN_CLI_COMMANDS_H

#include "cli/cli.h"

int cmd_open(struct cli *c, int argc, char **argv);
int cmd_watch(struct cli *c, int argc, char **argv);
int cmd_portfolio(struct cli *c, int argc, char **argv);
int cmd_articles(struct cli *c, int argc, char **argv);
int cmd_search(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_mark(struct cli *c, int argc, char **argv);
int cmd_fetch(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_reanalyze(struct cli *c, int argc, char **argv);
int cmd_parse(struct cli *c, int argc, char **argv);
int cmd_feeds(struct cli *c, int argc, char **argv);
int cmd_analyze(struct cli *c, int argc, char **argv);
int cmd_score(struct cli *c, int argc, char **argv);
int cmd_prices(struct cli *c, int argc, char **argv);
int cmd_trend(struct cli *c, int argc, char **argv);
int cmd_alerts(struct cli *c, int argc, char **argv);
int cmd_demo(struct cli *c, int argc, char **argv);
int cmd_brief(struct cli *c, int argc, char **argv);
int cmd_note(struct cli *c, int argc, char **argv);
int cmd_config(struct cli *c, int argc, char **argv);
int cmd_store(struct cli *c, int argc, char **argv);

struct brief;
/* brief --llm: the configured model writes the brief from b's facts, in
 * text or Markdown (JSON wraps its text); printed to stdout. Returns an
 * exit code (cmd_note.c). */
int cli_llm_brief(struct cli *c, const struct brief *b, int format);

/* Builds the demo store at path (replacing any there). Returns 0 or -1 with
 * err set. */
int cli_demo_build(struct cli *c, const char *path);
/* $XDG_DATA_HOME/bullpen/demo.db; malloc'd, caller frees; NULL with err. */
char *cli_demo_path(void);

/* Checks that url is an http(s) URL with a host; 0 or -1 with err set. */
int cli_check_feed_url(const char *url);

/* The command table (cli/commands.c): one row per command and sub-command,
 * in the order --help lists them, each with the one text that documents it.
 * Sub-command rows ("feeds add") follow their group's row. */
struct cli_command {
    const char *name;    /* "fetch", "feeds add" */
    cli_cmd_fn fn;       /* a top-level command; NULL for a sub-command (its group dispatches) */
    const char *usage;   /* the synopsis after "bullpen ", on one line */
    const char *summary; /* one line for --help's list */
    const char *help;    /* the rest of COMMAND --help, lines ending in \n; or NULL */
};
extern const struct cli_command cli_commands[];
extern const size_t cli_n_commands;

/* The row named name, or NULL. */
const struct cli_command *cli_command_find(const char *name);

/* bullpen --help: the global options and every command's usage line. */
void cli_help_all(FILE *f);

/* bullpen --man: the man page, roff, from the tables. */
void cli_help_man(FILE *f);

/* bullpen --usage: every command's synopsis on one line each, for the
 * shell completion and the tests. */
void cli_help_usage_lines(FILE *f);

#endif
