/* Admin requests: configs now; topic and group changes build on the same
 * helpers. Each call is bounded by the configured timeout. */
#ifndef KS_ADMIN_H
#define KS_ADMIN_H

#include <stdbool.h>

#include "kafka/client.h"

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

typedef enum {
    ADMIN_CONFIG_SET,
    ADMIN_CONFIG_DELETE,   /* back to the default; value unused */
    ADMIN_CONFIG_APPEND,   /* add to a list config (e.g. cleanup.policy) */
    ADMIN_CONFIG_SUBTRACT, /* remove from a list config */
} admin_config_op_kind_t;

typedef struct {
    const char *key;
    const char *value;
    admin_config_op_kind_t op;
} admin_config_op_t;

/* Changes topic configs with IncrementalAlterConfigs: only the named keys
 * change, in one request, with no read-merge-write (so nothing else the
 * topic has set, sensitive or not, can be lost or raced). Deleting a key
 * that is not set is a no-op for Kafka. */
int admin_alter_topic_configs(ks_client_t *c, const char *topic, const admin_config_op_t *ops,
                              int nops, char *err);

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

#endif
