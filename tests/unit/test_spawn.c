/* Starting programs: finding them before fork, and a detached start that
 * leaves the program nothing of ours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/spawn.h"
#include "core/str.h"

static void test_resolve(void **state)
{
    (void)state;
    char *p = spawn_resolve("sh");
    assert_non_null(p);
    assert_true(p[0] == '/');
    assert_int_equal(access(p, X_OK), 0);
    free(p);

    p = spawn_resolve("/bin/sh");
    assert_non_null(p);
    assert_string_equal(p, "/bin/sh");
    free(p);

    assert_null(spawn_resolve("bullpen-no-such-program-xyz"));
    assert_string_equal(err_msg(), "bullpen-no-such-program-xyz: command not found");
    assert_null(spawn_resolve("/nonexistent/dir/prog"));
    assert_non_null(strstr(err_msg(), "/nonexistent/dir/prog: "));
    assert_null(spawn_resolve(""));
    assert_string_equal(err_msg(), "empty command");

    /* Along PATH, a directory or a file that cannot run is passed over. */
    char dir[] = "/tmp/bullpen-spawn-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char a[64], b[64], prog[128], path[160];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    assert_int_equal(mkdir(a, 0700), 0);
    assert_int_equal(mkdir(b, 0700), 0);
    snprintf(prog, sizeof prog, "%s/tool", a);
    FILE *f = fopen(prog, "w");
    assert_non_null(f);
    fclose(f); /* not executable */
    snprintf(prog, sizeof prog, "%s/tool", b);
    f = fopen(prog, "w");
    assert_non_null(f);
    fputs("#!/bin/sh\n", f);
    fclose(f);
    assert_int_equal(chmod(prog, 0700), 0);
    const char *old = getenv("PATH");
    char *saved = old ? xstrdup(old) : NULL;
    snprintf(path, sizeof path, "%s:%s", a, b);
    setenv("PATH", path, 1);
    p = spawn_resolve("tool");
    if (saved) setenv("PATH", saved, 1);
    free(saved);
    assert_non_null(p);
    assert_string_equal(p, prog);
    free(p);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static char *wait_file(const char *path)
{
    for (int i = 0; i < 200; i++) {
        size_t len;
        char *s = access(path, F_OK) == 0 ? file_read_all(path, 1 << 20, &len) : NULL;
        if (s && strstr(s, "END")) return s;
        free(s);
        usleep(25000);
    }
    return NULL;
}

static void test_detached(void **state)
{
    (void)state;
    char dir[] = "/tmp/bullpen-spawn-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char out[128];
    snprintf(out, sizeof out, "%s/out", dir);
    /* A descriptor of ours the program must not get (a high number, clear
     * of any the shell or ls open for themselves). */
    assert_int_equal(dup2(STDERR_FILENO, 42), 42);
    char *argv[] = {"sh",
                    "-c",
                    "{ echo \"$1\"; ls /proc/$$/fd; "
                    "[ \"$(cut -d' ' -f6 /proc/$$/stat)\" = $$ ] && echo leader; echo END; "
                    "} >\"$0.tmp\" 2>&1; mv \"$0.tmp\" \"$0\"",
                    out,
                    "an argument with spaces",
                    NULL};
    assert_int_equal(spawn_detached(argv), 0);
    char *got = wait_file(out);
    assert_non_null(got);
    assert_non_null(strstr(got, "an argument with spaces\n"));
    assert_non_null(strstr(got, "leader\n"));
    assert_null(strstr(got, "\n42\n"));
    free(got);
    close(42);

    char *missing[] = {"bullpen-no-such-browser-xyz", "https://x.example/", NULL};
    assert_int_equal(spawn_detached(missing), -1);
    assert_string_equal(err_msg(), "bullpen-no-such-browser-xyz: command not found");
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_detached),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
