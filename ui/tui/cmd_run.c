/* Where a line typed on the ':' command line (or run for a pane's key)
 * runs. It is split and its command found once (cmd_line_parse); then the
 * entry's policy decides: CMD_PANE opens its pane (tail_cmd.c), a line
 * reading standard input is refused (curses owns the terminal), CMD_LOCAL
 * runs here, everything else on the cmdrun worker, one at a time. CMD_LOCAL
 * commands only read or change settings the UI thread reads too and never
 * wait; decoder and schema(s) go to the worker: they may wait on the
 * decoder set, which the tail thread holds during a Schema Registry lookup,
 * or on the registry. Each loop turn cmd_run_tick collects the worker's
 * questions (confirm.c), editor requests and results (cmd_output.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cmdrun.h"
#include "commands/record_edit.h"
#include "base/sanitize.h"
#include "tui/tui.h"

static struct {
    cmdrun_t *run;
    int64_t started;
} cr;

static bool is_quit(const cmd_line_t *l)
{
    return l->argc && (!strcmp(l->argv[0], "quit") || !strcmp(l->argv[0], "exit") ||
                       !strcmp(l->argv[0], "q"));
}

void tui_run_command(tui_t *ui, const char *s)
{
    cmd_line_t l;
    bool parsed = cmd_line_parse(s, &l) == 0;
    const cmd_entry_t *e = l.entry;
    if (parsed && is_quit(&l)) {
        ui->quit = true;
    } else if (e && (e->flags & CMD_PANE)) {
        tail_cmd_run(ui, &l);
    } else if (cmd_line_reads_stdin(&l)) {
        cmd_output_error(ui, s, e, "%s %s -: standard input is the terminal the TUI runs in; "
                         "give a file (%s PATH), or pipe into kafscope --repl / -c", e->name,
                         e->stdin_opt, e->stdin_opt);
    } else if (cr.run && cmdrun_busy(cr.run)) {
        char busy[200] = "";
        cmdrun_running(cr.run, busy, sizeof busy);
        char *safe = sanitize_str(busy);
        tui_notify(ui, true, "still running: %s (wait, or Ctrl-C interrupts it); Up recalls "
                   "your line", safe);
        free(safe);
    } else if (!e || (e->flags & CMD_LOCAL) || !cr.run) {
        /* Quick and local (or an error): show "running" first anyway. */
        tui_notify(ui, false, "running...");
        tui_draw_now(ui);
        cmdrun_result_t r;
        cmdrun_exec(ui->ctx, &l, &r);
        cmd_output_show(ui, &r);
        cmdrun_result_free(&r);
    } else {
        cmdrun_start(cr.run, &l);
        cr.started = mono_ms();
        char *safe = sanitize_str(s);
        tui_notify(ui, false, "running: %s ... (Ctrl-C interrupts)", safe);
        free(safe);
    }
    cmd_line_free(&l);
}

void cmd_run_answer(const char *answer)
{
    if (cr.run)
        cmdrun_answer(cr.run, answer);
}

bool cmd_run_interrupt(void)
{
    if (!cr.run || !cmdrun_busy(cr.run))
        return false;
    cmdrun_interrupt(cr.run);
    return true;
}

bool cmd_run_clock(char *buf, size_t size)
{
    char line[200];
    if (!cr.run || !cmdrun_running(cr.run, line, sizeof line))
        return false;
    char *safe = sanitize_str(line);
    snprintf(buf, size, " running %s %llds ", safe, (long long)((mono_ms() - cr.started) / 1000));
    free(safe);
    return true;
}

void cmd_run_tick(tui_t *ui)
{
    if (!cr.run)
        return;
    char *q = cmdrun_question(cr.run);
    if (q) {
        confirm_show(ui, q);
        free(q);
    }
    char *edit = cmdrun_edit_request(cr.run);
    if (edit) {
        char err[KS_ERRLEN] = "";
        term_suspend();
        int rc = editor_run(edit, err);
        term_resume();
        ui->full_redraw = true;
        cmdrun_edit_done(cr.run, rc, err);
        free(edit);
    }
    cmdrun_result_t r;
    if (cmdrun_take(cr.run, &r)) {
        confirm_end(ui); /* the command ended without an answer (it cannot, but be safe) */
        cmd_output_show(ui, &r);
        cmdrun_result_free(&r);
    } else if (cmdrun_busy(cr.run)) {
        ui->status_dirty = true; /* the running clock in the command line */
    }
}

void cmd_run_init(tui_t *ui)
{
    cr.run = cmdrun_new(ui->ctx, ui->wake_wr);
}

/* Before the model and the client go: the worker may still use them. */
void cmd_run_free(void)
{
    cmdrun_free(cr.run);
    cr.run = NULL;
}
