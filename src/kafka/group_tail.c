#include "kafka/group_tail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/record.h"

struct ks_group_tail {
    rd_kafka_t *rk;
    group_tail_opts_t o;
    int64_t delivered;
    bool assigned_once;       /* an assignment arrived (even an empty one) */
    bool *at_end;             /* per partition id: reached its end since assigned */
    bool *owned;              /* per partition id: in our assignment */
    int npartitions;          /* of the topic, from the metadata at open */
    char last_error[KS_ERRLEN]; /* fatal consumer error, reported by poll */
};

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Partition ids of our topic in list, sorted; *n gets the count. */
static int32_t *topic_partitions(const ks_group_tail_t *t,
                                 const rd_kafka_topic_partition_list_t *list, int *n)
{
    *n = 0;
    int32_t *ids = xcalloc(list && list->cnt ? (size_t)list->cnt : 1, sizeof *ids);
    for (int i = 0; list && i < list->cnt; i++)
        if (!strcmp(list->elems[i].topic, t->o.topic))
            ids[(*n)++] = list->elems[i].partition;
    qsort(ids, (size_t)*n, sizeof *ids, cmp_i32);
    return ids;
}

static void report(ks_group_tail_t *t, rd_kafka_t *rk, const char *kind,
                   const rd_kafka_topic_partition_list_t *changed)
{
    rd_kafka_topic_partition_list_t *now = NULL;
    rd_kafka_assignment(rk, &now);
    int nc, nn;
    int32_t *c = topic_partitions(t, changed, &nc);
    int32_t *n = topic_partitions(t, now, &nn);
    for (int i = 0; i < t->npartitions; i++)
        t->owned[i] = false;
    for (int i = 0; i < nn; i++)
        if (n[i] >= 0 && n[i] < t->npartitions)
            t->owned[n[i]] = true;
    if (t->o.on_event)
        t->o.on_event(t->o.opaque, kind, c, nc, n, nn);
    free(c);
    free(n);
    if (now)
        rd_kafka_topic_partition_list_destroy(now);
}

static void on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                         rd_kafka_topic_partition_list_t *parts, void *opaque)
{
    ks_group_tail_t *t = opaque;
    /* The consumer protocol (KIP-848) and cooperative-sticky hand out
     * changes incrementally; the classic eager assignors the whole set. */
    bool coop = !strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE");
    rd_kafka_error_t *e = NULL;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        if (coop)
            e = rd_kafka_incremental_assign(rk, parts);
        else
            rd_kafka_assign(rk, parts);
        t->assigned_once = true;
        for (int i = 0; parts && i < parts->cnt; i++)
            if (!strcmp(parts->elems[i].topic, t->o.topic) && parts->elems[i].partition >= 0 &&
                parts->elems[i].partition < t->npartitions)
                t->at_end[parts->elems[i].partition] = false;
        report(t, rk, "assigned", parts);
    } else {
        const char *kind = rd_kafka_assignment_lost(rk) ? "lost" : "revoked";
        if (coop)
            e = rd_kafka_incremental_unassign(rk, parts);
        else
            rd_kafka_assign(rk, NULL);
        report(t, rk, kind, parts);
    }
    if (e) {
        snprintf(t->last_error, sizeof t->last_error, "group %s: %s", t->o.group,
                 rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
    }
}

/* The consumer's error callback. client_conf's own (client.c) takes the
 * client as its opaque, but this handle's opaque is the group tail, which
 * the rebalance callback needs: each callback of a handle gets the same
 * opaque, so a handle that sets its own must set this one too. (With the
 * client's callback left in place, a broker's loss had it lock and write a
 * ks_client_t over this struct: the member hung, or left its follow loop on
 * the garbage and crashed in report() while closing; issue 24.)
 *
 * librdkafka reports a broker that went away, all brokers down, a timed-out
 * request or a coordinator that moved here and retries them by itself: a
 * member rides them out. Only a fatal error (the consumer cannot go on,
 * e.g. fenced by a static member with the same id) ends the tail. */
static void on_error(rd_kafka_t *rk, int code, const char *reason, void *opaque)
{
    ks_group_tail_t *t = opaque;
    if (code != RD_KAFKA_RESP_ERR__FATAL || t->last_error[0])
        return;
    char fatal[KS_ERRLEN / 2];
    rd_kafka_resp_err_t why = rd_kafka_fatal_error(rk, fatal, sizeof fatal);
    snprintf(t->last_error, sizeof t->last_error, "tail --group %s: %s", t->o.group,
             why ? fatal : reason);
}

static int topic_partition_count(ks_client_t *c, const char *topic, char *err)
{
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(c->rk, topic, NULL);
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t code = rd_kafka_metadata(c->rk, 0, rkt, &md, c->cfg->timeout_ms);
    rd_kafka_topic_destroy(rkt);
    if (code)
        return ks_err(err, "tail %s: cannot read the metadata: %s", topic, rd_kafka_err2str(code));
    int n = -1;
    if (md->topic_cnt == 1 && !md->topics[0].err)
        n = md->topics[0].partition_cnt;
    else
        ks_err(err, "tail: unknown topic '%s' (`topics` lists them)", topic);
    rd_kafka_metadata_destroy(md);
    return n;
}

