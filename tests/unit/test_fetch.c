/* The fetcher against a real HTTP server (tests/httpserver.py) on 127.0.0.1. */
#include "core/err.h"
#include "core/fetch.h"
#include "core/str.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define FEED_XML                                                                                   \
    "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>t</title>"                      \
    "<item><title>Fetched item</title><link>http://x/1</link></item></channel></rss>\n"

/* ---- the server ------------------------------------------------------------ */

struct server {
    pid_t pid;
    int stdin_fd;  /* closing it makes the server exit (--watch-stdin) */
    char base[64]; /* "http://127.0.0.1:PORT" */
};

static struct server srv = {.pid = -1, .stdin_fd = -1};
static char tmpdir[64]; /* the server's --root, and scratch files */

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void nap_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs(text, f);
    return fclose(f);
}

/* Runs argv (NULL-terminated) with stdin from pipe_in (or as is when < 0)
 * and stdout, stderr to /dev/null when quiet. Returns the child's pid. */
static pid_t spawn(char *const argv[], int pipe_in, int quiet)
{
    pid_t pid = fork();
    if (pid != 0) return pid;
    if (pipe_in >= 0) dup2(pipe_in, 0);
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
        dup2(devnull, 1);
        if (quiet) dup2(devnull, 2);
    }
    execvp(argv[0], argv);
    _exit(127);
}

/* Starts tests/httpserver.py with the extra arguments (up to 4) and waits,
 * polling, until it has written its port. */
static int server_spawn(struct server *sv, const char *scheme, const char *const extra[])
{
    const char *tests = getenv("BULLPEN_TESTS_DIR");
    if (!tests) {
        fprintf(stderr, "BULLPEN_TESTS_DIR is not set (run through ctest)\n");
        return -1;
    }
    char script[1024], portfile[128];
    snprintf(script, sizeof script, "%s/httpserver.py", tests);
    snprintf(portfile, sizeof portfile, "%s/port-%s", tmpdir, scheme);
    unlink(portfile);
    char *argv[16] = {"python3",     script,   "--root",       tmpdir,
                      "--port-file", portfile, "--watch-stdin"};
    for (int i = 0, k = 7; extra && extra[i] && k < 15; i++)
        argv[k++] = (char *)extra[i];

    int in[2];
    if (pipe(in) < 0) return -1;
    sv->pid = spawn(argv, in[0], 0);
    close(in[0]);
    sv->stdin_fd = in[1];
    if (sv->pid < 0) return -1;
    /* The server writes the port file atomically once it is listening. */
    for (double end = now_s() + 20; now_s() < end; nap_ms(20)) {
        if (waitpid(sv->pid, NULL, WNOHANG) == sv->pid) {
            sv->pid = -1;
            fprintf(stderr, "test server exited early\n");
            return -1;
        }
        FILE *f = fopen(portfile, "r");
        int port = 0;
        if (!f) continue;
        int ok = fscanf(f, "%d", &port) == 1;
        fclose(f);
        if (ok && port > 0) {
            snprintf(sv->base, sizeof sv->base, "%s://127.0.0.1:%d", scheme, port);
            unlink(portfile);
            return 0;
        }
    }
    fprintf(stderr, "test server did not start\n");
    return -1;
}

static void server_kill(struct server *sv)
{
    if (sv->stdin_fd >= 0) close(sv->stdin_fd);
    if (sv->pid > 0) {
        kill(sv->pid, SIGTERM);
        waitpid(sv->pid, NULL, 0);
    }
    sv->pid = sv->stdin_fd = -1;
}

static void tmp_remove(const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    unlink(path);
}

static int server_start(void **state)
{
    (void)state;
    char feed[128];
    snprintf(tmpdir, sizeof tmpdir, "/tmp/bullpen-fetch-XXXXXX");
    if (!mkdtemp(tmpdir)) return -1;
    snprintf(feed, sizeof feed, "%s/feed.xml", tmpdir);
    if (write_file(feed, FEED_XML) < 0) return -1;
    return server_spawn(&srv, "http", NULL);
}

static int server_stop(void **state)
{
    (void)state;
    server_kill(&srv);
    tmp_remove("feed.xml");
    rmdir(tmpdir);
    return 0;
}

/* Full URL for a server path; rotates through a few buffers so several can be
 * live at once. */
static const char *url(const char *path)
{
    static char bufs[32][256];
    static int i;
    char *b = bufs[i++ % 32];
    snprintf(b, sizeof bufs[0], "%s%s", srv.base, path);
    return b;
}

