/* Batch mode: -c commands and --script lines run in order in one session;
 * the first failure stops the run with a non-zero exit status, quit stops it
 * with 0. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/cmdrun.h"

/* Runs one line through the shared runner and prints it. Returns 0, 1 when
 * it failed, -1 when it was quit (the rest of the run is skipped). */
static int run(cmd_ctx_t *ctx, const char *line)
{
    cmdrun_result_t r;
    cmdrun_line(ctx, line, stdout, &r);
    cmdrun_print(&r, stdout, 0);
    int rc = r.quit ? -1 : r.rc ? 1 : 0;
    cmdrun_result_free(&r);
    return rc;
}

static bool blank_or_comment(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return !*s || *s == '#' || *s == '\n';
}

int batch_run(cmd_ctx_t *ctx, char **commands, int ncommands, const char *script)
{
    app_sigint_ends_run();
    for (int i = 0; i < ncommands; i++) {
        if (app_interrupted)
            return 130;
        int rc = run(ctx, commands[i]);
        if (rc)
            return rc > 0 ? 1 : 0;
    }
    if (!script)
        return 0;
    FILE *f = strcmp(script, "-") ? fopen(script, "r") : stdin;
    if (!f) {
        fprintf(stderr, "kafscope: --script %s: %s\n", script, strerror(errno));
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    int rc = 0;
    while (!app_interrupted && getline(&line, &cap, f) != -1) {
        lineno++;
        if (blank_or_comment(line))
            continue;
        int r = run(ctx, line);
        if (r < 0)
            break;
        if (r > 0) {
            fprintf(stderr, "kafscope: stopped at %s line %ld\n", script, lineno);
            rc = 1;
            break;
        }
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return app_interrupted ? 130 : rc;
}
