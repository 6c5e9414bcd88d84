/* ui/cli/: the front ends and the process around them (the kafscope program, on top of
 * every layer). cli.h declares them.
 *
 *   main.c     parses the command line, loads settings, picks a front end
 *   batch.c    -c commands and --script lines, stopping at the first failure
 *   repl.c     the plain REPL on GNU readline (prompt, completion, history)
 *   cluster.c  `kafscope cluster`: only the embedded demo cluster
 *   lab.c      `kafscope lab ...` and the lab as the default world
 *
 * main.c hands the TUI (ui/tui) its pane table (ui/panes); the services every front end uses,
 * signals among them, are ui/core. */
#ifndef KS_CLI_LIB_H
#define KS_CLI_LIB_H

#include "cli/cli.h"

#endif
