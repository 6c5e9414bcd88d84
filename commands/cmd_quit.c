/* quit (exit, q): ends the session. The front ends stop on the entry's
 * CMD_QUIT flag once the line ran, so none of them compares words; the
 * handler itself has nothing to do. */
#include "commands/command.h"

static int cmd_quit(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);

/* q was the TUI's word for it; exit the REPL's. Every front end takes all
 * three now that they read one entry. */
static const char *const quit_aliases[] = {"exit", "q", NULL};

const cmd_entry_t cmd_quit_entry = {
    .name = "quit",
    .aliases = quit_aliases,
    .args = "",
    .summary = "leave kafscope (also exit, q)",
    .help = "Ends the session: the REPL and the TUI exit, batch mode stops running the rest of "
            "its commands and exits with status 0. Ctrl-D does the same in the REPL.",
    .max_args = 0,
    .fn = cmd_quit,
    .offline = true,
    .flags = CMD_LOCAL | CMD_QUIT,
};

static int cmd_quit(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    (void)ctx;
    (void)o;
    (void)res;
    (void)err;
    return 0;
}
