/* Politeness for the fetcher: at most so many transfers at once to one host,
 * and a least gap between two requests to it (core/fetch_hosts.h). */
#include "core/fetch_hosts.h"

#include <curl/curl.h>
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/str.h"

struct host_slot {
    char *name;
    int active;      /* transfers in flight */
    int64_t last_ms; /* when the last one started (monotonic); 0 never */
};

struct fetch_hosts {
    pthread_mutex_t mu;
    struct host_slot *v;
    size_t n, cap;
};

struct fetch_hosts *fetch_hosts_new(void)
{
    struct fetch_hosts *h = calloc(1, sizeof *h);
    if (!h || pthread_mutex_init(&h->mu, NULL)) {
        free(h);
        err_set("out of memory");
        return NULL;
    }
    return h;
}

void fetch_hosts_free(struct fetch_hosts *h)
{
    if (!h) return;
    for (size_t i = 0; i < h->n; i++)
        free(h->v[i].name);
    free(h->v);
    pthread_mutex_destroy(&h->mu);
    free(h);
}

char *fetch_host_of(const char *url)
{
    char *host = NULL, *out;
    CURLU *u = curl_url();
    if (u && url && curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK)
        curl_url_get(u, CURLUPART_HOST, &host, 0);
    out = xstrdup(host ? host : "");
    curl_free(host);
    curl_url_cleanup(u);
    for (char *p = out; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return out;
}

/* The slot for host in h, created when missing; NULL when memory runs out.
 * Call with h->mu held. */
static struct host_slot *host_slot(struct fetch_hosts *h, const char *host)
{
    for (size_t i = 0; i < h->n; i++)
        if (!strcmp(h->v[i].name, host)) return &h->v[i];
    char *name = xstrdup(host);
    if (!name || array_room(&h->v, h->n, &h->cap, sizeof *h->v)) {
        free(name);
        return NULL;
    }
    struct host_slot *s = &h->v[h->n++];
    memset(s, 0, sizeof *s);
    s->name = name;
    return s;
}

/* Takes a place for one request to host when the limits allow, and returns 1;
 * else returns 0 and lowers *wait_ms to when the gap will have passed (a
 * host at its concurrency limit frees a place when a transfer ends, which
 * wakes the loop anyway). -1: out of memory.
 *
 * Transfers at once are counted in the run's own table (conc); the time of
 * the last request in the shared one (gap). Sharing the count as well could
 * deadlock: a pass's transfer thread waits for its worker while holding
 * places the worker's page fetches would wait for. The shared gap still
 * holds the rate of requests to a host to one per gap across all runs. */
int fetch_host_acquire(struct fetch_hosts *conc, struct fetch_hosts *gap,
                       const struct fetch_opts *o, const char *host, long *wait_ms)
{
    if (o->per_host <= 0 && o->host_gap_ms <= 0) return 1;
    struct host_slot *c = host_slot(conc, host); /* conc is the run's: no lock */
    if (!c) return -1;
    if (o->per_host > 0 && c->active >= o->per_host) return 0;
    pthread_mutex_lock(&gap->mu);
    struct host_slot *g = host_slot(gap, host);
    int ok = g != NULL;
    int64_t now = clock_mono_ms();
    if (ok && o->host_gap_ms > 0 && g->last_ms && now - g->last_ms < o->host_gap_ms) {
        long left = (long)(o->host_gap_ms - (now - g->last_ms));
        if (left < *wait_ms) *wait_ms = left;
        ok = 0;
    }
    if (ok) g->last_ms = now;
    pthread_mutex_unlock(&gap->mu);
    if (!g) return -1;
    if (ok) c->active++;
    return ok;
}

void fetch_host_release(struct fetch_hosts *conc, const struct fetch_opts *o, const char *host)
{
    if (!host || (o->per_host <= 0 && o->host_gap_ms <= 0)) return;
    for (size_t i = 0; i < conc->n; i++)
        if (!strcmp(conc->v[i].name, host)) {
            if (conc->v[i].active > 0) conc->v[i].active--;
            break;
        }
}
