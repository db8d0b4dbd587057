/* fetch: one libcurl multi handle drives up to opts.parallel easy handles;
 * a new transfer starts as soon as one ends. Bodies are decoded here
 * (gzip/deflate), capped, collected in memory or, past SPOOL_AT, in a
 * temporary file, and handed to the caller's callback. */
#include "core/fetch.h"
#include "core/fetch_hosts.h"
#include "core/fetch_xfer.h"
#include "core/curl_load.h"
#include "core/err.h"
#include "core/str.h"

#include <curl/curl.h>
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

/* A non-2xx body is thrown away; past this much we stop reading it. */
#define ERROR_BODY_MAX (64 * KIB)
#define POLL_MS 100

/* A body past this size goes on to a temporary file until the transfer
 * completes: eight feeds of 600 KB arriving at once otherwise sit in memory
 * together (a third of a pass's peak), and a body may be 16 MiB. Only the
 * body being handed over is read back, so memory holds one body at a time;
 * with body_as_file none is, the caller reads the file. */
#define SPOOL_AT (64 * 1024)

void fetch_opts_default(struct fetch_opts *o)
{
    memset(o, 0, sizeof *o);
    o->parallel = 8;
    o->connect_timeout_ms = 10000;
    o->total_timeout_ms = 30000;
    o->low_speed_secs = 15;
    o->max_body = 16 * MIB;
    o->max_redirects = 5;
    o->user_agent = FETCH_USER_AGENT;
}

/* The caller's options with every unset field given its default. */
static void opts_resolve(struct fetch_opts *o, const struct fetch_opts *in)
{
    struct fetch_opts d;
    fetch_opts_default(&d);
    if (!in) {
        *o = d;
        return;
    }
    *o = *in;
    if (o->parallel <= 0) o->parallel = d.parallel;
    if (o->connect_timeout_ms <= 0) o->connect_timeout_ms = d.connect_timeout_ms;
    if (o->total_timeout_ms <= 0) o->total_timeout_ms = d.total_timeout_ms;
    if (o->low_speed_secs <= 0) o->low_speed_secs = d.low_speed_secs;
    if (o->max_body == 0) o->max_body = d.max_body;
    if (o->max_redirects < 0) o->max_redirects = d.max_redirects;
    if (!o->user_agent || !*o->user_agent) o->user_agent = d.user_agent;
}

/* ---- response head --------------------------------------------------------- */

static void head_reset(struct xfer *x)
{
    free(x->etag);
    free(x->last_modified);
    x->etag = x->last_modified = NULL;
    free(x->cache_control);
    free(x->expires);
    free(x->retry_after);
    free(x->date);
    x->cache_control = x->expires = x->retry_after = x->date = NULL;
    x->status = 0;
    x->reason[0] = '\0';
    x->enc = ENC_NONE;
    x->enc_name[0] = '\0';
}

/* Copies the value of "Name: value" trimmed, or returns NULL when the line is
 * not that header. Header names are case-insensitive. */
static char *header_value(const char *line, size_t len, const char *name)
{
    size_t nl = strlen(name);
    if (len <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':') return NULL;
    const char *v = line + nl + 1, *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    return xstrndup(v, (size_t)(end - v));
}

static void parse_status_line(struct xfer *x, const char *line, size_t len)
{
    char buf[128];
    size_t n = len < sizeof buf - 1 ? len : sizeof buf - 1;
    memcpy(buf, line, n);
    buf[n] = '\0';
    str_trim(buf);
    const char *sp = strchr(buf, ' '); /* "HTTP/1.1 404 Not Found", "HTTP/2 200" */
    if (!sp) return;
    char *end;
    long code = strtol(sp + 1, &end, 10);
    if (end == sp + 1) return;
    x->status = code;
    while (*end == ' ')
        end++;
    snprintf(x->reason, sizeof x->reason, "%s", end);
    fetch_printable(x->reason);
}

