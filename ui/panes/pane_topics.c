/* Topics pane: name, partitions, replication factor, messages (sum of
 * high minus low watermarks), msg/s and under-replicated partitions.
 * Filter as you type (/), internal topics on or off (a), sort (s). The
 * topic under the cursor is the one the partitions and messages panes show. */
/* memmem, strcasestr */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/sanitize.h"
#include "panes/panes.h"
#include "tui/ui.h"

typedef enum { SORT_NAME, SORT_SIZE, SORT_RATE, SORT_COUNT } topic_sort_t;
static const char *const sort_names[SORT_COUNT] = {"name", "size", "rate"};

typedef struct {
    char *filter;           /* substring, case-insensitive; NULL: none */
    bool show_internal;
    topic_sort_t sort;
    int *rows;              /* indexes into ui->snap->topics, filtered and sorted */
    int nrows;
    uint64_t rows_seq;      /* seq of the snapshot rows index (for narrowing) */
    uint64_t watch_hash;    /* of the topics last given to model_watch_topics */
} topics_state_t;

static const ks_snapshot_t *sort_snap; /* qsort has no context argument */

static int cmp_rows(const void *a, const void *b, topic_sort_t sort)
{
    const ks_topic_t *x = &sort_snap->topics[*(const int *)a];
    const ks_topic_t *y = &sort_snap->topics[*(const int *)b];
    if (sort == SORT_SIZE && x->messages != y->messages)
        return x->messages < y->messages ? 1 : -1;
    if (sort == SORT_RATE && x->rate != y->rate)
        return x->rate < y->rate ? 1 : -1;
    return strcmp(x->name, y->name);
}
static int cmp_size(const void *a, const void *b) { return cmp_rows(a, b, SORT_SIZE); }
static int cmp_rate(const void *a, const void *b) { return cmp_rows(a, b, SORT_RATE); }

static void show_rows(pane_t *p, tui_t *ui);

/* Rebuilds the visible rows, keeping the cursor on the selected topic. */
static void rebuild(pane_t *p, tui_t *ui)
{
    topics_state_t *st = p->state;
    const ks_snapshot_t *s = ui->snap;
    free(st->rows);
    st->rows = NULL;
    st->nrows = 0;
    if (!s)
        return;
    st->rows = xcalloc((size_t)s->ntopics + 1, sizeof *st->rows);
    st->rows_seq = s->seq;
    for (int i = 0; i < s->ntopics; i++) {
        const ks_topic_t *t = &s->topics[i];
        if (t->internal && !st->show_internal)
            continue;
        if (st->filter && *st->filter && !strcasestr(t->name, st->filter))
            continue;
        st->rows[st->nrows++] = i;
    }
    /* The snapshot's topics are sorted by name already. */
    if (st->sort != SORT_NAME) {
        sort_snap = s;
        qsort(st->rows, (size_t)st->nrows, sizeof *st->rows,
              st->sort == SORT_SIZE ? cmp_size : cmp_rate);
    }
    show_rows(p, ui);
}

/* A longer filter that contains the last one: only the rows shown now can
 * still match, in the same order (a key costs the visible rows, not a pass
 * over every topic and a sort). */
static void narrow(pane_t *p, tui_t *ui)
{
    topics_state_t *st = p->state;
    const ks_snapshot_t *s = ui->snap;
    int n = 0;
    for (int i = 0; i < st->nrows; i++)
        if (strcasestr(s->topics[st->rows[i]].name, st->filter))
            st->rows[n++] = st->rows[i];
    st->nrows = n;
    show_rows(p, ui);
}

/* The rows are new: the cursor stays on the selected topic if it is there. */
static void show_rows(pane_t *p, tui_t *ui)
{
    topics_state_t *st = p->state;
    const ks_snapshot_t *s = ui->snap;
    p->list.count = st->nrows;
    if (ui->sel_topic) {
        for (int i = 0; i < st->nrows; i++)
            if (!strcmp(s->topics[st->rows[i]].name, ui->sel_topic))
                p->list.sel = i;
    }
    list_clamp(&p->list, p->content_rows);
    if (st->nrows > 0 && (!ui->sel_topic || st->filter))
        tui_select_topic(ui, s->topics[st->rows[p->list.sel]].name);
    p->dirty = true;
}

static void topics_init(pane_t *p, tui_t *ui)
{
    (void)ui;
    p->state = xcalloc(1, sizeof(topics_state_t));
}

static void topics_free(pane_t *p)
{
    topics_state_t *st = p->state;
    if (!st)
        return;
    free(st->filter);
    free(st->rows);
    free(st);
}

