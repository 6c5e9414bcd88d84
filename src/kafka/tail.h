/* The tail engine: reads chosen partitions of a topic without joining a
 * group (assign + seek), from an offset spec, into a bounded ring buffer.
 *
 * Threads: a tail belongs to the thread that polls it (a command's, or the
 * TUI's tail worker), which alone calls tail_poll and tail_close; only its
 * ring (tail_ring) is shared, under the ring's own lock (ring.h). */
#ifndef KS_TAIL_H
#define KS_TAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "kafka/client.h"
#include "kafka/offsetspec.h"
#include "kafka/ring.h"

/* Called on every record before it enters the ring, in the thread that
 * polls: a front end may attach its own data (rec->extra, counted in
 * rec->mem). It may take time (a registry lookup): nothing is locked. */
typedef void (*tail_prepare_fn)(void *opaque, ks_record_t *rec);

typedef struct {
    const char *topic;
    const int32_t *partitions; /* NULL: all partitions */
    int npartitions;
    offset_spec_t start;
    int64_t count;             /* stop after this many records; <0: no limit */
    bool follow;               /* else stop at the end offsets seen at start */
    size_t max_records, max_bytes; /* ring bounds; 0: the config's */
    tail_prepare_fn prepare;   /* optional */
    bool stream;               /* keep nothing: each record goes to the sink only, copied into
                                * one reused buffer (no ring, no allocation per record) */
    void *prepare_opaque;
} tail_opts_t;

typedef struct ks_tail ks_tail_t;

/* Called for every record as it arrives (in ring mode, just before its
 * batch enters the ring; the record is alive either way). */
typedef void (*tail_sink_fn)(void *opaque, const ks_record_t *rec);

/* Checks the topic and partitions exist, resolves the start offsets and
 * assigns. Errors name the problem: unknown topic, partition out of range,
 * broker unreachable. */
ks_tail_t *tail_open(ks_client_t *c, const tail_opts_t *o, char *err);
void tail_close(ks_tail_t *t);

/* Fetches what has arrived, waiting up to timeout_ms. Returns the number of
 * records delivered, or -1 with err on a fatal error. */
int tail_poll(ks_tail_t *t, int timeout_ms, tail_sink_fn sink, void *opaque, char *err);

/* True when not following and every partition reached its end offset (or
 * the count limit was reached). */
bool tail_done(const ks_tail_t *t);

/* Moves every partition to a new start (the ring is cleared). */
int tail_seek(ks_tail_t *t, const offset_spec_t *spec, char *err);

ks_ring_t *tail_ring(ks_tail_t *t);

#endif
