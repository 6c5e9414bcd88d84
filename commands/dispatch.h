/* The dispatcher: finds a line's entry in a command table, checks the line
 * against the entry (options, argument count, read-only mode), connects
 * when the command needs the cluster, runs the handler and says what kind
 * of error it was. Every function takes the table (or a line parsed
 * against one) instead of naming cmd_table, so the dispatcher sits below
 * the table, and help (in the table) can call it. cmd_table.h binds these
 * to cmd_table for the front ends. */
#ifndef KS_DISPATCH_H
#define KS_DISPATCH_H

#include "commands/cmd_types.h"

/* Finds the entry for argv (longest name match: "topic describe" before
 * "topic"; a one-word alias matches as its name); *words gets how many
 * words the name took. table is NULL-terminated. */
const cmd_entry_t *cmd_find_in(const cmd_entry_t *const *table, int argc, char **argv,
                               int *words);

/* The closest command name to word, for "did you mean". */
const char *cmd_suggest_in(const cmd_entry_t *const *table, const char *word);

/* Synopsis line of an entry: "name ARGS [--opt X]...". Caller frees. */
char *cmd_synopsis(const cmd_entry_t *e);

/* Fills l from line, its entry looked up in table (always: free it with
 * cmd_line_free). Returns 0, or -1 with l->bad and l->err when it cannot
 * be run. */
int cmd_line_parse_in(const cmd_entry_t *const *table, const char *line, cmd_line_t *l);
void cmd_line_free(cmd_line_t *l);
/* The line would read standard input: its entry's stdin_opt given "-". */
bool cmd_line_reads_stdin(const cmd_line_t *l);
/* Runs a parsed line. Returns 0, or -1 with err filled and res->error
 * saying what kind of failure it was (never CMD_OK). */
int cmd_run_parsed(cmd_ctx_t *ctx, const cmd_line_t *l, result_t *res, char *err);

/* For handlers: marks res as a usage error (err already filled, as by
 * opt_int), returns -1. */
int cmd_usage(result_t *res);
/* For handlers: fills err, marks res as a usage error, returns -1. */
int cmd_usage_err(result_t *res, char *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
