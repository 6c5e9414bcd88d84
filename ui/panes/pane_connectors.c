/* Connectors pane: the Kafka Connect cluster's connectors with type, state
 * in words, tasks running/failed/total and topics. Present only when a
 * Connect URL is known. The network is ui/core/connect_watch.c's: its thread
 * asks the worker every refresh.ms and publishes the rows; this pane takes
 * them each loop turn, so a slow or dead worker never blocks the UI. Enter
 * runs `connector describe` (traces included) through the command line's
 * worker. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"
#include "core/connect_watch.h"
#include "panes/panes.h"
#include "tui/ui.h"

/* UI thread only: what the pane shows, taken from the watcher. */
typedef struct {
    connect_watch_t *watch;
    json_t *rows;              /* connect_summary_rows, or NULL before the first answer */
    char error[KS_ERRLEN];     /* the last refresh failed: why ("" when it worked) */
} connectors_t;

/* For completion of connector names on the command line. */
static char **names(void *opaque)
{
    connectors_t *st = opaque;
    size_t n = json_array_size(st->rows);
    char **out = xcalloc(n + 1, sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = xstrdup(json_string_value(json_object_get(json_array_get(st->rows, i), "name")));
    return out;
}

static void connectors_init(pane_t *p, tui_t *ui)
{
    char err[KS_ERRLEN];
    connect_watch_t *watch =
        connect_watch_new(ui->ctx, ui->ctx->cfg->refresh_ms, ui->wake.wr, err, sizeof err);
    if (!watch) { /* no Connect URL (or no thread): no pane */
        p->absent = true;
        if (err[0])
            tui_notify(ui, true, "%s", err);
        return;
    }
    connectors_t *st = xcalloc(1, sizeof *st);
    st->watch = watch;
    p->state = st;
    ui->ctx->connector_names = names;
    ui->ctx->connector_names_opaque = st;
}

static void connectors_free(pane_t *p)
{
    connectors_t *st = p->state;
    if (!st)
        return;
    connect_watch_free(st->watch);
    json_decref(st->rows);
    free(st);
    p->state = NULL;
}

/* Takes the watcher's latest list (UI thread). */
static void connectors_tick(pane_t *p, tui_t *ui)
{
    connectors_t *st = p->state;
    if (!st)
        return;
    json_t *rows;
    if (!connect_watch_take(st->watch, &rows, st->error, sizeof st->error))
        return;
    if (rows) { /* on an error the last good rows stay, marked stale by the title */
        json_decref(st->rows);
        st->rows = rows;
    }
    p->list.count = (int)json_array_size(st->rows);
    list_clamp(&p->list, p->content_rows);
    tui_dirty(ui, PANE_CONNECTORS);
}

static void connectors_title(pane_t *p, tui_t *ui, strbuf_t *out)
{
    (void)ui;
    connectors_t *st = p->state;
    if (st && st->rows)
        sb_printf(out, " (%zu)", json_array_size(st->rows));
    if (st && st->error[0])
        sb_adds(out, " unreachable");
}

/* State in words, with a colour that only repeats what the word says. */
static theme_slot_t state_slot(const char *state, json_int_t failed)
{
    if (!strcmp(state, "FAILED") || failed > 0)
        return SLOT_ERROR;
    if (!strcmp(state, "RUNNING"))
        return SLOT_OK;
    if (!strcmp(state, "PAUSED") || !strcmp(state, "STOPPED") || !strcmp(state, "RESTARTING"))
        return SLOT_WARN;
    return SLOT_DIM;
}

static void connectors_draw(pane_t *p, tui_t *ui, rect_t r)
{
    connectors_t *st = p->state;
    ui_col_t cols[] = {{"NAME", -1, false},  {"TYPE", 6, false},   {"STATE", 10, false},
                       {"TASKS", 5, true},   {"FAILED", 6, true},  {"TOPICS", 16, false}};
    int ncols = 6;
    /* In the narrow left column the name matters more than the topics
     * (`connectors` and Enter show them). */
    bool topics = r.w >= 64;
    if (!topics)
        cols[5].width = 0;
    ui_cols_layout(cols, ncols, r.w);
    ui_table_header(r.y, r.x, r.w, cols, ncols);
    p->content_rows = r.h - 1;
    int n = (int)json_array_size(st->rows);
    p->list.count = n;
    list_clamp(&p->list, p->content_rows);
    if (st->error[0] && !st->rows) {
        /* wrapped over the pane's rows: the reason is at the end */
        char *safe = sanitize_str(st->error);
        const char *s = safe;
        for (int row = 1; row < r.h && *s; row++) {
            size_t n = text_fit(s, r.w, NULL);
            if (!n)
                break;
            char *part = xstrndup(s, n);
            ui_put(r.y + row, r.x, r.w, SLOT_ERROR, part);
            free(part);
            s += n;
        }
        free(safe);
        return;
    }
    if (!st->rows) {
        ui_put(r.y + 1, r.x, r.w, SLOT_DIM, "asking Kafka Connect...");
        return;
    }
    if (n == 0) {
        ui_put(r.y + 1, r.x, r.w, SLOT_DIM, "no connectors yet (:connector create NAME --file CONFIG)");
        return;
    }
    for (int row = 0; row < p->content_rows && p->list.top + row < n; row++) {
        int i = p->list.top + row;
        json_t *c = json_array_get(st->rows, (size_t)i);
        bool sel = i == p->list.sel;
        theme_slot_t base = ui_row_slot(ui, PANE_CONNECTORS, sel, SLOT_NORMAL);
        int y = r.y + 1 + row, x = r.x;
        ui_fill(y, r.x, r.w, base);
        const char *state = json_string_value(json_object_get(c, "state"));
        json_int_t running = json_integer_value(json_object_get(c, "tasks_running"));
        json_int_t failed = json_integer_value(json_object_get(c, "tasks_failed"));
        json_int_t total = json_integer_value(json_object_get(c, "tasks_total"));
        x = ui_name_cell(y, x, &cols[0], base, sel, json_string_value(json_object_get(c, "name")));
        char *type = sanitize_str(json_string_value(json_object_get(c, "type")));
        x = ui_cell(y, x, &cols[1], base, type);
        free(type);
        char *st_text = sanitize_str(state ? state : "?");
        x = ui_cell(y, x, &cols[2], sel ? base : state_slot(st_text, 0), st_text);
        free(st_text);
        char buf[64];
        snprintf(buf, sizeof buf, "%lld/%lld", (long long)running, (long long)total);
        x = ui_cell(y, x, &cols[3], base, buf);
        snprintf(buf, sizeof buf, "%lld", (long long)failed);
        x = ui_cell(y, x, &cols[4], sel || !failed ? base : SLOT_ERROR, buf);
        if (topics) {
            char *t = sanitize_str(json_string_value(json_object_get(c, "topics")));
            ui_cell(y, x, &cols[5], base, t);
            free(t);
        }
    }
}

/* NAME quoted for the command line (single quotes keep everything). */
static char *quoted(const char *name)
{
    strbuf_t sb;
    sb_init(&sb);
    sb_addc(&sb, '\'');
    for (const char *s = name; *s; s++) {
        if (*s == '\'')
            sb_adds(&sb, "'\\''");
        else
            sb_addc(&sb, *s);
    }
    sb_addc(&sb, '\'');
    return sb_steal(&sb);
}

static int connectors_describe(pane_t *p, tui_t *ui, int key)
{
    (void)key;
    connectors_t *st = p->state;
    json_t *c = json_array_get(st->rows, (size_t)p->list.sel);
    const char *name = json_string_value(json_object_get(c, "name"));
    if (!name)
        return KEY_REDRAW;
    char *q = quoted(name);
    char *line = xasprintf("connector describe %s", q);
    tui_run_command(ui, line);
    free(line);
    free(q);
    return KEY_REDRAW;
}

static int connectors_move(pane_t *p, tui_t *ui, int key)
{
    (void)ui;
    return list_key(&p->list, key, p->content_rows) ? KEY_REDRAW : KEY_UNHANDLED;
}

static const pane_key_t connectors_keys[] = {
    {"Enter", "describe the connector: state, tasks, traces of failed tasks, config",
     connectors_describe, {'\r', '\n', KEY_CODE(KEY_ENTER)}},
    {NULL, NULL, NULL, {0}},
};

static void connectors_click(pane_t *p, tui_t *ui, int row)
{
    (void)ui;
    list_click(&p->list, row, p->content_rows);
}

const pane_ops_t pane_connectors_ops = {
    .name = "Connectors",
    .init = connectors_init,
    .free = connectors_free,
    .explain =
        "Kafka Connect moves data between Kafka and other systems with no code: a connector "
        "is created from a config file (JSON or .properties) naming its class and settings. A "
        "source connector reads something outside (a file, a database) and writes records to "
        "topics; a sink connector reads topics and writes them out. The work is split into "
        "tasks (at most tasks.max) spread over the Connect workers; a task that hits an error "
        "is FAILED and keeps its stack trace (Enter shows it) until it is restarted. "
        "Converters (key.converter, value.converter) turn records into bytes and back: "
        "JsonConverter with schemas.enable=true wraps each value as {schema, payload}. "
        "STATE: RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED.",
    .title = connectors_title,
    .draw = connectors_draw,
    .keys = connectors_keys,
    .key = connectors_move,
    .tick = connectors_tick,
    .click = connectors_click,
};
