/* The ':' command line: real GNU readline driven through its callback
 * interface, inside curses. Readline never touches the terminal: the app
 * loop reads raw bytes (keypad off while the line is open) and hands them
 * over; rl_getc_function returns them, rl_input_available_hook says whether
 * more are queued, and rl_redisplay_function only marks the line dirty;
 * cmdline_draw paints prompt + rl_line_buffer (sanitized) and puts the
 * cursor at the wcwidth-measured column. Terminal preparation, signal
 * handling and environment changes are all switched off, and readline's
 * output stream is /dev/null. So emacs and vi modes, ~/.inputrc, Ctrl-R,
 * kill/yank and history work as in bash, and the curses screen stays ours.
 *
 * Esc is also readline's meta prefix and the start of every arrow-key
 * sequence. The rule: an Esc followed by another byte within ESC_MS is
 * part of a sequence and goes to readline; a lone Esc closes the line,
 * unless readline is in the middle of something that Esc ends (an
 * incremental search, a multi-key sequence, a numeric argument) or the
 * line is in vi insert mode, where it switches to vi command mode (a lone
 * Esc in vi command mode then closes the line).
 *
 * A finished line, the answer to a question and Esc / Ctrl-C go to the
 * one owner set at cmdline_init (the loop wires in line_runner.c): this file is
 * only the bridge to readline and calls nothing above it by name. */
#include <curses.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/complete.h"
#include "core/completion.h"
#include "core/history.h"
#include "base/sanitize.h"
#include "tui/ui.h"

#define ESC_MS 50
#define QUEUE_MAX 4096
#define MATCH_ROWS_MAX 8
#define PROMPT ":"

/* ui->cmdline: UI thread only, like the rest of tui_t. */
struct cmdline {
    tui_t *ui;
    cmdline_owner_t owner; /* gets the lines */
    bool open;
    bool asking;           /* a question is on the line: the next line is its answer */
    bool installed;        /* a readline callback handler is installed */
    FILE *devnull;
    /* Bytes from the terminal, waiting for readline. */
    unsigned char q[QUEUE_MAX];
    size_t qhead, qlen;
    bool esc_pending;      /* a trailing Esc: lone, or the start of a sequence? */
    int64_t esc_ms;
    /* The completion list the program shows. */
    char **matches;
    int nmatches;
    char *matches_line;    /* rl_line_buffer when it was shown */
    /* Bytes read after the line closed: keys for the panes, handed back
     * to curses (ungetch is a stack: pushed in reverse, all at once). */
    unsigned char spill[QUEUE_MAX];
    size_t nspill;
};

/* Readline's hooks (getc, redisplay, completion, the line handler, our
 * bindable functions) take no context pointer, and readline itself is one
 * per process: they reach the open session's line through this pointer,
 * set by cmdline_init and cleared by cmdline_free. */
static struct cmdline *rl_session;
/* readline_setup ran (defuns and bindings are process-wide, added once). */
static bool rl_ready;

/* ---- the byte queue readline reads from ---- */

static void q_push(unsigned char b)
{
    struct cmdline *cl = rl_session;
    if (cl->qlen < QUEUE_MAX)
        cl->q[(cl->qhead + cl->qlen++) % QUEUE_MAX] = b;
}

static int q_pop(void)
{
    struct cmdline *cl = rl_session;
    if (!cl->qlen)
        return -1;
    int b = cl->q[cl->qhead];
    cl->qhead = (cl->qhead + 1) % QUEUE_MAX;
    cl->qlen--;
    return b;
}

static int rl_getc_hook(FILE *f)
{
    (void)f;
    int b = q_pop();
    if (b >= 0)
        return b;
    /* Readline asks for more than we fed only inside rare multi-byte
     * commands; wait briefly for the terminal, never indefinitely. NUL
     * (set-mark) is the harmless answer when nothing comes. */
    timeout(500);
    int c = getch();
    nodelay(stdscr, TRUE);
    return c >= 0 && c < 256 ? c : 0;
}

static int rl_avail_hook(void)
{
    struct cmdline *cl = rl_session;
    return cl->qlen > 0;
}

static void prep_term(int meta)
{
    (void)meta;
}

static void deprep_term(void)
{
}

