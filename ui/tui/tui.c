/* The TUI app loop. This thread owns curses. It sleeps in poll() on the
 * terminal and on one wakeup pipe that the model refresher, the tail
 * worker and the signal handlers write to; each wake it drains everything
 * (the pipe, then every key curses has buffered), folds in a new model
 * snapshot if there is one, and redraws at most once, no more than ~30
 * times a second. Nothing here waits on the network. */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/wake.h"
#include "core/colour.h"
#include "core/signals.h"
#include "core/rebalance.h"
#include "base/sanitize.h"
#include "core/tail_worker.h"
#include "tui/tui.h"
#include "tui/ui.h"

#define FRAME_MS 33


/* ---- snapshots ---- */

static void on_rebalance(void *opaque, const char *group_id, const rebalance_event_t *ev)
{
    tui_t *ui = opaque;
    if (ev->number == 0)
        return; /* state changes and first sightings go to the pane's log only */
    char *gid = sanitize_str(group_id);
    char label[48];
    rebalance_label(ev, label, sizeof label);
    tui_notify(ui, false, "group %s: rebalance %s: %s", gid, label, ev->text);
    free(gid);
}

static void note_broker_changes(tui_t *ui, const ks_snapshot_t *old, const ks_snapshot_t *now)
{
    if (!old || old->nbrokers == 0 || now->nbrokers == 0)
        return;
    for (int i = 0; i < now->nbrokers; i++) {
        const ks_broker_t *b = &now->brokers[i];
        const ks_broker_t *was = snapshot_broker(old, b->id);
        if (was && was->up && !b->up)
            tui_notify(ui, true, "broker %d is down (gone from metadata)", b->id);
        else if (was && !was->up && b->up)
            tui_notify(ui, false, "broker %d is back", b->id);
    }
}

static void take_snapshot(tui_t *ui)
{
    ks_snapshot_t *s = model_snapshot(ui->ctx->model);
    if (!s)
        return;
    if (s->seq == ui->snap_seq) {
        snapshot_release(s);
        return;
    }
    ks_snapshot_t *old = ui->snap;
    ui->snap_seq = s->seq;
    /* A refresh that reached nothing comes as an empty snapshot with an
     * error; a partial one (say, groups not supported) keeps its data. */
    bool unreachable = s->error && s->nbrokers == 0 && s->ntopics == 0;
    if (unreachable && !ui->unreachable)
        tui_notify(ui, true, "cluster unreachable: showing the last known state");
    else if (!unreachable && ui->unreachable)
        tui_notify(ui, false, "cluster reachable again");
    ui->unreachable = unreachable;
    ui->status_dirty = true;
    if (unreachable) {
        snprintf(ui->unreachable_error, sizeof ui->unreachable_error, "%s", s->error);
        if (old) {
            snapshot_release(s);
            return;
        }
    }
    note_broker_changes(ui, old, s);
    int old_brokers = old ? old->nbrokers : -1;
    ui->snap = s;
    rebalance_update(ui->rebalances, s, on_rebalance, ui);
    for (int i = 0; i < PANE_COUNT; i++) {
        if (ui->panes[i].ops->snapshot)
            ui->panes[i].ops->snapshot(&ui->panes[i], ui);
        ui->panes[i].dirty = true;
    }
    if (s->nbrokers != old_brokers) {
        layout_compute(ui); /* the brokers pane is as tall as the broker list */
        ui->full_redraw = true;
    }
    ui->status_dirty = true;
    snapshot_release(old);
}

/* ---- keys ---- */

/* The next pane in direction dir (+1, -1) that is part of this session. */
static int next_pane(tui_t *ui, int dir)
{
    int i = ui->focus;
    do
        i = (i + dir + PANE_COUNT) % PANE_COUNT;
    while (ui->panes[i].absent && i != ui->focus);
    return i;
}

static int pane_at(tui_t *ui, int y, int x)
{
    for (int i = 0; i < PANE_COUNT; i++) {
        rect_t r = ui->panes[i].rect;
        if (ui->panes[i].visible && y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w)
            return i;
    }
    return -1;
}

/* What a key handler said, done: the pane's redraw, everything's, a
 * drill-down's focus change. */