ks_group_tail_t *group_tail_open(ks_client_t *c, const group_tail_opts_t *o, char *err)
{
    const char *protocol = o->protocol ? o->protocol : "classic";
    if (strcmp(protocol, "classic") && strcmp(protocol, "consumer")) {
        ks_err(err, "--protocol: expected classic or consumer, got '%s'", protocol);
        return NULL;
    }
    int np = topic_partition_count(c, o->topic, err);
    if (np < 0)
        return NULL;
    rd_kafka_conf_t *conf = client_conf(c, err);
    if (!conf)
        return NULL;
    ks_group_tail_t *t = xcalloc(1, sizeof *t);
    t->o = *o;
    t->npartitions = np;
    t->at_end = xcalloc((size_t)np + 1, sizeof *t->at_end);
    t->owned = xcalloc((size_t)np + 1, sizeof *t->owned);
    bool classic = !strcmp(protocol, "classic");
    char errstr[512];
    const char *settings[][2] = {
        {"group.id", o->group},
        {"group.protocol", protocol},
        {"enable.auto.commit", "true"},
        {"auto.commit.interval.ms", "1000"},
        /* A new group reads what the topic holds: more to see in a workshop. */
        {"auto.offset.reset", "earliest"},
        {"enable.partition.eof", "true"},
        {"allow.auto.create.topics", "false"},
        /* Classic only (the consumer protocol's timeouts are the broker's):
         * a member that vanishes is noticed within a demo's patience. */
        {classic ? "session.timeout.ms" : NULL, "10000"},
        {classic ? "heartbeat.interval.ms" : NULL, "1000"},
    };
    for (size_t i = 0; i < sizeof settings / sizeof *settings; i++) {
        if (settings[i][0] &&
            rd_kafka_conf_set(conf, settings[i][0], settings[i][1], errstr, sizeof errstr)) {
            ks_err(err, "tail --group: %s: %s", settings[i][0], errstr);
            rd_kafka_conf_destroy(conf);
            group_tail_close(t);
            return NULL;
        }
    }
    rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
    rd_kafka_conf_set_error_cb(conf, on_error);
    rd_kafka_conf_set_opaque(conf, t);
    t->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!t->rk) {
        ks_err(err, "tail --group: cannot create a consumer: %s", errstr);
        group_tail_close(t);
        return NULL;
    }
    rd_kafka_poll_set_consumer(t->rk);
    rd_kafka_topic_partition_list_t *sub = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(sub, o->topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t code = rd_kafka_subscribe(t->rk, sub);
    rd_kafka_topic_partition_list_destroy(sub);
    if (code) {
        ks_err(err, "tail --group: cannot subscribe to %s: %s", o->topic, rd_kafka_err2str(code));
        group_tail_close(t);
        return NULL;
    }
    return t;
}

void group_tail_close(ks_group_tail_t *t)
{
    if (!t)
        return;
    if (t->rk) {
        /* Commits the last offsets and leaves the group, so the others get
         * our partitions at once instead of after the session timeout.
         * librdkafka runs the rebalance (revoke) and error callbacks inside
         * this call, with t as their opaque: t stays whole until the
         * handle is gone. */
        rd_kafka_consumer_close(t->rk);
        rd_kafka_destroy(t->rk);
    }
    free(t->at_end);
    free(t->owned);
    free(t);
}

int group_tail_poll(ks_group_tail_t *t, int timeout_ms, tail_sink_fn sink, void *opaque,
                    char *err)
{
    int delivered = 0;
    int64_t deadline = mono_ms() + timeout_ms;
    while (!group_tail_done(t)) {
        int left = (int)(deadline - mono_ms());
        rd_kafka_message_t *m = rd_kafka_consumer_poll(t->rk, left > 0 ? left : 0);
        if (t->last_error[0])
            return ks_err(err, "%s", t->last_error);
        if (!m)
            break;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if (m->partition >= 0 && m->partition < t->npartitions)
                t->at_end[m->partition] = true;
        } else if (m->err) {
            /* Transient errors (a broker down, a coordinator moving) are
             * retried by librdkafka; only these end the tail. */
            bool fatal = m->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
                         m->err == RD_KAFKA_RESP_ERR__FATAL ||
                         m->err == RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED ||
                         m->err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED;
            if (fatal) {
                ks_err(err, "tail --group %s: %s", t->o.group, rd_kafka_message_errstr(m));
                rd_kafka_message_destroy(m);
                return -1;
            }
        } else {
            ks_record_t *rec = record_from_message(m);
            sink(opaque, rec);
            record_free(rec);
            t->delivered++;
            delivered++;
        }
        rd_kafka_message_destroy(m);
        if (left <= 0)
            break;
    }
    return delivered;
}

bool group_tail_done(const ks_group_tail_t *t)
{
    if (t->o.count >= 0 && t->delivered >= t->o.count)
        return true;
    if (t->o.follow || !t->assigned_once)
        return false;
    for (int i = 0; i < t->npartitions; i++)
        if (t->owned[i] && !t->at_end[i])
            return false;
    return true;
}
