/* Where a line typed on the ':' command line (or run for a pane's key)
 * runs. It is split and its command found once (cmd_line_parse); then the
 * entry's policy decides: CMD_PANE opens its pane (tail_cmd.c), a line
 * reading standard input is refused (curses owns the terminal), CMD_LOCAL
 * runs here, everything else on the cmdrun worker, one at a time. CMD_LOCAL
 * commands only read or change settings the UI thread reads too and never
 * wait; decoder and schema(s) go to the worker: they may wait on the
 * decoder set, which the tail thread holds during a Schema Registry lookup,
 * or on the registry. Each loop turn line_runner_tick collects the worker's
 * questions (confirm.c), editor requests and results (cmd_output.c).
 *
 * This file owns the command line's lines (line_runner_line_done, wired in by
 * the loop): the command line never calls here by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cmdrun.h"
#include "commands/record_edit.h"
#include "base/sanitize.h"
#include "tui/ui.h"

/* ui->runner: UI thread only, like the rest of tui_t. */
struct line_runner {
    cmdrun_t *run;   /* the worker, or NULL when it could not start */
    int64_t started; /* when the running command started (the clock) */
};

static cmdrun_t *worker(tui_t *ui)
{
    return ui->runner ? ui->runner->run : NULL;
}

void tui_run_command(tui_t *ui, const char *s)
{
    cmdrun_t *run = worker(ui);
    cmd_line_t l;
    bool parsed = cmd_line_parse(s, &l) == 0;
    const cmd_entry_t *e = l.entry;
    if (parsed && e && (e->flags & CMD_QUIT)) {
        ui->quit = true;
    } else if (e && (e->flags & CMD_PANE)) {
        tail_cmd_run(ui, &l);
    } else if (cmd_line_reads_stdin(&l)) {
        cmd_output_error(ui, s, e, "%s %s -: standard input is the terminal the TUI runs in; "
                         "give a file (%s PATH), or pipe into kafscope --repl / -c", e->name,
                         e->stdin_opt, e->stdin_opt);
    } else if (run && cmdrun_busy(run)) {
        char busy[200] = "";
        cmdrun_running(run, busy, sizeof busy);
        char *safe = sanitize_str(busy);
        tui_notify(ui, true, "still running: %s (wait, or Ctrl-C interrupts it); Up recalls "
                   "your line", safe);
        free(safe);
    } else if (!e || (e->flags & CMD_LOCAL) || !run) {
        /* Quick and local (or an error): show "running" first anyway. */
        tui_notify(ui, false, "running...");
        tui_draw_now(ui);
        cmdrun_result_t r;
        cmdrun_exec(ui->ctx, &l, &r);
        cmd_output_show(ui, &r);
        cmdrun_result_free(&r);
    } else {
        cmdrun_start(run, &l);
        ui->runner->started = mono_ms();
        char *safe = sanitize_str(s);
        tui_notify(ui, false, "running: %s ... (Ctrl-C interrupts)", safe);
        free(safe);
    }
    cmd_line_free(&l);
}

/* Asks the running command to stop; false when none runs. */
static bool interrupt(tui_t *ui)
{
    cmdrun_t *run = worker(ui);
    if (!run || !cmdrun_busy(run))
        return false;
    cmdrun_interrupt(run);
    return true;
}

void line_runner_line_done(tui_t *ui, cmdline_event_t ev, const char *text)
{
    cmdrun_t *run = worker(ui);
    switch (ev) {
    case CMDLINE_RUN:
        tui_run_command(ui, text);
        break;
    case CMDLINE_ANSWER: /* NULL (Ctrl-D) declines */
        if (run)
            cmdrun_answer(run, text);
        break;
    case CMDLINE_DECLINE:
        if (run)
            cmdrun_answer(run, NULL);
        confirm_declined(ui);
        break;
    case CMDLINE_CANCEL:
        if (interrupt(ui))
            tui_notify(ui, true, "interrupting the running command...");
        break;
    }
}

bool line_runner_clock(tui_t *ui, char *buf, size_t size)
{
    char line[200];
    cmdrun_t *run = worker(ui);
    if (!run || !cmdrun_running(run, line, sizeof line))
        return false;
    char *safe = sanitize_str(line);
    snprintf(buf, size, " running %s %llds ", safe,
             (long long)((mono_ms() - ui->runner->started) / 1000));
    free(safe);
    return true;
}

void line_runner_tick(tui_t *ui)
{
    cmdrun_t *run = worker(ui);
    if (!run)
        return;
    char *q = cmdrun_question(run);
    if (q) {
        confirm_show(ui, q);
        free(q);
    }
    char *edit = cmdrun_edit_request(run);
    if (edit) {
        char err[KS_ERRLEN] = "";
        term_suspend();
        int rc = editor_run(edit, err);
        term_resume();
        ui->full_redraw = true;
        cmdrun_edit_done(run, rc, err);
        free(edit);
    }
    cmdrun_result_t r;
    if (cmdrun_take(run, &r)) {
        confirm_end(ui); /* the command ended without an answer (it cannot, but be safe) */
        cmd_output_show(ui, &r);
        cmdrun_result_free(&r);
    } else if (cmdrun_busy(run)) {
        ui->status_dirty = true; /* the running clock in the command line */
    }
}

void line_runner_init(tui_t *ui)
{
    ui->runner = xcalloc(1, sizeof *ui->runner);
    ui->runner->run = cmdrun_new(ui->ctx, ui->wake.wr);
}

/* Before the model and the client go: the worker may still use them. */
void line_runner_free(tui_t *ui)
{
    if (!ui->runner)
        return;
    cmdrun_free(ui->runner->run);
    free(ui->runner);
    ui->runner = NULL;
}
