/* Typed-name confirmation of destructive commands, shared by every front
 * end through cmd_ctx_t.confirm. */
#ifndef KS_CONFIRM_H
#define KS_CONFIRM_H

#include "commands/cmd_types.h"

/* The options of a command whose only option is --yes. */
extern const opt_spec_t cmd_yes_opts[];

/* 0 when --yes was given or the person typed name when asked; else -1
 * with err saying nothing was changed (res->error: CMD_ERR_REFUSED). */
int cmd_confirm(cmd_ctx_t *ctx, const opts_t *o, result_t *res, const char *cmd,
                const char *what, const char *name, char *err);

#endif
