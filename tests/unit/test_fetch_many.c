/* The fetcher against a real HTTP server (tests/httpserver.py) on 127.0.0.1:
 * many transfers at once, stopping a pass, bad URLs among good ones, TLS,
 * fetch_one and the user agent. */
#include "fetch_test.h"

static void test_parallel_is_bounded(void **state)
{
    enum { N = 20 };
    struct fetch_req reqs[N];
    char paths[N][64];
    for (int i = 0; i < N; i++) {
        snprintf(paths[i], sizeof paths[i], "/slow?s=0.2&i=%d", i);
        reqs[i] = (struct fetch_req){.id = i, .url = url(paths[i])};
    }
    struct fetch_opts o;
    fetch_opts_default(&o);
    o.parallel = 4;
    server_reset();
    struct got g = {0};
    double t0 = now_s();
    assert_int_equal(fetch_run(&o, reqs, N, collect, &g), 0);
    double took = now_s() - t0;
    assert_int_equal(g.n, N);
    for (int i = 0; i < N; i++) {
        assert_null(by_id(&g, i)->error);
        assert_int_equal(by_id(&g, i)->status, 200);
    }
    long peak = server_stat("max_inflight");
    assert_true(peak <= 4);
    assert_true(peak >= 2);
    assert_true(took >= 0.9); /* 20 x 0.2 s, 4 at a time */
    assert_true(took < 5);
    got_free(&g);
}

static volatile int stop_flag;

static void *stop_later(void *arg)
{
    (void)arg;
    nap_ms(300);
    __atomic_store_n(&stop_flag, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void test_stop_flag_aborts_promptly(void **state)
{
    struct fetch_req reqs[] = {
        {.id = 1, .url = url("/slow?s=10&a")},
        {.id = 2, .url = url("/slow?s=10&b")},
        {.id = 3, .url = url("/slow?s=10&c")},
        {.id = 4, .url = url("/slow?s=10&d")},
    };
    struct fetch_opts o;
    fetch_opts_default(&o);
    o.parallel = 2;
    o.stop = &stop_flag;
    stop_flag = 0;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, stop_later, NULL), 0);
    struct got g = {0};
    double t0 = now_s();
    assert_int_equal(fetch_run(&o, reqs, 4, collect, &g), FETCH_STOPPED);
    double took = now_s() - t0;
    pthread_join(t, NULL);
    assert_int_equal(g.n, 0);
    assert_true(took < 1.5);

    /* Already set: nothing starts. */
    t0 = now_s();
    assert_int_equal(fetch_run(&o, reqs, 4, collect, &g), FETCH_STOPPED);
    assert_int_equal(g.n, 0);
    assert_true(now_s() - t0 < 0.5);
}

static void test_callback_can_stop(void **state)
{
    struct fetch_req reqs[5];
    for (int i = 0; i < 5; i++)
        reqs[i] = (struct fetch_req){.id = i, .url = url("/ok")};
    struct fetch_opts o;
    fetch_opts_default(&o);
    o.parallel = 1;
    struct got g = {.stop_after = 2};
    assert_int_equal(fetch_run(&o, reqs, 5, collect, &g), FETCH_STOPPED);
    assert_int_equal(g.n, 2);
    got_free(&g);
}

static void test_bad_among_good(void **state)
{
    struct fetch_req reqs[] = {
        {.id = 1, .url = url("/ok")},
        {.id = 2, .url = "http://127.0.0.1:1/feed"},
        {.id = 3, .url = url("/reset")},
        {.id = 4, .url = "not a url"},
        {.id = 5, .url = url("/truncated")},
        {.id = 6, .url = url("/feed.xml")},
        {.id = 7, .url = url("/no-such-file.xml")},
        {.id = 8, .url = url("/garbage?bytes=5000")},
        {.id = 9, .url = url("/wrongtype")},
    };
    struct fetch_opts o;
    fetch_opts_default(&o);
    o.parallel = 3;
    struct got g = {0};
    assert_int_equal(fetch_run(&o, reqs, 9, collect, &g), 0);
    assert_int_equal(g.n, 9);
    assert_null(by_id(&g, 1)->error);
    assert_string_equal(by_id(&g, 2)->error, "connection refused");
    assert_int_equal(by_id(&g, 2)->status, 0);
    const char *e3 = by_id(&g, 3)->error;
    assert_true(e3 &&
                (!strcmp(e3, "connection reset") || !strcmp(e3, "connection closed mid-body")));
    assert_string_equal(by_id(&g, 4)->error, "bad URL");
    assert_string_equal(by_id(&g, 5)->error, "connection closed mid-body");
    assert_string_equal(by_id(&g, 6)->body, FEED_XML);
    assert_string_equal(by_id(&g, 7)->error, "HTTP 404 Not Found");
    /* The fetcher hands over bytes as they are; judging them is the parser's job. */
    assert_int_equal(by_id(&g, 8)->len, 5000);
    assert_non_null(strstr(by_id(&g, 9)->body, "<rss"));
    got_free(&g);
}

