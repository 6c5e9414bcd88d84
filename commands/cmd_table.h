/* The command table (cmd_table.c: a list of the entries defined beside
 * their handlers) and the dispatcher's functions bound to it, which the
 * front ends call. */
#ifndef KS_CMD_TABLE_H
#define KS_CMD_TABLE_H

#include "commands/cmd_types.h"

/* The entries, each defined in its command family's cmd_*.c file. */
extern const cmd_entry_t cmd_brokers_entry,
    cmd_topics_entry,
    cmd_topic_describe_entry,
    cmd_topic_create_entry,
    cmd_topic_delete_entry,
    cmd_topic_config_entry,
    cmd_topic_partitions_entry,
    cmd_records_delete_entry,
    cmd_connectors_entry,
    cmd_connector_describe_entry,
    cmd_connector_create_entry,
    cmd_connector_config_entry,
    cmd_connector_pause_entry,
    cmd_connector_resume_entry,
    cmd_connector_stop_entry,
    cmd_connector_restart_entry,
    cmd_connector_delete_entry,
    cmd_connector_plugins_entry,
    cmd_groups_entry,
    cmd_group_describe_entry,
    cmd_group_reset_entry,
    cmd_group_delete_entry,
    cmd_group_join_entry,
    cmd_group_leave_entry,
    cmd_group_members_entry,
    cmd_tail_entry,
    cmd_produce_entry,
    cmd_decoder_entry,
    cmd_schemas_entry,
    cmd_schema_entry,
    cmd_config_entry,
    cmd_set_entry,
    cmd_help_entry,
    cmd_quit_entry;

/* Every command, NULL-terminated, in the order help lists them. */
extern const cmd_entry_t *const cmd_table[];

/* cmd_find_in, cmd_suggest_in and cmd_line_parse_in on cmd_table. */
const cmd_entry_t *cmd_find(int argc, char **argv, int *words);
const char *cmd_suggest(const char *word);
int cmd_line_parse(const char *line, cmd_line_t *l);

#endif
