/* The producer: key, value, headers, an explicit partition or the default
 * partitioner. Every message gets its partition and offset back, or the
 * delivery error. */
#ifndef KS_PRODUCE_H
#define KS_PRODUCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kafka/client.h"

typedef struct {
    const char *name;
    const void *value; /* NULL: null header value */
    size_t len;
} produce_header_t;

typedef struct {
    int32_t partition; /* RD_KAFKA_PARTITION_UA (-1): default partitioner */
    const void *key;   /* NULL: null key */
    size_t key_len;
    const void *value; /* NULL: null value (tombstone) */
    size_t value_len;
    const produce_header_t *headers;
    int nheaders;
    int64_t timestamp; /* 0: now */
} produce_msg_t;

typedef struct {
    int32_t partition;
    int64_t offset;
    char *error;       /* NULL when delivered */
} produce_result_t;

typedef struct ks_producer ks_producer_t;

/* A produce session on one topic; checks the topic exists (no accidental
 * auto-creation) and partitions are in range. keep_results: remember each
 * message's result (for reporting one line per message). */
ks_producer_t *producer_open(ks_client_t *c, const char *topic, bool keep_results, char *err);

/* Queues one message (copied); blocks briefly if the local queue is full.
 * Returns -1 with err when it cannot even be queued. */
int producer_send(ks_producer_t *p, const produce_msg_t *m, char *err);

/* Like producer_send, for input that is all there already (a file): the
 * message may be held back, and sent with others in one call, until
 * enough are waiting or the next producer_send or producer_flush. That
 * costs librdkafka about a fifth less CPU per record. Messages with
 * headers or a timestamp go at once, in order with the rest. */
int producer_send_bulk(ks_producer_t *p, const produce_msg_t *m, char *err);

/* Sends what is held back, then waits for every delivery report, bounded
 * by the configured timeout. */
int producer_flush(ks_producer_t *p, char *err);

size_t producer_sent(const ks_producer_t *p);
size_t producer_delivered(const ks_producer_t *p);
size_t producer_failed(const ks_producer_t *p);
int producer_partition_count(const ks_producer_t *p);
/* Result of the i-th message sent (needs keep_results). */
const produce_result_t *producer_result(const ks_producer_t *p, size_t i);
/* First delivery error, or NULL. */
const char *producer_first_error(const ks_producer_t *p);

void producer_close(ks_producer_t *p);

#endif
