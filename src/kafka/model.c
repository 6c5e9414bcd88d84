#include "kafka/model.h"

#include "kafka/admin.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct ks_model {
    ks_client_t *client;
    pthread_mutex_t lock;     /* guards current, poked, stop */
    pthread_cond_t cond;
    ks_snapshot_t *current;
    uint64_t seq;
    bool poked, stop, running;
    pthread_t thread;
    int notify_fd;
    model_local_groups_fn local_groups;
    void *local_groups_opaque;
    int64_t racks_ms;         /* when broker racks were last described */
    /* model_watch_topics hands a sorted set over (guarded by lock); the
     * refresher takes it into watch, its own, so that walking every
     * partition never holds the lock the UI takes snapshots under. */
    char **watch_next;
    int nwatch_next;
    bool watch_changed;
    char **watch;
    int nwatch;
    bool tiered;              /* the refresh being built skipped cold watermarks */
    /* The refresh's requests (see "requests" below); only the thread
     * holding build_lock touches these. */
    pthread_mutex_t build_lock;
    rd_kafka_queue_t *q;
    /* Committed offsets are asked on the client's group-admin handle
     * (librdkafka 2.14 crashes asking them on one without a group.id, see
     * client_group_admin), whose answers come on a queue of its own. */
    rd_kafka_queue_t *gq;
    struct req_slot **slots;  /* sorted by kind and key */
    int nslots;
    int inflight;             /* slots whose request has not answered */
    pthread_t md_thread;      /* metadata, one request at a time */
    bool md_started;
    atomic_bool md_done;
    const rd_kafka_metadata_t *md;
    rd_kafka_resp_err_t md_err;
};

typedef struct req_slot req_slot_t;

/* ---- freeing ---- */

void group_free_contents(ks_group_t *g)
{
    for (int i = 0; i < g->nmembers; i++) {
        ks_member_t *mb = &g->members[i];
        free(mb->member_id);
        free(mb->client_id);
        free(mb->host);
        for (int j = 0; j < mb->nassigned; j++)
            free(mb->assigned[j].topic);
        free(mb->assigned);
    }
    free(g->members);
    for (int i = 0; i < g->noffsets; i++)
        free(g->offsets[i].topic);
    free(g->offsets);
    free(g->id);
    free(g->state);
    free(g->protocol);
    free(g->type);
    free(g->error);
}

static void snapshot_free(ks_snapshot_t *s)
{
    for (int i = 0; i < s->nbrokers; i++) {
        free(s->brokers[i].host);
        free(s->brokers[i].rack);
    }
    free(s->brokers);
    for (int i = 0; i < s->ntopics; i++) {
        ks_topic_t *t = &s->topics[i];
        for (int j = 0; j < t->npartitions; j++) {
            free(t->partitions[j].replicas);
            free(t->partitions[j].isr);
            free(t->partitions[j].error);
        }
        free(t->partitions);
        free(t->name);
        free(t->error);
    }
    free(s->topics);
    for (int i = 0; i < s->ngroups; i++)
        group_free_contents(&s->groups[i]);
    free(s->groups);
    free(s->cluster_id);
    free(s->error);
    free(s);
}

void snapshot_release(ks_snapshot_t *s)
{
    if (s && atomic_fetch_sub(&s->refs, 1) == 1)
        snapshot_free(s);
}

/* ---- lookups ---- */

static int cmp_topic(const void *a, const void *b)
{
    return strcmp(((const ks_topic_t *)a)->name, ((const ks_topic_t *)b)->name);
}

static int cmp_group(const void *a, const void *b)
{
    return strcmp(((const ks_group_t *)a)->id, ((const ks_group_t *)b)->id);
}

static int cmp_broker(const void *a, const void *b)
{
    int32_t x = ((const ks_broker_t *)a)->id, y = ((const ks_broker_t *)b)->id;
    return (x > y) - (x < y);
}

const ks_topic_t *snapshot_topic(const ks_snapshot_t *s, const char *name)
{
    ks_topic_t key = {.name = (char *)name};
    return s ? bsearch(&key, s->topics, (size_t)s->ntopics, sizeof key, cmp_topic) : NULL;
}

const ks_group_t *snapshot_group(const ks_snapshot_t *s, const char *id)
{
    for (int i = 0; s && i < s->ngroups; i++)
        if (!strcmp(s->groups[i].id, id))
            return &s->groups[i];
    return NULL;
}

const ks_broker_t *snapshot_broker(const ks_snapshot_t *s, int32_t id)
{
    for (int i = 0; s && i < s->nbrokers; i++)
        if (s->brokers[i].id == id)
            return &s->brokers[i];
    return NULL;
}

void snapshot_add_group(ks_snapshot_t *s, ks_group_t *g)
{
    s->groups = xrealloc(s->groups, (size_t)(s->ngroups + 1) * sizeof *s->groups);
    s->groups[s->ngroups++] = *g;
    memset(g, 0, sizeof *g);
}

static const ks_partition_t *find_partition(const ks_snapshot_t *s, const char *topic,
                                            int32_t p)
{
    const ks_topic_t *t = snapshot_topic(s, topic);
    if (!t || p < 0 || p >= t->npartitions)
        return NULL;
    return &t->partitions[p];
}

/* ---- building a snapshot ---- */

static int32_t *copy_ids(const int32_t *ids, int n)
{
    return n ? xmemdup(ids, (size_t)n * sizeof *ids) : NULL;
}

static void fill_brokers(ks_snapshot_t *s, const rd_kafka_metadata_t *md,
                         const ks_snapshot_t *prev)
{
    s->brokers = xcalloc((size_t)md->broker_cnt + (prev ? (size_t)prev->nbrokers : 0),
                         sizeof *s->brokers);
    for (int i = 0; i < md->broker_cnt; i++) {
        ks_broker_t *b = &s->brokers[s->nbrokers++];
        b->id = md->brokers[i].id;
        b->host = xstrdup(md->brokers[i].host);
        b->port = md->brokers[i].port;
        b->up = true;
        b->controller = b->id == s->controller_id;
        const ks_broker_t *old = snapshot_broker(prev, b->id);
        if (old && old->rack)
            b->rack = xstrdup(old->rack);
    }
    /* A broker that was there before and is gone from metadata is down:
     * keep it listed so the panes can show it as unreachable. */
    for (int i = 0; prev && i < prev->nbrokers; i++) {
        if (snapshot_broker(s, prev->brokers[i].id))
            continue;
        ks_broker_t *b = &s->brokers[s->nbrokers++];
        b->id = prev->brokers[i].id;
        b->host = xstrdup(prev->brokers[i].host);
        b->port = prev->brokers[i].port;
        b->rack = xstrdup(prev->brokers[i].rack);
        b->up = false;
    }
    qsort(s->brokers, (size_t)s->nbrokers, sizeof *s->brokers, cmp_broker);
}

/* Metadata lists only live brokers; a broker that replicas still name but
 * metadata does not is down. This shows it even in a fresh process. */
