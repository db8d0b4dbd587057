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

#define CLI_COMMANDS(X)                                                                            \
    X("open", cmd_open, "open [--keys]", "Open the workstation (the default)")                     \
    X("articles", cmd_articles,                                                                    \
      "articles [--ticker T] [--feed ID] [--since DATE] [--limit N] [--json]",                     \
      "List stored articles, newest first")                                                        \
    X("search", cmd_search, "search QUERY [--limit N] [--json]",                                   \
      "Full-text search (FTS5 query syntax)")                                                      \
    X("export", cmd_export, "export [--format json|csv] [--since DATE]",                           \
      "Export stored articles with their analysis")                                                \
    X("mark", cmd_mark, "mark ID... [--star|--unstar] [--read|--unread]",                          \
      "Star articles or mark them read")                                                           \
    X("fetch", cmd_fetch, "fetch [--all] [--every SECONDS] [--jobs N] [--quiet]",                  \
      "Fetch feeds and store new articles")                                                        \
    X("feeds", cmd_feeds, "feeds add|list|set|rm|import|export ...", "Subscriptions")              \
    X("import", cmd_import, "import FILE|- [--feed URL]", "Store a saved feed or API response")    \
    X("reanalyze", cmd_reanalyze, "reanalyze", "Re-run analysis where the analyser is newer")      \
    X("watch", cmd_watch, "watch add|rm|tag|list ...", "The watchlist")                            \
    X("portfolio", cmd_portfolio, "portfolio add|rm|list|import ...", "Positions")                 \
    X("parse", cmd_parse, "parse FILE|URL [--json]", "Parse one feed and print its items")         \
    X("analyze", cmd_analyze, "analyze [FILE|-] [--json]",                                         \
      "Tickers, claims and sentiment of one text")                                                 \
    X("score", cmd_score, "score [--target] < TEXTS",                                              \
      "Sentiment score of each line on standard input")                                            \
    X("prices", cmd_prices, "prices import|fetch|list ...", "Daily closing prices")                \
    X("trend", cmd_trend, "trend SYMBOL|--watchlist [--days N] [--bucket day|week] [--json]",      \
      "Sentiment, news count and price over time")                                                 \
    X("alerts", cmd_alerts, "alerts add|list|rm|log ...", "Rules that fire on new articles")       \
    X("demo", cmd_demo, "demo [--db PATH]", "Build the demo store")                                \
    X("brief", cmd_brief,                                                                          \
      "brief [SYMBOL...|--watchlist|--portfolio] [--since 24h|7d] [--format text|markdown|json] "  \
      "[--llm]",                                                                                   \
      "News, sentiment, claims, alerts and prices of your names on one page")                      \
    X("note", cmd_note, "note ID [--json] [--refresh]",                                            \
      "A language model's research note on one article (needs llm.url)")

#endif
