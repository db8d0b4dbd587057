/* fetch_hosts: the per-host limits of a fetch run (fetch.per_host transfers
 * at once, fetch.host_gap_ms between two requests), kept apart from the
 * transfer loop in core/fetch.c. Private to the fetcher: the public handle,
 * fetch_hosts_new/fetch_hosts_free, is declared in core/fetch.h. */
#ifndef BULLPEN_CORE_FETCH_HOSTS_H
#define BULLPEN_CORE_FETCH_HOSTS_H

#include "core/fetch.h"

/* The host of url, lower-cased and malloc'd ("" when it has none); NULL
 * when memory runs out. The caller frees. */
char *fetch_host_of(const char *url);

/* Takes a place for one request to host when the limits allow, and returns
 * 1; else returns 0 and lowers *wait_ms to when the gap will have passed.
 * -1: out of memory. conc is the run's own table (one thread); gap may be
 * shared between threads (it is locked). */
int fetch_host_acquire(struct fetch_hosts *conc, struct fetch_hosts *gap,
                       const struct fetch_opts *o, const char *host, long *wait_ms);

/* Gives back the place fetch_host_acquire took for host in conc. */
void fetch_host_release(struct fetch_hosts *conc, const struct fetch_opts *o, const char *host);

#endif
