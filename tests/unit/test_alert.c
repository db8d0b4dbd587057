/* Alert rules: the parser and its error positions, evaluation, the stored
 * command, running it, and the store's once-per-article events. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alert.h"
#include "core/analyze.h"
#include "core/article.h"
#include "core/err.h"
#include "core/str.h"
#include "storage/alerts.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/store.h"
#include "storage/watch.h"

static void parse_err(const char *spec, const char *want)
{
    struct alert_rule r;
    assert_int_equal(alert_rule_parse(spec, &r), -1);
    if (strcmp(err_msg(), want)) fail_msg("%s: got '%s', wanted '%s'", spec, err_msg(), want);
}

static void test_parse_ok(void **state)
{
    (void)state;
    struct alert_rule r;
    assert_int_equal(alert_rule_parse("mention amzn", &r), 0);
    assert_int_equal(r.kind, ALERT_MENTION);
    assert_string_equal(r.symbol, "AMZN");
    assert_string_equal(r.spec, "mention amzn");
    assert_true(r.enabled);
    alert_rule_clear(&r);
    assert_int_equal(alert_rule_parse("  Sentiment $NVDA<=-0.3 ", &r), 0);
    assert_int_equal(r.kind, ALERT_SENTIMENT);
    assert_string_equal(r.symbol, "NVDA");
    assert_int_equal(r.op, ALERT_LE);
    assert_true(r.threshold == -0.3);
    alert_rule_clear(&r);
    assert_int_equal(alert_rule_parse("sentiment BRK.B >= .5", &r), 0);
    assert_int_equal(r.op, ALERT_GE);
    alert_rule_clear(&r);
    assert_int_equal(alert_rule_parse("keyword \"guidance   cut\"", &r), 0);
    assert_string_equal(r.keyword, "guidance cut");
    alert_rule_clear(&r);
    assert_int_equal(alert_rule_parse("keyword 'profit warning'", &r), 0);
    assert_string_equal(r.keyword, "profit warning");
    alert_rule_clear(&r);
    assert_int_equal(alert_rule_parse("keyword stock  split", &r), 0);
    assert_string_equal(r.keyword, "stock split");
    alert_rule_clear(&r);
    assert_int_equal(alert_rule_parse("WATCHLIST", &r), 0);
    assert_int_equal(r.kind, ALERT_WATCHLIST);
    alert_rule_clear(&r);
}

static void test_parse_errors(void **state)
{
    (void)state;
    parse_err("sentiment NVDA < x", "expected a number after '<' (column 17)");
    parse_err("sentiment NVDA <", "expected a number after '<' (column 17)");
    parse_err("sentiment NVDA <= 0.1x", "expected a number after '<=' (column 18)");
    parse_err("sentiment NVDA", "expected <, <=, > or >= after 'NVDA' (column 15)");
    parse_err("sentiment NVDA 0.3", "expected <, <=, > or >= after 'NVDA' (column 15)");
    parse_err("sentiment NVDA => 0.3", "'=>' is not a comparison (use <, <=, > or >=) (column 16)");
    parse_err("sentiment NVDA < -1.5",
              "-1.5 is out of range (sentiment runs from -1 to 1) (column 18)");
    parse_err("sentiment < 0.2", "expected a symbol after 'sentiment' (column 10)");
    parse_err("sentiment NVDA < 0.2 now", "unexpected 'now' after '0.2' (column 22)");
    parse_err("mention", "expected a symbol after 'mention' (column 8)");
    parse_err("mention A B", "unexpected 'B' after 'A' (column 11)");
    parse_err("mention A+B", "'A+B' is not a ticker symbol (column 9)");
    parse_err("keyword", "expected a phrase after 'keyword' (column 8)");
    parse_err("keyword \"open", "unterminated quote (column 9)");
    parse_err("keyword \"\"", "empty phrase (column 9)");
    parse_err("keyword \"a\" b", "unexpected 'b' after '\"a\"' (column 13)");
    parse_err("keyword a \"b\"", "quote the whole phrase (column 11)");
    parse_err("watchlist AAPL", "unexpected 'AAPL' after 'watchlist' (column 11)");
    parse_err("", "empty rule (expected mention, sentiment, keyword or watchlist)");
    parse_err("   ", "empty rule (expected mention, sentiment, keyword or watchlist)");
    parse_err("price AAPL > 3", "'price' is not a rule (expected mention, sentiment, keyword or "
                                "watchlist) (column 1)");
    /* Columns count characters, not bytes. */
    parse_err("mention é", "'é' is not a ticker symbol (column 9)");
    parse_err("keyword \"é\" x", "unexpected 'x' after '\"é\"' (column 13)");
}

