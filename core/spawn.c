/* Starting programs from a threaded process: the path found before fork,
 * only async-signal-safe calls between fork and exec. */
#include "core/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/err.h"
#include "core/str.h"

char *spawn_resolve(const char *argv0)
{
    if (!*argv0) {
        err_set("empty command");
        return NULL;
    }
    if (strchr(argv0, '/')) {
        if (access(argv0, X_OK)) {
            err_set("%s: %s", argv0, strerror(errno));
            return NULL;
        }
        return xstrdup(argv0);
    }
    const char *path = getenv("PATH");
    if (!path || !*path) path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        const char *colon = strchr(path, ':');
        size_t dl = colon ? (size_t)(colon - path) : strlen(path);
        struct sbuf b = {0};
        if (dl)
            sbuf_add(&b, path, dl);
        else
            sbuf_addc(&b, '.');
        sbuf_addc(&b, '/');
        if (sbuf_adds(&b, argv0)) {
            sbuf_free(&b);
            err_set("out of memory");
            return NULL;
        }
        struct stat sb;
        if (stat(b.p, &sb) == 0 && S_ISREG(sb.st_mode) && access(b.p, X_OK) == 0)
            return sbuf_take(&b);
        sbuf_free(&b);
        path = colon ? colon + 1 : path + dl;
    }
    err_set("%s: command not found", argv0);
    return NULL;
}

void spawn_detach_files(void)
{
    int fd = open("/dev/null", O_RDWR);
    if (fd >= 0) {
        dup2(fd, 0);
        dup2(fd, 1);
        dup2(fd, 2);
    }
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3u, ~0u, 0u) != 0)
#endif
        for (int i = 3; i < 1024; i++)
            close(i);
}

void spawn_default_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (int s = 1; s < 32; s++)
        if (s != SIGKILL && s != SIGSTOP) sigaction(s, &sa, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

int spawn_detached(char *const *argv)
{
    if (!argv || !argv[0]) return err_set("no command");
    char *prog = spawn_resolve(argv[0]);
    if (!prog) return -1;
    int rc = 0;
    /* Twice forked: the middle process leaves at once, so the program is
     * adopted by init and never becomes our zombie. */
    pid_t a = fork();
    if (a < 0) {
        rc = err_set("cannot start %s: %s", argv[0], strerror(errno));
    } else if (a == 0) {
        pid_t b = fork();
        if (b != 0) _exit(b < 0 ? 1 : 0);
        setsid();
        spawn_detach_files();
        spawn_default_signals();
        execv(prog, argv);
        _exit(127);
    } else {
        int st = 0;
        pid_t r;
        while ((r = waitpid(a, &st, 0)) < 0 && errno == EINTR) {
        }
        if (r == a && (!WIFEXITED(st) || WEXITSTATUS(st) != 0))
            rc = err_set("cannot start %s: fork failed", argv[0]);
    }
    free(prog);
    return rc;
}
