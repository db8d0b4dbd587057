/* The fetcher against a real HTTP server (tests/httpserver.py) on 127.0.0.1:
 * one transfer: bodies, conditional requests, errors, time limits,
 * redirects, size caps and compression. */
#include "fetch_test.h"

/* ---- tests ----------------------------------------------------------------- */

static void test_ok_body(void **state)
{
    struct got g = {0};
    server_reset();
    struct res *r = fetch1(NULL, &g, url("/feed.xml"), NULL, NULL);
    assert_null(r->error);
    assert_int_equal(r->status, 200);
    assert_string_equal(r->body, FEED_XML);
    assert_int_equal(r->len, strlen(FEED_XML));
    assert_non_null(r->etag);
    assert_non_null(r->lm);
    assert_string_equal(r->final_url, url("/feed.xml"));
    cJSON *req = server_last_request("/feed.xml");
    assert_true(starts_with(jstr(req, "ua"), "bullpen/" BULLPEN_VERSION " "));
    assert_non_null(strstr(jstr(req, "ae"), "gzip"));
    assert_null(jstr(req, "inm"));
    cJSON_Delete(req);
    got_free(&g);
}

static void test_conditional_refetch(void **state)
{
    struct got first = {0}, again = {0}, by_date = {0};
    struct res *a = fetch1(NULL, &first, url("/feed.xml"), NULL, NULL);
    assert_int_equal(a->status, 200);

    struct res *b = fetch1(NULL, &again, url("/feed.xml"), a->etag, a->lm);
    assert_null(b->error);
    assert_int_equal(b->status, 304);
    assert_true(b->not_modified);
    assert_null(b->body);
    cJSON *req = server_last_request("/feed.xml");
    assert_string_equal(jstr(req, "inm"), a->etag);
    assert_string_equal(jstr(req, "ims"), a->lm);
    cJSON_Delete(req);

    /* Last-Modified alone is enough too. */
    struct res *c = fetch1(NULL, &by_date, url("/feed.xml"), NULL, a->lm);
    assert_true(c->not_modified);
    got_free(&first);
    got_free(&again);
    got_free(&by_date);
}

static void test_http_errors_are_per_transfer(void **state)
{
    struct fetch_req reqs[] = {
        {.id = 1, .url = url("/status/404")},
        {.id = 2, .url = url("/status/500")},
        {.id = 3, .url = url("/ok")},
        {.id = 4, .url = url("/status/301")}, /* no Location: nothing to follow */
    };
    struct got g = {0};
    assert_int_equal(fetch_run(NULL, reqs, 4, collect, &g), 0);
    assert_int_equal(g.n, 4);
    struct res *r = by_id(&g, 1);
    assert_int_equal(r->status, 404);
    assert_string_equal(r->error, "HTTP 404 Not Found");
    assert_null(r->body);
    r = by_id(&g, 2);
    assert_string_equal(r->error, "HTTP 500 Internal Server Error");
    assert_null(r->body);
    r = by_id(&g, 3);
    assert_null(r->error);
    assert_non_null(strstr(r->body, "<title>ok</title>"));
    assert_string_equal(by_id(&g, 4)->error, "HTTP 301 Moved Permanently");
    got_free(&g);
}

static void test_total_timeout(void **state)
{
    struct fetch_opts o;
    fetch_opts_default(&o);
    o.total_timeout_ms = 1500;
    struct got g = {0};
    double t0 = now_s();
    struct res *r = fetch1(&o, &g, url("/slow?s=5"), NULL, NULL);
    double took = now_s() - t0;
    assert_string_equal(r->error, "timed out after 1.5 s");
    assert_null(r->body);
    assert_true(took >= 1.4 && took < 3.0);
    got_free(&g);
}

/* A listener whose accept queue is full drops new SYNs, so a connect to it
 * hangs until the connect timeout: no routing tricks needed. */
