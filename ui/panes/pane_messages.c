/* Messages: a live tail of the selected topic. The tail worker fills a
 * ring buffer in the background; this pane keeps an index of the ring
 * records that pass the filter, by absolute sequence number (records ever
 * pushed), so paused views stay put while old records fall out of the ring.
 * Follow mode is on by default: the cursor sticks to the newest record.
 * Drawing copies the visible rows out of the ring under the tail worker's
 * lock and draws them after releasing it (tail_worker.h). */
/* memmem, strcasestr */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/decoded.h"
#include "kafka/record.h"
#include "base/sanitize.h"
#include "core/tail_worker.h"
#include "panes/panes.h"
#include "tui/ui.h"

typedef struct {
    uint64_t generation;  /* of the ring the index was built from */
    uint64_t *seqs;       /* matching records, oldest first */
    size_t head, n, cap;  /* live entries are seqs[head .. head+n) */
    uint64_t scanned;     /* first sequence number not yet looked at */
    bool follow;
    uint64_t sel_seq;     /* selected record while paused */
    /* The record the person has under the cursor: the one last drawn
     * there, or where their own keys or clicks moved it. While following,
     * new records move the selection between frames; Enter must open what
     * was on screen, not a record that arrived after the last frame. */
    uint64_t shown_seq;
    bool shown;
    uint64_t unseen;      /* records arrived while paused */
    char *filter;
} msgs_state_t;

static void messages_init(pane_t *p, tui_t *ui)
{
    (void)ui;
    msgs_state_t *st = xcalloc(1, sizeof *st);
    st->follow = true;
    st->generation = UINT64_MAX;
    p->state = st;
}

static void messages_free(pane_t *p)
{
    msgs_state_t *st = p->state;
    if (!st)
        return;
    free(st->seqs);
    free(st->filter);
    free(st);
}

static bool contains(const void *hay, size_t n, const char *needle)
{
    return hay && memmem(hay, n, needle, strlen(needle)) != NULL;
}

static bool matches(const ks_record_t *r, const char *filter)
{
    if (!filter || !*filter)
        return true;
    if (contains(r->key, r->key_len, filter) || contains(r->value, r->value_len, filter))
        return true;
    /* what is shown counts too: a field of an Avro value */
    const decoded_t *d = decoded_of(r);
    if (d && (contains(d->key.line, strlen(d->key.line), filter) ||
              contains(d->value.line, strlen(d->value.line), filter)))
        return true;
    for (int i = 0; i < r->nheaders; i++)
        if (contains(r->headers[i].name, strlen(r->headers[i].name), filter) ||
            contains(r->headers[i].value, r->headers[i].len, filter))
            return true;
    return false;
}

static uint64_t first_seq(const ks_ring_t *r)
{
    return r->pushed - r->count;
}

