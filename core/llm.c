/* llm: the chat-completions client, the note's prompt and its validation,
 * and the worker thread the workstation runs requests on. */
#include "core/llm.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/config.h"
#include "core/err.h"
#include "core/str.h"
#include "core/utf8.h"

/* An answer past this is not a note: stop reading. */
#define ANSWER_MAX ((size_t)4 << 20)
#define ERROR_BODY_MAX ((size_t)64 << 10)
#define SSE_LINE_MAX ((size_t)1 << 20)

int llm_config_from(const struct config *cfg, struct llm_config *out)
{
    memset(out, 0, sizeof *out);
    out->url = config_str(cfg, CFG_LLM_URL);
    out->model = config_str(cfg, CFG_LLM_MODEL);
    out->key_env = config_str(cfg, CFG_LLM_KEY_ENV);
    out->timeout_s = config_int(cfg, CFG_LLM_TIMEOUT);
    out->max_tokens = config_int(cfg, CFG_LLM_MAX_TOKENS);
    const char *where = config_path(cfg) ? config_path(cfg) : "the config file";
    if (!*out->url)
        return err_set("no language model configured: set llm.url (an OpenAI-compatible "
                       "/v1/chat/completions URL) and llm.model in %s",
                       where);
    if (strncmp(out->url, "http://", 7) && strncmp(out->url, "https://", 8))
        return err_set("llm.url must be an http:// or https:// URL");
    if (!*out->model) return err_set("llm.model is not set in %s (the model's name)", where);
    if (*out->key_env) {
        const char *k = getenv(out->key_env);
        if (!k || !*k)
            return err_set("llm.key_env names %s, which is not set in the environment",
                           out->key_env);
        out->key = k;
    }
    return 0;
}

/* --- requests ---------------------------------------------------------- */

static const char NOTE_SYSTEM[] =
    "You are a sell-side research analyst writing a short research note on one news article "
    "for a portfolio manager. You get the article and the automatic analysis of a local tool "
    "(tickers with sentiment scores from -1 to 1, and the claims it found). Read the article "
    "itself; the tool's scores are hints, not truth. Answer with one JSON object and nothing "
    "else, with exactly these keys:\n"
    "{\"summary\": \"two or three sentences: what happened\",\n"
    " \"analysis\": \"what it means for the companies named, in a short paragraph\",\n"
    " \"risk\": \"the main risks to that reading\",\n"
    " \"contrarian\": \"the strongest case against the article's slant\",\n"
    " \"sentiment\": {\"score\": <number from -1 to 1>, \"label\": \"negative|moderately "
    "negative|neutral|moderately positive|positive\"},\n"
    " \"tickers\": [{\"symbol\": \"TICKER\", \"score\": <number from -1 to 1>}]}\n"
    "Use only facts in the article. Keep every text field under 120 words.";

static const char BRIEF_SYSTEM[] =
    "You are a research assistant writing a morning brief for a portfolio manager from facts a "
    "local tool gathered (JSON: per symbol the article count against its usual pace, sentiment "
    "from -1 to 1 and its change, the strongest claims with source and link, alerts and price "
    "moves; then the portfolio's value-weighted sentiment and the positions that moved it). "
    "Write a brief of at most 300 words: lead with what changed most, name sources for claims, "
    "say plainly where the facts are thin. Use only these facts.";

static cJSON *base_request(const struct llm_config *c, int stream)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "model", c->model);
    cJSON_AddNumberToObject(r, "max_tokens", (double)c->max_tokens);
    cJSON_AddNumberToObject(r, "temperature", 0.2);
    cJSON_AddBoolToObject(r, "stream", stream);
    return r;
}

static char *finish_request(cJSON *r, const char *system, const char *user)
{
    cJSON *msgs = cJSON_AddArrayToObject(r, "messages");
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "role", "system");
    cJSON_AddStringToObject(m, "content", system);
    cJSON_AddItemToArray(msgs, m);
    m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "role", "user");
    cJSON_AddStringToObject(m, "content", user);
    cJSON_AddItemToArray(msgs, m);
    char *s = cJSON_PrintUnformatted(r);
    cJSON_Delete(r);
    if (!s) err_set("out of memory");
    return s;
}

static void round4(cJSON *o, const char *k, double v)
{
    cJSON_AddNumberToObject(o, k, round(v * 10000) / 10000);
}

