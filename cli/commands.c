/* The command table: every command and sub-command of bullpen, with the one
 * text that documents it. --help, each COMMAND --help, the man page and the
 * shell completion are all printed from these rows (cli/help.c). */
#include "cli/commands.h"

#include <stddef.h>

const struct cli_command cli_commands[] = {
    {"open", cmd_open, "[open] [--keys]", "Open the workstation (the default)",
     "Opens the workstation on the store. With no store and no config yet, opens\n"
     "the demo store ($XDG_DATA_HOME/bullpen/demo.db). Press ? inside for the keys.\n"
     "--keys prints the keys in force instead (config bindings included), one\n"
     "KEY<TAB>ACTION<TAB>HELP line each, \"(unbound)\" for an action without one.\n"},
    {"articles", cmd_articles,
     "articles [--ticker T] [--feed ID] [--since YYYY-MM-DD] [--limit N] [--no-group] [--json]",
     "List stored articles, newest first",
     "Lists stored articles, newest first (default limit 50). --ticker with a\n"
     "symbol bullpen has never met is an error; a known one with no articles\n"
     "prints nothing. Each row: id, time published (UTC), the sentiment's side\n"
     "(-, = or +) and score (+ +0.55), feed, \"+N \" when N other feeds carry the\n"
     "story, title, tickers. A story carried by several feeds (the same link, or\n"
     "the same title within two days) is one row, its newest copy; --no-group\n"
     "lists every copy.\n"},
    {"search", cmd_search,
     "search QUERY [--order newest|relevance] [--limit N] [--no-group] [--json]",
     "Full-text search (FTS5 query syntax)",
     "Full-text search over titles, summaries and bodies in FTS5 query syntax:\n"
     "  words (all must match), \"a phrase\", OR, NOT, prefix*, title:word.\n"
     "--order newest (the default) lists the newest stored first; --order relevance\n"
     "the best matches first (BM25) among the newest 1000, the N best (--limit)\n"
     "only. Copies of one story are one row, as in articles (--no-group: each).\n"},
    {"export", cmd_export, "export [--format json|csv] [--since YYYY-MM-DD]",
     "Export stored articles with their analysis",
     "Writes every stored article (oldest first) with its analysis to stdout: a JSON\n"
     "array, or CSV with a header:\n"
     "  id,published,feed,title,link,tickers,sentiment,label\n"},
    {"mark", cmd_mark, "mark ID... [--star|--unstar] [--read|--unread]",
     "Star articles or mark them read",
     "Stars or unstars articles and marks them read or unread (ids as 'articles'\n"
     "prints them). All or nothing: an unknown id changes no article.\n"},
    {"fetch", cmd_fetch, "fetch [--all] [--every SECONDS] [--jobs N] [--quiet]",
     "Fetch feeds and store new articles",
     "Fetches the feeds that are due, storing and analysing new articles; --all\n"
     "fetches every feed. Each feed keeps its own pace: a busy one is due every\n"
     "fetch.min_interval, an idle one up to fetch.max_interval, and what the server\n"
     "and the feed ask (Cache-Control, Expires, Retry-After, ttl, skipHours,\n"
     "skipDays, sy:updatePeriod) is honoured; failing feeds back off. With --every\n"
     "it repeats until interrupted, waking when the next feed is due but sleeping\n"
     "at most SECONDS (also a new feed's first interval). --jobs sets the transfers\n"
     "at once (default fetch.parallel). Ctrl-C (or SIGTERM) stops cleanly; what was\n"
     "fetched is kept. --quiet prints errors only. With no feeds of your own, the\n"
     "built-in defaults are used.\n"
     "Exit status: 0 when every feed was fetched, 3 when the pass ran but some\n"
     "feeds failed (each named on stderr), 1 when it could not run or a single\n"
     "pass was cut short. A loop stopped by a signal exits with the status of its\n"
     "last whole pass (0 when none finished).\n"},
    {"feeds", cmd_feeds, "feeds add|list|set|rm|import|export ...", "Subscriptions", NULL},
    {"feeds add", NULL,
     "feeds add URL [--name NAME] [--tag TAG]... [--full-text] [--list] [--no-check]",
     "Subscribe to a feed, or to the feeds a web page announces",
     "Subscribes to a feed and prints its id. The URL is fetched once: a feed is\n"
     "added as it is; a web page is searched for the feeds it announces\n"
     "(<link rel=\"alternate\">, RSS, Atom or JSON Feed), the first is added and the\n"
     "others are named. With --list the feeds found are printed (URL, kind, title)\n"
     "and nothing is added. A URL that cannot be fetched now is added as it is;\n"
     "--no-check adds without fetching. --full-text fetches each new article's page\n"
     "and analyses its text instead of the feed's summary (for feeds that carry\n"
     "only headlines). A URL already subscribed exits 1.\n"},
    {"feeds list", NULL, "feeds list [--json]", "Feeds with their fetch state",
     "Each feed with its last fetch, status, last error and article count, when it\n"
     "is next due and why (adaptive, max-age, expires, ttl, sy:updatePeriod,\n"
     "backoff, retry-after, floor; +skip when skipHours/skipDays moved it), and\n"
     "whether its articles' pages are fetched for full text.\n"},
    {"feeds set", NULL, "feeds set URL|ID --full-text on|off", "Change a feed's settings",
     "With full text on, each new article's linked page is fetched (at most\n"
     "fetch.full_text_pages a pass) and its main text is stored and analysed\n"
     "instead of the feed's summary.\n"},
    {"feeds rm", NULL, "feeds rm URL|ID", "Unsubscribe (and drop its articles)",
     "Removes the feed and the articles it brought, and says so in one line:\n"
     "removed feed 3 (Earnings Watch) and its 120 articles\n"},
    {"feeds import", NULL, "feeds import FILE.opml", "Subscribe to the feeds of an OPML file",
     "Subscribes to every feed in an OPML file; folders become tags. Feeds already\n"
     "subscribed are left as they are.\n"},
    {"feeds export", NULL, "feeds export", "Write the feeds as OPML 2.0",
     "Writes every feed as OPML 2.0 to stdout.\n"},
    {"import", cmd_import, "import FILE|- [--feed URL]", "Store a saved feed or API response",
     "Stores the articles of a saved feed or API response (RSS, Atom, JSON Feed,\n"
     "Alpha Vantage NEWS_SENTIMENT), analysed. They are filed under the feed URL\n"
     "given (added if new), else under file:PATH (stdin: 'stdin'). Importing the same\n"
     "file again stores nothing twice. New articles are checked against the alert\n"
     "rules as fetch checks them; the alerts print (and their commands run) once the\n"
     "articles are stored.\n"},
    {"reanalyze", cmd_reanalyze, "reanalyze", "Re-run analysis where the analyser is newer",
     "Re-runs analysis on every stored article analysed by an older analyser\n"
     "version, without refetching. Safe to interrupt: each batch is committed as\n"
     "it completes.\n"},
    {"watch", cmd_watch, "watch add|rm|tag|list ...", "The watchlist", NULL},
    {"watch add", NULL, "watch add [--shared] SYMBOL...", "Watch symbols",
     "Symbols are checked and upper-cased ($NVDA, brk.b and AAPL all work); a\n"
     "malformed one refuses the whole command. Prints the symbols now watched in\n"
     "one line (watching AAPL NVDA); one already watched is a note on stderr.\n"
     "On a PostgreSQL desk the watchlist is yours; --shared puts the symbols on\n"
     "the desk's shared watchlist, which every analyst sees.\n"},
    {"watch rm", NULL, "watch rm SYMBOL...", "Stop watching symbols",
     "A symbol that is not watched refuses the whole command (status 1).\n"},
    {"watch tag", NULL, "watch tag SYMBOL [-]TAG...", "Tag a symbol ('-TAG' removes)",
     "Tags a symbol; a TAG starting with '-' removes it. Tagging a symbol that is\n"
     "not watched watches it, with a note on stderr saying so (NVDA was not\n"
     "watched; now watched with tag semis).\n"},
    {"watch list", NULL, "watch list [--json]", "List watched symbols", NULL},
    {"portfolio", cmd_portfolio, "portfolio add|rm|list|import ...", "Positions", NULL},
    {"portfolio add", NULL, "portfolio add SYMBOL QUANTITY [--cost PRICE] [--date YYYY-MM-DD]",
     "Add to a position",
     "Adds to a position (a negative QUANTITY reduces it); with --cost the average\n"
     "cost is kept, weighted by quantity. --date is when it was opened.\n"},
    {"portfolio rm", NULL, "portfolio rm SYMBOL", "Close a position", NULL},
    {"portfolio list", NULL, "portfolio list [--json]",
     "Positions with value, P&L, weight, sentiment and news",
     "Positions with last close, value (at cost, marked *, without a close), P&L,\n"
     "weight of gross exposure, 7-day sentiment and its change against the 7 days\n"
     "before, and the news count of the last 24 hours; totals and the book's\n"
     "sentiment weighted by exposure, shorts counted against it.\n"},
    {"portfolio import", NULL, "portfolio import FILE.csv", "Import symbol,quantity,cost[,date]",
     "Rows: symbol,quantity,cost[,date]; a header line is optional. Every row is\n"
     "checked before any is stored.\n"},
    {"parse", cmd_parse, "parse FILE|URL [--json]", "Parse one feed and print its items",
     "Parses one feed (RSS, RDF, Atom, JSON Feed or an Alpha Vantage NEWS_SENTIMENT\n"
     "response) and prints its items. FILE may be '-' for standard input; an http://\n"
     "or https:// URL is downloaded first. Nothing is stored.\n"
     "\n"
     "  --json   print {\"title\", \"link\", \"subtitle\", \"author\", \"id\", \"updated\",\n"
     "           \"format\", \"items\": [{\"id\", \"title\", \"link\", \"author\",\n"
     "           \"published\", \"updated\", \"summary\", \"content\"}]}; times are\n"
     "           ISO-8601 UTC, null when the source gave none\n"},
    {"analyze", cmd_analyze, "analyze [FILE...|-] [--json]",
     "Tickers, claims and sentiment of a text",
     "Reads a text (a file, or standard input) and prints its sentiment, the\n"
     "tickers it names and the claims it makes. A short first line followed by a\n"
     "blank line is taken as the headline. Offsets in --json are characters.\n"
     "Several files are analysed in turn: each report headed by its file's name,\n"
     "or with --json one object a line, naming its file in \"file\". A file that\n"
     "cannot be read is said on its own line and the others go on.\n"},
    {"score", cmd_score, "score [--target] < TEXTS",
     "Sentiment score of each line on standard input",
     "Reads one text per line and prints its sentiment score (-1 to 1) per line.\n"
     "With --target each line is TARGET<TAB>TEXT and the score is the text's\n"
     "sentiment toward TARGET: a symbol (AAPL), a company name (Apple Inc) or any\n"
     "other name, matched as text.\n"},
    {"prices", cmd_prices, "prices import|fetch|list ...", "Daily closing prices", NULL},
    {"prices import", NULL, "prices import FILE... [--symbol SYMBOL]",
     "Import daily closes (CSV, Stooq CSV, Alpha Vantage JSON)",
     "Reads daily closes from CSV (symbol,date,close), Stooq daily CSV or Alpha\n"
     "Vantage TIME_SERIES_DAILY JSON (told apart by content). A Stooq file takes its\n"
     "symbol from --symbol or its name (aapl_us_d.csv, aapl.us.csv). A bad file\n"
     "names its line and stores nothing.\n"},
    {"prices fetch", NULL, "prices fetch [SYMBOL...] [--force]",
     "Fetch daily closes from prices.url (default: positions and watchlist)",
     "Fetches daily closes for the symbols (default: every position and watched\n"
     "symbol) from the config's prices.url ({symbol} is the lower-case symbol,\n"
     "{SYMBOL} as is). --force skips the conditional request (ETag /\n"
     "Last-Modified). Exit status 3 when some symbols failed (the others are\n"
     "stored).\n"},
    {"prices list", NULL, "prices list SYMBOL [--since YYYY-MM-DD] [--json]",
     "Stored closes of one symbol", NULL},
    {"trend", cmd_trend,
     "trend SYMBOL|--watchlist [--days N] [--bucket day|week] [--until YYYY-MM-DD] [--json]",
     "Sentiment, news count and price over time",
     "Per day (or week, starting Monday) over the last N days (default 30) ending\n"
     "today (UTC) or --until: the number of articles naming the symbol, their\n"
     "relevance-weighted mean sentiment and the last close in the bucket.\n"
     "--watchlist prints one trend per watched symbol. BULLPEN_NOW (unix seconds)\n"
     "sets \"today\".\n"},
    {"alerts", cmd_alerts, "alerts add|list|rm|enable|disable|log ...",
     "Rules that fire on new articles", NULL},
    {"alerts add", NULL, "alerts add [--shared] RULE [--exec COMMAND [ARG...]]", "Add a rule",
     "Rules:\n"
     "  mention SYMBOL              an article names SYMBOL\n"
     "  sentiment SYMBOL OP NUMBER  its sentiment on SYMBOL meets the test (< <= > >=)\n"
     "  keyword \"PHRASE\"            the phrase appears (case ignored, whole words)\n"
     "  watchlist                   it names any watched symbol\n"
     "With --exec, COMMAND runs (no shell) each time the rule fires, with\n"
     "BULLPEN_ARTICLE_ID, BULLPEN_TITLE, BULLPEN_LINK, BULLPEN_FEED,\n"
     "BULLPEN_PUBLISHED, BULLPEN_SYMBOL, BULLPEN_SENTIMENT and BULLPEN_RULE in its\n"
     "environment; it is stopped after 60 s.\n"
     "On a PostgreSQL desk a rule is yours; --shared makes it the desk's: it fires\n"
     "in every analyst's bullpen and reaches every inbox, each seen apart.\n"},
    {"alerts list", NULL, "alerts list [--json]", "The rules", NULL},
    {"alerts rm", NULL, "alerts rm ID...", "Remove rules (and their events)", NULL},
    {"alerts enable", NULL, "alerts enable ID", "Turn a rule on", NULL},
    {"alerts disable", NULL, "alerts disable ID", "Turn a rule off", NULL},
    {"alerts log", NULL, "alerts log [--limit N] [--json] [--seen]", "Fired alerts, newest first",
     "Fired alerts, newest first (default 50); --seen marks them all seen. An alert\n"
     "not yet delivered (its line printed, its command started) says pending.\n"
     "A detail longer than its 32 columns is cut with a '…', never inside a number.\n"},
    {"demo", cmd_demo, "demo [--db PATH]", "Build the demo store",
     "(Re)builds the demo store: a year of sample news across a dozen tickers,\n"
     "prices, a small portfolio and a watchlist. Default PATH:\n"
     "$XDG_DATA_HOME/bullpen/demo.db\n"},
    {"brief", cmd_brief,
     "brief [SYMBOL...|--watchlist|--portfolio] [--since 24h|7d] [--format text|markdown|json] "
     "[--llm]",
     "News, sentiment, claims, alerts and prices of your names on one page",
     "For each name: articles in the window against the usual pace (the daily mean\n"
     "of the 28 days before), sentiment and its change, the strongest claims with\n"
     "source and link, alerts fired and the price move; then the portfolio's\n"
     "value-weighted sentiment and the positions that moved it. Without names:\n"
     "the positions and the watchlist. --llm has the configured language model\n"
     "write the brief from these facts (see the note command).\n"},
    {"note", cmd_note, "note ID [--json] [--refresh]",
     "A language model's research note on one article (needs llm.url)",
     "Asks the language model at llm.url (any OpenAI-compatible chat-completions\n"
     "endpoint) for a research note on article ID: summary, analysis, risk, a\n"
     "contrarian view, and the model's own sentiment overall and per ticker, shown\n"
     "beside bullpen's. The note is stored per article and model and shown again\n"
     "without a new request; --refresh asks again. Sent to llm.url: the article's\n"
     "title, source, time, link and text (up to 24 KiB) and bullpen's tickers,\n"
     "scores and claims; the key comes from the variable llm.key_env names.\n"},
    {"store", cmd_store, "store check|compact|copy ...", "Look after the store", NULL},
    {"store check", NULL, "store check [--index]", "Check the store file for damage",
     "Checks every page of the store and every index against its table (SQLite's\n"
     "integrity_check, with the functions bullpen's indexes are built on, which\n"
     "sqlite3's own shell lacks) and prints each problem on a line of its own,\n"
     "then how many; exit status 1 when there are any. It reads one snapshot of\n"
     "the store, so the workstation and fetches go on meanwhile. --index also\n"
     "checks the full-text search index against the articles (FTS5's\n"
     "integrity-check): that holds the store's write lock while it runs, so a\n"
     "fetch waits for it, and it needs a store it can write. A PostgreSQL store\n"
     "is checked by its server's own tools.\n"},
    {"store compact", NULL, "store compact", "Give the store's free space back to the disk",
     "Merges the search index and rebuilds the store file without its free pages\n"
     "(SQLite's VACUUM, in place), then prints its size before and after. Space\n"
     "freed by removed feeds, or by an upgrade that packed older articles, stays in\n"
     "the file until then. Safe while the workstation or a fetch has the store\n"
     "open: they keep reading throughout and see the store before or after, never\n"
     "a mix. It waits, as any write does, while another process is writing, and\n"
     "fails with nothing changed if that goes on past the busy timeout (10 s).\n"
     "When another process is still reading the old store, the file shrinks once\n"
     "it moves on. Needs free disk space of about twice the store's size.\n"},
    {"store copy", NULL, "store copy SRC DST",
     "Copy a store into another (a file into a desk, and back)",
     "Copies what SRC holds into DST, each a store file or a PostgreSQL database\n"
     "(a postgresql:// URL or a libpq conninfo): feeds (matched by URL) with their\n"
     "tags and settings, articles (by feed URL and guid) with their analysis, so\n"
     "nothing is analysed again, research notes, read and starred marks (added,\n"
     "never taken away), the watchlist and its tags, positions (one DST holds\n"
     "already is kept as it is), prices and alert rules (by their text). DST is\n"
     "created when it is a file that does not exist. What DST has is never\n"
     "changed or copied twice, so a second run adds nothing; it prints, per kind,\n"
     "how many it added and how many DST had. Copies a page of rows per\n"
     "transaction: memory stays small whatever the size, and a copy that was\n"
     "interrupted is completed by running it again.\n"},
    {"config", cmd_config, "config [--json]", "Every config option: type, default, value, help",
     "Prints every option of the config file with its type, range, default and\n"
     "the value in force (from the file, or the default), then the key bindings;\n"
     "--json prints [{\"name\", \"type\", \"min\", \"max\", \"default\", \"value\",\n"
     "\"help\"}].\n"},
};

const size_t cli_n_commands = sizeof cli_commands / sizeof cli_commands[0];
