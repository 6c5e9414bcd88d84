/* The curses TUI's loop: the top of ui/tui. It owns the terminal and the
 * state (tui/ui_state.h), wires the parts below it (tui/ui.h) together and
 * talks to panes only through their vtable. One thread (the one in
 * tui_run) owns curses; background work (model refresher, tail worker,
 * Connect watcher, command worker) only writes a byte to a wakeup pipe. */
#ifndef KS_TUI_H
#define KS_TUI_H

#include "tui/ui_state.h"

/* Runs the TUI until it quits, with the panes of the table in their slots (the table is
 * ui/panes/panes.c's pane_table, handed in by main: the loop names no pane). */
int tui_run(cmd_ctx_t *ctx, const pane_ops_t *const panes[PANE_COUNT]);

#endif
