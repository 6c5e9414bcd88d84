#include "kafka/members.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* Threads: the session's command thread joins and leaves (members_join,
 * members_leave); each member's thread (member_main) polls its handle, so
 * librdkafka's rebalance, commit and error callbacks run there; the model's
 * refresher reads the groups (members_local_groups), the TUI and commands
 * describe them. One lock, ks_members.lock, guards the group list and
 * everything in a group and its members that a member's thread writes (see
 * "guarded by owner->lock"); what a member sets at start (number,
 * client_id, rk, delay_ms) is written before its thread starts and only
 * read after, and stop is atomic (set by leave, read by the member). */
typedef struct group group_t;

typedef struct {
    group_t *g;
    ks_members_t *owner;
    int number;            /* N of kafscope-GROUP-N */
    char *client_id;
    rd_kafka_t *rk;
    pthread_t thread;
    bool thread_running;
    atomic_bool stop;
    int delay_ms;
    /* guarded by owner->lock */
    char *member_id;
    rd_kafka_topic_partition_list_t *assignment;
    int64_t consumed;
    int64_t started_ms;
    uint64_t assigns;      /* assignment callbacks seen */
    char *error;
} member_t;

struct group {
    char *id;
    char *assignor;
    char *protocol;        /* classic or consumer */
    int32_t epoch;         /* highest generation / member epoch seen */
    char **topics;
    int ntopics;
    int total_partitions;  /* of the subscribed topics, at join time */
    member_t **members;
    int nmembers;
    int next_number;
    rd_kafka_topic_partition_list_t *committed; /* what the members committed */
    ks_member_event_t events[MEMBERS_EVENTS_MAX]; /* ring */
    int ev_start, ev_count;
    int64_t dropped;
    int64_t last_event_mono;
};

struct ks_members {
    ks_client_t *client;
    pthread_mutex_t lock;   /* guards groups and every group_t's contents */
    group_t **groups;
    int ngroups;
};

#define CLOSE_TIMEOUT_MS 5000

/* ---- the rebalance log ---- */

static char *tp_text(const rd_kafka_topic_partition_list_t *l)
{
    strbuf_t sb;
    sb_init(&sb);
    const char *topic = NULL;
    for (int i = 0; l && i < l->cnt; i++) {
        if (!topic || strcmp(topic, l->elems[i].topic)) {
            sb_printf(&sb, "%s%s:%d", topic ? " " : "", l->elems[i].topic, l->elems[i].partition);
            topic = l->elems[i].topic;
        } else {
            sb_printf(&sb, ",%d", l->elems[i].partition);
        }
    }
    if (!sb.len)
        sb_adds(&sb, "(none)");
    return sb_steal(&sb);
}

static void event_free(ks_member_event_t *e)
{
    free(e->member);
    free(e->kind);
    free(e->partitions);
    memset(e, 0, sizeof *e);
}

/* Caller holds the lock. epoch: the member's, 0 when it has none. */
static void log_event(group_t *g, const char *member, const char *kind, const char *text,
                      int32_t epoch)
{
    if (g->ev_count == MEMBERS_EVENTS_MAX) {
        event_free(&g->events[g->ev_start]);
        g->ev_start = (g->ev_start + 1) % MEMBERS_EVENTS_MAX;
        g->ev_count--;
        g->dropped++;
    }
    ks_member_event_t *e = &g->events[(g->ev_start + g->ev_count++) % MEMBERS_EVENTS_MAX];
    e->time_ms = now_ms();
    e->member = xstrdup(member);
    e->kind = xstrdup(kind);
    e->partitions = xstrdup(text);
    e->epoch = epoch;
    if (epoch > g->epoch)
        g->epoch = epoch;
    g->last_event_mono = mono_ms();
}

/* ---- member threads ---- */

static void sort_list(rd_kafka_topic_partition_list_t *l)
{
    if (l)
        rd_kafka_topic_partition_list_sort(l, NULL, NULL);
}

/* The group's own count of its rebalances as this member knows it: the
 * generation (classic) or the member epoch (consumer protocol, equal to the
 * group epoch once the member has caught up). 0 before the first join. */
