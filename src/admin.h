/* Admin requests: configs now; topic and group changes build on the same
 * helpers. Each call is bounded by the configured timeout. */
#ifndef KS_ADMIN_H
#define KS_ADMIN_H

#include <stdbool.h>

#include "client.h"

typedef struct {
    char *name;
    char *value;       /* NULL for sensitive or unset values */
    char *source;      /* e.g. DYNAMIC_TOPIC_CONFIG, DEFAULT_CONFIG */
    bool is_default;
    bool sensitive;
    bool read_only;
} ks_config_entry_t;

typedef enum { ADMIN_TOPIC, ADMIN_BROKER } admin_resource_t;

/* DescribeConfigs for one topic or broker, sorted by name. */
int admin_describe_configs(ks_client_t *c, admin_resource_t type, const char *name,
                           ks_config_entry_t **out, int *n, char *err);
void admin_config_entries_free(ks_config_entry_t *e, int n);

/* ---- changes (issue 4) ---- */

/* True for librdkafka's mock cluster: our own embedded one, or another
 * kafscope's (`kafscope cluster`, recognised by its cluster id). The mock
 * implements produce, fetch, offsets and group membership only; other admin
 * requests would time out (or trip librdkafka assertions), so callers say
 * "not supported" up front instead of sending them. */
bool admin_is_mock(ks_client_t *c);

typedef struct {
    const char *key;
    const char *value;
} admin_kv_t;

/* CreateTopics. partitions/rf -1: the broker's defaults. */
int admin_create_topic(ks_client_t *c, const char *topic, int partitions, int rf,
                       const admin_kv_t *configs, int nconfigs, char *err);
int admin_delete_topic(ks_client_t *c, const char *topic, char *err);
/* CreatePartitions: grows the topic to total partitions. */
int admin_create_partitions(ks_client_t *c, const char *topic, int total, char *err);

/* Sets and removes topic configs. librdkafka 2.0.2 has no
 * IncrementalAlterConfigs, and AlterConfigs replaces the whole set of a
 * topic's dynamic configs, so the current dynamic ones are read first and
 * sent along: nothing the user did not name is lost. Refuses when a dynamic
 * config is sensitive (its value cannot be read back). */
int admin_alter_topic_configs(ks_client_t *c, const char *topic, const admin_kv_t *set,
                              int nset, const char *const *del, int ndel, char *err);

/* DeleteRecords before an offset; *low gets the new log start offset. */
int admin_delete_records(ks_client_t *c, const char *topic, int32_t partition, int64_t before,
                         int64_t *low, char *err);

int admin_delete_group(ks_client_t *c, const char *group, char *err);

/* DescribeConsumerGroups for one group: its state name ("Stable", "Empty",
 * "Dead", ...) and member count. Caller frees *state. */
int admin_describe_group(ks_client_t *c, const char *group, char **state, int *members,
                         char *err);

/* Committed offsets of a group (OffsetFetch), as a list the caller destroys;
 * partitions without a committed offset are left out. */
int admin_group_offsets(ks_client_t *c, const char *group,
                        rd_kafka_topic_partition_list_t **out, char *err);

/* AlterConsumerGroupOffsets (an OffsetCommit outside the group's
 * generation: the group must have no active members). */
int admin_alter_group_offsets(ks_client_t *c, const char *group,
                              const rd_kafka_topic_partition_list_t *offsets, char *err);

/* Low and high watermark of one partition. */
int admin_watermarks(ks_client_t *c, const char *topic, int32_t partition, int64_t *low,
                     int64_t *high, char *err);

/* For each element (offset = a timestamp in ms) the earliest offset whose
 * timestamp is at or after it; -1 when there is none. */
int admin_offsets_for_times(ks_client_t *c, rd_kafka_topic_partition_list_t *l, char *err);

#endif