static void add_missing_brokers(ks_snapshot_t *s)
{
    for (int i = 0; i < s->ntopics; i++) {
        for (int j = 0; j < s->topics[i].npartitions; j++) {
            const ks_partition_t *p = &s->topics[i].partitions[j];
            for (int k = 0; k < p->nreplicas; k++) {
                if (snapshot_broker(s, p->replicas[k]))
                    continue;
                s->brokers = xrealloc(s->brokers, (size_t)(s->nbrokers + 1) * sizeof *s->brokers);
                ks_broker_t *b = &s->brokers[s->nbrokers++];
                memset(b, 0, sizeof *b);
                b->id = p->replicas[k];
                b->host = xstrdup("?");
                b->up = false;
            }
        }
    }
    qsort(s->brokers, (size_t)s->nbrokers, sizeof *s->brokers, cmp_broker);
}

static void fill_topics(ks_snapshot_t *s, const rd_kafka_metadata_t *md)
{
    s->topics = xcalloc((size_t)md->topic_cnt, sizeof *s->topics);
    for (int i = 0; i < md->topic_cnt; i++) {
        const rd_kafka_metadata_topic_t *mt = &md->topics[i];
        ks_topic_t *t = &s->topics[s->ntopics++];
        t->name = xstrdup(mt->topic);
        /* Metadata v1 has an internal flag but librdkafka 2.0 does not expose
         * it; Kafka's internal topics all start with "__". */
        t->internal = !strncmp(mt->topic, "__", 2);
        if (mt->err)
            t->error = xstrdup(rd_kafka_err2str(mt->err));
        t->partitions = xcalloc((size_t)mt->partition_cnt, sizeof *t->partitions);
        t->npartitions = mt->partition_cnt;
        t->rate = -1;
        for (int j = 0; j < mt->partition_cnt; j++) {
            const rd_kafka_metadata_partition_t *mp = &mt->partitions[j];
            if (mp->id < 0 || mp->id >= mt->partition_cnt)
                continue; /* defensive: ids are 0..n-1 in every real cluster */
            ks_partition_t *p = &t->partitions[mp->id];
            p->id = mp->id;
            p->leader = mp->leader;
            p->replicas = copy_ids(mp->replicas, mp->replica_cnt);
            p->nreplicas = mp->replica_cnt;
            p->isr = copy_ids(mp->isrs, mp->isr_cnt);
            p->nisr = mp->isr_cnt;
            p->low = p->high = -1;
            p->rate = -1;
            if (mp->err && mp->err != RD_KAFKA_RESP_ERR_REPLICA_NOT_AVAILABLE)
                p->error = xstrdup(rd_kafka_err2str(mp->err));
            if (p->nisr < p->nreplicas)
                t->under_replicated++;
            if (p->leader >= 0) {
                for (int k = 0; k < s->nbrokers; k++)
                    if (s->brokers[k].id == p->leader)
                        s->brokers[k].leader_count++;
            }
        }
        t->replication_factor = mt->partition_cnt ? mt->partitions[0].replica_cnt : 0;
    }
    qsort(s->topics, (size_t)s->ntopics, sizeof *s->topics, cmp_topic);
}

static void add_offset(ks_group_t *g, const char *topic, int32_t partition, int64_t committed,
                       const ks_snapshot_t *s)
{
    for (int i = 0; i < g->noffsets; i++)
        if (g->offsets[i].partition == partition && !strcmp(g->offsets[i].topic, topic))
            return;
    g->offsets = xrealloc(g->offsets, (size_t)(g->noffsets + 1) * sizeof *g->offsets);
    ks_group_offset_t *o = &g->offsets[g->noffsets++];
    o->topic = xstrdup(topic);
    o->partition = partition;
    o->committed = committed;
    const ks_partition_t *p = find_partition(s, topic, partition);
    o->high = p ? p->high : -1;
    o->lag = (committed >= 0 && o->high >= 0) ? (o->high > committed ? o->high - committed : 0)
                                              : -1;
}

static int cmp_offset(const void *a, const void *b)
{
    const ks_group_offset_t *x = a, *y = b;
    int c = strcmp(x->topic, y->topic);
    return c ? c : (x->partition > y->partition) - (x->partition < y->partition);
}

/* Finishes a group: offsets for assigned partitions that never committed,
 * sorted offsets, and the total lag. Shared with groups kafscope runs itself. */
static void group_finish(ks_group_t *g, const ks_snapshot_t *s)
{
    for (int i = 0; i < g->nmembers; i++)
        for (int j = 0; j < g->members[i].nassigned; j++)
            add_offset(g, g->members[i].assigned[j].topic, g->members[i].assigned[j].partition,
                       -1, s);
    if (g->noffsets > 1) /* qsort(NULL, 0) is undefined */
        qsort(g->offsets, (size_t)g->noffsets, sizeof *g->offsets, cmp_offset);
    g->total_lag = 0;
    g->lag_ms = g->updated_ms;
    bool known = false;
    for (int i = 0; i < g->noffsets; i++) {
        const ks_group_offset_t *o = &g->offsets[i];
        if (o->lag < 0)
            continue;
        g->total_lag += o->lag;
        known = true;
        const ks_partition_t *p = find_partition(s, o->topic, o->partition);
        if (p && p->wm_ms && p->wm_ms < g->lag_ms)
            g->lag_ms = p->wm_ms;
    }
    if (!known)
        g->total_lag = -1;
}

/* ---- copies of what a refresh could not fetch again ---- */

static void copy_topic(ks_topic_t *t, const ks_topic_t *old)
{
    t->name = xstrdup(old->name);
    t->internal = old->internal;
    t->replication_factor = old->replication_factor;
    t->under_replicated = old->under_replicated;
    t->error = old->error ? xstrdup(old->error) : NULL;
    t->npartitions = old->npartitions;
    t->partitions = xcalloc((size_t)old->npartitions, sizeof *t->partitions);
    for (int j = 0; j < old->npartitions; j++) {
        const ks_partition_t *op = &old->partitions[j];
        ks_partition_t *p = &t->partitions[j];
        p->id = op->id;
        p->leader = op->leader;
        p->replicas = copy_ids(op->replicas, op->nreplicas);
        p->nreplicas = op->nreplicas;
        p->isr = copy_ids(op->isr, op->nisr);
        p->nisr = op->nisr;
        p->error = op->error ? xstrdup(op->error) : NULL;
        p->low = p->high = -1; /* watermarks are applied afterwards, as for fresh metadata */
        p->rate = -1;
    }
}

/* Brokers and topics as the last snapshot had them, when metadata did not
 * answer this time. */
static void copy_metadata(ks_snapshot_t *s, const ks_snapshot_t *prev)
{
    s->cluster_id = prev->cluster_id ? xstrdup(prev->cluster_id) : NULL;
    s->controller_id = prev->controller_id;
    s->metadata_ms = prev->metadata_ms;
    s->brokers = xcalloc((size_t)prev->nbrokers + 1, sizeof *s->brokers);
    for (int i = 0; i < prev->nbrokers; i++) {
        s->brokers[i] = prev->brokers[i];
        s->brokers[i].host = xstrdup(prev->brokers[i].host);
        s->brokers[i].rack = prev->brokers[i].rack ? xstrdup(prev->brokers[i].rack) : NULL;
    }
    s->nbrokers = prev->nbrokers;
    s->topics = xcalloc((size_t)prev->ntopics + 1, sizeof *s->topics);
    for (int i = 0; i < prev->ntopics; i++)
        copy_topic(&s->topics[i], &prev->topics[i]);
    s->ntopics = prev->ntopics;
}

