#include "model.h"

#include "admin.h"

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
};

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
    bool known = false;
    for (int i = 0; i < g->noffsets; i++) {
        if (g->offsets[i].lag >= 0) {
            g->total_lag += g->offsets[i].lag;
            known = true;
        }
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

static void apply_watermarks(ks_snapshot_t *s, rd_kafka_event_t *ev, bool high)
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
        if (high) {
            p->high = tp->offset;
            p->wm_ms = s->taken_ms;
        } else {
            p->low = tp->offset;
        }
    }
}

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
            if (old && p->high < 0) { /* not answered this time */
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

static void fill_group(ks_group_t *g, const rd_kafka_ConsumerGroupDescription_t *gd)
{
    const rd_kafka_error_t *ge = rd_kafka_ConsumerGroupDescription_error(gd);
    if (ge)
        g->error = xstrdup(rd_kafka_error_string(ge));
    g->state = xstrdup(
        rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(gd)));
    g->protocol = xstrdup(rd_kafka_ConsumerGroupDescription_partition_assignor(gd));
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

/* ---- one refresh: every request in flight at once ----
 *
 * librdkafka's admin API answers on a queue, so a refresh fires all its
 * requests on one queue and collects results until one deadline. Metadata
 * has no asynchronous call: it runs on a short-lived thread meanwhile.
 * Requests are split so that a broker that is gone or hangs (accepts
 * connections, never answers) delays only what it serves: watermarks per
 * partition leader, committed offsets per group (ListConsumerGroupOffsets
 * takes one group per request). Each request's own timeout ends with the
 * deadline, so nothing piles up from one refresh to the next. */

enum { REQ_LOW = 1, REQ_HIGH, REQ_RACKS, REQ_LIST_GROUPS, REQ_DESCRIBE_GROUPS, REQ_OFFSETS };

typedef struct {
    ks_client_t *c;
    rd_kafka_queue_t *q;
    int64_t deadline;          /* monotonic ms */
    int pending;               /* requests whose result has not arrived */
    rd_kafka_event_t **events; /* results, kept until the snapshot is built */
    int nevents;
    char **asked;              /* groups already asked for, sorted */
    int nasked;
    /* metadata, on its own thread */
    pthread_t md_thread;
    bool md_running;
    atomic_bool md_done;
    int md_timeout_ms;
    const rd_kafka_metadata_t *md;
    rd_kafka_resp_err_t md_err;
} refresh_t;

static void *metadata_thread(void *arg)
{
    refresh_t *r = arg;
    r->md_err = rd_kafka_metadata(r->c->rk, 1, NULL, &r->md, r->md_timeout_ms);
    atomic_store(&r->md_done, true);
    rd_kafka_queue_yield(r->q); /* wakes the collector */
    return NULL;
}

static rd_kafka_AdminOptions_t *req_options(refresh_t *r, rd_kafka_admin_op_t op, int kind)
{
    rd_kafka_AdminOptions_t *o = rd_kafka_AdminOptions_new(r->c->rk, op);
    int64_t left = r->deadline - mono_ms();
    rd_kafka_AdminOptions_set_request_timeout(o, (int)(left > 100 ? left : 100), NULL, 0);
    rd_kafka_AdminOptions_set_opaque(o, (void *)(intptr_t)kind);
    r->pending++;
    return o;
}

static int kind_of(rd_kafka_event_t *ev)
{
    return (int)(intptr_t)rd_kafka_event_opaque(ev);
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
 * can take over here). */
static void ask_watermarks(refresh_t *r, leader_parts_t *lp, int n)
{
    for (int i = 0; i < n; i++) {
        for (int end = 0; end < 2; end++) {
            for (int j = 0; j < lp[i].l->cnt; j++)
                lp[i].l->elems[j].offset = end ? RD_KAFKA_OFFSET_SPEC_LATEST
                                               : RD_KAFKA_OFFSET_SPEC_EARLIEST;
            rd_kafka_AdminOptions_t *o =
                req_options(r, RD_KAFKA_ADMIN_OP_LISTOFFSETS, end ? REQ_HIGH : REQ_LOW);
            rd_kafka_ListOffsets(r->c->rk, lp[i].l, o, r->q);
            rd_kafka_AdminOptions_destroy(o);
        }
        rd_kafka_topic_partition_list_destroy(lp[i].l);
    }
    free(lp);
}

/* Watermarks of the partitions the last snapshot knew, asked for before
 * metadata answers. */
static void ask_known_watermarks(refresh_t *r, const ks_snapshot_t *prev)
{
    leader_parts_t *lp = NULL;
    int n = 0;
    for (int i = 0; prev && i < prev->ntopics; i++)
        for (int j = 0; j < prev->topics[i].npartitions; j++)
            if (prev->topics[i].partitions[j].leader >= 0)
                leader_add(&lp, &n, prev->topics[i].partitions[j].leader, prev->topics[i].name, j);
    ask_watermarks(r, lp, n);
}

/* Watermarks of partitions that fresh metadata shows and the last snapshot
 * did not. */
static void ask_new_watermarks(refresh_t *r, const ks_snapshot_t *prev)
{
    leader_parts_t *lp = NULL;
    int n = 0;
    for (int i = 0; i < r->md->topic_cnt; i++) {
        const rd_kafka_metadata_topic_t *mt = &r->md->topics[i];
        for (int j = 0; j < mt->partition_cnt; j++) {
            const rd_kafka_metadata_partition_t *mp = &mt->partitions[j];
            if (mp->leader < 0 || (prev && find_partition(prev, mt->topic, mp->id)))
                continue;
            leader_add(&lp, &n, mp->leader, mt->topic, mp->id);
        }
    }
    ask_watermarks(r, lp, n);
}

/* broker.rack is only available through DescribeConfigs in this protocol
 * generation: asked when the broker set changes and once a minute. */
static void ask_racks(refresh_t *r)
{
    int n = r->md->broker_cnt;
    if (n == 0 || client_is_embedded(r->c))
        return;
    rd_kafka_ConfigResource_t **res = xcalloc((size_t)n, sizeof *res);
    for (int i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "%d", r->md->brokers[i].id);
        res[i] = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_BROKER, id);
    }
    rd_kafka_AdminOptions_t *o = req_options(r, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, REQ_RACKS);
    rd_kafka_DescribeConfigs(r->c->rk, res, (size_t)n, o, r->q);
    rd_kafka_AdminOptions_destroy(o);
    rd_kafka_ConfigResource_destroy_array(res, (size_t)n);
    free(res);
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

