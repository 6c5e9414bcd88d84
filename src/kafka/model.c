/* The model: the current snapshot and the refresher that replaces it. A
 * refresh fires its requests (model_requests.c), collects answers until a
 * deadline and assembles a snapshot from them (snapshot_fill.c), keeping
 * from the last snapshot whatever did not answer; then publishes it. */
#include "kafka/model.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/wake.h"
#include "kafka/admin.h"
#include "kafka/model_requests.h"
#include "kafka/snapshot_fill.h"

/* Threads: model_new, model_start, model_set_local_groups and model_free
 * run on the owner's thread; the refresher thread builds snapshots;
 * model_snapshot, model_poke and model_watch_topics may be called from any
 * thread while it runs; model_refresh_sync on a command's thread. */
struct ks_model {
    ks_client_t *client;      /* set at creation, read by all */
    /* lock guards current, seq, poked, stop and the watch_next handover;
     * it is held only for moments, never across the network. */
    pthread_mutex_t lock;
    pthread_cond_t cond;      /* poked or stop, for the sleeping refresher */
    ks_snapshot_t *current;   /* replaced by publish; readers take a reference */
    uint64_t seq;
    bool poked, stop;
    bool running;             /* the refresher was started (owner's thread only) */
    pthread_t thread;
    int notify_fd;            /* set before the refresher starts, then read-only */
    /* Set before the refresher starts; called by the building thread. */
    model_local_groups_fn local_groups;
    void *local_groups_opaque;
    /* model_watch_topics hands a sorted set over (under lock); the
     * building thread takes it into req.watch, its own, so that walking
     * every partition never holds the lock the UI takes snapshots under. */
    char **watch_next;
    int nwatch_next;
    bool watch_changed;
    /* One refresh at a time: the refresher and model_refresh_sync both
     * build under build_lock, which owns req (the requests in flight and
     * their answers, kept from one refresh to the next). */
    pthread_mutex_t build_lock;
    model_requests_t req;
};

static void free_names(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
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

/* The building thread takes the set model_watch_topics handed over.
 * Callers hold build_lock. */
static void take_watch(ks_model_t *m)
{
    pthread_mutex_lock(&m->lock);
    if (m->watch_changed) {
        free_names(m->req.watch, m->req.nwatch);
        m->req.watch = m->watch_next;
        m->req.nwatch = m->nwatch_next;
        m->watch_next = NULL;
        m->watch_changed = false;
    }
    pthread_mutex_unlock(&m->lock);
}

/* ---- assembling a snapshot from the answers ---- */

/* The time stamp an answer gives what it fills in: the snapshot's own
 * time when it came after the last snapshot, else when it came (stale). */
static int64_t stamp(const ks_snapshot_t *s, const ks_snapshot_t *prev, int64_t ev_ms)
{
    return !prev || ev_ms > prev->taken_ms ? s->taken_ms : ev_ms;
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
        group_fill(g, a->desc);
        desc_ms = stamp(s, prev, a->desc_ms);
    } else if (old) {
        group_copy_members(g, old);
        desc_ms = old->updated_ms;
    }
    if (a && a->offsets) {
        group_fill_committed(g, a->offsets, s);
        offsets_ms = stamp(s, prev, a->offsets_ms);
    } else if (old) {
        group_copy_committed(g, old, s);
        offsets_ms = old->updated_ms;
    }
    g->updated_ms = desc_ms < offsets_ms ? desc_ms : offsets_ms;
}

