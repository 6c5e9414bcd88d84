/* The types every command file shares: the session a command runs in
 * (cmd_ctx_t), a command's entry (cmd_entry_t, defined beside its handler
 * in its cmd_*.c file) and a typed line (cmd_line_t). Only types here, so
 * the dispatch, session and table headers can all include it without
 * including each other. */
#ifndef KS_CMD_TYPES_H
#define KS_CMD_TYPES_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "kafka/client.h"
#include "kafka/config.h"
#include "kafka/members.h"
#include "kafka/model.h"
#include "commands/opts.h"
#include "kafka/record.h"
#include "commands/result.h"

struct cmd_entry;
struct cmd_completion;

/* The session commands run in. One front end owns it; commands run one at
 * a time on one thread, but the TUI runs them on its command worker while
 * its UI thread keeps drawing, so every field says who writes it and who
 * else may read it:
 *
 * - Set by the front end before the first command, then read-only (any
 *   thread may read them): cfg's pointer, interactive, live_model, batch,
 *   demo_group, interrupted's pointer, the hooks (confirm, edit and their
 *   opaques: the TUI's cmdrun sets them before its worker starts and clears
 *   them after it has joined it). connector_names and its opaque are set
 *   and called only on the TUI's UI thread (its Connectors pane and its
 *   completion).
 * - The session (client, model, members, lab_world, and connect_world,
 *   cleared once used): written by cmd_connect and cmd_disconnect only. The
 *   TUI connects on its UI thread before it starts the worker and
 *   disconnects after joining it, so while the worker runs they never
 *   change and the UI thread reads them freely (the model, members and
 *   client lock inside themselves). connect (the Connect client) is created
 *   by the command that first needs it and read only by commands.
 * - Per-command state (out, table, and json, which `set json` and a
 *   line's --json change): written only by the thread running a command;
 *   no other thread reads them. The TUI's UI thread runs a CMD_LOCAL
 *   command only while the worker is idle (ui/tui/line_runner.c checks cmdrun_busy
 *   first), so two threads never write them at once.
 * - cfg's contents: `set` (CMD_LOCAL) changes settings, so in the TUI it
 *   runs on the UI thread, and only while the worker is idle; the worker
 *   reads cfg only while it runs a command. The session's decoder set
 *   (decoders) locks itself (commands that may wait on it are not CMD_LOCAL, so they
 *   never block the UI thread). Known gap, outside commands/: the model's
 *   refresher thread (kafka/model.c) reads cfg->timeout_ms and refresh_ms
 *   unlocked while `set` may change them.
 * - *interrupted: set by any thread (signal handler, Ctrl-C in the TUI,
 *   cmdrun_interrupt), cleared by the front end before a command starts. */
