/* Snapshots of the cluster: brokers, topics, partitions, watermarks, rates,
 * groups, members, committed offsets and lag, as one refresh of the model
 * (model.h) saw them.
 *
 * Threads: a snapshot is written only by the thread that builds it (the
 * model's refresher, or a command's model_refresh_sync), before it is
 * published. Published, it is immutable and read by any thread without a
 * lock; each reader holds a reference (refs, atomic) and the last
 * snapshot_release frees it. */
#ifndef KS_SNAPSHOT_H
#define KS_SNAPSHOT_H

#include <librdkafka/rdkafka.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int32_t id;
    char *host;
    int port;
    char *rack;        /* NULL when unknown */
    bool controller;
    bool up;           /* answered in the last metadata */
    int leader_count;  /* partitions it leads */
} ks_broker_t;

typedef struct {
    int32_t id;
    int32_t leader;    /* -1: no leader */
    int32_t *replicas;
    int nreplicas;
    int32_t *isr;
    int nisr;
    int64_t low, high; /* watermarks; -1 when unknown */
    int64_t wm_ms;     /* wall clock when low/high were fetched; 0: never */
    double rate;       /* messages/s from the high watermark delta; <0 unknown */
    char *error;       /* partition-level error, or NULL */
} ks_partition_t;

typedef struct {
    char *name;
    bool internal;
    int replication_factor;
    ks_partition_t *partitions;
    int npartitions;
    int64_t messages;  /* sum of high - low */
    double rate;       /* sum of partition rates; <0 unknown */
    int under_replicated;
    int64_t wm_ms;     /* oldest of its partitions' wm_ms; 0: some never fetched */
    char *error;
} ks_topic_t;

typedef struct {
    char *topic;
    int32_t partition;
} ks_tp_t;

typedef struct {
    char *member_id;
    char *client_id;
    char *host;
    ks_tp_t *assigned;
    int nassigned;
} ks_member_t;

typedef struct {
    char *topic;
    int32_t partition;
    int64_t committed; /* -1: none */
    int64_t high;      /* -1: unknown */
    int64_t lag;       /* -1: unknown */
} ks_group_offset_t;

typedef struct {
    char *id;
    char *state;
    char *protocol;    /* assignor, e.g. range (consumer type: the broker's, e.g. uniform) */
    char *type;        /* "classic" or "consumer" (KIP-848 protocol); NULL when unknown */
    int32_t epoch;     /* generation (classic) or epoch (consumer) where known, else 0: only
                        * for groups kafscope runs (librdkafka's describe does not give it) */
    ks_member_t *members;
    int nmembers;
    ks_group_offset_t *offsets;
    int noffsets;
    int64_t total_lag; /* -1: unknown */
    int64_t updated_ms; /* wall clock of the older of its description and offsets; 0: never */
    int64_t lag_ms;     /* the oldest number total_lag rests on: updated_ms, or older when
                         * a high watermark it subtracts from is (a topic off screen in a
                         * tiered refresh); 0: never */
    char *error;
} ks_group_t;

typedef struct ks_snapshot {
    atomic_int refs;
    uint64_t seq;          /* increases with every refresh */
    int64_t taken_ms;      /* wall clock of the refresh */
    int64_t elapsed_ms;    /* how long the refresh took */
    /* What a refresh could not fetch before its deadline keeps the value of
     * the snapshot before, with the time it was fetched: metadata_ms (brokers,
     * topics, partitions), groups_ms (the group list), and per item
     * ks_topic_t.wm_ms and ks_group_t.updated_ms/lag_ms. Anything fetched by this
     * refresh has exactly taken_ms (see snapshot_stale). */
    int64_t metadata_ms;
    int64_t groups_ms;
    char *cluster_id;
    int32_t controller_id;
    ks_broker_t *brokers;
    int nbrokers;
    ks_topic_t *topics;    /* sorted by name */
    int ntopics;
    ks_group_t *groups;    /* sorted by id */
    int ngroups;
    bool groups_supported; /* false: the cluster lacks ListGroups/DescribeGroups */
    bool tiered;           /* watermarks of topics off screen were not all asked
                            * (model_watch_topics): their numbers are older */
    bool partial;          /* a first refresh's early picture: brokers and topics from
                            * metadata, watermarks and groups not asked yet or not
                            * answered (ngroups 0); the complete snapshot follows */
    char *error;           /* refresh error, or NULL when all went well */
} ks_snapshot_t;

/* What a refresh fetches (model_refresh_sync's what). */
enum { MODEL_TOPICS = 1, MODEL_WATERMARKS = 2, MODEL_GROUPS = 4, MODEL_RACKS = 8, MODEL_ALL = 15 };

/* Drops a reference; the last one frees the snapshot. NULL is fine. */
void snapshot_release(ks_snapshot_t *s);

/* Lookups in a snapshot; NULL when absent. */
const ks_topic_t *snapshot_topic(const ks_snapshot_t *s, const char *name);
const ks_group_t *snapshot_group(const ks_snapshot_t *s, const char *id);
const ks_broker_t *snapshot_broker(const ks_snapshot_t *s, int32_t id);

/* True when a time stamp of this snapshot (metadata_ms, wm_ms, ...) is
 * older than the refresh that made it: the value was kept from before. */
static inline bool snapshot_stale(const ks_snapshot_t *s, int64_t ms)
{
    return ms != s->taken_ms;
}

/* Adds a group to a snapshot being built (for model_local_groups_fn). The
 * snapshot takes ownership of g's contents. */
void snapshot_add_group(ks_snapshot_t *s, ks_group_t *g);

void group_free_contents(ks_group_t *g);

/* ---- for the files that build snapshots (model*.c, snapshot_fill.c) ---- */

/* An empty snapshot with one reference, taken now (taken_ms). */
ks_snapshot_t *snapshot_new(void);

/* The orders snapshot_topic and snapshot_broker rely on (topics by name,
 * brokers by id) and groups by id, as listings show them. */
void snapshot_sort_brokers(ks_snapshot_t *s);
void snapshot_sort_topics(ks_snapshot_t *s);
void snapshot_sort_groups(ks_snapshot_t *s);

/* Partition p of a topic; NULL when either is absent. */
const ks_partition_t *snapshot_partition(const ks_snapshot_t *s, const char *topic, int32_t p);

#endif
