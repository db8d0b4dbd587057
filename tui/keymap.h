/* keymap: every user action once, with its name and help text (the table
 * drives dispatch, `bind.KEY = action` config lines and the help overlay);
 * keys map to actions. The default bindings are written in the config's own
 * syntax and parsed like a user's. */
#ifndef BULLPEN_TUI_KEYMAP_H
#define BULLPEN_TUI_KEYMAP_H

#include <stddef.h>

struct config;

#define TUI_ACTIONS(X)                                                                             \
    X(NONE, "none", "Do nothing (unbinds a key)")                                                  \
    X(QUIT, "quit", "Close the view; quit from the desk")                                          \
    X(HELP, "help", "Show the keys")                                                               \
    X(MOVE_DOWN, "move-down", "Move down one line")                                                \
    X(MOVE_UP, "move-up", "Move up one line")                                                      \
    X(PAGE_DOWN, "page-down", "Move down one page")                                                \
    X(PAGE_UP, "page-up", "Move up one page")                                                      \
    X(MOVE_FIRST, "move-first", "Jump to the first line (newest article)")                         \
    X(MOVE_LAST, "move-last", "Jump to the last line (oldest article)")                            \
    X(NEXT_PANE, "next-pane", "Focus the next pane")                                               \
    X(PREV_PANE, "prev-pane", "Focus the previous pane")                                           \
    X(PANE_LIST, "pane-list", "Focus the article list (tab 1)")                                    \
    X(PANE_ARTICLE, "pane-article", "Focus the article (tab 2)")                                   \
    X(PANE_PORTFOLIO, "pane-portfolio", "Focus the portfolio (tab 3)")                             \
    X(ENTER, "enter", "Open the selection (article, symbol, feed)")                                \
    X(BACK, "back", "Close the view or cancel")                                                    \
    X(SEARCH, "search", "Full-text search of the articles")                                        \
    X(SEARCH_NEXT, "search-next", "Next search match")                                             \
    X(SEARCH_PREV, "search-prev", "Previous search match")                                         \
    X(ORDER, "order", "Search order: newest first or best match first (:order newest|best)")       \
    X(GROUP, "group", "One row per story carried by several feeds, on/off (:group on|off)")        \
    X(FILTER_TICKER, "filter-ticker", "Filter the list by a ticker (asks)")                        \
    X(FILTER_THIS, "filter-this", "Filter the list by the ticker at the cursor")                   \
    X(FILTER_FEED, "filter-feed", "Filter the list by a feed (asks)")                              \
    X(FILTER_TAG, "filter-tag", "Filter the list by a watchlist or feed tag (asks)")               \
    X(FILTER_WATCHLIST, "filter-watchlist", "Show only articles naming watched symbols")           \
    X(FILTER_SENTIMENT, "filter-sentiment", "Filter by sentiment: pos, neg, neutral or MIN MAX")   \
    X(FILTER_DATE, "filter-date", "Filter by date: 7d, 30d, or FROM [TO] as YYYY-MM-DD")           \
    X(FILTER_UNREAD, "filter-unread", "Show only unread articles")                                 \
    X(FILTER_STARRED, "filter-starred", "Show only starred articles")                              \
    X(FILTER_CLEAR, "filter-clear", "Clear every filter and the search")                           \
    X(STAR, "star", "Star or unstar the article")                                                  \
    X(TOGGLE_READ, "toggle-read", "Mark the article read or unread")                               \
    X(OPEN_LINK, "open-link", "Open the article's link with $BROWSER or xdg-open")                 \
    X(NEXT_CLAIM, "next-claim", "Jump to the next claim")                                          \
    X(PREV_CLAIM, "prev-claim", "Jump to the previous claim")                                      \
    X(NEXT_TICKER, "next-ticker", "Jump to the next ticker")                                       \
    X(PREV_TICKER, "prev-ticker", "Jump to the previous ticker")                                   \
    X(WATCH_ADD, "watch-add", "Add the ticker at the cursor to the watchlist")                     \
    X(WATCH_RM, "watch-rm", "Remove the ticker at the cursor from the watchlist")                  \
    X(WATCH_TAG, "watch-tag", "Tag the ticker at the cursor (asks for the tag)")                   \
    X(TREND, "trend", "Sentiment trend of the ticker at the cursor")                               \
    X(OVERVIEW, "overview", "Watchlist overview: a sparkline per symbol")                          \
    X(TREND_RANGE, "trend-range", "Trend range: 30 days, 90 days, a year")                         \
    X(TREND_BUCKET, "trend-bucket", "Trend buckets: days or weeks")                                \
    X(FETCH, "fetch", "Fetch every feed now")                                                      \
    X(FEEDS, "feeds", "Feed status (Enter filters the list by a feed)")                            \
    X(ALERTS, "alerts", "Alert inbox, with those fired while closed (Enter opens the article)")    \
    X(MESSAGES, "messages", "Messages the status line showed, whole (the last 100)")               \
    X(FULL_TEXT, "full-text", "Feed view: fetch the feed's article pages for full text, on/off")   \
    X(THEME_NEXT, "theme-next", "Switch to the next colour theme")                                 \
    X(LAYOUT, "layout", "Switch layout: auto, wide, narrow (:layout NAME picks one)")              \
    X(REDRAW, "redraw", "Redraw the screen")                                                       \
    X(COMMAND, "command", "Run an action by name (:filter-ticker NVDA, :theme light)")             \
    X(BRIEF, "brief", "Brief: news, sentiment, claims, alerts and prices of your names")           \
    X(NOTE, "note", "Research note on the article by the language model (:note refresh asks again)")

enum action {
#define ACTION_ENUM(id, name, help) ACT_##id,
    TUI_ACTIONS(ACTION_ENUM)
#undef ACTION_ENUM
        ACT_N
};

struct action_info {
    const char *name, *help;
};
/* The table, ACT_N rows indexed by enum action. */
extern const struct action_info keymap_actions[ACT_N];

/* The action named name, or -1. */
int keymap_action_find(const char *name);

/* A key as the keymap holds it: a character is its code point; a curses
 * key code (KEY_DOWN, KEY_F(1), ...) is marked with this bit, since the
 * codes overlap the characters (KEY_DOWN is 0402, the code point of
 * U+0102 'Ă'). */
#define KEYMAP_CURSES_BIT 0x1000000
#define KEYMAP_CURSES(code) (KEYMAP_CURSES_BIT | (code))

/* Parses a key name as bindings spell it: a character ("j", "G", "/"),
 * "Space", "Enter", "Tab", "BackTab", "Esc", "Backspace", "Up", "Down",
 * "Left", "Right", "PgUp", "PgDn", "Home", "End", "F1".."F12", "C-x" for
 * control keys. Returns the key (a character's code point, or
 * KEYMAP_CURSES of a curses key code), or -1. */
int keymap_key_parse(const char *name);
/* Writes the name of key into buf (size >= 16). */
void keymap_key_name(int key, char *buf, size_t size);

/* Loads the default bindings, then the config's bind.* lines over them.
 * Returns 0, or -1 with err set as "FILE:LINE: problem". */
int keymap_init(const struct config *cfg);
/* The action bound to key (a code point, or KEYMAP_CURSES of what
 * get_wch returned as KEY_CODE_YES), ACT_NONE when none. */
enum action keymap_lookup(int key);
/* Writes the keys bound to action, comma-separated, into buf. */
void keymap_keys_of(enum action a, char *buf, size_t size);
void keymap_free(void);

/* The default bindings in config syntax (compiled in). */
extern const char keymap_defaults[];

#endif