/* ---- the match list ---- */

static void matches_clear(void)
{
    struct cmdline *cl = rl_session;
    if (!cl || !cl->nmatches)
        return;
    for (int i = 0; i < cl->nmatches; i++)
        free(cl->matches[i]);
    free(cl->matches);
    free(cl->matches_line);
    cl->matches = NULL;
    cl->matches_line = NULL;
    cl->nmatches = 0;
    cl->ui->full_redraw = true; /* uncover what the list hid */
}

static void display_matches(char **matches, int num, int max_len)
{
    struct cmdline *cl = rl_session;
    (void)max_len;
    matches_clear();
    cl->matches = xcalloc((size_t)num, sizeof *cl->matches);
    for (int i = 0; i < num; i++)
        cl->matches[i] = xstrdup(matches[i + 1]);
    cl->nmatches = num;
    cl->matches_line = xstrdup(rl_line_buffer);
    cl->ui->status_dirty = true;
}

static void redisplay(void)
{
    struct cmdline *cl = rl_session;
    if (!cl)
        return;
    if (cl->nmatches && strcmp(rl_line_buffer, cl->matches_line))
        matches_clear();
    cl->ui->status_dirty = true;
}

/* ---- readline functions of our own (bindable in ~/.inputrc) ---- */

static int fn_redraw(int count, int key)
{
    struct cmdline *cl = rl_session;
    (void)count;
    (void)key;
    cl->ui->full_redraw = true;
    clearok(curscr, TRUE);
    return 0;
}

static int fn_page(int count, int key, int dir)
{
    struct cmdline *cl = rl_session;
    (void)count;
    (void)key;
    if (cl->ui->viewer.open) {
        viewer_key(cl->ui, dir > 0 ? KEY_NPAGE : KEY_PPAGE);
        cl->ui->full_redraw = true;
    }
    return 0;
}

static int fn_page_down(int count, int key)
{
    return fn_page(count, key, 1);
}

static int fn_page_up(int count, int key)
{
    return fn_page(count, key, -1);
}

static void bind_all(const char *seq, rl_command_func_t *fn)
{
    Keymap maps[] = {rl_get_keymap_by_name("emacs"), rl_get_keymap_by_name("vi-insert"),
                     rl_get_keymap_by_name("vi-command")};
    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++)
        if (maps[i])
            rl_bind_keyseq_in_map(seq, fn, maps[i]);
}

static void readline_setup(void)
{
    rl_readline_name = "kafscope";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;
    rl_prep_term_function = prep_term;
    rl_deprep_term_function = deprep_term;
    rl_getc_function = rl_getc_hook;
    rl_input_available_hook = rl_avail_hook;
    rl_redisplay_function = redisplay;
    rl_instream = stdin;
    rl_completion_display_matches_hook = display_matches;
    rl_add_defun("kafscope-redraw", fn_redraw, -1);
    rl_add_defun("kafscope-output-page-up", fn_page_up, -1);
    rl_add_defun("kafscope-output-page-down", fn_page_down, -1);
    /* Ours first, so ~/.inputrc (read by rl_initialize) can rebind them. */
    bind_all("\\C-l", fn_redraw);
    bind_all("\\e[5~", fn_page_up);
    bind_all("\\e[6~", fn_page_down);
    rl_initialize();
    /* The terminal never gets bracketed-paste mode (no prep_term), and the
     * paste reader would wait on the terminal for its end marker. */
    Keymap maps[] = {rl_get_keymap_by_name("emacs"), rl_get_keymap_by_name("vi-insert"),
                     rl_get_keymap_by_name("vi-command")};
    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++)
        if (maps[i])
            rl_unbind_function_in_map(rl_bracketed_paste_begin, maps[i]);
    history_load();
}

/* ---- opening and closing ---- */

static void on_line(char *line);

static void install(const char *prompt)
{
    struct cmdline *cl = rl_session;
    rl_set_screen_size(cl->ui->rows > 0 ? cl->ui->rows : 24, cl->ui->cols > 0 ? cl->ui->cols : 80);
    rl_callback_handler_install(prompt, on_line);
    cl->installed = true;
}

