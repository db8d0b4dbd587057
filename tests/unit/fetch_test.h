/* What the fetcher's unit tests share: tests/httpserver.py started on
 * 127.0.0.1 for the group (server_start, server_stop), URLs and logged
 * requests of that server, and the results of a pass collected by id. */
#ifndef BULLPEN_TESTS_FETCH_TEST_H
#define BULLPEN_TESTS_FETCH_TEST_H

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

static inline double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static inline void nap_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static inline int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs(text, f);
    return fclose(f);
}

/* Runs argv (NULL-terminated) with stdin from pipe_in (or as is when < 0)
 * and stdout, stderr to /dev/null when quiet. Returns the child's pid. */
static inline pid_t spawn(char *const argv[], int pipe_in, int quiet)
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
static inline int server_spawn(struct server *sv, const char *scheme, const char *const extra[])
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

static inline void server_kill(struct server *sv)
{
    if (sv->stdin_fd >= 0) close(sv->stdin_fd);
    if (sv->pid > 0) {
        kill(sv->pid, SIGTERM);
        waitpid(sv->pid, NULL, 0);
    }
    sv->pid = sv->stdin_fd = -1;
}

static inline void tmp_remove(const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    unlink(path);
}

static inline int server_start(void **state)
{
    (void)state;
    char feed[128];
    snprintf(tmpdir, sizeof tmpdir, "/tmp/bullpen-fetch-XXXXXX");
    if (!mkdtemp(tmpdir)) return -1;
    snprintf(feed, sizeof feed, "%s/feed.xml", tmpdir);
    if (write_file(feed, FEED_XML) < 0) return -1;
    return server_spawn(&srv, "http", NULL);
}

static inline int server_stop(void **state)
{
    (void)state;
    server_kill(&srv);
    tmp_remove("feed.xml");
    rmdir(tmpdir);
    return 0;
}

/* Full URL for a server path; rotates through a few buffers so several can be
 * live at once. */
static inline const char *url(const char *path)
{
    static char bufs[32][256];
    static int i;
    char *b = bufs[i++ % 32];
    snprintf(b, sizeof bufs[0], "%s%s", srv.base, path);
    return b;
}

static inline cJSON *server_json(const char *path)
{
    char *body = NULL;
    if (fetch_one(NULL, url(path), &body, NULL) < 0) fail_msg("%s: %s", path, err_msg());
    cJSON *j = cJSON_Parse(body);
    free(body);
    assert_non_null(j);
    return j;
}

static inline void server_reset(void)
{
    cJSON_Delete(server_json("/__reset"));
}

static inline long server_stat(const char *name)
{
    cJSON *j = server_json("/__stats");
    cJSON *v = cJSON_GetObjectItem(j, name);
    assert_true(cJSON_IsNumber(v));
    long n = (long)v->valuedouble;
    cJSON_Delete(j);
    return n;
}

/* The last logged request for path, as a cJSON object the caller deletes. */
static inline cJSON *server_last_request(const char *path)
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

static inline const char *jstr(cJSON *o, const char *name)
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

static inline int collect(void *ctx, const struct fetch_result *fr)
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

static inline void got_free(struct got *g)
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

static inline struct res *by_id(struct got *g, int64_t id)
{
    for (int i = 0; i < g->n; i++)
        if (g->r[i].id == id) return &g->r[i];
    fail_msg("no result for id %lld", (long long)id);
    return NULL;
}

/* Fetches one request with opts o into g (which the caller frees). */
static inline struct res *fetch1(const struct fetch_opts *o, struct got *g, const char *u,
                                 const char *etag, const char *lm)
{
    struct fetch_req req = {.id = 1, .url = u, .etag = etag, .last_modified = lm};
    assert_int_equal(fetch_run(o, &req, 1, collect, g), 0);
    assert_int_equal(g->n, 1);
    return &g->r[0];
}

static inline int starts_with(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

#endif
