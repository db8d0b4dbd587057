/* err: one per-thread error message, set where a failure is found and read by
 * whoever reports it. Functions across bullpen return 0 / a negative code or a
 * pointer / NULL, and leave the reason here. */
#ifndef BULLPEN_CORE_ERR_H
#define BULLPEN_CORE_ERR_H

/* Formats the message (printf style) and returns -1 so callers can write
 * `return err_set("...")`. The message is kept in thread-local storage. */
int err_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prefixes the current message with "WHAT: " (e.g. a file name). Returns -1. */
int err_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The current message; never NULL; owned by err, valid until the next err_set
 * on this thread. */
const char *err_msg(void);

void err_clear(void);

#endif
