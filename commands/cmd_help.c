/* help: generated from the command table, so it cannot go stale. The
 * table comes from ctx->table (set by the dispatcher), never from
 * cmd_table by name: the table lists help, and help naming the table back
 * would tie the two files into a loop. */
#include <stdlib.h>
#include <string.h>

#include "base/wrap.h"
#include "commands/candidates.h"
#include "commands/command.h"

/* The commands of this file; cmd_table.c lists their entries. */
static int cmd_help(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static void complete_help(const struct cmd_completion *c);

const cmd_entry_t cmd_help_entry = {
    .name = "help",
    .args = "[COMMAND]",
    .summary = "list commands, or explain one",
    .help = "Without an argument lists every command; with one shows its usage, options and "
            "help.",
    .max_args = 2,
    .fn = cmd_help,
    .complete = complete_help,
    .offline = true,
    .flags = CMD_LOCAL,
};

/* A command name of one or two words. */
static void complete_help(const struct cmd_completion *c)
{
    if (c->index == 0)
        cands_commands(c->cands, c->table, NULL);
    else if (cands_is_family(c->table, c->pos[0]))
        cands_commands(c->cands, c->table, c->pos[0]);
}

/* text in lines of at most width columns, each indented by indent. */
static void wrap(result_t *res, const char *text, int indent, int width)
{
    if (!*text)
        result_textf(res, "%*s\n", indent, "");
    for (const char *p = text; *p; p = wrap_rest(p)) {
        size_t len = wrap_line(p, width - indent, true);
        result_textf(res, "%*s%.*s\n", indent, "", (int)len, p);
        p += len;
    }
}

static int cmd_help(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const cmd_entry_t *const *table = ctx->table;
    if (!table)
        return ks_err(err, "help: no command table (run it through the dispatcher)");
    if (o->npos == 0) {
        json_t *list = json_array();
        int width = 0;
        for (const cmd_entry_t *const *p = table; *p; p++) {
            const cmd_entry_t *e = *p;
            int w = (int)(strlen(e->name) + (*e->args ? 1 + strlen(e->args) : 0));
            if (w > width)
                width = w;
        }
        result_textf(res, "Commands:\n");
        for (const cmd_entry_t *const *p = table; *p; p++) {
            const cmd_entry_t *e = *p;
            char *syn = xasprintf("%s%s%s", e->name, *e->args ? " " : "", e->args);
            result_textf(res, "  %-*s  %s\n", width, syn, e->summary);
            json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "name", e->name, "args",
                                                  e->args, "summary", e->summary));
            free(syn);
        }
        result_textf(res, "\n`help COMMAND` explains one. Add --json to any command for JSON.\n");
        result_set_json(res, json_pack("{s:o}", "commands", list));
        return 0;
    }
    char *words[2] = {(char *)o->pos[0], o->npos > 1 ? (char *)o->pos[1] : NULL};
    const cmd_entry_t *e = cmd_find_in(table, o->npos, words, NULL);
    if (!e) {
        const char *near = cmd_suggest_in(table, words[0]);
        if (near)
            return cmd_usage_err(res, err, "help: unknown command '%s' (did you mean '%s'?)",
                                 words[0], near);
        return cmd_usage_err(res, err, "help: unknown command '%s'", words[0]);
    }
    char *syn = cmd_synopsis(e);
    result_textf(res, "usage: %s\n\n", syn);
    wrap(res, e->help, 2, 79);
    json_t *opts = json_array();
    if (e->opts && e->opts->name)
        result_textf(res, "\nOptions:\n");
    for (const opt_spec_t *op = e->opts; op && op->name; op++) {
        char *left = xasprintf("%s%s%s", op->name, op->arg ? " " : "", op->arg ? op->arg : "");
        result_textf(res, "  %-22s %s\n", left, op->help);
        json_array_append_new(opts, json_pack("{s:s, s:o, s:s}", "name", op->name, "arg",
                                              op->arg ? json_string(op->arg) : json_null(), "help",
                                              op->help));
        free(left);
    }
    if (e->writes)
        result_textf(res, "\nChanges the cluster: refused in read-only mode.\n");
    result_set_json(res, json_pack("{s:s, s:s, s:s, s:o, s:b}", "name", e->name, "usage", syn,
                                   "help", e->help, "options", opts, "writes", e->writes));
    free(syn);
    return 0;
}
