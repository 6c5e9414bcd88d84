/* Offset reset plans with the semantics of kafka-consumer-groups
 * --reset-offsets: which partitions, where each committed offset would move,
 * the lag before and after, and targets clamped to [log start, log end].
 * reset_compute and parse_duration are pure logic; the plan functions ask
 * the cluster for partition counts and offsets (bounded by the client's
 * deadline). Nothing here writes to the cluster: `group reset --execute`
 * commits the plan's targets itself. Threading: one plan, one thread. */
#ifndef KS_RESET_PLAN_H
#define KS_RESET_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include <librdkafka/rdkafka.h>

#include "kafka/client.h"

typedef enum {
    RESET_EARLIEST,
    RESET_LATEST,
    RESET_CURRENT,
    RESET_OFFSET,   /* value: the offset */
    RESET_SHIFT,    /* value: added to the current offset (may be negative) */
    RESET_DATETIME, /* value: epoch ms */
    RESET_DURATION  /* value: ms before now (resolved to a time by the caller) */
} reset_kind_t;

typedef struct {
    reset_kind_t kind;
    int64_t value;
} reset_spec_t;

typedef struct {
    int64_t current;     /* committed offset; -1: none */
    int64_t low, high;   /* log start and end */
    int64_t time_offset; /* DATETIME/DURATION: first offset at or after the time, -1: none */
    int64_t target;      /* out: the new offset */
    int64_t lag_before;  /* out: -1 when there is no committed offset */
    int64_t lag_after;   /* out */
    bool clamped;        /* out: the requested offset was outside [low, high] */
    int64_t requested;   /* out: what was asked for before clamping */
} reset_row_t;

/* Computes target, lags and clamping. Fails (err says why) only for
 * --shift-by on a partition without a committed offset, as Kafka does. */
int reset_compute(const reset_spec_t *spec, reset_row_t *row, char *err);

/* ISO-8601 duration PnDTnHnMnS (Java Duration syntax: P1D, PT30M, PT1H30M,
 * PT0.5S, P1DT12H), as --by-duration takes it. */
int parse_duration(const char *s, int64_t *ms, char *err);

/* The options that say where to move (--to-earliest ... --by-duration),
 * NULL-terminated. */
extern const char *const reset_spec_options[];

/* Fills spec from one of reset_spec_options and its value (ignored by the
 * options that take none). --by-duration resolves against now_ms(). */
int reset_spec_parse(const char *option, const char *value, reset_spec_t *spec, char *err);

/* One partition of a plan. */
typedef struct {
    char *topic;
    int32_t partition;
    reset_row_t row;
} reset_plan_row_t;

/* The partitions a reset would move; zero-initialise, free with reset_plan_free. */
typedef struct {
    reset_plan_row_t *rows;
    int n;
} reset_plan_t;

/* Adds `--topic TOPIC[:P[,P...]]`'s partitions (all of TOPIC's without a
 * list; asks the cluster how many it has). Duplicates are added once. */
int reset_plan_add_topic(reset_plan_t *p, ks_client_t *c, const char *arg, char *err);
/* --all-topics: every partition the group has a committed offset for;
 * fails when there is none. */
int reset_plan_add_committed(reset_plan_t *p, const rd_kafka_topic_partition_list_t *committed,
                             char *err);
/* Sorts the rows by topic and partition, fetches log start and end (and for
 * --to-datetime/--by-duration the offset at the time) in one batched
 * ListOffsets, and computes every row against the group's committed offsets. */
int reset_plan_compute(reset_plan_t *p, ks_client_t *c, const reset_spec_t *spec,
                       const rd_kafka_topic_partition_list_t *committed, char *err);
void reset_plan_free(reset_plan_t *p);

#endif