static void open_line(tui_t *ui)
{
    struct cmdline *cl = ui->cmdline;
    if (cl->open)
        return;
    cl->open = true;
    cl->qhead = cl->qlen = 0;
    cl->esc_pending = false;
    /* Raw bytes for readline: arrow keys stay escape sequences it binds
     * itself; mouse reports would only be noise in the line. */
    keypad(stdscr, FALSE);
    term_mouse(false);
    using_history();
    install(PROMPT);
    ui->status_dirty = true;
}

/* Drops what is typed and hands keys back to the panes. The bytes still
 * queued go back to curses, decoded as keys again. */
static void close_line(tui_t *ui)
{
    struct cmdline *cl = ui->cmdline;
    if (!cl->open)
        return;
    if (cl->installed) {
        rl_free_line_state();
        rl_callback_sigcleanup();
        rl_replace_line("", 0);
        rl_callback_handler_remove();
        cl->installed = false;
    }
    cl->open = false;
    cl->asking = false;
    matches_clear();
    int b;
    while ((b = q_pop()) >= 0)
        if (cl->nspill < QUEUE_MAX)
            cl->spill[cl->nspill++] = (unsigned char)b;
    cl->esc_pending = false;
    keypad(stdscr, TRUE);
    term_mouse(true);
    curs_set(0);
    ui->status_dirty = true;
    ui->full_redraw = true;
}

void cmdline_open(tui_t *ui)
{
    open_line(ui);
}

bool cmdline_is_open(tui_t *ui)
{
    return ui->cmdline && ui->cmdline->open;
}

bool cmdline_asking(tui_t *ui)
{
    return ui->cmdline && ui->cmdline->asking;
}

/* Readline's line handler: Enter (or Ctrl-D on an empty line: NULL). */
static void on_line(char *line)
{
    struct cmdline *cl = rl_session;
    tui_t *ui = cl->ui;
    matches_clear();
    if (cl->asking) {
        cl->asking = false;
        cl->owner.done(ui, CMDLINE_ANSWER, line); /* NULL (Ctrl-D) declines */
        ui->status_dirty = true;
        free(line);
        install(PROMPT);
        return;
    }
    const char *s = line ? line + strspn(line, " \t") : "";
    if (!*s) {
        free(line);
        close_line(ui);
        return;
    }
    history_record(line);
    using_history();
    char *cmd = xstrdup(s);
    free(line);
    cl->owner.done(ui, CMDLINE_RUN, cmd);
    free(cmd);
}

/* ---- input ---- */

static void feed_readline(void)
{
    struct cmdline *cl = rl_session;
    while (cl->open && cl->installed && cl->qlen)
        rl_callback_read_char();
}

/* Esc or Ctrl-C: a question waiting is declined, then whatever runs is
 * asked to stop (the owner does both), and the line closes. */
static void cancel(tui_t *ui)
{
    struct cmdline *cl = ui->cmdline;
    if (cl->asking) {
        cl->asking = false;
        ui->status_dirty = true;
        cl->owner.done(ui, CMDLINE_DECLINE, NULL);
    }
    cl->owner.done(ui, CMDLINE_CANCEL, NULL);
    close_line(ui);
}

/* A lone Esc (nothing followed within ESC_MS). */
static void lone_esc(tui_t *ui)
{
    int mid = RL_STATE_ISEARCH | RL_STATE_NSEARCH | RL_STATE_MULTIKEY | RL_STATE_METANEXT |
              RL_STATE_NUMERICARG | RL_STATE_VIMOTION | RL_STATE_CHARSEARCH;
    bool vi_insert = rl_editing_mode == 0 && rl_get_keymap() == rl_get_keymap_by_name("vi-insert");
    if (RL_ISSTATE(mid) || vi_insert) {
        q_push(27);
        feed_readline();
    } else {
        cancel(ui);
    }
}

static void spill_flush(void)
{
    struct cmdline *cl = rl_session;
    while (cl->nspill)
        ungetch(cl->spill[--cl->nspill]);
}

