/* Offsets of partitions through the ListOffsets admin API: earliest
 * (log start), latest (high watermark), the first offset at or after a
 * time, or the offset of the record with the largest timestamp.
 *
 * Any number of partitions of any topics go out together (librdkafka splits
 * the request per leader), and the whole batch waits against ONE absolute
 * deadline: a hung or stopped broker costs at most that deadline, never one
 * timeout per partition. Results are per partition, each with its own error.
 *
 * Threading: offsets_list may be called from any thread (it only uses the
 * client's thread-safe admin API and a private result queue). The query
 * array belongs to the caller; offsets_list writes only its out fields. */
#ifndef KS_OFFSETS_H
#define KS_OFFSETS_H

#include <stdint.h>

#include "kafka/client.h"

/* What to ask for: one of these, or a timestamp (epoch ms, >= 0). */
#define OFFSETS_EARLIEST ((int64_t)RD_KAFKA_OFFSET_SPEC_EARLIEST)
#define OFFSETS_LATEST ((int64_t)RD_KAFKA_OFFSET_SPEC_LATEST)
#define OFFSETS_MAX_TIMESTAMP ((int64_t)RD_KAFKA_OFFSET_SPEC_MAX_TIMESTAMP)

typedef struct {
    const char *topic;       /* in, borrowed */
    int32_t partition;       /* in */
    int64_t spec;            /* in: OFFSETS_EARLIEST/LATEST/MAX_TIMESTAMP or epoch ms */
    int64_t offset;          /* out: -1 when there is none (no record at or after the time) */
    int64_t timestamp;       /* out: the record's timestamp where the broker gives one, else -1 */
    rd_kafka_resp_err_t err; /* out: this partition's error; NO_ERROR when offset is valid */
} ks_offset_query_t;

/* Answers every query in one go, waiting at most until deadline (a
 * mono_ms() value). The same partition may appear several times with
 * different specs (e.g. earliest and latest): such repeats go out as
 * further ListOffsets requests sent at the same time, under the same
 * deadline.
 *
 * Returns 0 when the cluster answered, even if some partitions carry an
 * error (see offsets_first_error). Returns -1 with err set when there is no
 * answer at all (unreachable, timed out, not supported): then every query's
 * err is set too. n == 0 succeeds at once. */
int offsets_list(ks_client_t *c, ks_offset_query_t *q, int n, int64_t deadline, char *err);

/* Fills err with "<what> of TOPIC:PARTITION: <reason>" for the first query
 * that carries an error and returns -1; returns 0 when none does. */
int offsets_first_error(ks_client_t *c, const ks_offset_query_t *q, int n, const char *what,
                        char *err);

/* Low and high watermarks of n partitions of one topic in one round trip:
 * low[i] and high[i] for partitions[i]. Any partition error fails the call
 * (err names the partition). deadline as above. */
int offsets_watermarks(ks_client_t *c, const char *topic, const int32_t *partitions, int n,
                       int64_t *low, int64_t *high, int64_t deadline, char *err);

/* Internal, exposed for the unit test: which request each query goes in so
 * that no request names a partition twice. round[i] gets 0 for the first
 * occurrence of a (topic, partition), 1 for the second, and so on. Returns
 * the number of requests needed (0 when n == 0). */
int offsets_rounds(const ks_offset_query_t *q, int n, int *round);

#endif
