/* Filling in a snapshot from librdkafka's answers, or from the snapshot
 * before for what did not answer (see snapshot_fill.h). */
#include "kafka/snapshot_fill.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* ---- brokers, topics, partitions; group lag ---- */

static int32_t *copy_ids(const int32_t *ids, int n)
{
    return n ? xmemdup(ids, (size_t)n * sizeof *ids) : NULL;
}

void snapshot_fill_brokers(ks_snapshot_t *s, const rd_kafka_metadata_t *md,
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
    snapshot_sort_brokers(s);
}

/* Metadata lists only live brokers; a broker that replicas still name but
 * metadata does not is down. This shows it even in a fresh process. */
void snapshot_add_missing_brokers(ks_snapshot_t *s)
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
    snapshot_sort_brokers(s);
}

void snapshot_fill_topics(ks_snapshot_t *s, const rd_kafka_metadata_t *md)
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
    snapshot_sort_topics(s);
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
    const ks_partition_t *p = snapshot_partition(s, topic, partition);
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
void group_finish(ks_group_t *g, const ks_snapshot_t *s)
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
        const ks_partition_t *p = snapshot_partition(s, o->topic, o->partition);
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
void snapshot_copy_metadata(ks_snapshot_t *s, const ks_snapshot_t *prev)
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

void group_copy_members(ks_group_t *g, const ks_group_t *old)
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

/* broker.rack, from the DescribeConfigs the refresher asks (model_requests.c). */
void snapshot_apply_racks(ks_snapshot_t *s, rd_kafka_event_t *ev)
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

/* ---- watermarks ---- */

void snapshot_apply_watermarks(ks_snapshot_t *s, rd_kafka_event_t *ev, bool high, int64_t ms)
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

/* After the fresh watermarks are in: the rest keep their last value and
 * age, rates come from the high watermark's change since the last fetch,
 * and the topics sum their partitions. */
void snapshot_finish_watermarks(ks_snapshot_t *s, const ks_snapshot_t *prev)
{
    for (int i = 0; i < s->ntopics; i++) {
        ks_topic_t *t = &s->topics[i];
        bool any_rate = false;
        t->rate = 0;
        t->messages = 0;
        t->wm_ms = INT64_MAX;
        for (int j = 0; j < t->npartitions; j++) {
            ks_partition_t *p = &t->partitions[j];
            const ks_partition_t *old = prev ? snapshot_partition(prev, t->name, j) : NULL;
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

void group_fill(ks_group_t *g, const rd_kafka_ConsumerGroupDescription_t *gd)
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
void group_fill_committed(ks_group_t *g, const rd_kafka_group_result_t *gr, const ks_snapshot_t *s)
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
void group_copy_committed(ks_group_t *g, const ks_group_t *old, const ks_snapshot_t *s)
{
    for (int i = 0; i < old->noffsets; i++)
        if (old->offsets[i].committed >= 0)
            add_offset(g, old->offsets[i].topic, old->offsets[i].partition,
                       old->offsets[i].committed, s);
}
