/* `tail TOPIC [--offset SPEC]` typed in the TUI (a CMD_PANE command): the
 * Messages pane is the TUI's tail, so the line only points it at the topic
 * and seeks; options the pane cannot honour are refused with the REPL as
 * the way to them. */
#include <stdlib.h>
#include <string.h>

#include "core/cmdrun.h"
#include "commands/opts.h"
#include "base/sanitize.h"
#include "core/tail_worker.h"
#include "tui/ui.h"

void tail_cmd_run(tui_t *ui, const cmd_line_t *l)
{
    opts_t o;
    char err[KS_ERRLEN] = "";
    if (opts_parse(l->entry->opts, l->argc - l->words, l->argv + l->words, &o, err)) {
        cmd_output_error(ui, "tail", NULL, "tail: %.400s", err);
        return;
    }
    offset_spec_t spec = {OFS_LAST, 20};
    const char *bad = NULL;
    if (o.npos != 1)
        bad = "tail needs one TOPIC: tail TOPIC [--offset SPEC]";
    else if (opt_has(&o, "--partition") || opt_has(&o, "--count") || opt_has(&o, "--json") ||
             opt_has(&o, "--key-decoder") || opt_has(&o, "--value-decoder"))
        bad = "in the TUI, tail shows the topic in the Messages pane (only --offset applies; "
              "filter there with /). --partition, --count, --json and decoders: kafscope --repl";
    else if (opt_get(&o, "--offset") && offsetspec_parse(opt_get(&o, "--offset"), &spec, err))
        bad = err;
    else if (ui->snap && !snapshot_topic(ui->snap, o.pos[0]))
        bad = "no such topic (topics lists them; Tab completes names)";
    char q[200];
    if (bad) {
        cmd_output_error(ui, "tail", NULL, "tail %s: %.300s",
                         o.npos ? sanitize_quote(o.pos[0], q, sizeof q) : "", bad);
        opts_free(&o);
        return;
    }
    bool same = ui->sel_topic && !strcmp(ui->sel_topic, o.pos[0]);
    tui_select_topic(ui, o.pos[0]);
    tui_request(ui, PANE_TOPICS, PANE_REQ_REVEAL);
    if (opt_get(&o, "--offset") || same)
        tail_worker_seek(ui->tail, &spec);
    if (ui->viewer.open)
        viewer_close(ui);
    tui_focus(ui, PANE_MESSAGES);
    tui_notify(ui, false, "tail: the Messages pane follows %s (f pauses, b/e/o/t seek, / filters)",
               sanitize_quote(o.pos[0], q, sizeof q));
    opts_free(&o);
}
