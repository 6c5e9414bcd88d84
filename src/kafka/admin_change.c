/* Admin requests that change the cluster: topics, partitions, topic
 * configs, records, groups and their offsets. Each waits for its result
 * event, bounded by the configured timeout. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/admin.h"

bool admin_is_mock(ks_client_t *c)
{
    if (client_is_embedded(c))
        return true;
    /* Asked once per client: the answer cannot change. */
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static ks_client_t *cached_for;
    static bool cached;
    pthread_mutex_lock(&lock);
    if (cached_for != c) {
        char *id = rd_kafka_clusterid(c->rk, client_timeout(c));
        cached = id && !strncmp(id, "mockCluster", 11);
        if (id)
            rd_kafka_mem_free(c->rk, id);
        cached_for = id ? c : NULL; /* unreachable: ask again next time */
    }
    bool mock = cached;
    pthread_mutex_unlock(&lock);
    return mock;
}

/* A consumer handle in the group, never subscribed: OffsetFetch and
 * OffsetCommit through it work on the mock, which lacks the admin APIs. */
static rd_kafka_t *group_consumer(ks_client_t *c, const char *group, char *err)
{
    rd_kafka_conf_t *conf = client_conf(c, err);
    if (!conf)
        return NULL;
    char errstr[512];
    rd_kafka_conf_set(conf, "group.id", group, NULL, 0);
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", NULL, 0);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!rk)
        ks_err(err, "cannot create a consumer: %s", errstr);
    return rk;
}

static void group_consumer_free(rd_kafka_t *rk)
{
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
}

static int mock_group_offsets(ks_client_t *c, const char *group,
                              rd_kafka_topic_partition_list_t **out, char *err)
{
    const rd_kafka_metadata_t *md = NULL;
    rd_kafka_resp_err_t code = rd_kafka_metadata(c->rk, 1, NULL, &md, client_timeout(c));
    if (code)
        return client_err(c, err, code, "cannot reach the cluster", NULL);
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(64);
    for (int i = 0; i < md->topic_cnt; i++)
        for (int p = 0; p < md->topics[i].partition_cnt; p++)
            rd_kafka_topic_partition_list_add(l, md->topics[i].topic, p);
    rd_kafka_metadata_destroy(md);
    rd_kafka_t *rk = group_consumer(c, group, err);
    int rc = -1;
    if (rk) {
        code = rd_kafka_committed(rk, l, client_timeout(c));
        if (code) {
            char what[300];
            snprintf(what, sizeof what, "committed offsets of group %s", group);
            client_err(c, err, code, what, NULL);
        } else {
            *out = rd_kafka_topic_partition_list_new(16);
            for (int i = 0; i < l->cnt; i++)
                if (!l->elems[i].err && l->elems[i].offset >= 0)
                    rd_kafka_topic_partition_list_add(*out, l->elems[i].topic,
                                                      l->elems[i].partition)
                        ->offset = l->elems[i].offset;
            rc = 0;
        }
        group_consumer_free(rk);
    }
    rd_kafka_topic_partition_list_destroy(l);
    return rc;
}

static int mock_commit(ks_client_t *c, const char *group,
                       const rd_kafka_topic_partition_list_t *offsets, char *err)
{
    char what[300];
    snprintf(what, sizeof what, "set offsets of group %s", group);
    rd_kafka_t *rk = group_consumer(c, group, err);
    if (!rk)
        return -1;
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_copy(offsets);
    rd_kafka_resp_err_t code = rd_kafka_commit(rk, l, 0);
    int rc = code ? client_err(c, err, code, what, NULL) : 0;
    for (int i = 0; rc == 0 && i < l->cnt; i++)
        if (l->elems[i].err)
            rc = client_err(c, err, l->elems[i].err, what, NULL);
    rd_kafka_topic_partition_list_destroy(l);
    group_consumer_free(rk);
    return rc;
}

typedef struct {
    ks_client_t *c;
    rd_kafka_queue_t *q;
    rd_kafka_AdminOptions_t *o;
    rd_kafka_event_t *ev;
} req_t;