static void apply_key_result(tui_t *ui, int pane, int r)
{
    if (r & KEY_REDRAW)
        tui_dirty(ui, pane);
    if (r & KEY_REDRAW_ALL)
        ui->full_redraw = true;
    if (r & KEY_FOCUS)
        tui_focus(ui, KEY_FOCUS_TARGET(r));
}

/* A key for the focused pane: its key table first, then its movement keys. */
static int pane_key(tui_t *ui, int i, int key, bool is_code)
{
    pane_t *p = &ui->panes[i];
    const pane_key_t *k = pane_key_find(p->ops->keys, key, is_code);
    int r = k ? k->run(p, ui, key) : KEY_UNHANDLED;
    if (r == KEY_UNHANDLED)
        r = p->ops->key(p, ui, key);
    apply_key_result(ui, i, r);
    return r;
}

static void handle_mouse(tui_t *ui)
{
    MEVENT ev;
    if (getmouse(&ev) != OK || ui->viewer.open || ui->prompt.open)
        return;
    if (ui->compact && ev.y == ui->tabbar.y) {
        /* Tabs are "N Name  " cells of equal rhythm: find which one. */
        int x = 0;
        for (int i = 0; i < PANE_COUNT; i++) {
            if (ui->panes[i].absent)
                continue;
            int w = (int)strlen(ui->panes[i].ops->name) + 4;
            if (ev.x >= x && ev.x < x + w) {
                tui_focus(ui, i);
                return;
            }
            x += w;
        }
        return;
    }
    int i = pane_at(ui, ev.y, ev.x);
    if (i < 0)
        return;
    pane_t *p = &ui->panes[i];
    tui_focus(ui, i);
    if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
        int key = ev.bstate & BUTTON4_PRESSED ? KEY_UP : KEY_DOWN;
        for (int n = 0; n < 3; n++)
            pane_key(ui, i, key, true);
    } else if (p->ops->click) {
        p->ops->click(p, ui, ev.y - p->rect.y - 1);
        if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
            pane_key(ui, i, '\r', false);
    }
    tui_dirty(ui, i);
}

static void cycle_theme(tui_t *ui)
{
    int next = 0;
    for (int i = 0; theme_builtin_names[i]; i++)
        if (!strcmp(theme_builtin_names[i], ui->theme.name))
            next = theme_builtin_names[i + 1] ? i + 1 : 0;
    char err[KS_ERRLEN];
    bool colors = has_colors() && colour_allowed();
    if (theme_load(&ui->theme, theme_builtin_names[next], colors, err, sizeof err))
        tui_notify(ui, true, "%s", err);
    else
        tui_notify(ui, false, "theme: %s%s", ui->theme.name,
                   ui->theme.color ? "" : " (colours are off: NO_COLOR or no colour support)");
    theme_apply(&ui->theme);
    bkgdset((chtype)theme_attr(SLOT_NORMAL) | ' ');
}

/* The global keys: key_bindings (keys.c), the table '?' shows. */
static int global_key(tui_t *ui, int key, bool is_code)
{
    switch (key_action(key, is_code)) {
    case ACT_NONE: return KEY_UNHANDLED;
    case ACT_QUIT: ui->quit = true; return KEY_HANDLED;
    case ACT_NEXT_PANE: return KEY_FOCUS_TO(next_pane(ui, 1));
    case ACT_PREV_PANE: return KEY_FOCUS_TO(next_pane(ui, -1));
    case ACT_JUMP_PANE: return KEY_FOCUS_TO(key - '1');
    case ACT_HELP: help_open(ui); return KEY_HANDLED;
    case ACT_EXPLAIN: ui->explain = !ui->explain; return KEY_REDRAW;
    case ACT_COMMAND_LINE: cmdline_open(ui); return KEY_HANDLED;
    case ACT_NEXT_THEME: cycle_theme(ui); return KEY_REDRAW_ALL;
    case ACT_REDRAW: clearok(curscr, TRUE); return KEY_REDRAW_ALL;
    case ACT_BACK:
        if (ui->explain) {
            ui->explain = false;
            return KEY_REDRAW;
        }
        return KEY_FOCUS_TO(ui->back_focus);
    }
    return KEY_UNHANDLED;
}

