/* SIGINT and SIGTERM for every front end: flags the front ends poll, and a watchdog.
 *
 * Thread rules: the flags are written only by the signal handlers and read by any thread
 * (sig_atomic_t); the main thread clears app_interrupted between commands. The restore hook is
 * set by the main thread before the terminal changes mode, and called from handlers, so it
 * must be async-signal-safe. */
#ifndef KS_SIGNALS_H
#define KS_SIGNALS_H

#include <signal.h>

extern volatile sig_atomic_t app_interrupted;
extern volatile sig_atomic_t app_terminated; /* SIGTERM: every front end ends */

/* Installs SIGINT/SIGTERM handlers that set app_interrupted (and, for
 * SIGTERM, app_terminated); a second Ctrl-C exits at once. SIGTERM, and
 * SIGINT in a batch run, also arm app_arm_watchdog. */
void app_signals(void);
/* Batch runs: Ctrl-C ends the run (with the watchdog), not just a command. */
void app_sigint_ends_run(void);
/* Async-signal-safe: unless the process has exited within a second, it
 * restores the terminal and exits with 128 + sig. */
void app_arm_watchdog(int sig);
/* What puts the terminal back before a forced exit (the TUI's curses modes): called by the
 * watchdog and the second Ctrl-C, so it must be async-signal-safe. NULL: nothing to do. */
void app_set_restore_hook(void (*restore)(void));

#endif
