/* fetch: many HTTP(S) GETs at once through one libcurl multi handle, with
 * bounded parallelism, conditional GET, compression, timeouts and size caps.
 * It knows nothing of feeds or the store: the caller gets each body through a
 * callback as its transfer completes. */
#ifndef BULLPEN_CORE_FETCH_H
#define BULLPEN_CORE_FETCH_H

#include <stddef.h>
#include <stdint.h>

struct fetch_opts {
    int parallel;             /* transfers at once; default 8 */
    long connect_timeout_ms;  /* default 10000 */
    long total_timeout_ms;    /* default 30000 */
    long low_speed_secs;      /* abort if under 1 byte/s for this long; default 15 */
    size_t max_body;          /* bytes, after decompression; default 16 MiB */
    int max_redirects;        /* default 5 */
    const char *user_agent;   /* default "bullpen/VERSION (+https://...)" */
    const volatile int *stop; /* when non-NULL and *stop becomes non-zero, running
                                 transfers are abandoned and fetch_run returns */
};

/* Fills o with the defaults above. */
void fetch_opts_default(struct fetch_opts *o);

struct fetch_req {
    int64_t id; /* the caller's key (a feed id), passed back in the result */
    const char *url;
    const char *etag;          /* from the last 200, or NULL */
    const char *last_modified; /* from the last 200, or NULL */
};

/* Valid only during the callback; copy what you keep. */
struct fetch_result {
    int64_t id;
    const char *url;
    long status;      /* HTTP status, 0 when no response */
    int not_modified; /* 1 on 304 */
    const char *body; /* NUL-terminated, len bytes; NULL unless status 2xx */
    size_t len;
    const char *etag, *last_modified; /* from this response, or NULL */
    const char *error;                /* NULL on success; else one line, e.g. "HTTP 404",
                                         "timed out after 30 s", "body over 16 MiB" */
};

/* Called in fetch_run's thread as each transfer ends. A non-zero return
 * stops the run early. */
typedef int (*fetch_done_fn)(void *ctx, const struct fetch_result *r);

/* Fetches all n requests, at most o->parallel at a time. Returns 0 when every
 * request was attempted (individual failures arrive as results with error
 * set), or -1 with err set when the run itself could not go on. */
int fetch_run(const struct fetch_opts *o, const struct fetch_req *reqs, size_t n,
              fetch_done_fn done, void *ctx);

/* Once per process, before any thread starts: curl_global_init. */
int fetch_global_init(void);

#endif
