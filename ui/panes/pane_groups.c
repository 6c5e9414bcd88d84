/* Consumer groups: id, state, members, total lag; below the list, the
 * selected group's partition-to-member map (one row per member, one column
 * per partition) with what moved at the last rebalance marked, and a short
 * log of rebalances. This is the pane a workshop watches while consumers
 * join: each join redraws the map with the moved partitions lit up. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/rebalance.h"
#include "base/sanitize.h"
#include "panes/panes.h"
#include "tui/ui.h"

#define GLYPH_OWNED "\xe2\x97\x8f"  /* ● */
#define GLYPH_MOVED "\xe2\x97\x86"  /* ◆ */
#define GLYPH_NONE "\xc2\xb7"       /* · */

static int group_index(const ks_snapshot_t *s, const char *id)
{
    for (int i = 0; s && id && i < s->ngroups; i++)
        if (!strcmp(s->groups[i].id, id))
            return i;
    return -1;
}

static bool reads_topic(const ks_group_t *g, const char *topic)
{
    for (int i = 0; i < g->noffsets; i++)
        if (!strcmp(g->offsets[i].topic, topic))
            return true;
    for (int i = 0; i < g->nmembers; i++)
        for (int j = 0; j < g->members[i].nassigned; j++)
            if (!strcmp(g->members[i].assigned[j].topic, topic))
                return true;
    return false;
}

static void groups_snapshot(pane_t *p, tui_t *ui)
{
    const ks_snapshot_t *s = ui->snap;
    p->list.count = s ? s->ngroups : 0;
    int i = group_index(s, ui->sel_group);
    /* Until the user picks a group, the selection follows the topic: the
     * first group that reads it, so its lag shows next to the partitions. */
    if (!ui->group_pinned && ui->sel_topic && s &&
        (i < 0 || !reads_topic(&s->groups[i], ui->sel_topic))) {
        for (int k = 0; k < s->ngroups; k++)
            if (reads_topic(&s->groups[k], ui->sel_topic)) {
                i = k;
                break;
            }
    }
    if (i >= 0)
        p->list.sel = i;
    list_clamp(&p->list, p->content_rows);
    if (s && s->ngroups > 0)
        tui_select_group(ui, s->groups[p->list.sel].id);
}

static void groups_title(pane_t *p, tui_t *ui, strbuf_t *out)
{
    (void)p;
    if (ui->snap)
        sb_printf(out, " (%d)", ui->snap->ngroups);
}

/* The topic the map shows: the selected topic when the group reads it,
 * else the first topic in its assignment. */
static const char *map_topic(tui_t *ui, const ks_group_t *g)
{
    const char *first = NULL;
    for (int i = 0; i < g->nmembers; i++)
        for (int j = 0; j < g->members[i].nassigned; j++) {
            const char *t = g->members[i].assigned[j].topic;
            if (ui->sel_topic && !strcmp(t, ui->sel_topic))
                return t;
            if (!first)
                first = t;
        }
    if (!first && g->noffsets)
        first = g->offsets[0].topic;
    return first;
}

static const char *owner(const ks_group_t *g, const char *topic, int32_t part, int *member)
{
    for (int i = 0; i < g->nmembers; i++)
        for (int j = 0; j < g->members[i].nassigned; j++)
            if (g->members[i].assigned[j].partition == part &&
                !strcmp(g->members[i].assigned[j].topic, topic)) {
                *member = i;
                return g->members[i].member_id;
            }
    *member = -1;
    return NULL;
}

/* "client-id ·tail-of-member-id": two consumers of one app share a client
 * id; the end of the member id tells them apart. */
static void member_label(strbuf_t *sb, const ks_member_t *m)
{
    const char *cid = m->client_id && *m->client_id ? m->client_id : "?";
    sanitize_append(sb, cid, strlen(cid));
    size_t n = strlen(m->member_id);
    if (n > 4) {
        sb_adds(sb, " \xc2\xb7");
        sanitize_append(sb, m->member_id + n - 4, 4);
    }
}

