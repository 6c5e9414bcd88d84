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

/* Asks every partition leader for one end of the log, batched per leader:
 * ListOffsets with timestamp -1 answers the high watermark, -2 the low. */
static void query_ends(ks_client_t *c, ks_snapshot_t *s, int64_t which)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(64);
    for (int i = 0; i < s->ntopics; i++)
        for (int j = 0; j < s->topics[i].npartitions; j++)
            if (s->topics[i].partitions[j].leader >= 0)
                rd_kafka_topic_partition_list_add(l, s->topics[i].name, j)->offset = which;
    if (l->cnt == 0) {
        rd_kafka_topic_partition_list_destroy(l);
        return;
    }
    rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(c->rk, l, client_timeout(c));
    for (int i = 0; i < l->cnt; i++) {
        rd_kafka_topic_partition_t *tp = &l->elems[i];
        ks_topic_t *t = (ks_topic_t *)snapshot_topic(s, tp->topic);
        if (!t || tp->partition >= t->npartitions)
            continue;
        ks_partition_t *p = &t->partitions[tp->partition];
        if (err || tp->err || tp->offset < 0)
            continue;
        if (which == RD_KAFKA_OFFSET_END)
            p->high = tp->offset;
        else
            p->low = tp->offset;
    }
    rd_kafka_topic_partition_list_destroy(l);
}

static void fill_watermarks(ks_client_t *c, ks_snapshot_t *s, const ks_snapshot_t *prev)
{
    query_ends(c, s, RD_KAFKA_OFFSET_END);
    query_ends(c, s, RD_KAFKA_OFFSET_BEGINNING);
    double dt = prev ? (double)(s->taken_ms - prev->taken_ms) / 1000.0 : 0;
    for (int i = 0; i < s->ntopics; i++) {
        ks_topic_t *t = &s->topics[i];
        bool any_rate = false;
        t->rate = 0;
        for (int j = 0; j < t->npartitions; j++) {
            ks_partition_t *p = &t->partitions[j];
            if (p->high >= 0 && p->low >= 0)
                t->messages += p->high - p->low;
            const ks_partition_t *old = prev ? find_partition(prev, t->name, j) : NULL;
            if (old && old->high >= 0 && p->high >= 0 && dt > 0.05) {
                int64_t delta = p->high - old->high;
                p->rate = delta > 0 ? (double)delta / dt : 0;
                t->rate += p->rate;
                any_rate = true;
            }
        }
        if (!any_rate)
            t->rate = -1;
    }
}

/* broker.rack is only available through DescribeConfigs in this protocol
 * generation; ask once, then only when the broker set changes. */
