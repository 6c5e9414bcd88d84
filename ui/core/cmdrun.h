/* The one command runner of every front end. A line runs through
 * cmdrun_exec_to (parse once, dispatch, collect the result, the error's
 * kind and whether it was quit) and, for the line-oriented front ends, is
 * printed by cmdrun_print:
 *
 * - batch mode and the REPL call cmdrun_line on their own thread, with the
 *   command's streamed output (tail records, produce reports) going
 *   straight to their stdout;
 * - the TUI runs CMD_LOCAL lines on its UI thread with cmdrun_exec and
 *   everything else off it on the worker below (cmdrun_new, cmdrun_start),
 *   one at a time (commands are not thread-safe against each other), with
 *   streamed output captured for its overlay. The result comes back
 *   through the wakeup pipe; a command that must ask (typed-name
 *   confirmation) posts its question the same way and waits for the answer
 *   the UI thread collects in the command line.
 *
 * Thread rules: cmd_ctx_t's (commands/cmd_types.h). The worker touches ctx
 * only while it runs a line, and the TUI runs nothing on its own thread
 * meanwhile (cmdrun_busy), so one thread at a time writes ctx; the rest of
 * cmdrun_t is under its lock. */
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
    int rc;                /* 0 or -1; res.error says what kind of failure */
    char err[KS_ERRLEN];
    result_t res;          /* the handler's result (warnings too, also on an error) */
    bool json;             /* show res.json (--json, or the session's --json) */
    char *out;             /* streamed output (untrusted parts sanitized by the command) */
    size_t outlen;
    const cmd_entry_t *entry; /* the command (cmd_table's), or NULL */
    bool writes;           /* the command changes the cluster */
    bool quit;             /* a CMD_QUIT command ran: the front end ends the session */
    int64_t ms;            /* how long it ran */
} cmdrun_result_t;

/* An empty result (before filling in an error). */
void cmdrun_result_init(cmdrun_result_t *r, const char *line);
void cmdrun_result_free(cmdrun_result_t *r);

/* Runs line on the calling thread. Streamed output goes to stream, or with
 * stream NULL into out->out. out is always filled: free it with
 * cmdrun_result_free. */
void cmdrun_exec_to(cmd_ctx_t *ctx, const cmd_line_t *line, FILE *stream, cmdrun_result_t *out);
/* cmdrun_exec_to capturing streamed output: the TUI's lines (on its UI
 * thread only CMD_LOCAL ones, which touch settings the UI thread reads). */
void cmdrun_exec(cmd_ctx_t *ctx, const cmd_line_t *line, cmdrun_result_t *out);
/* Parses text and runs it on the calling thread, streaming to stream
 * (batch mode, the REPL). */
void cmdrun_line(cmd_ctx_t *ctx, const char *text, FILE *stream, cmdrun_result_t *out);

/* How cmdrun_print shows an error. */
enum {
    CMDRUN_SANITIZE = 1 << 0, /* escape control characters (the REPL) */
    CMDRUN_COLOUR = 1 << 1,   /* "error:" in red, and after a usage error a
                               * pointer to the command's help (a terminal) */
};
/* Prints a finished line the way the line-oriented front ends show it: on
 * success its warnings on stderr, then its result (text and tables, or
 * JSON) on out; on failure the error on stderr ("kafscope: ERROR", or
 * with CMDRUN_COLOUR "error: ERROR"). Flushes out. */
void cmdrun_print(const cmdrun_result_t *r, FILE *out, unsigned how);

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
