/* panes/: one file per pane, each exporting a pane_ops_t (tui/ui_state.h): its
 * state (init/free), its own keys as a table (pane_key_t rows, read by the
 * loop's dispatch and by '?' help), key handlers that return key_result_t
 * flags, and tick/request for what the loop asks. Nothing else of a pane
 * is called by name.
 *
 *   pane_brokers.c     brokers: id, address, rack, controller, partitions led
 *   pane_topics.c      topics: counts, rates, filter as you type, sort
 *   pane_partitions.c  the selected topic's partitions, offsets and lag
 *   pane_groups.c      consumer groups, the partition-to-member map and the
 *                      rebalance log
 *   pane_messages.c    live tail of the selected topic (core/tail_worker.c)
 *   pane_connectors.c  Kafka Connect connectors (only with a Connect URL;
 *                      core/connect_watch.c asks Kafka Connect)
 *   panes.c            the pane table: which pane sits in which slot; main hands it to
 *                      tui_run, so the loop names no pane
 */
#ifndef KS_PANES_LIB_H
#define KS_PANES_LIB_H

#include "panes/panes.h"

#endif