static int draw_map(tui_t *ui, const ks_group_t *g, rect_t r)
{
    int y = r.y;
    const char *topic = map_topic(ui, g);
    const rb_group_t *rb = rebalance_group(ui->rebalances, g->id);
    strbuf_t sb;
    sb_init(&sb);
    sb_adds(&sb, "Assignment of ");
    sanitize_append(&sb, g->id, strlen(g->id));
    if (topic) {
        sb_adds(&sb, " on ");
        sanitize_append(&sb, topic, strlen(topic));
    }
    sb_addc(&sb, '\0');
    ui_put(y++, r.x, r.w, SLOT_TITLE, sb.buf);
    sb_free(&sb);
    if (g->nmembers == 0) {
        ui_put(y++, r.x, r.w, SLOT_DIM, "no members: nobody is consuming (state Empty)");
        return y - r.y;
    }
    const ks_topic_t *t = topic ? snapshot_topic(ui->snap, topic) : NULL;
    int nparts = t ? t->npartitions : 0;
    if (!t) {
        /* Members without an assignment yet (a rebalance in progress). */
        for (int i = 0; i < g->nmembers && y < r.y + r.h; i++) {
            sb_init(&sb);
            member_label(&sb, &g->members[i]);
            sb_adds(&sb, ": no partitions yet");
            sb_addc(&sb, '\0');
            ui_put(y++, r.x + 1, r.w - 1, SLOT_DIM, sb.buf);
            sb_free(&sb);
        }
        return y - r.y;
    }
    int label_w = r.w / 3 < 22 ? r.w / 3 : 22;
    int cell_w = 3;
    int fit = (r.w - label_w - 1) / cell_w;
    int shown = nparts < fit ? nparts : fit;
    /* Header: partition numbers. */
    ui_put(y, r.x, label_w, SLOT_HEADER, "MEMBER \\ PARTITION");
    for (int pidx = 0; pidx < shown; pidx++) {
        char buf[16];
        snprintf(buf, sizeof buf, "%d", pidx);
        ui_put_right(y, r.x + label_w + 1 + pidx * cell_w, cell_w - 1, SLOT_HEADER, buf);
    }
    if (shown < nparts) {
        char more[32];
        snprintf(more, sizeof more, " +%d", nparts - shown);
        ui_put(y, r.x + label_w + 1 + shown * cell_w, r.w, SLOT_DIM, more);
    }
    y++;
    for (int m = 0; m < g->nmembers && y < r.y + r.h; m++, y++) {
        const ks_member_t *mb = &g->members[m];
        theme_slot_t mslot = (theme_slot_t)(SLOT_RECKEY0 + m % SLOT_RECKEY_COUNT);
        sb_init(&sb);
        member_label(&sb, mb);
        sb_addc(&sb, '\0');
        ui_put(y, r.x, label_w, mslot, sb.buf);
        sb_free(&sb);
        for (int pidx = 0; pidx < shown; pidx++) {
            int who;
            owner(g, topic, pidx, &who);
            bool moved = who == m && rebalance_moved(rb, topic, pidx);
            const char *glyph = who == m ? (moved ? GLYPH_MOVED : GLYPH_OWNED) : GLYPH_NONE;
            theme_slot_t slot = who == m ? (moved ? SLOT_MOVED : mslot) : SLOT_DIM;
            ui_put_right(y, r.x + label_w + 1 + pidx * cell_w, cell_w - 1, slot, glyph);
        }
    }
    /* Partitions nobody owns (more partitions than the assignor handed out,
     * or a rebalance in progress). */
    int orphans = 0;
    for (int pidx = 0; pidx < nparts; pidx++) {
        int who;
        owner(g, topic, pidx, &who);
        orphans += who < 0;
    }
    if (orphans && y < r.y + r.h) {
        char buf[96];
        snprintf(buf, sizeof buf, "%d partition%s of this topic unassigned", orphans,
                 orphans == 1 ? "" : "s");
        ui_put(y++, r.x, r.w, SLOT_WARN, buf);
    }
    if (y < r.y + r.h)
        ui_put(y++, r.x, r.w, SLOT_DIM,
               GLYPH_OWNED " owns   " GLYPH_MOVED " moved at the last rebalance   " GLYPH_NONE
                           " not this member's");
    return y - r.y;
}