static void req_begin_on(req_t *r, ks_client_t *c, rd_kafka_t *rk, rd_kafka_admin_op_t op)
{
    r->c = c;
    r->q = rd_kafka_queue_new(rk);
    r->o = client_admin_options_on(c, rk, op);
    r->ev = NULL;
}

static void req_begin(req_t *r, ks_client_t *c, rd_kafka_admin_op_t op)
{
    req_begin_on(r, c, c->rk, op);
}

/* Waits for the result; a request-level error becomes err. */
static int req_wait(req_t *r, rd_kafka_event_type_t type, const char *what, char *err)
{
    if (client_wait_event(r->q, type, client_timeout(r->c), &r->ev, what, err))
        return -1;
    if (rd_kafka_event_error(r->ev))
        return client_err(r->c, err, rd_kafka_event_error(r->ev), what,
                          rd_kafka_event_error_string(r->ev));
    return 0;
}

static void req_end(req_t *r)
{
    if (r->ev)
        rd_kafka_event_destroy(r->ev);
    rd_kafka_AdminOptions_destroy(r->o);
    rd_kafka_queue_destroy(r->q);
}

static int topic_results(ks_client_t *c, const rd_kafka_topic_result_t **res, size_t n,
                         const char *what, char *err)
{
    for (size_t i = 0; i < n; i++)
        if (rd_kafka_topic_result_error(res[i]))
            return client_err(c, err, rd_kafka_topic_result_error(res[i]), what,
                              rd_kafka_topic_result_error_string(res[i]));
    return 0;
}

int admin_create_topic(ks_client_t *c, const char *topic, int partitions, int rf,
                       const admin_kv_t *configs, int nconfigs, char *err)
{
    char errstr[512], what[300];
    snprintf(what, sizeof what, "create topic %s", topic);
    rd_kafka_NewTopic_t *t = rd_kafka_NewTopic_new(topic, partitions, rf, errstr, sizeof errstr);
    if (!t)
        return ks_err(err, "%s: %s", what, errstr);
    for (int i = 0; i < nconfigs; i++)
        rd_kafka_NewTopic_set_config(t, configs[i].key, configs[i].value);
    req_t r;
    req_begin(&r, c, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    rd_kafka_CreateTopics(c->rk, &t, 1, r.o, r.q);
    int rc = req_wait(&r, RD_KAFKA_EVENT_CREATETOPICS_RESULT, what, err);
    if (rc == 0) {
        size_t n;
        const rd_kafka_topic_result_t **res =
            rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(r.ev), &n);
        rc = topic_results(c, res, n, what, err);
    }
    req_end(&r);
    rd_kafka_NewTopic_destroy(t);
    return rc;
}

int admin_delete_topic(ks_client_t *c, const char *topic, char *err)
{
    char what[300];
    snprintf(what, sizeof what, "delete topic %s", topic);
    rd_kafka_DeleteTopic_t *t = rd_kafka_DeleteTopic_new(topic);
    req_t r;
    req_begin(&r, c, RD_KAFKA_ADMIN_OP_DELETETOPICS);
    rd_kafka_DeleteTopics(c->rk, &t, 1, r.o, r.q);
    int rc = req_wait(&r, RD_KAFKA_EVENT_DELETETOPICS_RESULT, what, err);
    if (rc == 0) {
        size_t n;
        const rd_kafka_topic_result_t **res =
            rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(r.ev), &n);
        rc = topic_results(c, res, n, what, err);
    }
    req_end(&r);
    rd_kafka_DeleteTopic_destroy(t);
    return rc;
}

