/* Confirmation of destructive commands, shared by every front end. */
#include <stdlib.h>

#include "commands/confirm.h"

#include "base/sanitize.h"

const opt_spec_t cmd_yes_opts[] = {
    {"--yes", NULL, "do not ask for confirmation (needed in batch mode)", false},
    {NULL, NULL, NULL, false}};

int cmd_confirm(cmd_ctx_t *ctx, const opts_t *o, result_t *res, const char *cmd,
                const char *what, const char *name, char *err)
{
    if (opt_has(o, "--yes"))
        return 0;
    res->error = CMD_ERR_REFUSED;
    if (!ctx->confirm)
        return ks_err(err, "%s: refused: this deletes %s and cannot be undone; add --yes to "
                      "confirm (batch mode and pipes cannot ask)", cmd, what);
    char *safe = sanitize_str(name);
    char *question = xasprintf("This deletes %s and cannot be undone.\nType '%s' to confirm: ",
                               what, safe);
    bool ok = ctx->confirm(ctx->confirm_opaque, question, name);
    free(question);
    free(safe);
    if (!ok)
        return ks_err(err, "%s: not confirmed; nothing was deleted", cmd);
    res->error = CMD_OK;
    return 0;
}
