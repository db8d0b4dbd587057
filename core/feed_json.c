/* The JSON feed formats: JSON Feed 1.0/1.1 and the Alpha Vantage
 * NEWS_SENTIMENT response. */
#include "core/err.h"
#include "core/feed_int.h"
#include "core/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

static char *jtext(const cJSON *o, const char *key, enum feed_text_kind kind, size_t cap,
                   int one_line)
{
    const char *s = jstr(o, key);
    return s ? feed_text(s, strlen(s), kind, cap, one_line) : NULL;
}

/* A number given either as a JSON number or as a string ("0.345674"). */
static int jnum(const cJSON *o, const char *key, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (cJSON_IsNumber(v)) {
        *out = v->valuedouble;
        return 0;
    }
    if (cJSON_IsString(v) && v->valuestring) {
        char *end;
        double d = strtod(v->valuestring, &end);
        if (end != v->valuestring) {
            *out = d;
            return 0;
        }
    }
    return -1;
}

static void keep_first(char **slot, char *s)
{
    if (!*slot)
        *slot = s;
    else
        free(s);
}

/* JSON Feed author object (1.0 "author", 1.1 "authors"): the first name. */
static char *jsonfeed_author(const cJSON *o)
{
    const cJSON *authors = cJSON_GetObjectItemCaseSensitive(o, "authors");
    const cJSON *a;
    cJSON_ArrayForEach(a, authors)
    {
        char *name = jtext(a, "name", FEED_TEXT_PLAIN, FEED_CAP_AUTHOR, 1);
        if (name) return name;
    }
    return jtext(cJSON_GetObjectItemCaseSensitive(o, "author"), "name", FEED_TEXT_PLAIN,
                 FEED_CAP_AUTHOR, 1);
}

/* 1 when an item holds anything at all (a member that is not null, an
 * empty string or an empty array or object): it is an article even when
 * none of its text survives conversion (content that is only an image). */
static int has_substance(const cJSON *it)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, it)
    {
        if (cJSON_IsNull(m)) continue;
        if (cJSON_IsString(m) && (!m->valuestring || !m->valuestring[0])) continue;
        if ((cJSON_IsArray(m) || cJSON_IsObject(m)) && !m->child) continue;
        return 1;
    }
    return 0;
}

static int parse_jsonfeed(const cJSON *root, int64_t now, struct feed_doc *doc)
{
    doc->format = FEED_JSONFEED;
    doc->title = jtext(root, "title", FEED_TEXT_PLAIN, FEED_CAP_TITLE, 1);
    doc->link = feed_text_id(jstr(root, "home_page_url"), FEED_CAP_LINK);
    doc->subtitle = jtext(root, "description", FEED_TEXT_PLAIN, FEED_CAP_SUMMARY, 0);
    /* JSON Feed has no id: the feed's own URL names it. */
    doc->id = feed_text_id(jstr(root, "feed_url"), FEED_CAP_GUID);
    doc->author = jsonfeed_author(root);
    const char *feed_author = doc->author;
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(root, "items");
    const cJSON *it;
    int rc = 0;
    cJSON_ArrayForEach(it, items)
    {
        if (!cJSON_IsObject(it)) continue;
        struct article a = {0};
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
        if (cJSON_IsString(id)) {
            a.guid = feed_text_id(id->valuestring, FEED_CAP_GUID);
        } else if (cJSON_IsNumber(id)) { /* 1.0 feeds in the wild send numbers */
            char num[64];
            snprintf(num, sizeof num, "%.17g", id->valuedouble);
            a.guid = xstrdup(num);
        }
        a.title = jtext(it, "title", FEED_TEXT_TITLE, FEED_CAP_TITLE, 1);
        a.link = feed_text_id(jstr(it, "url"), FEED_CAP_LINK);
        keep_first(&a.link, feed_text_id(jstr(it, "external_url"), FEED_CAP_LINK));
        a.summary = jtext(it, "summary", FEED_TEXT_PLAIN, FEED_CAP_SUMMARY, 0);
        a.content = jtext(it, "content_html", FEED_TEXT_HTML, FEED_CAP_CONTENT, 0);
        keep_first(&a.content, jtext(it, "content_text", FEED_TEXT_PLAIN, FEED_CAP_CONTENT, 0));
        a.author = jsonfeed_author(it);
        if (!a.author && feed_author) a.author = xstrdup(feed_author);
        if (has_substance(it)) {
            rc = feed_item_finish(&a, jstr(it, "date_published"), jstr(it, "date_modified"), now);
            if (rc == 0) rc = feed_doc_push(doc, &a);
        }
        article_clear(&a);
        if (rc) break;
    }
    return rc;
}

