/* Sending a stream of generated records (produce --template, --generate-from):
 * how many, how fast, a progress line, and a clean stop on Ctrl-C. */
#ifndef KS_PRODUCE_RUN_H
#define KS_PRODUCE_RUN_H

#include "commands/command.h"
#include "kafka/produce.h"

typedef struct {
    int64_t count; /* records to send */
    double rate;   /* records per second; 0: as fast as the producer takes them */
} produce_pace_t;

/* --count N (default 1) and --rate R or R/s. */
int produce_pace_parse(const opts_t *o, produce_pace_t *pace, char *err);

/* Fills *m with record number seq (1-based); its buffers stay valid until
 * the next call. Returns -1 with err to stop the run. */
typedef int (*produce_next_fn)(void *opaque, int64_t seq, produce_msg_t *m, char *err);

/* Sends pace->count records from next(), then waits for their delivery.
 * Ctrl-C (ctx->interrupted) stops sending; what was sent is still waited
 * for, and the report says how many were delivered. The progress line goes
 * to stderr when it is a terminal and the TUI is not drawing on it. */
int produce_run(cmd_ctx_t *ctx, ks_producer_t *p, const char *topic, const produce_pace_t *pace,
                produce_next_fn next, void *opaque, result_t *res, char *err);

#endif