static void topics_title(pane_t *p, tui_t *ui, strbuf_t *out)
{
    topics_state_t *st = p->state;
    sb_printf(out, " (%d) sort:%s%s", st->nrows, sort_names[st->sort],
              st->show_internal ? " +internal" : "");
    /* Say so when rows off screen are refreshed less often (their numbers
     * are grey until their turn). */
    if (ui->snap && ui->snap->tiered) {
        int ms = ui->ctx->cfg->refresh_ms * MODEL_COLD_EVERY;
        if (ms % 1000) /* tenths without printf's locale */
            sb_printf(out, " off-screen:%d.%ds", ms / 1000, ms % 1000 / 100);
        else
            sb_printf(out, " off-screen:%ds", ms / 1000);
    }
    if (st->filter && *st->filter) {
        sb_adds(out, " filter:");
        sanitize_append(out, st->filter, strlen(st->filter));
    }
}

static void topics_draw(pane_t *p, tui_t *ui, rect_t r)
{
    topics_state_t *st = p->state;
    const ks_snapshot_t *s = ui->snap;
    ui_col_t cols[] = {{"NAME", -1, false},   {"PARTS", 5, true}, {"RF", 2, true},
                       {"MESSAGES", 8, true}, {"MSG/S", 6, true}, {"URP", 3, true}};
    int ncols = 6;
    ui_cols_layout(cols, ncols, r.w);
    ui_table_header(r.y, r.x, r.w, cols, ncols);
    p->content_rows = r.h - 1;
    list_clamp(&p->list, p->content_rows);
    if (!s) {
        ui_put(r.y + 1, r.x, r.w, SLOT_DIM, "waiting for the first metadata...");
        return;
    }
    if (st->nrows == 0) {
        ui_put(r.y + 1, r.x, r.w, SLOT_DIM,
               st->filter && *st->filter ? "no topic matches the filter (Esc clears it)"
                                         : "no topics (a shows internal ones)");
        return;
    }
    for (int row = 0; row < p->content_rows && p->list.top + row < st->nrows; row++) {
        int i = p->list.top + row;
        const ks_topic_t *t = &s->topics[st->rows[i]];
        bool sel = i == p->list.sel;
        theme_slot_t base = ui_row_slot(ui, PANE_TOPICS, sel, t->internal ? SLOT_DIM : SLOT_NORMAL);
        int y = r.y + 1 + row, x = r.x;
        char buf[32];
        ui_fill(y, r.x, r.w, base);
        x = ui_name_cell(y, x, &cols[0], t->error && !sel ? SLOT_ERROR : base, sel, t->name);
        snprintf(buf, sizeof buf, "%d", t->npartitions);
        x = ui_cell(y, x, &cols[1], base, buf);
        snprintf(buf, sizeof buf, "%d", t->replication_factor);
        x = ui_cell(y, x, &cols[2], base, buf);
        /* Numbers the last refresh could not fetch again are greyed. */
        theme_slot_t nums = !sel && t->npartitions && snapshot_stale(s, t->wm_ms) ? SLOT_DIM : base;
        ui_format_count(buf, sizeof buf, t->messages);
        x = ui_cell(y, x, &cols[3], nums, buf);
        ui_format_rate(buf, sizeof buf, t->rate);
        x = ui_cell(y, x, &cols[4], nums, buf);
        snprintf(buf, sizeof buf, "%d", t->under_replicated);
        ui_cell(y, x, &cols[5], t->under_replicated && !sel ? SLOT_WARN : base, buf);
    }
}

static void select_row(pane_t *p, tui_t *ui)
{
    topics_state_t *st = p->state;
    if (ui->snap && p->list.sel >= 0 && p->list.sel < st->nrows)
        tui_select_topic(ui, ui->snap->topics[st->rows[p->list.sel]].name);
}

static void filter_changed(tui_t *ui, void *opaque, const char *text, prompt_event_t how)
{
    pane_t *p = opaque;
    topics_state_t *st = p->state;
    char *old = st->filter;
    st->filter = how == PROMPT_CANCEL || !*text ? NULL : xstrdup(text);
    p->list.sel = 0;
    /* A longer filter that contains the old one can only drop rows. */
    if (old && st->filter && st->rows && ui->snap && st->rows_seq == ui->snap->seq &&
        strcasestr(st->filter, old))
        narrow(p, ui);
    else
        rebuild(p, ui);
    free(old);
}

static int topics_move(pane_t *p, tui_t *ui, int key)
{
    if (!list_key(&p->list, key, p->content_rows))
        return KEY_UNHANDLED;
    select_row(p, ui);
    return KEY_REDRAW;
}

static int key_filter(pane_t *p, tui_t *ui, int key)
{
    (void)key;
    topics_state_t *st = p->state;
    prompt_open(ui, "filter topics: ", st->filter, true, filter_changed, p);
    return KEY_REDRAW;
}

static int key_internal(pane_t *p, tui_t *ui, int key)
{
    (void)key;
    topics_state_t *st = p->state;
    st->show_internal = !st->show_internal;
    rebuild(p, ui);
    return KEY_REDRAW;
}

