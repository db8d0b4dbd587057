/* fetch_msg: how a transfer's outcome is told, in one short line: the
 * HTTP status with its reason, curl's verdict in plain words. */
#include "core/fetch_xfer.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/curl_load.h"

/* "16 MiB", "512 KiB", "1000 bytes" */
static void fmt_size(char *out, size_t cap, size_t n)
{
    if (n >= MIB && n % MIB == 0)
        snprintf(out, cap, "%zu MiB", n / MIB);
    else if (n >= KIB && n % KIB == 0)
        snprintf(out, cap, "%zu KiB", n / KIB);
    else
        snprintf(out, cap, "%zu bytes", n);
}

/* Server-chosen words (reason phrase, encoding name) end up in messages a
 * terminal shows; keep them to printable ASCII. */
void fetch_printable(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f) *s = '?';
}

/* HTTP/2 sends no reason phrase; these keep messages readable. */
static const char *reason_phrase(long status)
{
    static const struct {
        long code;
        const char *text;
    } known[] = {
        {300, "Multiple Choices"},
        {301, "Moved Permanently"},
        {302, "Found"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {406, "Not Acceptable"},
        {408, "Request Timeout"},
        {410, "Gone"},
        {429, "Too Many Requests"},
        {500, "Internal Server Error"},
        {501, "Not Implemented"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
        {504, "Gateway Timeout"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].code == status) return known[i].text;
    return "";
}

/* "HTTP 404 Not Found" into x->msg. */
const char *fetch_status_message(struct xfer *x)
{
    const char *reason = x->reason[0] ? x->reason : reason_phrase(x->status);
    snprintf(x->msg, sizeof x->msg, "HTTP %ld%s%s", x->status, *reason ? " " : "", reason);
    return x->msg;
}

/* curl's verdict turned into one short line in x->msg. */
const char *fetch_describe(struct xfer *x, CURLcode cc)
{
    const struct fetch_opts *o = x->o;
    char *m = x->msg, size[32];
    size_t cap = sizeof x->msg;
    long oserr = 0, redirects = 0;
    curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &oserr);
    curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_COUNT, &redirects);
    fmt_size(size, sizeof size, o->max_body);
    switch (cc) {
    case CURLE_WRITE_ERROR:
        switch (x->fail) {
        case FAIL_CAP:
            snprintf(m, cap, "body over %s", size);
            return m;
        case FAIL_DECODE:
            snprintf(m, cap, "bad %s data", x->enc_name);
            return m;
        case FAIL_ENCODING:
            snprintf(m, cap, "unsupported content encoding %s", x->enc_name);
            return m;
        case FAIL_NOMEM:
            return "out of memory";
        case FAIL_SPOOL:
            return m; /* filled when it failed, naming the directory and why */
        case FAIL_STATUS:
            return fetch_status_message(x);
        case FAIL_NONE:
            break;
        }
        break;
    case CURLE_FILESIZE_EXCEEDED:
        /* A huge error page is still, first of all, an error page. */
        if (x->status >= 300) return fetch_status_message(x);
        snprintf(m, cap, "body over %s", size);
        return m;
    case CURLE_OPERATION_TIMEDOUT: {
        /* Never connected (no connect time) means the connect timed out,
         * whatever curl's message says. */
        curl_off_t connected = 0;
        long sent = 0;
        curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &connected);
        /* A reused connection has no connect time of its own: a request
         * already sent means it was connected. */
        curl_easy_getinfo(x->easy, CURLINFO_REQUEST_SIZE, &sent);
        if (sent > 0) connected = 1;
        if (strstr(x->errbuf, "too slow"))
            snprintf(m, cap, "too slow: under 1 byte/s for %ld s", o->low_speed_secs);
        else if (strstr(x->errbuf, "Resolving"))
            snprintf(m, cap, "DNS lookup timed out");
        else if (connected == 0 || strncmp(x->errbuf, "Connection timed out", 20) == 0 ||
                 strstr(x->errbuf, "Failed to connect"))
            /* curl connects within whichever limit is shorter */
            snprintf(m, cap, "connect timed out after %g s",
                     (o->connect_timeout_ms < o->total_timeout_ms ? o->connect_timeout_ms
                                                                  : o->total_timeout_ms) /
                         1000.0);
        else
            snprintf(m, cap, "timed out after %g s", o->total_timeout_ms / 1000.0);
        return m;
    }
    case CURLE_COULDNT_CONNECT:
        if (oserr == ECONNREFUSED) return "connection refused";
        if (oserr == EHOSTUNREACH || oserr == ENETUNREACH) return "host unreachable";
        if (oserr == ETIMEDOUT) return "connect timed out";
        return "could not connect";
    case CURLE_COULDNT_RESOLVE_HOST: {
        /* errbuf: "Could not resolve host: example.com" */
        const char *host = strstr(x->errbuf, "host: ");
        snprintf(m, cap, "could not resolve host%s%.200s", host ? " " : "", host ? host + 6 : "");
        return m;
    }
    case CURLE_TOO_MANY_REDIRECTS:
        snprintf(m, cap, "too many redirects (over %d)", o->max_redirects);
        return m;
    case CURLE_UNSUPPORTED_PROTOCOL:
        return redirects > 0 ? "redirect to unsupported scheme (only http and https)"
                             : "unsupported scheme (only http and https)";
    case CURLE_URL_MALFORMAT:
        return "bad URL";
    case CURLE_PARTIAL_FILE:
        return "connection closed mid-body";
    case CURLE_RECV_ERROR:
        return oserr == ECONNRESET ? "connection reset" : "receive failed";
    case CURLE_SEND_ERROR:
        return oserr == ECONNRESET ? "connection reset" : "send failed";
    case CURLE_GOT_NOTHING:
        return "empty reply from server";
    case CURLE_WEIRD_SERVER_REPLY:
        return "malformed HTTP response";
    case CURLE_PEER_FAILED_VERIFICATION:
        return "TLS certificate not trusted";
    case CURLE_SSL_CONNECT_ERROR:
        return "TLS handshake failed";
    case CURLE_OUT_OF_MEMORY:
        return "out of memory";
    default:
        break;
    }
    /* Anything else: curl's own words, kept to one line. */
    snprintf(m, cap, "%s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(cc));
    for (char *p = m; *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    str_trim(m);
    return m;
}