/* The API's label spelling varies ("Somewhat_Bullish" in its own
 * definition string, "Somewhat-Bullish" in values): keep the hyphen. */
static char *av_label(const char *s)
{
    char *l = feed_text_id(s, 23);
    for (char *p = l; p && *p; p++)
        if (*p == '_') *p = '-';
    return l;
}

static int av_item(const cJSON *it, int64_t now, struct feed_doc *doc)
{
    struct article a = {0};
    a.title = jtext(it, "title", FEED_TEXT_TITLE, FEED_CAP_TITLE, 1);
    a.link = feed_text_id(jstr(it, "url"), FEED_CAP_LINK);
    a.summary = jtext(it, "summary", FEED_TEXT_AUTO, FEED_CAP_SUMMARY, 0);
    /* Authors joined; when the list is empty the publishing source names
     * the item. */
    struct sbuf names = {0};
    const cJSON *au;
    cJSON_ArrayForEach(au, cJSON_GetObjectItemCaseSensitive(it, "authors"))
    {
        if (!cJSON_IsString(au) || !au->valuestring[0]) continue;
        if ((names.len && sbuf_adds(&names, ", ")) || sbuf_adds(&names, au->valuestring)) {
            sbuf_free(&names);
            article_clear(&a);
            return err_set("out of memory");
        }
    }
    if (names.len) a.author = feed_text(names.p, names.len, FEED_TEXT_PLAIN, FEED_CAP_AUTHOR, 1);
    sbuf_free(&names);
    if (!a.author) a.author = jtext(it, "source", FEED_TEXT_PLAIN, FEED_CAP_AUTHOR, 1);

    double score;
    if (jnum(it, "overall_sentiment_score", &score) == 0) {
        a.has_provider = 1;
        a.provider_score = score;
        a.provider_label = av_label(jstr(it, "overall_sentiment_label"));
    }
    const cJSON *ts = cJSON_GetObjectItemCaseSensitive(it, "ticker_sentiment");
    int nts = cJSON_IsArray(ts) ? cJSON_GetArraySize(ts) : 0;
    if (nts > 0) {
        a.provider_tickers = calloc((size_t)nts, sizeof *a.provider_tickers);
        if (!a.provider_tickers) {
            article_clear(&a);
            return err_set("out of memory");
        }
        const cJSON *t;
        cJSON_ArrayForEach(t, ts)
        {
            /* Symbols (CRYPTO:BTC, FOREX:USD) are kept as given. */
            char *sym = feed_text_id(jstr(t, "ticker"), sizeof a.provider_tickers[0].symbol - 1);
            if (!sym) continue;
            struct provider_ticker *pt = &a.provider_tickers[a.n_provider_tickers];
            snprintf(pt->symbol, sizeof pt->symbol, "%s", sym);
            free(sym);
            if (jnum(t, "relevance_score", &pt->relevance) < 0) pt->relevance = 0;
            if (jnum(t, "ticker_sentiment_score", &pt->score) < 0) pt->score = 0;
            char *label = av_label(jstr(t, "ticker_sentiment_label"));
            snprintf(pt->label, sizeof pt->label, "%s", label ? label : "");
            free(label);
            a.n_provider_tickers++;
            a.has_provider = 1;
        }
    }
    int rc = 0;
    if (has_substance(it)) {
        /* time_published ("20240214T174600") carries no zone; the API
         * documents none, and it is read as UTC. */
        rc = feed_item_finish(&a, jstr(it, "time_published"), NULL, now);
        if (rc == 0) rc = feed_doc_push(doc, &a);
    }
    article_clear(&a);
    return rc;
}

