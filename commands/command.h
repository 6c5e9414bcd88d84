/* The one command table. Batch mode, the REPL and the TUI command line all
 * run commands through cmd_run_line; help and completion read the table. */
#ifndef KS_COMMAND_H
#define KS_COMMAND_H

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
    /* Called by cmd_connect (once) when no bootstrap is configured: the
     * front end picks the world (the lab, else the embedded mock) and sets
     * cfg->bootstrap for the lab. NULL: the embedded mock (--mock). */
    int (*connect_world)(struct cmd_ctx *ctx, char *err);
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
} cmd_ctx_t;

typedef int (*cmd_handler_fn)(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);

/* Policy of a command that the interactive front ends read from its entry,
 * so no command name is spelled out in ui code. */
enum {
    /* Only reads or changes settings the UI thread reads too, and never
     * waits: the TUI runs it on its own thread. */
    CMD_LOCAL = 1 << 0,
    /* The TUI shows it in a pane instead of running it (tail: Messages). */
    CMD_PANE = 1 << 1,
};

typedef struct {
    const char *name;      /* "topic describe" */
    const char *args;      /* positional synopsis: "TOPIC" */
    const char *summary;   /* one line */
    const char *help;      /* long help */
    const opt_spec_t *opts;
    int min_args, max_args; /* positional count bounds (-1: unlimited) */
    cmd_handler_fn fn;
    bool writes;           /* changes the cluster: refused in read-only mode */
    bool offline;          /* runs without connecting */
    unsigned flags;        /* CMD_LOCAL, CMD_PANE */
    const char *stdin_opt; /* the option whose value "-" reads standard input, or NULL */
} cmd_entry_t;

extern const cmd_entry_t cmd_table[];

/* Finds the entry for argv (longest name match: "topic describe" before
 * "topic"); *words gets how many words the name took. */
const cmd_entry_t *cmd_find(int argc, char **argv, int *words);

/* The closest command name to word, for "did you mean". */
const char *cmd_suggest(const char *word);

/* A typed line, checked and split once, its entry found once. */
typedef struct {
    char *text;               /* the line as typed */
    int argc;
    char **argv;
    const cmd_entry_t *entry; /* NULL: empty, not a command, or bad */
    int words;                /* argv words the entry's name took */
    bool bad;                 /* too long, not UTF-8, or unbalanced quotes: err says */
    char err[KS_ERRLEN];
} cmd_line_t;

/* Fills l from line (always: free it with cmd_line_free). Returns 0, or -1
 * with l->bad and l->err when it cannot be run. */
int cmd_line_parse(const char *line, cmd_line_t *l);
void cmd_line_free(cmd_line_t *l);
/* The line would read standard input: its entry's stdin_opt given "-". */
bool cmd_line_reads_stdin(const cmd_line_t *l);
/* Runs a parsed line. Returns 0, or -1 with err filled. */
int cmd_run_parsed(cmd_ctx_t *ctx, const cmd_line_t *l, result_t *res, char *err);

/* Splits and runs one command line. Returns 0, or -1 with err filled. */
int cmd_run_line(cmd_ctx_t *ctx, const char *line, result_t *res, char *err);
int cmd_run_argv(cmd_ctx_t *ctx, int argc, char **argv, result_t *res, char *err);

/* Connects on first use. */
int cmd_connect(cmd_ctx_t *ctx, char *err);
/* On the embedded demo cluster: cart-updates values decode as Avro with the
 * built-in schema unless the user set a decoder for them (cmd_connect does
 * it; `decoder` too, to list it before connecting). */
void cmd_preset_demo_decoders(cmd_ctx_t *ctx);
/* The Kafka Connect client, created on first use; NULL with err when no
 * Connect URL is configured. */
struct ks_connect *cmd_connect_worker(cmd_ctx_t *ctx, char *err);
/* A new Kafka Connect client of its own (for a background thread), whose
 * requests stop when *cancel becomes non-zero. NULL with err as above. */
struct ks_connect *cmd_connect_new(const cmd_ctx_t *ctx, volatile sig_atomic_t *cancel,
                                   char *err);
/* Stops the model, the members kafscope runs and the client, in that order. */
void cmd_disconnect(cmd_ctx_t *ctx);
/* The end of the session: cmd_disconnect, then the decoder set. */
void cmd_ctx_end(cmd_ctx_t *ctx);
/* The session's decoder set, made on first use (see cmd_ctx_t.decoders). */
struct ks_decoders *cmd_decoders(cmd_ctx_t *ctx);

/* For destructive commands: 0 when --yes was given or the person typed
 * name when asked; else -1 with err saying nothing was changed. */
int cmd_confirm(cmd_ctx_t *ctx, const opts_t *o, const char *cmd, const char *what,
                const char *name, char *err);

/* A snapshot fresh enough for a command: the live one in the TUI, a new one
 * taken now in batch mode. Release with snapshot_release. */
ks_snapshot_t *cmd_snapshot(cmd_ctx_t *ctx, int what, char *err);

/* Synopsis line of an entry: "name ARGS [--opt X]...". Caller frees. */
char *cmd_synopsis(const cmd_entry_t *e);

/* Per-command handlers, one file each. */
int cmd_brokers(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_topics(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_topic_describe(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_groups(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_group_describe(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_tail(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_produce(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_config(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_help(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_set(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_decoder(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_schemas(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_schema(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_topic_create(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_topic_delete(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_topic_config(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_topic_partitions(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_group_reset(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_group_delete(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_group_join(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_group_leave(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_group_members(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_records_delete(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_connectors(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_connector_describe(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_connector_plugins(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_connector_create(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_connector_config(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_connector_pause(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_connector_resume(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_connector_stop(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_connector_restart(cmd_ctx_t *, const opts_t *, result_t *, char *);
int cmd_connector_delete(cmd_ctx_t *, const opts_t *, result_t *, char *);

#endif
