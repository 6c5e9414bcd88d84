/* The command table: every command's entry, in the order help lists them.
 * The entries live beside their handlers (cmd_*.c); this file only lists
 * them and binds the dispatcher's lookups to the list for the front ends.
 * Nothing below the table names it, so the table, help and the dispatcher
 * form no loop. */
#include "commands/cmd_table.h"

#include "commands/dispatch.h"

const cmd_entry_t *const cmd_table[] = {
    &cmd_brokers_entry,
    &cmd_topics_entry,
    &cmd_topic_describe_entry,
    &cmd_topic_create_entry,
    &cmd_topic_delete_entry,
    &cmd_topic_config_entry,
    &cmd_topic_partitions_entry,
    &cmd_records_delete_entry,
    &cmd_connectors_entry,
    &cmd_connector_describe_entry,
    &cmd_connector_create_entry,
    &cmd_connector_config_entry,
    &cmd_connector_pause_entry,
    &cmd_connector_resume_entry,
    &cmd_connector_stop_entry,
    &cmd_connector_restart_entry,
    &cmd_connector_delete_entry,
    &cmd_connector_plugins_entry,
    &cmd_groups_entry,
    &cmd_group_describe_entry,
    &cmd_group_reset_entry,
    &cmd_group_delete_entry,
    &cmd_group_join_entry,
    &cmd_group_leave_entry,
    &cmd_group_members_entry,
    &cmd_tail_entry,
    &cmd_produce_entry,
    &cmd_decoder_entry,
    &cmd_schemas_entry,
    &cmd_schema_entry,
    &cmd_config_entry,
    &cmd_set_entry,
    &cmd_help_entry,
    &cmd_quit_entry,
    NULL,
};

const cmd_entry_t *cmd_find(int argc, char **argv, int *words)
{
    return cmd_find_in(cmd_table, argc, argv, words);
}

const char *cmd_suggest(const char *word)
{
    return cmd_suggest_in(cmd_table, word);
}

int cmd_line_parse(const char *line, cmd_line_t *l)
{
    return cmd_line_parse_in(cmd_table, line, l);
}
