/* bullpen fetch: one pass over the due feeds, or a loop. */
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/fetch.h"
#include "storage/feeds.h"
#include "storage/store.h"
#include "sync/sync.h"

static volatile int stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

struct progress {
    struct store *s;
    int tty, quiet;
    int lines;        /* whether a progress line is on screen */
    int errors;       /* feeds that failed in the last finished pass */
    int64_t next_due; /* from the last pass: when the next feed is due */
    int64_t leased;   /* the other fetchers' lease the loop waits out, once said */
};

static void clear_line(struct progress *p)
{
    if (p->lines) {
        fputs("\r\033[K", stderr);
        p->lines = 0;
    }
}

static void draw_bar(struct progress *p, const struct sync_event *ev, int new_total, int errors)
{
    int width = 30, filled = ev->total ? ev->done * width / ev->total : width;
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r\033[Kfetching [%s] %d/%d feeds  %d new  %d error%s", bar, ev->done,
            ev->total, new_total, errors, errors == 1 ? "" : "s");
    p->lines = 1;
}

static void on_event(void *ctx, const struct sync_event *ev)
{
    static int new_total, errors;
    struct progress *p = ctx;
    if (ev->kind == SYNC_STARTED) {
        new_total = errors = 0;
        return;
    }
    if (ev->kind == SYNC_FEED_DONE) {
        new_total += ev->new_articles;
        if (ev->text[0]) {
            errors++;
            struct feed_row fr = {0};
            int found = store_feed_get(p->s, ev->feed_id, &fr) == 1;
            clear_line(p);
            cli_failf("fetch", "%s: %s", found ? fr.url : "feed", ev->text);
            if (found) store_feed_row_clear(&fr);
        } else if (!p->quiet && !p->tty && ev->new_articles) {
            struct feed_row fr = {0};
            if (store_feed_get(p->s, ev->feed_id, &fr) == 1) {
                cli_put_text(stdout, "%s: %d new\n", fr.url, ev->new_articles);
                store_feed_row_clear(&fr);
            }
        }
        if (p->tty && !p->quiet) draw_bar(p, ev, new_total, errors);
        return;
    }
    /* --quiet means errors only: an alert is news, not an error (alerts
     * log and the workstation still have it). */
    if (ev->kind == SYNC_ALERT && !p->quiet) {
        clear_line(p);
        cli_put_text(stdout, "alert %s\n", ev->text);
        fflush(stdout);
        return;
    }
    if (ev->kind == SYNC_ALERT_ERROR) {
        clear_line(p);
        cli_put_text(stderr,
                     "bullpen: fetch: delivering alerts: %s (they wait in the store for the "
                     "next fetch)\n",
                     ev->text);
        return;
    }
    if (ev->kind == SYNC_FINISHED) {
        p->errors = ev->errors;
        p->next_due = ev->next_due;
    }
    /* Waiting for another fetcher's feeds is said once, not each pass. */
    if (ev->kind == SYNC_FINISHED && ev->leased) {
        if (!p->quiet && !p->leased) {
            char when[32];
            time_t t = (time_t)ev->leased;
            strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", gmtime(&t));
            clear_line(p);
            printf("0 feeds fetched: the feeds due are another fetcher's, leased until %s\n", when);
            fflush(stdout);
        }
        p->leased = ev->leased;
        return;
    }
    if (ev->kind == SYNC_FINISHED) p->leased = 0;
    if (ev->kind == SYNC_FINISHED && !p->quiet) {
        clear_line(p);
        cli_put_text(stdout, "%d feed%s fetched, %d new article%s, %d error%s\n", ev->total,
                     ev->total == 1 ? "" : "s", ev->new_articles, ev->new_articles == 1 ? "" : "s",
                     ev->errors, ev->errors == 1 ? "" : "s");
        fflush(stdout);
    }
}

/* Sleeps nap seconds, or less: a signal, or on PostgreSQL another
 * process's change notice (a fetcher's pass moves its feeds on), ends it. */
