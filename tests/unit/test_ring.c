#include <stdlib.h>

#include "check.h"
#include "kafka/ring.h"
#include "base/util.h"

static ks_record_t *fake(int64_t offset, size_t payload)
{
    ks_record_t *r = xcalloc(1, sizeof *r + payload);
    r->offset = offset;
    r->mem = sizeof *r + payload;
    return r;
}

int main(void)
{
    ks_ring_t ring;
    /* bounded by count */
    ring_init(&ring, 3, 1 << 20);
    for (int i = 0; i < 10; i++)
        ring_push(&ring, fake(i, 10));
    CHECK(ring.count == 3);
    CHECK(ring.pushed == 10);
    CHECK(ring.dropped == 7);
    CHECK(ring_get(&ring, 0)->offset == 7);
    CHECK(ring_get(&ring, 2)->offset == 9);
    CHECK(ring_get(&ring, 3) == NULL);
    ring_destroy(&ring);

    /* bounded by bytes: records of ~1 KiB in a 4 KiB budget */
    ring_init(&ring, 1000, 4096);
    for (int i = 0; i < 100; i++)
        ring_push(&ring, fake(i, 1000));
    CHECK(ring.bytes <= 4096);
    CHECK(ring.count >= 3 && ring.count <= 4);
    CHECK(ring_get(&ring, ring.count - 1)->offset == 99);
    /* one record larger than the whole budget is still kept (alone) */
    ring_push(&ring, fake(100, 10000));
    CHECK(ring.count == 1);
    CHECK(ring_get(&ring, 0)->offset == 100);
    ring_clear(&ring);
    CHECK(ring.count == 0 && ring.bytes == 0);
    ring_destroy(&ring);

    /* memory stays flat: a long run never holds more than the bound */
    ring_init(&ring, 50, 1 << 30);
    size_t peak = 0;
    for (int i = 0; i < 100000; i++) {
        ring_push(&ring, fake(i, 64));
        if (ring.bytes > peak)
            peak = ring.bytes;
    }
    CHECK(ring.count == 50);
    CHECK(peak <= 50 * (sizeof(ks_record_t) + 64));
    ring_destroy(&ring);

    /* A batch under one lock: order kept, the same bounds as one by one,
     * and a batch larger than what the ring holds (and than the eviction
     * list: 1,500 evictions) keeps its newest records. ASan/LSan check that
     * every evicted record is freed once. */
    ring_init(&ring, 4, 1 << 20);
    ks_record_t *batch[2000];
    for (int i = 0; i < 3; i++)
        batch[i] = fake(i, 10);
    ring_push_many(&ring, batch, 3);
    CHECK(ring.count == 3 && ring.dropped == 0);
    for (int i = 0; i < 2000; i++)
        batch[i] = fake(3 + i, 10);
    ring_push_many(&ring, batch, 2000);
    CHECK(ring.count == 4);
    CHECK(ring.pushed == 2003 && ring.dropped == 1999);
    CHECK(ring_get(&ring, 0)->offset == 1999);
    CHECK(ring_get(&ring, 3)->offset == 2002);
    ring_push_many(&ring, batch, 0);
    CHECK(ring.count == 4 && ring.pushed == 2003);
    ring_destroy(&ring);
    return check_summary();
}
