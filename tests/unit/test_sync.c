/* The fetch pass and the background fetcher against a real HTTP server on
 * 127.0.0.1 (tests/httpserver.py): events arrive through the pipe, articles
 * land analysed, a second pass is conditional. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/analyze.h"
#include "core/config.h"
#include "core/feed.h"
#include "core/fetch.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/ingest.h"
#include "storage/store.h"
#include "sync/sync.h"

static char dir[64], db[96];
static pid_t server;
static int port;
static struct analyzer *an;
static struct config *cfg;

static int start_server(void)
{
    const char *tests = getenv("BULLPEN_TESTS_DIR");
    if (!tests) return -1;
    char script[512], root[512], pf[128];
    snprintf(script, sizeof script, "%s/httpserver.py", tests);
    snprintf(root, sizeof root, "%s/fixtures/feeds", tests);
    snprintf(pf, sizeof pf, "%s/port", dir);
    server = fork();
    if (server == 0) {
        if (!freopen("/dev/null", "w", stdout)) _exit(127);
        execlp("python3", "python3", script, "--root", root, "--port-file", pf, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 200; i++) {
        FILE *f = fopen(pf, "r");
        if (f) {
            int ok = fscanf(f, "%d", &port) == 1;
            fclose(f);
            if (ok) return 0;
        }
        struct timespec ts = {0, 20000000};
        nanosleep(&ts, NULL);
    }
    return -1;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/bullpen-sync-XXXXXX");
    if (!mkdtemp(dir) || start_server()) return -1;
    snprintf(db, sizeof db, "%s/s.db", dir);
    an = analyzer_new(NULL);
    cfg = config_load(NULL, 0);
    return an && cfg && fetch_global_init() == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kill(server, SIGTERM);
    waitpid(server, NULL, 0);
    analyzer_free(an);
    config_free(cfg);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

struct tally {
    int started, finished, feeds, new_articles, errors;
};

static void count(void *ctx, const struct sync_event *ev)
{
    struct tally *t = ctx;
    if (ev->kind == SYNC_STARTED) t->started++;
    if (ev->kind == SYNC_FEED_DONE) {
        t->feeds++;
        if (ev->text[0]) t->errors++;
    }
    if (ev->kind == SYNC_FINISHED) {
        t->finished++;
        t->new_articles = ev->new_articles;
    }
}

static void add(struct store *s, const char *path)
{
    char url[256];
    int64_t id;
    snprintf(url, sizeof url, "http://127.0.0.1:%d/%s", port, path);
    assert_int_equal(store_feed_add(s, url, NULL, 1, &id), 1);
}

static void test_pass_stores_analysed_articles(void **state)
{
    (void)state;
    struct store *s = store_open(db, 0);
    assert_non_null(s);
    add(s, "rss2.xml");
    add(s, "atom10.xml");
    add(s, "status/503");
    struct sync_opts o = {.force = 1};
    struct tally t = {0};
    assert_int_equal(sync_run(s, cfg, an, &o, count, &t), 0);
    assert_int_equal(t.started, 1);
    assert_int_equal(t.finished, 1);
    assert_int_equal(t.feeds, 3);
    assert_int_equal(t.errors, 1);
    assert_int_equal(t.new_articles, 9);
    /* Analysed in the same pass: mentions exist. */
    struct article_filter f = {.ticker = "AAPL"};
    struct article_row *rows;
    size_t n;
    assert_int_equal(store_articles_page(s, &f, NULL, 0, 10, &rows, &n), 0);
    assert_true(n >= 1);
    store_article_rows_free(rows, n);
    /* Again: nothing new; the 503 feed is backing off and not due. */
    struct tally t2 = {0};
    o.force = 0;
    assert_int_equal(sync_run(s, cfg, an, &o, count, &t2), 0);
    assert_int_equal(t2.feeds, 0);
    struct feed_row *fr;
    assert_int_equal(store_feed_list(s, &fr, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(fr[2].status, "error");
    assert_int_equal(fr[2].fail_count, 1);
    assert_true(fr[2].next_fetch > fr[2].last_fetch);
    store_feed_rows_free(fr, n);
    store_close(s);
}

static void test_thread_reports_through_fd(void **state)
{
    (void)state;
    struct store *s = store_open(db, 0);
    assert_non_null(s);
    add(s, "jsonfeed11.json");
    add(s, "changing/t1");
    store_close(s);
    int fd = -1;
    struct sync_thread *th = sync_thread_start(db, cfg, an, &fd);
    assert_non_null(th);
    assert_true(fd >= 0);
    int finished = 0, new_total = 0, kicked = 0;
    time_t deadline = time(NULL) + 20;
    while (finished < 2 && time(NULL) < deadline) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 500) <= 0) continue;
        struct sync_event ev;
        while (sync_thread_poll(th, &ev)) {
            if (ev.kind == SYNC_FINISHED) {
                finished++;
                new_total += ev.new_articles;
                if (!kicked) {
                    kicked = 1;
                    sync_thread_kick(th); /* a second pass on request */
                }
            }
        }
    }
    sync_thread_stop(th);
    assert_int_equal(finished, 2);
    /* jsonfeed: 2; the changing feed grows by one item per request. */
    assert_int_equal(new_total, 4);
}

