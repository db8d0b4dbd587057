/* The event loop: poll() on the keyboard, a SIGWINCH self-pipe, the
 * fetcher's pipe, a research note's and the store's change notices; keys
 * become actions (tui/actions.c); views mark themselves dirty and the
 * screen draws once per pass (tui/screen.c). Nothing calls into this file
 * but tui_run's caller: the actions and the views leave what they want
 * done (quit, a redraw) in struct app for the next pass. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/err.h"
#include "storage/feeds.h"
#include "storage/store.h"
#include "tui/app.h"
#include "tui/fetcher.h"
#include "tui/tui.h"

static int winch_pipe[2] = {-1, -1};

static void on_winch(int sig)
{
    (void)sig;
    int e = errno;
    if (write(winch_pipe[1], "w", 1) < 0) { /* the pipe is full: a redraw is already due */
    }
    errno = e;
}

static void on_mouse(struct app *app)
{
    MEVENT ev;
    if (getmouse(&ev) != OK) return;
    int button = (ev.bstate & BUTTON4_PRESSED) ? 4 : (ev.bstate & BUTTON5_PRESSED) ? 5 : 1;
    int y = ev.y, x = ev.x;
    struct view *v = screen_view_at(app, &y, &x);
    if (!v) return;
    if (!app_top_overlay(app) && button == 1) app_focus(app, (int)(v - app->panes));
    view_mouse(v, y, x, button);
    app->redraw_all = 1;
}

static void read_keys(struct app *app)
{
    wint_t ch;
    int rc;
    while ((rc = get_wch(&ch)) != ERR) {
        int is_key = rc == KEY_CODE_YES;
        enum action a;
        char arg[1200];
        if (is_key && ch == KEY_RESIZE) {
            screen_resize(app);
        } else if (is_key && ch == KEY_MOUSE) {
            on_mouse(app);
        } else if (app->prompting) {
            if (prompt_key(app, ch, is_key, &a, arg, sizeof arg)) app_global(app, a, arg);
        } else {
            /* A message, an error too, answers the key before this one. */
            if (app->msg[0]) {
                app->msg[0] = '\0';
                app->status_dirty = 1;
            }
            int key = is_key ? KEYMAP_CURSES((int)ch) : (int)ch;
            enum action act = keymap_lookup(key);
            if (act == ACT_NONE) {
                char name[16];
                keymap_key_name(key, name, sizeof name);
                app_message(app, ROLE_STATUS_ERROR, "%s: not bound to anything (? lists the keys)",
                            name);
            }
            app_dispatch(app, act, NULL);
        }
        /* The next key goes to the overlay on top now. */
        screen_reap_overlays(app);
        if (app->quit) return;
    }
}

/* The view on screen that wants a redraw every second, if any. */
static struct view *ticking(struct app *app)
{
    struct view *top = app_top_overlay(app);
    return top && top->tick ? top : NULL;
}

/* How often the desk looks whether others changed the store, and the
 * least time between two reloads when notices stream in (a busy fetcher
 * commits feed after feed). */
#define VERSION_EVERY_MS 500
#define RELOAD_GAP_MS 200

/* Changes that other processes committed (bullpen mark, watch, import, a
 * fetch, the alerts it fires) are reloaded within VERSION_EVERY_MS, or at
 * once when the store's change descriptor woke the loop (PostgreSQL's
 * notices): the store's data version reads no table, whatever the store's
 * size. woke: that descriptor was readable. */
static void look_for_changes(struct app *app, int64_t now, int woke)
{
    if (woke || now - app->version_at >= VERSION_EVERY_MS) {
        app->version_at = now;
        int64_t v = store_data_version(app->s);
        if (v >= 0 && v != app->data_version) {
            app->data_version = v;
            app->changed = 1;
        }
    }
    if (!app->changed || now - app->reload_at < RELOAD_GAP_MS) return;
    app->changed = 0;
    app->reload_at = now;
    app_reload(app, RELOAD_ARTICLES | RELOAD_FLAGS | RELOAD_WATCH | RELOAD_FEEDS);
    app_alerts_refresh(app);
    /* Feeds another process failed (or mended); during this desk's own
     * pass its fetcher's events count them. */
    int64_t errors = app->fetching ? -1 : store_feed_errors(app->s);
    if (errors >= 0 && errors != app->fetch_errors) {
        app->fetch_errors = (int)errors;
        app->status_dirty = 1;
    }
}

/* How long poll() may sleep: until the fetch summary fades, the next look
 * at the store's version or a reload held back, or the next second for a
 * view that ticks. */
static int poll_timeout(struct app *app)
{
    int64_t now = clock_mono_ms();
    int64_t wait = app->version_at + VERSION_EVERY_MS - now;
    if (app->changed && app->reload_at + RELOAD_GAP_MS - now < wait)
        wait = app->reload_at + RELOAD_GAP_MS - now;
    if (wait < 0) wait = 0;
    if (app->summary_until) {
        int64_t t = app->summary_until > now ? app->summary_until - now : 0;
        if (t < wait) wait = t;
    }
    if (ticking(app)) {
        int64_t t = 1000 - now % 1000;
        if (t < wait) wait = t;
    }
    return (int)wait;
}