/* Index position of the newest entry <= seq (binary search), or 0. */
static size_t find_seq(const msgs_state_t *st, uint64_t seq)
{
    size_t lo = 0, hi = st->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (st->seqs[st->head + mid] <= seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : 0;
}

static void push_seq(msgs_state_t *st, uint64_t seq)
{
    if (st->head + st->n == st->cap) {
        if (st->head > 0) {
            memmove(st->seqs, st->seqs + st->head, st->n * sizeof *st->seqs);
            st->head = 0;
        } else {
            st->cap = st->cap ? st->cap * 2 : 1024;
            st->seqs = xrealloc(st->seqs, st->cap * sizeof *st->seqs);
        }
    }
    st->seqs[st->head + st->n++] = seq;
}

/* Brings the index up to date with the ring; call with the ring locked. */
static void index_ring(msgs_state_t *st, const ks_ring_t *r, uint64_t generation)
{
    uint64_t first = first_seq(r);
    if (generation != st->generation) {
        st->generation = generation;
        st->head = st->n = 0;
        st->scanned = first;
        st->unseen = 0;
        st->shown = false;
    }
    while (st->n > 0 && st->seqs[st->head] < first) {
        st->head++;
        st->n--;
    }
    if (st->scanned < first)
        st->scanned = first;
    for (; st->scanned < r->pushed; st->scanned++) {
        const ks_record_t *rec = ring_get(r, (size_t)(st->scanned - first));
        if (rec && matches(rec, st->filter)) {
            push_seq(st, st->scanned);
            if (!st->follow)
                st->unseen++;
        }
    }
}

static void show_selected(msgs_state_t *st, uint64_t seq)
{
    st->shown_seq = seq;
    st->shown = true;
}

static void sync_cursor(pane_t *p)
{
    msgs_state_t *st = p->state;
    p->list.count = (int)st->n;
    if (st->follow || st->n == 0)
        p->list.sel = (int)st->n - 1;
    else
        p->list.sel = (int)find_seq(st, st->sel_seq);
    list_clamp(&p->list, p->content_rows);
    if (st->n > 0)
        st->sel_seq = st->seqs[st->head + (size_t)p->list.sel];
}

static void messages_reindex(pane_t *p, tui_t *ui)
{
    msgs_state_t *st = p->state;
    uint64_t gen;
    ks_ring_t *r = tail_worker_lock(ui->tail, &gen);
    if (r) {
        index_ring(st, r, gen);
        tail_worker_unlock(ui->tail);
    } else if (gen != st->generation) {
        st->generation = gen;
        st->head = st->n = 0;
    }
    sync_cursor(p);
    p->dirty = true;
}

/* The tail worker woke us: new records or a changed state. */
static void messages_tick(pane_t *p, tui_t *ui)
{
    if (tail_worker_take_news(ui->tail))
        messages_reindex(p, ui);
}

/* A new topic: its records replace the old ones at once. */
static void messages_request(pane_t *p, tui_t *ui, pane_req_t req)
{
    if (req == PANE_REQ_TOPIC_CHANGED)
        messages_reindex(p, ui);
}

static void rebuild_index(pane_t *p, tui_t *ui)
{
    msgs_state_t *st = p->state;
    st->generation = UINT64_MAX; /* forces a full rescan */
    messages_reindex(p, ui);
}

static void messages_title(pane_t *p, tui_t *ui, strbuf_t *out)
{
    msgs_state_t *st = p->state;
    if (ui->sel_topic) {
        sb_adds(out, " of ");
        sanitize_append(out, ui->sel_topic, strlen(ui->sel_topic));
    }
    sb_printf(out, " (%zu)", st->n);
    char state[KS_ERRLEN + 32];
    bool error;
    tail_worker_state(ui->tail, state, sizeof state, &error);
    if (error)
        sb_adds(out, " \xe2\x80\x94 error");
    else if (!st->follow)
        sb_printf(out, " \xe2\x80\x94 PAUSED (+%llu new, f resumes)", (unsigned long long)st->unseen);
    else
        sb_printf(out, " \xe2\x80\x94 %s", state);
    if (st->filter && *st->filter) {
        sb_adds(out, " \xe2\x80\x94 filter:");
        sanitize_append(out, st->filter, strlen(st->filter));
    }
}

/* Same key, same colour: FNV-1a of the key bytes picks one of the record
 * key slots. A null key has no colour of its own. */
static theme_slot_t key_slot(const ks_record_t *r)
{
    if (!r->key)
        return SLOT_DIM;
    uint32_t h = 2166136261u;
    const unsigned char *k = r->key;
    for (size_t i = 0; i < r->key_len; i++)
        h = (h ^ k[i]) * 16777619u;
    return (theme_slot_t)(SLOT_RECKEY0 + h % SLOT_RECKEY_COUNT);
}

static void format_time(int64_t ms, char *buf, size_t size)
{
    if (ms < 0) {
        snprintf(buf, size, "-");
        return;
    }
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&secs, &tm);
    snprintf(buf, size, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

/* A key or value as one row shows it, copied out of the ring: the decoded
 * line, or (nothing decoded it) the raw bytes the column can show. */
typedef struct {
    bool decoded;
    bool failed;  /* a decoder meant for these bytes refused: a "!" first */
    char *text;   /* the decoded line (sanitized), or the raw bytes' visible prefix */
    size_t len;
} part_copy_t;

/* One row of the pane, copied under the tail worker's lock and drawn after
 * it is released: no curses call runs while the worker waits to push. */
typedef struct {
    int row;      /* content row (0 = first under the header) */
    bool sel;     /* the selected record, in the focused pane */
    int32_t partition;
    int64_t offset;
    int64_t timestamp;
    int nheaders;
    bool has_key, has_value;
    theme_slot_t key_slot;
    part_copy_t key, value;
} row_copy_t;

/* w: the columns the part gets; ui_put_untrusted sanitizes no more than
 * w * 4 + 4 bytes of a raw part, so that is all that is copied. */
static void copy_part(part_copy_t *out, const decoded_part_t *dp, const void *raw, size_t len,
                      int w)
{
    if (dp) {
        out->decoded = true;
        out->failed = dp->failed;
        out->text = xstrdup(dp->line);
        out->len = strlen(out->text);
        return;
    }
    size_t limit = (size_t)(w > 0 ? w : 0) * 4 + 4;
    out->len = len < limit ? len : limit;
    out->text = xmalloc(out->len + 1);
    memcpy(out->text, raw, out->len);
    out->text[out->len] = '\0';
}

/* A decoded key or value on one line; a decoder that failed (the registry
 * is down, the schema does not fit) puts a "!" in the error colour before
 * the raw bytes, and the detail view says why. */
static void draw_part(int y, int x, int w, theme_slot_t slot, const part_copy_t *part)
{
    if (!part->decoded) {
        ui_put_untrusted(y, x, w, slot, part->text, part->len);
        return;
    }
    if (part->failed && w > 2) {
        ui_put(y, x, 1, SLOT_ERROR, "!");
        x += 2;
        w -= 2;
    }
    ui_put(y, x, w, slot, part->text);
}

static void draw_empty(pane_t *p, tui_t *ui, rect_t r, bool ring)
{
    msgs_state_t *st = p->state;
    char state[KS_ERRLEN + 32];
    bool error;
    tail_worker_state(ui->tail, state, sizeof state, &error);
    if (error) {
        ui_put(r.y + 1, r.x, r.w, SLOT_ERROR, "cannot read this topic:");
        ui_put_untrusted(r.y + 2, r.x, r.w, SLOT_ERROR, state, strlen(state));
    } else if (!ui->sel_topic) {
        ui_put(r.y + 1, r.x, r.w, SLOT_DIM, "select a topic (2) to see its records");
    } else if (ring && st->filter && *st->filter) {
        ui_put(r.y + 1, r.x, r.w, SLOT_DIM, "no record matches the filter yet (c clears it)");
    } else {
        ui_put(r.y + 1, r.x, r.w, SLOT_DIM,
               ring ? "no records yet: waiting for new ones (b reads from the beginning)"
                    : "opening the tail...");
    }
}

static void draw_row(const row_copy_t *c, rect_t r, const ui_col_t *cols)
{
    theme_slot_t base = c->sel ? SLOT_SELECTION : SLOT_NORMAL;
    theme_slot_t kslot = c->sel ? base : c->key_slot;
    int y = r.y + 1 + c->row, x = r.x;
    char buf[48];
    ui_fill(y, r.x, r.w, base);
    snprintf(buf, sizeof buf, "%d", c->partition);
    x = ui_cell(y, x, &cols[0], kslot, buf);
    snprintf(buf, sizeof buf, "%lld", (long long)c->offset);
    x = ui_cell(y, x, &cols[1], base, buf);
    format_time(c->timestamp, buf, sizeof buf);
    x = ui_cell(y, x, &cols[2], c->sel ? base : SLOT_DIM, buf);
    if (c->has_key)
        draw_part(y, x, cols[3].width, kslot, &c->key);
    else
        ui_put(y, x, cols[3].width, c->sel ? base : SLOT_DIM, "(null)");
    x += cols[3].width + 1;
    /* a record may carry any number of headers: past 9999, thousands ("10k")
     * or millions ("2M"), so the column never shows a count cut to its first
     * digits */
    if (c->nheaders > 999999)
        snprintf(buf, sizeof buf, "%dM", c->nheaders / 1000000);
    else if (c->nheaders > 9999)
        snprintf(buf, sizeof buf, "%dk", c->nheaders / 1000);
    else
        snprintf(buf, sizeof buf, "%d", c->nheaders);
    x = ui_cell(y, x, &cols[4], c->nheaders || c->sel ? base : SLOT_DIM, buf);
    if (c->has_value)
        draw_part(y, x, cols[5].width, c->sel ? base : SLOT_VALUE, &c->value);
    else
        ui_put(y, x, cols[5].width, c->sel ? base : SLOT_DIM, "(null: tombstone)");
}

static void messages_draw(pane_t *p, tui_t *ui, rect_t r)
{
    msgs_state_t *st = p->state;
    /* H is 2 cells, as wide as most records need; 4 ("10k", "2M") only while a row
     * shown has 100 headers or more, so the value keeps its room otherwise. */
    ui_col_t cols[] = {{"P", 3, true},     {"OFFSET", 9, true}, {"TIME", 12, false},
                       {"KEY", 18, false}, {"H", 2, true},      {"VALUE", -1, false}};
    if (r.w < 80)
        cols[3].width = 12;
    ui_cols_layout(cols, 6, r.w);
    p->content_rows = r.h - 1;
    sync_cursor(p);
    uint64_t gen;
    ks_ring_t *ring = tail_worker_lock(ui->tail, &gen);
    if (!ring || st->n == 0 || gen != st->generation) {
        if (ring)
            tail_worker_unlock(ui->tail);
        ui_table_header(r.y, r.x, r.w, cols, 6);
        draw_empty(p, ui, r, ring != NULL);
        return;
    }
    /* Under the lock: only copies of what the rows show. */
    row_copy_t *rows = xcalloc(p->content_rows > 0 ? (size_t)p->content_rows : 1, sizeof *rows);
    int nrows = 0;
    uint64_t first = first_seq(ring);
    for (int row = 0; row < p->content_rows && p->list.top + row < (int)st->n; row++) {
        int i = p->list.top + row;
        uint64_t seq = st->seqs[st->head + (size_t)i];
        const ks_record_t *rec = seq >= first ? ring_get(ring, (size_t)(seq - first)) : NULL;
        if (!rec)
            continue;
        if (i == p->list.sel)
            show_selected(st, seq);
        row_copy_t *c = &rows[nrows++];
        c->row = row;
        c->sel = i == p->list.sel && ui->focus == PANE_MESSAGES;
        c->partition = rec->partition;
        c->offset = rec->offset;
        c->timestamp = rec->timestamp;
        c->nheaders = rec->nheaders;
        c->key_slot = key_slot(rec);
        const decoded_t *dec = decoded_of(rec);
        c->has_key = rec->key != NULL;
        if (c->has_key)
            copy_part(&c->key, dec ? &dec->key : NULL, rec->key, rec->key_len, cols[3].width);
        c->has_value = rec->value != NULL;
        if (c->has_value)
            copy_part(&c->value, dec ? &dec->value : NULL, rec->value, rec->value_len,
                      cols[5].width);
    }
    tail_worker_unlock(ui->tail);
    for (int k = 0; k < nrows; k++) {
        if (rows[k].nheaders > 99 && cols[4].width < 4) {
            cols[4].width = 4;
            cols[5].width = -1;
            ui_cols_layout(cols, 6, r.w);
        }
    }
    ui_table_header(r.y, r.x, r.w, cols, 6);
    for (int k = 0; k < nrows; k++) {
        draw_row(&rows[k], r, cols);
        free(rows[k].key.text);
        free(rows[k].value.text);
    }
    free(rows);
}

static void open_detail(pane_t *p, tui_t *ui)
{
    msgs_state_t *st = p->state;
    if (st->n == 0)
        return;
    uint64_t gen;
    ks_ring_t *ring = tail_worker_lock(ui->tail, &gen);
    if (!ring)
        return;
    uint64_t seq = st->shown ? st->shown_seq : st->seqs[st->head + (size_t)p->list.sel];
    uint64_t first = first_seq(ring);
    const ks_record_t *rec = seq >= first && gen == st->generation
                                 ? ring_get(ring, (size_t)(seq - first)) : NULL;
    /* detail_open only builds the viewer's lines (no curses call: the
     * viewer is drawn at the next frame), so it reads the record in place
     * rather than copying it out first. */
    if (rec)
        detail_open(ui, rec);
    tail_worker_unlock(ui->tail);
    if (!rec)
        tui_notify(ui, true, "that record has left the buffer (tail.max.records)");
}

/* p: edit the selected record and produce the result. */
static void edit_selected(pane_t *p, tui_t *ui)
{
    msgs_state_t *st = p->state;
    char *line = NULL;
    uint64_t gen;
    ks_ring_t *ring = st->n ? tail_worker_lock(ui->tail, &gen) : NULL;
    if (ring) {
        uint64_t seq = st->seqs[st->head + (size_t)p->list.sel];
        uint64_t first = first_seq(ring);
        const ks_record_t *rec = seq >= first && gen == st->generation
                                     ? ring_get(ring, (size_t)(seq - first)) : NULL;
        if (rec)
            line = xasprintf("produce '%s' --edit --from %d:%lld", rec->topic,
                             (int)rec->partition, (long long)rec->offset);
        tail_worker_unlock(ui->tail);
    }
    if (!line && ui->sel_topic)
        line = xasprintf("produce '%s' --edit", ui->sel_topic); /* a new record */
    if (line)
        tui_run_command(ui, line);
    free(line);
}

static void set_follow(pane_t *p, tui_t *ui, bool on)
{
    msgs_state_t *st = p->state;
    st->follow = on;
    st->unseen = 0;
    sync_cursor(p);
    tui_notify(ui, false, on ? "following new records" : "paused: new records are kept, f resumes");
}

static void seek_done(tui_t *ui, void *opaque, const char *text, prompt_event_t how)
{
    pane_t *p = opaque;
    if (how != PROMPT_ACCEPT || !*text)
        return;
    char err[KS_ERRLEN];
    offset_spec_t spec;
    const char *label = ui->prompt.label;
    char *arg = !strncmp(label, "seek to time", 12) && text[0] != '@' ? xasprintf("@%s", text)
                                                                        : xstrdup(text);
    if (offsetspec_parse(arg, &spec, err)) {
        char *safe = sanitize_str(err);
        tui_notify(ui, true, "%s", safe);
        free(safe);
    } else {
        tail_worker_seek(ui->tail, &spec);
        char *safe = sanitize_str(arg);
        tui_notify(ui, false, "seeking every partition to %s", safe);
        free(safe);
        ((msgs_state_t *)p->state)->follow = true;
    }
    free(arg);
}

static void filter_changed(tui_t *ui, void *opaque, const char *text, prompt_event_t how)
{
    pane_t *p = opaque;
    msgs_state_t *st = p->state;
    free(st->filter);
    st->filter = how == PROMPT_CANCEL || !*text ? NULL : xstrdup(text);
    rebuild_index(p, ui);
}

static int messages_move(pane_t *p, tui_t *ui, int key)
{
    (void)ui;
    msgs_state_t *st = p->state;
    ui_list_t before = p->list;
    if (!list_key(&p->list, key, p->content_rows))
        return KEY_UNHANDLED;
    /* Moving up pauses; going to the newest record follows again. */
    bool at_end = p->list.sel >= p->list.count - 1;
    if (p->list.sel != before.sel || key == 'G' || key == KEY_END) {
        st->follow = at_end && (key == 'G' || key == KEY_END || st->follow);
        if (!at_end)
            st->follow = false;
    }
    if (st->n > 0) {
        st->sel_seq = st->seqs[st->head + (size_t)p->list.sel];
        show_selected(st, st->sel_seq);
    }
    return KEY_REDRAW;
}

static int key_follow(pane_t *p, tui_t *ui, int key)
{
    (void)key;
    msgs_state_t *st = p->state;
    set_follow(p, ui, !st->follow);
    return KEY_REDRAW;
}

static int key_seek_end(pane_t *p, tui_t *ui, int key)
{
    msgs_state_t *st = p->state;
    if (key == 'b') {
        offset_spec_t spec = {OFS_BEGINNING, 0};
        tail_worker_seek(ui->tail, &spec);
        st->follow = false;
        st->sel_seq = 0;
        tui_notify(ui, false, "reading from the beginning of every partition (paused at the oldest)");
    } else {
        offset_spec_t spec = {OFS_END, 0};
        tail_worker_seek(ui->tail, &spec);
        st->follow = true;
        tui_notify(ui, false, "at the end: showing new records as they arrive");
    }
    return KEY_REDRAW;
}

static int key_seek_offset(pane_t *p, tui_t *ui, int key)
{
    (void)key;
    prompt_open(ui, "seek to offset (N, -N = last N, beginning, end): ", NULL, false, seek_done, p);
    return KEY_REDRAW;
}

static int key_seek_time(pane_t *p, tui_t *ui, int key)
{
    (void)key;
    prompt_open(ui, "seek to time (2024-05-01T12:30, epoch ms): ", NULL, false, seek_done, p);
    return KEY_REDRAW;
}

static int key_filter(pane_t *p, tui_t *ui, int key)
{
    (void)key;
    msgs_state_t *st = p->state;
    prompt_open(ui, "filter key/value/headers: ", st->filter, true, filter_changed, p);
    return KEY_REDRAW;
}

/* c clears the filter; Esc too, and without one Esc is the global "back". */
static int key_clear(pane_t *p, tui_t *ui, int key)
{
    msgs_state_t *st = p->state;
    if (key == KEY_ESC && !st->filter)
        return KEY_UNHANDLED;
    free(st->filter);
    st->filter = NULL;
    rebuild_index(p, ui);
    return KEY_REDRAW;
}

static int key_detail(pane_t *p, tui_t *ui, int key)
{
    (void)key;
    open_detail(p, ui);
    return KEY_REDRAW;
}

static int key_edit(pane_t *p, tui_t *ui, int key)
{
    (void)key;
    edit_selected(p, ui);
    return KEY_REDRAW;
}

static const pane_key_t messages_keys[] = {
    {"f / Space", "pause or resume following new records", key_follow, {'f', ' '}},
    {"b / e", "seek to the beginning / the end of every partition", key_seek_end, {'b', 'e'}},
    {"o", "seek to an offset (N, or -N for the last N of each partition)", key_seek_offset, {'o'}},
    {"t", "seek to a time (2024-05-01T12:30, or epoch ms)", key_seek_time, {'t'}},
    {"/", "filter records by a substring of key, value or headers", key_filter, {'/'}},
    {"c / Esc", "clear the filter (Esc without one: back)", key_clear, {'c', KEY_ESC}},
    {"Enter", "the selected record in full (detail)", key_detail, {'\r', '\n'}},
    {"p", "edit the selected record in $VISUAL/$EDITOR and produce the result", key_edit, {'p'}},
    {NULL, NULL, NULL, {0}},
};

static void messages_click(pane_t *p, tui_t *ui, int row)
{
    msgs_state_t *st = p->state;
    (void)ui;
    if (row < 1)
        return;
    list_click(&p->list, row, p->content_rows);
    st->follow = false;
    if (st->n > 0) {
        st->sel_seq = st->seqs[st->head + (size_t)p->list.sel];
        show_selected(st, st->sel_seq);
    }
}

const pane_ops_t pane_messages_ops = {
    .name = "Messages",
    .explain = "A live tail of the selected topic. Each record (event) has a key, a value, "
               "optional headers and a timestamp, and sits at an offset in one partition; "
               "offsets only grow, nothing is changed in place. Records with the same key have "
               "the same colour and always land in the same partition (P), which is how Kafka "
               "keeps their order. This tail reads without joining a group, so it moves no "
               "group's offsets. Keys and values are decoded (Avro through the Schema Registry, "
               "JSON, text; binary escaped); a ! marks one no decoder could read, shown raw. "
               "Enter shows one record in full.",
    .init = messages_init,
    .free = messages_free,
    .title = messages_title,
    .draw = messages_draw,
    .keys = messages_keys,
    .key = messages_move,
    .tick = messages_tick,
    .request = messages_request,
    .click = messages_click,
};