static size_t on_header(char *line, size_t size, size_t nitems, void *ud)
{
    struct xfer *x = ud;
    size_t len = size * nitems;
    char *v;
    if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
        /* A new response (after a redirect or a 1xx): forget the last one. */
        head_reset(x);
        parse_status_line(x, line, len);
    } else if ((v = header_value(line, len, "ETag"))) {
        free(x->etag);
        x->etag = v;
    } else if ((v = header_value(line, len, "Last-Modified"))) {
        free(x->last_modified);
        x->last_modified = v;
    } else if ((v = header_value(line, len, "Cache-Control"))) {
        /* Several Cache-Control lines make one list (RFC 9110 5.3). */
        if (x->cache_control && strlen(x->cache_control) + strlen(v) < 4096) {
            struct sbuf b = {0};
            if (sbuf_printf(&b, "%s, %s", x->cache_control, v) == 0) {
                free(x->cache_control);
                x->cache_control = sbuf_take(&b);
            }
            sbuf_free(&b);
            free(v);
        } else if (!x->cache_control) {
            x->cache_control = v;
        } else {
            free(v);
        }
    } else if ((v = header_value(line, len, "Expires"))) {
        free(x->expires);
        x->expires = v;
    } else if ((v = header_value(line, len, "Retry-After"))) {
        free(x->retry_after);
        x->retry_after = v;
    } else if ((v = header_value(line, len, "Date"))) {
        free(x->date);
        x->date = v;
    } else if ((v = header_value(line, len, "Content-Encoding"))) {
        snprintf(x->enc_name, sizeof x->enc_name, "%s", v);
        fetch_printable(x->enc_name);
        if (!*v || strcasecmp(v, "identity") == 0)
            x->enc = ENC_NONE;
        else if (strcasecmp(v, "gzip") == 0 || strcasecmp(v, "x-gzip") == 0)
            x->enc = ENC_GZIP;
        else if (strcasecmp(v, "deflate") == 0)
            x->enc = ENC_DEFLATE;
        else
            x->enc = ENC_OTHER;
        free(v);
    }
    return len;
}

/* ---- body ------------------------------------------------------------------ */

/* Where bodies are spooled: $TMPDIR, else /tmp. */
static const char *tmp_dir(void)
{
    const char *d = getenv("TMPDIR");
    return d && *d ? d : "/tmp";
}

/* The spool could not be made or written (errno says why): the transfer
 * fails with that said. Returns -1. */
static int spool_fail(struct xfer *x)
{
    int e = errno;
    x->fail = FAIL_SPOOL;
    snprintf(x->msg, sizeof x->msg, "cannot write the body to a temporary file in %.120s: %s",
             tmp_dir(), strerror(e));
    return -1;
}

/* A temporary file, unlinked at once so that nothing is left behind,
 * whatever becomes of the process. */
static FILE *spool_open(void)
{
    struct sbuf path = {0};
    if (sbuf_printf(&path, "%s/bullpen-body-XXXXXX", tmp_dir()) < 0) {
        errno = ENOMEM;
        return NULL;
    }
    int fd = mkstemp(path.p);
    if (fd >= 0) unlink(path.p);
    sbuf_free(&path);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w+");
    if (!f) close(fd);
    return f;
}

/* Appends decoded bytes, enforcing the cap. */
static int body_add(struct xfer *x, const char *p, size_t n)
{
    if (n > x->o->max_body - x->body.len - x->spooled) {
        x->fail = FAIL_CAP;
        return -1;
    }
    if (!x->spool && !x->no_spool && x->body.len + n > SPOOL_AT) {
        /* Without a temporary file a body read back into memory anyway
         * stays there; one to be handed over as a file fails. */
        if (!(x->spool = spool_open())) {
            if (x->o->body_as_file) return spool_fail(x);
            x->no_spool = 1;
        } else if (fwrite(x->body.p ? x->body.p : "", 1, x->body.len, x->spool) != x->body.len) {
            return spool_fail(x);
        } else {
            x->spooled = x->body.len;
            sbuf_free(&x->body);
        }
    }
    if (x->spool) {
        if (fwrite(p, 1, n, x->spool) != n) return spool_fail(x);
        x->spooled += n;
        return 0;
    }
    if (sbuf_add(&x->body, p, n) < 0) {
        x->fail = FAIL_NOMEM;
        return -1;
    }
    return 0;
}

