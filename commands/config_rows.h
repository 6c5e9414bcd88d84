/* A topic's configs as JSON rows and as the "Configs" table: shared by
 * `topic describe` and `topic config`. */
#ifndef KS_CONFIG_ROWS_H
#define KS_CONFIG_ROWS_H

#include "commands/command.h"

/* Describes TOPIC's configs and adds the table of the interesting ones (not
 * the default, or retention.ms / retention.bytes / cleanup.policy, which
 * learners always ask about) to res. *all gets every config as JSON rows
 * (the caller owns it). */
int topic_configs_table(cmd_ctx_t *ctx, const char *topic, result_t *res, json_t **all,
                        char *err);

#endif