static void on_timers(struct app *app, int woke)
{
    int64_t now = clock_mono_ms();
    statusbar_tick(app, now);
    struct view *v = ticking(app);
    if (v && now / 1000 != app->last_tick / 1000) v->dirty = 1;
    app->last_tick = now;
    look_for_changes(app, now, woke);
}

static int setup(struct app *app)
{
    if (pipe(winch_pipe)) return err_set("pipe: %s", strerror(errno));
    for (int i = 0; i < 2; i++) {
        fcntl(winch_pipe[i], F_SETFL, O_NONBLOCK);
        fcntl(winch_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    /* Installed before curses starts, so curses leaves SIGWINCH to us. */
    struct sigaction sa = {0};
    sa.sa_handler = on_winch;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &sa, NULL);
    if (keymap_init(app->cfg)) return -1;
    if (app_theme_load(app)) return -1;
    if (term_start(config_bool(app->cfg, CFG_UI_MOUSE))) return -1;
    term_apply_styles(app->theme.styles);
    int mode = layout_mode_parse(config_str(app->cfg, CFG_UI_LAYOUT));
    app->layout_mode = mode < 0 ? LAYOUT_AUTO : (enum layout_mode)mode;
    const struct view_ops *ops[PANE_N] = {&list_ops, &detail_ops, &portfolio_ops};
    for (int i = 0; i < PANE_N; i++) {
        app->panes[i].ops = ops[i];
        app->panes[i].app = app;
    }
    /* Placed first, so each pane reads as many rows as it shows. */
    app_layout(app);
    for (int i = 0; i < PANE_N; i++)
        if (view_open(&app->panes[i], NULL)) return -1;
    return 0;
}

static void teardown(struct app *app)
{
    fetcher_stop(app);
    app_close_overlays(app);
    screen_reap_overlays(app);
    for (int i = 0; i < PANE_N; i++)
        view_close(&app->panes[i]);
    term_stop();
    keymap_free();
    signal(SIGWINCH, SIG_DFL);
    for (int i = 0; i < 2; i++)
        if (winch_pipe[i] >= 0) close(winch_pipe[i]), winch_pipe[i] = -1;
}

/* For benchmarks: with BULLPEN_FRAME_LOG set to a file, the moment the
 * first frame has gone to the terminal is appended to it, as nanoseconds of
 * CLOCK_MONOTONIC on a line, so that a harness which noted the same clock
 * just before it started the program (bench/bench.py) knows how long the
 * program itself took, whatever the terminal around it costs. Best effort:
 * a file that cannot be written is no error. */
static void note_first_frame(void)
{
    const char *path = getenv("BULLPEN_FRAME_LOG");
    struct timespec t;
    if (!path || !*path || clock_gettime(CLOCK_MONOTONIC, &t)) return;
    FILE *f = fopen(path, "a");
    if (!f) return;
    fprintf(f, "%lld\n", (long long)t.tv_sec * 1000000000LL + t.tv_nsec);
    fclose(f);
}

int tui_run(struct store *s, const struct config *cfg, const struct analyzer *an,
            const char *db_path, const char *hint)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return err_set("the workstation needs a terminal (try 'bullpen articles')");
    struct app *app = calloc(1, sizeof *app);
    if (!app) return err_set("out of memory");
    app->s = s;
    app->cfg = cfg;
    app->an = an;
    app->db_path = db_path;
    app->msg_role = ROLE_STATUS;
    app->sync_fd = -1;
    app->note_fd = -1;
    snprintf(app->hint, sizeof app->hint, "%s", hint ? hint : "");
    int rc = setup(app);
    if (!rc) app_counts_refresh(app);
    if (!rc) app_alerts_refresh(app); /* alerts fired while the desk was closed */
    if (!rc) app->data_version = store_data_version(app->s);
    if (!rc) app->version_at = clock_mono_ms();
    int first = 1;
    while (!rc && !app->quit) {
        screen_reap_overlays(app);
        screen_draw(app);
        /* The fetcher (libcurl loaded, a thread and its connection, a first
         * pass) starts once the first frame is on the screen, not before. */
        if (first) {
            note_first_frame();
            fetcher_start(app);
        }
        first = 0;
        /* poll() skips the entries whose fd is -1. */
        struct pollfd fds[5] = {{STDIN_FILENO, POLLIN, 0},
                                {winch_pipe[0], POLLIN, 0},
                                {app->sync_fd, POLLIN, 0},
                                {app->note_fd, POLLIN, 0},
                                {store_change_fd(app->s), POLLIN, 0}};
        int n = poll(fds, 5, poll_timeout(app));
        if (n < 0 && errno != EINTR) {
            rc = err_set("poll: %s", strerror(errno));
            break;
        }
        if (fds[1].revents & POLLIN) {
            char junk[64];
            while (read(winch_pipe[0], junk, sizeof junk) > 0) {
            }
            screen_resize(app);
        }
        if (app->sync_fd >= 0 && (fds[2].revents & POLLIN)) fetcher_read(app);
        if (app->note_fd >= 0 && (fds[3].revents & POLLIN))
            view_reload(&app->panes[PANE_DETAIL], RELOAD_NOTE);
        read_keys(app);
        on_timers(app, fds[4].fd >= 0 && (fds[4].revents & (POLLIN | POLLERR | POLLHUP)));
    }
    teardown(app);
    free(app);
    return rc;
}