static void handle_key(tui_t *ui, int key, bool is_code)
{
    if (is_code && key == KEY_MOUSE) {
        handle_mouse(ui);
        return;
    }
    if (ui->prompt.open) {
        prompt_key(ui, key, is_code);
        ui->status_dirty = true;
        return;
    }
    if (ui->viewer.open) {
        if (!is_code && key == '?' && ui->viewer.title && !strcmp(ui->viewer.title, "Help")) {
            viewer_close(ui);
        } else if (!is_code && key == ':') {
            cmdline_open(ui); /* the output stays while the next command is typed */
        } else if (!viewer_key(ui, key) && !is_code && (key == 'q' || key == KEY_CTRL('c'))) {
            if (key == KEY_CTRL('c'))
                ui->quit = true;
            viewer_close(ui);
        }
        ui->full_redraw = true;
        return;
    }
    if (!is_code && key == KEY_CTRL('c')) {
        ui->quit = true;
        return;
    }
    if (ui->too_small) {
        if (!is_code && key == 'q')
            ui->quit = true;
        return;
    }
    if (pane_key(ui, ui->focus, key, is_code) != KEY_UNHANDLED)
        return;
    apply_key_result(ui, ui->focus, global_key(ui, key, is_code));
}

/* ---- drawing ---- */

static void draw_pane(tui_t *ui, int i)
{
    pane_t *p = &ui->panes[i];
    bool focused = i == ui->focus;
    strbuf_t title;
    sb_init(&title);
    sb_printf(&title, "%d %s", i + 1, p->ops->name);
    if (p->ops->title)
        p->ops->title(p, ui, &title);
    sb_addc(&title, '\0');
    ui_clear_rect(p->rect, SLOT_NORMAL);
    ui_box(p->rect, focused ? SLOT_BORDER_FOCUS : SLOT_BORDER, title.buf,
           focused ? SLOT_TITLE_FOCUS : SLOT_TITLE);
    sb_free(&title);
    rect_t inner = {p->rect.y + 1, p->rect.x + 1, p->rect.h - 2, p->rect.w - 2};
    if (inner.h <= 0 || inner.w <= 0)
        return;
    if (focused && ui->explain) {
        int eh = explain_height(ui, inner.w);
        if (eh > inner.h - 2)
            eh = inner.h - 2;
        if (eh > 0) {
            explain_draw(ui, (rect_t){inner.y + inner.h - eh, inner.x, eh, inner.w});
            inner.h -= eh;
        }
    }
    p->ops->draw(p, ui, inner);
}

static void draw_tabbar(tui_t *ui)
{
    ui_fill(ui->tabbar.y, 0, ui->cols, SLOT_TAB);
    int x = 0;
    for (int i = 0; i < PANE_COUNT; i++) {
        if (ui->panes[i].absent)
            continue;
        char label[64];
        snprintf(label, sizeof label, " %d %s ", i + 1, ui->panes[i].ops->name);
        int w = (int)strlen(ui->panes[i].ops->name) + 4;
        ui_put(ui->tabbar.y, x, w, i == ui->focus ? SLOT_TAB_FOCUS : SLOT_TAB, label);
        x += w;
    }
}

static void draw_too_small(tui_t *ui)
{
    erase();
    char line[128];
    snprintf(line, sizeof line, "terminal too small: %dx%d", ui->cols, ui->rows);
    char need[128];
    snprintf(need, sizeof need, "kafscope needs %dx%d", TUI_MIN_COLS, TUI_MIN_ROWS);
    int y = ui->rows / 2 - 1;
    const char *lines[] = {line, need, "enlarge it, or q to quit"};
    for (int i = 0; i < 3; i++) {
        int w = text_width(lines[i]);
        int x = (ui->cols - w) / 2;
        ui_put(y + i, x < 0 ? 0 : x, ui->cols, i ? SLOT_NORMAL : SLOT_ERROR, lines[i]);
    }
}

static bool needs_draw(tui_t *ui)
{
    if (ui->full_redraw || ui->status_dirty)
        return true;
    for (int i = 0; i < PANE_COUNT; i++)
        if (ui->panes[i].visible && ui->panes[i].dirty)
            return true;
    return false;
}

