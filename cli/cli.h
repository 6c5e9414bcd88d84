/* Front ends: batch (-c, --script), the plain REPL, the embedded-cluster
 * runner, and the TUI. main.c parses the command line and picks one. */
#ifndef KS_CLI_H
#define KS_CLI_H

#include <signal.h>

#include "command.h"

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
/* Async-signal-safe: leaves curses' screen modes (tui/term.c) if on. */
void term_emergency_restore(void);

/* A command's warnings on stderr, then its result on out. */
void app_print_result(const cmd_ctx_t *ctx, const result_t *res, FILE *out);
/* Runs one command line, prints its result (or the error on stderr).
 * Returns 0 or 1. */
int app_run_and_print(cmd_ctx_t *ctx, const char *line, FILE *out);

int batch_run(cmd_ctx_t *ctx, char **commands, int ncommands, const char *script);
int repl_run(cmd_ctx_t *ctx);
int cluster_run(int argc, char **argv);
/* `kafscope lab ...` (cli/lab.c). */
int lab_main(int argc, char **argv);
/* cmd_ctx_t.connect_world: the running lab, else a lab started for this
 * process, else the embedded mock (with a line saying why). */
int lab_world_connect(cmd_ctx_t *ctx, char *err);
/* Stops the lab lab_world_connect started, if any. */
void lab_world_release(void);
/* The curses TUI (tui/tui.c): a plain `kafscope` on a terminal. */
int tui_run(cmd_ctx_t *ctx);

#endif