static void copy_members(ks_group_t *g, const ks_group_t *old)
{
    g->state = old->state ? xstrdup(old->state) : NULL;
    g->protocol = old->protocol ? xstrdup(old->protocol) : NULL;
    g->type = old->type ? xstrdup(old->type) : NULL;
    g->error = old->error ? xstrdup(old->error) : NULL;
    g->nmembers = old->nmembers;
    g->members = xcalloc((size_t)old->nmembers + 1, sizeof *g->members);
    for (int i = 0; i < old->nmembers; i++) {
        const ks_member_t *om = &old->members[i];
        ks_member_t *mb = &g->members[i];
        mb->member_id = xstrdup(om->member_id);
        mb->client_id = xstrdup(om->client_id);
        mb->host = xstrdup(om->host);
        mb->nassigned = om->nassigned;
        mb->assigned = xcalloc((size_t)om->nassigned + 1, sizeof *mb->assigned);
        for (int j = 0; j < om->nassigned; j++) {
            mb->assigned[j].topic = xstrdup(om->assigned[j].topic);
            mb->assigned[j].partition = om->assigned[j].partition;
        }
    }
}

/* ---- watermarks ---- */

/* After the fresh watermarks are in: the rest keep their last value and
 * age, rates come from the high watermark's change since the last fetch,
 * and the topics sum their partitions. */
static void finish_watermarks(ks_snapshot_t *s, const ks_snapshot_t *prev)
{
    for (int i = 0; i < s->ntopics; i++) {
        ks_topic_t *t = &s->topics[i];
        bool any_rate = false;
        t->rate = 0;
        t->messages = 0;
        t->wm_ms = INT64_MAX;
        for (int j = 0; j < t->npartitions; j++) {
            ks_partition_t *p = &t->partitions[j];
            const ks_partition_t *old = prev ? find_partition(prev, t->name, j) : NULL;
            if (old && p->low < 0)
                p->low = old->low;
            if (old && (p->high < 0 || p->wm_ms == old->wm_ms)) { /* nothing newer */
                p->high = old->high;
                p->wm_ms = old->wm_ms;
                p->rate = old->rate;
            } else if (old && old->high >= 0 && old->wm_ms > 0 && p->high >= 0 &&
                       p->wm_ms - old->wm_ms > 50) {
                int64_t delta = p->high - old->high;
                p->rate = delta > 0 ? (double)delta * 1000.0 / (double)(p->wm_ms - old->wm_ms) : 0;
            }
            if (p->high >= 0 && p->low >= 0)
                t->messages += p->high - p->low;
            if (p->rate >= 0) {
                t->rate += p->rate;
                any_rate = true;
            }
            if (p->wm_ms < t->wm_ms)
                t->wm_ms = p->wm_ms;
        }
        if (!any_rate)
            t->rate = -1;
        if (t->wm_ms == INT64_MAX)
            t->wm_ms = t->npartitions ? 0 : s->taken_ms;
    }
}

/* ---- consumer groups ---- */

/* The group parsing: one description from DescribeConsumerGroups. */
static void fill_member(ks_member_t *mb, const rd_kafka_MemberDescription_t *md)
{
    mb->member_id = xstrdup(rd_kafka_MemberDescription_consumer_id(md));
    mb->client_id = xstrdup(rd_kafka_MemberDescription_client_id(md));
    mb->host = xstrdup(rd_kafka_MemberDescription_host(md));
    const rd_kafka_MemberAssignment_t *a = rd_kafka_MemberDescription_assignment(md);
    const rd_kafka_topic_partition_list_t *l = a ? rd_kafka_MemberAssignment_partitions(a) : NULL;
    if (!l || !l->cnt)
        return;
    mb->assigned = xcalloc((size_t)l->cnt, sizeof *mb->assigned);
    for (int i = 0; i < l->cnt; i++) {
        mb->assigned[i].topic = xstrdup(l->elems[i].topic);
        mb->assigned[i].partition = l->elems[i].partition;
    }
    mb->nassigned = l->cnt;
}

/* "classic" or "consumer" (the KIP-848 protocol); NULL when the cluster
 * does not say (before Kafka 3.8). */
static char *group_type(const rd_kafka_ConsumerGroupDescription_t *gd)
{
    switch (rd_kafka_ConsumerGroupDescription_type(gd)) {
    case RD_KAFKA_CONSUMER_GROUP_TYPE_CLASSIC: return xstrdup("classic");
    case RD_KAFKA_CONSUMER_GROUP_TYPE_CONSUMER: return xstrdup("consumer");
    default: return NULL;
    }
}

static void fill_group(ks_group_t *g, const rd_kafka_ConsumerGroupDescription_t *gd)
{
    const rd_kafka_error_t *ge = rd_kafka_ConsumerGroupDescription_error(gd);
    if (ge)
        g->error = xstrdup(rd_kafka_error_string(ge));
    g->state = xstrdup(
        rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(gd)));
    g->protocol = xstrdup(rd_kafka_ConsumerGroupDescription_partition_assignor(gd));
    g->type = group_type(gd);
    g->nmembers = (int)rd_kafka_ConsumerGroupDescription_member_count(gd);
    g->members = xcalloc((size_t)g->nmembers, sizeof *g->members);
    for (int m = 0; m < g->nmembers; m++)
        fill_member(&g->members[m], rd_kafka_ConsumerGroupDescription_member(gd, (size_t)m));
}

/* The group parsing: committed offsets from one ListConsumerGroupOffsets. */
static void fill_committed(ks_group_t *g, const rd_kafka_group_result_t *gr, const ks_snapshot_t *s)
{
    const rd_kafka_error_t *e = rd_kafka_group_result_error(gr);
    if (e && !g->error)
        g->error = xstrdup(rd_kafka_error_string(e));
    const rd_kafka_topic_partition_list_t *l = rd_kafka_group_result_partitions(gr);
    for (int j = 0; l && j < l->cnt; j++)
        if (!l->elems[j].err && l->elems[j].offset >= 0)
            add_offset(g, l->elems[j].topic, l->elems[j].partition, l->elems[j].offset, s);
}

/* The committed offsets a group had in the last snapshot. */
static void copy_committed(ks_group_t *g, const ks_group_t *old, const ks_snapshot_t *s)
{
    for (int i = 0; i < old->noffsets; i++)
        if (old->offsets[i].committed >= 0)
            add_offset(g, old->offsets[i].topic, old->offsets[i].partition,
                       old->offsets[i].committed, s);
}

/* ---- requests: every one in flight at once ----
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
 * thread of its own, one request at a time. */

enum { REQ_LOW = 1, REQ_HIGH, REQ_RACKS, REQ_LIST_GROUPS, REQ_DESCRIBE_GROUPS, REQ_OFFSETS };

struct req_slot {
    int kind;
    char *key;
    bool in_flight;
    rd_kafka_event_t *ev; /* latest good answer; NULL before the first */
    int64_t ev_ms;        /* wall clock when it arrived */
    char *error;          /* why the last answer failed, NULL when it did not */
};

static int slot_cmp(const req_slot_t *s, int kind, const char *key)
{
    return s->kind != kind ? (s->kind > kind) - (s->kind < kind) : strcmp(s->key, key);
}