static int z_start(struct xfer *x, int raw)
{
    memset(&x->z, 0, sizeof x->z);
    /* 15 + 32: zlib or gzip wrapper, detected from the header; -15: raw. */
    if (inflateInit2(&x->z, raw ? -15 : 15 + 32) != Z_OK) {
        x->fail = FAIL_NOMEM;
        return -1;
    }
    x->zs = DEC_ACTIVE;
    x->z_raw = raw;
    return 0;
}

/* Inflates one piece of the wire body into x->body. */
static int body_inflate(struct xfer *x, const char *p, size_t n)
{
    if (x->zs == DEC_DONE) {
        /* Another gzip member may start right at a piece boundary; anything
         * else after the end of the stream is ignored, as browsers do. */
        if (x->enc != ENC_GZIP || n == 0 || (unsigned char)p[0] != 0x1f) return 0;
        if (inflateReset(&x->z) != Z_OK) {
            x->fail = FAIL_DECODE;
            return -1;
        }
        x->zs = DEC_ACTIVE;
    }
    if (x->zs == DEC_IDLE && z_start(x, 0) < 0) return -1;
    x->z.next_in = (Bytef *)p;
    x->z.avail_in = (uInt)n;
    unsigned char out[16384];
    for (;;) {
        x->z.next_out = out;
        x->z.avail_out = sizeof out;
        uLong in_before = x->z.total_in;
        int rc = inflate(&x->z, Z_NO_FLUSH);
        size_t got = sizeof out - x->z.avail_out;
        if (got && body_add(x, (const char *)out, got) < 0) return -1;
        if (rc == Z_STREAM_END) {
            /* gzip allows several members back to back. */
            if (x->enc == ENC_GZIP && x->z.avail_in > 0 && x->z.next_in[0] == 0x1f) {
                if (inflateReset(&x->z) != Z_OK) break;
                continue;
            }
            x->zs = DEC_DONE;
            return 0;
        }
        if (rc == Z_DATA_ERROR && x->enc == ENC_DEFLATE && !x->z_raw && in_before == 0 &&
            x->z.total_out == 0) {
            /* Some servers send "deflate" without the zlib header. */
            inflateEnd(&x->z);
            if (z_start(x, 1) < 0) return -1;
            x->z.next_in = (Bytef *)p;
            x->z.avail_in = (uInt)n;
            continue;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) break;
        if (x->z.avail_in == 0 && x->z.avail_out != 0) return 0; /* needs more input */
        if (rc == Z_BUF_ERROR && got == 0) break;                /* no progress possible */
    }
    x->fail = FAIL_DECODE;
    return -1;
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
    struct xfer *x = ud;
    size_t n = size * nmemb;
    if (x->status < 200 || x->status > 299) {
        /* Error pages are not wanted; read a little so the connection can be
         * reused, then give up on it. */
        x->discarded += n;
        if (x->discarded <= ERROR_BODY_MAX) return n;
        x->fail = FAIL_STATUS;
        return 0;
    }
    switch (x->enc) {
    case ENC_NONE:
        return body_add(x, p, n) < 0 ? 0 : n;
    case ENC_GZIP:
    case ENC_DEFLATE:
        return body_inflate(x, p, n) < 0 ? 0 : n;
    case ENC_OTHER:
        break;
    }
    x->fail = FAIL_ENCODING;
    return 0;
}

