/* ui/tui/: the curses TUI, one thread (tui_run's) owning the screen. Bottom
 * first: ui_state at the bottom, the parts in the middle (declared in ui.h),
 * the loop on top; nothing calls back into the loop (it leaves hooks in
 * tui_t and owners in the parts instead).
 *
 *   ui_state.c the state every part shares (tui_t, the panes' vtable, ui_state.h)
 *              and the small operations on it: notify, dirty, focus, select,
 *              request, draw_now (the loop's hook); with layout.c
 *   layout.c   where each pane goes for the terminal's size
 *   term.c     curses on and off; every way out restores the terminal
 *   draw.c     drawing helpers over stdscr (sanitized, width-cut text)
 *   list.c     cursor movement shared by every list and overlay
 *   status.c   status bar, notification line, the 'i' explanation box, and
 *              log lines from the layers below (ui->log)
 *   prompt.c   one-line input for filters and seek targets
 *   cmdline.c  the ':' command line: only the bridge to GNU readline (its
 *              callback API), the match list and the line's drawing; every
 *              line goes to the one owner set at cmdline_init
 *   confirm.c  confirm mode: a command's question takes the line over
 *   line_runner.c  the command line's owner: where a typed line runs (the
 *              entry's policy flags); owns the command worker and collects
 *              its questions and results
 *   cmd_output.c  a command's result_t rendered in the output overlay
 *   tail_cmd.c typed `tail TOPIC`: points the Messages pane at it
 *   viewer.c   scrollable text overlay (help, record detail, command output)
 *   detail.c   Enter on a record: everything about it in the viewer
 *   help.c     the '?' overlay, from keys.c, the panes' key tables, cmd_table
 *   keys.c     the global key bindings as data (panes keep theirs in
 *              pane_ops_t.keys); help and dispatch read both
 *   theme.c    theme files to colour slots (theme.h)
 *   number_format.c  counts and rates that fit the panes' six-cell columns
 *   tui.c      the app loop (tui.h): poll on the terminal and a wakeup pipe,
 *              keys (handlers return key_result_t flags it acts on),
 *              snapshots, overlays, redraws; panes only through their vtable;
 *              wires the command line to line_runner.c
 */
#ifndef KS_TUI_LIB_H
#define KS_TUI_LIB_H

#include "tui/tui.h"
#include "tui/ui.h"

#endif
