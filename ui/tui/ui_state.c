/* The operations on the TUI's state that panes, overlays and commands call
 * (see ui_state.h). They only change tui_t and mark what to redraw; the loop
 * draws. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tail_worker.h"
#include "tui/ui_state.h"

void tui_notify(tui_t *ui, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ui->notice, sizeof ui->notice, fmt, ap);
    va_end(ap);
    ui->notice_error = error;
    ui->notice_ms = mono_ms();
    ui->status_dirty = true;
}

void tui_dirty(tui_t *ui, int pane)
{
    if (pane >= 0 && pane < PANE_COUNT)
        ui->panes[pane].dirty = true;
}

void tui_focus(tui_t *ui, int pane)
{
    if (pane < 0 || pane >= PANE_COUNT || pane == ui->focus || ui->panes[pane].absent)
        return;
    ui->back_focus = ui->focus;
    tui_dirty(ui, ui->focus);
    ui->focus = pane;
    tui_dirty(ui, pane);
    if (ui->compact) {
        layout_compute(ui);
        ui->full_redraw = true;
    }
}

void tui_select_topic(tui_t *ui, const char *topic)
{
    if (!topic || (ui->sel_topic && !strcmp(ui->sel_topic, topic)))
        return;
    free(ui->sel_topic);
    ui->sel_topic = xstrdup(topic);
    /* Start with the last few records of each partition so the pane is not
     * empty on a quiet topic, then follow. */
    offset_spec_t start = {OFS_LAST, 20};
    tail_worker_set_topic(ui->tail, topic, &start);
    tui_dirty(ui, PANE_PARTITIONS);
    tui_dirty(ui, PANE_MESSAGES);
    tui_dirty(ui, PANE_TOPICS);
    /* A new topic: the groups pane shows a group that reads it, unless the
     * user picked one. */
    ui->group_pinned = false;
    tui_request(ui, -1, PANE_REQ_TOPIC_CHANGED);
}

void tui_request(tui_t *ui, int pane, pane_req_t req)
{
    for (int i = 0; i < PANE_COUNT; i++) {
        pane_t *p = &ui->panes[i];
        if ((pane < 0 || pane == i) && p->ops->request)
            p->ops->request(p, ui, req);
    }
}

void tui_select_group(tui_t *ui, const char *group)
{
    if (!group || (ui->sel_group && !strcmp(ui->sel_group, group)))
        return;
    free(ui->sel_group);
    ui->sel_group = xstrdup(group);
    tui_dirty(ui, PANE_PARTITIONS);
    tui_dirty(ui, PANE_GROUPS);
}

void tui_draw_now(tui_t *ui)
{
    if (ui->draw_now)
        ui->draw_now(ui);
}
