/* The status bar (row 0), the notification line (second to last row) and
 * the 'i' explanation box. */
#include <curses.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/sanitize.h"
#include "base/wake.h"
#include "base/wrap.h"
#include "core/tail_worker.h"
#include "tui/ui.h"

/* What the last refresh could not fetch in time and kept from before (the
 * panes grey those numbers): the age of the metadata and the group list,
 * and how many topics and groups have older numbers. */
static void stale_note(strbuf_t *sb, const ks_snapshot_t *s)
{
    int topics = 0, groups = 0;
    for (int i = 0; i < s->ntopics; i++)
        topics += s->topics[i].npartitions && snapshot_stale(s, s->topics[i].wm_ms);
    for (int i = 0; i < s->ngroups; i++)
        groups += snapshot_stale(s, s->groups[i].lag_ms);
    if (s->partial) { /* topics shown at once; their numbers and the groups follow */
        sb_adds(sb, " \xe2\x94\x82 loading watermarks and groups...");
        return;
    }
    bool md = s->metadata_ms && snapshot_stale(s, s->metadata_ms);
    bool list = s->groups_supported && snapshot_stale(s, s->groups_ms);
    if (!md && !list && !topics && !groups)
        return;
    sb_adds(sb, " \xe2\x94\x82 older:");
    if (md)
        sb_printf(sb, " metadata %llds", (long long)((s->taken_ms - s->metadata_ms) / 1000));
    if (list)
        sb_printf(sb, " group list %llds",
                  (long long)(s->groups_ms ? (s->taken_ms - s->groups_ms) / 1000 : 0));
    if (topics)
        sb_printf(sb, " %d topic%s", topics, topics == 1 ? "" : "s");
    if (groups)
        sb_printf(sb, " %d group%s", groups, groups == 1 ? "" : "s");
}

void status_draw(tui_t *ui)
{
    int w = ui->cols;
    const ks_snapshot_t *s = ui->snap;
    bool down = ui->unreachable;
    ui_fill(0, 0, w, down ? SLOT_STATUS_ERROR : SLOT_STATUS);
    strbuf_t sb;
    sb_init(&sb);
    sb_adds(&sb, " kafscope \xe2\x94\x82 ");
    if (client_is_embedded(ui->ctx->client)) {
        sb_adds(&sb, "embedded demo cluster");
    } else if (ui->ctx->lab_world) {
        sb_adds(&sb, "lab");
    } else {
        const char *name = config_display_name(ui->ctx->cfg);
        sanitize_append(&sb, name, strlen(name));
    }
    if (!s) {
        sb_adds(&sb, " \xe2\x94\x82 connecting...");
    } else {
        int up = 0;
        for (int i = 0; i < s->nbrokers; i++)
            up += s->brokers[i].up;
        sb_printf(&sb, " \xe2\x94\x82 %s \xe2\x94\x82 %d broker%s", down ? "UNREACHABLE" : "connected",
                  up, up == 1 ? "" : "s");
        if (up != s->nbrokers)
            sb_printf(&sb, " (%d down)", s->nbrokers - up);
        int64_t age = (now_ms() - s->taken_ms) / 1000;
        sb_printf(&sb, " \xe2\x94\x82 refreshed %llds ago", (long long)(age < 0 ? 0 : age));
        stale_note(&sb, s);
    }
    sb_addc(&sb, '\0');
    int used = ui_put(0, 0, w, down ? SLOT_STATUS_ERROR : SLOT_STATUS, sb.buf);
    sb_reset(&sb);

    /* The last error, if any: the refresh error, else what librdkafka said. */
    char last[KS_ERRLEN] = "";
    if (ui->unreachable) {
        snprintf(last, sizeof last, "%s", ui->unreachable_error);
    } else if (s && s->error) {
        snprintf(last, sizeof last, "%s", s->error);
    } else {
        pthread_mutex_lock(&ui->ctx->client->lock);
        snprintf(last, sizeof last, "%s", ui->ctx->client->last_error);
        pthread_mutex_unlock(&ui->ctx->client->lock);
    }
    const char *hint = "? help  q quit ";
    int hint_w = (int)strlen(hint);
    if (*last && w - used - hint_w > 12) {
        sb_adds(&sb, " \xe2\x94\x82 last error: ");
        sanitize_append(&sb, last, strlen(last));
        sb_addc(&sb, '\0');
        used += ui_put(0, used, w - used - hint_w - 1, SLOT_STATUS_ERROR, sb.buf);
    }
    if (w - used > hint_w)
        ui_put(0, w - hint_w, hint_w, SLOT_STATUS, hint);
    sb_free(&sb);
}

