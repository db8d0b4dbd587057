/* fetch: many HTTP(S) GETs at once through one libcurl multi handle, with
 * bounded parallelism, conditional GET, compression, timeouts and size caps.
 * It knows nothing of feeds or the store: the caller gets each body through a
 * callback as its transfer completes.
 *
 * Threads: call fetch_global_init() once in main() before any thread starts.
 * After that fetch_run and fetch_one may run in any thread, several at once:
 * each call owns its own multi and easy handles, uses no global state, sets no
 * signal handlers (CURLOPT_NOSIGNAL) and reports failure through the calling
 * thread's err. Callbacks run in the thread that called fetch_run. The only
 * thing another thread may touch during a run is the stop flag.
 *
 * Only http and https are fetched, also after redirects; TLS peers are always
 * verified. gzip and deflate bodies are decoded here (not by libcurl) so that
 * the size cap applies to decoded bytes and a truncated or corrupt stream is an
 * error instead of a silently short body. */
#ifndef BULLPEN_CORE_FETCH_H
#define BULLPEN_CORE_FETCH_H

#include <stddef.h>
#include <stdint.h>

/* A field left at zero (or NULL) takes its default, except max_redirects
 * where 0 means "follow none" and only a negative value means the default. */
struct fetch_opts {
    int parallel;             /* transfers at once; default 8 */
    long connect_timeout_ms;  /* default 10000 */
    long total_timeout_ms;    /* per transfer, from its start; default 30000 */
    long low_speed_secs;      /* abort if under 1 byte/s for this long; default 15 */
    size_t max_body;          /* bytes, after decompression; default 16 MiB */
    int max_redirects;        /* default 5 */
    const char *user_agent;   /* default FETCH_USER_AGENT; not copied, must
                                 outlive the run */
    const volatile int *stop; /* when non-NULL and *stop becomes non-zero, running
                                 transfers are abandoned and fetch_run returns
                                 within about 100 ms */
    /* Politeness, per host name (the requested URL's, case-insensitive; a
     * redirect elsewhere still counts against it). 0 means no limit; the
     * config's defaults (fetch.per_host, fetch.host_gap_ms) are the
     * caller's to pass. Requests held back by a busy host wait while others
     * start, so one slow site does not hold up the rest. */
    int per_host;              /* transfers at once to one host */
    long host_gap_ms;          /* least time between two request starts to one host */
    struct fetch_hosts *hosts; /* shared with other runs (other threads) so the gap
                                  holds across them all; NULL: this run's own.
                                  per_host counts each run's own transfers. */
    /* A body past 64 KiB is written to a temporary file in $TMPDIR (/tmp
     * when unset), unlinked at once, as it arrives. By default it is read
     * back into memory for the callback (and stays there when no file can
     * be made); with body_as_file it is handed over as that file
     * (fetch_result.body_file), so that a large body is never in memory
     * whole, and a file that cannot be made or written fails the
     * transfer. */
    int body_as_file;
};

/* A table of hosts' last request times, for runs in several threads that
 * must keep one gap between requests to a host (a fetch pass and the article
 * pages its worker fetches at the same time). Thread-safe.
 * fetch_hosts_new returns NULL with err set; free with fetch_hosts_free after
 * every run that uses it has returned. */
struct fetch_hosts;
struct fetch_hosts *fetch_hosts_new(void);
void fetch_hosts_free(struct fetch_hosts *h);

#define FETCH_USER_AGENT                                                                           \
    "bullpen/" BULLPEN_VERSION " (+https://github.com/bullpen-terminal/bullpen)"

/* Fills o with the defaults above. */
void fetch_opts_default(struct fetch_opts *o);

/* The strings are the caller's and must stay valid for the whole run. */
struct fetch_req {
    int64_t id; /* the caller's key (a feed id), passed back in the result */
    const char *url;
    const char *etag;          /* from the last 200, or NULL */
    const char *last_modified; /* from the last 200, or NULL */
};

/* Everything here, strings included, is owned by fetch_run and valid only
 * during the callback; copy what you keep. */
struct fetch_result {
    int64_t id;
    const char *url;       /* as requested */
    const char *final_url; /* after redirects (same as url when none) */
    int redirects;         /* redirects followed */
    long status;           /* HTTP status of the last response, 0 when none */
    int not_modified;      /* 1 on 304: no body, keep what you have */
    const char *body;      /* NUL-terminated, len bytes, decoded; non-NULL
                              exactly when status is 2xx and error is NULL,
                              unless body_file holds it */
    int body_file;         /* with fetch_opts.body_as_file: the file descriptor
                              of the temporary file holding the len decoded
                              bytes of a large body (body is then NULL), read
                              it with pread; -1 otherwise. Closed by fetch_run
                              after the callback. */
    size_t len;
    const char *etag, *last_modified; /* from this 2xx or 304 response, or NULL */
    /* Raw freshness headers of the last response, whatever its status (a 429
     * or 503 brings Retry-After), or NULL when absent; core/schedule.h
     * reads them. Repeated Cache-Control headers arrive joined by ", ". */
    const char *cache_control, *expires, *retry_after, *date;
    long elapsed_ms;   /* whole transfer, redirects included */
    const char *error; /* NULL on success (2xx or 304); else one line, e.g.
                          "HTTP 404 Not Found", "timed out after 30 s",
                          "connection refused", "body over 16 MiB",
                          "too many redirects (over 5)", "bad gzip data",
                          "cannot write the body to a temporary file in
                          /tmp: No space left on device",
                          "unsupported scheme ftp (only http and https)" */
};

/* Called in fetch_run's thread as each transfer ends, in completion order.
 * A non-zero return stops the run early. */
typedef int (*fetch_done_fn)(void *ctx, const struct fetch_result *r);

/* Fetches all n requests, at most o->parallel at a time (o NULL: defaults).
 * A bad request (bad URL, other scheme) or a failed transfer arrives as a
 * result with error set and never stops the others.
 * Returns 0 when every request got its result, FETCH_STOPPED when the stop
 * flag or a callback ended the run early (requests not finished by then get no
 * result), or -1 with err set when the run itself could not go on. */
int fetch_run(const struct fetch_opts *o, const struct fetch_req *reqs, size_t n,
              fetch_done_fn done, void *ctx);

#define FETCH_STOPPED 1

/* One unconditional GET, for commands that need a single document (o NULL:
 * defaults). On a 2xx returns 0 and sets *body to a malloc'd, NUL-terminated
 * copy the caller frees, and *len (if len is non-NULL) to its length. On any
 * failure returns -1 with err set to the one-line reason (as in
 * fetch_result.error) and leaves *body NULL. */
int fetch_one(const struct fetch_opts *o, const char *url, char **body, size_t *len);

/* Once per process, before any thread starts: curl_global_init. Returns 0, or
 * -1 with err set. fetch_global_cleanup undoes it at exit, after every run. */
int fetch_global_init(void);
void fetch_global_cleanup(void);

#endif
