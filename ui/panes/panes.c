/* The pane table: which pane sits in which slot of the TUI. */
#include "panes/panes.h"

const pane_ops_t *const pane_table[PANE_COUNT] = {
    [PANE_BROKERS] = &pane_brokers_ops,       [PANE_TOPICS] = &pane_topics_ops,
    [PANE_PARTITIONS] = &pane_partitions_ops, [PANE_GROUPS] = &pane_groups_ops,
    [PANE_MESSAGES] = &pane_messages_ops,     [PANE_CONNECTORS] = &pane_connectors_ops,
};
