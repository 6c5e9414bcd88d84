/* The parts of the curses TUI below the loop: terminal, drawing, lists,
 * overlays, the status bar, the ':' command line and where its lines run.
 * The state they share is tui/ui_state.h; the loop that wires them is
 * tui/tui.h. */
#ifndef KS_TUI_UI_H
#define KS_TUI_UI_H

#include <stddef.h>

#include "tui/ui_state.h"

/* ---- the ':' command line: GNU readline inside curses (cmdline.c) ---- */
/* What the line hands its owner: a finished line to run, the answer to a
 * question (cmdline_ask), a question declined (Esc / Ctrl-C while asking),
 * or Esc / Ctrl-C (stop whatever runs). text is NULL except for RUN and
 * ANSWER; an ANSWER of NULL (Ctrl-D) declines. */
typedef enum { CMDLINE_RUN, CMDLINE_ANSWER, CMDLINE_DECLINE, CMDLINE_CANCEL } cmdline_event_t;
typedef struct {
    void (*done)(tui_t *ui, cmdline_event_t ev, const char *text);
    /* Text for the line's right end (" running LINE Ns "), or false. */
    bool (*busy)(tui_t *ui, char *buf, size_t size);
} cmdline_owner_t;
/* The line's owner (the loop wires in line_runner.c's) gets every line. */
void cmdline_init(tui_t *ui, cmdline_owner_t owner);
void cmdline_free(tui_t *ui);
void cmdline_open(tui_t *ui);
bool cmdline_is_open(tui_t *ui);
/* Raw terminal bytes while the line is open. */
void cmdline_input(tui_t *ui, const unsigned char *buf, size_t n);
/* Ms until cmdline_tick has something to do (a pending Esc), or -1. */
int cmdline_timeout(tui_t *ui);
/* Every loop turn: the lone-Esc timer. */
void cmdline_tick(tui_t *ui);
void cmdline_resize(tui_t *ui);
void cmdline_draw(tui_t *ui);
/* Opens the line (if closed) with prompt (our text) instead of ':', the
 * typed text cleared: the next line is an ANSWER. reset_prompt ends the
 * question and puts ':' back on an open line. */
void cmdline_ask(tui_t *ui, const char *prompt);
void cmdline_reset_prompt(tui_t *ui);
/* A question is on the line (between cmdline_ask and its answer). */
bool cmdline_asking(tui_t *ui);

/* ---- running typed lines (line_runner.c) ---- */
/* Runs a command line as typed: where follows the entry's policy flags
 * (pane, local, worker); for the ':' line and a pane's key (Enter on a
 * connector, p: produce --edit). */
void tui_run_command(tui_t *ui, const char *line);
/* The command line's owner: runs its lines, answers, interrupts. */
void line_runner_line_done(tui_t *ui, cmdline_event_t ev, const char *text);
/* " running LINE Ns " for the command line's right end, or false. */
bool line_runner_clock(tui_t *ui, char *buf, size_t size);
/* The worker, started after cmdline_init and freed before the model and
 * the client (it may still use them). */
void line_runner_init(tui_t *ui);
void line_runner_free(tui_t *ui);
/* Every loop turn: the worker's questions, editor requests and results. */
void line_runner_tick(tui_t *ui);

/* ---- confirm mode of the command line (confirm.c) ---- */
/* A question from the running command (its last line is the prompt) takes
 * the line over; q is modified. */
void confirm_show(tui_t *ui, char *q);
/* Esc / Ctrl-C declined the question: says so. */
void confirm_declined(tui_t *ui);
/* The command ended: drop a question still shown, ':' again. */
void confirm_end(tui_t *ui);

