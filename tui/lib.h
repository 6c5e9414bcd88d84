/* tui/: the curses TUI, one thread (tui_run's) owning the screen.
 *
 *   tui.c      the app loop: poll on the terminal and a wakeup pipe, keys,
 *              snapshots, overlays, redraws
 *   tui.h      shared types: panes' vtable, overlays, the tui state
 *   term.c     curses on and off; every way out restores the terminal
 *   layout.c   where each pane goes for the terminal's size
 *   draw.c     drawing helpers over stdscr (sanitized, width-cut text)
 *   list.c     cursor movement shared by every list and overlay
 *   status.c   status bar, notification line, the 'i' explanation box
 *   prompt.c   one-line input for filters and seek targets
 *   cmdline.c  the ':' command line (GNU readline through its callback API)
 *              and what it runs
 *   viewer.c   scrollable text overlay (help, record detail, command output)
 *   detail.c   Enter on a record: everything about it in the viewer
 *   help.c     the '?' overlay, generated from keys.c and the command table
 *   keys.c     the key bindings as data
 *   theme.c    theme files to colour slots (theme.h)
 *   panes/     one file per pane (see panes/lib.h)
 */
#ifndef KS_TUI_LIB_H
#define KS_TUI_LIB_H
#endif
