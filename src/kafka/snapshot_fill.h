/* Filling in a snapshot being built, from librdkafka's answers (metadata,
 * ListOffsets, DescribeConfigs, DescribeConsumerGroups,
 * ListConsumerGroupOffsets) or, for what did not answer, from the snapshot
 * before. Brokers, topics and partitions first; then watermarks and rates;
 * then groups, their committed offsets and lag. Only the building thread
 * calls these (the snapshot is not published yet); prev is read-only. */
#ifndef KS_SNAPSHOT_FILL_H
#define KS_SNAPSHOT_FILL_H

#include "kafka/snapshot.h"

/* ---- brokers, topics, partitions ---- */

/* Brokers from metadata; those prev had and metadata lacks stay, down. */
void snapshot_fill_brokers(ks_snapshot_t *s, const rd_kafka_metadata_t *md,
                           const ks_snapshot_t *prev);
/* Topics and partitions from metadata (brokers first: it counts leaders). */
void snapshot_fill_topics(ks_snapshot_t *s, const rd_kafka_metadata_t *md);
/* Brokers that replicas name and metadata does not: down. */
void snapshot_add_missing_brokers(ks_snapshot_t *s);
/* Brokers and topics as prev had them, when metadata did not answer. */
void snapshot_copy_metadata(ks_snapshot_t *s, const ks_snapshot_t *prev);
/* Broker racks from a DescribeConfigs answer. */
void snapshot_apply_racks(ks_snapshot_t *s, rd_kafka_event_t *ev);

/* ---- watermarks ---- */

/* One ListOffsets answer: low (earliest) or high (latest) watermarks,
 * the high ones stamped ms. */
void snapshot_apply_watermarks(ks_snapshot_t *s, rd_kafka_event_t *ev, bool high, int64_t ms);
/* After the answers: what did not answer keeps prev's value, rates and
 * topic sums. */
void snapshot_finish_watermarks(ks_snapshot_t *s, const ks_snapshot_t *prev);

/* ---- groups ---- */

/* A group's state and members from its description. */
void group_fill(ks_group_t *g, const rd_kafka_ConsumerGroupDescription_t *gd);
/* The state and members the group had in prev. */
void group_copy_members(ks_group_t *g, const ks_group_t *old);
/* Committed offsets from a ListConsumerGroupOffsets answer; lag against
 * s's high watermarks. */
void group_fill_committed(ks_group_t *g, const rd_kafka_group_result_t *gr, const ks_snapshot_t *s);
/* The committed offsets the group had in prev. */
void group_copy_committed(ks_group_t *g, const ks_group_t *old, const ks_snapshot_t *s);
/* Offsets for assigned partitions that never committed, sorted offsets,
 * and the total lag. */
void group_finish(ks_group_t *g, const ks_snapshot_t *s);

#endif
