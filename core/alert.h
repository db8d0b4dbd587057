/* alert: rules that watch new articles, and deciding whether one fires.
 *
 * A rule is one line:
 *   mention SYMBOL                  the article names SYMBOL
 *   sentiment SYMBOL OP NUMBER      the article's sentiment on SYMBOL meets
 *                                   the test (OP is < <= > >=; NUMBER in
 *                                   [-1, 1])
 *   keyword "PHRASE"                PHRASE appears in the title, summary or
 *                                   content (ASCII case ignored, runs of
 *                                   white space match one space, whole words)
 *   watchlist                       the article names any watched symbol
 * Words after `keyword` need no quotes when they are plain words. */
#ifndef BULLPEN_CORE_ALERT_H
#define BULLPEN_CORE_ALERT_H

#include <stddef.h>
#include <stdint.h>

#include "core/symbol.h"

struct article;
struct analysis;

enum alert_kind { ALERT_MENTION, ALERT_SENTIMENT, ALERT_KEYWORD, ALERT_WATCHLIST };
enum alert_op { ALERT_LT, ALERT_LE, ALERT_GT, ALERT_GE };

/* Strings and argv are malloc'd and owned by the rule; free with
 * alert_rule_clear. */
struct alert_rule {
    int64_t id; /* store row id; 0 before stored */
    char *spec; /* the rule as written */
    enum alert_kind kind;
    char symbol[SYMBOL_MAX + 1]; /* mention, sentiment */
    enum alert_op op;            /* sentiment */
    double threshold;            /* sentiment */
    char *keyword;               /* keyword: the phrase, white space collapsed */
    char **argv;                 /* command to run when it fires, NULL-terminated; NULL = none */
    int64_t created;
    int enabled;
    int shared; /* on a PostgreSQL desk: the desk's rule, not the user's own */
};

/* Parses spec into *out (zeroed first; enabled set). A malformed rule is
 * refused with err set to a message that names the problem and its
 * 1-based column, e.g. "expected a number after '<' (column 17)". */
int alert_rule_parse(const char *spec, struct alert_rule *out);
void alert_rule_clear(struct alert_rule *r);
void alert_rules_free(struct alert_rule *rules, size_t n);

/* Copies argv (argc strings) into r->argv. Returns 0 or -1 with err set. */
int alert_rule_set_argv(struct alert_rule *r, char *const *argv, size_t argc);
/* r->argv as a JSON array of strings (malloc'd), or NULL when it has none. */
char *alert_argv_to_json(const struct alert_rule *r);
/* Sets r->argv from a JSON array of strings. Returns 0 or -1 with err set. */
int alert_argv_from_json(struct alert_rule *r, const char *json);

/* "mention", "sentiment", "keyword", "watchlist"; "<", "<=", ">", ">=";
 * static. */
const char *alert_kind_name(enum alert_kind k);
const char *alert_op_name(enum alert_op op);
/* The inverse of the two above: 0, or -1 when s is not one of them. */
int alert_kind_from_name(const char *s, enum alert_kind *k);
int alert_op_from_name(const char *s, enum alert_op *op);

/* What a fired rule reports. */
struct alert_match {
    char symbol[SYMBOL_MAX + 1]; /* the symbol it concerns; "" for a keyword
                                    in an article naming no symbol */
    double sentiment;            /* that symbol's sentiment in the article,
                                    or the article's overall score */
    char detail[200];            /* one line, e.g. "NVDA sentiment -0.45 < -0.30" */
};

/* Decides whether rule r fires on article a with its analysis an (NULL: not
 * analysed, so only keyword rules can fire). watched is the watchlist,
 * sorted (strcmp order), n_watched symbols. Returns 1 and fills *m when it
 * fires, else 0. */
int alert_rule_match(const struct alert_rule *r, const struct article *a, const struct analysis *an,
                     const char (*watched)[SYMBOL_MAX + 1], size_t n_watched,
                     struct alert_match *m);

/* Whether phrase (white space collapsed) occurs in text as whole words,
 * ignoring ASCII case and treating any run of white space in text as one
 * space. Exposed for tests. */
int alert_phrase_in(const char *text, const char *phrase);

/* The one line that reports a delivered alert, as `fetch` and `import`
 * print it and the workstation shows it: "#RULE DETAIL: TITLE", with
 * " (command: WHY)" when the rule's command could not start. title and
 * exec_error may be NULL. Writes into buf (size bytes, cut if longer). */
void alert_line_format(char *buf, size_t size, int64_t rule_id, const char *detail,
                       const char *title, const char *exec_error);

/* The environment handed to a rule's command. */
struct alert_env {
    int64_t article_id, rule_id, published;
    const char *title, *link, *feed, *symbol;
    double sentiment;
};

/* Runs argv (no shell; PATH searched) with the article's fields added to
 * the environment as BULLPEN_ARTICLE_ID, BULLPEN_TITLE, BULLPEN_LINK,
 * BULLPEN_FEED, BULLPEN_PUBLISHED (ISO 8601 UTC), BULLPEN_SYMBOL,
 * BULLPEN_SENTIMENT and BULLPEN_RULE (the rule id). Returns at once: the
 * command runs detached (own session, standard streams on /dev/null) under
 * a watchdog that kills it after timeout_secs, and nothing is left for the
 * caller to reap. Returns 0 once started, -1 with err set when it could not
 * be (a command that is not found is found out before anything starts). */
int alert_exec_spawn(char *const *argv, const struct alert_env *env, int timeout_secs);

#endif
