/* Where each pane goes. Row 0 is the status bar; the last two rows are the
 * notification line and the command line. In between:
 *   wide and tall (>= 100x30): brokers, topics, groups (and connectors,
 *     with Kafka Connect) on the left,
 *     partitions and messages on the right, all visible at once;
 *   smaller (down to TUI_MIN_COLS x TUI_MIN_ROWS): a tab bar and the
 *     focused pane alone, full size, so 80x24 still shows whole rows;
 *   below that: only a "terminal too small" notice. */
#include "tui/ui_state.h"

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void layout_compute(tui_t *ui)
{
    int rows = ui->rows, cols = ui->cols;
    ui->too_small = rows < TUI_MIN_ROWS || cols < TUI_MIN_COLS;
    for (int i = 0; i < PANE_COUNT; i++)
        ui->panes[i].visible = false;
    if (ui->too_small)
        return;
    int area_y = 1, area_h = rows - 3;
    ui->compact = cols < 100 || rows < 30;
    if (ui->compact) {
        ui->tabbar = (rect_t){area_y, 0, 1, cols};
        pane_t *p = &ui->panes[ui->focus];
        p->rect = (rect_t){area_y + 1, 0, area_h - 1, cols};
        p->visible = true;
        return;
    }
    int left_w = clampi(cols * 2 / 5, 44, 72);
    int right_w = cols - left_w;
    int nbrokers = ui->snap ? ui->snap->nbrokers : 3;
    int brokers_h = clampi(nbrokers, 1, 6) + 3;
    int rest = area_h - brokers_h;
    int topics_h = rest * 9 / 20;
    int groups_h = rest - topics_h;
    /* With Kafka Connect, the groups' share is split with the connectors. */
    bool connectors = !ui->panes[PANE_CONNECTORS].absent;
    int connectors_h = connectors ? groups_h / 2 : 0;
    groups_h -= connectors_h;
    ui->panes[PANE_BROKERS].rect = (rect_t){area_y, 0, brokers_h, left_w};
    ui->panes[PANE_TOPICS].rect = (rect_t){area_y + brokers_h, 0, topics_h, left_w};
    ui->panes[PANE_GROUPS].rect = (rect_t){area_y + brokers_h + topics_h, 0, groups_h, left_w};
    int part_h = clampi(area_h * 2 / 5, 7, area_h - 8);
    ui->panes[PANE_PARTITIONS].rect = (rect_t){area_y, left_w, part_h, right_w};
    ui->panes[PANE_MESSAGES].rect = (rect_t){area_y + part_h, left_w, area_h - part_h, right_w};
    ui->panes[PANE_CONNECTORS].rect =
        (rect_t){area_y + brokers_h + topics_h + groups_h, 0, connectors_h, left_w};
    for (int i = 0; i < PANE_COUNT; i++)
        ui->panes[i].visible = !ui->panes[i].absent;
}
