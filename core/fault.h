/* fault: named points where a test can make the process die, to prove that
 * what follows a commit survives a crash at exactly that moment. Timing a
 * SIGKILL from outside cannot hit a window a few microseconds wide; a named
 * point can, every time.
 *
 * The points (each named where it is called):
 *   feed-committed  a feed's articles and alert events are committed, and no
 *                   event has been delivered yet (storage/ingest.c; for the
 *                   feeds a fetch pass stores together, sync/sync.c)
 *   batch-committed a batch of a large feed's articles is committed, the
 *                   feed's state (validators, result) not yet
 *                   (storage/ingest.c)
 *   alert-claimed   an alert event is claimed, its command not yet started
 *                   (storage/alert_outbox.c)
 *   copy-page-committed
 *                   a page of store copy's articles is committed in the
 *                   destination, the next not yet begun (storage/copy.c) */
#ifndef BULLPEN_CORE_FAULT_H
#define BULLPEN_CORE_FAULT_H

/* When the environment variable BULLPEN_FAULT equals name, the process kills
 * itself with SIGKILL (no clean-up, no flush: a crash). Otherwise returns at
 * once. Safe from any thread. */
void fault_crash_point(const char *name);

#endif