static void draw(tui_t *ui)
{
    if (ui->full_redraw)
        erase();
    if (ui->too_small) {
        draw_too_small(ui);
    } else {
        bool any = ui->full_redraw;
        for (int i = 0; i < PANE_COUNT; i++) {
            if (ui->panes[i].visible && (ui->panes[i].dirty || ui->full_redraw)) {
                draw_pane(ui, i);
                any = true;
            }
        }
        if (ui->compact)
            draw_tabbar(ui);
        status_draw(ui);
        notice_draw(ui);
        if (ui->viewer.open && any)
            viewer_draw(ui);
        if (cmdline_is_open(ui))
            cmdline_draw(ui);
        else
            prompt_draw(ui);
    }
    for (int i = 0; i < PANE_COUNT; i++)
        ui->panes[i].dirty = false;
    ui->full_redraw = ui->status_dirty = false;
    refresh();
}

/* The draw_now hook (tui_draw_now): a frame before a command that runs on
 * this thread. */
static void draw_now(tui_t *ui)
{
    ui->status_dirty = true;
    draw(ui);
}

/* ---- setup and the loop ---- */

/* ask_terminal: after SIGWINCH, read the new size and resize curses. A
 * KEY_RESIZE from curses means curses already did (and resizing again
 * would queue another KEY_RESIZE, forever). */
static void resize(tui_t *ui, bool ask_terminal)
{
    if (ask_terminal) {
        term_apply_size(&ui->rows, &ui->cols);
    } else {
        ui->rows = LINES;
        ui->cols = COLS;
    }
    layout_compute(ui);
    cmdline_resize(ui);
    clearok(curscr, TRUE);
    ui->full_redraw = true;
}

static void loop(tui_t *ui)
{
    int64_t last_draw = 0, last_tick = mono_ms();
    while (!ui->quit) {
        int timeout = 1000;
        bool frame_due = needs_draw(ui);
        if (frame_due) {
            int64_t wait = last_draw + FRAME_MS - mono_ms();
            timeout = wait < 0 ? 0 : (int)wait;
        }
        int esc = cmdline_timeout(ui);
        if (esc >= 0 && esc < timeout)
            timeout = esc;
        /* With a frame already due, news from the other threads (a tail at
         * full speed sends some a thousand times a second) waits for it:
         * the thread sleeps until a key or the frame, not once per batch. */
        struct pollfd fds[2] = {{.fd = STDIN_FILENO, .events = POLLIN},
                                {.fd = ui->wake.rd, .events = frame_due ? 0 : POLLIN}};
        if (poll(fds, 2, timeout) < 0 && errno != EINTR)
            break;
        if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
            ui->quit = true; /* the terminal went away */
        if (fds[1].revents & POLLIN)
            wake_drain(&ui->wake);
        if (term_take_quit())
            ui->quit = true;
        if (term_take_resize())
            resize(ui, true);
        /* Everything curses has, not just one key: a burst of keys (or a
         * held-down j) is applied in one turn and drawn once. */
        wint_t ch;
        int r;
        bool keyed = false; /* a key came: draw its effect now, not at the next frame */
        while (!ui->quit) {
            if (cmdline_is_open(ui)) {
                /* The command line wants raw bytes (keypad is off): readline
                 * decodes keys and UTF-8 itself. */
                unsigned char buf[512];
                size_t n = 0;
                int c;
                while (n < sizeof buf && (c = getch()) != ERR) {
                    if (c == KEY_RESIZE)
                        resize(ui, false);
                    else if (c >= 0 && c < 256)
                        buf[n++] = (unsigned char)c;
                }
                if (!n)
                    break;
                cmdline_input(ui, buf, n);
                keyed = true;
                continue;
            }
            if ((r = get_wch(&ch)) == ERR)
                break;
            if (r == KEY_CODE_YES && ch == KEY_RESIZE)
                resize(ui, false);
            else
                handle_key(ui, (int)ch, r == KEY_CODE_YES);
            keyed = true;
        }
        cmdline_tick(ui);
        line_runner_tick(ui);
        take_snapshot(ui);
        status_log_take(ui);
        for (int i = 0; i < PANE_COUNT; i++)
            if (ui->panes[i].ops->tick)
                ui->panes[i].ops->tick(&ui->panes[i], ui);
        if (mono_ms() - last_tick >= 1000) {
            last_tick = mono_ms();
            ui->status_dirty = true; /* "refreshed Ns ago" ticks */
        }
        /* Frames pace what the cluster and the tail change; a key is
         * answered at once. */
        if (needs_draw(ui) && (keyed || mono_ms() - last_draw >= FRAME_MS)) {
            draw(ui);
            last_draw = mono_ms();
        }
    }
}