/* Asks for the groups not asked for yet in this refresh: one batched
 * DescribeConsumerGroups (when describe), one ListConsumerGroupOffsets
 * each, all in flight together. */
static void ask_groups(refresh_t *r, const char **ids, size_t n, bool describe)
{
    const char **fresh = xcalloc(n + 1, sizeof *fresh);
    size_t nfresh = 0;
    for (size_t i = 0; i < n; i++) {
        int lo = 0, hi = r->nasked; /* where ids[i] goes in the sorted r->asked */
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (strcmp(r->asked[mid], ids[i]) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < r->nasked && !strcmp(r->asked[lo], ids[i]))
            continue;
        r->asked = xrealloc(r->asked, (size_t)(r->nasked + 1) * sizeof *r->asked);
        memmove(&r->asked[lo + 1], &r->asked[lo], (size_t)(r->nasked - lo) * sizeof *r->asked);
        r->asked[lo] = xstrdup(ids[i]);
        r->nasked++;
        fresh[nfresh++] = ids[i];
    }
    if (nfresh && describe) {
        rd_kafka_AdminOptions_t *o =
            req_options(r, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, REQ_DESCRIBE_GROUPS);
        rd_kafka_DescribeConsumerGroups(r->c->rk, fresh, nfresh, o, r->q);
        rd_kafka_AdminOptions_destroy(o);
    }
    for (size_t i = 0; i < nfresh; i++) {
        rd_kafka_ListConsumerGroupOffsets_t *req =
            rd_kafka_ListConsumerGroupOffsets_new(fresh[i], NULL);
        rd_kafka_AdminOptions_t *o =
            req_options(r, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, REQ_OFFSETS);
        rd_kafka_ListConsumerGroupOffsets(r->c->rk, &req, 1, o, r->q);
        rd_kafka_AdminOptions_destroy(o);
        rd_kafka_ListConsumerGroupOffsets_destroy(req);
    }
    free(fresh);
}