static void assemble_groups(ks_model_t *m, ks_snapshot_t *s, const ks_snapshot_t *prev, bool mock)
{
    const req_slot_t *list = mreq_slot_find(&m->req, REQ_LIST_GROUPS, "");
    size_t nanswers = 0;
    group_answer_t *ans = mock ? NULL : mreq_index_answers(&m->req, &nanswers);
    const char **ids = NULL;
    size_t nids = 0;
    char err[KS_ERRLEN] = "";
    if (mock) {
        s->groups_supported = false;
    } else if (list && list->ev && mreq_listed_groups(m->client, list->ev, &ids, &nids, err) == 0) {
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
        build_group(&g, ids[i], mreq_find_answer(ans, nanswers, ids[i]), s, prev);
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
            build_group(g, g->id, mreq_find_answer(ans, nanswers, g->id), s, prev);
        else
            g->updated_ms = s->taken_ms;
    }
    for (int i = 0; i < s->ngroups; i++)
        group_finish(&s->groups[i], s);
    snapshot_sort_groups(s);
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
    mreq_ask_groups(&m->req, ids, (size_t)scratch.ngroups, false);
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
    ks_snapshot_t *s = snapshot_new();
    if (md) {
        s->metadata_ms = s->taken_ms;
        s->controller_id = rd_kafka_controllerid(c->rk, 0);
        char *cid = rd_kafka_clusterid(c->rk, 0);
        if (cid) {
            s->cluster_id = xstrdup(cid);
            rd_kafka_mem_free(c->rk, cid);
        }
        snapshot_fill_brokers(s, md, prev);
        if (what & MODEL_TOPICS) {
            snapshot_fill_topics(s, md);
            snapshot_add_missing_brokers(s);
        }
    } else {
        snapshot_copy_metadata(s, prev);
    }
    for (int i = 0; i < m->req.nslots; i++) {
        const req_slot_t *slot = m->req.slots[i];
        if (!slot->ev)
            continue;
        if ((what & MODEL_WATERMARKS) && (slot->kind == REQ_LOW || slot->kind == REQ_HIGH))
            snapshot_apply_watermarks(s, slot->ev, slot->kind == REQ_HIGH,
                                      stamp(s, prev, slot->ev_ms));
        if ((what & MODEL_RACKS) && slot->kind == REQ_RACKS)
            snapshot_apply_racks(s, slot->ev);
    }
    if (what & MODEL_WATERMARKS) {
        snapshot_finish_watermarks(s, prev);
        s->tiered = m->req.tiered;
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
    if (!m->req.q)
        m->req.q = rd_kafka_queue_new(c->rk);
    const rd_kafka_metadata_t *md = NULL;
    mreq_metadata_harvest(&m->req, &md); /* a late answer to the last refresh */
    mreq_metadata_ask(&m->req);
    if ((what & MODEL_WATERMARKS) && prev) {
        take_watch(m);
        mreq_ask_known_watermarks(&m->req, prev, MODEL_COLD_EVERY);
    }
    /* The mock (ours or another kafscope's) has no ListGroups. Telling
     * needs the cluster id, so a first refresh waits for metadata. */
    bool mock = false;
    if (what & MODEL_GROUPS) {
        while (!prev && !md && m->req.md_started && mono_ms() < start + c->cfg->timeout_ms) {
            if (!mreq_metadata_harvest(&m->req, &md))
                sleep_ms(5);
            else if (what & MODEL_WATERMARKS)
                mreq_ask_new_watermarks(&m->req, md, prev);
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
            rd_kafka_AdminOptions_t *o = mreq_begin(&m->req, m->client->rk,
                                                    RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS,
                                                    REQ_LIST_GROUPS, "");
            if (o) {
                rd_kafka_ListConsumerGroups(c->rk, o, m->req.q);
                rd_kafka_AdminOptions_destroy(o);
            }
            /* The groups known from last time are asked at once, in
             * parallel with the list that may add new ones. */
            if (prev && prev->groups_supported) {
                const char **ids = xcalloc((size_t)prev->ngroups + 1, sizeof *ids);
                for (int i = 0; i < prev->ngroups; i++)
                    ids[i] = prev->groups[i].id;
                mreq_ask_groups(&m->req, ids, (size_t)prev->ngroups, true);
                free(ids);
            }
            ask_local_groups(m);
        }
    }
    mreq_collect(&m->req, deadline, prev, what, &md);

    if (!md && (!prev || (prev->nbrokers == 0 && prev->ntopics == 0))) {
        /* Nothing to show: the metadata request's own answer (bounded by
         * its timeout) says best why. */
        md = mreq_metadata_wait(&m->req);
        if (!md) {
            client_err(c, err, m->req.md_err ? m->req.md_err : RD_KAFKA_RESP_ERR__TIMED_OUT,
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
    wake_notify(m->notify_fd);
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
            s = snapshot_new();
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
    m->req.client = client;
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
    mreq_free(&m->req);
    if (m->watch_changed)
        free_names(m->watch_next, m->nwatch_next);
    snapshot_release(m->current);
    pthread_mutex_destroy(&m->build_lock);
    pthread_cond_destroy(&m->cond);
    pthread_mutex_destroy(&m->lock);
    free(m);
}
