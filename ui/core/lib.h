/* ui/core/: the services the front ends share. No curses here (history and completion use
 * readline's own state only), so this folder is the library `ks_ui_core` that the unit tests
 * link. Above commands/; below ui/tui, ui/panes and ui/cli.
 *
 *   cmdrun.c       the one command runner: runs a line for batch mode and
 *                  the REPL on their thread, and for the TUI off its UI
 *                  thread, one at a time; hands back the handler's result_t
 *                  (structure, not text) with the error's kind, prints it
 *                  for the line front ends, and bridges the TUI's
 *                  confirm/edit questions back to its UI thread
 *   tail_worker.c  the messages pane's background reader: a thread owning a
 *                  ks_tail_t, filling a ring buffer, waking the UI by pipe
 *   connect_watch.c  the connectors pane's background refresher: a thread
 *                  asking Kafka Connect every refresh.ms, publishing the rows
 *   decoded.c      decoded renderings of a record (key, value, schema) the
 *                  tail worker attaches before the record enters the ring
 *   rebalance.c    rebalance detection for the groups pane: diffs stable
 *                  assignments between snapshots, keeps a short log
 *   history.c      command history shared by the REPL and the TUI (file)
 *   completion.c   readline's Tab completion, the same in the REPL and the TUI's line
 *   colour.c       the one colour rule (NO_COLOR set and not empty: no colour)
 *   signals.c      SIGINT/SIGTERM flags, the watchdog, and the terminal restore hook
 *
 * Each header states its threading and ownership. */
#ifndef KS_CORE_LIB_H
#define KS_CORE_LIB_H

#include "core/cmdrun.h"
#include "core/colour.h"
#include "core/completion.h"
#include "core/connect_watch.h"
#include "core/decoded.h"
#include "core/history.h"
#include "core/rebalance.h"
#include "core/signals.h"
#include "core/tail_worker.h"

#endif
