/* cli/: the front ends and the process around them. cli.h declares them.
 *
 *   main.c     parses the command line, loads settings, picks a front end
 *   batch.c    -c commands and --script lines, stopping at the first failure
 *   repl.c     the plain REPL on GNU readline (prompt, completion, history)
 *   cluster.c  `kafscope cluster`: only the embedded demo cluster
 *   lab.c      `kafscope lab ...` and the lab as the default world
 *   signals.c  SIGINT/SIGTERM flags and the watchdog every front end shares
 *
 * The TUI itself is tui/; the services all front ends use are app/. */
#ifndef KS_CLI_LIB_H
#define KS_CLI_LIB_H
#endif