int admin_create_partitions(ks_client_t *c, const char *topic, int total, char *err)
{
    char errstr[512], what[300];
    snprintf(what, sizeof what, "add partitions to %s", topic);
    rd_kafka_NewPartitions_t *np = rd_kafka_NewPartitions_new(topic, (size_t)total, errstr,
                                                              sizeof errstr);
    if (!np)
        return ks_err(err, "%s: %s", what, errstr);
    req_t r;
    req_begin(&r, c, RD_KAFKA_ADMIN_OP_CREATEPARTITIONS);
    rd_kafka_CreatePartitions(c->rk, &np, 1, r.o, r.q);
    int rc = req_wait(&r, RD_KAFKA_EVENT_CREATEPARTITIONS_RESULT, what, err);
    if (rc == 0) {
        size_t n;
        const rd_kafka_topic_result_t **res = rd_kafka_CreatePartitions_result_topics(
            rd_kafka_event_CreatePartitions_result(r.ev), &n);
        rc = topic_results(c, res, n, what, err);
    }
    req_end(&r);
    rd_kafka_NewPartitions_destroy(np);
    return rc;
}

int admin_alter_topic_configs(ks_client_t *c, const char *topic, const admin_config_op_t *ops,
                              int nops, char *err)
{
    static const rd_kafka_AlterConfigOpType_t types[] = {
        [ADMIN_CONFIG_SET] = RD_KAFKA_ALTER_CONFIG_OP_TYPE_SET,
        [ADMIN_CONFIG_DELETE] = RD_KAFKA_ALTER_CONFIG_OP_TYPE_DELETE,
        [ADMIN_CONFIG_APPEND] = RD_KAFKA_ALTER_CONFIG_OP_TYPE_APPEND,
        [ADMIN_CONFIG_SUBTRACT] = RD_KAFKA_ALTER_CONFIG_OP_TYPE_SUBTRACT,
    };
    char what[300];
    snprintf(what, sizeof what, "alter configs of %s", topic);
    rd_kafka_ConfigResource_t *res = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic);
    int rc = 0;
    for (int i = 0; i < nops && rc == 0; i++) {
        rd_kafka_error_t *e = rd_kafka_ConfigResource_add_incremental_config(
            res, ops[i].key, types[ops[i].op],
            ops[i].op == ADMIN_CONFIG_DELETE ? NULL : ops[i].value);
        if (e) {
            /* e.g. the same key named twice */
            rc = ks_err(err, "%s: %s: %s", what, ops[i].key, rd_kafka_error_string(e));
            rd_kafka_error_destroy(e);
        }
    }
    if (rc == 0) {
        req_t r;
        req_begin(&r, c, RD_KAFKA_ADMIN_OP_INCREMENTALALTERCONFIGS);
        rd_kafka_IncrementalAlterConfigs(c->rk, &res, 1, r.o, r.q);
        rc = req_wait(&r, RD_KAFKA_EVENT_INCREMENTALALTERCONFIGS_RESULT, what, err);
        if (rc == 0) {
            size_t n;
            const rd_kafka_ConfigResource_t **rr = rd_kafka_IncrementalAlterConfigs_result_resources(
                rd_kafka_event_IncrementalAlterConfigs_result(r.ev), &n);
            for (size_t i = 0; i < n && rc == 0; i++)
                if (rd_kafka_ConfigResource_error(rr[i]))
                    rc = client_err(c, err, rd_kafka_ConfigResource_error(rr[i]), what,
                                    rd_kafka_ConfigResource_error_string(rr[i]));
        }
        req_end(&r);
    }
    rd_kafka_ConfigResource_destroy(res);
    return rc;
}

int admin_delete_records(ks_client_t *c, const char *topic, int32_t partition, int64_t before,
                         int64_t *low, char *err)
{
    char what[300];
    snprintf(what, sizeof what, "delete records of %s:%d", topic, partition);
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(l, topic, partition)->offset = before;
    rd_kafka_DeleteRecords_t *d = rd_kafka_DeleteRecords_new(l);
    rd_kafka_topic_partition_list_destroy(l);
    req_t r;
    req_begin(&r, c, RD_KAFKA_ADMIN_OP_DELETERECORDS);
    rd_kafka_DeleteRecords(c->rk, &d, 1, r.o, r.q);
    int rc = req_wait(&r, RD_KAFKA_EVENT_DELETERECORDS_RESULT, what, err);
    if (rc == 0) {
        const rd_kafka_topic_partition_list_t *res =
            rd_kafka_DeleteRecords_result_offsets(rd_kafka_event_DeleteRecords_result(r.ev));
        if (!res || res->cnt < 1)
            rc = ks_err(err, "%s: empty answer", what);
        else if (res->elems[0].err)
            rc = client_err(c, err, res->elems[0].err, what, NULL);
        else
            *low = res->elems[0].offset;
    }
    req_end(&r);
    rd_kafka_DeleteRecords_destroy(d);
    return rc;
}

