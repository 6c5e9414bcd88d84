/* The model's requests in flight and their latest answers (see
 * model_requests.h). */
#include "kafka/model_requests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/snapshot.h"
#include "base/util.h"

static int slot_cmp(const req_slot_t *s, int kind, const char *key)
{
    return s->kind != kind ? (s->kind > kind) - (s->kind < kind) : strcmp(s->key, key);
}

/* Where the slot of (kind, key) is, or would go, among the sorted slots. */
static int slot_pos(const model_requests_t *r, int kind, const char *key, bool *found)
{
    int lo = 0, hi = r->nslots;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int c = slot_cmp(r->slots[mid], kind, key);
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

const req_slot_t *mreq_slot_find(const model_requests_t *r, int kind, const char *key)
{
    bool found;
    int i = slot_pos(r, kind, key, &found);
    return found ? r->slots[i] : NULL;
}

/* The slot of a request, created on first use (slots live as long as the
 * model). */
static req_slot_t *slot_get(model_requests_t *r, int kind, const char *key)
{
    bool found;
    int lo = slot_pos(r, kind, key, &found);
    if (found)
        return r->slots[lo];
    r->slots = xrealloc(r->slots, (size_t)(r->nslots + 1) * sizeof *r->slots);
    memmove(&r->slots[lo + 1], &r->slots[lo], (size_t)(r->nslots - lo) * sizeof *r->slots);
    req_slot_t *s = xcalloc(1, sizeof *s);
    s->kind = kind;
    s->key = xstrdup(key);
    r->slots[lo] = s;
    r->nslots++;
    return s;
}

static void slots_free(model_requests_t *r)
{
    for (int i = 0; i < r->nslots; i++) {
        if (r->slots[i]->ev)
            rd_kafka_event_destroy(r->slots[i]->ev);
        free(r->slots[i]->key);
        free(r->slots[i]->error);
        free(r->slots[i]);
    }
    free(r->slots);
}

void mreq_free(model_requests_t *r)
{
    if (r->md_started) /* bounded by the metadata request's timeout */
        pthread_join(r->md_thread, NULL);
    if (r->md)
        rd_kafka_metadata_destroy(r->md);
    if (r->q)
        rd_kafka_queue_destroy(r->q); /* answers still to come are dropped with it */
    if (r->gq)
        rd_kafka_queue_destroy(r->gq);
    slots_free(r);
    for (int i = 0; i < r->nwatch; i++)
        free(r->watch[i]);
    free(r->watch);
}

/* Admin options for a request in the given slot, or NULL when that request
 * is still in flight (it is not asked twice). */
rd_kafka_AdminOptions_t *mreq_begin(model_requests_t *r, rd_kafka_t *rk, rd_kafka_admin_op_t op,
                                    int kind, const char *key)
{
    req_slot_t *slot = slot_get(r, kind, key);
    if (slot->in_flight)
        return NULL;
    slot->in_flight = true;
    r->inflight++;
    rd_kafka_AdminOptions_t *o = client_admin_options_on(r->client, rk, op);
    rd_kafka_AdminOptions_set_opaque(o, slot);
    return o;
}

/* An answer: it becomes the slot's latest, unless it failed and an older
 * good one exists (that one stays, and ages). */
static void req_answered(model_requests_t *r, rd_kafka_event_t *ev)
{
    req_slot_t *slot = rd_kafka_event_opaque(ev);
    slot->in_flight = false;
    r->inflight--;
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
    model_requests_t *r = arg;
    r->md_err = rd_kafka_metadata(r->client->rk, 1, NULL, &r->md, r->client->cfg->timeout_ms);
    atomic_store(&r->md_done, true);
    rd_kafka_queue_yield(r->q); /* wakes the collector */
    return NULL;
}

/* Takes the metadata answer if the thread has finished: true when it
 * brought metadata (now in *md, replacing an older one). */
bool mreq_metadata_harvest(model_requests_t *r, const rd_kafka_metadata_t **md)
{
    if (!r->md_started || !atomic_load(&r->md_done))
        return false;
    pthread_join(r->md_thread, NULL);
    r->md_started = false;
    if (r->md_err || !r->md)
        return false;
    if (*md)
        rd_kafka_metadata_destroy(*md);
    *md = r->md;
    r->md = NULL;
    return true;
}

/* Waits for the running metadata request (bounded by its timeout) and
 * hands over its answer. */
const rd_kafka_metadata_t *mreq_metadata_wait(model_requests_t *r)
{
    const rd_kafka_metadata_t *md = NULL;
    if (r->md_started) {
        pthread_join(r->md_thread, NULL);
        r->md_started = false;
        md = r->md;
        r->md = NULL;
    }
    return md;
}

void mreq_metadata_ask(model_requests_t *r)
{
    if (r->md_started)
        return;
    atomic_store(&r->md_done, false);
    r->md = NULL;
    r->md_err = 0;
    r->md_started = pthread_create(&r->md_thread, NULL, metadata_thread, r) == 0;
    if (!r->md_started)
        r->md_err = RD_KAFKA_RESP_ERR__FAIL;
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

/* The one place watermarks are asked for (the rdk branch's src/kafka/offsets.c
 * blocks until answered, which a refresh cannot afford). */
/* Partitions per ListOffsets request: librdkafka 2.14 checks each
 * partition of a request against every other and merges answers the same
 * way, so one request for 10,000 partitions costs seconds of CPU, and
 * 40 requests of 256 cost milliseconds (still a few round trips). */
enum { WM_CHUNK = 256 };

static void ask_watermarks(model_requests_t *r, leader_parts_t *lp, int n)
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
                rd_kafka_AdminOptions_t *o =
                    mreq_begin(r, r->client->rk, RD_KAFKA_ADMIN_OP_LISTOFFSETS,
                               end ? REQ_HIGH : REQ_LOW, key);
                if (!o)
                    continue;
                for (int j = 0; j < l->cnt; j++)
                    l->elems[j].offset = end ? RD_KAFKA_OFFSET_SPEC_LATEST
                                             : RD_KAFKA_OFFSET_SPEC_EARLIEST;
                rd_kafka_ListOffsets(r->client->rk, l, o, r->q);
                rd_kafka_AdminOptions_destroy(o);
            }
            rd_kafka_topic_partition_list_destroy(l);
        }
        rd_kafka_topic_partition_list_destroy(lp[i].l);
    }
    free(lp);
}