static int32_t member_epoch(rd_kafka_t *rk)
{
    rd_kafka_consumer_group_metadata_t *md = rd_kafka_consumer_group_metadata(rk);
    if (!md)
        return 0;
    int32_t epoch = rd_kafka_consumer_group_metadata_generation_id(md);
    rd_kafka_consumer_group_metadata_destroy(md);
    return epoch > 0 ? epoch : 0;
}

/* closing: the event came from member_close's queue. Then the member id and
 * epoch are not asked for: both are requests to the group's own thread,
 * which may never answer while the consumer closes (seen as a hang in
 * `group leave` under load); the last values seen stand. */
static void handle_rebalance(member_t *mb, rd_kafka_t *rk, rd_kafka_resp_err_t err,
                             rd_kafka_topic_partition_list_t *parts, bool closing)
{
    bool coop = !strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE");
    const char *kind;
    rd_kafka_error_t *e = NULL;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        kind = "assigned";
        if (coop)
            e = rd_kafka_incremental_assign(rk, parts);
        else
            rd_kafka_assign(rk, parts);
    } else if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
        kind = rd_kafka_assignment_lost(rk) ? "lost" : "revoked";
        if (coop)
            e = rd_kafka_incremental_unassign(rk, parts);
        else
            rd_kafka_assign(rk, NULL);
    } else {
        kind = "error";
        rd_kafka_assign(rk, NULL);
    }
    if (e)
        rd_kafka_error_destroy(e);
    rd_kafka_topic_partition_list_t *now = NULL;
    rd_kafka_assignment(rk, &now);
    sort_list(now);
    rd_kafka_topic_partition_list_t *copy = parts ? rd_kafka_topic_partition_list_copy(parts) : NULL;
    sort_list(copy);
    char *text = err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS ||
                         err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS
                     ? tp_text(copy)
                     : xstrdup(rd_kafka_err2str(err));
    char *mid = closing ? NULL : rd_kafka_memberid(rk);
    int32_t epoch = closing ? 0 : member_epoch(rk);
    pthread_mutex_lock(&mb->owner->lock);
    log_event(mb->g, mb->client_id, kind, text, epoch);
    if (mb->assignment)
        rd_kafka_topic_partition_list_destroy(mb->assignment);
    mb->assignment = now;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS)
        mb->assigns++;
    if (mid) {
        free(mb->member_id);
        mb->member_id = xstrdup(mid);
    }
    pthread_mutex_unlock(&mb->owner->lock);
    if (mid)
        rd_kafka_mem_free(rk, mid);
    free(text);
    if (copy)
        rd_kafka_topic_partition_list_destroy(copy);
}

static void on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                         rd_kafka_topic_partition_list_t *parts, void *opaque)
{
    handle_rebalance(opaque, rk, err, parts, false);
}

/* Remembers what the members commit, so the model can show the group's
 * offsets and lag even on clusters (the mock) whose admin API cannot. */
static void on_commit(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                      rd_kafka_topic_partition_list_t *offsets, void *opaque)
{
    (void)rk;
    member_t *mb = opaque;
    if (err || !offsets)
        return;
    pthread_mutex_lock(&mb->owner->lock);
    group_t *g = mb->g;
    if (!g->committed)
        g->committed = rd_kafka_topic_partition_list_new(offsets->cnt);
    for (int i = 0; i < offsets->cnt; i++) {
        const rd_kafka_topic_partition_t *tp = &offsets->elems[i];
        if (tp->err || tp->offset < 0)
            continue;
        rd_kafka_topic_partition_t *have =
            rd_kafka_topic_partition_list_find(g->committed, tp->topic, tp->partition);
        if (!have)
            have = rd_kafka_topic_partition_list_add(g->committed, tp->topic, tp->partition);
        have->offset = tp->offset;
    }
    pthread_mutex_unlock(&mb->owner->lock);
}

static void on_error(rd_kafka_t *rk, int code, const char *reason, void *opaque)
{
    (void)rk;
    (void)code;
    member_t *mb = opaque;
    pthread_mutex_lock(&mb->owner->lock);
    free(mb->error);
    mb->error = xstrdup(reason);
    pthread_mutex_unlock(&mb->owner->lock);
}

/* Leaves the group cleanly (revoking the assignment, so the others take it
 * over at once rather than after the session timeout), but never waits
 * longer than CLOSE_TIMEOUT_MS for a cluster that does not answer. */
