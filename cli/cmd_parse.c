/* bullpen parse: read one feed (file, URL or stdin) and print its items. */
#include "cli/cli.h"
#include "core/article.h"
#include "core/date.h"
#include "core/err.h"
#include "core/feed.h"
#include "core/fetch.h"
#include "core/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#define PARSE_MAX_BYTES (16u * 1024 * 1024)

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
    struct sbuf *b = ud;
    size_t n = size * nmemb;
    if (b->len + n > PARSE_MAX_BYTES || sbuf_add(b, data, n) < 0) return 0; /* aborts */
    return n;
}

/* One plain GET; the background fetcher does the real work elsewhere. */
static char *download(const char *url, size_t *len)
{
    char errbuf[CURL_ERROR_SIZE] = "";
    struct sbuf body = {0};
    if (fetch_global_init()) return NULL;
    CURL *h = curl_easy_init();
    if (!h) {
        curl_global_cleanup();
        err_set("cannot initialise libcurl");
        return NULL;
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)PARSE_MAX_BYTES);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "bullpen/" BULLPEN_VERSION);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(h);
    curl_global_cleanup();
    if (rc == CURLE_WRITE_ERROR || rc == CURLE_FILESIZE_EXCEEDED) {
        err_set("larger than %u bytes", PARSE_MAX_BYTES);
    } else if (rc != CURLE_OK) {
        err_set("%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    } else if (status < 200 || status > 299) {
        err_set("HTTP %ld", status);
    } else {
        *len = body.len;
        return sbuf_take(&body);
    }
    sbuf_free(&body);
    return NULL;
}

/* An ISO-8601 UTC time, or NULL when has is 0. */
static const char *iso_or_null(int has, int64_t t, char buf[DATE_ISO_SIZE])
{
    return has ? date_format_iso(t, buf) : NULL;
}

static int print_json(const struct feed_doc *d)
{
    struct sbuf b = {0};
    char iso[DATE_ISO_SIZE];
    int rc = sbuf_adds(&b, "{\"title\": ");
    rc |= sbuf_add_json_str(&b, d->title);
    rc |= sbuf_adds(&b, ", \"link\": ");
    rc |= sbuf_add_json_str(&b, d->link);
    rc |= sbuf_adds(&b, ", \"subtitle\": ");
    rc |= sbuf_add_json_str(&b, d->subtitle);
    rc |= sbuf_adds(&b, ", \"author\": ");
    rc |= sbuf_add_json_str(&b, d->author);
    rc |= sbuf_adds(&b, ", \"id\": ");
    rc |= sbuf_add_json_str(&b, d->id);
    rc |= sbuf_adds(&b, ", \"updated\": ");
    rc |= sbuf_add_json_str(&b, iso_or_null(d->has_updated, d->updated, iso));
    rc |= sbuf_adds(&b, ", \"format\": ");
    rc |= sbuf_add_json_str(&b, feed_format_name(d->format));
    rc |= sbuf_adds(&b, ", \"items\": [");
    for (size_t i = 0; i < d->n_items && rc == 0; i++) {
        const struct article *a = &d->items[i];
        rc |= sbuf_adds(&b, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
        rc |= sbuf_add_json_str(&b, a->guid);
        rc |= sbuf_adds(&b, ", \"title\": ");
        rc |= sbuf_add_json_str(&b, a->title);
        rc |= sbuf_adds(&b, ", \"link\": ");
        rc |= sbuf_add_json_str(&b, a->link);
        rc |= sbuf_adds(&b, ", \"author\": ");
        rc |= sbuf_add_json_str(&b, a->author);
        rc |= sbuf_adds(&b, ", \"published\": ");
        rc |= sbuf_add_json_str(&b, iso_or_null(!a->date_missing, a->published, iso));
        rc |= sbuf_adds(&b, ", \"updated\": ");
        rc |= sbuf_add_json_str(&b, iso_or_null(a->has_updated, a->updated, iso));
        rc |= sbuf_adds(&b, ", \"summary\": ");
        rc |= sbuf_add_json_str(&b, a->summary);
        rc |= sbuf_adds(&b, ", \"content\": ");
        rc |= sbuf_add_json_str(&b, a->content);
        rc |= sbuf_addc(&b, '}');
    }
    rc |= sbuf_adds(&b, d->n_items ? "\n]}" : "]}");
    if (rc) {
        sbuf_free(&b);
        return err_set("out of memory");
    }
    rc = cli_put_json_text(b.p);
    sbuf_free(&b);
    return rc;
}

static void print_listing(const struct feed_doc *d)
{
    cli_put_text(stdout, "%s\n", d->title ? d->title : "(untitled feed)");
    if (d->link) cli_put_text(stdout, "%s\n", d->link);
    cli_put_text(stdout, "%s, %zu item%s\n", feed_format_name(d->format), d->n_items,
                 d->n_items == 1 ? "" : "s");
    for (size_t i = 0; i < d->n_items; i++) {
        const struct article *a = &d->items[i];
        char when[32] = "(no date)       ";
        if (!a->date_missing) {
            time_t t = (time_t)a->published;
            struct tm tm;
            if (gmtime_r(&t, &tm)) strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        }
        cli_put_text(stdout, "\n%-16s  %s\n", when, article_title_shown(a->title));
        if (a->link) cli_put_text(stdout, "%-16s  %s\n", "", a->link);
    }
}

int cmd_parse(struct cli *c, int argc, char **argv)
{
    (void)c;
    if (cli_wants_help(argc, argv)) return cli_help("parse");
    const char *src = NULL;
    int json = 0, opts_done = 0;
    for (int i = 1; i < argc; i++) {
        if (!opts_done && strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (!opts_done && strcmp(argv[i], "--") == 0)
            opts_done = 1;
        else if (!opts_done && argv[i][0] == '-' && argv[i][1])
            return cli_usage("parse", "unknown option '%s'", argv[i]);
        else if (src)
            return cli_usage("parse", "one FILE or URL only");
        else
            src = argv[i];
    }
    if (!src) return cli_usage("parse", "FILE or URL required");

    size_t len = 0;
    char *buf;
    if (strncasecmp(src, "http://", 7) == 0 || strncasecmp(src, "https://", 8) == 0) {
        buf = download(src, &len);
        if (!buf) return cli_fail(src);
    } else {
        /* file_read_all names the file in its message already. */
        buf = file_read_all(src, PARSE_MAX_BYTES, &len);
        if (!buf) return cli_fail("parse");
    }

    struct feed_doc doc;
    int rc = feed_parse(buf, len, (int64_t)time(NULL), &doc);
    free(buf);
    if (rc < 0) return cli_fail(src);
    if (json)
        rc = print_json(&doc);
    else
        print_listing(&doc);
    feed_doc_free(&doc);
    if (fflush(stdout) != 0 || rc < 0) return cli_failf("parse", "cannot write output");
    return EXIT_OK;
}
