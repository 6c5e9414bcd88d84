/* Confirmation of destructive commands, shared by every front end. */
#include <stdlib.h>

#include "commands/command.h"
#include "base/sanitize.h"

int cmd_confirm(cmd_ctx_t *ctx, const opts_t *o, const char *cmd, const char *what,
                const char *name, char *err)
{
    if (opt_has(o, "--yes"))
        return 0;
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
    return 0;
}
