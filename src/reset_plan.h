/* Offset reset plans with the semantics of kafka-consumer-groups
 * --reset-offsets: where each partition's committed offset would move, the
 * lag before and after, and targets clamped to [log start, log end]. Pure
 * logic: the command fills in the offsets it fetched. */
#ifndef KS_RESET_PLAN_H
#define KS_RESET_PLAN_H

#include <stdbool.h>
#include <stdint.h>

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

#endif