static void test_seed_defaults_once(void **state)
{
    (void)state;
    struct store *s = store_open(db, 0);
    assert_non_null(s);
    int n = sync_seed_defaults(s);
    assert_true(n >= 20);
    assert_int_equal(sync_seed_defaults(s), 0);
    struct feed_row *fr;
    size_t k;
    assert_int_equal(store_feed_list(s, &fr, &k), 0);
    assert_int_equal((int)k, n);
    for (size_t i = 0; i < k; i++) {
        assert_non_null(strstr(fr[i].tags, "default"));
        assert_int_equal(strncmp(fr[i].url, "https://", 8), 0);
    }
    store_feed_rows_free(fr, k);
    store_close(s);
}

static void parse_two(struct feed_doc *d)
{
    static const char xml[] =
        "<rss version=\"2.0\"><channel><title>Desk</title>"
        "<item><guid>g1</guid><title>Copper climbs on supply worries</title></item>"
        "<item><guid>g2</guid><title>Rate futures steady before the minutes</title></item>"
        "</channel></rss>";
    assert_int_equal(feed_parse(xml, sizeof xml - 1, 1, d), 0);
    assert_int_equal(d->n_items, 2);
}

/* Feeds stored inside an open transaction (the pass's batch) are parts of
 * it: one that fails (its feed does not exist) rolls the whole transaction
 * back, the feed stored before it and the per-feed counts with it, and
 * leaves no transaction open; a feed stored after that, in a transaction
 * of its own, is kept. */
static void test_failed_part_ends_its_transaction(void **state)
{
    (void)state;
    struct store *s = store_open(db, 0);
    assert_non_null(s);
    int64_t a, b;
    assert_int_equal(store_feed_add(s, "http://a.example/feed", NULL, 1, &a), 1);
    assert_int_equal(store_feed_add(s, "http://b.example/feed", NULL, 1, &b), 1);
    struct feed_doc d[3];
    for (int i = 0; i < 3; i++)
        parse_two(&d[i]);
    int added = -1, fired = -1;
    assert_int_equal(store_begin(s), 0);
    struct ingest_feed in = {.feed_id = a, .now = 2, .interval = 60};
    assert_int_equal(store_feed_ingest(s, &in, &d[0], NULL, &added, &fired), 0);
    assert_int_equal(added, 2);
    assert_true(store_in_txn(s));
    in = (struct ingest_feed){.feed_id = b + 100, .now = 2, .interval = 60};
    assert_int_equal(store_feed_ingest(s, &in, &d[1], NULL, &added, &fired), -1);
    assert_int_equal(added, 0);
    assert_false(store_in_txn(s));
    assert_int_equal(store_articles_count(s), 0);
    /* Alone, outside any transaction: committed by itself. */
    in = (struct ingest_feed){.feed_id = b, .now = 2, .interval = 60};
    assert_int_equal(store_feed_ingest(s, &in, &d[2], NULL, &added, &fired), 0);
    assert_int_equal(added, 2);
    assert_false(store_in_txn(s));
    struct feed_row *fr;
    size_t n;
    assert_int_equal(store_feed_list(s, &fr, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(fr[0].article_count, 0);
    assert_null(fr[0].status);
    assert_int_equal(fr[1].article_count, 2);
    assert_string_equal(fr[1].status, "ok");
    store_feed_rows_free(fr, n);
    assert_int_equal(store_articles_count(s), 2);
    for (int i = 0; i < 3; i++)
        feed_doc_free(&d[i]);
    store_close(s);
}

static int fresh(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -f %s %s-wal %s-shm", db, db, db);
    return system(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_pass_stores_analysed_articles, fresh),
        cmocka_unit_test_setup(test_thread_reports_through_fd, fresh),
        cmocka_unit_test_setup(test_seed_defaults_once, fresh),
        cmocka_unit_test_setup(test_failed_part_ends_its_transaction, fresh),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