/* Where the slot of (kind, key) is, or would go, among the sorted slots. */
static int slot_pos(const ks_model_t *m, int kind, const char *key, bool *found)
{
    int lo = 0, hi = m->nslots;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int c = slot_cmp(m->slots[mid], kind, key);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

static const req_slot_t *slot_find(const ks_model_t *m, int kind, const char *key)
{
    bool found;
    int i = slot_pos(m, kind, key, &found);
    return found ? m->slots[i] : NULL;
}

/* The slot of a request, created on first use (slots live as long as the
 * model). */
static req_slot_t *slot_get(ks_model_t *m, int kind, const char *key)
{
    bool found;
    int lo = slot_pos(m, kind, key, &found);
    if (found)
        return m->slots[lo];
    m->slots = xrealloc(m->slots, (size_t)(m->nslots + 1) * sizeof *m->slots);
    memmove(&m->slots[lo + 1], &m->slots[lo], (size_t)(m->nslots - lo) * sizeof *m->slots);
    req_slot_t *s = xcalloc(1, sizeof *s);
    s->kind = kind;
    s->key = xstrdup(key);
    m->slots[lo] = s;
    m->nslots++;
    return s;
}

static void slots_free(ks_model_t *m)
{
    for (int i = 0; i < m->nslots; i++) {
        if (m->slots[i]->ev)
            rd_kafka_event_destroy(m->slots[i]->ev);
        free(m->slots[i]->key);
        free(m->slots[i]->error);
        free(m->slots[i]);
    }
    free(m->slots);
}

/* Admin options for a request in the given slot, or NULL when that request
 * is still in flight (it is not asked twice). */
static rd_kafka_AdminOptions_t *req_begin(ks_model_t *m, rd_kafka_t *rk, rd_kafka_admin_op_t op,
                                          int kind, const char *key)
{
    req_slot_t *slot = slot_get(m, kind, key);
    if (slot->in_flight)
        return NULL;
    slot->in_flight = true;
    m->inflight++;
    rd_kafka_AdminOptions_t *o = client_admin_options_on(m->client, rk, op);
    rd_kafka_AdminOptions_set_opaque(o, slot);
    return o;
}

/* An answer: it becomes the slot's latest, unless it failed and an older
 * good one exists (that one stays, and ages). */
static void req_answered(ks_model_t *m, rd_kafka_event_t *ev)
{
    req_slot_t *slot = rd_kafka_event_opaque(ev);
    slot->in_flight = false;
    m->inflight--;
    free(slot->error);
    slot->error = rd_kafka_event_error(ev) ? xstrdup(rd_kafka_event_error_string(ev)) : NULL;
    if (slot->error && slot->ev) {
        rd_kafka_event_destroy(ev);
        return;
    }
    if (slot->ev)
        rd_kafka_event_destroy(slot->ev);
    slot->ev = ev;
    slot->ev_ms = now_ms();
}

static void *metadata_thread(void *arg)
{
    ks_model_t *m = arg;
    m->md_err = rd_kafka_metadata(m->client->rk, 1, NULL, &m->md, m->client->cfg->timeout_ms);
    atomic_store(&m->md_done, true);
    rd_kafka_queue_yield(m->q); /* wakes the collector */
    return NULL;
}

/* Takes the metadata answer if the thread has finished: true when it
 * brought metadata (now in *md, replacing an older one). */
static bool metadata_harvest(ks_model_t *m, const rd_kafka_metadata_t **md)
{
    if (!m->md_started || !atomic_load(&m->md_done))
        return false;
    pthread_join(m->md_thread, NULL);
    m->md_started = false;
    if (m->md_err || !m->md)
        return false;
    if (*md)
        rd_kafka_metadata_destroy(*md);
    *md = m->md;
    m->md = NULL;
    return true;
}

static void metadata_ask(ks_model_t *m)
{
    if (m->md_started)
        return;
    atomic_store(&m->md_done, false);
    m->md = NULL;
    m->md_err = 0;
    m->md_started = pthread_create(&m->md_thread, NULL, metadata_thread, m) == 0;
    if (!m->md_started)
        m->md_err = RD_KAFKA_RESP_ERR__FAIL;
}

/* Watermark requests: one ListOffsets per partition leader and log end. */
typedef struct {
    int32_t leader;
    rd_kafka_topic_partition_list_t *l;
} leader_parts_t;

static void leader_add(leader_parts_t **lp, int *n, int32_t leader, const char *topic, int32_t p)
{
    int i = 0;
    while (i < *n && (*lp)[i].leader != leader)
        i++;
    if (i == *n) {
        *lp = xrealloc(*lp, (size_t)(*n + 1) * sizeof **lp);
        (*lp)[i].leader = leader;
        (*lp)[i].l = rd_kafka_topic_partition_list_new(64);
        (*n)++;
    }
    rd_kafka_topic_partition_list_add((*lp)[i].l, topic, p);
}

/* The one place watermarks are asked for (the rdk branch's src/offsets.c
 * blocks until answered, which a refresh cannot afford). */
/* Partitions per ListOffsets request: librdkafka 2.14 checks each
 * partition of a request against every other and merges answers the same
 * way, so one request for 10,000 partitions costs seconds of CPU, and
 * 40 requests of 256 cost milliseconds (still a few round trips). */
enum { WM_CHUNK = 256 };

static void ask_watermarks(ks_model_t *m, leader_parts_t *lp, int n)
{
    for (int i = 0; i < n; i++) {
        const rd_kafka_topic_partition_list_t *all = lp[i].l;
        for (int from = 0; from < all->cnt; from += WM_CHUNK) {
            int cnt = all->cnt - from < WM_CHUNK ? all->cnt - from : WM_CHUNK;
            rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(cnt);
            for (int j = from; j < from + cnt; j++)
                rd_kafka_topic_partition_list_add(l, all->elems[j].topic, all->elems[j].partition);
            char key[32];
            snprintf(key, sizeof key, "%d/%d", lp[i].leader, from / WM_CHUNK);
            for (int end = 0; end < 2; end++) {
                rd_kafka_AdminOptions_t *o = req_begin(m, m->client->rk, RD_KAFKA_ADMIN_OP_LISTOFFSETS,
                                                       end ? REQ_HIGH : REQ_LOW, key);
                if (!o)
                    continue;
                for (int j = 0; j < l->cnt; j++)
                    l->elems[j].offset = end ? RD_KAFKA_OFFSET_SPEC_LATEST
                                             : RD_KAFKA_OFFSET_SPEC_EARLIEST;
                rd_kafka_ListOffsets(m->client->rk, l, o, m->q);
                rd_kafka_AdminOptions_destroy(o);
            }
            rd_kafka_topic_partition_list_destroy(l);
        }
        rd_kafka_topic_partition_list_destroy(lp[i].l);
    }
    free(lp);
}

static void free_names(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static bool watched(const ks_model_t *m, const char *topic)
{
    return bsearch(&topic, m->watch, (size_t)m->nwatch, sizeof *m->watch, str_ptr_cmp) != NULL;
}

/* Watermarks of the partitions the last snapshot knew, asked for before
 * metadata answers. Past refresh_all_partitions with topics watched, only
 * the watched ones and those MODEL_COLD_EVERY intervals old. */
static void ask_known_watermarks(ks_model_t *m, const ks_snapshot_t *prev)
{
    leader_parts_t *lp = NULL;
    int n = 0, nparts = 0;
    for (int i = 0; prev && i < prev->ntopics; i++)
        nparts += prev->topics[i].npartitions;
    pthread_mutex_lock(&m->lock);
    if (m->watch_changed) {
        free_names(m->watch, m->nwatch);
        m->watch = m->watch_next;
        m->nwatch = m->nwatch_next;
        m->watch_next = NULL;
        m->watch_changed = false;
    }
    pthread_mutex_unlock(&m->lock);
    m->tiered = m->nwatch > 0 && nparts > m->client->cfg->refresh_all_partitions;
    /* half an interval early: a refresh that starts a little before the
     * cold ones are due still takes them */
    int64_t cold_ms = now_ms() - (int64_t)m->client->cfg->refresh_ms * MODEL_COLD_EVERY +
                      m->client->cfg->refresh_ms / 2;
    for (int i = 0; prev && i < prev->ntopics; i++) {
        const ks_topic_t *t = &prev->topics[i];
        bool hot = !m->tiered || watched(m, t->name);
        for (int j = 0; j < t->npartitions; j++)
            if (t->partitions[j].leader >= 0 && (hot || t->partitions[j].wm_ms <= cold_ms))
                leader_add(&lp, &n, t->partitions[j].leader, t->name, j);
    }
    ask_watermarks(m, lp, n);
}

void model_watch_topics(ks_model_t *m, const char *const *topics, int n)
{
    char **w = n > 0 ? xcalloc((size_t)n, sizeof *w) : NULL;
    for (int i = 0; i < n; i++)
        w[i] = xstrdup(topics[i]);
    if (n > 1)
        qsort(w, (size_t)n, sizeof *w, str_ptr_cmp);
    pthread_mutex_lock(&m->lock);
    char **old = NULL; /* a set the refresher never took: replaced */
    int nold = 0;
    if (m->watch_changed) {
        old = m->watch_next;
        nold = m->nwatch_next;
    }
    m->watch_next = w;
    m->nwatch_next = n;
    m->watch_changed = true;
    pthread_mutex_unlock(&m->lock);
    free_names(old, nold);
}

/* Watermarks of partitions that fresh metadata shows and the last snapshot
 * did not (their leader's request permitting). */
static void ask_new_watermarks(ks_model_t *m, const rd_kafka_metadata_t *md,
                               const ks_snapshot_t *prev)
{
    leader_parts_t *lp = NULL;
    int n = 0;
    for (int i = 0; i < md->topic_cnt; i++) {
        const rd_kafka_metadata_topic_t *mt = &md->topics[i];
        for (int j = 0; j < mt->partition_cnt; j++) {
            const rd_kafka_metadata_partition_t *mp = &mt->partitions[j];
            if (mp->leader < 0 || (prev && find_partition(prev, mt->topic, mp->id)))
                continue;
            leader_add(&lp, &n, mp->leader, mt->topic, mp->id);
        }
    }
    ask_watermarks(m, lp, n);
}

/* broker.rack is only available through DescribeConfigs in this protocol
 * generation: asked when the broker set changes and once a minute. */
static void ask_racks(ks_model_t *m, const rd_kafka_metadata_t *md)
{
    int n = md->broker_cnt;
    if (n == 0 || client_is_embedded(m->client))
        return;
    rd_kafka_AdminOptions_t *o = req_begin(m, m->client->rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, REQ_RACKS, "");
    if (!o)
        return;
    rd_kafka_ConfigResource_t **res = xcalloc((size_t)n, sizeof *res);
    for (int i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "%d", md->brokers[i].id);
        res[i] = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_BROKER, id);
    }
    rd_kafka_DescribeConfigs(m->client->rk, res, (size_t)n, o, m->q);
    rd_kafka_AdminOptions_destroy(o);
    rd_kafka_ConfigResource_destroy_array(res, (size_t)n);
    free(res);
    m->racks_ms = mono_ms();
}

