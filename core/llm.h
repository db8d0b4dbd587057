/* llm: research notes from a language model behind any OpenAI-compatible
 * chat-completions endpoint (llama.cpp server, Ollama, vLLM, a hosted API).
 * The model reads one article and bullpen's own analysis of it and answers
 * with a note in a fixed JSON shape: summary, analysis, risk, a contrarian
 * view, and its own sentiment overall and per ticker. The note stands beside
 * bullpen's analysis; nothing here changes bullpen's scores.
 *
 * What leaves the machine is exactly the request body built here (see
 * llm_note_request and llm_brief_request) plus an Authorization header when
 * llm.key_env names a set variable, sent to llm.url and nowhere else.
 *
 * Threads: after fetch_global_init (core/fetch.h), llm_chat may run in any
 * thread, several at once: each call owns its curl handle and reports
 * through the calling thread's err; its callback runs in that thread. The
 * only thing another thread may touch during a call is the cancel flag.
 * struct llm_job runs one llm_chat on a thread of its own for the
 * workstation; its functions are for the thread that started it.
 *
 * Ownership: strings in the structs here are malloc'd and released by the
 * matching _free; functions returning char * return malloc'd strings the
 * caller frees. */
#ifndef BULLPEN_CORE_LLM_H
#define BULLPEN_CORE_LLM_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct sbuf;

/* Where and how to ask. The strings point into the config and the
 * environment (not copied): keep both alive while it is in use. */
struct llm_config {
    const char *url, *model;
    const char *key;     /* the key's value from the environment, or NULL */
    const char *key_env; /* the variable's name, for messages */
    long timeout_s, max_tokens;
};

/* Reads llm.url, llm.model, llm.key_env, llm.timeout and llm.max_tokens.
 * Returns 0, or -1 with err set to one line that says what to set when no
 * endpoint is configured, or names the unset key variable. */
int llm_config_from(const struct config *cfg, struct llm_config *out);

/* Bullpen's own reading of an article, sent to the model as facts. The
 * caller owns every pointer; nothing is copied. */
struct llm_fact_ticker {
    const char *symbol;
    int mentions;
    double relevance, score;
};
struct llm_fact_claim {
    const char *text, *kind;
    double score;
};
struct llm_facts {
    int64_t article_id, published;
    const char *title, *source, *link;
    const char *text; /* the article as stored (title, blank line, body) */
    int has_score;
    double score;
    const struct llm_fact_ticker *tickers;
    size_t n_tickers;
    const struct llm_fact_claim *claims;
    size_t n_claims;
};

/* The article's text is cut (on a character boundary) past this many bytes
 * so a request stays within a small model's context. */
#define LLM_TEXT_MAX (24 * 1024)

/* The request body for a research note: the model, max_tokens, stream,
 * response_format json_object, a system message that asks for the note's
 * shape and a user message holding the facts. Returns a malloc'd JSON
 * string, or NULL with err set. */
char *llm_note_request(const struct llm_config *c, const struct llm_facts *f, int stream);

/* The request body for a brief written by the model from facts_json (the
 * brief as core/brief.h renders it in JSON, which the caller trims of
 * anything it does not want sent) in plain text or Markdown. */
char *llm_brief_request(const struct llm_config *c, const char *facts_json, int markdown,
                        int stream);

/* Called with each piece of the answer as it streams in. */
typedef void (*llm_delta_fn)(void *ctx, const char *text, size_t len);

#define LLM_CANCELLED 1

/* POSTs body to c->url and collects the answer's text (choices[0].message
 * .content, or with stream the choices[0].delta.content of every
 * server-sent event up to `data: [DONE]`) into *content, calling on_delta
 * (may be NULL) for each piece as it arrives. A server that answers a
 * streamed request with plain JSON is read as plain JSON.
 * Returns 0; LLM_CANCELLED when *cancel became non-zero (within about
 * 100 ms); or -1 with err set to one line: the endpoint refusing the key
 * (401/403), rate limiting (429, with Retry-After when sent), a server
 * error (5xx, with its message), a timeout, a connection failure, a reply
 * that is not JSON, or a stream cut before its end. *content may hold a
 * partial answer on failure; callers store nothing then. */
int llm_chat(const struct llm_config *c, const char *body, llm_delta_fn on_delta, void *ctx,
             const volatile int *cancel, struct sbuf *content);

/* A note in the asked shape. */
struct llm_note_ticker {
    char symbol[16];
    double score; /* [-1, 1] */
};
struct llm_note {
    char *summary, *analysis, *risk, *contrarian;
    double score; /* overall, [-1, 1] */
    struct llm_note_ticker *tickers;
    size_t n_tickers;
};

/* Checks that text (the model's answer) is a JSON object of the asked shape
 * (a fenced ```json block is accepted) and fills *out. Returns 0, or -1 with
 * err naming what is missing or wrong; *out is then empty. */
int llm_note_parse(const char *text, size_t len, struct llm_note *out);
void llm_note_free(struct llm_note *n);

/* The note as the store keeps it: the asked shape, normalised, one line. */
char *llm_note_json(const struct llm_note *n);

/* What is streaming in, readable before the note is whole: the text of the
 * string fields already begun ("summary": "Amazon says...), labelled, for
 * the pane to show as it arrives. Appends to out; returns 0 or -1. */
int llm_note_preview(const char *partial, size_t len, struct sbuf *out);

/* --- the workstation's worker -------------------------------------------- */

struct llm_job;

/* Starts llm_chat(c, body) on a new thread; body is taken (freed by the
 * job). The config's strings must outlive the job. *fd becomes readable
 * whenever more text arrives and when the request ends; the caller polls it
 * and calls llm_job_read. Returns NULL with err set. */
struct llm_job *llm_job_start(const struct llm_config *c, char *body, int *fd);

/* Drains the wake-up pipe and copies the answer so far into *content
 * (replacing what it held). Returns 0 while the request runs, 1 when it has
 * ended: then *rc is llm_chat's return and err (this thread's) holds its
 * message when *rc is -1. */
int llm_job_read(struct llm_job *j, struct sbuf *content, int *rc);

/* Asks the request to stop; llm_job_read reports LLM_CANCELLED soon. */
void llm_job_cancel(struct llm_job *j);

/* Cancels if still running, waits for the thread, frees everything. */
void llm_job_free(struct llm_job *j);

#endif