char *llm_note_request(const struct llm_config *c, const struct llm_facts *f, int stream)
{
    cJSON *facts = cJSON_CreateObject();
    if (f->has_score) round4(facts, "overall_score", f->score);
    cJSON *tk = cJSON_AddArrayToObject(facts, "tickers");
    for (size_t i = 0; i < f->n_tickers; i++) {
        cJSON *t = cJSON_CreateObject();
        cJSON_AddStringToObject(t, "symbol", f->tickers[i].symbol);
        cJSON_AddNumberToObject(t, "mentions", f->tickers[i].mentions);
        round4(t, "relevance", f->tickers[i].relevance);
        round4(t, "score", f->tickers[i].score);
        cJSON_AddItemToArray(tk, t);
    }
    cJSON *cl = cJSON_AddArrayToObject(facts, "claims");
    for (size_t i = 0; i < f->n_claims; i++) {
        cJSON *t = cJSON_CreateObject();
        cJSON_AddStringToObject(t, "text", f->claims[i].text ? f->claims[i].text : "");
        cJSON_AddStringToObject(t, "kind", f->claims[i].kind ? f->claims[i].kind : "");
        round4(t, "score", f->claims[i].score);
        cJSON_AddItemToArray(cl, t);
    }
    char *fj = cJSON_PrintUnformatted(facts);
    cJSON_Delete(facts);
    const char *text = f->text ? f->text : "";
    size_t tl = utf8_clip(text, strlen(text), LLM_TEXT_MAX);
    char when[32] = "unknown";
    if (f->published) {
        time_t t = (time_t)f->published;
        struct tm tm;
        if (gmtime_r(&t, &tm)) strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    }
    struct sbuf u = {0};
    int rc = !fj;
    rc |= sbuf_printf(&u, "Source: %s\nPublished: %s\nLink: %s\n\nArticle:\n",
                      f->source ? f->source : "unknown", when, f->link ? f->link : "none");
    rc |= sbuf_add(&u, text, tl);
    if (tl < strlen(text)) rc |= sbuf_adds(&u, "\n[article cut here]");
    rc |= sbuf_adds(&u, "\n\nThe local tool's analysis (JSON):\n");
    rc |= sbuf_adds(&u, fj ? fj : "");
    free(fj);
    if (rc) {
        sbuf_free(&u);
        err_set("out of memory");
        return NULL;
    }
    cJSON *r = base_request(c, stream);
    cJSON *fmt = cJSON_AddObjectToObject(r, "response_format");
    cJSON_AddStringToObject(fmt, "type", "json_object");
    char *out = finish_request(r, NOTE_SYSTEM, u.p);
    sbuf_free(&u);
    return out;
}

char *llm_brief_request(const struct llm_config *c, const char *facts_json, int markdown,
                        int stream)
{
    struct sbuf u = {0};
    if (sbuf_printf(&u, "Write the brief in %s.\n\nFacts (JSON):\n%s",
                    markdown ? "Markdown" : "plain text (no Markdown)", facts_json)) {
        sbuf_free(&u);
        err_set("out of memory");
        return NULL;
    }
    char *out = finish_request(base_request(c, stream), BRIEF_SYSTEM, u.p);
    sbuf_free(&u);
    return out;
}

/* --- the transfer -------------------------------------------------------- */

struct chat {
    const struct llm_config *c;
    llm_delta_fn on_delta;
    void *ctx;
    const volatile int *cancel;
    struct sbuf *content;
    long status;
    int sse;  /* the response is text/event-stream */
    int done; /* saw data: [DONE] */
    char retry_after[32];
    struct sbuf body; /* a plain reply, or an error's body */
    struct sbuf line; /* an unfinished event-stream line */
    char bad[160];    /* why our callback stopped the transfer */
};

/* One line of the reply's text for a message: controls out, cut short. */
static void quote_line(const char *s, size_t n, char *out, size_t size)
{
    char *one = text_single_line(s, n);
    snprintf(out, size, "%s", one ? one : "");
    free(one);
    if (strlen(out) + 1 == size && size > 4) memcpy(out + size - 4, "...", 4);
}

static size_t on_header(char *b, size_t sz, size_t n, void *ud)
{
    struct chat *ch = ud;
    size_t len = sz * n;
    if (len > 5 && !strncmp(b, "HTTP/", 5)) {
        const char *sp = memchr(b, ' ', len);
        ch->status = sp ? strtol(sp + 1, NULL, 10) : 0;
        ch->sse = 0;
        ch->retry_after[0] = '\0';
    } else if (len > 13 && !strncasecmp(b, "content-type:", 13)) {
        char v[128];
        quote_line(b + 13, len - 13, v, sizeof v);
        ch->sse = strncasecmp(v, "text/event-stream", 17) == 0;
    } else if (len > 12 && !strncasecmp(b, "retry-after:", 12)) {
        quote_line(b + 12, len - 12, ch->retry_after, sizeof ch->retry_after);
    }
    return len;
}