static void member_close(member_t *mb)
{
    rd_kafka_queue_t *q = rd_kafka_queue_new(mb->rk);
    rd_kafka_error_t *e = rd_kafka_consumer_close_queue(mb->rk, q);
    bool closed = false;
    if (e) {
        rd_kafka_error_destroy(e);
    } else {
        int64_t deadline = mono_ms() + CLOSE_TIMEOUT_MS;
        while (!(closed = rd_kafka_consumer_closed(mb->rk)) && mono_ms() < deadline) {
            rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 100);
            if (!ev)
                continue;
            if (rd_kafka_event_type(ev) == RD_KAFKA_EVENT_REBALANCE)
                handle_rebalance(mb, mb->rk, rd_kafka_event_error(ev),
                                 rd_kafka_event_topic_partition_list(ev), true);
            rd_kafka_event_destroy(ev);
        }
    }
    rd_kafka_queue_destroy(q);
    if (closed)
        rd_kafka_destroy(mb->rk);
    else
        rd_kafka_destroy_flags(mb->rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    mb->rk = NULL;
}

static void *member_main(void *arg)
{
    member_t *mb = arg;
    while (!atomic_load(&mb->stop)) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(mb->rk, 100);
        if (!msg)
            continue;
        bool record = !msg->err;
        if (msg->err && msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            pthread_mutex_lock(&mb->owner->lock);
            free(mb->error);
            mb->error = xstrdup(rd_kafka_message_errstr(msg));
            pthread_mutex_unlock(&mb->owner->lock);
        }
        rd_kafka_message_destroy(msg);
        if (!record)
            continue;
        pthread_mutex_lock(&mb->owner->lock);
        mb->consumed++;
        pthread_mutex_unlock(&mb->owner->lock);
        for (int waited = 0; waited < mb->delay_ms && !atomic_load(&mb->stop); waited += 50)
            sleep_ms(50);
    }
    member_close(mb);
    return NULL;
}

