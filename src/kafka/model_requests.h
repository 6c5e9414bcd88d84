/* The model's requests: every one in flight at once.
 *
 * librdkafka's admin API answers on a queue. The model keeps one queue for
 * the refresher's requests and one slot per request (its kind and key: a
 * partition leader, a group id) saying whether it is in flight and holding
 * its latest answer. A refresh fires every request not already in flight,
 * collects answers until one deadline, and builds the snapshot from the
 * latest answer of each; an answer that comes later serves the next
 * refresh. So a broker that is gone or hangs (accepts connections, never
 * answers) delays only what it serves: watermarks are asked per partition
 * leader and committed offsets per group (ListConsumerGroupOffsets takes
 * one group per request). Metadata has no asynchronous call: it runs on a
 * thread of its own, one request at a time.
 *
 * Threads: a model_requests_t belongs to whichever thread holds the model's
 * build_lock (the refresher, or a command's model_refresh_sync); nothing
 * here takes a lock. The one exception is the metadata thread, which writes
 * md and md_err and then sets md_done (atomic); the owner reads md and
 * md_err only after seeing md_done or joining the thread. */
#ifndef KS_MODEL_REQUESTS_H
#define KS_MODEL_REQUESTS_H

#include <pthread.h>
#include <stdatomic.h>

#include "kafka/client.h"
#include "kafka/snapshot.h"

enum { REQ_LOW = 1, REQ_HIGH, REQ_RACKS, REQ_LIST_GROUPS, REQ_DESCRIBE_GROUPS, REQ_OFFSETS };

typedef struct req_slot {
    int kind;
    char *key;
    bool in_flight;
    rd_kafka_event_t *ev; /* latest good answer; NULL before the first */
    int64_t ev_ms;        /* wall clock when it arrived */
    char *error;          /* why the last answer failed, NULL when it did not */
} req_slot_t;

typedef struct {
    ks_client_t *client;
    rd_kafka_queue_t *q;
    /* Committed offsets are asked on the client's group-admin handle
     * (librdkafka 2.14 crashes asking them on one without a group.id, see
     * client_group_admin), whose answers come on a queue of its own. */
    rd_kafka_queue_t *gq;
    req_slot_t **slots;       /* sorted by kind and key */
    int nslots;
    int inflight;             /* slots whose request has not answered */
    pthread_t md_thread;      /* metadata, one request at a time */
    bool md_started;
    atomic_bool md_done;      /* set by the metadata thread when md/md_err are written */
    const rd_kafka_metadata_t *md;
    rd_kafka_resp_err_t md_err;
    int64_t racks_ms;         /* when broker racks were last described */
    /* The topics on the user's screen, sorted: the model hands a new set
     * over (model_watch_topics) before mreq_ask_known_watermarks. */
    char **watch;
    int nwatch;
    bool tiered;              /* the refresh being built skipped cold watermarks */
} model_requests_t;

/* Frees everything, waiting for a metadata request still running (bounded
 * by its timeout); answers still to come are dropped with the queues. */
void mreq_free(model_requests_t *r);

/* Admin options for a request in the given slot, or NULL when that request
 * is still in flight (it is not asked twice). */
rd_kafka_AdminOptions_t *mreq_begin(model_requests_t *r, rd_kafka_t *rk, rd_kafka_admin_op_t op,
                                    int kind, const char *key);
const req_slot_t *mreq_slot_find(const model_requests_t *r, int kind, const char *key);

/* Metadata on its own thread: asks unless a request runs; takes the answer
 * if the thread has finished (true when it brought metadata, now in *md,
 * replacing an older one); waits for the running request and hands over
 * its answer (NULL: none, md_err says why). */
void mreq_metadata_ask(model_requests_t *r);
bool mreq_metadata_harvest(model_requests_t *r, const rd_kafka_metadata_t **md);
const rd_kafka_metadata_t *mreq_metadata_wait(model_requests_t *r);

/* Watermarks of the partitions prev knew (all, or past
 * refresh_all_partitions with topics watched, the watched ones and those
 * cold_every intervals old); of partitions md shows and prev did not. */
void mreq_ask_known_watermarks(model_requests_t *r, const ks_snapshot_t *prev, int cold_every);
void mreq_ask_new_watermarks(model_requests_t *r, const rd_kafka_metadata_t *md,
                             const ks_snapshot_t *prev);
/* One DescribeConsumerGroups for them all (when describe) and one
 * ListConsumerGroupOffsets per group. */
void mreq_ask_groups(model_requests_t *r, const char **ids, size_t n, bool describe);

/* Collects answers until everything has answered or the deadline passes,
 * asking for what the answers reveal (partitions, racks, new groups).
 * *md gets fresh metadata when it comes. */
void mreq_collect(model_requests_t *r, int64_t deadline, const ks_snapshot_t *prev, int what,
                  const rd_kafka_metadata_t **md);

/* The group ids of a ListConsumerGroups answer (borrowed from ev; the
 * array is the caller's), or -1 with err when the cluster could not list
 * them. */
int mreq_listed_groups(ks_client_t *c, rd_kafka_event_t *ev, const char ***ids, size_t *n,
                       char *err);

/* A group's description and committed offsets among the latest answers. */
typedef struct {
    const char *id;
    const rd_kafka_ConsumerGroupDescription_t *desc;
    int64_t desc_ms;
    const rd_kafka_group_result_t *offsets;
    int64_t offsets_ms;
} group_answer_t;

/* The latest describe answer indexed by group id, with the latest committed
 * offsets of each group (sorted by id; borrowed from the slots, valid until
 * the next collect). */
group_answer_t *mreq_index_answers(const model_requests_t *r, size_t *n);
group_answer_t *mreq_find_answer(group_answer_t *ans, size_t n, const char *id);

#endif
