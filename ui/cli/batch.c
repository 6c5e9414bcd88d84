/* Batch mode: -c commands and --script lines run in order in one session;
 * the first failure stops the run with a non-zero exit status. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

void app_print_result(const cmd_ctx_t *ctx, const result_t *res, FILE *out)
{
    if (res->warnings.len)
        fputs(res->warnings.buf, stderr);
    result_print(res, out, res->json_requested || ctx->json);
}

int app_run_and_print(cmd_ctx_t *ctx, const char *line, FILE *out)
{
    result_t res;
    char err[KS_ERRLEN] = "";
    result_init(&res);
    ctx->out = out;
    int rc = cmd_run_line(ctx, line, &res, err);
    if (rc == 0)
        app_print_result(ctx, &res, out);
    else
        fprintf(stderr, "kafscope: %s\n", err);
    fflush(out);
    result_free(&res);
    return rc ? 1 : 0;
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
        if (app_run_and_print(ctx, commands[i], stdout))
            return 1;
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
        if (app_run_and_print(ctx, line, stdout)) {
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
