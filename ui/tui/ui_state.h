/* The TUI's state: tui_t, the panes' vtable and the types every part of the
 * TUI shares, and the small operations on that state that panes, overlays and
 * commands call (notify, dirty, focus, select, request). This is the bottom
 * of ui/tui: it calls nothing above it. The loop (tui.c) sits on top and
 * wires the rest together; nothing calls back into it except through the
 * hooks it leaves in tui_t (draw_now). */
#ifndef KS_UI_STATE_H
#define KS_UI_STATE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/wake.h"
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

/* Log lines from the layers below (ks_logf) on their way to the notification
 * line (status.c). The one part of tui_t other threads touch: the sink runs on
 * whichever thread logs and writes pending and progress under lock; the UI
 * thread takes pending under lock (status_log_take). wake_fd and the previous
 * sink are set on the UI thread before the sink is installed and only read
 * after. */
typedef struct {
    pthread_mutex_t lock;
    char *pending;   /* the latest line not yet shown, or NULL; only the latest is kept */
    bool progress;   /* pending is a progress count, not a warning */
    int wake_fd;
    ks_log_fn prev_fn;
    void *prev_opaque;
} ui_log_t;

struct cmdline;
struct line_runner;

/* Thread rules: one thread, the one in tui_run, owns tui_t and curses; every
 * field below is read and written only there, with no lock, except `log`
 * (see ui_log_t). Background threads (model refresher, tail worker, Connect
 * watcher, command worker, signal handlers) never see tui_t: they publish
 * into their own locked structs and write one byte to wake.wr; the loop then
 * takes what they published (snapshots, ticks). */
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
    int back_focus;            /* where Esc (ACT_BACK) returns to after a drill-down */
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
    struct cmdline *cmdline;   /* the ':' line's state (cmdline.c) */
    struct line_runner *runner; /* where typed lines run, the command worker (line_runner.c) */
    ui_log_t log;              /* log lines for the notification line (status.c) */
    /* Set by the loop: draws a frame now (tui_draw_now). A hook, so the parts
     * below the loop never call into it by name. */
    void (*draw_now)(tui_t *ui);
    wake_t wake;               /* the loop polls wake.rd; model, workers and signals write wake.wr */
    bool quit;
    bool full_redraw;          /* everything, e.g. after a resize or overlay change */
    bool status_dirty;
};

/* ---- operations on the state (ui_state.c) ---- */
void tui_notify(tui_t *ui, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void tui_focus(tui_t *ui, int pane);
void tui_select_topic(tui_t *ui, const char *topic);
void tui_select_group(tui_t *ui, const char *group);
void tui_dirty(tui_t *ui, int pane);
/* Asks pane i (or every pane, i = -1) through its vtable. */
void tui_request(tui_t *ui, int pane, pane_req_t req);
/* Draws a frame now (before a command that runs on this thread), through
 * the loop's draw_now hook. */
void tui_draw_now(tui_t *ui);

/* ---- layout (layout.c) ---- */
/* Where each pane goes for the terminal's size and the focus (compact mode
 * shows the focused pane alone). Part of the state operations: a focus
 * change lays out again, so it is declared here, under everything. */
#define TUI_MIN_COLS 60
#define TUI_MIN_ROWS 16
void layout_compute(tui_t *ui);

#endif