/* The group ids of a ListConsumerGroups result, or -1 with err when the
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

/* Collects results until everything has answered or the deadline passes,
 * asking for what the answers reveal (new partitions, new groups). */
static void collect(refresh_t *r, const ks_snapshot_t *prev, int what, bool racks_due)
{
    bool after_md_done = false;
    for (;;) {
        bool md_done = atomic_load(&r->md_done);
        if (md_done && !after_md_done) {
            after_md_done = true;
            if (r->md && (what & MODEL_WATERMARKS))
                ask_new_watermarks(r, prev);
            if (r->md && (what & MODEL_RACKS) &&
                (racks_due || !prev || prev->nbrokers != r->md->broker_cnt))
                ask_racks(r);
        }
        int64_t left = r->deadline - mono_ms();
        if ((md_done && r->pending == 0) || left <= 0)
            break;
        rd_kafka_event_t *ev = rd_kafka_queue_poll(r->q, (int)(left < 200 ? left : 200));
        if (!ev)
            continue;
        r->pending--;
        if (kind_of(ev) == REQ_LIST_GROUPS) {
            const char **ids = NULL;
            size_t n = 0;
            char err[KS_ERRLEN];
            if (listed_groups(r->c, ev, &ids, &n, err) == 0)
                ask_groups(r, ids, n, true);
            free(ids);
        }
        r->events = xrealloc(r->events, (size_t)(r->nevents + 1) * sizeof *r->events);
        r->events[r->nevents++] = ev;
    }
}