static void test_phrase(void **state)
{
    (void)state;
    assert_true(alert_phrase_in("Retailer issues Guidance Cut.", "guidance cut"));
    assert_true(alert_phrase_in("a guidance\n\t cut", "guidance cut"));
    assert_false(alert_phrase_in("guidance cuts", "guidance cut"));
    assert_false(alert_phrase_in("preguidance cut", "guidance cut"));
    assert_false(alert_phrase_in("guidance, cut", "guidance cut"));
    assert_true(alert_phrase_in("AI", "ai"));
    assert_false(alert_phrase_in("said", "ai"));
    assert_true(alert_phrase_in("up 5%!", "5%"));
    assert_false(alert_phrase_in(NULL, "x"));
}

static struct ticker_hit hit(const char *sym, double rel, double score)
{
    struct ticker_hit h = {.mentions = 1, .relevance = rel, .score = score};
    snprintf(h.symbol, sizeof h.symbol, "%s", sym);
    return h;
}

static void test_match(void **state)
{
    (void)state;
    struct ticker_hit hits[] = {hit("AMZN", 0.4, 0.5), hit("NVDA", 0.9, -0.45)};
    struct analysis an = {.score = 0.1, .tickers = hits, .n_tickers = 2};
    struct article a = {.title = "Chips and clouds", .content = "A guidance cut at last."};
    static const char watched[][SYMBOL_MAX + 1] = {"AAPL", "AMZN"};
    struct alert_rule r;
    struct alert_match m;

    assert_int_equal(alert_rule_parse("mention AMZN", &r), 0);
    assert_int_equal(alert_rule_match(&r, &a, &an, watched, 2, &m), 1);
    assert_string_equal(m.symbol, "AMZN");
    assert_true(m.sentiment == 0.5);
    assert_string_equal(m.detail, "AMZN mentioned (sentiment +0.50)");
    assert_int_equal(alert_rule_match(&r, &a, NULL, watched, 2, &m), 0);
    alert_rule_clear(&r);

    const char *fire[] = {"sentiment NVDA < -0.3", "sentiment NVDA <= -0.45",
                          "sentiment NVDA > -0.5", "sentiment NVDA >= -0.45"};
    const char *quiet[] = {"sentiment NVDA < -0.45", "sentiment NVDA > -0.45",
                           "sentiment NVDA >= 0", "sentiment TSLA < 1", "mention TSLA"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(alert_rule_parse(fire[i], &r), 0);
        assert_int_equal(alert_rule_match(&r, &a, &an, watched, 2, &m), 1);
        alert_rule_clear(&r);
    }
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(alert_rule_parse(quiet[i], &r), 0);
        assert_int_equal(alert_rule_match(&r, &a, &an, watched, 2, &m), 0);
        alert_rule_clear(&r);
    }
    assert_int_equal(alert_rule_parse("sentiment NVDA < -0.3", &r), 0);
    assert_int_equal(alert_rule_match(&r, &a, &an, watched, 2, &m), 1);
    assert_string_equal(m.detail, "NVDA sentiment -0.45 < -0.30");
    alert_rule_clear(&r);

    /* Keyword: the most relevant ticker is reported. */
    assert_int_equal(alert_rule_parse("keyword \"GUIDANCE CUT\"", &r), 0);
    assert_int_equal(alert_rule_match(&r, &a, &an, watched, 2, &m), 1);
    assert_string_equal(m.symbol, "NVDA");
    assert_string_equal(m.detail, "keyword \"GUIDANCE CUT\"");
    assert_int_equal(alert_rule_match(&r, &a, NULL, watched, 2, &m), 1);
    assert_string_equal(m.symbol, "");
    alert_rule_clear(&r);

    /* Watchlist: only watched symbols count. */
    assert_int_equal(alert_rule_parse("watchlist", &r), 0);
    assert_int_equal(alert_rule_match(&r, &a, &an, watched, 2, &m), 1);
    assert_string_equal(m.symbol, "AMZN");
    assert_int_equal(alert_rule_match(&r, &a, &an, watched, 1, &m), 0);
    assert_int_equal(alert_rule_match(&r, &a, &an, NULL, 0, &m), 0);
    alert_rule_clear(&r);
}