static void test_only_http_and_https(void **state)
{
    struct fetch_req reqs[] = {
        {.id = 1, .url = "ftp://127.0.0.1/feed.xml"},
        {.id = 2, .url = "file:///etc/passwd"},
        {.id = 3, .url = ""},
        {.id = 4, .url = url("/ok")},
        {.id = 5, .url = "gopher://127.0.0.1/1"},
    };
    struct fetch_opts o;
    fetch_opts_default(&o);
    o.parallel = 1; /* refused requests must not hold a slot */
    struct got g = {0};
    assert_int_equal(fetch_run(&o, reqs, 5, collect, &g), 0);
    assert_int_equal(g.n, 5);
    assert_string_equal(by_id(&g, 1)->error, "unsupported scheme ftp (only http and https)");
    assert_string_equal(by_id(&g, 2)->error, "unsupported scheme file (only http and https)");
    assert_string_equal(by_id(&g, 3)->error, "empty URL");
    assert_null(by_id(&g, 4)->error);
    assert_string_equal(by_id(&g, 5)->error, "unsupported scheme gopher (only http and https)");
    got_free(&g);
}

/* TLS is always verified: a self-signed certificate is refused. */
static void test_tls_is_verified(void **state)
{
    char key[128], cert[128];
    snprintf(key, sizeof key, "%s/key.pem", tmpdir);
    snprintf(cert, sizeof cert, "%s/cert.pem", tmpdir);
    char *gen[] = {"openssl", "req",   "-x509",         "-newkey", "rsa:2048",
                   "-nodes",  "-subj", "/CN=127.0.0.1", "-days",   "1",
                   "-keyout", key,     "-out",          cert,      NULL};
    int status = -1;
    pid_t pid = spawn(gen, -1, 1);
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        skip(); /* no openssl command here */
    struct server tls = {.pid = -1, .stdin_fd = -1};
    const char *extra[] = {"--tls-cert", cert, "--tls-key", key, NULL};
    assert_int_equal(server_spawn(&tls, "https", extra), 0);
    char u[128];
    snprintf(u, sizeof u, "%s/ok", tls.base);
    struct got g = {0};
    struct res *r = fetch1(NULL, &g, u, NULL, NULL);
    assert_string_equal(r->error, "TLS certificate not trusted");
    assert_null(r->body);
    got_free(&g);
    server_kill(&tls);
    tmp_remove("key.pem");
    tmp_remove("cert.pem");
}

static void test_fetch_one(void **state)
{
    char *body = NULL;
    size_t len = 0;
    assert_int_equal(fetch_one(NULL, url("/gzip/feed.xml"), &body, &len), 0);
    assert_string_equal(body, FEED_XML);
    assert_int_equal(len, strlen(FEED_XML));
    free(body);
    assert_int_equal(fetch_one(NULL, url("/status/503"), &body, &len), -1);
    assert_null(body);
    assert_string_equal(err_msg(), "HTTP 503 Service Unavailable");
}

static void test_user_agent_is_configurable(void **state)
{
    struct fetch_opts o;
    fetch_opts_default(&o);
    o.user_agent = "custom-agent/2";
    struct got g = {0};
    fetch1(&o, &g, url("/ok?ua"), NULL, NULL);
    cJSON *req = server_last_request("/ok?ua");
    assert_string_equal(jstr(req, "ua"), "custom-agent/2");
    cJSON_Delete(req);
    got_free(&g);
}

int main(void)
{
    if (fetch_global_init() < 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parallel_is_bounded),
        cmocka_unit_test(test_stop_flag_aborts_promptly),
        cmocka_unit_test(test_callback_can_stop),
        cmocka_unit_test(test_bad_among_good),
        cmocka_unit_test(test_only_http_and_https),
        cmocka_unit_test(test_tls_is_verified),
        cmocka_unit_test(test_fetch_one),
        cmocka_unit_test(test_user_agent_is_configurable),
    };
    int failed = cmocka_run_group_tests(tests, server_start, server_stop);
    fetch_global_cleanup();
    return failed;
}