static int key_sort(pane_t *p, tui_t *ui, int key)
{
    (void)key;
    topics_state_t *st = p->state;
    st->sort = (st->sort + 1) % SORT_COUNT;
    rebuild(p, ui);
    select_row(p, ui);
    return KEY_REDRAW;
}

/* Esc clears a filter first; without one it is the global "back". */
static int key_clear(pane_t *p, tui_t *ui, int key)
{
    (void)key;
    topics_state_t *st = p->state;
    if (!st->filter)
        return KEY_UNHANDLED;
    free(st->filter);
    st->filter = NULL;
    rebuild(p, ui);
    return KEY_REDRAW;
}

static int key_open(pane_t *p, tui_t *ui, int key)
{
    (void)key;
    select_row(p, ui);
    return KEY_REDRAW | KEY_FOCUS_TO(PANE_MESSAGES);
}

static int key_produce(pane_t *p, tui_t *ui, int key)
{
    (void)key;
    topics_state_t *st = p->state;
    if (ui->snap && p->list.sel >= 0 && p->list.sel < st->nrows) {
        char *line = xasprintf("produce '%s' --edit", ui->snap->topics[st->rows[p->list.sel]].name);
        tui_run_command(ui, line);
        free(line);
    }
    return KEY_REDRAW;
}

static const pane_key_t topics_keys[] = {
    {"/", "filter topic names as you type (Enter keeps, Esc clears)", key_filter, {'/'}},
    {"a", "show or hide internal topics (__consumer_offsets, ...)", key_internal, {'a'}},
    {"s", "sort by name, size (messages) or rate (msg/s)", key_sort, {'s'}},
    {"p", "write a new record in $VISUAL/$EDITOR and produce it on save", key_produce, {'p'}},
    {"Enter", "show the topic's records in Messages", key_open, {'\r', '\n'}},
    {"Esc", "clear the filter (without one: back)", key_clear, {KEY_ESC}},
    {NULL, NULL, NULL, {0}},
};

static void topics_click(pane_t *p, tui_t *ui, int row)
{
    list_click(&p->list, row, p->content_rows);
    select_row(p, ui);
}

/* Every turn: tell the model which topics are on screen (the rows shown
 * and the selected one), so that on a large cluster their numbers are the
 * ones refreshed at the full rate. Only a changed set is sent. */
static void topics_tick(pane_t *p, tui_t *ui)
{
    topics_state_t *st = p->state;
    const ks_snapshot_t *s = ui->snap;
    if (!s || !ui->ctx->model)
        return;
    const char *names[256];
    int n = 0;
    if (p->visible)
        for (int i = p->list.top; i < st->nrows && n < p->content_rows && n < 255; i++)
            names[n++] = s->topics[st->rows[i]].name;
    if (ui->sel_topic)
        names[n++] = ui->sel_topic;
    uint64_t h = 14695981039346656037u; /* FNV-1a over the names, NUL-separated */
    for (int i = 0; i < n; i++)
        for (const char *c = names[i];; c++) {
            h = (h ^ (unsigned char)*c) * 1099511628211u;
            if (!*c)
                break;
        }
    if (h == st->watch_hash)
        return;
    st->watch_hash = h;
    model_watch_topics(ui->ctx->model, names, n);
}

static void topics_request(pane_t *p, tui_t *ui, pane_req_t req)
{
    if (req != PANE_REQ_REVEAL)
        return;
    topics_state_t *st = p->state;
    /* A filter that hides the topic would select another one at once. */
    if (st->filter && ui->sel_topic && !strcasestr(ui->sel_topic, st->filter)) {
        free(st->filter);
        st->filter = NULL;
    }
    rebuild(p, ui);
}

static void topics_snapshot(pane_t *p, tui_t *ui)
{
    rebuild(p, ui);
}

const pane_ops_t pane_topics_ops = {
    .name = "Topics",
    .explain = "A topic is a named, append-only log of events. Producers add records at the "
               "end; nothing is changed in place. A topic is split into partitions (PARTS) so "
               "several brokers and consumers can share the work; RF, the replication factor, "
               "says how many brokers keep a copy of each partition. MESSAGES is what the log "
               "holds now (end offset minus log start offset: retention deletes old records). "
               "URP counts under-replicated partitions: copies that fell behind (stop a lab "
               "broker with `kafscope lab broker stop 2` to see them). On a cluster with "
               "thousands of partitions, rows off screen are refreshed every fifth time; "
               "grey numbers are older.",
    .init = topics_init,
    .free = topics_free,
    .title = topics_title,
    .draw = topics_draw,
    .keys = topics_keys,
    .key = topics_move,
    .snapshot = topics_snapshot,
    .tick = topics_tick,
    .request = topics_request,
    .click = topics_click,
};