static void apply_racks(ks_snapshot_t *s, rd_kafka_event_t *ev)
{
    size_t cnt;
    const rd_kafka_ConfigResource_t **rr = rd_kafka_DescribeConfigs_result_resources(
        rd_kafka_event_DescribeConfigs_result(ev), &cnt);
    for (size_t i = 0; i < cnt; i++) {
        ks_broker_t *b =
            (ks_broker_t *)snapshot_broker(s, (int32_t)atoi(rd_kafka_ConfigResource_name(rr[i])));
        size_t ncfg;
        const rd_kafka_ConfigEntry_t **ents = rd_kafka_ConfigResource_configs(rr[i], &ncfg);
        for (size_t j = 0; b && j < ncfg; j++) {
            const char *v = rd_kafka_ConfigEntry_value(ents[j]);
            if (!strcmp(rd_kafka_ConfigEntry_name(ents[j]), "broker.rack") && v && *v) {
                free(b->rack);
                b->rack = xstrdup(v);
            }
        }
    }
}

/* Asks for groups: one batched DescribeConsumerGroups (when describe and
 * the last one has answered) and one ListConsumerGroupOffsets per group,
 * all in flight together. */
static void ask_groups(ks_model_t *m, const char **ids, size_t n, bool describe)
{
    if (n && describe) {
        rd_kafka_AdminOptions_t *o = req_begin(m, m->client->rk, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS,
                                               REQ_DESCRIBE_GROUPS, "");
        if (o) {
            rd_kafka_DescribeConsumerGroups(m->client->rk, ids, n, o, m->q);
            rd_kafka_AdminOptions_destroy(o);
        }
    }
    char err[KS_ERRLEN];
    rd_kafka_t *grk = n ? client_group_admin(m->client, err) : NULL;
    if (!grk)
        return; /* the groups' offsets stay as they were, and age */
    if (!m->gq)
        m->gq = rd_kafka_queue_new(grk);
    for (size_t i = 0; i < n; i++) {
        rd_kafka_AdminOptions_t *o =
            req_begin(m, grk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, REQ_OFFSETS, ids[i]);
        if (!o)
            continue;
        rd_kafka_ListConsumerGroupOffsets_t *req = rd_kafka_ListConsumerGroupOffsets_new(ids[i], NULL);
        rd_kafka_ListConsumerGroupOffsets(grk, &req, 1, o, m->gq);
        rd_kafka_AdminOptions_destroy(o);
        rd_kafka_ListConsumerGroupOffsets_destroy(req);
    }
}

/* The group ids of a ListConsumerGroups answer, or -1 with err when the
 * cluster could not list them. */
static int listed_groups(ks_client_t *c, rd_kafka_event_t *ev, const char ***ids, size_t *n,
                         char *err)
{
    const rd_kafka_ListConsumerGroups_result_t *res = rd_kafka_event_ListConsumerGroups_result(ev);
    size_t nvalid, nerrs;
    const rd_kafka_ConsumerGroupListing_t **valid =
        rd_kafka_ListConsumerGroups_result_valid(res, &nvalid);
    const rd_kafka_error_t **errs = rd_kafka_ListConsumerGroups_result_errors(res, &nerrs);
    if (rd_kafka_event_error(ev) || (nvalid == 0 && nerrs > 0)) {
        rd_kafka_resp_err_t code =
            rd_kafka_event_error(ev) ? rd_kafka_event_error(ev) : rd_kafka_error_code(errs[0]);
        return client_err(c, err, code, "list groups",
                          rd_kafka_event_error(ev) ? rd_kafka_event_error_string(ev)
                                                   : rd_kafka_error_string(errs[0]));
    }
    *ids = xcalloc(nvalid + 1, sizeof **ids);
    for (size_t i = 0; i < nvalid; i++)
        (*ids)[i] = rd_kafka_ConsumerGroupListing_group_id(valid[i]);
    *n = nvalid;
    return 0;
}