static void nap_until_change(struct store *s, long nap)
{
    int64_t seen = store_data_version(s);
    int fd = store_change_fd(s);
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (t = t0; t.tv_sec - t0.tv_sec < nap && !stop_flag; clock_gettime(CLOCK_MONOTONIC, &t)) {
        if (fd < 0) {
            sleep(1);
            continue;
        }
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, 1000) > 0 && store_data_version(s) != seen) return;
    }
}

int cmd_fetch(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return cli_help("fetch");
    static const struct option opts[] = {{"all", no_argument, 0, 'a'},
                                         {"every", required_argument, 0, 'e'},
                                         {"jobs", required_argument, 0, 'j'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {0, 0, 0, 0}};
    long every = 0, jobs = 0;
    int quiet = 0, all = 0, o;
    cli_getopt_reset();
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case 'e':
            if (cli_parse_count(optarg, &every))
                return cli_usage("fetch", "--every: %s", err_msg());
            break;
        case 'j':
            if (cli_parse_count(optarg, &jobs) || jobs > 64)
                return cli_usage("fetch", "--jobs: '%s' is not a number from 1 to 64", optarg);
            break;
        case 'q':
            quiet = 1;
            break;
        case 'a':
            all = 1;
            break;
        default:
            return cli_usage("fetch", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) return cli_usage("fetch", "unexpected argument '%s'", argv[optind]);
    struct store *s = cli_store(c);
    if (!s) return EXIT_FAIL;
    /* 2 MB of page cache: 32 MB was most of a pass's memory and bought no
     * speed (the 200 x 500 ingest took 19.5 s of CPU with it, 19.2 s with
     * 2 MB). With several feeds a transaction, 4 or 8 MB took that ingest's
     * peak to 34 or 37 MB for a writer no faster than the noise. */
    if (store_tune_writer(s, 2)) return cli_fail("fetch");
    int seeded = sync_seed_defaults(s);
    if (seeded < 0) return cli_fail("fetch");
    if (seeded > 0 && !quiet)
        cli_note("no feeds yet; using the %d built-in finance feeds (add your own with 'bullpen "
                 "feeds add URL')",
                 seeded);
    const struct analyzer *an = cli_analyzer(c);
    if (!an) return EXIT_FAIL;
    if (fetch_global_init()) return cli_fail("fetch");
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    struct progress p = {.s = s, .tty = isatty(2), .quiet = quiet};
    int rc = EXIT_OK;
    for (;;) {
        /* --all fetches every feed once (the first pass of a loop too);
         * otherwise each feed when its own schedule says. */
        struct sync_opts so = {
            .force = all, .jobs = (int)jobs, .interval = every, .stop = &stop_flag};
        all = 0;
        p.next_due = 0;
        /* Each whole pass sets the status; one a signal cut short does not
         * (a single pass so cut is an error, below). */
        int failed = sync_run(s, c->cfg, an, &so, on_event, &p);
        if (failed) {
            clear_line(&p);
            cli_fail("fetch");
        }
        if (!stop_flag) rc = failed ? EXIT_FAIL : p.errors ? EXIT_PARTIAL : EXIT_OK;
        if (!every || stop_flag) break;
        /* Until the next feed is due, but at most --every seconds (feeds
         * added meanwhile are seen then) and at least one. */
        long nap = every;
        if (p.next_due) {
            int64_t d = p.next_due - clock_now();
            nap = d < 1 ? 1 : d < every ? (long)d : every;
        }
        nap_until_change(s, nap);
        if (stop_flag) break;
    }
    clear_line(&p);
    /* A loop is meant to be stopped by a signal: that is its normal end. A
     * single pass cut short did not fetch everything: exit 1. */
    if (stop_flag && !every) {
        rc = cli_failf("fetch", "interrupted; everything stored so far is kept");
    } else if (stop_flag && !quiet) {
        cli_note("fetch stopped; everything stored so far is kept");
    }
    return rc;
}