void cmdline_input(tui_t *ui, const unsigned char *buf, size_t n)
{
    struct cmdline *cl = ui->cmdline;
    for (size_t i = 0; i < n; i++) {
        if (!cl->open) {
            /* Enter on an empty line closed it: the rest are pane keys. */
            for (; i < n && cl->nspill < QUEUE_MAX; i++)
                cl->spill[cl->nspill++] = buf[i];
            break;
        }
        unsigned char b = buf[i];
        if (cl->esc_pending) {
            cl->esc_pending = false;
            q_push(27); /* followed by b: a sequence or a meta key */
        }
        if (b == KEY_CTRL('c')) {
            feed_readline();
            if (!cl->open) {
                i--; /* the line closed first: this Ctrl-C is a pane key */
                continue;
            }
            cancel(ui);
            continue;
        }
        if (b == 27 && i == n - 1) {
            cl->esc_pending = true;
            cl->esc_ms = mono_ms();
            break;
        }
        q_push(b);
        /* Everything available goes in before readline runs: it looks
         * ahead (typeahead inserts, Esc sequences) through the hook. */
        if (i == n - 1 || buf[i + 1] == KEY_CTRL('c'))
            feed_readline();
    }
    spill_flush();
}

int cmdline_timeout(tui_t *ui)
{
    struct cmdline *cl = ui->cmdline;
    if (!cl->esc_pending)
        return -1;
    int64_t left = cl->esc_ms + ESC_MS - mono_ms();
    return left < 0 ? 0 : (int)left;
}

void cmdline_ask(tui_t *ui, const char *prompt)
{
    struct cmdline *cl = ui->cmdline;
    if (!cl->open)
        open_line(ui);
    matches_clear();
    if (cl->installed) {
        rl_free_line_state();
        rl_replace_line("", 0);
    }
    install(prompt);
    cl->asking = true;
}

void cmdline_reset_prompt(tui_t *ui)
{
    struct cmdline *cl = ui->cmdline;
    cl->asking = false;
    if (cl->open)
        install(PROMPT);
}

void cmdline_tick(tui_t *ui)
{
    struct cmdline *cl = ui->cmdline;
    if (cl->esc_pending && mono_ms() - cl->esc_ms >= ESC_MS) {
        cl->esc_pending = false;
        lone_esc(ui);
        spill_flush();
    }
}

void cmdline_resize(tui_t *ui)
{
    struct cmdline *cl = ui->cmdline;
    if (cl)
        rl_set_screen_size(ui->rows, ui->cols);
}

/* ---- drawing ---- */

/* The visible part of a prompt: readline's \001...\002 brackets enclose
 * terminal sequences (from ~/.inputrc mode strings) we do not send. */
static char *visible_prompt(const char *p)
{
    strbuf_t raw;
    sb_init(&raw);
    bool hidden = false;
    for (; p && *p; p++) {
        if (*p == RL_PROMPT_START_IGNORE)
            hidden = true;
        else if (*p == RL_PROMPT_END_IGNORE)
            hidden = false;
        else if (!hidden)
            sb_addc(&raw, *p);
    }
    strbuf_t out;
    sb_init(&out);
    if (raw.len)
        sanitize_append(&out, raw.buf, raw.len);
    sb_addc(&out, '\0');
    sb_free(&raw);
    return sb_steal(&out);
}

static char *sanitized(const char *s, size_t n)
{
    strbuf_t sb;
    sb_init(&sb);
    if (n)
        sanitize_append(&sb, s, n);
    sb_addc(&sb, '\0');
    return sb_steal(&sb);
}

static void draw_matches(tui_t *ui)
{
    struct cmdline *cl = ui->cmdline;
    if (!cl->nmatches)
        return;
    int maxw = 1;
    for (int i = 0; i < cl->nmatches; i++) {
        int w = text_width(cl->matches[i]) + 2;
        if (w > maxw)
            maxw = w;
    }
    int cols = ui->cols - 2;
    if (maxw > cols)
        maxw = cols;
    int ncols = cols / maxw;
    if (ncols < 1)
        ncols = 1;
    int nrows = (cl->nmatches + ncols - 1) / ncols;
    int maxrows = ui->rows - 4 < MATCH_ROWS_MAX ? ui->rows - 4 : MATCH_ROWS_MAX;
    if (maxrows < 1)
        return;
    bool cut = nrows > maxrows;
    if (cut)
        nrows = maxrows;
    int shown = cut ? nrows * ncols - 1 : cl->nmatches;
    /* The list sits right above the command line, over the notification line. */
    int y0 = ui->rows - 1 - nrows;
    for (int r = 0; r < nrows; r++)
        ui_fill(y0 + r, 0, ui->cols, SLOT_TAB);
    for (int i = 0; i < shown && i < cl->nmatches; i++) {
        /* Column-major, like readline's own listing. */
        int r = i % nrows, c = i / nrows;
        char *safe = sanitize_str(cl->matches[i]);
        ui_put(y0 + r, 1 + c * maxw, maxw - 1, SLOT_TAB, safe);
        free(safe);
    }
    if (cut) {
        char more[64];
        snprintf(more, sizeof more, "... %d more", cl->nmatches - shown);
        ui_put(y0 + nrows - 1, 1 + (ncols - 1) * maxw, maxw, SLOT_DIM, more);
    }
}