/* Collects answers until everything has answered or the deadline passes,
 * asking for what the answers reveal (partitions, racks, new groups).
 * *md gets fresh metadata when it comes. */
static void collect(ks_model_t *m, int64_t deadline, const ks_snapshot_t *prev, int what,
                    const rd_kafka_metadata_t **md)
{
    for (;;) {
        if (metadata_harvest(m, md)) {
            if (what & MODEL_WATERMARKS)
                ask_new_watermarks(m, *md, prev);
            if ((what & MODEL_RACKS) && (mono_ms() - m->racks_ms > 60000 || !prev ||
                                         prev->nbrokers != (*md)->broker_cnt))
                ask_racks(m, *md);
        }
        int64_t left = deadline - mono_ms();
        if ((!m->md_started && m->inflight == 0) || left <= 0)
            break;
        /* Two queues: the group-admin one's answers are taken without
         * waiting (all that have come: a thousand groups answer within
         * moments of each other), then the main one is waited on briefly. */
        rd_kafka_event_t *ev = m->gq ? rd_kafka_queue_poll(m->gq, 0) : NULL;
        if (!ev) {
            int wait = m->gq ? 5 : 200;
            ev = rd_kafka_queue_poll(m->q, (int)(left < wait ? left : wait));
        }
        if (!ev)
            continue;
        req_slot_t *slot = rd_kafka_event_opaque(ev);
        req_answered(m, ev);
        if (slot->kind == REQ_LIST_GROUPS && slot->ev == ev) {
            const char **ids = NULL;
            size_t n = 0;
            char err[KS_ERRLEN];
            if (listed_groups(m->client, ev, &ids, &n, err) == 0)
                ask_groups(m, ids, n, true);
            free(ids);
        }
    }
}

/* The time stamp an answer gives what it fills in: the snapshot's own
 * time when it came after the last snapshot, else when it came (stale). */
static int64_t stamp(const ks_snapshot_t *s, const ks_snapshot_t *prev, int64_t ev_ms)
{
    return !prev || ev_ms > prev->taken_ms ? s->taken_ms : ev_ms;
}

static void apply_watermarks(ks_snapshot_t *s, rd_kafka_event_t *ev, bool high, int64_t ms)
{
    size_t n;
    const rd_kafka_ListOffsetsResultInfo_t **infos =
        rd_kafka_ListOffsets_result_infos(rd_kafka_event_ListOffsets_result(ev), &n);
    for (size_t i = 0; i < n; i++) {
        const rd_kafka_topic_partition_t *tp =
            rd_kafka_ListOffsetsResultInfo_topic_partition(infos[i]);
        ks_topic_t *t = (ks_topic_t *)snapshot_topic(s, tp->topic);
        if (!t || tp->partition < 0 || tp->partition >= t->npartitions || tp->err ||
            tp->offset < 0)
            continue;
        ks_partition_t *p = &t->partitions[tp->partition];
        if (!high) {
            p->low = tp->offset;
        } else if (ms >= p->wm_ms) { /* a leader's newer answer wins over an older leader's */
            p->high = tp->offset;
            p->wm_ms = ms;
        }
    }
}

/* A group's description and committed offsets among the latest answers. */
typedef struct {
    const char *id;
    const rd_kafka_ConsumerGroupDescription_t *desc;
    int64_t desc_ms;
    const rd_kafka_group_result_t *offsets;
    int64_t offsets_ms;
} group_answer_t;

static int cmp_answer(const void *a, const void *b)
{
    return strcmp(((const group_answer_t *)a)->id, ((const group_answer_t *)b)->id);
}

static group_answer_t *find_answer(group_answer_t *ans, size_t n, const char *id)
{
    group_answer_t key = {.id = id};
    return n ? bsearch(&key, ans, n, sizeof key, cmp_answer) : NULL;
}

/* Indexes the latest describe answer by group id, with the latest
 * committed offsets of each group. */
static group_answer_t *index_answers(const ks_model_t *m, size_t *n)
{
    const req_slot_t *d = slot_find(m, REQ_DESCRIBE_GROUPS, "");
    size_t nd = 0;
    const rd_kafka_ConsumerGroupDescription_t **gd =
        d && d->ev ? rd_kafka_DescribeConsumerGroups_result_groups(
                         rd_kafka_event_DescribeConsumerGroups_result(d->ev), &nd)
                   : NULL;
    size_t cnt = 0, cap = nd + (size_t)m->nslots + 1;
    group_answer_t *ans = xcalloc(cap, sizeof *ans);
    for (size_t j = 0; j < nd; j++)
        ans[cnt++] = (group_answer_t){.id = rd_kafka_ConsumerGroupDescription_group_id(gd[j]),
                                      .desc = gd[j],
                                      .desc_ms = d->ev_ms};
    if (cnt > 1)
        qsort(ans, cnt, sizeof *ans, cmp_answer);
    size_t described = cnt;
    for (int i = 0; i < m->nslots; i++) {
        const req_slot_t *o = m->slots[i];
        size_t k = 0;
        const rd_kafka_group_result_t **gr =
            o->kind == REQ_OFFSETS && o->ev
                ? rd_kafka_ListConsumerGroupOffsets_result_groups(
                      rd_kafka_event_ListConsumerGroupOffsets_result(o->ev), &k)
                : NULL;
        if (!k)
            continue;
        group_answer_t *a = find_answer(ans, described, o->key);
        if (!a) {
            a = &ans[cnt++];
            a->id = o->key;
        }
        a->offsets = gr[0];
        a->offsets_ms = o->ev_ms;
    }
    if (cnt > 1)
        qsort(ans, cnt, sizeof *ans, cmp_answer);
    *n = cnt;
    return ans;
}

/* One group from the latest answers, or from the last snapshot for what
 * has never answered. */
static void build_group(ks_group_t *g, const char *id, const group_answer_t *a,
                        const ks_snapshot_t *s, const ks_snapshot_t *prev)
{
    const ks_group_t *old = snapshot_group(prev, id);
    int64_t desc_ms = 0, offsets_ms = 0;
    if (!g->id)
        g->id = xstrdup(id);
    if (g->members) { /* a group kafscope runs: its members are ours, never stale */
        desc_ms = s->taken_ms;
    } else if (a && a->desc) {
        fill_group(g, a->desc);
        desc_ms = stamp(s, prev, a->desc_ms);
    } else if (old) {
        copy_members(g, old);
        desc_ms = old->updated_ms;
    }
    if (a && a->offsets) {
        fill_committed(g, a->offsets, s);
        offsets_ms = stamp(s, prev, a->offsets_ms);
    } else if (old) {
        copy_committed(g, old, s);
        offsets_ms = old->updated_ms;
    }
    g->updated_ms = desc_ms < offsets_ms ? desc_ms : offsets_ms;
}