static int add_content(struct chat *ch, const char *s, size_t n)
{
    if (ch->content->len + n > ANSWER_MAX) {
        snprintf(ch->bad, sizeof ch->bad, "the answer is over %zu MiB", ANSWER_MAX >> 20);
        return -1;
    }
    if (sbuf_add(ch->content, s, n)) {
        snprintf(ch->bad, sizeof ch->bad, "out of memory");
        return -1;
    }
    if (ch->on_delta && n) ch->on_delta(ch->ctx, s, n);
    return 0;
}

/* An error object in a reply: {"error": {"message": "..."}} or
 * {"error": "..."}; its message into out. */
static int error_message(const cJSON *j, char *out, size_t size)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "error");
    if (!e) return 0;
    const cJSON *m = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "message") : e;
    const char *s = cJSON_IsString(m) ? m->valuestring : "unspecified error";
    quote_line(s, strlen(s), out, size);
    return 1;
}

/* One `data:` payload of the event stream. */
static int sse_data(struct chat *ch, const char *d, size_t n)
{
    while (n && (*d == ' '))
        d++, n--;
    if (n == 6 && !memcmp(d, "[DONE]", 6)) {
        ch->done = 1;
        return 0;
    }
    cJSON *j = cJSON_ParseWithLength(d, n);
    if (!j) {
        snprintf(ch->bad, sizeof ch->bad, "the stream sent an event that is not JSON");
        return -1;
    }
    char msg[128];
    if (error_message(j, msg, sizeof msg)) {
        snprintf(ch->bad, sizeof ch->bad, "the model server reported: %s", msg);
        cJSON_Delete(j);
        return -1;
    }
    const cJSON *choices = cJSON_GetObjectItemCaseSensitive(j, "choices");
    const cJSON *c0 = cJSON_IsArray(choices) ? cJSON_GetArrayItem(choices, 0) : NULL;
    const cJSON *delta = c0 ? cJSON_GetObjectItemCaseSensitive(c0, "delta") : NULL;
    const cJSON *text = delta ? cJSON_GetObjectItemCaseSensitive(delta, "content") : NULL;
    int rc = 0;
    if (cJSON_IsString(text)) rc = add_content(ch, text->valuestring, strlen(text->valuestring));
    cJSON_Delete(j);
    return rc;
}

static size_t on_body(char *b, size_t sz, size_t n, void *ud)
{
    struct chat *ch = ud;
    size_t len = sz * n;
    if (ch->status < 200 || ch->status > 299 || !ch->sse) {
        size_t cap = ch->status >= 200 && ch->status <= 299 ? ANSWER_MAX : ERROR_BODY_MAX;
        if (ch->body.len + len > cap) {
            if (cap == ERROR_BODY_MAX) return len; /* enough of an error page */
            snprintf(ch->bad, sizeof ch->bad, "the reply is over %zu MiB", ANSWER_MAX >> 20);
            return 0;
        }
        return sbuf_add(&ch->body, b, len) ? 0 : len;
    }
    /* Server-sent events: lines; a `data:` line carries one chunk. */
    for (size_t i = 0; i < len; i++) {
        if (b[i] != '\n') {
            if (ch->line.len >= SSE_LINE_MAX) {
                snprintf(ch->bad, sizeof ch->bad, "the stream sent a line over 1 MiB");
                return 0;
            }
            if (sbuf_addc(&ch->line, b[i])) return 0;
            continue;
        }
        char *l = ch->line.p ? ch->line.p : "";
        size_t ll = ch->line.len;
        if (ll && l[ll - 1] == '\r') ll--;
        int rc = 0;
        if (ll >= 5 && !memcmp(l, "data:", 5)) rc = sse_data(ch, l + 5, ll - 5);
        sbuf_reset(&ch->line);
        if (rc) return 0;
    }
    return len;
}

static int on_progress(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
    (void)a, (void)b, (void)c, (void)d;
    const struct chat *ch = ud;
    return ch->cancel && *ch->cancel ? 1 : 0;
}

static const char *host_of(const char *url, char *buf, size_t size)
{
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    size_t n = strcspn(h, "/?#");
    snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), h);
    return buf;
}