/* A group's description and committed offsets, as results in this refresh. */
typedef struct {
    const char *id;
    const rd_kafka_ConsumerGroupDescription_t *desc;
    const rd_kafka_group_result_t *offsets;
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

/* Indexes the describe and offsets results by group id. */
static group_answer_t *index_answers(const refresh_t *r, size_t *n)
{
    group_answer_t *ans = NULL;
    size_t cnt = 0, cap = 0;
    for (int i = 0; i < r->nevents; i++) {
        rd_kafka_event_t *ev = r->events[i];
        size_t k = 0;
        const rd_kafka_ConsumerGroupDescription_t **gd = NULL;
        const rd_kafka_group_result_t **gr = NULL;
        if (kind_of(ev) == REQ_DESCRIBE_GROUPS)
            gd = rd_kafka_DescribeConsumerGroups_result_groups(
                rd_kafka_event_DescribeConsumerGroups_result(ev), &k);
        else if (kind_of(ev) == REQ_OFFSETS && !rd_kafka_event_error(ev))
            gr = rd_kafka_ListConsumerGroupOffsets_result_groups(
                rd_kafka_event_ListConsumerGroupOffsets_result(ev), &k);
        for (size_t j = 0; j < k; j++) {
            if (cnt == cap) {
                cap = cap ? 2 * cap : 64;
                ans = xrealloc(ans, cap * sizeof *ans);
            }
            ans[cnt++] = (group_answer_t){
                gd ? rd_kafka_ConsumerGroupDescription_group_id(gd[j])
                   : rd_kafka_group_result_name(gr[j]),
                gd ? gd[j] : NULL, gr ? gr[j] : NULL};
        }
    }
    if (cnt > 1)
        qsort(ans, cnt, sizeof *ans, cmp_answer);
    /* Merge each group's description and offsets into one entry. */
    size_t out = 0;
    for (size_t i = 0; i < cnt; i++) {
        if (out && !strcmp(ans[out - 1].id, ans[i].id)) {
            if (ans[i].desc)
                ans[out - 1].desc = ans[i].desc;
            if (ans[i].offsets)
                ans[out - 1].offsets = ans[i].offsets;
        } else {
            ans[out++] = ans[i];
        }
    }
    *n = out;
    return ans;
}

/* One group from this refresh's answers, or from the last snapshot for
 * what did not answer. */
static void build_group(ks_group_t *g, const char *id, const group_answer_t *a,
                        const ks_snapshot_t *s, const ks_snapshot_t *prev)
{
    const ks_group_t *old = snapshot_group(prev, id);
    int64_t desc_ms = 0, offsets_ms = 0;
    if (!g->id)
        g->id = xstrdup(id);
    if (a && a->desc) {
        fill_group(g, a->desc);
        desc_ms = s->taken_ms;
    } else if (old && !g->members) {
        copy_members(g, old);
        desc_ms = old->updated_ms;
    } else if (g->members) { /* a local group: its members are ours, never stale */
        desc_ms = s->taken_ms;
    }
    if (a && a->offsets) {
        fill_committed(g, a->offsets, s);
        offsets_ms = s->taken_ms;
    } else if (old) {
        copy_committed(g, old, s);
        offsets_ms = old->updated_ms;
    }
    g->updated_ms = desc_ms < offsets_ms ? desc_ms : offsets_ms;
}

static void assemble_groups(ks_model_t *m, refresh_t *r, ks_snapshot_t *s,
                            const ks_snapshot_t *prev, bool mock)
{
    rd_kafka_event_t *list = NULL;
    for (int i = 0; i < r->nevents; i++)
        if (kind_of(r->events[i]) == REQ_LIST_GROUPS)
            list = r->events[i];
    size_t nanswers = 0;
    group_answer_t *ans = mock ? NULL : index_answers(r, &nanswers);
    const char **ids = NULL;
    size_t nids = 0;
    char err[KS_ERRLEN] = "";
    if (mock) {
        s->groups_supported = false;
    } else if (list && listed_groups(m->client, list, &ids, &nids, err) == 0) {
        s->groups_supported = true;
        s->groups_ms = s->taken_ms;
    } else {
        if (!list)
            snprintf(err, sizeof err, "list groups: no answer within the refresh deadline");
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
static void ask_local_groups(ks_model_t *m, refresh_t *r)
{
    if (!m->local_groups)
        return;
    ks_snapshot_t scratch = {0};
    m->local_groups(m->local_groups_opaque, &scratch);
    const char **ids = xcalloc((size_t)scratch.ngroups + 1, sizeof *ids);
    for (int i = 0; i < scratch.ngroups; i++)
        ids[i] = scratch.groups[i].id;
    ask_groups(r, ids, (size_t)scratch.ngroups, false);
    free(ids);
    for (int i = 0; i < scratch.ngroups; i++)
        group_free_contents(&scratch.groups[i]);
    free(scratch.groups);
}

/* One refresh: fires every request, collects until deadline_ms from now,
 * and builds the snapshot from what answered and, for the rest, prev.
 * NULL with err when there is nothing to show at all. */
static ks_snapshot_t *build(ks_model_t *m, int what, const ks_snapshot_t *prev, int deadline_ms,
                            char *err)
{
    ks_client_t *c = m->client;
    int64_t start = mono_ms();
    refresh_t r = {.c = c, .deadline = start + deadline_ms, .md_timeout_ms = deadline_ms};
    atomic_init(&r.md_done, false);
    r.q = rd_kafka_queue_new(c->rk);
    if (pthread_create(&r.md_thread, NULL, metadata_thread, &r)) {
        r.md_err = RD_KAFKA_RESP_ERR__FAIL;
        atomic_store(&r.md_done, true);
    } else {
        r.md_running = true;
    }
    if ((what & MODEL_WATERMARKS) && prev)
        ask_known_watermarks(&r, prev);
    /* The mock (ours or another kafscope's) has no ListGroups. Asking needs
     * the cluster id, so a first refresh learns it once metadata is in. */
    bool mock = false;
    if (what & MODEL_GROUPS) {
        if (!prev) {
            while (!atomic_load(&r.md_done) && mono_ms() < r.deadline)
                sleep_ms(5);
        }
        mock = (r.md || prev) && admin_is_mock(c);
        if (!mock) {
            rd_kafka_AdminOptions_t *o =
                req_options(&r, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, REQ_LIST_GROUPS);
            rd_kafka_ListConsumerGroups(c->rk, o, r.q);
            rd_kafka_AdminOptions_destroy(o);
            /* The groups known from last time are asked at once, in
             * parallel with the list that may add new ones. */
            if (prev && prev->groups_supported) {
                const char **ids = xcalloc((size_t)prev->ngroups + 1, sizeof *ids);
                for (int i = 0; i < prev->ngroups; i++)
                    ids[i] = prev->groups[i].id;
                ask_groups(&r, ids, (size_t)prev->ngroups, true);
                free(ids);
            }
            ask_local_groups(m, &r);
        }
    }
    bool racks_due = mono_ms() - m->racks_ms > 60000;
    collect(&r, prev, what, racks_due);
    if (r.md_running)
        pthread_join(r.md_thread, NULL);
    rd_kafka_queue_destroy(r.q); /* late answers are dropped with it */

    ks_snapshot_t *s = NULL;
    if (r.md_err || !r.md) {
        if (!prev || (prev->nbrokers == 0 && prev->ntopics == 0)) {
            client_err(c, err, r.md_err ? r.md_err : RD_KAFKA_RESP_ERR__TIMED_OUT,
                       "cannot reach the cluster", NULL);
            goto done;
        }
    }
    s = xcalloc(1, sizeof *s);
    atomic_init(&s->refs, 1);
    s->taken_ms = now_ms();
    if (r.md) {
        s->metadata_ms = s->taken_ms;
        s->controller_id = rd_kafka_controllerid(c->rk, 0);
        char *cid = rd_kafka_clusterid(c->rk, 0);
        if (cid) {
            s->cluster_id = xstrdup(cid);
            rd_kafka_mem_free(c->rk, cid);
        }
        fill_brokers(s, r.md, prev);
        if (what & MODEL_TOPICS) {
            fill_topics(s, r.md);
            add_missing_brokers(s);
        }
    } else {
        copy_metadata(s, prev);
    }
    for (int i = 0; i < r.nevents; i++) {
        int kind = kind_of(r.events[i]);
        if ((kind == REQ_LOW || kind == REQ_HIGH) && !rd_kafka_event_error(r.events[i]))
            apply_watermarks(s, r.events[i], kind == REQ_HIGH);
        if (kind == REQ_RACKS) {
            if (!rd_kafka_event_error(r.events[i]))
                apply_racks(s, r.events[i]);
            m->racks_ms = mono_ms();
        }
    }
    if (what & MODEL_WATERMARKS)
        finish_watermarks(s, prev);
    if (what & MODEL_GROUPS)
        assemble_groups(m, &r, s, prev, mock);
    s->elapsed_ms = mono_ms() - start;
done:
    for (int i = 0; i < r.nevents; i++)
        rd_kafka_event_destroy(r.events[i]);
    free(r.events);
    for (int i = 0; i < r.nasked; i++)
        free(r.asked[i]);
    free(r.asked);
    if (r.md)
        rd_kafka_metadata_destroy(r.md);
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
    ks_snapshot_t *s = build(m, what, prev, m->client->cfg->timeout_ms, err);
    snapshot_release(prev);
    if (!s)
        return NULL;
    atomic_fetch_add(&s->refs, 1); /* one for the caller, one for current */
    publish(m, s);
    return s;
}

/* How long a background refresh may collect answers: well inside the
 * refresh interval, so the snapshot is published on time. A first refresh
 * (nothing to show yet) waits as long as any request may. */
static int refresh_deadline(const ks_config_t *cfg, const ks_snapshot_t *prev)
{
    if (!prev || (prev->nbrokers == 0 && prev->ntopics == 0))
        return cfg->timeout_ms;
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
        ks_snapshot_t *s = build(m, MODEL_ALL, prev, refresh_deadline(m->client->cfg, prev), err);
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
    snapshot_release(m->current);
    pthread_cond_destroy(&m->cond);
    pthread_mutex_destroy(&m->lock);
    free(m);
}
