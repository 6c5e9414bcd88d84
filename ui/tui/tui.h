/* The curses TUI: shared types of the app loop, panes, overlays and the
 * drawing helpers. One thread (the one in tui_run) owns curses; background
 * work (model refresher, tail worker) only writes a byte to a wakeup pipe. */
#ifndef KS_TUI_H
#define KS_TUI_H

#include <stdbool.h>
#include <stdint.h>

#include "commands/command.h"
#include "kafka/model.h"
#include "tui/number_format.h"
#include "tui/theme.h"

typedef struct tui tui_t;
typedef struct pane pane_t;
typedef struct tail_worker tail_worker_t;
typedef struct rebalance_tracker rebalance_tracker_t;

typedef struct {
    int y, x, h, w;
} rect_t;

/* Cursor and scroll position of a list of rows. */
typedef struct {
    int sel;   /* selected row, 0..count-1 */
    int top;   /* first row shown */
    int count; /* rows in the list */
} ui_list_t;

enum {
    PANE_BROKERS,
    PANE_TOPICS,
    PANE_PARTITIONS,
    PANE_GROUPS,
    PANE_MESSAGES,
    PANE_CONNECTORS, /* only when a Kafka Connect URL is known */
    PANE_COUNT
};

/* What a key did, for the loop to act on (tui.c apply_key_result); flags
 * may combine. A pane never redraws or moves the focus itself. */
typedef enum {
    KEY_UNHANDLED = 0,     /* not this handler's: the next one gets it */
    KEY_HANDLED = 1 << 0,  /* used, nothing to redraw */
    KEY_REDRAW = 1 << 1,   /* used; the pane's content changed */
    KEY_REDRAW_ALL = 1 << 2, /* used; every pane and the overlays (e.g. a theme) */
    KEY_FOCUS = 1 << 3,    /* used; focus the pane KEY_FOCUS_TO names */
} key_result_t;
/* Focus pane i (a drill-down): KEY_FOCUS plus the pane in the bits above 8. */
#define KEY_FOCUS_TO(i) (KEY_FOCUS | ((i) + 1) << 8)
#define KEY_FOCUS_TARGET(r) ((((r) >> 8) & 0xff) - 1)

/* A pane's key, as data: the loop looks keys up in the focused pane's table
 * before its movement keys and the global ones, and '?' help lists the
 * same rows (scope: the pane's name). */
typedef int (*pane_action_fn)(pane_t *p, tui_t *ui, int key);
typedef struct {
    const char *keys;    /* "f / Space" */
    const char *what;
    pane_action_fn run;  /* returns key_result_t flags */
    int binds[4];        /* a character, or KEY_CODE(curses key); 0 ends */
} pane_key_t;

/* What the loop asks of a pane beyond drawing and keys. */
typedef enum {
    PANE_REQ_TOPIC_CHANGED, /* ui->sel_topic changed: reload what depends on it */
    PANE_REQ_REVEAL,        /* put the cursor on ui->sel_topic (chosen elsewhere, e.g. by
                             * `tail`), clearing a filter that hides it */
} pane_req_t;

/* What a pane does; the app loop only talks to panes through this. */
typedef struct pane_ops {
    const char *name;    /* shown in the border and the tab bar */
    const char *explain; /* plain-words explanation for learners ('i') */
    /* Its own keys; NULL or ended by a row with keys NULL. */
    const pane_key_t *keys;
    /* Extra title text after the name (counts, sort, filter); may add nothing. */
    void (*title)(pane_t *p, tui_t *ui, strbuf_t *out);
    /* Draws the content inside r (the border is drawn by the app). */
    void (*draw)(pane_t *p, tui_t *ui, rect_t r);
    /* A key while focused that no row of keys took (list movement);
     * returns key_result_t flags. */
    int (*key)(pane_t *p, tui_t *ui, int key);
    /* A new model snapshot arrived (ui->snap). */
    void (*snapshot)(pane_t *p, tui_t *ui);
    /* Mouse click on content row `row` (0-based inside the content). */
    void (*click)(pane_t *p, tui_t *ui, int row);
    /* Every loop turn: take what the pane's background work brought (the
     * tail worker's records, the connectors refresher's list). May be NULL. */
    void (*tick)(pane_t *p, tui_t *ui);
    /* A request from the loop (pane_req_t); may be NULL (ignores all). */
    void (*request)(pane_t *p, tui_t *ui, pane_req_t req);
    /* Creates the pane's own state (p->state) when the TUI starts, and frees
     * it (and stops any thread of the pane) before the wakeup pipe closes.
     * Either may be NULL. */
    void (*init)(pane_t *p, tui_t *ui);
    void (*free)(pane_t *p);
} pane_ops_t;

struct pane {
    const pane_ops_t *ops;
    rect_t rect;      /* outer rectangle, border included */
    bool visible;
    bool absent;      /* not part of this session (Connectors without a Connect URL) */
    bool dirty;       /* needs a redraw this turn */
    ui_list_t list;
    int content_rows; /* rows of list content at the last draw (for paging) */
    void *state;      /* pane-specific */
};

/* A run of a viewer line drawn in its own slot: bytes [at, next run's at). */
typedef struct {
    int at;
    theme_slot_t slot;
} ui_span_t;

/* A scrollable text overlay: help, record detail, command output. */
typedef struct {
    bool open;
    char *title;
    char **lines;     /* sanitized or our own text */
    theme_slot_t *slots;
    ui_span_t **spans; /* per line: NULL (all in slots[i]), or runs ended by at = -1 */
    int nlines;
    int cap;          /* lines allocated: grown by doubling, so adding n lines is O(n) */
    int top;
    bool fit;         /* as tall as its lines, at the bottom (command output) */
} ui_viewer_t;