static void test_argv_json(void **state)
{
    (void)state;
    struct alert_rule r = {0};
    char *args[] = {"notify-send", "a \"quoted\" arg", "ü"};
    assert_int_equal(alert_rule_set_argv(&r, args, 3), 0);
    char *j = alert_argv_to_json(&r);
    assert_string_equal(j, "[\"notify-send\",\"a \\\"quoted\\\" arg\",\"ü\"]");
    struct alert_rule back = {0};
    assert_int_equal(alert_argv_from_json(&back, j), 0);
    assert_string_equal(back.argv[1], "a \"quoted\" arg");
    assert_null(back.argv[3]);
    free(j);
    assert_int_equal(alert_argv_from_json(&back, "[1]"), -1);
    assert_int_equal(alert_argv_from_json(&back, "[]"), -1);
    assert_int_equal(alert_argv_from_json(&back, "nope"), -1);
    alert_rule_clear(&back);
    alert_rule_clear(&r);
}

static char *wait_file(const char *path)
{
    for (int i = 0; i < 200; i++) {
        size_t len;
        char *s = access(path, F_OK) == 0 ? file_read_all(path, 1 << 20, &len) : NULL;
        if (s && strstr(s, "END")) return s;
        free(s);
        usleep(25000);
    }
    return NULL;
}

