/* The plain REPL: a readline prompt showing the cluster name; with stdin
 * from a pipe there is no prompt and no colour. */
#include <readline/history.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "sanitize.h"

int repl_run(cmd_ctx_t *ctx)
{
    bool tty = isatty(0);
    char *prompt = NULL;
    if (tty) {
        char *name = sanitize_str(config_display_name(ctx->cfg));
        prompt = xasprintf("kafscope (%s)> ", name);
        free(name);
        printf("kafscope on %s. `help` lists commands, Ctrl-D exits.\n",
               config_display_name(ctx->cfg));
        app_run_and_print(ctx, "brokers", stdout);
        app_run_and_print(ctx, "topics", stdout);
    }
    int last = 0;
    for (;;) {
        app_interrupted = 0;
        char *line;
        if (tty) {
            line = readline(prompt);
        } else {
            size_t cap = 0;
            line = NULL;
            if (getline(&line, &cap, stdin) == -1) {
                free(line);
                line = NULL;
            }
        }
        if (!line)
            break;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n')
            line[len - 1] = '\0';
        const char *s = line + strspn(line, " \t");
        if (*s && *s != '#') {
            if (tty)
                add_history(line);
            if (!strcmp(s, "quit") || !strcmp(s, "exit")) {
                free(line);
                break;
            }
            last = app_run_and_print(ctx, s, stdout);
        }
        free(line);
    }
    if (tty)
        putchar('\n');
    free(prompt);
    return tty ? 0 : last;
}