/* Reads a spooled body back into memory, exactly its size. */
static int unspool(struct xfer *x)
{
    if (!x->spool) return 0;
    int rc = fflush(x->spool) || fseek(x->spool, 0, SEEK_SET) ||
             sbuf_reserve(&x->body, x->spooled) ||
             fread(x->body.p, 1, x->spooled, x->spool) != x->spooled;
    if (!rc) {
        x->body.len = x->spooled;
        x->body.p[x->body.len] = '\0';
    }
    fclose(x->spool);
    x->spool = NULL;
    x->spooled = 0;
    return rc ? -1 : 0;
}

/* ---- one transfer ---------------------------------------------------------- */

static void xfer_free(struct xfer *x)
{
    if (x->easy) curl_easy_cleanup(x->easy);
    curl_slist_free_all(x->hdrs);
    sbuf_free(&x->body);
    if (x->spool) fclose(x->spool);
    head_reset(x);
    if (x->zs != DEC_IDLE) inflateEnd(&x->z);
    memset(x, 0, sizeof *x);
}

/* Only http and https, checked before curl sees the URL so the message is
 * clear; CURLOPT_PROTOCOLS_STR enforces it again, redirects included. */
static int url_check(const char *url, char *msg, size_t cap)
{
    if (!url || !*url) {
        snprintf(msg, cap, "empty URL");
        return -1;
    }
    CURLU *u = curl_url();
    if (!u) {
        snprintf(msg, cap, "out of memory");
        return -1;
    }
    char *scheme = NULL;
    int rc = -1;
    if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
        snprintf(msg, cap, "bad URL");
    else if (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0)
        snprintf(msg, cap, "unsupported scheme %.32s (only http and https)", scheme);
    else
        rc = 0;
    curl_free(scheme);
    curl_url_cleanup(u);
    return rc;
}

/* A validator is sent back verbatim; one holding a line break would inject
 * headers, so it is dropped (the GET is then unconditional, still correct). */
static int add_header(struct curl_slist **l, const char *name, const char *value)
{
    if (!value || !*value || strpbrk(value, "\r\n")) return 0;
    struct sbuf b = {0};
    if (sbuf_printf(&b, "%s: %s", name, value) < 0) return -1;
    struct curl_slist *n = curl_slist_append(*l, b.p);
    sbuf_free(&b);
    if (!n) return -1;
    *l = n;
    return 0;
}

#define SETOPT(x, opt, val)                                                                        \
    do {                                                                                           \
        if (curl_easy_setopt((x)->easy, opt, val) != CURLE_OK) goto fail;                          \
    } while (0)

/* Prepares slot x for req and adds it to m. On failure x->msg says why (a
 * per-request error, not a run failure) and the caller frees x. */
