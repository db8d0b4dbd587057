/* spawn: starting another program without a shell and without waiting for
 * it. The workstation has threads (the background fetcher), and after fork
 * only async-signal-safe calls are safe in the child: another thread may
 * have held the malloc or stdio lock at the moment of the fork. So
 * everything that allocates (the program's path along $PATH, argv, the
 * environment) is prepared before fork, and the helpers here that run in a
 * child make only async-signal-safe calls.
 *
 * Threads: any thread may call these. */
#ifndef BULLPEN_CORE_SPAWN_H
#define BULLPEN_CORE_SPAWN_H

/* The file exec should run for argv0: argv0 itself when it holds a '/' (it
 * must be executable), else the first executable regular file of that name
 * along $PATH (a default path when $PATH is unset or empty). Returns a
 * malloc'd path the caller frees, or NULL with err set ("NAME: command not
 * found", "PATH: Permission denied", "empty command"). */
char *spawn_resolve(const char *argv0);

/* In a child before exec: standard streams on /dev/null and every other
 * descriptor closed, so the program holds none of ours (the store, the
 * terminal, a pipe someone waits to see closed). Async-signal-safe. */
void spawn_detach_files(void);

/* In a child before exec: every signal to its default action (an ignored
 * one would stay ignored across exec) and none blocked. Async-signal-safe. */
void spawn_default_signals(void);

/* Starts argv detached and returns without waiting for it: the program
 * (argv[0], found with spawn_resolve before anything is forked) runs in a
 * session of its own with our environment, spawn_detach_files and
 * spawn_default_signals applied, and is reaped by init, not by us. argv
 * stays the caller's. Returns 0 once the program is started, -1 with err
 * set when it is not found or cannot be started. */
int spawn_detached(char *const *argv);

#endif
