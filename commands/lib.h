/* commands/: every command kafscope runs, the one table that lists them and
 * the dispatcher that runs a typed line; no curses, no readline, no
 * printing (results are data: ui/core's cmdrun prints them). Above src/,
 * below ui/. Front ends and handlers include command.h, which includes the
 * headers below.
 *
 * One file per command family, each command's entry (name, synopsis, help,
 * options, completer, policy flags, handler) beside its static handler:
 *   cmd_brokers.c    brokers
 *   cmd_topic.c      topics, topic describe|create|delete|config|partitions
 *   cmd_records.c    records delete
 *   cmd_group.c      groups, group describe|reset|delete|join|leave|members
 *   cmd_connector.c  connectors, connector describe|create|config|pause|
 *                    resume|stop|restart|delete|plugins
 *   cmd_tail.c       tail
 *   cmd_produce.c    produce
 *   cmd_decoder.c    decoder
 *   cmd_schema.c     schemas, schema
 *   cmd_config.c     config
 *   cmd_set.c        set
 *   cmd_help.c       help (reads the table from ctx->table, never by name)
 *   cmd_quit.c       quit, exit, q (CMD_QUIT: the front ends stop)
 *
 * The machinery, bottom first (no file calls one above it):
 *   result.c       what a command hands back: JSON, text tables, warnings,
 *                  the error's kind (cmd_error_t)
 *   opts.c         options declared as data, parsed once
 *   argsplit.c     a line split into words, shell-like
 *   session.c      the session: connect on first use, snapshots, the Kafka
 *                  Connect client, the demo decoders preset
 *   confirm.c      typed-name confirmation of destructive commands (--yes)
 *   dispatch.c     a line parsed against a table (cmd_line_t), checked
 *                  against its entry, run, its error's kind set
 *   candidates.c   completion candidates, the table's command names
 *   cmd_table.c    the table: pointers to every entry, in help's order, and
 *                  the dispatcher's lookups bound to it
 *   complete.c     Tab completion of a line (complete_words)
 *   config_rows.c  topic configs as result rows
 *   record_text.c  a record as text or a JSON line (tail)
 *   record_edit.c  produce --edit: the record in the person's editor
 *   produce_run.c  produce --count/--rate pacing
 *
 * Thread rules: cmd_ctx_t's, in cmd_types.h. */
#ifndef KS_COMMANDS_LIB_H
#define KS_COMMANDS_LIB_H
#endif