/* The reply was complete and 2xx: its text. */
static int plain_reply(struct chat *ch)
{
    cJSON *j = cJSON_ParseWithLength(ch->body.p ? ch->body.p : "", ch->body.len);
    if (!j) return err_set("the model server's reply is not JSON");
    char msg[128];
    if (error_message(j, msg, sizeof msg)) {
        cJSON_Delete(j);
        return err_set("the model server reported: %s", msg);
    }
    const cJSON *choices = cJSON_GetObjectItemCaseSensitive(j, "choices");
    const cJSON *c0 = cJSON_IsArray(choices) ? cJSON_GetArrayItem(choices, 0) : NULL;
    const cJSON *m = c0 ? cJSON_GetObjectItemCaseSensitive(c0, "message") : NULL;
    const cJSON *t = m ? cJSON_GetObjectItemCaseSensitive(m, "content") : NULL;
    int rc = 0;
    if (!cJSON_IsString(t))
        rc = err_set("the model server's reply has no choices[0].message.content");
    else if (add_content(ch, t->valuestring, strlen(t->valuestring)))
        rc = err_set("%s", ch->bad);
    cJSON_Delete(j);
    return rc;
}

static int http_failure(struct chat *ch)
{
    char host[128], msg[160] = "";
    host_of(ch->c->url, host, sizeof host);
    cJSON *j = ch->body.len ? cJSON_ParseWithLength(ch->body.p, ch->body.len) : NULL;
    if (!j || !error_message(j, msg, sizeof msg))
        quote_line(ch->body.p ? ch->body.p : "", ch->body.len > 120 ? 120 : ch->body.len, msg,
                   sizeof msg);
    cJSON_Delete(j);
    long st = ch->status;
    if (st == 401 || st == 403) {
        if (ch->c->key)
            return err_set("%s refused the key (HTTP %ld): check the key in $%s", host, st,
                           ch->c->key_env);
        return err_set("%s wants a key (HTTP %ld): set llm.key_env to the name of the "
                       "environment variable that holds it",
                       host, st);
    }
    if (st == 429)
        return ch->retry_after[0]
                   ? err_set("%s is rate limiting requests (HTTP 429): retry after %s s", host,
                             ch->retry_after)
                   : err_set("%s is rate limiting requests (HTTP 429): try again later", host);
    if (st >= 500)
        return err_set("the model server at %s failed (HTTP %ld%s%s)", host, st, *msg ? ": " : "",
                       msg);
    return err_set("%s answered HTTP %ld%s%s", host, st, *msg ? ": " : "", msg);
}

int llm_chat(const struct llm_config *c, const char *body, llm_delta_fn on_delta, void *ctx,
             const volatile int *cancel, struct sbuf *content)
{
    struct chat ch = {
        .c = c, .on_delta = on_delta, .ctx = ctx, .cancel = cancel, .content = content};
    CURL *e = curl_easy_init();
    if (!e) return err_set("cannot start libcurl");
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    h = h ? curl_slist_append(h, "Accept: application/json, text/event-stream") : NULL;
    char auth[1024];
    if (h && c->key) {
        if ((size_t)snprintf(auth, sizeof auth, "Authorization: Bearer %s", c->key) >=
                sizeof auth ||
            strpbrk(c->key, "\r\n")) {
            curl_slist_free_all(h);
            curl_easy_cleanup(e);
            return err_set("the key in $%s is not a usable header value", c->key_env);
        }
        h = curl_slist_append(h, auth);
    }
    if (!h) {
        curl_easy_cleanup(e);
        return err_set("out of memory");
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(e, CURLOPT_URL, c->url);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
    curl_easy_setopt(e, CURLOPT_USERAGENT, "bullpen/" BULLPEN_VERSION);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, c->timeout_s < 10 ? c->timeout_s : 10L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT, c->timeout_s);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &ch);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &ch);
    curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(e, CURLOPT_XFERINFODATA, &ch);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode cc = curl_easy_perform(e);
    curl_easy_cleanup(e);
    curl_slist_free_all(h);
    char host[128];
    host_of(c->url, host, sizeof host);
    int rc = 0;
    if (cancel && *cancel) {
        rc = LLM_CANCELLED;
    } else if (ch.bad[0]) {
        rc = err_set("%s", ch.bad);
    } else if (cc == CURLE_OPERATION_TIMEDOUT) {
        rc = err_set("no whole answer from %s within %ld s (llm.timeout)", host, c->timeout_s);
    } else if (cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST) {
        rc = err_set("cannot reach %s: %s", host, errbuf[0] ? errbuf : curl_easy_strerror(cc));
    } else if (cc != CURLE_OK && ch.sse && ch.status >= 200 && ch.status <= 299) {
        rc = err_set("the answer from %s stopped mid-stream (%s)", host,
                     errbuf[0] ? errbuf : curl_easy_strerror(cc));
    } else if (cc != CURLE_OK) {
        rc = err_set("request to %s failed: %s", host, errbuf[0] ? errbuf : curl_easy_strerror(cc));
    } else if (ch.status < 200 || ch.status > 299) {
        rc = http_failure(&ch);
    } else if (ch.sse) {
        if (ch.line.len > 5 && !memcmp(ch.line.p, "data:", 5) && !ch.done &&
            sse_data(&ch, ch.line.p + 5, ch.line.len - 5))
            rc = err_set("%s", ch.bad);
        else if (!ch.done)
            rc = err_set("the answer from %s stopped mid-stream (no [DONE])", host);
    } else {
        rc = plain_reply(&ch);
    }
    sbuf_free(&ch.body);
    sbuf_free(&ch.line);
    return rc;
}