static void draw_log(tui_t *ui, const ks_group_t *g, rect_t r)
{
    const rb_group_t *rb = rebalance_group(ui->rebalances, g->id);
    if (r.h < 2 || !rb || rb->nlog == 0)
        return;
    ui_put(r.y, r.x, r.w, SLOT_TITLE, "Rebalances seen (newest first)");
    for (int i = 0; i < rb->nlog && i + 1 < r.h; i++) {
        const rebalance_event_t *ev = &rb->log[rb->nlog - 1 - i];
        time_t secs = (time_t)(ev->when_ms / 1000);
        struct tm tm;
        localtime_r(&secs, &tm);
        char line[512], label[48];
        rebalance_label(ev, label, sizeof label);
        snprintf(line, sizeof line, "%02d:%02d:%02d %s%s %s", tm.tm_hour, tm.tm_min, tm.tm_sec,
                 *label ? "" : "   ", label, ev->text);
        ui_put(r.y + 1 + i, r.x, r.w, ev->number > 0 && i == 0 ? SLOT_WARN : SLOT_NORMAL, line);
    }
}

static void groups_draw(pane_t *p, tui_t *ui, rect_t r)
{
    const ks_snapshot_t *s = ui->snap;
    ui_col_t cols[] = {{"GROUP", -1, false}, {"STATE", 12, false}, {"TYPE", 8, false},
                       {"MEMBERS", 7, true}, {"LAG", 7, true}};
    ui_cols_layout(cols, 5, r.w);
    ui_table_header(r.y, r.x, r.w, cols, 5);
    if (!s || (s->partial && s->ngroups == 0)) {
        ui_put(r.y + 1, r.x, r.w, SLOT_DIM, "waiting for the first refresh...");
        return;
    }
    if (s->ngroups == 0) {
        ui_put(r.y + 1, r.x, r.w, SLOT_DIM,
               s->groups_supported ? "no consumer groups yet: start a consumer with a group id"
                                   : "this cluster cannot list consumer groups");
        p->content_rows = 1;
        return;
    }
    /* The list takes a third of the pane at most; the map gets the rest. */
    int list_rows = s->ngroups;
    int max_rows = r.h / 3 > 2 ? r.h / 3 : 2;
    if (list_rows > max_rows)
        list_rows = max_rows;
    p->content_rows = list_rows;
    p->list.count = s->ngroups;
    list_clamp(&p->list, list_rows);
    for (int row = 0; row < list_rows && p->list.top + row < s->ngroups; row++) {
        int i = p->list.top + row;
        const ks_group_t *g = &s->groups[i];
        bool sel = i == p->list.sel;
        theme_slot_t base = ui_row_slot(ui, PANE_GROUPS, sel, SLOT_NORMAL);
        int y = r.y + 1 + row, x = r.x;
        char buf[32];
        ui_fill(y, r.x, r.w, base);
        x = ui_name_cell(y, x, &cols[0], base, sel, g->id);
        char *state = sanitize_str(g->error ? "error" : g->state ? g->state : "?");
        bool settling = g->state && strcmp(g->state, "Stable") && strcmp(g->state, "Empty");
        x = ui_cell(y, x, &cols[1], sel ? base : g->error ? SLOT_ERROR : settling ? SLOT_WARN : base,
                    state);
        free(state);
        x = ui_cell(y, x, &cols[2], base, g->type ? g->type : "-"); /* ours: classic/consumer */
        snprintf(buf, sizeof buf, "%d", g->nmembers);
        x = ui_cell(y, x, &cols[3], base, buf);
        ui_format_count(buf, sizeof buf, g->total_lag);
        /* A lag the last refresh could not fetch again, or computed from a
         * high watermark it did not ask (tiered), is greyed. */
        bool stale = snapshot_stale(s, g->lag_ms);
        ui_cell(y, x, &cols[4],
                sel ? base : stale ? SLOT_DIM : g->total_lag <= 0 ? SLOT_LAG_NONE : g->total_lag < 100 ? SLOT_LAG_LOW : SLOT_LAG_HIGH,
                buf);
    }
    int y = r.y + 1 + list_rows;
    if (y >= r.y + r.h || p->list.sel >= s->ngroups)
        return;
    ui_fill(y, r.x, r.w, SLOT_BORDER);
    attrset((attr_t)theme_attr(SLOT_BORDER));
    mvhline(y, r.x, ACS_HLINE, r.w);
    y++;
    const ks_group_t *g = &s->groups[p->list.sel];
    if (g->error) {
        char *e = sanitize_str(g->error);
        ui_put(y, r.x, r.w, SLOT_ERROR, e);
        free(e);
        return;
    }
    rect_t map = {y, r.x, r.y + r.h - y, r.w};
    int used = draw_map(ui, g, map);
    rect_t log = {y + used, r.x, map.h - used, r.w};
    draw_log(ui, g, log);
}