/* ---- a command's result in the output overlay (cmd_output.c) ---- */
struct cmdrun_result;
void cmd_output_show(tui_t *ui, const struct cmdrun_result *r);
/* An error of our own for a line (entry: for the hint; may be NULL). */
void cmd_output_error(tui_t *ui, const char *line, const cmd_entry_t *e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- `tail` typed in the TUI: the Messages pane follows (tail_cmd.c) ---- */
void tail_cmd_run(tui_t *ui, const cmd_line_t *l);

/* ---- terminal (term.c) ---- */
int term_start(void);          /* curses on, signals hooked; -1 when no terminal */
void term_stop(void);          /* idempotent; every exit path ends here */
/* Hands the terminal to another program (the record editor) and takes it
 * back, curses state and screen restored. */
void term_suspend(void);
void term_resume(void);
void term_hook_signals(int wake_fd);
/* Signal flags the loop consumes. */
bool term_take_resize(void);
bool term_take_quit(void);
void term_apply_size(int *rows, int *cols);
/* Mouse reporting on or off (off while the command line reads raw bytes). */
void term_mouse(bool on);

/* ---- drawing helpers (draw.c) ---- */
/* Trusted text (ours, or already sanitized) cut to w display columns. Returns columns used. */
int ui_put(int y, int x, int w, theme_slot_t slot, const char *text);
/* Untrusted bytes: sanitized, then cut. */
int ui_put_untrusted(int y, int x, int w, theme_slot_t slot, const void *bytes, size_t len);
/* Text right-aligned in a field of w columns. */
void ui_put_right(int y, int x, int w, theme_slot_t slot, const char *text);
/* True when text holds nothing a terminal would act on (valid UTF-8, no
 * controls, no bidi overrides): such text from our own formatters is shown
 * as it is instead of being escaped a second time. */
bool ui_text_is_safe(const char *s, size_t n);
void ui_fill(int y, int x, int w, theme_slot_t slot);
void ui_clear_rect(rect_t r, theme_slot_t slot);
void ui_box(rect_t r, theme_slot_t slot, const char *title, theme_slot_t title_slot);
/* A table column layout: widths given, the flexible one (-1) takes the rest. */
typedef struct {
    const char *header;
    int width;      /* -1: takes what is left */
    bool right;
} ui_col_t;
void ui_cols_layout(ui_col_t *cols, int ncols, int total);
void ui_table_header(int y, int x, int w, const ui_col_t *cols, int ncols);
/* Cell i of a row at (y, x); returns the x of the next cell. */
int ui_cell(int y, int x, const ui_col_t *col, theme_slot_t slot, const char *text);
/* The slot of a list row: the selection (dimmer when the pane is not
 * focused) or the row's own slot. */
theme_slot_t ui_row_slot(const tui_t *ui, int pane, bool sel, theme_slot_t normal);
/* A list's name cell: a cursor mark when selected, then the untrusted name
 * sanitized. */
int ui_name_cell(int y, int x, const ui_col_t *col, theme_slot_t slot, bool sel,
                 const char *name);

/* ---- lists (list.c) ---- */
/* Moves the cursor for navigation keys; returns true when the key was one. */
bool list_key(ui_list_t *l, int key, int page);
void list_clamp(ui_list_t *l, int visible);
/* A click on a list's screen row (row 0 is its header) selects that row. */
void list_click(ui_list_t *l, int row, int visible);

/* ---- keys and help (keys.c, help.c) ---- */
#define KEY_CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27
/* A curses function key (KEY_LEFT, ...) in a binding, apart from characters. */
#define KEY_CODE(k) ((k) | 0x40000000)
/* What a global key does (tui.c runs it). */
typedef enum {
    ACT_NONE,
    ACT_QUIT,
    ACT_NEXT_PANE,
    ACT_PREV_PANE,
    ACT_JUMP_PANE, /* the pane numbered by the key, '1'.. */
    ACT_HELP,
    ACT_EXPLAIN,
    ACT_COMMAND_LINE,
    ACT_NEXT_THEME,
    ACT_REDRAW,
    ACT_BACK,
} key_action_t;
typedef struct {
    int key;             /* a character, or KEY_CODE(curses key); 0 ends the list */
    key_action_t action;
} key_bind_t;
/* One row of the key table: '?' help shows keys/scope/what, and the app
 * loop dispatches the global keys from binds (rows without binds are done
 * by the lists and panes themselves). */
typedef struct {
    const char *keys;    /* "j / Down" */
    const char *scope;   /* "everywhere", "Topics", "Messages", ... */
    const char *what;
    key_bind_t binds[8];
} key_binding_t;
extern const key_binding_t key_bindings[];
/* The action of a global key (is_code: a curses function key), or ACT_NONE. */
key_action_t key_action(int key, bool is_code);
/* The row of a pane's key table bound to key, or NULL. */
const pane_key_t *pane_key_find(const pane_key_t *keys, int key, bool is_code);
void help_open(tui_t *ui);

/* ---- overlays (viewer.c, prompt.c, detail.c) ---- */
void viewer_open(tui_t *ui, const char *title);
void viewer_add(tui_t *ui, theme_slot_t slot, const char *text); /* trusted text */
void viewer_add_untrusted(tui_t *ui, theme_slot_t slot, const void *bytes, size_t len);
/* Trusted text in coloured runs (syntax-coloured JSON); runs[0].at is 0. */
void viewer_add_spans(tui_t *ui, const char *text, const ui_span_t *runs, int nruns);
void viewer_close(tui_t *ui);
bool viewer_key(tui_t *ui, int key);
void viewer_draw(tui_t *ui);

void prompt_open(tui_t *ui, const char *label, const char *initial, bool live, prompt_done_fn done,
                 void *opaque);
bool prompt_key(tui_t *ui, int key, bool is_code);
void prompt_draw(tui_t *ui);

struct ks_record;
void detail_open(tui_t *ui, const struct ks_record *rec);

/* ---- status bar and notification line (status.c) ---- */
void status_draw(tui_t *ui);
/* While curses is on, log lines (ks_logf, from any thread) go to the
 * notification line through ui->log: start installs the sink (ui->wake.wr
 * gets a byte per line), take shows the latest on the UI thread, stop puts
 * the previous sink back. */
void status_log_start(tui_t *ui);
void status_log_take(tui_t *ui);
void status_log_stop(tui_t *ui);
void notice_draw(tui_t *ui);
void explain_draw(tui_t *ui, rect_t r);
int explain_height(tui_t *ui, int width);

#endif