static bool watched(const model_requests_t *r, const char *topic)
{
    return bsearch(&topic, r->watch, (size_t)r->nwatch, sizeof *r->watch, str_ptr_cmp) != NULL;
}

/* Watermarks of the partitions the last snapshot knew, asked for before
 * metadata answers. Past refresh_all_partitions with topics watched, only
 * the watched ones and those cold_every intervals old. */
void mreq_ask_known_watermarks(model_requests_t *r, const ks_snapshot_t *prev, int cold_every)
{
    leader_parts_t *lp = NULL;
    int n = 0, nparts = 0;
    for (int i = 0; prev && i < prev->ntopics; i++)
        nparts += prev->topics[i].npartitions;
    r->tiered = r->nwatch > 0 && nparts > r->client->cfg->refresh_all_partitions;
    /* half an interval early: a refresh that starts a little before the
     * cold ones are due still takes them */
    int64_t cold_ms = now_ms() - (int64_t)r->client->cfg->refresh_ms * cold_every +
                      r->client->cfg->refresh_ms / 2;
    for (int i = 0; prev && i < prev->ntopics; i++) {
        const ks_topic_t *t = &prev->topics[i];
        bool hot = !r->tiered || watched(r, t->name);
        for (int j = 0; j < t->npartitions; j++)
            if (t->partitions[j].leader >= 0 && (hot || t->partitions[j].wm_ms <= cold_ms))
                leader_add(&lp, &n, t->partitions[j].leader, t->name, j);
    }
    ask_watermarks(r, lp, n);
}

/* Watermarks of partitions that fresh metadata shows and the last snapshot
 * did not (their leader's request permitting). */
void mreq_ask_new_watermarks(model_requests_t *r, const rd_kafka_metadata_t *md,
                             const ks_snapshot_t *prev)
{
    leader_parts_t *lp = NULL;
    int n = 0;
    for (int i = 0; i < md->topic_cnt; i++) {
        const rd_kafka_metadata_topic_t *mt = &md->topics[i];
        for (int j = 0; j < mt->partition_cnt; j++) {
            const rd_kafka_metadata_partition_t *mp = &mt->partitions[j];
            if (mp->leader < 0 || (prev && snapshot_partition(prev, mt->topic, mp->id)))
                continue;
            leader_add(&lp, &n, mp->leader, mt->topic, mp->id);
        }
    }
    ask_watermarks(r, lp, n);
}

/* broker.rack is only available through DescribeConfigs in this protocol
 * generation: asked when the broker set changes and once a minute. */
static void ask_racks(model_requests_t *r, const rd_kafka_metadata_t *md)
{
    int n = md->broker_cnt;
    if (n == 0 || client_is_embedded(r->client))
        return;
    rd_kafka_AdminOptions_t *o =
        mreq_begin(r, r->client->rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, REQ_RACKS, "");
    if (!o)
        return;
    rd_kafka_ConfigResource_t **res = xcalloc((size_t)n, sizeof *res);
    for (int i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "%d", md->brokers[i].id);
        res[i] = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_BROKER, id);
    }
    rd_kafka_DescribeConfigs(r->client->rk, res, (size_t)n, o, r->q);
    rd_kafka_AdminOptions_destroy(o);
    rd_kafka_ConfigResource_destroy_array(res, (size_t)n);
    free(res);
    r->racks_ms = mono_ms();
}

/* Asks for groups: one batched DescribeConsumerGroups (when describe and
 * the last one has answered) and one ListConsumerGroupOffsets per group,
 * all in flight together. */
