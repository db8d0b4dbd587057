/* The research note in the article pane: the stored note, or a request on
 * the worker thread streaming into the pane. */
#include "tui/note.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/analyze.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/fetch.h"
#include "core/llm.h"
#include "core/str.h"
#include "storage/notes.h"
#include "tui/app.h"
#include "tui/wrap.h"

struct note_panel {
    struct app *app;
    struct llm_config lc; /* of the running request; strings in the config */
    struct llm_job *job;
    int64_t job_id;  /* article the request is about */
    int64_t id;      /* article the pane shows */
    int active;      /* the note fills the body */
    struct sbuf raw; /* the answer so far */
    int has_note;    /* note is article id's, by model */
    struct llm_note note;
    char model[128];
    int64_t created;
    char status[320];
    struct tchar *t; /* the body, sanitised */
    size_t nt;
    int top;
};

struct note_panel *note_panel_new(struct app *app)
{
    struct note_panel *p = calloc(1, sizeof *p);
    if (p) p->app = app;
    return p;
}

static void dirty(struct note_panel *p)
{
    p->app->panes[PANE_DETAIL].dirty = 1;
}

static void drop_note(struct note_panel *p)
{
    llm_note_free(&p->note);
    p->has_note = 0;
}

static void end_job(struct note_panel *p)
{
    llm_job_free(p->job);
    p->job = NULL;
    p->app->note_fd = -1;
}

void note_panel_free(struct note_panel *p)
{
    if (!p) return;
    if (p->job) end_job(p);
    drop_note(p);
    sbuf_free(&p->raw);
    free(p->t);
    free(p);
}

/* What the body shows, as text, then sanitised for drawing. */
static void rebuild(struct note_panel *p)
{
    struct sbuf b = {0};
    int rc = 0;
    if (p->job && p->job_id == p->id) {
        rc |= sbuf_printf(&b, "Research note: asking %s (Esc cancels)\n\n", p->lc.model);
        rc |= llm_note_preview(p->raw.p ? p->raw.p : "", p->raw.len, &b);
    } else if (p->has_note) {
        char when[32];
        time_t t = (time_t)p->created;
        struct tm tm;
        if (!localtime_r(&t, &tm) || !strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm))
            snprintf(when, sizeof when, "?");
        rc |= sbuf_printf(&b, "Research note by %s, %s: the model's reading, not bullpen's\n\n",
                          p->model, when);
        rc |= sbuf_printf(&b, "Summary\n%s\n\nAnalysis\n%s\n\nRisk\n%s\n\nContrarian view\n%s\n\n",
                          p->note.summary, p->note.analysis, p->note.risk, p->note.contrarian);
        rc |= sbuf_printf(&b, "Model's sentiment  %+.2f %s\n", p->note.score,
                          sentiment_label(p->note.score));
        for (size_t i = 0; i < p->note.n_tickers; i++)
            rc |= sbuf_printf(&b, "  %-8s %+.2f %s\n", p->note.tickers[i].symbol,
                              p->note.tickers[i].score, sentiment_label(p->note.tickers[i].score));
    } else {
        rc |= sbuf_printf(
            &b, "Research note: %s\n\nA shows the article again; :note refresh asks again.",
            p->status[0] ? p->status : "none yet");
    }
    free(p->t);
    p->t = NULL;
    p->nt = 0;
    if (!rc) term_sanitize(b.p ? b.p : "", b.len, 1, &p->t, &p->nt);
    sbuf_free(&b);
    dirty(p);
}

/* The stored note of the pane's article by the configured model, if any. */
static void load_stored(struct note_panel *p)
{
    drop_note(p);
    struct llm_config lc;
    if (!p->id || llm_config_from(p->app->cfg, &lc)) return;
    struct note_row row;
    if (store_note_get(p->app->s, p->id, lc.model, &row) != 1) return;
    if (!llm_note_parse(row.body, strlen(row.body), &p->note)) {
        p->has_note = 1;
        snprintf(p->model, sizeof p->model, "%s", row.model);
        p->created = row.created;
    }
    store_note_clear(&row);
}

void note_panel_article(struct note_panel *p, int64_t id)
{
    if (!p || id == p->id) return;
    p->id = id;
    p->active = 0;
    p->top = 0;
    p->status[0] = '\0';
    load_stored(p);
}

int note_panel_active(const struct note_panel *p)
{
    return p && p->active;
}