static void test_connect_timeout(void **state)
{
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    assert_int_equal(bind(l, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(l, 0), 0);
    assert_int_equal(getsockname(l, (struct sockaddr *)&a, &alen), 0);
    int fill[4];
    for (int i = 0; i < 4; i++) {
        fill[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        connect(fill[i], (struct sockaddr *)&a, sizeof a); /* EINPROGRESS is expected */
    }
    nap_ms(50);
    char u[64];
    snprintf(u, sizeof u, "http://127.0.0.1:%d/feed", ntohs(a.sin_port));
    struct fetch_opts o;
    fetch_opts_default(&o);
    o.connect_timeout_ms = 500;
    struct got g = {0};
    double t0 = now_s();
    struct res *r = fetch1(&o, &g, u, NULL, NULL);
    double took = now_s() - t0;
    assert_string_equal(r->error, "connect timed out after 0.5 s");
    assert_int_equal(r->status, 0);
    assert_true(took >= 0.4 && took < 2);
    got_free(&g);
    for (int i = 0; i < 4; i++)
        close(fill[i]);
    close(l);
}

static void test_slow_drip_is_cut(void **state)
{
    struct fetch_opts o;
    fetch_opts_default(&o);
    o.low_speed_secs = 1;
    o.total_timeout_ms = 4000;
    struct got g = {0};
    double t0 = now_s();
    struct res *r = fetch1(&o, &g, url("/drip?every=2&bytes=100"), NULL, NULL);
    double took = now_s() - t0;
    assert_non_null(r->error);
    assert_true(starts_with(r->error, "too slow") || starts_with(r->error, "timed out"));
    assert_true(took < 4.5);
    got_free(&g);
}

static void test_redirects(void **state)
{
    struct fetch_req reqs[] = {
        {.id = 1, .url = url("/redirect-loop")},
        {.id = 2, .url = url("/redirect/3")},
        {.id = 3, .url = url("/redirect/1?to=ftp://127.0.0.1/x")},
        {.id = 4, .url = url("/redirect/1?to=file:///etc/passwd")},
    };
    struct got g = {0};
    assert_int_equal(fetch_run(NULL, reqs, 4, collect, &g), 0);
    assert_string_equal(by_id(&g, 1)->error, "too many redirects (over 5)");
    struct res *r = by_id(&g, 2);
    assert_null(r->error);
    assert_int_equal(r->redirects, 3);
    assert_string_equal(r->final_url, url("/ok"));
    assert_non_null(strstr(r->body, "<title>ok</title>"));
    assert_string_equal(by_id(&g, 3)->error,
                        "redirect to unsupported scheme (only http and https)");
    assert_string_equal(by_id(&g, 4)->error,
                        "redirect to unsupported scheme (only http and https)");
    got_free(&g);

    struct fetch_opts o;
    fetch_opts_default(&o);
    o.max_redirects = 0;
    r = fetch1(&o, &g, url("/redirect/1"), NULL, NULL);
    assert_string_equal(r->error, "too many redirects (over 0)");
    got_free(&g);
}

static long max_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void test_body_cap_bounds_memory(void **state)
{
    struct fetch_opts o;
    fetch_opts_default(&o);
    o.max_body = 1024 * 1024;
    long rss0 = max_rss_kib();
    struct fetch_req reqs[] = {
        {.id = 1, .url = url("/big?mb=5")},             /* declared: refused up front */
        {.id = 2, .url = url("/big?mb=64&nolength=1")}, /* chunked: cut in the callback */
        {.id = 3, .url = url("/big?bytes=1048576")},    /* exactly at the cap: fine */
    };
    struct got g = {0};
    double t0 = now_s();
    assert_int_equal(fetch_run(&o, reqs, 3, collect, &g), 0);
    assert_true(now_s() - t0 < 5);
    assert_string_equal(by_id(&g, 1)->error, "body over 1 MiB");
    assert_string_equal(by_id(&g, 2)->error, "body over 1 MiB");
    assert_null(by_id(&g, 2)->body);
    assert_null(by_id(&g, 3)->error);
    assert_int_equal(by_id(&g, 3)->len, 1048576);
    /* Reading 64 MiB into memory would show here; the cap keeps it to a few. */
    assert_true(max_rss_kib() - rss0 < 24 * 1024);
    got_free(&g);
}

/* What /big sends, over and over. */
static const char line[] = "abcdefghijklmnopqrstuvwxyz"
                           "abcdefghijklmnopqrstuvwxyz"
                           "abcdefghijklmnopqrstuvwxyz\n";

/* Bodies past 64 KiB wait in temporary files while they arrive: several at
 * once, with and without a declared length, each comes back whole. */
static void test_large_bodies_whole(void **state)
{
    (void)state;
    struct fetch_req reqs[] = {
        {.id = 1, .url = url("/big?bytes=300000")},
        {.id = 2, .url = url("/big?bytes=300001&nolength=1")},
        {.id = 3, .url = url("/big?bytes=65536")},
        {.id = 4, .url = url("/big?bytes=65537")},
        {.id = 5, .url = url("/big?bytes=1048576")},
    };
    static const size_t want[] = {300000, 300001, 65536, 65537, 1048576};
    struct got g = {0};
    assert_int_equal(fetch_run(NULL, reqs, 5, collect, &g), 0);
    for (int i = 0; i < 5; i++) {
        struct res *r = by_id(&g, i + 1);
        assert_null(r->error);
        assert_int_equal(r->len, want[i]);
        size_t bad = 0;
        for (size_t k = 0; k < r->len; k++)
            bad += r->body[k] != line[k % (sizeof line - 1)];
        assert_int_equal(bad, 0);
        assert_int_equal(r->body[r->len], '\0');
    }
    got_free(&g);
}

/* With body_as_file, a body past 64 KiB comes as its temporary file
 * (unlinked, in $TMPDIR, closed after the callback), a smaller one in
 * memory; a TMPDIR that cannot be written fails only the large body, in
 * one line that says where and why (without body_as_file the body stays in
 * memory, as it would be read back there). */
struct as_file {
    int n, fds[4];
    size_t len[4], bad[4];
    int in_memory[4];
    char error[4][256];
};

static int collect_file(void *ctx, const struct fetch_result *r)
{
    struct as_file *a = ctx;
    int i = (int)r->id;
    a->n++;
    a->fds[i] = r->body_file;
    a->len[i] = r->len;
    a->in_memory[i] = r->body != NULL;
    snprintf(a->error[i], sizeof a->error[i], "%s", r->error ? r->error : "");
    char buf[4096];
    for (size_t off = 0; r->body_file >= 0 && off < r->len;) {
        ssize_t k = pread(r->body_file, buf, sizeof buf, (off_t)off);
        assert_true(k > 0);
        for (ssize_t j = 0; j < k; j++)
            a->bad[i] += buf[j] != line[(off + (size_t)j) % (sizeof line - 1)];
        off += (size_t)k;
    }
    return 0;
}

static void test_large_bodies_as_files(void **state)
{
    (void)state;
    struct fetch_req reqs[] = {
        {.id = 0, .url = url("/big?bytes=65536")},
        {.id = 1, .url = url("/big?bytes=300001&nolength=1")},
        {.id = 2, .url = url("/big?bytes=1048576")},
    };
    struct fetch_opts o;
    fetch_opts_default(&o);
    o.body_as_file = 1;
    struct as_file a = {0};
    assert_int_equal(fetch_run(&o, reqs, 3, collect_file, &a), 0);
    assert_int_equal(a.n, 3);
    assert_true(a.in_memory[0]);
    assert_int_equal(a.fds[0], -1);
    for (int i = 1; i < 3; i++) {
        assert_string_equal(a.error[i], "");
        assert_false(a.in_memory[i]);
        assert_true(a.fds[i] >= 0);
        assert_int_equal(a.bad[i], 0);
        assert_int_equal(fcntl(a.fds[i], F_GETFD), -1); /* closed after the callback */
    }
    assert_int_equal(a.len[1], 300001);
    assert_int_equal(a.len[2], 1048576);

    /* A TMPDIR that is not there. */
    char *old = getenv("TMPDIR") ? xstrdup(getenv("TMPDIR")) : NULL;
    setenv("TMPDIR", "/nonexistent/bullpen-tmp", 1);
    struct as_file b = {0}, c = {0};
    assert_int_equal(fetch_run(&o, reqs, 3, collect_file, &b), 0);
    /* Bodies read back into memory anyway stay there. */
    assert_int_equal(fetch_run(NULL, reqs, 3, collect_file, &c), 0);
    if (old)
        setenv("TMPDIR", old, 1);
    else
        unsetenv("TMPDIR");
    free(old);
    assert_true(b.in_memory[0]);
    for (int i = 1; i < 3; i++) {
        assert_string_equal(b.error[i], "cannot write the body to a temporary file in "
                                        "/nonexistent/bullpen-tmp: No such file or directory");
        assert_string_equal(c.error[i], "");
        assert_true(c.in_memory[i]);
    }
    assert_int_equal(c.len[2], 1048576);
}

static void test_gzip_and_deflate(void **state)
{
    struct fetch_req reqs[] = {
        {.id = 1, .url = url("/gzip/feed.xml")},
        {.id = 2, .url = url("/deflate/feed.xml")},
        {.id = 3, .url = url("/gzip/ok")},
        {.id = 4, .url = url("/rawdeflate/feed.xml")},
    };
    struct got g = {0};
    assert_int_equal(fetch_run(NULL, reqs, 4, collect, &g), 0);
    static const int same_as_file[] = {1, 2, 4};
    for (int i = 0; i < 3; i++) {
        struct res *r = by_id(&g, same_as_file[i]);
        assert_null(r->error);
        assert_string_equal(r->body, FEED_XML);
    }
    assert_non_null(strstr(by_id(&g, 3)->body, "<title>ok</title>"));
    got_free(&g);

    struct res *r = fetch1(NULL, &g, url("/gzip-members"), NULL, NULL);
    assert_string_equal(r->body, "<rss><channel><title>members</title>"
                                 "<item><title>two</title></item></channel></rss>\n");
    got_free(&g);
}

static void test_bad_compressed_data(void **state)
{
    struct fetch_req reqs[] = {
        {.id = 1, .url = url("/truncated-gzip")},
        {.id = 2, .url = url("/corrupt-gzip")},
    };
    struct got g = {0};
    assert_int_equal(fetch_run(NULL, reqs, 2, collect, &g), 0);
    assert_string_equal(by_id(&g, 1)->error, "truncated gzip data");
    assert_null(by_id(&g, 1)->body);
    assert_string_equal(by_id(&g, 2)->error, "bad gzip data");
    got_free(&g);
}

static void test_gzip_bomb_stops_at_cap(void **state)
{
    struct fetch_opts o;
    fetch_opts_default(&o);
    o.max_body = 1024 * 1024;
    struct got g = {0};
    double t0 = now_s();
    struct res *r = fetch1(&o, &g, url("/bomb?gb=1"), NULL, NULL);
    assert_string_equal(r->error, "body over 1 MiB");
    assert_true(now_s() - t0 < 5);
    got_free(&g);
}

static void test_changing_feed(void **state)
{
    struct got a = {0}, b = {0}, c = {0}, d = {0};
    server_reset();
    /* Changes on every request: the refetch is conditional yet gets new content. */
    struct res *r1 = fetch1(NULL, &a, url("/changing/x"), NULL, NULL);
    struct res *r2 = fetch1(NULL, &b, url("/changing/x"), r1->etag, r1->lm);
    assert_non_null(strstr(r1->body, "version 1"));
    assert_int_equal(r2->status, 200);
    assert_non_null(strstr(r2->body, "version 2"));
    assert_string_not_equal(r1->etag, r2->etag);
    got_free(&a);
    got_free(&b);

    /* Changes every second request: 200, 304, 200. */
    r1 = fetch1(NULL, &a, url("/changing/y?every=2"), NULL, NULL);
    r2 = fetch1(NULL, &b, url("/changing/y?every=2"), r1->etag, r1->lm);
    struct res *r3 = fetch1(NULL, &c, url("/changing/y?every=2"), r1->etag, r1->lm);
    assert_true(r2->not_modified);
    assert_int_equal(r3->status, 200);
    assert_non_null(strstr(r3->body, "version 2"));
    struct res *r4 = fetch1(NULL, &d, url("/changing/y?every=2"), r3->etag, r3->lm);
    assert_true(r4->not_modified);
    got_free(&a);
    got_free(&b);
    got_free(&c);
    got_free(&d);
}

int main(void)
{
    if (fetch_global_init() < 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_body_cap_bounds_memory), /* first: it measures peak memory */
        cmocka_unit_test(test_ok_body),
        cmocka_unit_test(test_conditional_refetch),
        cmocka_unit_test(test_http_errors_are_per_transfer),
        cmocka_unit_test(test_total_timeout),
        cmocka_unit_test(test_connect_timeout),
        cmocka_unit_test(test_slow_drip_is_cut),
        cmocka_unit_test(test_redirects),
        cmocka_unit_test(test_large_bodies_whole),
        cmocka_unit_test(test_large_bodies_as_files),
        cmocka_unit_test(test_gzip_and_deflate),
        cmocka_unit_test(test_bad_compressed_data),
        cmocka_unit_test(test_gzip_bomb_stops_at_cap),
        cmocka_unit_test(test_changing_feed),
    };
    int failed = cmocka_run_group_tests(tests, server_start, server_stop);
    fetch_global_cleanup();
    return failed;
}