static void assemble_groups(ks_model_t *m, ks_snapshot_t *s, const ks_snapshot_t *prev, bool mock)
{
    const req_slot_t *list = slot_find(m, REQ_LIST_GROUPS, "");
    size_t nanswers = 0;
    group_answer_t *ans = mock ? NULL : index_answers(m, &nanswers);
    const char **ids = NULL;
    size_t nids = 0;
    char err[KS_ERRLEN] = "";
    if (mock) {
        s->groups_supported = false;
    } else if (list && list->ev && listed_groups(m->client, list->ev, &ids, &nids, err) == 0) {
        s->groups_supported = true;
        s->groups_ms = stamp(s, prev, list->ev_ms);
        if (list->error) /* the last attempt failed: say why the list is old */
            s->error = xasprintf("list groups: %s", list->error);
    } else {
        if (!*err)
            snprintf(err, sizeof err, "list groups: %s",
                     list && list->error ? list->error : "no answer yet");
        s->error = xstrdup(err);
        /* Keep the groups the cluster listed last time, marked stale. */
        s->groups_supported = prev && prev->groups_supported;
        s->groups_ms = prev ? prev->groups_ms : 0;
        ids = xcalloc((size_t)(prev ? prev->ngroups : 0) + 1, sizeof *ids);
        for (int i = 0; s->groups_supported && i < prev->ngroups; i++)
            ids[nids++] = prev->groups[i].id;
    }
    for (size_t i = 0; i < nids; i++) {
        ks_group_t g = {0};
        build_group(&g, ids[i], find_answer(ans, nanswers, ids[i]), s, prev);
        snapshot_add_group(s, &g);
    }
    free(ids);
    int listed = s->ngroups;
    if (m->local_groups)
        m->local_groups(m->local_groups_opaque, s);
    /* Groups kafscope runs itself: members come from the hook, committed
     * offsets from the cluster, as for any other group (on the mock the
     * hook supplies the offsets its members commit). */
    for (int i = listed; i < s->ngroups; i++) {
        ks_group_t *g = &s->groups[i];
        if (!mock)
            build_group(g, g->id, find_answer(ans, nanswers, g->id), s, prev);
        else
            g->updated_ms = s->taken_ms;
    }
    for (int i = 0; i < s->ngroups; i++)
        group_finish(&s->groups[i], s);
    if (s->ngroups > 1) /* qsort(NULL, 0) is undefined */
        qsort(s->groups, (size_t)s->ngroups, sizeof *s->groups, cmp_group);
    free(ans);
}

/* Ids of the groups kafscope runs itself, so their offsets are asked too. */
static void ask_local_groups(ks_model_t *m)
{
    if (!m->local_groups)
        return;
    ks_snapshot_t scratch = {0};
    m->local_groups(m->local_groups_opaque, &scratch);
    const char **ids = xcalloc((size_t)scratch.ngroups + 1, sizeof *ids);
    for (int i = 0; i < scratch.ngroups; i++)
        ids[i] = scratch.groups[i].id;
    ask_groups(m, ids, (size_t)scratch.ngroups, false);
    free(ids);
    for (int i = 0; i < scratch.ngroups; i++)
        group_free_contents(&scratch.groups[i]);
    free(scratch.groups);
}

/* A snapshot from metadata md (NULL: prev's, kept) and the latest answers
 * in the slots; what never answered comes from prev. md stays the caller's. */
static ks_snapshot_t *assemble(ks_model_t *m, int what, const ks_snapshot_t *prev,
                               const rd_kafka_metadata_t *md, bool mock)
{
    ks_client_t *c = m->client;
    ks_snapshot_t *s = xcalloc(1, sizeof *s);
    atomic_init(&s->refs, 1);
    s->taken_ms = now_ms();
    if (md) {
        s->metadata_ms = s->taken_ms;
        s->controller_id = rd_kafka_controllerid(c->rk, 0);
        char *cid = rd_kafka_clusterid(c->rk, 0);
        if (cid) {
            s->cluster_id = xstrdup(cid);
            rd_kafka_mem_free(c->rk, cid);
        }
        fill_brokers(s, md, prev);
        if (what & MODEL_TOPICS) {
            fill_topics(s, md);
            add_missing_brokers(s);
        }
    } else {
        copy_metadata(s, prev);
    }
    for (int i = 0; i < m->nslots; i++) {
        const req_slot_t *slot = m->slots[i];
        if (!slot->ev)
            continue;
        if ((what & MODEL_WATERMARKS) && (slot->kind == REQ_LOW || slot->kind == REQ_HIGH))
            apply_watermarks(s, slot->ev, slot->kind == REQ_HIGH, stamp(s, prev, slot->ev_ms));
        if ((what & MODEL_RACKS) && slot->kind == REQ_RACKS)
            apply_racks(s, slot->ev);
    }
    if (what & MODEL_WATERMARKS) {
        finish_watermarks(s, prev);
        s->tiered = m->tiered;
    }
    if (what & MODEL_GROUPS)
        assemble_groups(m, s, prev, mock);
    return s;
}

static void publish(ks_model_t *m, ks_snapshot_t *s);

/* One refresh: fires every request not in flight, collects until
 * deadline_ms from now (a first one: first_ms after metadata), and builds
 * the snapshot from the latest answers and, for what never answered, prev.
 * A first refresh with early set publishes the topics as soon as metadata
 * is in (a partial snapshot), before the watermarks and groups answer.
 * NULL with err when there is nothing to show at all. Callers hold
 * build_lock. */
static ks_snapshot_t *build(ks_model_t *m, int what, const ks_snapshot_t *prev, int deadline_ms,
                            int first_ms, bool early, char *err)
{
    ks_client_t *c = m->client;
    int64_t start = mono_ms(), deadline = start + deadline_ms;
    if (!m->q)
        m->q = rd_kafka_queue_new(c->rk);
    const rd_kafka_metadata_t *md = NULL;
    metadata_harvest(m, &md); /* a late answer to the last refresh */
    metadata_ask(m);
    if ((what & MODEL_WATERMARKS) && prev)
        ask_known_watermarks(m, prev);
    /* The mock (ours or another kafscope's) has no ListGroups. Telling
     * needs the cluster id, so a first refresh waits for metadata. */
    bool mock = false;
    if (what & MODEL_GROUPS) {
        while (!prev && !md && m->md_started && mono_ms() < start + c->cfg->timeout_ms) {
            if (!metadata_harvest(m, &md))
                sleep_ms(5);
            else if (what & MODEL_WATERMARKS)
                ask_new_watermarks(m, md, prev);
        }
        /* A first refresh shows the topics as soon as metadata is in,
         * with what else answers within the usual budget after it. */
        if (!prev && md) {
            int64_t after_md = mono_ms() + first_ms, latest = start + c->cfg->timeout_ms;
            after_md = after_md < latest ? after_md : latest;
            deadline = after_md > deadline ? after_md : deadline;
        }
        mock = (md || prev) && admin_is_mock(c);
        if (early && !prev && md) {
            ks_snapshot_t *first = assemble(m, what & ~MODEL_GROUPS, NULL, md, mock);
            first->partial = true;
            first->groups_supported = !mock;
            first->elapsed_ms = mono_ms() - start;
            publish(m, first);
        }
        if (!mock) {
            rd_kafka_AdminOptions_t *o =
                req_begin(m, m->client->rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, REQ_LIST_GROUPS, "");
            if (o) {
                rd_kafka_ListConsumerGroups(c->rk, o, m->q);
                rd_kafka_AdminOptions_destroy(o);
            }
            /* The groups known from last time are asked at once, in
             * parallel with the list that may add new ones. */
            if (prev && prev->groups_supported) {
                const char **ids = xcalloc((size_t)prev->ngroups + 1, sizeof *ids);
                for (int i = 0; i < prev->ngroups; i++)
                    ids[i] = prev->groups[i].id;
                ask_groups(m, ids, (size_t)prev->ngroups, true);
                free(ids);
            }
            ask_local_groups(m);
        }
    }
    collect(m, deadline, prev, what, &md);

    if (!md && (!prev || (prev->nbrokers == 0 && prev->ntopics == 0))) {
        /* Nothing to show: the metadata request's own answer (bounded by
         * its timeout) says best why. */
        if (m->md_started) {
            pthread_join(m->md_thread, NULL);
            m->md_started = false;
            md = m->md;
            m->md = NULL;
        }
        if (!md) {
            client_err(c, err, m->md_err ? m->md_err : RD_KAFKA_RESP_ERR__TIMED_OUT,
                       "cannot reach the cluster", NULL);
            return NULL;
        }
    }
    ks_snapshot_t *s = assemble(m, what, prev, md, mock);
    if (md)
        rd_kafka_metadata_destroy(md);
    s->elapsed_ms = mono_ms() - start;
    return s;
}
/* ---- current snapshot and the refresher ---- */