static int xfer_start(struct xfer *x, CURLM *m, const struct fetch_opts *o,
                      const struct fetch_req *req)
{
    memset(x, 0, sizeof *x);
    x->req = req;
    x->o = o;
    if (url_check(req->url, x->msg, sizeof x->msg) < 0) return -1;
    if (!(x->easy = curl_easy_init())) goto fail;
    if (add_header(&x->hdrs, "If-None-Match", req->etag) < 0 ||
        add_header(&x->hdrs, "If-Modified-Since", req->last_modified) < 0)
        goto fail;
    SETOPT(x, CURLOPT_URL, req->url);
    SETOPT(x, CURLOPT_PRIVATE, x);
    SETOPT(x, CURLOPT_ERRORBUFFER, x->errbuf);
    SETOPT(x, CURLOPT_NOSIGNAL, 1L);
    SETOPT(x, CURLOPT_HTTPHEADER, x->hdrs);
    SETOPT(x, CURLOPT_USERAGENT, o->user_agent);
    SETOPT(x, CURLOPT_WRITEFUNCTION, on_body);
    SETOPT(x, CURLOPT_WRITEDATA, x);
    SETOPT(x, CURLOPT_HEADERFUNCTION, on_header);
    SETOPT(x, CURLOPT_HEADERDATA, x);
    /* We decode ourselves (see fetch.h); curl only advertises. */
    SETOPT(x, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
    SETOPT(x, CURLOPT_HTTP_CONTENT_DECODING, 0L);
    SETOPT(x, CURLOPT_PROTOCOLS_STR, "http,https");
    SETOPT(x, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    SETOPT(x, CURLOPT_FOLLOWLOCATION, 1L);
    SETOPT(x, CURLOPT_MAXREDIRS, (long)o->max_redirects);
    SETOPT(x, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
    SETOPT(x, CURLOPT_TIMEOUT_MS, o->total_timeout_ms);
    SETOPT(x, CURLOPT_LOW_SPEED_LIMIT, 1L);
    SETOPT(x, CURLOPT_LOW_SPEED_TIME, o->low_speed_secs);
    /* Refuses a declared length over the cap before any byte is read; the
     * write callback catches the rest (chunked, compressed). */
    SETOPT(x, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
    SETOPT(x, CURLOPT_SSL_VERIFYPEER, 1L);
    SETOPT(x, CURLOPT_SSL_VERIFYHOST, 2L);
    if (curl_multi_add_handle(m, x->easy) != CURLM_OK) goto fail;
    return 0;
fail:
    if (!x->msg[0]) snprintf(x->msg, sizeof x->msg, "cannot set up the transfer");
    return -1;
}

/* Builds the result of a finished transfer and hands it to the callback. */
static int xfer_report(struct xfer *x, CURLcode cc, fetch_done_fn done, void *ctx)
{
    struct fetch_result r = {
        .id = x->req->id, .url = x->req->url, .status = x->status, .body_file = -1};
    char *final = NULL;
    long redirects = 0;
    curl_off_t us = 0;
    curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &final);
    curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_COUNT, &redirects);
    curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &us);
    r.final_url = final ? final : x->req->url;
    r.redirects = (int)redirects;
    r.elapsed_ms = (long)(us / 1000);
    if (cc != CURLE_OK) {
        r.error = fetch_describe(x, cc);
    } else if (x->status == 304) {
        r.not_modified = 1;
    } else if (x->status < 200 || x->status > 299) {
        r.error = fetch_status_message(x);
    } else if (x->zs == DEC_ACTIVE) {
        snprintf(x->msg, sizeof x->msg, "truncated %s data", x->enc_name);
        r.error = x->msg;
    } else if (x->spool && x->o->body_as_file) {
        if (fflush(x->spool)) {
            spool_fail(x);
            r.error = x->msg;
        } else {
            r.body_file = fileno(x->spool);
            r.len = x->spooled;
        }
    } else if (unspool(x)) {
        r.error = "cannot read the body back from its temporary file";
    } else {
        r.body = x->body.p ? x->body.p : "";
        r.len = x->body.len;
    }
    if (r.error == x->msg) fetch_printable(x->msg); /* may quote a host from a redirect */
    if (!r.error) {
        r.etag = x->etag;
        r.last_modified = x->last_modified;
    }
    r.cache_control = x->cache_control;
    r.expires = x->expires;
    r.retry_after = x->retry_after;
    r.date = x->date;
    return done ? done(ctx, &r) : 0;
}

/* A request refused before it started still gets its result. */
static int report_refused(const struct fetch_req *req, const char *msg, fetch_done_fn done,
                          void *ctx)
{
    struct fetch_result r = {
        .id = req->id, .url = req->url, .final_url = req->url, .error = msg, .body_file = -1};
    return done ? done(ctx, &r) : 0;
}

/* ---- the run --------------------------------------------------------------- */

/* What a run knows about its requests beyond the caller's array. */
struct run {
    CURLM *m;
    const struct fetch_opts *o;
    struct fetch_hosts *conc; /* transfers at once per host: this run's own */
    struct fetch_hosts *gap;  /* last request per host: o->hosts, or conc */
    const struct fetch_req *reqs;
    size_t n;
    char **host;            /* per request; NULL when no politeness limit */
    unsigned char *started; /* per request */
    size_t first;           /* no request before this one is waiting */
    size_t pending;         /* requests not started yet */
    size_t active;
    struct xfer *xs;
    size_t slots;
    fetch_done_fn done;
    void *ctx;
};

static int stop_requested(const struct fetch_opts *o)
{
    return o->stop && *o->stop;
}

static void slot_free(struct run *r, struct xfer *x)
{
    fetch_host_release(r->conc, r->o, x->host);
    xfer_free(x);
}

/* The next request allowed to start now (index into reqs), or -1 when every
 * waiting one is held back by its host; lowers *wait_ms to the soonest a
 * held-back one may go. A host found busy is not asked twice per scan. */
static long next_startable(struct run *r, long *wait_ms)
{
    while (r->first < r->n && r->started[r->first])
        r->first++;
    const char *busy = NULL;
    for (size_t i = r->first; i < r->n; i++) {
        if (r->started[i]) continue;
        if (!r->host) return (long)i;
        if (busy && !strcmp(busy, r->host[i])) continue;
        int ok = fetch_host_acquire(r->conc, r->gap, r->o, r->host[i], wait_ms);
        if (ok != 0) return ok > 0 ? (long)i : -2;
        busy = r->host[i];
    }
    return -1;
}

/* Starts requests into free slots while the slots, the requests and the
 * hosts allow. Returns FETCH_STOPPED when a callback for a refused request
 * asked to stop, -1 with err set when memory ran out. */
static int fill_slots(struct run *r, long *wait_ms)
{
    for (size_t i = 0; i < r->slots && r->pending; i++) {
        if (r->xs[i].easy) continue;
        for (;;) {
            long k = r->pending ? next_startable(r, wait_ms) : -1;
            if (k == -2) return err_set("out of memory");
            if (k < 0) return 0;
            const struct fetch_req *req = &r->reqs[k];
            r->started[k] = 1;
            r->pending--;
            if (xfer_start(&r->xs[i], r->m, r->o, req) == 0) {
                r->xs[i].host = r->host ? r->host[k] : NULL;
                r->active++;
                break;
            }
            char msg[sizeof r->xs[i].msg];
            memcpy(msg, r->xs[i].msg, sizeof msg);
            xfer_free(&r->xs[i]);
            if (r->host) fetch_host_release(r->conc, r->o, r->host[k]);
            if (report_refused(req, msg, r->done, r->ctx)) return FETCH_STOPPED;
        }
    }
    return 0;
}

/* Reports every finished transfer and frees its slot; *reaped counts them. */
static int reap(struct run *r, int *reaped)
{
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(r->m, &left))) {
        if (msg->msg != CURLMSG_DONE) continue;
        CURL *e = msg->easy_handle;
        CURLcode cc = msg->data.result;
        char *priv = NULL;
        curl_easy_getinfo(e, CURLINFO_PRIVATE, &priv);
        struct xfer *x = (struct xfer *)priv;
        curl_multi_remove_handle(r->m, e);
        int stop = xfer_report(x, cc, r->done, r->ctx);
        slot_free(r, x);
        r->active--;
        (*reaped)++;
        if (stop) return FETCH_STOPPED;
    }
    return 0;
}

