/* The panes, in their slots: the table main hands to tui_run. */
#ifndef KS_PANES_H
#define KS_PANES_H

#include "tui/ui.h"

extern const pane_ops_t pane_brokers_ops, pane_topics_ops, pane_partitions_ops, pane_groups_ops,
    pane_messages_ops, pane_connectors_ops;

/* Every pane at its slot (PANE_BROKERS ... PANE_CONNECTORS). */
extern const pane_ops_t *const pane_table[PANE_COUNT];

#endif
