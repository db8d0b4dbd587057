/* Running an alert's command without a shell and without ever making the
 * caller wait: two forks detach it from us, and the middle process stays as
 * its watchdog. Between fork and exec only async-signal-safe calls are made,
 * since the caller may have other threads (the workstation's fetcher), so
 * the environment and the program's path are prepared beforehand
 * (core/spawn.h). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/alert.h"
#include "core/err.h"
#include "core/spawn.h"
#include "core/str.h"

extern char **environ;

static const char *const our_vars[] = {
    "BULLPEN_ARTICLE_ID=", "BULLPEN_TITLE=",  "BULLPEN_LINK=",      "BULLPEN_FEED=",
    "BULLPEN_PUBLISHED=",  "BULLPEN_SYMBOL=", "BULLPEN_SENTIMENT=", "BULLPEN_RULE=",
};
#define N_VARS (sizeof our_vars / sizeof our_vars[0])

static int ours(const char *e)
{
    for (size_t i = 0; i < N_VARS; i++)
        if (!strncmp(e, our_vars[i], strlen(our_vars[i]))) return 1;
    return 0;
}

/* The environment: ours, then every inherited variable that we do not set.
 * Returns a malloc'd NULL-terminated array; entries [0, N_VARS) are
 * malloc'd, the rest borrowed from environ. */
static char **build_env(const struct alert_env *e)
{
    size_t n = 0;
    while (environ && environ[n])
        n++;
    char **v = calloc(n + N_VARS + 1, sizeof *v);
    if (!v) return NULL;
    char when[32] = "";
    time_t t = (time_t)e->published;
    struct tm tm;
    if (e->published && gmtime_r(&t, &tm)) strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    char num[3][32];
    snprintf(num[0], 32, "%lld", (long long)e->article_id);
    snprintf(num[1], 32, "%.3f", e->sentiment);
    snprintf(num[2], 32, "%lld", (long long)e->rule_id);
    const char *vals[N_VARS] = {num[0], e->title,  e->link, e->feed,
                                when,   e->symbol, num[1],  num[2]};
    for (size_t i = 0; i < N_VARS; i++) {
        struct sbuf b = {0};
        if (sbuf_adds(&b, our_vars[i]) || sbuf_adds(&b, vals[i] ? vals[i] : "")) {
            sbuf_free(&b);
            for (size_t j = 0; j < i; j++)
                free(v[j]);
            free(v);
            return NULL;
        }
        v[i] = sbuf_take(&b);
    }
    size_t k = N_VARS;
    for (size_t i = 0; i < n; i++)
        if (!ours(environ[i])) v[k++] = environ[i];
    return v;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) && errno == EINTR) {
    }
}

/* In the command's process: default signal handling, its own process group
 * (so the watchdog can stop whatever it starts). */
static void child_exec(const char *prog, char *const *argv, char **envp)
{
    setpgid(0, 0);
    spawn_default_signals();
    execve(prog, argv, envp);
    _exit(127);
}

/* The watchdog: starts the command and kills its process group when it runs
 * past the limit. */
static void watchdog(const char *prog, char *const *argv, char **envp, int timeout_secs)
{
    setsid();
    spawn_detach_files();
    pid_t c = fork();
    if (c < 0) _exit(1);
    if (c == 0) child_exec(prog, argv, envp);
    long waited = 0, limit = (long)timeout_secs * 1000;
    for (;;) {
        pid_t r = waitpid(c, NULL, WNOHANG);
        if (r == c || (r < 0 && errno != EINTR)) _exit(0);
        if (waited >= limit) break;
        sleep_ms(50);
        waited += 50;
    }
    kill(-c, SIGTERM);
    for (int i = 0; i < 40; i++) {
        if (waitpid(c, NULL, WNOHANG) == c) _exit(0);
        sleep_ms(50);
    }
    kill(-c, SIGKILL);
    waitpid(c, NULL, 0);
    _exit(0);
}

int alert_exec_spawn(char *const *argv, const struct alert_env *env, int timeout_secs)
{
    if (!argv || !argv[0]) return err_set("no command");
    char *prog = spawn_resolve(argv[0]);
    if (!prog) return -1;
    char **envp = build_env(env);
    if (!envp) {
        free(prog);
        return err_set("out of memory");
    }
    int rc = 0;
    pid_t a = fork();
    if (a < 0) {
        rc = err_set("cannot start %s: %s", argv[0], strerror(errno));
    } else if (a == 0) {
        /* The middle process leaves at once, so the watchdog is adopted by
         * init and we reap only this short-lived child. */
        pid_t w = fork();
        if (w == 0) watchdog(prog, argv, envp, timeout_secs);
        _exit(w < 0 ? 1 : 0);
    } else {
        int st = 0;
        pid_t r;
        while ((r = waitpid(a, &st, 0)) < 0 && errno == EINTR) {
        }
        if (r == a && (!WIFEXITED(st) || WEXITSTATUS(st) != 0))
            rc = err_set("cannot start %s: fork failed", argv[0]);
    }
    for (size_t i = 0; i < N_VARS; i++)
        free(envp[i]);
    free(envp);
    free(prog);
    return rc;
}