void mreq_ask_groups(model_requests_t *r, const char **ids, size_t n, bool describe)
{
    if (n && describe) {
        rd_kafka_AdminOptions_t *o = mreq_begin(
            r, r->client->rk, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, REQ_DESCRIBE_GROUPS, "");
        if (o) {
            rd_kafka_DescribeConsumerGroups(r->client->rk, ids, n, o, r->q);
            rd_kafka_AdminOptions_destroy(o);
        }
    }
    char err[KS_ERRLEN];
    rd_kafka_t *grk = n ? client_group_admin(r->client, err) : NULL;
    if (!grk)
        return; /* the groups' offsets stay as they were, and age */
    if (!r->gq)
        r->gq = rd_kafka_queue_new(grk);
    for (size_t i = 0; i < n; i++) {
        rd_kafka_AdminOptions_t *o =
            mreq_begin(r, grk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, REQ_OFFSETS, ids[i]);
        if (!o)
            continue;
        rd_kafka_ListConsumerGroupOffsets_t *req = rd_kafka_ListConsumerGroupOffsets_new(ids[i], NULL);
        rd_kafka_ListConsumerGroupOffsets(grk, &req, 1, o, r->gq);
        rd_kafka_AdminOptions_destroy(o);
        rd_kafka_ListConsumerGroupOffsets_destroy(req);
    }
}

/* The group ids of a ListConsumerGroups answer, or -1 with err when the
 * cluster could not list them. */
int mreq_listed_groups(ks_client_t *c, rd_kafka_event_t *ev, const char ***ids, size_t *n,
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
void mreq_collect(model_requests_t *r, int64_t deadline, const ks_snapshot_t *prev, int what,
                  const rd_kafka_metadata_t **md)
{
    for (;;) {
        if (mreq_metadata_harvest(r, md)) {
            if (what & MODEL_WATERMARKS)
                mreq_ask_new_watermarks(r, *md, prev);
            if ((what & MODEL_RACKS) && (mono_ms() - r->racks_ms > 60000 || !prev ||
                                         prev->nbrokers != (*md)->broker_cnt))
                ask_racks(r, *md);
        }
        int64_t left = deadline - mono_ms();
        if ((!r->md_started && r->inflight == 0) || left <= 0)
            break;
        /* Two queues: the group-admin one's answers are taken without
         * waiting (all that have come: a thousand groups answer within
         * moments of each other), then the main one is waited on briefly. */
        rd_kafka_event_t *ev = r->gq ? rd_kafka_queue_poll(r->gq, 0) : NULL;
        if (!ev) {
            int wait = r->gq ? 5 : 200;
            ev = rd_kafka_queue_poll(r->q, (int)(left < wait ? left : wait));
        }
        if (!ev)
            continue;
        req_slot_t *slot = rd_kafka_event_opaque(ev);
        req_answered(r, ev);
        if (slot->kind == REQ_LIST_GROUPS && slot->ev == ev) {
            const char **ids = NULL;
            size_t n = 0;
            char err[KS_ERRLEN];
            if (mreq_listed_groups(r->client, ev, &ids, &n, err) == 0)
                mreq_ask_groups(r, ids, n, true);
            free(ids);
        }
    }
}

static int cmp_answer(const void *a, const void *b)
{
    return strcmp(((const group_answer_t *)a)->id, ((const group_answer_t *)b)->id);
}

group_answer_t *mreq_find_answer(group_answer_t *ans, size_t n, const char *id)
{
    group_answer_t key = {.id = id};
    return n ? bsearch(&key, ans, n, sizeof key, cmp_answer) : NULL;
}

/* Indexes the latest describe answer by group id, with the latest
 * committed offsets of each group. */
group_answer_t *mreq_index_answers(const model_requests_t *r, size_t *n)
{
    const req_slot_t *d = mreq_slot_find(r, REQ_DESCRIBE_GROUPS, "");
    size_t nd = 0;
    const rd_kafka_ConsumerGroupDescription_t **gd =
        d && d->ev ? rd_kafka_DescribeConsumerGroups_result_groups(
                         rd_kafka_event_DescribeConsumerGroups_result(d->ev), &nd)
                   : NULL;
    size_t cnt = 0, cap = nd + (size_t)r->nslots + 1;
    group_answer_t *ans = xcalloc(cap, sizeof *ans);
    for (size_t j = 0; j < nd; j++)
        ans[cnt++] = (group_answer_t){.id = rd_kafka_ConsumerGroupDescription_group_id(gd[j]),
                                      .desc = gd[j],
                                      .desc_ms = d->ev_ms};
    if (cnt > 1)
        qsort(ans, cnt, sizeof *ans, cmp_answer);
    size_t described = cnt;
    for (int i = 0; i < r->nslots; i++) {
        const req_slot_t *o = r->slots[i];
        size_t k = 0;
        const rd_kafka_group_result_t **gr =
            o->kind == REQ_OFFSETS && o->ev
                ? rd_kafka_ListConsumerGroupOffsets_result_groups(
                      rd_kafka_event_ListConsumerGroupOffsets_result(o->ev), &k)
                : NULL;
        if (!k)
            continue;
        group_answer_t *a = mreq_find_answer(ans, described, o->key);
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
