#include "world/embedded.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "world/demo_traffic.h"
#include "base/util.h"

const char *const embedded_demo_topics[] = {"pizza-orders", "cart-updates", "sensor-readings",
                                            "playground", NULL};

struct ks_embedded {
    rd_kafka_t *owner; /* the mock cluster lives inside this handle */
    rd_kafka_mock_cluster_t *mock;
    char *bootstraps;
    int nbrokers;
    ks_demo_traffic_t *traffic;
};

ks_embedded_t *embedded_start(int nbrokers, bool seed, char *err)
{
    if (nbrokers < 1 || nbrokers > 16) {
        ks_err(err, "embedded cluster: --brokers must be from 1 to 16");
        return NULL;
    }
    ks_embedded_t *e = xcalloc(1, sizeof *e);
    e->nbrokers = nbrokers;
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "0", NULL, 0);
    e->owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!e->owner) {
        ks_err(err, "embedded cluster: %s", errstr);
        goto fail;
    }
    e->mock = rd_kafka_mock_cluster_new(e->owner, nbrokers);
    if (!e->mock) {
        ks_err(err, "embedded cluster: cannot start the mock brokers");
        goto fail;
    }
    e->bootstraps = xstrdup(rd_kafka_mock_cluster_bootstraps(e->mock));
    if (!seed)
        return e;
    for (int i = 0; i < demo_ntopics; i++) {
        int rf = demo_topics[i].rf < nbrokers ? demo_topics[i].rf : nbrokers;
        if (embedded_create_topic(e, demo_topics[i].name, demo_topics[i].partitions, rf, err))
            goto fail;
    }
    e->traffic = demo_traffic_start(e->bootstraps, true, false, err);
    if (!e->traffic)
        goto fail;
    return e;
fail:
    embedded_stop(e);
    return NULL;
}

void embedded_stop(ks_embedded_t *e)
{
    if (!e)
        return;
    demo_traffic_stop(e->traffic);
    if (e->mock)
        rd_kafka_mock_cluster_destroy(e->mock);
    if (e->owner)
        rd_kafka_destroy(e->owner);
    free(e->bootstraps);
    free(e);
}

const char *embedded_bootstraps(const ks_embedded_t *e)
{
    return e->bootstraps;
}

int embedded_create_topic(ks_embedded_t *e, const char *topic, int partitions, int rf,
                          char *err)
{
    if (rf > e->nbrokers)
        return ks_err(err, "replication factor %d is larger than the %d brokers of the embedded "
                      "cluster", rf, e->nbrokers);
    rd_kafka_resp_err_t code = rd_kafka_mock_topic_create(e->mock, topic, partitions, rf);
    if (code)
        return ks_err(err, "embedded cluster: cannot create topic %s: %s", topic,
                      rd_kafka_err2str(code));
    return 0;
}

static void world_free(void *e)
{
    embedded_stop(e);
}

ks_client_t *embedded_client_new(ks_config_t *cfg, char *err)
{
    ks_embedded_t *e = embedded_start(cfg->embedded_brokers, true, err);
    if (!e)
        return NULL;
    ks_client_t *c = client_new(cfg, embedded_bootstraps(e), err);
    if (!c) {
        embedded_stop(e);
        return NULL;
    }
    c->world = e;
    c->world_free = world_free;
    return c;
}

ks_embedded_t *embedded_of(const ks_client_t *c)
{
    return c->world_free == world_free ? c->world : NULL;
}
