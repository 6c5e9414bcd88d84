/* Consumer group members kafscope runs itself (group join / leave): each
 * member is a consumer thread with its own librdkafka handle, subscribed to
 * the group, consuming and committing. Rebalances (partitions revoked and
 * assigned, with the time) go to a bounded log per group. The groups are fed
 * to the cluster model (model_set_local_groups), which matters on clusters
 * that cannot list groups, such as the embedded mock. */
#ifndef KS_MEMBERS_H
#define KS_MEMBERS_H

#include <stdbool.h>
#include <stdint.h>

#include "kafka/client.h"
#include "kafka/model.h"

typedef struct ks_members ks_members_t;

#define MEMBERS_MAX_PER_JOIN 32
#define MEMBERS_EVENTS_MAX 200 /* rebalance log entries kept per group */

typedef struct {
    int64_t time_ms;
    char *member;     /* client id of the member */
    char *kind;       /* joining, assigned, revoked, lost, left, error */
    char *partitions; /* "topic:0,1,2 other:0", or a message */
    int32_t epoch;    /* the member's generation (classic) or member epoch (consumer) right
                       * after the event, from librdkafka; 0 when it has none yet */
} ks_member_event_t;

typedef struct {
    char *client_id;   /* kafscope-GROUP-N: what `group leave` names */
    char *member_id;   /* the coordinator's id; "" until joined */
    ks_tp_t *assigned;
    int nassigned;
    int64_t consumed;  /* records consumed */
    int64_t started_ms;
    bool joined;       /* has had at least one assignment */
    char *error;       /* last error librdkafka reported, or NULL */
} ks_local_member_t;

typedef struct {
    char *group;
    char *assignor;    /* classic: range, roundrobin, cooperative-sticky; consumer: the
                        * broker-side assignor (uniform, range) or "" for the broker's choice */
    char *protocol;    /* "classic" or "consumer" */
    int32_t epoch;     /* highest generation / member epoch its members reached; 0: none yet */
    char *topics;      /* "a,b" */
    ks_local_member_t *members;
    int nmembers;
    ks_member_event_t *events; /* oldest first */
    int nevents;
    int64_t dropped_events;    /* older entries that no longer fit */
} ks_local_group_t;

ks_members_t *members_new(ks_client_t *c);
/* Stops every member; bounded (each close gives up after a few seconds). */
void members_free(ks_members_t *m);

typedef struct {
    const char *group;
    const char *const *topics;
    int ntopics;
    int count;          /* members to start */
    const char *assignor; /* classic: range, roundrobin, cooperative-sticky; consumer: uniform,
                           * range or NULL (the broker's default) */
    const char *protocol; /* "classic" or "consumer" (KIP-848); NULL: classic */
    int delay_ms;       /* pause after each record (the demo group is slow on purpose) */
    int wait_ms;        /* wait up to this long for the group to settle; 0: return at once */
} members_join_t;

/* Starts members. Topics must exist; a group kafscope already runs must
 * keep its topics, protocol and assignor (Kafka would reject mixing them).
 * With the consumer protocol the broker assigns partitions and the
 * classic-only properties (partition.assignment.strategy, session and
 * heartbeat timeouts) are not set. */
int members_join(ks_members_t *m, const members_join_t *j, char *err);

/* Stops members of a group: all of them with all; else the one member
 * names (client id, its number N of kafscope-GROUP-N, or a member id
 * prefix); else the newest. *stopped gets how many.
 * Waits up to wait_ms for the rest of the group to settle. */
int members_leave(ks_members_t *m, const char *group, const char *member, bool all,
                  int wait_ms, int *stopped, char *err);

bool members_has_group(ks_members_t *m, const char *group);

/* A copy of one group's state; -1 when kafscope runs no members in it. */
int members_describe(ks_members_t *m, const char *group, ks_local_group_t *out);
void local_group_free(ks_local_group_t *g);

/* Ids of the groups kafscope runs (NULL-terminated; free with argv-style free). */
char **members_group_ids(ks_members_t *m);

/* model_local_groups_fn: adds the groups kafscope runs to a snapshot being
 * built, unless the cluster already listed them. */
void members_local_groups(void *opaque, ks_snapshot_t *snap);

#endif
