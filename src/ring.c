#include "ring.h"

#include <stdlib.h>

#include "util.h"

void ring_init(ks_ring_t *r, size_t max_records, size_t max_bytes)
{
    pthread_mutex_init(&r->lock, NULL);
    r->cap = max_records ? max_records : 1;
    r->max_bytes = max_bytes;
    r->slots = xcalloc(r->cap, sizeof *r->slots);
    r->head = r->count = r->bytes = 0;
    r->pushed = r->dropped = 0;
}

static void drop_oldest(ks_ring_t *r)
{
    ks_record_t *old = r->slots[r->head];
    r->bytes -= old->mem;
    record_free(old);
    r->slots[r->head] = NULL;
    r->head = (r->head + 1) % r->cap;
    r->count--;
    r->dropped++;
}

void ring_push(ks_ring_t *r, ks_record_t *rec)
{
    pthread_mutex_lock(&r->lock);
    if (r->count == r->cap)
        drop_oldest(r);
    /* Keep at least the new record even when it alone exceeds max_bytes. */
    while (r->count > 0 && r->bytes + rec->mem > r->max_bytes)
        drop_oldest(r);
    r->slots[(r->head + r->count) % r->cap] = rec;
    r->count++;
    r->bytes += rec->mem;
    r->pushed++;
    pthread_mutex_unlock(&r->lock);
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
