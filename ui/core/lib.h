/* app/: the services the front ends share. No curses here (history uses
 * readline's history list only), so this folder is the library `ksapp` that
 * the unit tests link. Layers: cli, tui -> app -> commands -> src.
 *
 *   cmdrun.c       runs typed command lines off the UI thread, one at a time,
 *                  hands back the handler's result_t (structure, not text)
 *                  and bridges their confirm/edit questions back to the UI
 *   tail_worker.c  the messages pane's background reader: a thread owning a
 *                  ks_tail_t, filling a ring buffer, waking the UI by pipe
 *   connect_watch.c  the connectors pane's background refresher: a thread
 *                  asking Kafka Connect every refresh.ms, publishing the rows
 *   decoded.c      decoded renderings of a record (key, value, schema) the
 *                  tail worker attaches before the record enters the ring
 *   rebalance.c    rebalance detection for the groups pane: diffs stable
 *                  assignments between snapshots, keeps a short log
 *   history.c      command history shared by the REPL and the TUI (file)
 *
 * Each header states its threading and ownership. */
#ifndef KS_APP_LIB_H
#define KS_APP_LIB_H
#endif
