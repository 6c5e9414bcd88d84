#include "kafka/ring.h"

#include <stdlib.h>

#include "base/util.h"

void ring_init(ks_ring_t *r, size_t max_records, size_t max_bytes)
{
    pthread_mutex_init(&r->lock, NULL);
    r->cap = max_records ? max_records : 1;
    r->max_bytes = max_bytes;
    r->slots = xcalloc(r->cap, sizeof *r->slots);
    r->head = r->count = r->bytes = 0;
    r->pushed = r->dropped = 0;
}

/* Takes the oldest record out of the ring; the caller frees it. */
static ks_record_t *take_oldest(ks_ring_t *r)
{
    ks_record_t *old = r->slots[r->head];
    r->bytes -= old->mem;
    r->slots[r->head] = NULL;
    r->head = (r->head + 1) % r->cap;
    r->count--;
    r->dropped++;
    return old;
}

static void drop_oldest(ks_ring_t *r)
{
    record_free(take_oldest(r));
}

/* The UI thread reads under this lock, and the pushing thread runs at a
 * lower priority: if it were preempted holding the lock, a key's redraw
 * would wait for it (up to 12 ms at full speed, one lock per record and a
 * free inside it). A batch takes the lock once, and the records it evicts
 * are freed after the lock is released (beyond EVICT_MAX of them, which
 * only a batch far larger than a tail's 512 makes, under it). */
#define EVICT_MAX 1024

void ring_push_many(ks_ring_t *r, ks_record_t *const *recs, size_t n)
{
    ks_record_t *evicted[EVICT_MAX];
    size_t nevicted = 0;
    if (!n)
        return;
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < n; i++) {
        ks_record_t *rec = recs[i];
        /* Keep at least the new record even when it alone exceeds max_bytes. */
        while (r->count > 0 && (r->count == r->cap || r->bytes + rec->mem > r->max_bytes)) {
            if (nevicted < EVICT_MAX)
                evicted[nevicted++] = take_oldest(r);
            else
                drop_oldest(r);
        }
        r->slots[(r->head + r->count) % r->cap] = rec;
        r->count++;
        r->bytes += rec->mem;
        r->pushed++;
    }
    pthread_mutex_unlock(&r->lock);
    for (size_t i = 0; i < nevicted; i++)
        record_free(evicted[i]);
}

void ring_push(ks_ring_t *r, ks_record_t *rec)
{
    ring_push_many(r, &rec, 1);
}

void ring_clear(ks_ring_t *r)
{
    pthread_mutex_lock(&r->lock);
    while (r->count)
        drop_oldest(r);
    r->dropped = 0;
    pthread_mutex_unlock(&r->lock);
}

void ring_destroy(ks_ring_t *r)
{
    ring_clear(r);
    free(r->slots);
    pthread_mutex_destroy(&r->lock);
}

void ring_lock(ks_ring_t *r)
{
    pthread_mutex_lock(&r->lock);
}

void ring_unlock(ks_ring_t *r)
{
    pthread_mutex_unlock(&r->lock);
}

const ks_record_t *ring_get(const ks_ring_t *r, size_t i)
{
    return i < r->count ? r->slots[(r->head + i) % r->cap] : NULL;
}