int tui_run(cmd_ctx_t *ctx, const pane_ops_t *const panes[PANE_COUNT])
{
    char err[KS_ERRLEN];
    if (cmd_connect(ctx, err)) {
        fprintf(stderr, "kafscope: %s\n", err);
        return 1;
    }
    ctx->live_model = true;
    ctx->interactive = true;
    tui_t *ui = xcalloc(1, sizeof *ui);
    ui->ctx = ctx;
    ui->back_focus = PANE_TOPICS;
    ui->draw_now = draw_now;
    if (wake_open(&ui->wake)) {
        fprintf(stderr, "kafscope: cannot create a pipe: %s\n", strerror(errno));
        free(ui);
        return 1;
    }
    if (term_start()) {
        fprintf(stderr, "kafscope: cannot start the terminal UI (TERM=%s); try --repl\n",
                getenv("TERM") ? getenv("TERM") : "unset");
        wake_close(&ui->wake);
        free(ui);
        return 1;
    }
    term_hook_signals(ui->wake.wr);
    status_log_start(ui);
    bool colors = has_colors() && colour_allowed();
    char terr[KS_ERRLEN];
    if (theme_load(&ui->theme, ctx->cfg->theme, colors, terr, sizeof terr))
        tui_notify(ui, true, "%s", terr);
    else
        tui_notify(ui, false, "%s: ? help, Tab next pane, i explains, q quits",
                   client_is_embedded(ctx->client) ? "embedded demo cluster"
                   : ctx->lab_world ? "lab (local Kafka; `kafscope lab status`)"
                                    : "connected");
    theme_apply(&ui->theme);
    bkgdset((chtype)theme_attr(SLOT_NORMAL) | ' ');

    for (int i = 0; i < PANE_COUNT; i++)
        ui->panes[i].ops = panes[i];
    for (int i = 0; i < PANE_COUNT; i++)
        if (ui->panes[i].ops->init)
            ui->panes[i].ops->init(&ui->panes[i], ui);
    ui->focus = PANE_TOPICS;
    ui->rebalances = rebalance_new();
    ui->tail = tail_worker_new(ctx->client, cmd_decoders(ctx), ui->wake.wr);
    model_start(ctx->model, ui->wake.wr);
    /* The command line hands its lines to line_runner.c, which runs them. */
    cmdline_init(ui, (cmdline_owner_t){.done = line_runner_line_done, .busy = line_runner_clock});
    line_runner_init(ui);
    resize(ui, true);
    loop(ui);

    /* Restore the terminal first: whatever happens during teardown, the
     * user's shell is back. */
    term_stop();
    status_log_stop(ui); /* teardown's log lines go to stderr again */
    app_signals();
    /* The command worker may still use the model and the client. */
    line_runner_free(ui);
    cmdline_free(ui);
    tail_worker_free(ui->tail);
    /* A pane's background work (the Connectors pane's Connect watcher) writes
     * to our pipe too. */
    for (int i = 0; i < PANE_COUNT; i++)
        if (ui->panes[i].ops->free)
            ui->panes[i].ops->free(&ui->panes[i]);
    /* The refresher writes to our pipe: stop it before the pipe closes. */
    model_free(ctx->model);
    ctx->model = NULL;
    wake_close(&ui->wake);
    rebalance_free(ui->rebalances);
    viewer_close(ui);
    sb_free(&ui->prompt.text);
    snapshot_release(ui->snap);
    free(ui->sel_topic);
    free(ui->sel_group);
    free(ui);
    return 0;
}
