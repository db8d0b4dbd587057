/* The command table: one row per top-level command, in the order --help
 * lists them. Each command lives in its own cmd_*.c file. */
#ifndef BULLPEN_CLI_COMMANDS_H
#define BULLPEN_CLI_COMMANDS_H

#include "cli/cli.h"

int cmd_open(struct cli *c, int argc, char **argv);
int cmd_watch(struct cli *c, int argc, char **argv);
int cmd_portfolio(struct cli *c, int argc, char **argv);
int cmd_articles(struct cli *c, int argc, char **argv);
int cmd_search(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_parse(struct cli *c, int argc, char **argv);

#define CLI_COMMANDS(X)                                                                            \
    X("open", cmd_open, "open", "Open the workstation (the default)")                              \
    X("articles", cmd_articles,                                                                    \
      "articles [--ticker T] [--feed ID] [--since DATE] [--limit N] [--json]",                     \
      "List stored articles, newest first")                                                        \
    X("search", cmd_search, "search QUERY [--limit N] [--json]",                                   \
      "Full-text search (FTS5 query syntax)")                                                      \
    X("export", cmd_export, "export [--format json|csv] [--since DATE]",                           \
      "Export stored articles with their analysis")                                                \
    X("watch", cmd_watch, "watch add|rm|tag|list ...", "The watchlist")                            \
    X("portfolio", cmd_portfolio, "portfolio add|rm|list|import ...", "Positions")              \
    X("parse", cmd_parse, "parse FILE|URL [--json]", "Parse one feed and print its items")

#endif
