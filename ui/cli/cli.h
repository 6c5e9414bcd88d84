/* Front ends: batch (-c, --script), the plain REPL, the embedded-cluster
 * runner, and the TUI. main.c parses the command line and picks one. */
#ifndef KS_CLI_H
#define KS_CLI_H

#include "commands/command.h"
#include "core/signals.h"

/* Batch mode and the REPL run and print lines through ui/core's cmdrun
 * (cmdrun_line, cmdrun_print), as the TUI runs them. */
int batch_run(cmd_ctx_t *ctx, char **commands, int ncommands, const char *script);
int repl_run(cmd_ctx_t *ctx);
int cluster_run(int argc, char **argv);
/* `kafscope lab ...` (cli/lab.c). */
int lab_main(int argc, char **argv);
/* cmd_ctx_t.connect_world: a client on the running lab, else on a lab started
 * for this process, else on the embedded mock (with a line saying why). */
ks_client_t *lab_world_connect(cmd_ctx_t *ctx, char *err);
/* Stops the lab lab_world_connect started, if any. */
void lab_world_release(void);

#endif