/* --- the worker ---------------------------------------------------------- */

struct llm_job {
    pthread_t tid;
    pthread_mutex_t mu;
    const struct llm_config *c;
    char *body;
    int pipe[2];
    volatile int cancel;
    struct sbuf content; /* under mu */
    int ended, rc;       /* under mu */
    char err[512];       /* under mu */
};

static void wake(struct llm_job *j)
{
    char b = 1;
    ssize_t w = write(j->pipe[1], &b, 1);
    (void)w; /* a full pipe already means "wake" */
}

static void job_delta(void *ctx, const char *text, size_t len)
{
    struct llm_job *j = ctx;
    pthread_mutex_lock(&j->mu);
    sbuf_add(&j->content, text, len);
    pthread_mutex_unlock(&j->mu);
    wake(j);
}

static void *job_run(void *arg)
{
    struct llm_job *j = arg;
    struct sbuf got = {0};
    int rc = llm_chat(j->c, j->body, job_delta, j, &j->cancel, &got);
    pthread_mutex_lock(&j->mu);
    /* A server that did not stream delivers its answer only here. */
    if (rc == 0 && got.len != j->content.len) {
        sbuf_reset(&j->content);
        sbuf_add(&j->content, got.p, got.len);
    }
    j->rc = rc;
    snprintf(j->err, sizeof j->err, "%s", rc < 0 ? err_msg() : "");
    j->ended = 1;
    pthread_mutex_unlock(&j->mu);
    sbuf_free(&got);
    wake(j);
    return NULL;
}

struct llm_job *llm_job_start(const struct llm_config *c, char *body, int *fd)
{
    struct llm_job *j = calloc(1, sizeof *j);
    if (!j) {
        free(body);
        err_set("out of memory");
        return NULL;
    }
    j->c = c;
    j->body = body;
    if (pipe(j->pipe)) {
        free(body);
        free(j);
        err_set("pipe: %s", strerror(errno));
        return NULL;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(j->pipe[i], F_SETFL, fcntl(j->pipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(j->pipe[i], F_SETFD, FD_CLOEXEC);
    }
    pthread_mutex_init(&j->mu, NULL);
    if (pthread_create(&j->tid, NULL, job_run, j)) {
        close(j->pipe[0]);
        close(j->pipe[1]);
        pthread_mutex_destroy(&j->mu);
        free(body);
        free(j);
        err_set("cannot start a thread");
        return NULL;
    }
    *fd = j->pipe[0];
    return j;
}

int llm_job_read(struct llm_job *j, struct sbuf *content, int *rc)
{
    char junk[64];
    while (read(j->pipe[0], junk, sizeof junk) > 0) {
    }
    pthread_mutex_lock(&j->mu);
    sbuf_reset(content);
    if (j->content.len) sbuf_add(content, j->content.p, j->content.len);
    int ended = j->ended;
    *rc = j->rc;
    if (ended && j->rc < 0) err_set("%s", j->err);
    pthread_mutex_unlock(&j->mu);
    return ended;
}

void llm_job_cancel(struct llm_job *j)
{
    j->cancel = 1;
}

void llm_job_free(struct llm_job *j)
{
    if (!j) return;
    j->cancel = 1;
    pthread_join(j->tid, NULL);
    close(j->pipe[0]);
    close(j->pipe[1]);
    pthread_mutex_destroy(&j->mu);
    sbuf_free(&j->content);
    free(j->body);
    free(j);
}