static void run_free(struct run *r)
{
    if (r->xs)
        for (size_t i = 0; i < r->slots; i++) {
            if (!r->xs[i].easy) continue;
            curl_multi_remove_handle(r->m, r->xs[i].easy);
            slot_free(r, &r->xs[i]);
        }
    if (r->m) curl_multi_cleanup(r->m);
    free(r->xs);
    if (r->host)
        for (size_t i = 0; i < r->n; i++)
            free(r->host[i]);
    free(r->host);
    free(r->started);
    fetch_hosts_free(r->conc);
}

int fetch_run(const struct fetch_opts *in, const struct fetch_req *reqs, size_t n,
              fetch_done_fn done, void *ctx)
{
    struct fetch_opts o;
    opts_resolve(&o, in);
    if (n == 0) return 0;
    struct run r = {.o = &o, .reqs = reqs, .n = n, .pending = n, .done = done, .ctx = ctx};
    r.slots = (size_t)o.parallel < n ? (size_t)o.parallel : n;
    r.xs = calloc(r.slots, sizeof *r.xs);
    r.started = calloc(n, 1);
    r.m = curl_multi_init();
    int polite = o.per_host > 0 || o.host_gap_ms > 0, oom = !r.xs || !r.started || !r.m;
    if (!oom && polite) {
        r.conc = fetch_hosts_new();
        r.gap = o.hosts ? o.hosts : r.conc;
        r.host = calloc(n, sizeof *r.host);
        oom = !r.conc || !r.host;
        for (size_t i = 0; !oom && i < n; i++)
            oom = !(r.host[i] = fetch_host_of(reqs[i].url));
    }
    if (oom) {
        run_free(&r);
        return err_set("fetch: cannot start libcurl (out of memory?)");
    }
    int rc = 0;
    while (rc == 0 && (r.pending > 0 || r.active > 0)) {
        if (stop_requested(&o)) {
            rc = FETCH_STOPPED;
            break;
        }
        long wait_ms = POLL_MS;
        rc = fill_slots(&r, &wait_ms);
        if (rc) break;
        if (r.active == 0) {
            /* Everything left waits for its host's gap: sleep until then
             * (curl_multi_poll with no transfers is a plain wait). */
            if (r.pending &&
                curl_multi_poll(r.m, NULL, 0, (int)(wait_ms > 0 ? wait_ms : 1), NULL) != CURLM_OK)
                rc = err_set("fetch: cannot wait");
            continue;
        }
        int running, reaped = 0;
        CURLMcode mc = curl_multi_perform(r.m, &running);
        if (mc != CURLM_OK) {
            rc = err_set("fetch: %s", curl_multi_strerror(mc));
            break;
        }
        rc = reap(&r, &reaped);
        /* Refill freed slots (or finish) at once rather than after a poll. */
        if (rc || r.active == 0 || (reaped && r.pending)) continue;
        mc = curl_multi_poll(r.m, NULL, 0, (int)(wait_ms > 0 ? wait_ms : 1), NULL);
        if (mc != CURLM_OK) rc = err_set("fetch: %s", curl_multi_strerror(mc));
    }
    run_free(&r);
    return rc;
}