static int groups_move(pane_t *p, tui_t *ui, int key)
{
    const ks_snapshot_t *s = ui->snap;
    if (!list_key(&p->list, key, p->content_rows))
        return KEY_UNHANDLED;
    ui->group_pinned = true;
    if (s && p->list.sel < s->ngroups)
        tui_select_group(ui, s->groups[p->list.sel].id);
    return KEY_REDRAW;
}

/* Enter: the group's offsets and lag in Partitions, on the topic it reads. */
static int groups_open(pane_t *p, tui_t *ui, int key)
{
    (void)key;
    const ks_snapshot_t *s = ui->snap;
    if (!s || p->list.sel >= s->ngroups)
        return KEY_UNHANDLED;
    const ks_group_t *g = &s->groups[p->list.sel];
    tui_select_group(ui, g->id);
    const char *t = map_topic(ui, g);
    if (t)
        tui_select_topic(ui, t);
    ui->group_pinned = true;
    return KEY_REDRAW | KEY_FOCUS_TO(PANE_PARTITIONS);
}

/* A new topic: show a group that reads it, unless the user picked one. */
static void groups_request(pane_t *p, tui_t *ui, pane_req_t req)
{
    if (req == PANE_REQ_TOPIC_CHANGED && ui->snap)
        groups_snapshot(p, ui);
}

static const pane_key_t groups_keys[] = {
    {"Enter", "the group's committed offsets and lag in Partitions", groups_open, {'\r', '\n'}},
    {NULL, NULL, NULL, {0}},
};

static void groups_click(pane_t *p, tui_t *ui, int row)
{
    if (row < 1 || row > p->content_rows || !ui->snap)
        return;
    list_click(&p->list, row, p->content_rows);
    ui->group_pinned = true;
    if (p->list.sel < ui->snap->ngroups)
        tui_select_group(ui, ui->snap->groups[p->list.sel].id);
}

const pane_ops_t pane_groups_ops = {
    .name = "Groups",
    .explain = "A consumer group is one application reading a topic, possibly as several "
               "instances (members). Kafka gives each partition to exactly one member, so adding "
               "members spreads the work, up to one member per partition. When a member joins or "
               "leaves, the group rebalances: partitions are handed out again (the map marks the "
               "ones that moved). Each group remembers its own committed offsets, so two "
               "applications read the same topic independently; LAG is how many records the "
               "group has not processed yet. TYPE classic groups rebalance by stopping every "
               "member while a leader member reassigns all partitions; consumer groups (Kafka 4's "
               "KIP-848 protocol) let the broker assign, and only the partitions that change "
               "owner pause. Try it: run `kafscope -c 'tail pizza-orders --group "
               "demo --follow'` in two or three terminals and watch the map share the "
               "partitions; stop one and its partitions move.",
    .title = groups_title,
    .draw = groups_draw,
    .keys = groups_keys,
    .key = groups_move,
    .request = groups_request,
    .snapshot = groups_snapshot,
    .click = groups_click,
};