void notice_draw(tui_t *ui)
{
    int y = ui->rows - 2;
    ui_fill(y, 0, ui->cols, SLOT_NOTICE);
    if (!ui->notice[0])
        return;
    /* Old news fades to dim after 10 s, so a new event stands out. */
    bool fresh = mono_ms() - ui->notice_ms < 10000;
    theme_slot_t slot = ui->notice_error ? SLOT_NOTICE_ERROR : fresh ? SLOT_NOTICE : SLOT_DIM;
    ui_put(y, 1, ui->cols - 2, slot, ui->notice);
}

/* Our own text (a pane's explanation) in lines of at most width columns. */
static int wrap(const char *text, int width, char lines[][256], int max)
{
    int n = 0;
    for (const char *p = text; *p && n < max; p = wrap_rest(p)) {
        size_t len = wrap_line(p, width, true);
        if (len > 255)
            len = 255;
        memcpy(lines[n], p, len);
        lines[n++][len] = '\0';
        p += len;
    }
    return n;
}

int explain_height(tui_t *ui, int width)
{
    char lines[24][256];
    const char *text = ui->panes[ui->focus].ops->explain;
    return text ? wrap(text, width - 2, lines, 24) + 1 : 0;
}

void explain_draw(tui_t *ui, rect_t r)
{
    char lines[24][256];
    const char *text = ui->panes[ui->focus].ops->explain;
    if (!text)
        return;
    int n = wrap(text, r.w - 2, lines, 24);
    ui_clear_rect(r, SLOT_EXPLAIN);
    ui_put(r.y, r.x + 1, r.w - 2, SLOT_EXPLAIN, "What am I looking at? (i hides this)");
    for (int i = 0; i < n && i + 1 < r.h; i++)
        ui_put(r.y + 1 + i, r.x + 1, r.w - 2, SLOT_EXPLAIN, lines[i]);
}

/* ---- log lines from the layers below (ks_logf) ---- */

/* The sink runs on whichever thread logs; the line waits in ui->log for the
 * UI thread (thread rules at ui_log_t). Only the latest is kept: the
 * notification line shows one. */
static void log_to_status(void *opaque, ks_log_kind_t kind, const char *line)
{
    ui_log_t *log = opaque;
    pthread_mutex_lock(&log->lock);
    free(log->pending);
    log->pending = xstrdup(line);
    log->progress = kind != KS_LOG_LINE;
    wake_notify(log->wake_fd);
    pthread_mutex_unlock(&log->lock);
}

void status_log_start(tui_t *ui)
{
    ui_log_t *log = &ui->log;
    pthread_mutex_init(&log->lock, NULL);
    log->wake_fd = ui->wake.wr;
    ks_log_get(&log->prev_fn, &log->prev_opaque);
    ks_log_set(log_to_status, log);
}

void status_log_take(tui_t *ui)
{
    ui_log_t *log = &ui->log;
    pthread_mutex_lock(&log->lock);
    char *line = log->pending;
    bool progress = log->progress;
    log->pending = NULL;
    pthread_mutex_unlock(&log->lock);
    if (!line)
        return;
    char *safe = sanitize_str(line); /* librdkafka's text may quote the broker's */
    tui_notify(ui, !progress, "%s", safe);
    free(safe);
    free(line);
}

/* ks_logf calls the sink under its own lock, so once the previous sink is
 * back no thread is inside log_to_status and ui->log is ours alone. */
void status_log_stop(tui_t *ui)
{
    ui_log_t *log = &ui->log;
    ks_log_set(log->prev_fn, log->prev_opaque);
    pthread_mutex_lock(&log->lock);
    free(log->pending);
    log->pending = NULL;
    pthread_mutex_unlock(&log->lock);
    pthread_mutex_destroy(&log->lock);
}
