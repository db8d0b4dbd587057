/* fetch_xfer: one transfer of a fetch run (core/fetch.c), and the words
 * its outcome is told in (core/fetch_msg.c). Private to the fetcher. */
#ifndef BULLPEN_CORE_FETCH_XFER_H
#define BULLPEN_CORE_FETCH_XFER_H

#include <curl/curl.h>
#include <stddef.h>
#include <stdio.h>
#include <zlib.h>

#include "core/fetch.h"
#include "core/str.h"

#define KIB ((size_t)1024)
#define MIB (KIB * 1024)

enum encoding { ENC_NONE, ENC_GZIP, ENC_DEFLATE, ENC_OTHER };
enum zstate { DEC_IDLE, DEC_ACTIVE, DEC_DONE };
/* Why our own callback ended a transfer (curl then reports CURLE_WRITE_ERROR). */
enum failure {
    FAIL_NONE,
    FAIL_CAP,
    FAIL_DECODE,
    FAIL_ENCODING,
    FAIL_NOMEM,
    FAIL_STATUS,
    FAIL_SPOOL
};

struct xfer {
    CURL *easy; /* NULL when this slot is free */
    const struct fetch_req *req;
    const struct fetch_opts *o;
    struct curl_slist *hdrs;
    struct sbuf body; /* the body, or its first bytes until it spools */
    FILE *spool;      /* NULL: the body is all in `body` */
    size_t spooled;   /* bytes in spool */
    int no_spool;     /* no temporary file could be made: all in `body` */
    size_t discarded; /* bytes of a non-2xx body thrown away */
    /* from the latest response head (redirects and 1xx start a new one) */
    long status;
    char reason[64];
    char *etag, *last_modified;
    char *cache_control, *expires, *retry_after, *date;
    enum encoding enc;
    char enc_name[32];
    /* decoder */
    z_stream z;
    enum zstate zs;
    int z_raw; /* deflate sent without its zlib wrapper */
    enum failure fail;
    char errbuf[CURL_ERROR_SIZE];
    char msg[256];
    const char *host; /* the politeness key, owned by the run; NULL: none held */
};

/* Keeps a server-chosen word (reason phrase, encoding name) to printable
 * ASCII, in place: it ends up in messages a terminal shows. */
void fetch_printable(char *s);

/* "HTTP 404 Not Found" into x->msg, which it returns. */
const char *fetch_status_message(struct xfer *x);

/* curl's verdict cc on x turned into one short line: x->msg or a static
 * string. */
const char *fetch_describe(struct xfer *x, CURLcode cc);

#endif