static void test_exec(void **state)
{
    (void)state;
    char dir[] = "/tmp/bullpen-alert-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char out[128];
    snprintf(out, sizeof out, "%s/env", dir);
    char *argv[] = {"sh", "-c",
                    "env | grep ^BULLPEN_ | sort >\"$0.tmp\"; echo END >>\"$0.tmp\"; "
                    "mv \"$0.tmp\" \"$0\"",
                    out, NULL};
    setenv("BULLPEN_TITLE", "inherited, must be replaced", 1);
    struct alert_env env = {.article_id = 42,
                            .rule_id = 7,
                            .published = 1718719200,
                            .title = "Tab\there",
                            .link = "https://x.example/a",
                            .feed = "Wire",
                            .symbol = "NVDA",
                            .sentiment = -0.456};
    assert_int_equal(alert_exec_spawn(argv, &env, 10), 0);
    unsetenv("BULLPEN_TITLE");
    char *got = wait_file(out);
    assert_non_null(got);
    assert_non_null(strstr(got, "BULLPEN_ARTICLE_ID=42\n"));
    assert_non_null(strstr(got, "BULLPEN_RULE=7\n"));
    assert_non_null(strstr(got, "BULLPEN_TITLE=Tab\there\n"));
    assert_null(strstr(got, "inherited"));
    assert_non_null(strstr(got, "BULLPEN_PUBLISHED=2024-06-18T14:00:00Z\n"));
    assert_non_null(strstr(got, "BULLPEN_SENTIMENT=-0.456\n"));
    assert_non_null(strstr(got, "BULLPEN_SYMBOL=NVDA\n"));
    assert_non_null(strstr(got, "BULLPEN_FEED=Wire\n"));
    free(got);

    /* A command past its time is stopped, and the caller never waited. */
    char pidf[128];
    snprintf(pidf, sizeof pidf, "%s/pid", dir);
    char *slow[] = {"sh", "-c", "echo $$ >\"$0\"; exec sleep 30", pidf, NULL};
    assert_int_equal(alert_exec_spawn(slow, &env, 1), 0);
    int gone = 0;
    for (int i = 0; i < 200 && !gone; i++) {
        usleep(25000);
        size_t len;
        char *p = access(pidf, F_OK) == 0 ? file_read_all(pidf, 64, &len) : NULL;
        if (p && atoi(p) > 0) {
            char proc[64];
            snprintf(proc, sizeof proc, "/proc/%d", atoi(p));
            gone = access(proc, F_OK) != 0;
        }
        free(p);
    }
    assert_true(gone);

    char *missing[] = {"bullpen-no-such-command-xyz", NULL};
    assert_int_equal(alert_exec_spawn(missing, &env, 1), -1);
    assert_non_null(strstr(err_msg(), "command not found"));
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static int delivered_count;
static int64_t delivered_ids[16];
static void on_delivered(void *ctx, const struct alert_delivered *d)
{
    (void)ctx;
    assert_non_null(d->detail);
    if (delivered_count < 16) delivered_ids[delivered_count] = d->event_id;
    delivered_count++;
}

static void test_store_events(void **state)
{
    (void)state;
    char dir[] = "/tmp/bullpen-alert-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/s.db", dir);
    struct store *s = store_open(path, 0);
    assert_non_null(s);
    int64_t feed;
    assert_true(store_feed_add(s, "http://x.example/feed", NULL, 1, &feed) >= 0);
    struct alert_rule r;
    assert_int_equal(alert_rule_parse("mention NVDA", &r), 0);
    assert_int_equal(store_alert_add(s, &r, 100), 0);
    assert_int_equal(r.id, 1);
    alert_rule_clear(&r);
    assert_int_equal(alert_rule_parse("watchlist", &r), 0);
    assert_int_equal(store_alert_add(s, &r, 100), 0);
    alert_rule_clear(&r);

    struct ticker_hit h = hit("NVDA", 1, 0.2);
    struct analysis an = {.score = 0.2, .tickers = &h, .n_tickers = 1};
    struct article a = {.feed_id = feed, .published = 1000, .fetched = 1000};
    a.guid = xstrdup("g1");
    a.title = xstrdup("Nvidia");
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(store_article_insert(s, &a, &an), 1);
    assert_int_equal(store_alerts_check(s, &a, &an), 1);
    /* The same article again: ignored. */
    assert_int_equal(store_alerts_check(s, &a, &an), 0);
    /* A watchlist change on this connection counts after invalidating. */
    assert_int_equal(store_watch_add(s, "NVDA", 1), 1);
    store_alerts_invalidate(s);
    assert_int_equal(store_alerts_check(s, &a, &an), 1);
    /* Nothing is delivered inside the transaction that fired it. */
    assert_int_equal(store_alerts_deliver(s, on_delivered, NULL), -1);
    assert_int_equal(store_commit(s), 0);

    /* A rule added by another connection is seen without invalidating. */
    struct store *other = store_open(path, 0);
    assert_non_null(other);
    assert_int_equal(alert_rule_parse("sentiment NVDA > 0.1", &r), 0);
    assert_int_equal(store_alert_add(other, &r, 200), 0);
    alert_rule_clear(&r);
    store_close(other);
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(store_alerts_check(s, &a, &an), 1);
    assert_int_equal(store_commit(s), 0);

    /* After the commit, each event goes out once, oldest first. */
    delivered_count = 0;
    assert_int_equal(store_alerts_deliver(s, on_delivered, NULL), 3);
    assert_int_equal(delivered_count, 3);
    assert_true(delivered_ids[0] < delivered_ids[1] && delivered_ids[1] < delivered_ids[2]);
    assert_int_equal(store_alerts_deliver(s, on_delivered, NULL), 0);
    assert_int_equal(delivered_count, 3);

    /* Disabled rules are left out. */
    assert_int_equal(store_alert_set_enabled(s, 3, 0), 1);
    assert_int_equal(store_alert_rm(s, 1), 1);
    assert_int_equal(store_alert_rm(s, 1), 0);

    struct alert_event_row *ev;
    size_t n;
    assert_int_equal(store_alert_log(s, 10, &ev, &n), 0);
    assert_int_equal(n, 2); /* rule 1's event went with it */
    assert_string_equal(ev[0].title, "Nvidia");
    assert_string_equal(ev[0].delivery, "delivered");
    assert_null(ev[0].exec_error);
    store_alert_events_free(ev, n);
    assert_int_equal(store_alert_unseen(s), 2);
    assert_int_equal(store_alert_mark_seen(s, INT64_MAX), 0);
    assert_int_equal(store_alert_unseen(s), 0);
    struct alert_rule *rules;
    assert_int_equal(store_alert_rules(s, 1, &rules, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rules[0].kind, ALERT_WATCHLIST);
    alert_rules_free(rules, n);
    article_clear(&a);
    store_close(s);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* Stores one article named by title mentioning NVDA, firing the store's
 * rules, in its own transaction; commits unless rollback. */
static void fire_one(struct store *s, int64_t feed, const char *title, int rollback)
{
    struct ticker_hit h = hit("NVDA", 1, 0.2);
    struct analysis an = {.score = 0.2, .tickers = &h, .n_tickers = 1};
    struct article a = {.feed_id = feed, .published = 1000, .fetched = 1000};
    a.guid = xstrdup(title);
    a.title = xstrdup(title);
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(store_article_insert(s, &a, &an), 1);
    assert_int_equal(store_alerts_check(s, &a, &an), 1);
    if (rollback)
        store_rollback(s);
    else
        assert_int_equal(store_commit(s), 0);
    article_clear(&a);
}

static int64_t count_where(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* The outbox: a rolled-back event never goes out; a claimed event is
 * another connection's to finish, never delivered twice; a claim left by a
 * failed run of this connection is finished without running again. */
static void test_outbox(void **state)
{
    (void)state;
    char dir[] = "/tmp/bullpen-outbox-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128], ran[160];
    snprintf(path, sizeof path, "%s/s.db", dir);
    snprintf(ran, sizeof ran, "%s/ran", dir);
    struct store *s = store_open(path, 0), *t = store_open(path, 0);
    assert_non_null(s);
    assert_non_null(t);
    int64_t feed;
    assert_true(store_feed_add(s, "http://x.example/feed", NULL, 1, &feed) >= 0);
    struct alert_rule r;
    assert_int_equal(alert_rule_parse("mention NVDA", &r), 0);
    char *argv[] = {"sh", "-c", "echo \"$BULLPEN_ARTICLE_ID\" >>\"$0\"", ran};
    assert_int_equal(alert_rule_set_argv(&r, argv, 4), 0);
    assert_int_equal(store_alert_add(s, &r, 100), 0);
    alert_rule_clear(&r);

    fire_one(s, feed, "rolled back", 1);
    fire_one(s, feed, "kept", 0);
    assert_int_equal(count_where(path, "SELECT count(*) FROM alert_events"), 1);
    assert_int_equal(
        count_where(path, "SELECT count(*) FROM alert_events WHERE delivery = 'pending'"), 1);

    /* Another connection claims it first: this one finds nothing to do. */
    delivered_count = 0;
    assert_int_equal(store_alerts_deliver(t, on_delivered, NULL), 1);
    assert_int_equal(store_alerts_deliver(s, on_delivered, NULL), 0);
    assert_int_equal(delivered_count, 1);

    /* A claim by a connection that died stays as it is: never run again. */
    fire_one(s, feed, "claimed by the dead", 0);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE alert_events SET delivery = 'delivering', claim = 42"
                                  " WHERE delivery = 'pending'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_alerts_deliver(s, on_delivered, NULL), 0);
    assert_int_equal(delivered_count, 1);
    assert_int_equal(
        count_where(path, "SELECT count(*) FROM alert_events WHERE delivery = 'delivering'"), 1);

    /* The command ran once, for the article that was committed (which took
     * the rolled-back one's id: one line says the other never ran). */
    size_t len = 0;
    char *out = NULL;
    for (int i = 0; i < 200 && !out; i++) {
        if (access(ran, F_OK) == 0) out = file_read_all(ran, 4096, &len);
        if (!out) usleep(25000);
    }
    assert_non_null(out);
    assert_string_equal(out, "1\n");
    free(out);
    store_close(t);
    store_close(s);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* The migrations as this build applies them, for building an old store. */
extern const char *const store_migrations[];

/* A store of schema 1 (events fired, their commands run, before the outbox)
 * migrates: its events are delivered already and never run again. */
static void test_migrate_events(void **state)
{
    (void)state;
    char dir[] = "/tmp/bullpen-migrate-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/s.db", dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, store_migrations[0], NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "PRAGMA application_id = 1112559153; PRAGMA user_version = 1;"
                     "INSERT INTO feeds(id, url, added) VALUES (1, 'http://x.example/', 1);"
                     "INSERT INTO articles(id, feed_id, guid, title, published, fetched)"
                     " VALUES (1, 1, 'g', 'Old news', 1, 1);"
                     "INSERT INTO alert_rules(id, spec, kind, keyword, exec, created)"
                     " VALUES (1, 'keyword news', 'keyword', 'news', '[\"false\"]', 1);"
                     "INSERT INTO alert_events(rule_id, article_id, at, detail)"
                     " VALUES (1, 1, 1, 'keyword \"news\"');",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    struct store *s = store_open(path, 0);
    assert_non_null(s);
    delivered_count = 0;
    assert_int_equal(store_alerts_deliver(s, on_delivered, NULL), 0);
    assert_int_equal(delivered_count, 0);
    struct alert_event_row *ev;
    size_t n;
    assert_int_equal(store_alert_log(s, 10, &ev, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(ev[0].delivery, "delivered");
    assert_int_equal(ev[0].seen, 0);
    store_alert_events_free(ev, n);
    assert_int_equal(store_alert_unseen(s), 1);
    store_close(s);
    assert_int_equal(count_where(path, "PRAGMA user_version"), store_schema_version());
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_ok),       cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_phrase),         cmocka_unit_test(test_match),
        cmocka_unit_test(test_argv_json),      cmocka_unit_test(test_exec),
        cmocka_unit_test(test_store_events),   cmocka_unit_test(test_outbox),
        cmocka_unit_test(test_migrate_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