void cmdline_draw(tui_t *ui)
{
    int y = ui->rows - 1, w = ui->cols;
    draw_matches(ui);
    ui_fill(y, 0, w, SLOT_NORMAL);
    /* A running command's clock on the right, so the UI says it is busy. */
    char busy[300] = "";
    ui->cmdline->owner.busy(ui, busy, sizeof busy);
    int busy_w = busy[0] ? text_width(busy) : 0;
    if (busy_w > w / 3)
        busy_w = 0;
    if (busy_w)
        ui_put(y, w - busy_w, busy_w, SLOT_WARN, busy);
    int room = w - busy_w;
    char *prompt = visible_prompt(rl_display_prompt ? rl_display_prompt : PROMPT);
    int x = ui_put(y, 0, room - 1, ui->cmdline->asking ? SLOT_ERROR : SLOT_PROMPT, prompt);
    free(prompt);
    size_t point = rl_point < 0 ? 0 : (size_t)rl_point;
    size_t end = rl_end < 0 ? 0 : (size_t)rl_end;
    if (point > end)
        point = end;
    char *all = sanitized(rl_line_buffer ? rl_line_buffer : "", end);
    char *before = sanitized(rl_line_buffer ? rl_line_buffer : "", point);
    int cw = text_width(before);
    int avail = room - x - 1;
    /* Scroll horizontally so the cursor stays visible. */
    int skip_cols = 0;
    const char *shown = all;
    if (avail > 0 && cw > avail) {
        int want = cw - avail + avail / 4;
        int got;
        size_t n = text_fit(all, want, &got);
        shown = all + n;
        skip_cols = got;
        while (skip_cols < want && *shown) { /* a wide char straddled the cut */
            size_t m = text_fit(shown, 2, &got);
            if (!m)
                break;
            shown += m;
            skip_cols += got;
            if (got == 0)
                break;
        }
    }
    if (avail > 0)
        ui_put(y, x, avail, SLOT_NORMAL, shown);
    int cx = x + cw - skip_cols;
    if (cx >= room)
        cx = room - 1;
    free(all);
    free(before);
    move(y, cx < 0 ? 0 : cx);
    curs_set(1);
}

/* ---- setup ---- */

void cmdline_init(tui_t *ui, cmdline_owner_t owner)
{
    struct cmdline *cl = xcalloc(1, sizeof *cl);
    cl->ui = ui;
    cl->owner = owner;
    ui->cmdline = cl;
    rl_session = cl;
    cl->devnull = fopen("/dev/null", "w");
    rl_outstream = cl->devnull; /* nothing readline writes reaches the terminal */
    if (!rl_ready) {
        readline_setup();
        rl_ready = true;
    }
    completion_install(ui->ctx); /* Tab: as in the REPL (ui/core/completion.c) */
}

void cmdline_free(tui_t *ui)
{
    struct cmdline *cl = ui->cmdline;
    if (!cl)
        return;
    if (cl->open) {
        rl_free_line_state();
        rl_callback_sigcleanup();
        rl_callback_handler_remove();
        cl->installed = false;
        cl->open = false;
    }
    matches_clear();
    completion_release();
    if (cl->devnull) {
        rl_outstream = NULL;
        fclose(cl->devnull);
    }
    rl_session = NULL;
    ui->cmdline = NULL;
    free(cl);
}
