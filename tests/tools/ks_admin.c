/* Test-only helper: creates and deletes topics on a real broker with
 * librdkafka's admin API, independently of kafscope's own commands, so the
 * integration tests can set up fixtures without trusting the code under test.
 *
 *   ks_admin BOOTSTRAP create TOPIC PARTITIONS RF [name=value...]
 *   ks_admin BOOTSTRAP delete TOPIC
 *   ks_admin BOOTSTRAP create-many PREFIX COUNT PARTITIONS
 *       topics PREFIX-0 .. PREFIX-<COUNT-1>, RF 1, in batches
 *   ks_admin BOOTSTRAP commit-many PREFIX COUNT TOPIC OFFSET
 *       groups PREFIX-0 .. commit OFFSET on TOPIC partition 0, all in flight */
#include <librdkafka/rdkafka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int wait_result(rd_kafka_queue_t *q, const char *what)
{
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 30000);
    if (!ev) {
        fprintf(stderr, "ks_admin: %s: timed out\n", what);
        return 1;
    }
    int rc = 0;
    const rd_kafka_topic_result_t **res = NULL;
    size_t n = 0;
    if (rd_kafka_event_error(ev)) {
        fprintf(stderr, "ks_admin: %s: %s\n", what, rd_kafka_event_error_string(ev));
        rc = 1;
    } else if (rd_kafka_event_type(ev) == RD_KAFKA_EVENT_CREATETOPICS_RESULT) {
        res = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
    } else {
        res = rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(ev), &n);
    }
    for (size_t i = 0; i < n; i++) {
        if (rd_kafka_topic_result_error(res[i])) {
            fprintf(stderr, "ks_admin: %s %s: %s\n", what, rd_kafka_topic_result_name(res[i]),
                    rd_kafka_topic_result_error_string(res[i]));
            rc = 1;
        }
    }
    rd_kafka_event_destroy(ev);
    return rc;
}

static int create_many(rd_kafka_t *rk, rd_kafka_queue_t *q, const char *prefix, int count,
                       int partitions)
{
    enum { BATCH = 500 };
    rd_kafka_NewTopic_t *t[BATCH];
    char errstr[512];
    int rc = 0;
    for (int base = 0; base < count; base += BATCH) {
        int n = count - base < BATCH ? count - base : BATCH;
        for (int i = 0; i < n; i++) {
            char name[256];
            snprintf(name, sizeof name, "%s-%d", prefix, base + i);
            t[i] = rd_kafka_NewTopic_new(name, partitions, 1, errstr, sizeof errstr);
        }
        rd_kafka_CreateTopics(rk, t, (size_t)n, NULL, q);
        rc |= wait_result(q, "create");
        rd_kafka_NewTopic_destroy_array(t, (size_t)n);
    }
    return rc;
}

/* Commits for every group still marked in todo; clears the marks of those
 * that succeeded. Returns how many failed (a fresh __consumer_offsets may
 * answer "coordinator not available" for a while). */