static void fill_racks(ks_client_t *c, ks_snapshot_t *s)
{
    if (s->nbrokers == 0 || client_is_embedded(c))
        return;
    rd_kafka_ConfigResource_t **res = xcalloc((size_t)s->nbrokers, sizeof *res);
    int n = 0;
    for (int i = 0; i < s->nbrokers; i++) {
        if (!s->brokers[i].up)
            continue;
        char id[16];
        snprintf(id, sizeof id, "%d", s->brokers[i].id);
        res[n++] = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_BROKER, id);
    }
    rd_kafka_queue_t *q = rd_kafka_queue_new(c->rk);
    rd_kafka_AdminOptions_t *o = client_admin_options(c, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS);
    rd_kafka_DescribeConfigs(c->rk, res, (size_t)n, o, q);
    rd_kafka_event_t *ev = NULL;
    char err[KS_ERRLEN];
    if (!client_wait_event(q, RD_KAFKA_EVENT_DESCRIBECONFIGS_RESULT, client_timeout(c), &ev,
                           "describe brokers", err) &&
        !rd_kafka_event_error(ev)) {
        size_t cnt;
        const rd_kafka_ConfigResource_t **rr = rd_kafka_DescribeConfigs_result_resources(
            rd_kafka_event_DescribeConfigs_result(ev), &cnt);
        for (size_t i = 0; i < cnt; i++) {
            ks_broker_t *b = (ks_broker_t *)snapshot_broker(
                s, (int32_t)atoi(rd_kafka_ConfigResource_name(rr[i])));
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
    if (ev)
        rd_kafka_event_destroy(ev);
    rd_kafka_AdminOptions_destroy(o);
    rd_kafka_queue_destroy(q);
    rd_kafka_ConfigResource_destroy_array(res, (size_t)n);
    free(res);
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

/* Committed offsets of one group via OffsetFetch (which even the mock has). */
static void fetch_committed(ks_client_t *c, ks_group_t *g, const ks_snapshot_t *s)
{
    char err[KS_ERRLEN];
    rd_kafka_t *rk = client_group_admin(c, err); /* not c->rk: see client.h */
    if (!rk) {
        g->error = xstrdup(err);
        return;
    }
    rd_kafka_ListConsumerGroupOffsets_t *req = rd_kafka_ListConsumerGroupOffsets_new(g->id, NULL);
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_AdminOptions_t *o =
        client_admin_options_on(c, rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
    rd_kafka_ListConsumerGroupOffsets(rk, &req, 1, o, q);
    rd_kafka_event_t *ev = NULL;
    if (client_wait_event(q, RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT, client_timeout(c),
                          &ev, "committed offsets", err)) {
        g->error = xstrdup(err);
    } else if (rd_kafka_event_error(ev)) {
        g->error = xstrdup(rd_kafka_event_error_string(ev));
    } else {
        size_t n;
        const rd_kafka_group_result_t **gr = rd_kafka_ListConsumerGroupOffsets_result_groups(
            rd_kafka_event_ListConsumerGroupOffsets_result(ev), &n);
        for (size_t i = 0; i < n; i++) {
            const rd_kafka_topic_partition_list_t *l = rd_kafka_group_result_partitions(gr[i]);
            for (int j = 0; l && j < l->cnt; j++)
                if (!l->elems[j].err && l->elems[j].offset >= 0)
                    add_offset(g, l->elems[j].topic, l->elems[j].partition, l->elems[j].offset,
                               s);
        }
    }
    if (ev)
        rd_kafka_event_destroy(ev);
    rd_kafka_AdminOptions_destroy(o);
    rd_kafka_queue_destroy(q);
    rd_kafka_ListConsumerGroupOffsets_destroy(req);
}

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

/* Lists and describes the cluster's consumer groups. Returns -1 when the
 * cluster does not support it (the mock), so local groups can stand in. */
static int fill_groups(ks_client_t *c, ks_snapshot_t *s, char *err)
{
    rd_kafka_queue_t *q = rd_kafka_queue_new(c->rk);
    rd_kafka_AdminOptions_t *o = client_admin_options(c, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS);
    rd_kafka_ListConsumerGroups(c->rk, o, q);
    rd_kafka_AdminOptions_destroy(o);
    rd_kafka_event_t *ev = NULL;
    int rc = 0;
    if (client_wait_event(q, RD_KAFKA_EVENT_LISTCONSUMERGROUPS_RESULT, client_timeout(c), &ev,
                          "list groups", err)) {
        rd_kafka_queue_destroy(q);
        return -1;
    }
    const rd_kafka_ListConsumerGroups_result_t *res = rd_kafka_event_ListConsumerGroups_result(ev);
    size_t nvalid, nerrs;
    const rd_kafka_ConsumerGroupListing_t **valid =
        rd_kafka_ListConsumerGroups_result_valid(res, &nvalid);
    const rd_kafka_error_t **errs = rd_kafka_ListConsumerGroups_result_errors(res, &nerrs);
    if (rd_kafka_event_error(ev) || (nvalid == 0 && nerrs > 0)) {
        rd_kafka_resp_err_t code =
            rd_kafka_event_error(ev) ? rd_kafka_event_error(ev) : rd_kafka_error_code(errs[0]);
        client_err(c, err, code, "list groups",
                   rd_kafka_event_error(ev) ? rd_kafka_event_error_string(ev)
                                            : rd_kafka_error_string(errs[0]));
        rd_kafka_event_destroy(ev);
        rd_kafka_queue_destroy(q);
        return -1;
    }
    const char **ids = xcalloc(nvalid, sizeof *ids);
    for (size_t i = 0; i < nvalid; i++)
        ids[i] = rd_kafka_ConsumerGroupListing_group_id(valid[i]);
    if (nvalid) {
        o = client_admin_options(c, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS);
        rd_kafka_DescribeConsumerGroups(c->rk, ids, nvalid, o, q);
        rd_kafka_AdminOptions_destroy(o);
        rd_kafka_event_t *dev = NULL;
        if (client_wait_event(q, RD_KAFKA_EVENT_DESCRIBECONSUMERGROUPS_RESULT, client_timeout(c),
                              &dev, "describe groups", err) == 0) {
            size_t n;
            const rd_kafka_ConsumerGroupDescription_t **gd =
                rd_kafka_DescribeConsumerGroups_result_groups(
                    rd_kafka_event_DescribeConsumerGroups_result(dev), &n);
            for (size_t i = 0; i < n; i++) {
                ks_group_t g = {0};
                g.id = xstrdup(rd_kafka_ConsumerGroupDescription_group_id(gd[i]));
                const rd_kafka_error_t *ge = rd_kafka_ConsumerGroupDescription_error(gd[i]);
                if (ge)
                    g.error = xstrdup(rd_kafka_error_string(ge));
                g.state = xstrdup(rd_kafka_consumer_group_state_name(
                    rd_kafka_ConsumerGroupDescription_state(gd[i])));
                g.protocol = xstrdup(rd_kafka_ConsumerGroupDescription_partition_assignor(gd[i]));
                g.type = group_type(gd[i]);
                g.nmembers = (int)rd_kafka_ConsumerGroupDescription_member_count(gd[i]);
                g.members = xcalloc((size_t)g.nmembers, sizeof *g.members);
                for (int m = 0; m < g.nmembers; m++)
                    fill_member(&g.members[m],
                                rd_kafka_ConsumerGroupDescription_member(gd[i], (size_t)m));
                fetch_committed(c, &g, s);
                group_finish(&g, s);
                snapshot_add_group(s, &g);
            }
            rd_kafka_event_destroy(dev);
        } else {
            rc = -1;
        }
    }
    free(ids);
    rd_kafka_event_destroy(ev);
    rd_kafka_queue_destroy(q);
    return rc;
}

static ks_snapshot_t *build(ks_model_t *m, int what, const ks_snapshot_t *prev, char *err)
{
    ks_client_t *c = m->client;
    int64_t start = mono_ms();
    const rd_kafka_metadata_t *md = NULL;
    rd_kafka_resp_err_t code = rd_kafka_metadata(c->rk, 1, NULL, &md, client_timeout(c));
    if (code) {
        client_err(c, err, code, "cannot reach the cluster", NULL);
        return NULL;
    }
    ks_snapshot_t *s = xcalloc(1, sizeof *s);
    atomic_init(&s->refs, 1);
    s->taken_ms = now_ms();
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
    rd_kafka_metadata_destroy(md);
    if (what & MODEL_WATERMARKS)
        fill_watermarks(c, s, prev);
    bool brokers_changed = !prev || prev->nbrokers != s->nbrokers;
    if ((what & MODEL_RACKS) && (brokers_changed || mono_ms() - m->racks_ms > 60000)) {
        fill_racks(c, s);
        m->racks_ms = mono_ms();
    }
    if (what & MODEL_GROUPS) {
        char gerr[KS_ERRLEN];
        /* The mock (ours or another kafscope's) has no ListGroups. */
        bool mock = admin_is_mock(c);
        s->groups_supported = mock ? false : fill_groups(c, s, gerr) == 0;
        if (!s->groups_supported && !mock)
            s->error = xstrdup(gerr);
        int listed = s->ngroups;
        if (m->local_groups)
            m->local_groups(m->local_groups_opaque, s);
        /* Groups kafscope runs itself: members come from the hook, committed
         * offsets from the cluster, as for any other group. */
        for (int i = listed; i < s->ngroups; i++) {
            if (!mock) /* there the hook supplies the offsets its members commit */
                fetch_committed(c, &s->groups[i], s);
            group_finish(&s->groups[i], s);
        }
        if (s->ngroups > 1) /* qsort(NULL, 0) is undefined */
            qsort(s->groups, (size_t)s->ngroups, sizeof *s->groups, cmp_group);
    }
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
    ks_snapshot_t *s = build(m, what, prev, err);
    snapshot_release(prev);
    if (!s)
        return NULL;
    atomic_fetch_add(&s->refs, 1); /* one for the caller, one for current */
    publish(m, s);
    return s;
}

static void *refresher(void *arg)
{
    ks_model_t *m = arg;
    pthread_mutex_lock(&m->lock);
    while (!m->stop) {
        pthread_mutex_unlock(&m->lock);
        char err[KS_ERRLEN];
        ks_snapshot_t *prev = model_snapshot(m);
        ks_snapshot_t *s = build(m, MODEL_ALL, prev, err);
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

        pthread_mutex_lock(&m->lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        int64_t ns = until.tv_nsec + (int64_t)m->client->cfg->refresh_ms * 1000000;
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