static void ask(struct note_panel *p)
{
    struct note_facts nf;
    int r = store_note_facts(p->app->s, p->id, &nf);
    if (r <= 0) {
        app_message(p->app, ROLE_STATUS_ERROR, "note: %s", r ? err_msg() : "no such article");
        return;
    }
    char *body = llm_note_request(&p->lc, &nf.f, 1);
    store_note_facts_free(&nf);
    int fd = -1;
    if (!body || fetch_global_init() || !(p->job = llm_job_start(&p->lc, body, &fd))) {
        app_message(p->app, ROLE_STATUS_ERROR, "note: %s", err_msg());
        return;
    }
    p->app->note_fd = fd;
    p->job_id = p->id;
    p->active = 1;
    p->top = 0;
    sbuf_reset(&p->raw);
    drop_note(p);
    app_message(p->app, ROLE_STATUS, "asking %s for a research note (Esc cancels)", p->lc.model);
    rebuild(p);
}

void note_panel_toggle(struct note_panel *p, int64_t id, int refresh)
{
    if (!p || !id) return;
    note_panel_article(p, id);
    if (p->active && !refresh) {
        p->active = 0;
        dirty(p);
        return;
    }
    if (p->job) {
        if (p->job_id == id) {
            p->active = 1;
            rebuild(p);
        } else {
            app_message(p->app, ROLE_STATUS_ERROR,
                        "a note on article %lld is still being written (Esc there cancels)",
                        (long long)p->job_id);
        }
        return;
    }
    if (llm_config_from(p->app->cfg, &p->lc)) {
        app_message(p->app, ROLE_STATUS_ERROR, "%s", err_msg());
        return;
    }
    if (!refresh && p->has_note) {
        p->active = 1;
        p->top = 0;
        rebuild(p);
        return;
    }
    ask(p);
}

int note_panel_back(struct note_panel *p)
{
    if (!p) return 0;
    if (p->job) {
        llm_job_cancel(p->job);
        app_message(p->app, ROLE_STATUS, "cancelling the research note");
        return 1;
    }
    if (p->active) {
        p->active = 0;
        dirty(p);
        return 1;
    }
    return 0;
}

void note_panel_ready(struct note_panel *p)
{
    if (!p || !p->job) return;
    int rc;
    if (!llm_job_read(p->job, &p->raw, &rc)) {
        if (p->job_id == p->id && p->active) rebuild(p);
        return;
    }
    char msg[320];
    snprintf(msg, sizeof msg, "%s", rc < 0 ? err_msg() : "");
    int64_t id = p->job_id;
    end_job(p);
    if (rc == 0) {
        struct llm_note n;
        if (store_note_save(p->app->s, id, p->lc.model, p->raw.p ? p->raw.p : "", p->raw.len,
                            clock_now(), &n)) {
            rc = -1;
            snprintf(msg, sizeof msg, "%s", err_msg());
        } else if (id == p->id) {
            drop_note(p);
            p->note = n;
            p->has_note = 1;
            snprintf(p->model, sizeof p->model, "%s", p->lc.model);
            p->created = clock_now();
            app_message(p->app, ROLE_STATUS, "research note by %s stored", p->lc.model);
        } else {
            llm_note_free(&n);
            app_message(p->app, ROLE_STATUS, "research note on article %lld stored", (long long)id);
        }
    }
    if (rc == LLM_CANCELLED) {
        snprintf(p->status, sizeof p->status, "cancelled; nothing stored");
        app_message(p->app, ROLE_STATUS, "research note cancelled; nothing stored");
    } else if (rc < 0) {
        snprintf(p->status, sizeof p->status, "%s", msg);
        app_message(p->app, ROLE_STATUS_ERROR, "note: %s", msg);
    }
    sbuf_reset(&p->raw);
    if (id == p->id) rebuild(p);
}

void note_panel_scroll(struct note_panel *p, int rows)
{
    p->top += rows;
    if (p->top < 0) p->top = 0;
    dirty(p);
}

void note_panel_draw(struct note_panel *p, WINDOW *w, int y, int h, int cols)
{
    size_t *starts, n;
    if (!p->t || wrap_lines(p->t, p->nt, cols, &starts, &n)) return;
    if (p->top > (int)n - h) p->top = (int)n - h;
    if (p->top < 0) p->top = 0;
    for (int r = 0; r < h && (size_t)(p->top + r) < n; r++) {
        size_t i = starts[p->top + r];
        size_t e = (size_t)(p->top + r) + 1 < n ? starts[p->top + r + 1] : p->nt;
        while (e > i && (p->t[e - 1].ch == L' ' || p->t[e - 1].ch == L'\n'))
            e--;
        /* Headings of the note's parts stand out. */
        int heading = e > i && (p->top + r == 0 || (i > 0 && p->t[i - 1].ch == L'\n' && i > 1 &&
                                                    p->t[i - 2].ch == L'\n'));
        term_put_tchars(w, y + r, 1, cols, p->t + i, e - i,
                        term_attr(heading ? ROLE_HEADER : ROLE_NORMAL));
    }
    free(starts);
}

int note_panel_score(const struct note_panel *p, int64_t id, double *score)
{
    if (!p || !p->has_note || p->id != id) return 0;
    *score = p->note.score;
    return 1;
}