static int parse_alphavantage(const cJSON *root, int64_t now, struct feed_doc *doc)
{
    doc->format = FEED_ALPHAVANTAGE;
    doc->title = xstrdup("Alpha Vantage news sentiment");
    if (!doc->title) return err_set("out of memory");
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "feed"))
    {
        if (cJSON_IsObject(it) && av_item(it, now, doc) < 0) return -1;
    }
    return 0;
}

/* An Alpha Vantage error or rate-limit reply: HTTP 200 with one message. */
static const char *av_error(const cJSON *root)
{
    static const char *const keys[] = {"Error Message", "Information", "Note"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *m = jstr(root, keys[i]);
        if (m) return m;
    }
    return NULL;
}

/* The value of the \uXXXX escape at s (6 bytes available), or -1. */
static long u_escape(const char *s)
{
    if (s[0] != '\\' || s[1] != 'u') return -1;
    long v = 0;
    for (int i = 2; i < 6; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

/* cJSON ends a string at an escaped NUL ("\u0000") and stops at a raw NUL
 * byte; both are dropped first so the rest of the text survives. It also
 * rejects the whole document for one lone surrogate ("\ud800" without its
 * pair), which publishers do write: each becomes "\ufffd". Returns a
 * malloc'd copy (*n updated) or NULL when memory runs out. */
static char *repair_escapes(const char *buf, size_t *n)
{
    char *out = malloc(*n + 1);
    if (!out) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < *n; i++) {
        if (buf[i] == '\0') continue;
        if (buf[i] == '\\' && i + 1 < *n) {
            long u = *n - i >= 6 ? u_escape(buf + i) : -1;
            if (u == 0) {
                i += 5;
                continue;
            }
            if (u >= 0xD800 && u <= 0xDFFF) {
                long lo = *n - i >= 12 ? u_escape(buf + i + 6) : -1;
                if (u <= 0xDBFF && lo >= 0xDC00 && lo <= 0xDFFF) {
                    memcpy(out + k, buf + i, 12); /* a proper pair */
                    k += 12;
                    i += 11;
                } else {
                    memcpy(out + k, "\\ufffd", 6);
                    k += 6;
                    i += 5;
                }
                continue;
            }
            out[k++] = buf[i++]; /* an escape: copy both bytes */
        }
        out[k++] = buf[i];
    }
    out[k] = '\0';
    *n = k;
    return out;
}

int feed_parse_json(const char *buf, size_t len, int64_t now, struct feed_doc *doc)
{
    char *clean = repair_escapes(buf, &len);
    if (!clean) return err_set("out of memory");
    cJSON *root = cJSON_ParseWithLength(clean, len);
    free(clean);
    if (!root) return err_set("not a feed: malformed JSON");
    int rc;
    const char *version = jstr(root, "version");
    const cJSON *feed = cJSON_GetObjectItemCaseSensitive(root, "feed");
    const char *errmsg;
    if (!cJSON_IsObject(root)) {
        rc = err_set("not a feed: JSON that is not an object");
    } else if (version && strncmp(version, "https://jsonfeed.org/version/", 29) == 0) {
        rc = parse_jsonfeed(root, now, doc);
    } else if (cJSON_IsArray(feed)) {
        rc = parse_alphavantage(root, now, doc);
    } else if ((errmsg = av_error(root)) != NULL) {
        char *m = feed_text(errmsg, strlen(errmsg), FEED_TEXT_PLAIN, 300, 1);
        rc = err_set("Alpha Vantage: %s", m ? m : "error");
        free(m);
    } else if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "items"))) {
        /* A JSON Feed that forgot (or misspelt) its version. */
        rc = parse_jsonfeed(root, now, doc);
    } else {
        rc = err_set("not a feed: JSON without \"items\" or \"feed\"");
    }
    cJSON_Delete(root);
    return rc;
}
