/* Runs the TUI command line's commands off the UI thread, one at a time
 * (commands are not thread-safe against each other). The result comes back
 * through the wakeup pipe; a command that must ask (typed-name
 * confirmation) posts its question the same way and waits for the answer
 * the UI thread collects in the command line. */
#ifndef KS_CMDRUN_H
#define KS_CMDRUN_H

#include <stdbool.h>
#include <stddef.h>

#include "commands/command.h"
#include "commands/result.h"

typedef struct cmdrun cmdrun_t;

/* A finished command: its structured result (text, tables, JSON and
 * warnings, as the handler built it: the TUI renders it itself) plus what
 * it streamed while running (produce reports), or its error. */
typedef struct cmdrun_result {
    char *line;            /* the command line as typed */
    int rc;                /* 0 or -1 */
    char err[KS_ERRLEN];
    result_t res;          /* the handler's result (warnings too, also on an error) */
    bool json;             /* show res.json (--json, or the session's --json) */
    char *out;             /* streamed output (untrusted parts sanitized by the command) */
    size_t outlen;
    const cmd_entry_t *entry; /* the command (cmd_table's), or NULL */
    bool writes;           /* the command changes the cluster */
    int64_t ms;            /* how long it ran */
} cmdrun_result_t;

/* An empty result (before filling in an error). */
void cmdrun_result_init(cmdrun_result_t *r, const char *line);
void cmdrun_result_free(cmdrun_result_t *r);

/* Runs line on the calling thread (for commands that only touch local
 * settings, which the UI thread also reads: CMD_LOCAL). */
void cmdrun_exec(cmd_ctx_t *ctx, const cmd_line_t *line, cmdrun_result_t *out);

/* Sets ctx->confirm and ctx->edit to the bridges below; wake_fd gets a byte on news. */
cmdrun_t *cmdrun_new(cmd_ctx_t *ctx, int wake_fd);
/* Declines a pending question, interrupts and joins the worker. */
void cmdrun_free(cmdrun_t *r);

/* Starts line on the worker, which then owns it (*line is emptied; the
 * caller still calls cmd_line_free, which frees nothing). -1 while another
 * command runs: line stays the caller's. */
int cmdrun_start(cmdrun_t *r, cmd_line_t *line);
bool cmdrun_busy(cmdrun_t *r);
/* The line of the running command (copied into buf), or false. */
bool cmdrun_running(cmdrun_t *r, char *buf, size_t size);
/* Asks the running command to stop (ctx->interrupted). */
void cmdrun_interrupt(cmdrun_t *r);
/* The finished command, once. */
bool cmdrun_take(cmdrun_t *r, cmdrun_result_t *out);

/* A question the running command waits on (malloc'd copy), or NULL. */
char *cmdrun_question(cmdrun_t *r);
/* The typed answer; NULL declines. */
void cmdrun_answer(cmdrun_t *r, const char *answer);

/* A file the running command waits to have edited (produce --edit;
 * malloc'd path, once), or NULL. The UI thread runs the editor with
 * curses suspended, then reports with cmdrun_edit_done. */
char *cmdrun_edit_request(cmdrun_t *r);
void cmdrun_edit_done(cmdrun_t *r, int rc, const char *err);

#endif
