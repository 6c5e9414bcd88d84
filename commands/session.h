/* The session commands share: the cluster connection made on first use,
 * snapshots fresh enough for a command, the Kafka Connect client. No
 * command table here: session.c sits below the dispatcher and the
 * handlers, which all call it. */
#ifndef KS_SESSION_H
#define KS_SESSION_H

#include "commands/cmd_types.h"

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

/* A snapshot fresh enough for a command: the live one in the TUI, a new one
 * taken now in batch mode. Release with snapshot_release. */
ks_snapshot_t *cmd_snapshot(cmd_ctx_t *ctx, int what, char *err);

#endif
