/* The demo producer shared by the embedded mock cluster and the lab: seeds
 * some history into the demo topics, then writes a few records a second
 * from a background thread until stopped. */
#ifndef KS_DEMO_TRAFFIC_H
#define KS_DEMO_TRAFFIC_H

#include <stdbool.h>

typedef struct ks_demo_traffic ks_demo_traffic_t;

/* The demo topics (partitions, replication factor at most) and the group the
 * demo consumes them with. The topics must exist before demo_traffic_start. */
typedef struct {
    const char *name;
    int partitions, rf;
} demo_topic_t;
extern const demo_topic_t demo_topics[];
extern const int demo_ntopics;

/* The demo group consumes a little slower than the demo producer writes
 * pizza orders (~3/s), so lag and assignment show from the first second. */
#define DEMO_GROUP "pizza-kitchen"
#define DEMO_DELAY_MS 700

/* The lab's extra topic: short retention and small segments, so its log
 * start offset moves within a minute or two (with the lab's 5 s
 * log.retention.check.interval.ms). */
#define DEMO_RETENTION_TOPIC "retention-demo"
#define DEMO_RETENTION_MS "30000"
#define DEMO_RETENTION_SEGMENT_MS "10000"

/* Connects a producer to bootstrap; with seed, writes some history first
 * (blocking up to a few seconds). With retention, also writes to
 * DEMO_RETENTION_TOPIC. Returns NULL with err filled on failure. */
ks_demo_traffic_t *demo_traffic_start(const char *bootstrap, bool seed, bool retention,
                                      char *err);
/* Stops the thread and drops what is still queued. NULL is fine. */
void demo_traffic_stop(ks_demo_traffic_t *t);

#endif