/* A one-line input at the bottom (filters, seek targets, the command line). */
typedef enum { PROMPT_EDIT, PROMPT_ACCEPT, PROMPT_CANCEL } prompt_event_t;
/* Called on Enter (ACCEPT), Esc (CANCEL) and, for live prompts, after every
 * edit; opaque is what prompt_open was given (the pane that asked). */
typedef void (*prompt_done_fn)(tui_t *ui, void *opaque, const char *text, prompt_event_t how);
typedef struct {
    bool open;
    char label[64];
    strbuf_t text;
    prompt_done_fn done;
    void *opaque;     /* for done */
    bool live;        /* call done(text, PROMPT_EDIT) after every edit (filter as you type) */
} ui_prompt_t;

struct tui {
    cmd_ctx_t *ctx;
    ks_snapshot_t *snap;       /* the snapshot the panes show; NULL before the first */
    uint64_t snap_seq;
    /* The last refresh reached no broker: the panes keep the last good
     * snapshot and the status bar says so. */
    bool unreachable;
    char unreachable_error[KS_ERRLEN];
    pane_t panes[PANE_COUNT];
    int focus;
    theme_t theme;
    int rows, cols;
    bool too_small;
    bool compact;              /* one pane at a time with a tab bar (small terminals) */
    rect_t tabbar;             /* compact mode only */
    char *sel_topic;           /* topic the partitions and messages panes show */
    char *sel_group;           /* group whose offsets/lag the partitions pane shows */
    bool group_pinned;         /* the user chose sel_group; else it follows the topic */
    bool explain;              /* show the 'i' explanation box */
    ui_viewer_t viewer;
    ui_prompt_t prompt;
    char notice[512];          /* notification line: our own text (callers sanitize) */
    bool notice_error;
    int64_t notice_ms;
    tail_worker_t *tail;
    rebalance_tracker_t *rebalances;
    int wake_rd, wake_wr;      /* wakeup pipe: model, tail worker, signals */
    bool quit;
    bool full_redraw;          /* everything, e.g. after a resize or overlay change */
    bool status_dirty;
};

/* ---- app (tui.c) ---- */
/* Runs the TUI until it quits, with the panes of the table in their slots (the table is
 * ui/panes/panes.c's pane_table, handed in by main: the loop names no pane). */
int tui_run(cmd_ctx_t *ctx, const pane_ops_t *const panes[PANE_COUNT]);
void tui_notify(tui_t *ui, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void tui_focus(tui_t *ui, int pane);
void tui_select_topic(tui_t *ui, const char *topic);
void tui_select_group(tui_t *ui, const char *group);
void tui_dirty(tui_t *ui, int pane);
/* Asks pane i (or every pane, i = -1) through its vtable. */
void tui_request(tui_t *ui, int pane, pane_req_t req);
/* Draws a frame now (before a command that runs on this thread). */
void tui_draw_now(tui_t *ui);

/* ---- the ':' command line: GNU readline inside curses (cmdline.c) ---- */
void tui_command_line_open(tui_t *ui);
void cmdline_init(tui_t *ui);
void cmdline_free(tui_t *ui);
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
 * typed text cleared; reset_prompt puts ':' back on an open line. */
void cmdline_ask(tui_t *ui, const char *prompt);
void cmdline_reset_prompt(tui_t *ui);

/* ---- running typed lines (cmd_run.c) ---- */
/* Runs a command line as typed: where follows the entry's policy flags
 * (pane, local, worker); for the ':' line and a pane's key (Enter on a
 * connector, p: produce --edit). */
void tui_run_command(tui_t *ui, const char *line);
/* The worker, started after cmdline_init and freed before the model and
 * the client (it may still use them). */
void cmd_run_init(tui_t *ui);
void cmd_run_free(void);
/* Every loop turn: the worker's questions, editor requests and results. */
void cmd_run_tick(tui_t *ui);
/* " running LINE Ns " for the command line's right end, or false. */
bool cmd_run_clock(char *buf, size_t size);
/* Asks the running command to stop; false when none runs. */
bool cmd_run_interrupt(void);
/* The answer to the running command's question; NULL declines. */
void cmd_run_answer(const char *answer);

/* ---- a command's result in the output overlay (cmd_output.c) ---- */
struct cmdrun_result;
void cmd_output_show(tui_t *ui, const struct cmdrun_result *r);
/* An error of our own for a line (entry: for the hint; may be NULL). */
void cmd_output_error(tui_t *ui, const char *line, const cmd_entry_t *e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- `tail` typed in the TUI: the Messages pane follows (tail_cmd.c) ---- */
void tail_cmd_run(tui_t *ui, const cmd_line_t *l);

/* ---- confirm mode of the command line (confirm.c) ---- */
bool confirm_active(void);
/* A question from the running command (its last line is the prompt); q is modified. */
void confirm_show(tui_t *ui, char *q);
/* The typed answer (NULL declines): to the command, and back to ':'. */
void confirm_answer(tui_t *ui, const char *text);
/* Esc / Ctrl-C: declines a waiting question, says so. */
void confirm_cancel(tui_t *ui);
/* The command ended: drop a question still shown, ':' again. */
void confirm_end(tui_t *ui);
void confirm_clear(void);

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

/* ---- layout (layout.c) ---- */
#define TUI_MIN_COLS 60
#define TUI_MIN_ROWS 16
void layout_compute(tui_t *ui);

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
 * notification line: start installs the sink (wake_fd gets a byte per
 * line), take shows the latest on the UI thread, stop puts the previous
 * sink back. */
void status_log_start(int wake_fd);
void status_log_take(tui_t *ui);
void status_log_stop(void);
void notice_draw(tui_t *ui);
void explain_draw(tui_t *ui, rect_t r);
int explain_height(tui_t *ui, int width);

#endif
