/* Brokers pane: id, address, rack, the controller mark, up or unreachable,
 * and how many partitions each leads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"
#include "panes/panes.h"
#include "tui/ui.h"

static void brokers_title(pane_t *p, tui_t *ui, strbuf_t *out)
{
    (void)p;
    if (ui->snap)
        sb_printf(out, " (%d)", ui->snap->nbrokers);
}

static void brokers_draw(pane_t *p, tui_t *ui, rect_t r)
{
    const ks_snapshot_t *s = ui->snap;
    ui_col_t cols[] = {{"ID", 4, true},    {"HOST:PORT", -1, false}, {"RACK", 8, false},
                       {"ROLE", 12, false}, {"STATE", 5, false},     {"LEADS", 5, true}};
    int ncols = 6;
    /* Most clusters have no racks: then the column only takes room. */
    bool racks = false;
    for (int i = 0; s && i < s->nbrokers; i++)
        racks |= s->brokers[i].rack != NULL;
    if (!racks)
        cols[2].width = 0;
    ui_cols_layout(cols, ncols, r.w);
    ui_table_header(r.y, r.x, r.w, cols, ncols);
    p->list.count = s ? s->nbrokers : 0;
    p->content_rows = r.h - 1;
    list_clamp(&p->list, p->content_rows);
    if (!s) {
        ui_put(r.y + 1, r.x, r.w, SLOT_DIM, "waiting for the first metadata...");
        return;
    }
    if (s->nbrokers == 0 && s->error) {
        ui_put(r.y + 1, r.x, r.w, SLOT_ERROR, "no brokers reachable");
        return;
    }
    for (int row = 0; row < p->content_rows && p->list.top + row < s->nbrokers; row++) {
        int i = p->list.top + row;
        const ks_broker_t *b = &s->brokers[i];
        bool sel = i == p->list.sel;
        theme_slot_t base = ui_row_slot(ui, PANE_BROKERS, sel, SLOT_NORMAL);
        int y = r.y + 1 + row, x = r.x;
        ui_fill(y, r.x, r.w, base);
        char buf[64];
        snprintf(buf, sizeof buf, "%d", b->id);
        x = ui_cell(y, x, &cols[0], base, buf);
        strbuf_t hp;
        sb_init(&hp);
        sanitize_append(&hp, b->host, strlen(b->host));
        sb_printf(&hp, ":%d", b->port);
        sb_addc(&hp, '\0');
        x = ui_cell(y, x, &cols[1], base, hp.buf);
        sb_free(&hp);
        if (racks) {
            char *rack = sanitize_str(b->rack ? b->rack : "-");
            x = ui_cell(y, x, &cols[2], base, rack);
            free(rack);
        }
        x = ui_cell(y, x, &cols[3], sel ? base : b->controller ? SLOT_CONTROLLER : SLOT_DIM,
                    b->controller ? "\xe2\x98\x85 controller" : "broker");
        x = ui_cell(y, x, &cols[4], sel ? base : b->up ? SLOT_OK : SLOT_ERROR,
                    b->up ? "up" : "DOWN");
        snprintf(buf, sizeof buf, "%d", b->leader_count);
        ui_cell(y, x, &cols[5], base, buf);
    }
}

static int brokers_key(pane_t *p, tui_t *ui, int key)
{
    (void)ui;
    return list_key(&p->list, key, p->content_rows) ? KEY_REDRAW : KEY_UNHANDLED;
}

static void brokers_click(pane_t *p, tui_t *ui, int row)
{
    (void)ui;
    list_click(&p->list, row, p->content_rows);
}

const pane_ops_t pane_brokers_ops = {
    .name = "Brokers",
    .explain = "Brokers are the servers of a Kafka cluster. Each partition of a topic lives on "
               "one or more brokers (its replicas); one of them, the leader, takes all reads and "
               "writes for that partition. LEADS counts the partitions a broker leads. The "
               "controller (\xe2\x98\x85) is the broker that decides leaders when a broker "
               "comes or goes. A DOWN broker answered metadata before but not now: its "
               "partitions move their leadership to other replicas. Try it on the lab: "
               "`kafscope lab broker stop 2 --crash` in another terminal kills broker 2 (watch "
               "DOWN here and the ISR shrink in 3), `kafscope lab broker start 2` brings it back.",
    .title = brokers_title,
    .draw = brokers_draw,
    .key = brokers_key,
    .click = brokers_click,
};
