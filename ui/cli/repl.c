/* The plain REPL: GNU readline (callback interface, so Ctrl-C can cancel the
 * line being typed), a prompt showing the cluster, Tab completion from
 * complete_words(), history shared with the TUI. With stdin from a pipe:
 * no prompt, no colour, no questions (destructive commands need --yes). */
#include <errno.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/colour.h"
#include "core/completion.h"
#include "core/cmdrun.h"
#include "core/history.h"
#include "base/sanitize.h"

static char *pending_line;  /* the line readline handed over */
static bool pending_eof;
static bool line_done;

static void on_line(char *line)
{
    /* Out of readline's hands until the command has run: commands print,
     * and may ask questions, on a terminal in its normal mode. */
    rl_callback_handler_remove();
    line_done = true;
    if (line)
        pending_line = line;
    else
        pending_eof = true;
}

/* Reads one line with readline's callback interface. Returns 0 with *out
 * (caller frees), 1 on Ctrl-C (the line is dropped), -1 on EOF (Ctrl-D). */
static int read_line(const char *prompt, char **out)
{
    line_done = pending_eof = false;
    pending_line = NULL;
    app_interrupted = 0;
    rl_callback_handler_install(prompt, on_line);
    while (!line_done) {
        if (app_terminated) {
            rl_callback_handler_remove();
            return -1;
        }
        if (app_interrupted) {
            /* Ctrl-C: forget the line, start a fresh prompt. */
            app_interrupted = 0;
            rl_free_line_state();
            rl_callback_sigcleanup();
            rl_replace_line("", 0);
            rl_crlf();
            rl_callback_handler_remove();
            return 1;
        }
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(0, &fds);
        int r = select(1, &fds, NULL, NULL, NULL);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rl_callback_handler_remove();
            return -1;
        }
        rl_callback_read_char();
    }
    if (pending_eof)
        return -1;
    *out = pending_line;
    return 0;
}

/* ---- confirmation ---- */

static bool confirm(void *opaque, const char *question, const char *expected)
{
    (void)opaque;
    /* The question may span lines; readline's prompt is its last line. */
    const char *nl = strrchr(question, '\n');
    if (nl)
        fprintf(stdout, "%.*s\n", (int)(nl - question), question);
    fflush(stdout);
    char *answer = NULL;
    int rc = read_line(nl ? nl + 1 : question, &answer);
    if (rc == -1)
        putchar('\n');
    bool ok = rc == 0 && !strcmp(answer, expected);
    free(answer);
    return ok;
}

/* ---- the loop ---- */

/* Runs one line through the shared runner and prints it. Returns 0, 1 when
 * it failed, -1 when it was quit. */
static int run(cmd_ctx_t *ctx, const char *line, bool colour)
{
    cmdrun_result_t r;
    cmdrun_line(ctx, line, stdout, &r);
    cmdrun_print(&r, stdout, colour ? CMDRUN_COLOUR : CMDRUN_SANITIZE);
    int rc = r.quit ? -1 : r.rc ? 1 : 0;
    cmdrun_result_free(&r);
    return rc;
}

static int repl_tty(cmd_ctx_t *ctx)
{
    ctx->confirm = confirm;
    bool colour = isatty(2) && colour_allowed();
    rl_readline_name = "kafscope";
    rl_catch_signals = 0; /* our SIGINT handler sets a flag; read_line cancels */
    completion_install(ctx); /* Tab: as on the TUI's line (ui/core/completion.c) */
    history_load();

    char *name = sanitize_str(config_display_name(ctx->cfg));
    char *prompt = xasprintf("kafscope (%s)> ", name);
    printf("kafscope on %s. `help` lists commands, Tab completes, Ctrl-D exits.\n", name);
    free(name);
    run(ctx, "brokers", colour);
    run(ctx, "topics", colour);
    /* The live model keeps completion's topic and group names fresh;
     * commands still take their own fresh snapshot. */
    if (ctx->model)
        model_start(ctx->model, -1);
    for (;;) {
        char *line = NULL;
        int rc = read_line(prompt, &line);
        if (rc == 1)
            continue;
        if (rc < 0)
            break;
        const char *s = line + strspn(line, " \t");
        if (*s && *s != '#') {
            history_record(line);
            if (run(ctx, s, colour) < 0) {
                free(line);
                break;
            }
        }
        free(line);
    }
    putchar('\n');
    completion_release();
    free(prompt);
    ctx->confirm = NULL;
    return 0;
}

/* Scripts: one command per line, output only, errors on stderr; the exit
 * status is that of the last command. */
static int repl_pipe(cmd_ctx_t *ctx)
{
    int last = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while (!app_interrupted && (n = getline(&line, &cap, stdin)) != -1) {
        if (n && line[n - 1] == '\n')
            line[--n] = '\0';
        if ((size_t)n != strlen(line)) {
            fprintf(stderr, "kafscope: the line contains a NUL byte: nothing was run\n");
            last = 1;
            continue;
        }
        const char *s = line + strspn(line, " \t");
        if (!*s || *s == '#')
            continue;
        int rc = run(ctx, s, false);
        if (rc < 0)
            break; /* quit: the status stays that of the command before it */
        last = rc;
    }
    free(line);
    return last;
}

int repl_run(cmd_ctx_t *ctx)
{
    return isatty(0) ? repl_tty(ctx) : repl_pipe(ctx);
}