static cJSON *server_json(const char *path)
{
    char *body = NULL;
    if (fetch_one(NULL, url(path), &body, NULL) < 0) fail_msg("%s: %s", path, err_msg());
    cJSON *j = cJSON_Parse(body);
    free(body);
    assert_non_null(j);
    return j;
}

static void server_reset(void)
{
    cJSON_Delete(server_json("/__reset"));
}

static long server_stat(const char *name)
{
    cJSON *j = server_json("/__stats");
    cJSON *v = cJSON_GetObjectItem(j, name);
    assert_true(cJSON_IsNumber(v));
    long n = (long)v->valuedouble;
    cJSON_Delete(j);
    return n;
}

/* The last logged request for path, as a cJSON object the caller deletes. */
static cJSON *server_last_request(const char *path)
{
    cJSON *log = server_json("/__log"), *found = NULL, *e;
    cJSON_ArrayForEach(e, log)
    {
        cJSON *p = cJSON_GetObjectItem(e, "path");
        if (cJSON_IsString(p) && strcmp(p->valuestring, path) == 0) found = e;
    }
    cJSON *copy = found ? cJSON_Duplicate(found, 1) : NULL;
    cJSON_Delete(log);
    assert_non_null(copy);
    return copy;
}

static const char *jstr(cJSON *o, const char *name)
{
    cJSON *v = cJSON_GetObjectItem(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- collecting results ---------------------------------------------------- */

struct res {
    int64_t id;
    long status;
    int not_modified, redirects;
    char *body, *etag, *lm, *error, *final_url;
    size_t len;
    long elapsed_ms;
};

struct got {
    int n;
    int stop_after; /* the callback asks to stop after this many, when > 0 */
    struct res r[64];
};

static int collect(void *ctx, const struct fetch_result *fr)
{
    struct got *g = ctx;
    assert_true(g->n < 64);
    struct res *r = &g->r[g->n++];
    r->id = fr->id;
    r->status = fr->status;
    r->not_modified = fr->not_modified;
    r->redirects = fr->redirects;
    r->len = fr->len;
    r->elapsed_ms = fr->elapsed_ms;
    if (fr->body) {
        r->body = malloc(fr->len + 1);
        memcpy(r->body, fr->body, fr->len + 1);
    }
    r->etag = xstrdup(fr->etag);
    r->lm = xstrdup(fr->last_modified);
    r->error = xstrdup(fr->error);
    r->final_url = xstrdup(fr->final_url);
    /* A body and an error never come together. */
    assert_true(!(fr->body && fr->error));
    return g->stop_after > 0 && g->n >= g->stop_after;
}

static void got_free(struct got *g)
{
    for (int i = 0; i < g->n; i++) {
        free(g->r[i].body);
        free(g->r[i].etag);
        free(g->r[i].lm);
        free(g->r[i].error);
        free(g->r[i].final_url);
    }
    memset(g, 0, sizeof *g);
}

static struct res *by_id(struct got *g, int64_t id)
{
    for (int i = 0; i < g->n; i++)
        if (g->r[i].id == id) return &g->r[i];
    fail_msg("no result for id %lld", (long long)id);
    return NULL;
}

/* Fetches one request with opts o into g (which the caller frees). */
static struct res *fetch1(const struct fetch_opts *o, struct got *g, const char *u,
                          const char *etag, const char *lm)
{
    struct fetch_req req = {.id = 1, .url = u, .etag = etag, .last_modified = lm};
    assert_int_equal(fetch_run(o, &req, 1, collect, g), 0);
    assert_int_equal(g->n, 1);
    return &g->r[0];
}

static int starts_with(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

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
    static const char line[] = "abcdefghijklmnopqrstuvwxyz"
                               "abcdefghijklmnopqrstuvwxyz"
                               "abcdefghijklmnopqrstuvwxyz\n";
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
        cmocka_unit_test(test_body_cap_bounds_memory), /* first: it measures peak memory */
        cmocka_unit_test(test_ok_body),
        cmocka_unit_test(test_conditional_refetch),
        cmocka_unit_test(test_http_errors_are_per_transfer),
        cmocka_unit_test(test_total_timeout),
        cmocka_unit_test(test_connect_timeout),
        cmocka_unit_test(test_slow_drip_is_cut),
        cmocka_unit_test(test_redirects),
        cmocka_unit_test(test_large_bodies_whole),
        cmocka_unit_test(test_gzip_and_deflate),
        cmocka_unit_test(test_bad_compressed_data),
        cmocka_unit_test(test_gzip_bomb_stops_at_cap),
        cmocka_unit_test(test_changing_feed),
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
