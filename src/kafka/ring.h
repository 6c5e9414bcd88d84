/* A bounded buffer of the newest records: at most max_records records and
 * max_bytes bytes, whichever limit is reached first; older records fall out.
 * Safe to use from the tail thread (push) and the UI thread (read). */
#ifndef KS_RING_H
#define KS_RING_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "kafka/record.h"

/* Threads: the tail thread writes (ring_push*, ring_clear), any thread
 * reads; every field below lock is read and written only with lock held
 * (ring_lock/ring_unlock around ring_get and reads of count, pushed,
 * dropped). Records handed out by ring_get belong to the ring: valid only
 * until the lock is released, since a push may evict them. */
typedef struct {
    pthread_mutex_t lock;
    ks_record_t **slots;
    size_t cap;        /* max_records */
    size_t max_bytes;
    size_t head;       /* index of the oldest record */
    size_t count;
    size_t bytes;
    uint64_t pushed;   /* records ever pushed; count grows with it until full */
    uint64_t dropped;  /* records evicted to stay in bounds */
} ks_ring_t;

void ring_init(ks_ring_t *r, size_t max_records, size_t max_bytes);
void ring_destroy(ks_ring_t *r);
/* Takes ownership of rec. */
void ring_push(ks_ring_t *r, ks_record_t *rec);
/* Takes ownership of n records, oldest first, under one lock. */
void ring_push_many(ks_ring_t *r, ks_record_t *const *recs, size_t n);
void ring_clear(ks_ring_t *r);

/* The i-th oldest record currently held; call with the lock held (the
 * pointer stays valid until the lock is released). */
void ring_lock(ks_ring_t *r);
void ring_unlock(ks_ring_t *r);
const ks_record_t *ring_get(const ks_ring_t *r, size_t i);

#endif