/* ---- single GET ------------------------------------------------------------ */

struct one {
    char *body;
    size_t len;
    char *error;
};

static int one_done(void *ctx, const struct fetch_result *r)
{
    struct one *one = ctx;
    if (r->error)
        one->error = xstrdup(r->error);
    else if (!r->body)
        one->error = xstrdup("HTTP 304 Not Modified");
    else if (!(one->body = malloc(r->len + 1)))
        one->error = xstrdup("out of memory");
    else {
        memcpy(one->body, r->body, r->len + 1);
        one->len = r->len;
    }
    return 0;
}

int fetch_one(const struct fetch_opts *o, const char *url, char **body, size_t *len)
{
    struct fetch_req req = {.url = url};
    struct one one = {0};
    *body = NULL;
    int rc = fetch_run(o, &req, 1, one_done, &one);
    if (rc < 0) return -1;
    if (rc == FETCH_STOPPED || (!one.body && !one.error)) {
        free(one.body);
        free(one.error);
        return err_set("stopped");
    }
    if (one.error) {
        err_set("%s", one.error);
        free(one.error);
        return -1;
    }
    *body = one.body;
    if (len) *len = one.len;
    return 0;
}

int fetch_global_init(void)
{
    if (curl_load()) return -1;
    CURLcode cc = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (cc != CURLE_OK) return err_set("cannot start libcurl: %s", curl_easy_strerror(cc));
    return 0;
}

void fetch_global_cleanup(void)
{
    curl_global_cleanup();
}