static void member_free(member_t *mb)
{
    if (!mb)
        return;
    if (mb->rk)
        rd_kafka_destroy_flags(mb->rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    if (mb->assignment)
        rd_kafka_topic_partition_list_destroy(mb->assignment);
    free(mb->client_id);
    free(mb->member_id);
    free(mb->error);
    free(mb);
}

static member_t *member_start(ks_members_t *m, group_t *g, int delay_ms, char *err)
{
    member_t *mb = xcalloc(1, sizeof *mb);
    mb->g = g;
    mb->owner = m;
    mb->number = ++g->next_number;
    mb->client_id = xasprintf("kafscope-%s-%d", g->id, mb->number);
    mb->delay_ms = delay_ms;
    mb->started_ms = now_ms();
    atomic_init(&mb->stop, false);
    rd_kafka_conf_t *conf = client_conf(m->client, err);
    if (!conf) {
        member_free(mb);
        return NULL;
    }
    char errstr[512];
    bool consumer = !strcmp(g->protocol, "consumer");
    const char *settings[][2] = {
        {"group.id", g->id},
        {"client.id", mb->client_id},
        {"group.protocol", g->protocol},
        {"enable.auto.commit", "true"},
        {"auto.commit.interval.ms", "1000"},
        /* A new group reads from the beginning: more to see in a workshop. */
        {"auto.offset.reset", "earliest"},
        {"allow.auto.create.topics", "false"},
        /* Classic protocol only (the consumer protocol rejects them: the
         * broker assigns, and owns the session and heartbeat timing). */
        {"partition.assignment.strategy", g->assignor},
        /* Short enough that a member that vanishes is noticed in a demo. */
        {"session.timeout.ms", "10000"},
        {"heartbeat.interval.ms", "1000"},
    };
    size_t nsettings = sizeof settings / sizeof *settings - (consumer ? 3 : 0);
    for (size_t i = 0; i < nsettings; i++) {
        if (rd_kafka_conf_set(conf, settings[i][0], settings[i][1], errstr, sizeof errstr)) {
            ks_err(err, "group join: %s: %s", settings[i][0], errstr);
            rd_kafka_conf_destroy(conf);
            member_free(mb);
            return NULL;
        }
    }
    if (consumer && *g->assignor &&
        rd_kafka_conf_set(conf, "group.remote.assignor", g->assignor, errstr, sizeof errstr)) {
        ks_err(err, "group join: group.remote.assignor: %s", errstr);
        rd_kafka_conf_destroy(conf);
        member_free(mb);
        return NULL;
    }
    rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
    rd_kafka_conf_set_error_cb(conf, on_error);
    rd_kafka_conf_set_offset_commit_cb(conf, on_commit);
    rd_kafka_conf_set_opaque(conf, mb);
    mb->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!mb->rk) {
        ks_err(err, "group join: cannot create a consumer: %s", errstr);
        member_free(mb);
        return NULL;
    }
    rd_kafka_poll_set_consumer(mb->rk);
    rd_kafka_topic_partition_list_t *sub = rd_kafka_topic_partition_list_new(g->ntopics);
    for (int i = 0; i < g->ntopics; i++)
        rd_kafka_topic_partition_list_add(sub, g->topics[i], RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t code = rd_kafka_subscribe(mb->rk, sub);
    rd_kafka_topic_partition_list_destroy(sub);
    if (code) {
        ks_err(err, "group join: subscribe: %s", rd_kafka_err2str(code));
        member_free(mb);
        return NULL;
    }
    if (pthread_create(&mb->thread, NULL, member_main, mb)) {
        ks_err(err, "group join: cannot start a thread");
        member_free(mb);
        return NULL;
    }
    mb->thread_running = true;
    return mb;
}

/* ---- groups ---- */

static group_t *find_group(ks_members_t *m, const char *id)
{
    for (int i = 0; i < m->ngroups; i++)
        if (!strcmp(m->groups[i]->id, id))
            return m->groups[i];
    return NULL;
}

static void group_free(group_t *g)
{
    for (int i = 0; i < g->ntopics; i++)
        free(g->topics[i]);
    free(g->topics);
    if (g->committed)
        rd_kafka_topic_partition_list_destroy(g->committed);
    for (int i = 0; i < g->ev_count; i++)
        event_free(&g->events[(g->ev_start + i) % MEMBERS_EVENTS_MAX]);
    free(g->members);
    free(g->id);
    free(g->assignor);
    free(g->protocol);
    free(g);
}

/* Caller holds the lock. */
static void remove_group(ks_members_t *m, group_t *g)
{
    for (int i = 0; i < m->ngroups; i++)
        if (m->groups[i] == g) {
            memmove(&m->groups[i], &m->groups[i + 1],
                    (size_t)(m->ngroups - i - 1) * sizeof *m->groups);
            m->ngroups--;
            break;
        }
    group_free(g);
}

ks_members_t *members_new(ks_client_t *c)
{
    ks_members_t *m = xcalloc(1, sizeof *m);
    m->client = c;
    pthread_mutex_init(&m->lock, NULL);
    return m;
}

void members_free(ks_members_t *m)
{
    if (!m)
        return;
    /* Ask every member to stop first, so they close in parallel. */
    pthread_mutex_lock(&m->lock);
    for (int i = 0; i < m->ngroups; i++)
        for (int j = 0; j < m->groups[i]->nmembers; j++)
            atomic_store(&m->groups[i]->members[j]->stop, true);
    pthread_mutex_unlock(&m->lock);
    for (int i = 0; i < m->ngroups; i++) {
        group_t *g = m->groups[i];
        for (int j = 0; j < g->nmembers; j++)
            if (g->members[j]->thread_running)
                pthread_join(g->members[j]->thread, NULL);
    }
    for (int i = 0; i < m->ngroups; i++) {
        group_t *g = m->groups[i];
        for (int j = 0; j < g->nmembers; j++)
            member_free(g->members[j]);
        group_free(g);
    }
    free(m->groups);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

/* Settled: every member in `fresh` has had an assignment, nothing has
 * happened for a second, and the members cover every partition (or, when
 * members outside kafscope take part, nothing has happened for 3 s). */
static bool settled(ks_members_t *m, const char *id, member_t **fresh, int nfresh)
{
    pthread_mutex_lock(&m->lock);
    group_t *g = find_group(m, id);
    bool ok = true;
    if (g) {
        for (int i = 0; i < nfresh; i++)
            ok &= fresh[i]->assigns > 0;
        int covered = 0;
        for (int i = 0; i < g->nmembers; i++)
            covered += g->members[i]->assignment ? g->members[i]->assignment->cnt : 0;
        int64_t quiet = mono_ms() - g->last_event_mono;
        ok &= quiet >= 1000 && (covered >= g->total_partitions || quiet >= 3000);
    }
    pthread_mutex_unlock(&m->lock);
    return ok;
}

static void wait_settled(ks_members_t *m, const char *id, member_t **fresh, int nfresh,
                         int wait_ms)
{
    int64_t deadline = mono_ms() + wait_ms;
    while (wait_ms > 0 && mono_ms() < deadline && !settled(m, id, fresh, nfresh))
        sleep_ms(100);
}

static bool valid_assignor(const char *protocol, const char *a)
{
    if (!strcmp(protocol, "consumer"))
        return !*a || !strcmp(a, "uniform") || !strcmp(a, "range");
    return !strcmp(a, "range") || !strcmp(a, "roundrobin") || !strcmp(a, "cooperative-sticky");
}

int members_join(ks_members_t *m, const members_join_t *j, char *err)
{
    if (j->count < 1 || j->count > MEMBERS_MAX_PER_JOIN)
        return ks_err(err, "group join: --members must be from 1 to %d", MEMBERS_MAX_PER_JOIN);
    const char *protocol = j->protocol ? j->protocol : "classic";
    bool consumer = !strcmp(protocol, "consumer");
    if (!consumer && strcmp(protocol, "classic"))
        return ks_err(err, "group join: unknown protocol '%s' (classic or consumer)", protocol);
    const char *assignor = j->assignor ? j->assignor : consumer ? "" : "range";
    if (!valid_assignor(protocol, assignor))
        return ks_err(err, "group join: unknown assignor '%s' for the %s protocol (%s)", assignor,
                      protocol,
                      consumer ? "the broker assigns: uniform or range"
                               : "range, roundrobin or cooperative-sticky");
    int total = 0;
    for (int i = 0; i < j->ntopics; i++) {
        int n;
        if (client_topic_partitions(m->client, NULL, j->topics[i], &n, err))
            return -1;
        total += n;
    }
    pthread_mutex_lock(&m->lock);
    group_t *g = find_group(m, j->group);
    if (g) {
        bool same = g->ntopics == j->ntopics && !strcmp(g->assignor, assignor) &&
                    !strcmp(g->protocol, protocol);
        for (int i = 0; same && i < j->ntopics; i++)
            same = !strcmp(g->topics[i], j->topics[i]);
        if (!same) {
            pthread_mutex_unlock(&m->lock);
            return ks_err(err, "group join: kafscope already runs members of '%s' (%s protocol, "
                          "assignor %s) on other topics or with another protocol or assignor; "
                          "`group leave %s --all` first", j->group, g->protocol,
                          *g->assignor ? g->assignor : "the broker's", j->group);
        }
    } else {
        g = xcalloc(1, sizeof *g);
        g->id = xstrdup(j->group);
        g->assignor = xstrdup(assignor);
        g->protocol = xstrdup(protocol);
        g->topics = xcalloc((size_t)j->ntopics, sizeof *g->topics);
        for (int i = 0; i < j->ntopics; i++)
            g->topics[i] = xstrdup(j->topics[i]);
        g->ntopics = j->ntopics;
        m->groups = xrealloc(m->groups, (size_t)(m->ngroups + 1) * sizeof *m->groups);
        m->groups[m->ngroups++] = g;
    }
    g->total_partitions = total;
    member_t *fresh[MEMBERS_MAX_PER_JOIN];
    int nfresh = 0, rc = 0;
    for (int i = 0; i < j->count; i++) {
        member_t *mb = member_start(m, g, j->delay_ms, err);
        if (!mb) {
            rc = -1;
            break;
        }
        g->members = xrealloc(g->members, (size_t)(g->nmembers + 1) * sizeof *g->members);
        g->members[g->nmembers++] = mb;
        fresh[nfresh++] = mb;
        log_event(g, mb->client_id, "joining", "", 0);
    }
    if (g->nmembers == 0)
        remove_group(m, g);
    pthread_mutex_unlock(&m->lock);
    if (nfresh)
        wait_settled(m, j->group, fresh, nfresh, j->wait_ms);
    return rc;
}

static bool member_named(const member_t *mb, const char *name)
{
    int64_t n;
    if (parse_int64(name, 1, 1000000, &n))
        return mb->number == n;
    return !strcmp(mb->client_id, name) ||
           (mb->member_id && *name && !strncmp(mb->member_id, name, strlen(name)));
}

int members_leave(ks_members_t *m, const char *group, const char *member, bool all,
                  int wait_ms, int *stopped, char *err)
{
    *stopped = 0;
    pthread_mutex_lock(&m->lock);
    group_t *g = find_group(m, group);
    if (!g) {
        pthread_mutex_unlock(&m->lock);
        return ks_err(err, "group leave: kafscope runs no members in group '%s' (`group join` "
                      "starts some)", group);
    }
    member_t **gone = xcalloc((size_t)g->nmembers + 1, sizeof *gone);
    int ngone = 0;
    for (int i = g->nmembers - 1; i >= 0; i--) {
        member_t *mb = g->members[i];
        bool pick = all || (member ? member_named(mb, member) : ngone == 0);
        if (!pick)
            continue;
        gone[ngone++] = mb;
        memmove(&g->members[i], &g->members[i + 1], (size_t)(g->nmembers - i - 1) * sizeof mb);
        g->nmembers--;
        if (member && !all)
            break;
    }
    if (ngone == 0) {
        strbuf_t names;
        sb_init(&names);
        for (int i = 0; i < g->nmembers; i++)
            sb_printf(&names, "%s%s", i ? ", " : "", g->members[i]->client_id);
        ks_err(err, "group leave: no member '%s' in group '%s' (members: %s)", member, group,
               names.buf);
        sb_free(&names);
        pthread_mutex_unlock(&m->lock);
        free(gone);
        return -1;
    }
    for (int i = 0; i < ngone; i++)
        atomic_store(&gone[i]->stop, true);
    pthread_mutex_unlock(&m->lock);
    /* The threads log their last revocation, so the group must outlive them. */
    for (int i = 0; i < ngone; i++) {
        if (gone[i]->thread_running)
            pthread_join(gone[i]->thread, NULL);
        gone[i]->thread_running = false;
    }
    pthread_mutex_lock(&m->lock);
    for (int i = 0; i < ngone; i++) {
        log_event(g, gone[i]->client_id, "left", "", 0);
        member_free(gone[i]);
    }
    *stopped = ngone;
    bool empty = g->nmembers == 0;
    if (empty)
        remove_group(m, g);
    pthread_mutex_unlock(&m->lock);
    free(gone);
    if (!empty)
        wait_settled(m, group, NULL, 0, wait_ms);
    return 0;
}

bool members_has_group(ks_members_t *m, const char *group)
{
    pthread_mutex_lock(&m->lock);
    bool has = find_group(m, group) != NULL;
    pthread_mutex_unlock(&m->lock);
    return has;
}

static void copy_assignment(ks_local_member_t *out, const rd_kafka_topic_partition_list_t *l)
{
    if (!l || !l->cnt)
        return;
    out->assigned = xcalloc((size_t)l->cnt, sizeof *out->assigned);
    for (int i = 0; i < l->cnt; i++) {
        out->assigned[i].topic = xstrdup(l->elems[i].topic);
        out->assigned[i].partition = l->elems[i].partition;
    }
    out->nassigned = l->cnt;
}

int members_describe(ks_members_t *m, const char *group, ks_local_group_t *out)
{
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&m->lock);
    group_t *g = find_group(m, group);
    if (!g) {
        pthread_mutex_unlock(&m->lock);
        return -1;
    }
    out->group = xstrdup(g->id);
    out->assignor = xstrdup(g->assignor);
    out->protocol = xstrdup(g->protocol);
    out->epoch = g->epoch;
    strbuf_t topics;
    sb_init(&topics);
    for (int i = 0; i < g->ntopics; i++)
        sb_printf(&topics, "%s%s", i ? "," : "", g->topics[i]);
    out->topics = sb_steal(&topics);
    out->members = xcalloc((size_t)g->nmembers + 1, sizeof *out->members);
    for (int i = 0; i < g->nmembers; i++) {
        const member_t *mb = g->members[i];
        ks_local_member_t *o = &out->members[out->nmembers++];
        o->client_id = xstrdup(mb->client_id);
        o->member_id = xstrdup(mb->member_id ? mb->member_id : "");
        copy_assignment(o, mb->assignment);
        o->consumed = mb->consumed;
        o->started_ms = mb->started_ms;
        o->joined = mb->assigns > 0;
        o->error = mb->error ? xstrdup(mb->error) : NULL;
    }
    out->events = xcalloc((size_t)g->ev_count + 1, sizeof *out->events);
    for (int i = 0; i < g->ev_count; i++) {
        const ks_member_event_t *e = &g->events[(g->ev_start + i) % MEMBERS_EVENTS_MAX];
        ks_member_event_t *o = &out->events[out->nevents++];
        o->time_ms = e->time_ms;
        o->member = xstrdup(e->member);
        o->kind = xstrdup(e->kind);
        o->partitions = xstrdup(e->partitions);
        o->epoch = e->epoch;
    }
    out->dropped_events = g->dropped;
    pthread_mutex_unlock(&m->lock);
    return 0;
}

void local_group_free(ks_local_group_t *g)
{
    for (int i = 0; i < g->nmembers; i++) {
        ks_local_member_t *mb = &g->members[i];
        free(mb->client_id);
        free(mb->member_id);
        for (int k = 0; k < mb->nassigned; k++)
            free(mb->assigned[k].topic);
        free(mb->assigned);
        free(mb->error);
    }
    free(g->members);
    for (int i = 0; i < g->nevents; i++)
        event_free(&g->events[i]);
    free(g->events);
    free(g->group);
    free(g->assignor);
    free(g->protocol);
    free(g->topics);
    memset(g, 0, sizeof *g);
}

char **members_group_ids(ks_members_t *m)
{
    pthread_mutex_lock(&m->lock);
    char **ids = xcalloc((size_t)m->ngroups + 1, sizeof *ids);
    for (int i = 0; i < m->ngroups; i++)
        ids[i] = xstrdup(m->groups[i]->id);
    pthread_mutex_unlock(&m->lock);
    return ids;
}

void members_local_groups(void *opaque, ks_snapshot_t *snap)
{
    ks_members_t *m = opaque;
    if (!m)
        return;
    pthread_mutex_lock(&m->lock);
    for (int i = 0; i < m->ngroups; i++) {
        const group_t *src = m->groups[i];
        ks_group_t *described = (ks_group_t *)snapshot_group(snap, src->id);
        if (described) {
            /* The cluster's view is the truth; only the epoch comes from us. */
            described->epoch = src->epoch;
            continue;
        }
        ks_group_t g = {0};
        g.id = xstrdup(src->id);
        g.protocol = xstrdup(src->assignor);
        g.type = xstrdup(src->protocol);
        g.epoch = src->epoch;
        bool all_joined = true;
        g.members = xcalloc((size_t)src->nmembers + 1, sizeof *g.members);
        for (int j = 0; j < src->nmembers; j++) {
            const member_t *mb = src->members[j];
            ks_member_t *o = &g.members[g.nmembers++];
            o->member_id = xstrdup(mb->member_id ? mb->member_id : "");
            o->client_id = xstrdup(mb->client_id);
            o->host = xstrdup("kafscope");
            ks_local_member_t tmp = {0};
            copy_assignment(&tmp, mb->assignment);
            o->assigned = tmp.assigned;
            o->nassigned = tmp.nassigned;
            all_joined &= mb->assigns > 0;
        }
        g.state = xstrdup(all_joined ? "Stable" : "PreparingRebalance");
        /* Offsets the members committed; the model adds the ones it can
         * fetch from the cluster and computes the lag. */
        int n = src->committed ? src->committed->cnt : 0;
        g.offsets = xcalloc((size_t)n + 1, sizeof *g.offsets);
        for (int k = 0; k < n; k++) {
            const rd_kafka_topic_partition_t *tp = &src->committed->elems[k];
            ks_group_offset_t *o = &g.offsets[g.noffsets++];
            o->topic = xstrdup(tp->topic);
            o->partition = tp->partition;
            o->committed = tp->offset;
            const ks_topic_t *t = snapshot_topic(snap, tp->topic);
            o->high = t && tp->partition < t->npartitions ? t->partitions[tp->partition].high : -1;
            o->lag = o->high >= 0 ? (o->high > o->committed ? o->high - o->committed : 0) : -1;
        }
        snapshot_add_group(snap, &g);
    }
    pthread_mutex_unlock(&m->lock);
}
