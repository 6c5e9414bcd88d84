/* Partitions of the selected topic: leader, replicas, ISR (replicas out of
 * sync marked), log start and end offsets, messages, msg/s; with a group
 * selected that reads the topic, its committed offset and lag too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"
#include "panes/panes.h"
#include "tui/ui.h"

static const ks_group_t *selected_group(tui_t *ui, const char *topic)
{
    const ks_group_t *g = ui->sel_group ? snapshot_group(ui->snap, ui->sel_group) : NULL;
    if (!g)
        return NULL;
    for (int i = 0; i < g->noffsets; i++)
        if (!strcmp(g->offsets[i].topic, topic))
            return g;
    for (int i = 0; i < g->nmembers; i++)
        for (int j = 0; j < g->members[i].nassigned; j++)
            if (!strcmp(g->members[i].assigned[j].topic, topic))
                return g;
    return NULL;
}

static const ks_group_offset_t *group_offset(const ks_group_t *g, const char *topic, int32_t p)
{
    for (int i = 0; g && i < g->noffsets; i++)
        if (g->offsets[i].partition == p && !strcmp(g->offsets[i].topic, topic))
            return &g->offsets[i];
    return NULL;
}

static bool in_isr(const ks_partition_t *p, int32_t id)
{
    for (int i = 0; i < p->nisr; i++)
        if (p->isr[i] == id)
            return true;
    return false;
}

/* Replica ids, those out of the ISR marked with '!' and their own slot:
 * the mark keeps the meaning when colours are off. */
static void draw_replicas(int y, int x, int w, const ks_partition_t *p, theme_slot_t base,
                          bool isr_only)
{
    int used = 0;
    const int32_t *ids = isr_only ? p->isr : p->replicas;
    int n = isr_only ? p->nisr : p->nreplicas;
    for (int i = 0; i < n && used < w; i++) {
        char buf[24];
        bool out = !isr_only && !in_isr(p, ids[i]);
        snprintf(buf, sizeof buf, "%s%d%s", i ? "," : "", ids[i], out ? "!" : "");
        used += ui_put(y, x + used, w - used, out ? SLOT_OUT_OF_SYNC : base, buf);
    }
}

static theme_slot_t lag_slot(int64_t lag)
{
    return lag < 0 ? SLOT_DIM : lag == 0 ? SLOT_LAG_NONE : lag < 100 ? SLOT_LAG_LOW : SLOT_LAG_HIGH;
}

static void partitions_title(pane_t *p, tui_t *ui, strbuf_t *out)
{
    (void)p;
    if (!ui->sel_topic)
        return;
    sb_adds(out, " of ");
    sanitize_append(out, ui->sel_topic, strlen(ui->sel_topic));
    const ks_group_t *g = ui->snap ? selected_group(ui, ui->sel_topic) : NULL;
    if (g) {
        sb_adds(out, ", offsets of group ");
        sanitize_append(out, g->id, strlen(g->id));
    }
}