/* Per-group results of DeleteGroups, ListConsumerGroupOffsets and
 * AlterConsumerGroupOffsets: the first group error, else the first
 * partition error. With collect, valid committed offsets are added to it
 * instead of partition errors being checked. */
static int group_results(ks_client_t *c, const rd_kafka_group_result_t **gr, size_t n,
                         const char *what, rd_kafka_topic_partition_list_t *collect, char *err)
{
    for (size_t i = 0; i < n; i++) {
        const rd_kafka_error_t *e = rd_kafka_group_result_error(gr[i]);
        if (e)
            return client_err(c, err, rd_kafka_error_code(e), what, rd_kafka_error_string(e));
        const rd_kafka_topic_partition_list_t *l = rd_kafka_group_result_partitions(gr[i]);
        for (int j = 0; l && j < l->cnt; j++) {
            const rd_kafka_topic_partition_t *tp = &l->elems[j];
            if (collect) {
                if (!tp->err && tp->offset >= 0)
                    rd_kafka_topic_partition_list_add(collect, tp->topic, tp->partition)->offset =
                        tp->offset;
            } else if (tp->err) {
                char w2[400];
                snprintf(w2, sizeof w2, "%s (%s:%d)", what, tp->topic, tp->partition);
                return client_err(c, err, tp->err, w2, NULL);
            }
        }
    }
    return 0;
}

int admin_delete_group(ks_client_t *c, const char *group, char *err)
{
    char what[300];
    snprintf(what, sizeof what, "delete group %s", group);
    rd_kafka_DeleteGroup_t *g = rd_kafka_DeleteGroup_new(group);
    req_t r;
    req_begin(&r, c, RD_KAFKA_ADMIN_OP_DELETEGROUPS);
    rd_kafka_DeleteGroups(c->rk, &g, 1, r.o, r.q);
    int rc = req_wait(&r, RD_KAFKA_EVENT_DELETEGROUPS_RESULT, what, err);
    if (rc == 0) {
        size_t n;
        const rd_kafka_group_result_t **res =
            rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(r.ev), &n);
        rc = group_results(c, res, n, what, NULL, err);
    }
    req_end(&r);
    rd_kafka_DeleteGroup_destroy(g);
    return rc;
}

int admin_describe_group(ks_client_t *c, const char *group, char **state, int *members,
                         char *err)
{
    char what[300];
    snprintf(what, sizeof what, "describe group %s", group);
    req_t r;
    req_begin(&r, c, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS);
    const char *ids[1] = {group};
    rd_kafka_DescribeConsumerGroups(c->rk, ids, 1, r.o, r.q);
    int rc = req_wait(&r, RD_KAFKA_EVENT_DESCRIBECONSUMERGROUPS_RESULT, what, err);
    if (rc == 0) {
        size_t n;
        const rd_kafka_ConsumerGroupDescription_t **gd =
            rd_kafka_DescribeConsumerGroups_result_groups(
                rd_kafka_event_DescribeConsumerGroups_result(r.ev), &n);
        if (n < 1) {
            rc = ks_err(err, "%s: empty answer", what);
        } else if (rd_kafka_ConsumerGroupDescription_error(gd[0])) {
            const rd_kafka_error_t *e = rd_kafka_ConsumerGroupDescription_error(gd[0]);
            rc = client_err(c, err, rd_kafka_error_code(e), what, rd_kafka_error_string(e));
        } else {
            *state = xstrdup(rd_kafka_consumer_group_state_name(
                rd_kafka_ConsumerGroupDescription_state(gd[0])));
            *members = (int)rd_kafka_ConsumerGroupDescription_member_count(gd[0]);
        }
    }
    req_end(&r);
    return rc;
}

