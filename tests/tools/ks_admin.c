/* Test-only helper: creates and deletes topics on a real broker with
 * librdkafka's admin API, independently of kafscope's own commands, so the
 * integration tests can set up fixtures without trusting the code under test.
 *
 *   ks_admin BOOTSTRAP create TOPIC PARTITIONS RF [name=value...]
 *   ks_admin BOOTSTRAP delete TOPIC */
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(int argc, char **argv)
{
    if (argc < 4 || (strcmp(argv[2], "create") == 0 && argc < 6)) {
        fprintf(stderr, "usage: ks_admin BOOTSTRAP create TOPIC PARTITIONS RF [k=v...]\n"
                        "       ks_admin BOOTSTRAP delete TOPIC\n");
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
    if (!strcmp(argv[2], "create")) {
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