static void publish(ks_model_t *m, ks_snapshot_t *s)
{
    pthread_mutex_lock(&m->lock);
    ks_snapshot_t *old = m->current;
    s->seq = ++m->seq;
    m->current = s;
    pthread_mutex_unlock(&m->lock);
    snapshot_release(old);
    if (m->notify_fd >= 0) {
        char byte = 1;
        ssize_t w = write(m->notify_fd, &byte, 1);
        (void)w; /* a full pipe already means "wake up" */
    }
}

ks_snapshot_t *model_snapshot(ks_model_t *m)
{
    pthread_mutex_lock(&m->lock);
    ks_snapshot_t *s = m->current;
    if (s)
        atomic_fetch_add(&s->refs, 1);
    pthread_mutex_unlock(&m->lock);
    return s;
}

ks_snapshot_t *model_refresh_sync(ks_model_t *m, int what, char *err)
{
    ks_snapshot_t *prev = model_snapshot(m);
    pthread_mutex_lock(&m->build_lock);
    int all = client_timeout(m->client); /* a command wants everything, within its deadline */
    ks_snapshot_t *s = build(m, what, prev, all, all, false, err);
    pthread_mutex_unlock(&m->build_lock);
    snapshot_release(prev);
    if (!s)
        return NULL;
    atomic_fetch_add(&s->refs, 1); /* one for the caller, one for current */
    publish(m, s);
    return s;
}

/* How long a background refresh may collect answers: well inside the
 * refresh interval, so the snapshot is published on time (a first refresh
 * counts from when metadata answers). While the cluster has been
 * unreachable, as long as any request may. */
static int refresh_deadline(const ks_config_t *cfg, const ks_snapshot_t *prev)
{
    if (prev && prev->nbrokers == 0 && prev->ntopics == 0)
        return cfg->timeout_ms; /* unreachable so far: nothing to hurry for */
    int ms = cfg->refresh_ms * 3 / 4;
    if (ms < 250)
        ms = 250;
    return ms < cfg->timeout_ms ? ms : cfg->timeout_ms;
}

static void *refresher(void *arg)
{
    ks_model_t *m = arg;
    pthread_mutex_lock(&m->lock);
    while (!m->stop) {
        pthread_mutex_unlock(&m->lock);
        char err[KS_ERRLEN];
        int64_t cycle_start = mono_ms();
        ks_snapshot_t *prev = model_snapshot(m);
        pthread_mutex_lock(&m->build_lock);
        ks_snapshot_t *s = build(m, MODEL_ALL, prev, refresh_deadline(m->client->cfg, prev),
                                 refresh_deadline(m->client->cfg, NULL), true, err);
        pthread_mutex_unlock(&m->build_lock);
        if (!s) {
            /* Keep the last good picture but say the cluster is unreachable. */
            s = xcalloc(1, sizeof *s);
            atomic_init(&s->refs, 1);
            s->taken_ms = now_ms();
            s->error = xstrdup(err);
            s->controller_id = -1;
        }
        snapshot_release(prev);
        publish(m, s);

        /* The next refresh starts one interval after this one started, so
         * a slow refresh does not stretch the cycle. */
        int64_t wait_ms = cycle_start + m->client->cfg->refresh_ms - mono_ms();
        if (wait_ms < 0)
            wait_ms = 0;
        pthread_mutex_lock(&m->lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        int64_t ns = until.tv_nsec + wait_ms * 1000000;
        until.tv_sec += (time_t)(ns / 1000000000);
        until.tv_nsec = (long)(ns % 1000000000);
        while (!m->stop && !m->poked)
            if (pthread_cond_timedwait(&m->cond, &m->lock, &until))
                break;
        m->poked = false;
    }
    pthread_mutex_unlock(&m->lock);
    return NULL;
}

ks_model_t *model_new(ks_client_t *client)
{
    ks_model_t *m = xcalloc(1, sizeof *m);
    m->client = client;
    m->notify_fd = -1;
    pthread_mutex_init(&m->lock, NULL);
    pthread_mutex_init(&m->build_lock, NULL);
    pthread_cond_init(&m->cond, NULL);
    return m;
}

void model_set_local_groups(ks_model_t *m, model_local_groups_fn fn, void *opaque)
{
    m->local_groups = fn;
    m->local_groups_opaque = opaque;
}

int model_start(ks_model_t *m, int notify_fd)
{
    m->notify_fd = notify_fd;
    if (pthread_create(&m->thread, NULL, refresher, m))
        return -1;
    m->running = true;
    return 0;
}

void model_poke(ks_model_t *m)
{
    pthread_mutex_lock(&m->lock);
    m->poked = true;
    pthread_cond_signal(&m->cond);
    pthread_mutex_unlock(&m->lock);
}

void model_free(ks_model_t *m)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->lock);
    m->stop = true;
    pthread_cond_signal(&m->cond);
    pthread_mutex_unlock(&m->lock);
    if (m->running)
        pthread_join(m->thread, NULL);
    if (m->md_started) /* bounded by the metadata request's timeout */
        pthread_join(m->md_thread, NULL);
    if (m->md)
        rd_kafka_metadata_destroy(m->md);
    if (m->q)
        rd_kafka_queue_destroy(m->q); /* answers still to come are dropped with it */
    if (m->gq)
        rd_kafka_queue_destroy(m->gq);
    slots_free(m);
    free_names(m->watch, m->nwatch);
    if (m->watch_changed)
        free_names(m->watch_next, m->nwatch_next);
    snapshot_release(m->current);
    pthread_mutex_destroy(&m->build_lock);
    pthread_cond_destroy(&m->cond);
    pthread_mutex_destroy(&m->lock);
    free(m);
}
