/* set: change a session setting for the commands that follow. */
#include <string.h>

#include "commands/candidates.h"
#include "commands/command.h"

/* The command of this file; cmd_table.c lists its entry. */
static int cmd_set(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static void complete_set(const struct cmd_completion *c);

const cmd_entry_t cmd_set_entry = {
    .name = "set",
    .args = "KEY VALUE",
    .summary = "change a setting for the following commands",
    .help = "Sets a kafscope setting for the rest of the session: json (true/false), timeout.ms, "
            "tail.max.records, tail.max.bytes, refresh.ms.",
    .min_args = 2,
    .max_args = 2,
    .fn = cmd_set,
    .complete = complete_set,
    .offline = true,
    .flags = CMD_LOCAL,
};

/* The settings cmd_set knows, and the values of the two booleans. */
static void complete_set(const struct cmd_completion *c)
{
    static const char *const keys[] = {"json", "read-only", "timeout.ms", "tail.max.records",
                                       "tail.max.bytes", "refresh.ms", NULL};
    if (c->index == 0) {
        for (int i = 0; keys[i]; i++)
            cands_add(c->cands, keys[i]);
    } else if (c->index == 1 && (!strcmp(c->pos[0], "json") || !strcmp(c->pos[0], "read-only"))) {
        cands_add(c->cands, "true");
        cands_add(c->cands, "false");
    }
}

static int cmd_set(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *key = o->pos[0], *value = o->pos[1];
    if (!strcmp(key, "json")) {
        if (!strcmp(value, "true") || !strcmp(value, "on"))
            ctx->json = true;
        else if (!strcmp(value, "false") || !strcmp(value, "off"))
            ctx->json = false;
        else
            return cmd_usage_err(res, err, "set json: expected true or false, got '%s'",
                                 value);
    } else if (!strcmp(key, "read-only") || !strcmp(key, "read.only")) {
        if (strcmp(value, "true") && strcmp(value, "on"))
            return cmd_usage_err(res, err, "set read-only: read-only mode can be switched on, "
                                 "never off, within a session");
        ctx->cfg->read_only = true;
    } else {
        static const char *const allowed[] = {"timeout.ms", "tail.max.records", "tail.max.bytes",
                                              "refresh.ms", NULL};
        bool ok = false;
        for (int i = 0; allowed[i]; i++)
            ok |= !strcmp(key, allowed[i]);
        if (!ok)
            return cmd_usage_err(res, err, "set: unknown setting '%s' (json, read-only, "
                                 "timeout.ms, tail.max.records, tail.max.bytes, refresh.ms)",
                                 key);
        if (config_set(ctx->cfg, key, value, err))
            return -1;
    }
    result_set_json(res, json_pack("{s:s, s:s}", "set", key, "value", value));
    result_textf(res, "%s = %s\n", key, value);
    return 0;
}