static void partitions_draw(pane_t *p, tui_t *ui, rect_t r)
{
    const ks_topic_t *t = ui->snap && ui->sel_topic ? snapshot_topic(ui->snap, ui->sel_topic) : NULL;
    const ks_group_t *g = t ? selected_group(ui, t->name) : NULL;
    ui_col_t cols[] = {{"P", 3, true},          {"LEADER", 6, true},     {"REPLICAS", 10, false},
                       {"ISR", 9, false},       {"LOG START", 10, true}, {"END", 10, true},
                       {"MESSAGES", 9, true},   {"MSG/S", 6, true},      {"COMMITTED", 10, true},
                       {"LAG", 8, true}};
    int ncols = g ? 10 : 8;
    /* Narrow panes drop the least important columns first. */
    int need = 0;
    for (int i = 0; i < ncols; i++)
        need += cols[i].width + 1;
    if (need > r.w && ncols == 10) {
        cols[4].width = 0; /* log start: rarely moves */
        need -= 10;
    }
    ui_table_header(r.y, r.x, r.w, cols, ncols);
    p->content_rows = r.h - 1;
    p->list.count = t ? t->npartitions : 0;
    list_clamp(&p->list, p->content_rows);
    if (!t) {
        ui_put(r.y + 1, r.x, r.w, SLOT_DIM,
               ui->snap ? "select a topic in the topics pane (2)" : "waiting for metadata...");
        return;
    }
    for (int row = 0; row < p->content_rows && p->list.top + row < t->npartitions; row++) {
        int i = p->list.top + row;
        const ks_partition_t *pp = &t->partitions[i];
        bool sel = i == p->list.sel && ui->focus == PANE_PARTITIONS;
        theme_slot_t base = sel ? SLOT_SELECTION : SLOT_NORMAL;
        int y = r.y + 1 + row, x = r.x;
        char buf[32];
        ui_fill(y, r.x, r.w, base);
        snprintf(buf, sizeof buf, "%d", pp->id);
        x = ui_cell(y, x, &cols[0], base, buf);
        if (pp->leader < 0)
            x = ui_cell(y, x, &cols[1], sel ? base : SLOT_ERROR, "none");
        else {
            snprintf(buf, sizeof buf, "%d", pp->leader);
            x = ui_cell(y, x, &cols[1], base, buf);
        }
        draw_replicas(y, x, cols[2].width, pp, base, false);
        x += cols[2].width + 1;
        draw_replicas(y, x, cols[3].width, pp, base, true);
        x += cols[3].width + 1;
        /* Watermarks the last refresh could not fetch again are greyed. */
        theme_slot_t nums = !sel && snapshot_stale(ui->snap, pp->wm_ms) ? SLOT_DIM : base;
        if (cols[4].width) {
            ui_format_count(buf, sizeof buf, pp->low);
            x = ui_cell(y, x, &cols[4], nums, buf);
        }
        ui_format_count(buf, sizeof buf, pp->high);
        x = ui_cell(y, x, &cols[5], nums, buf);
        ui_format_count(buf, sizeof buf, pp->high >= 0 && pp->low >= 0 ? pp->high - pp->low : -1);
        x = ui_cell(y, x, &cols[6], nums, buf);
        ui_format_rate(buf, sizeof buf, pp->rate);
        x = ui_cell(y, x, &cols[7], nums, buf);
        if (g) {
            const ks_group_offset_t *o = group_offset(g, t->name, pp->id);
            ui_format_count(buf, sizeof buf, o ? o->committed : -1);
            x = ui_cell(y, x, &cols[8], base, buf);
            int64_t lag = o ? o->lag : -1;
            ui_format_count(buf, sizeof buf, lag);
            ui_cell(y, x, &cols[9], sel ? base : lag_slot(lag), buf);
        }
        if (pp->error && r.w > need + 4)
            ui_put(y, r.x + need, r.w - need, SLOT_ERROR, pp->error);
    }
}

static int partitions_move(pane_t *p, tui_t *ui, int key)
{
    (void)ui;
    return list_key(&p->list, key, p->content_rows) ? KEY_REDRAW : KEY_UNHANDLED;
}

static int partitions_open(pane_t *p, tui_t *ui, int key)
{
    (void)p;
    (void)ui;
    (void)key;
    return KEY_REDRAW | KEY_FOCUS_TO(PANE_MESSAGES);
}

static const pane_key_t partitions_keys[] = {
    {"Enter", "show the topic's records in Messages", partitions_open, {'\r', '\n'}},
    {NULL, NULL, NULL, {0}},
};

static void partitions_click(pane_t *p, tui_t *ui, int row)
{
    (void)ui;
    list_click(&p->list, row, p->content_rows);
}

const pane_ops_t pane_partitions_ops = {
    .name = "Partitions",
    .explain = "Each partition is its own ordered log: order is kept within a partition, not "
               "across them, and records with the same key always land in the same partition. "
               "The LEADER broker serves the partition; REPLICAS keep copies, and the ISR "
               "(in-sync replicas) are the copies that are up to date (a '!' marks one that "
               "fell behind). LOG START is the oldest offset still kept (retention moves it), "
               "END the next offset to be written. With a consumer group selected (4), "
               "COMMITTED is where the group will continue and LAG how far it is behind END. "
               "On the lab, retention-demo keeps records 30 s: watch its LOG START move; "
               "stop a broker (`kafscope lab broker stop 2`) to see its replicas leave the ISR.",
    .title = partitions_title,
    .draw = partitions_draw,
    .keys = partitions_keys,
    .key = partitions_move,
    .click = partitions_click,
};