typedef struct cmd_ctx {
    ks_config_t *cfg;
    ks_client_t *client;    /* created on first use (help needs no cluster) */
    ks_model_t *model;
    bool json;              /* --json for every command */
    bool interactive;       /* a person answers questions (REPL, TUI) */
    bool live_model;        /* the model refreshes in the background (TUI) */
    FILE *out;              /* streaming output (tail) */
    volatile sig_atomic_t *interrupted; /* set by Ctrl-C */
    /* Consumer group members kafscope runs (group join); created with the
     * client. */
    ks_members_t *members;
    /* On the embedded cluster, also run the pizza-kitchen demo group (set
     * by the interactive front ends, not batch mode). */
    bool demo_group;
    /* "Connect the world": called by cmd_connect (once) when no cluster is
     * named, it picks the world and returns a client connected to it: the
     * lab (setting cfg->bootstrap to it), else the embedded mock
     * (embedded_client_new). NULL: the embedded mock's world (--mock). */
    ks_client_t *(*connect_world)(struct cmd_ctx *ctx, char *err);
    bool lab_world;         /* connected to the lab (its demo topics exist) */
    bool batch;             /* -c / --script */
    /* Destructive commands (topic delete, group delete, records delete) ask
     * the person to type the name through this; front ends that can ask
     * (REPL on a terminal, TUI) set it. NULL: --yes is required. Returns
     * true when what was typed equals expected. */
    bool (*confirm)(void *opaque, const char *question, const char *expected);
    void *confirm_opaque;
    /* The Kafka Connect REST client (connect.url), created on first use by
     * cmd_connect_worker; freed by cmd_disconnect. */
    struct ks_connect *connect;
    /* Connector names known without asking the worker (the TUI's
     * Connectors pane), for completion: a NULL-terminated malloc'd array of
     * malloc'd names, or NULL. Called on the thread that completes. */
    char **(*connector_names)(void *opaque);
    void *connector_names_opaque;
    /* Runs the person's editor on a file and waits (produce --edit); the
     * TUI sets it to suspend curses around it. NULL: editor_run. Returns
     * 0, or -1 with err. */
    int (*edit)(void *opaque, const char *path, char *err);
    void *edit_opaque;
    /* The session's decoder set: cfg's decoder.* settings, then what the
     * `decoder` command and tail --key-decoder/--value-decoder add. Made on
     * first use by cmd_decoders (on whichever thread asks first, under a
     * lock), then shared: the set locks itself; freed by cmd_ctx_end.
     * decoders_applied: how many of cfg's settings it has taken (a setting
     * made after the set, as tests do, is taken on the next cmd_decoders). */
    struct ks_decoders *decoders;
    int decoders_applied;
    /* The table the running command was found in, set by the dispatcher
     * before each handler runs: help lists it from here, so help's file
     * never names cmd_table (which names help's entry). */
    const struct cmd_entry *const *table;
} cmd_ctx_t;

/* Returns 0, or -1 with err filled. A handler may set res->error to say
 * what kind of failure it was (CMD_ERR_USAGE for a bad argument); left at
 * CMD_OK, the dispatcher calls it CMD_ERR_INTERRUPTED when Ctrl-C was
 * pressed, else CMD_ERR_FAILED. */
typedef int (*cmd_handler_fn)(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);

/* Adds the candidates for a command's positional argument (candidates.h);
 * for commands whose arguments the synopsis tokens (TOPIC, GROUP, K=V...)
 * do not describe. */
typedef void (*cmd_complete_fn)(const struct cmd_completion *c);

/* Policy of a command that the front ends read from its entry, so no
 * command name is spelled out in ui code. */
enum {
    /* Only reads or changes settings the UI thread reads too, and never
     * waits: the TUI runs it on its own thread. */
    CMD_LOCAL = 1 << 0,
    /* The TUI shows it in a pane instead of running it (tail: Messages). */
    CMD_PANE = 1 << 1,
    /* Ends the session: every front end stops once it ran (quit, exit). */
    CMD_QUIT = 1 << 2,
};

/* A command, defined with designated initializers beside its handler (as
 * tmux's cmd_entry); cmd_table.c lists them. */
typedef struct cmd_entry {
    const char *name;      /* "topic describe" */
    /* Other one-word names the command answers to (NULL-terminated, or
     * NULL). help and completion show only name. */
    const char *const *aliases;
    const char *args;      /* positional synopsis: "TOPIC" */
    const char *summary;   /* one line */
    const char *help;      /* long help */
    const opt_spec_t *opts; /* NULL: none */
    int min_args, max_args; /* positional count bounds (-1: unlimited) */
    cmd_handler_fn fn;
    /* Completes positionals; NULL: from the args synopsis (complete.c). */
    cmd_complete_fn complete;
    bool writes;           /* changes the cluster: refused in read-only mode */
    bool offline;          /* runs without connecting */
    unsigned flags;        /* CMD_LOCAL, CMD_PANE, CMD_QUIT */
    const char *stdin_opt; /* the option whose value "-" reads standard input, or NULL */
} cmd_entry_t;

/* A typed line, checked and split once, its entry found once. */
typedef struct {
    char *text;               /* the line as typed */
    int argc;
    char **argv;
    const cmd_entry_t *const *table; /* the table entry was looked up in */
    const cmd_entry_t *entry; /* NULL: empty, not a command, or bad */
    int words;                /* argv words the entry's name took */
    bool bad;                 /* too long, not UTF-8, or unbalanced quotes: err says */
    char err[KS_ERRLEN];
} cmd_line_t;

#endif