static bool coordinator_moving(rd_kafka_resp_err_t code)
{
    return code == RD_KAFKA_RESP_ERR_NOT_COORDINATOR ||
           code == RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE ||
           code == RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS;
}

/* One ListConsumerGroupOffsets; *code gets the request's error code. */
static int group_offsets_once(ks_client_t *c, rd_kafka_t *rk, const char *group, const char *what,
                              rd_kafka_topic_partition_list_t **out, rd_kafka_resp_err_t *code,
                              char *err)
{
    rd_kafka_ListConsumerGroupOffsets_t *req = rd_kafka_ListConsumerGroupOffsets_new(group, NULL);
    req_t r;
    req_begin_on(&r, c, rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
    rd_kafka_ListConsumerGroupOffsets(rk, &req, 1, r.o, r.q);
    int rc = req_wait(&r, RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT, what, err);
    *code = r.ev ? rd_kafka_event_error(r.ev) : RD_KAFKA_RESP_ERR__TIMED_OUT;
    if (rc == 0) {
        size_t n;
        const rd_kafka_group_result_t **gr = rd_kafka_ListConsumerGroupOffsets_result_groups(
            rd_kafka_event_ListConsumerGroupOffsets_result(r.ev), &n);
        *out = rd_kafka_topic_partition_list_new(16);
        rc = group_results(c, gr, n, what, *out, err);
        if (rc) {
            rd_kafka_topic_partition_list_destroy(*out);
            *out = NULL;
        }
    }
    req_end(&r);
    rd_kafka_ListConsumerGroupOffsets_destroy(req);
    return rc;
}

int admin_group_offsets(ks_client_t *c, const char *group,
                        rd_kafka_topic_partition_list_t **out, char *err)
{
    char what[300];
    snprintf(what, sizeof what, "committed offsets of group %s", group);
    *out = NULL;
    if (admin_is_mock(c))
        return mock_group_offsets(c, group, out, err);
    rd_kafka_t *rk = client_group_admin(c, err);
    if (!rk)
        return -1;
    /* librdkafka does not retry this request when the group's coordinator
     * is not known yet (a fresh cluster) or moves: retry it here. */
    int64_t deadline = client_deadline(c);
    for (;;) {
        rd_kafka_resp_err_t code;
        int rc = group_offsets_once(c, rk, group, what, out, &code, err);
        if (rc == 0 || !coordinator_moving(code) || mono_ms() + 250 > deadline)
            return rc;
        sleep_ms(250);
    }
}

int admin_alter_group_offsets(ks_client_t *c, const char *group,
                              const rd_kafka_topic_partition_list_t *offsets, char *err)
{
    char what[300];
    snprintf(what, sizeof what, "set offsets of group %s", group);
    if (admin_is_mock(c))
        return mock_commit(c, group, offsets, err);
    rd_kafka_AlterConsumerGroupOffsets_t *a = rd_kafka_AlterConsumerGroupOffsets_new(group, offsets);
    req_t r;
    req_begin(&r, c, RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS);
    rd_kafka_AlterConsumerGroupOffsets(c->rk, &a, 1, r.o, r.q);
    int rc = req_wait(&r, RD_KAFKA_EVENT_ALTERCONSUMERGROUPOFFSETS_RESULT, what, err);
    if (rc == 0) {
        size_t n;
        const rd_kafka_group_result_t **gr = rd_kafka_AlterConsumerGroupOffsets_result_groups(
            rd_kafka_event_AlterConsumerGroupOffsets_result(r.ev), &n);
        rc = group_results(c, gr, n, what, NULL, err);
    }
    req_end(&r);
    rd_kafka_AlterConsumerGroupOffsets_destroy(a);
    return rc;
}
