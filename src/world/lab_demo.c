/* The lab's demo process (`kafscope lab _demo HOME BOOTSTRAP`): the demo
 * topics, their traffic and the pizza-kitchen group, for as long as the lab
 * runs, whether or not a kafscope UI is open. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/admin.h"
#include "kafka/client.h"
#include "world/demo_traffic.h"
#include "world/lab.h"
#include "kafka/members.h"
#include "base/util.h"

/* Whether topic is in the cluster's metadata (-1: no answer). */
static int topic_exists(ks_client_t *c, const char *topic)
{
    const struct rd_kafka_metadata *md = NULL;
    if (rd_kafka_metadata(c->rk, 1, NULL, &md, c->cfg->timeout_ms))
        return -1;
    int found = 0;
    for (int i = 0; i < md->topic_cnt && !found; i++)
        found = !strcmp(md->topics[i].topic, topic);
    rd_kafka_metadata_destroy(md);
    return found;
}

/* Creates the demo topics that do not exist yet; *created tells whether
 * pizza-orders was new (then the history is seeded). */
static int create_topics(ks_client_t *c, int nbrokers, bool *created, char *err)
{
    *created = false;
    for (int i = 0; i <= demo_ntopics; i++) {
        bool retention = i == demo_ntopics;
        const char *name = retention ? DEMO_RETENTION_TOPIC : demo_topics[i].name;
        int partitions = retention ? 2 : demo_topics[i].partitions;
        int rf = retention ? 3 : demo_topics[i].rf;
        if (rf > nbrokers)
            rf = nbrokers;
        int exists = topic_exists(c, name);
        if (exists < 0)
            return ks_err(err, "the lab does not answer metadata requests");
        if (exists)
            continue;
        static const admin_kv_t retention_cfg[] = {
            {"retention.ms", DEMO_RETENTION_MS},
            {"segment.ms", DEMO_RETENTION_SEGMENT_MS},
            {"segment.bytes", "1048576"},
        };
        if (admin_create_topic(c, name, partitions, rf, retention ? retention_cfg : NULL,
                               retention ? 3 : 0, err))
            return -1;
        if (i == 0)
            *created = true;
    }
    return 0;
}

static int count_brokers(const char *bootstrap)
{
    int n = 1;
    for (const char *p = bootstrap; *p; p++)
        n += *p == ',';
    return n;
}

int lab_demo_run(const char *home, const char *bootstrap, volatile sig_atomic_t *stop,
                 lab_progress_fn note, void *opaque, char *err)
{
    ks_config_t cfg;
    config_init(&cfg);
    int rc = config_set(&cfg, "bootstrap", bootstrap, err);
    ks_client_t *c = rc ? NULL : client_new(&cfg, NULL, err);
    ks_members_t *m = NULL;
    ks_demo_traffic_t *t = NULL;
    bool created = false;
    if (!c)
        rc = -1;
    /* The lab answered metadata before we were started, but topic creation
     * can still fail while the controller settles: retry for a while. */
    int64_t deadline = mono_ms() + 60000;
    while (rc == 0 && create_topics(c, count_brokers(bootstrap), &created, err)) {
        if (mono_ms() > deadline || *stop)
            rc = -1;
        else
            sleep_ms(1000);
    }
    if (rc == 0) {
        t = demo_traffic_start(bootstrap, created, true, err);
        if (!t)
            rc = -1;
    }
    if (rc == 0) {
        char *ready = xasprintf("%s/demo.ready", home);
        FILE *f = fopen(ready, "w");
        if (!f || fclose(f))
            rc = ks_err(err, "cannot write %s: %s", ready, strerror(errno));
        free(ready);
    }
    if (rc == 0) {
        m = members_new(c);
        static const char *const topics[] = {"pizza-orders"};
        members_join_t j = {.group = DEMO_GROUP, .topics = topics, .ntopics = 1, .count = 2,
                            .assignor = "range", .delay_ms = DEMO_DELAY_MS};
        char jerr[KS_ERRLEN], msg[KS_ERRLEN + 64];
        if (members_join(m, &j, jerr))
            snprintf(msg, sizeof msg, "group %s: %s", DEMO_GROUP, jerr);
        else
            snprintf(msg, sizeof msg, "topics ready; traffic and group %s running", DEMO_GROUP);
        note(opaque, msg);
    }
    while (rc == 0 && !*stop)
        sleep_ms(100);
    members_free(m);
    demo_traffic_stop(t);
    client_free(c);
    config_free(&cfg);
    return rc;
}