static int commit_round(rd_kafka_t *rk, rd_kafka_queue_t *q, const char *prefix, char *todo,
                        int count, const char *topic, int64_t offset)
{
    int fired = 0;
    for (int i = 0; i < count; i++) {
        if (!todo[i])
            continue;
        char group[256];
        snprintf(group, sizeof group, "%s-%d", prefix, i);
        rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(l, topic, 0)->offset = offset;
        rd_kafka_AlterConsumerGroupOffsets_t *a = rd_kafka_AlterConsumerGroupOffsets_new(group, l);
        rd_kafka_AdminOptions_t *o = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_ANY);
        rd_kafka_AdminOptions_set_opaque(o, &todo[i]);
        rd_kafka_AlterConsumerGroupOffsets(rk, &a, 1, o, q);
        rd_kafka_AdminOptions_destroy(o);
        rd_kafka_AlterConsumerGroupOffsets_destroy(a);
        rd_kafka_topic_partition_list_destroy(l);
        fired++;
    }
    int failed = 0;
    for (int i = 0; i < fired; i++) {
        rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 60000);
        if (!ev) {
            fprintf(stderr, "ks_admin: commit: timed out\n");
            return fired - i + failed;
        }
        bool ok = !rd_kafka_event_error(ev);
        size_t n = 0;
        const rd_kafka_group_result_t **gr = ok ? rd_kafka_AlterConsumerGroupOffsets_result_groups(
                                                      rd_kafka_event_AlterConsumerGroupOffsets_result(ev), &n)
                                                : NULL;
        for (size_t j = 0; j < n; j++) {
            const rd_kafka_topic_partition_list_t *l = rd_kafka_group_result_partitions(gr[j]);
            ok &= !rd_kafka_group_result_error(gr[j]) && (!l || !l->cnt || !l->elems[0].err);
        }
        if (ok)
            *(char *)rd_kafka_event_opaque(ev) = 0;
        else
            failed++;
        rd_kafka_event_destroy(ev);
    }
    return failed;
}

static int commit_many(rd_kafka_t *rk, rd_kafka_queue_t *q, const char *prefix, int count,
                       const char *topic, int64_t offset)
{
    char *todo = malloc((size_t)count + 1);
    memset(todo, 1, (size_t)count + 1);
    int failed = count;
    for (int round = 0; round < 20 && failed; round++) {
        if (round)
            usleep(500000);
        failed = commit_round(rk, q, prefix, todo, count, topic, offset);
    }
    free(todo);
    if (failed)
        fprintf(stderr, "ks_admin: commit: %d groups failed\n", failed);
    return failed != 0;
}

int main(int argc, char **argv)
{
    if (argc < 4 || (strcmp(argv[2], "create") == 0 && argc < 6) ||
        (strcmp(argv[2], "create-many") == 0 && argc != 6) ||
        (strcmp(argv[2], "commit-many") == 0 && argc != 7)) {
        fprintf(stderr, "usage: ks_admin BOOTSTRAP create TOPIC PARTITIONS RF [k=v...]\n"
                        "       ks_admin BOOTSTRAP delete TOPIC\n"
                        "       ks_admin BOOTSTRAP create-many PREFIX COUNT PARTITIONS\n"
                        "       ks_admin BOOTSTRAP commit-many PREFIX COUNT TOPIC OFFSET\n");
        return 2;
    }
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", argv[1], NULL, 0);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk) {
        fprintf(stderr, "ks_admin: %s\n", errstr);
        return 1;
    }
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    int rc;
    if (!strcmp(argv[2], "create-many")) {
        rc = create_many(rk, q, argv[3], atoi(argv[4]), atoi(argv[5]));
    } else if (!strcmp(argv[2], "commit-many")) {
        rc = commit_many(rk, q, argv[3], atoi(argv[4]), argv[5], atoll(argv[6]));
    } else if (!strcmp(argv[2], "create")) {
        rd_kafka_NewTopic_t *t = rd_kafka_NewTopic_new(argv[3], atoi(argv[4]), atoi(argv[5]),
                                                       errstr, sizeof errstr);
        for (int i = 6; t && i < argc; i++) {
            char *eq = strchr(argv[i], '=');
            if (!eq)
                continue;
            *eq = '\0';
            rd_kafka_NewTopic_set_config(t, argv[i], eq + 1);
        }
        if (!t) {
            fprintf(stderr, "ks_admin: %s\n", errstr);
            return 1;
        }
        rd_kafka_CreateTopics(rk, &t, 1, NULL, q);
        rc = wait_result(q, "create");
        rd_kafka_NewTopic_destroy(t);
    } else {
        rd_kafka_DeleteTopic_t *t = rd_kafka_DeleteTopic_new(argv[3]);
        rd_kafka_DeleteTopics(rk, &t, 1, NULL, q);
        rc = wait_result(q, "delete");
        rd_kafka_DeleteTopic_destroy(t);
    }
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
    return rc;
}
