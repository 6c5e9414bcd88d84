#include "embedded.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/kavro.h"
#include "demo_data.h"
#include "demo_schema.h"
#include "util.h"

#define SEED_RECORDS 120

const char *const embedded_demo_topics[] = {"pizza-orders", "cart-updates", "sensor-readings",
                                            "playground", NULL};

/* name, partitions, replication factor */
static const struct {
    const char *name;
    int partitions, rf;
} demo_topics[] = {
    {"pizza-orders", 6, 3},
    {"cart-updates", 3, 3},
    {"sensor-readings", 2, 2},
    {"playground", 3, 3}, /* no demo traffic: for hand-produced events */
};

struct ks_embedded {
    rd_kafka_t *owner;   /* the mock cluster lives inside this handle */
    rd_kafka_mock_cluster_t *mock;
    char *bootstraps;
    int nbrokers;
    rd_kafka_t *producer; /* demo traffic */
    kavro_schema_t *cart_schema; /* cart-updates values are Avro of it */
    pthread_t thread;
    bool thread_running;
    atomic_bool stop;
};

static rd_kafka_t *quiet_producer(const char *bootstrap, char *err)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (bootstrap)
        rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, NULL, 0);
    rd_kafka_conf_set(conf, "client.id", "kafscope-demo", NULL, 0);
    rd_kafka_conf_set(conf, "log_level", "0", NULL, 0);
    rd_kafka_conf_set(conf, "linger.ms", "20", NULL, 0);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk)
        ks_err(err, "embedded cluster: %s", errstr);
    return rk;
}

static void produce_demo(ks_embedded_t *e, const char *topic, uint64_t n, demo_record_t *rec)
{
    demo_make(topic, n, rec);
    rd_kafka_headers_t *hdrs = NULL;
    if (rec->header_name) {
        hdrs = rd_kafka_headers_new(1);
        rd_kafka_header_add(hdrs, rec->header_name, -1, rec->header_value, -1);
    }
    rd_kafka_resp_err_t err = rd_kafka_producev(
        e->producer, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_KEY(rec->key, strlen(rec->key)),
        RD_KAFKA_V_VALUE(rec->value.buf, rec->value.len), RD_KAFKA_V_HEADERS(hdrs),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
    if (err && hdrs)
        rd_kafka_headers_destroy(hdrs);
}

/* Some history, so a fresh demo already has offsets, messages and
 * something to read from the beginning. */
static void seed_history(ks_embedded_t *e)
{
    demo_record_t rec = {.cart_schema = e->cart_schema};
    sb_init(&rec.value);
    for (uint64_t n = 0; n < SEED_RECORDS; n++) {
        produce_demo(e, "pizza-orders", n, &rec);
        if (n % 2 == 0)
            produce_demo(e, "cart-updates", n, &rec);
        if (n % 4 == 0)
            produce_demo(e, "sensor-readings", n, &rec);
    }
    rd_kafka_flush(e->producer, 5000);
    sb_free(&rec.value);
}

/* A few events a second, so every pane moves from the first second: pizza
 * orders are the busiest topic, sensors the quietest. */
static void *demo_traffic(void *arg)
{
    ks_embedded_t *e = arg;
    demo_record_t rec = {.cart_schema = e->cart_schema};
    sb_init(&rec.value);
    uint64_t tick = 0;
    while (!atomic_load(&e->stop)) {
        const char *topic = tick % 4 == 3 ? "cart-updates"
                          : tick % 8 == 6 ? "sensor-readings"
                                          : "pizza-orders";
        produce_demo(e, topic, SEED_RECORDS + tick, &rec);
        rd_kafka_poll(e->producer, 0);
        tick++;
        for (int i = 0; i < 4 && !atomic_load(&e->stop); i++)
            sleep_ms(50);
    }
    sb_free(&rec.value);
    return NULL;
}

ks_embedded_t *embedded_start(int nbrokers, bool seed, char *err)
{
    if (nbrokers < 1 || nbrokers > 16) {
        ks_err(err, "embedded cluster: --brokers must be from 1 to 16");
        return NULL;
    }
    ks_embedded_t *e = xcalloc(1, sizeof *e);
    e->nbrokers = nbrokers;
    e->owner = quiet_producer(NULL, err);
    if (!e->owner)
        goto fail;
    e->mock = rd_kafka_mock_cluster_new(e->owner, nbrokers);
    if (!e->mock) {
        ks_err(err, "embedded cluster: cannot start the mock brokers");
        goto fail;
    }
    e->bootstraps = xstrdup(rd_kafka_mock_cluster_bootstraps(e->mock));
    if (!seed)
        return e;
    for (size_t i = 0; i < sizeof demo_topics / sizeof *demo_topics; i++) {
        int rf = demo_topics[i].rf < nbrokers ? demo_topics[i].rf : nbrokers;
        if (embedded_create_topic(e, demo_topics[i].name, demo_topics[i].partitions, rf, err))
            goto fail;
    }
    e->cart_schema = kavro_schema_parse(demo_cart_updates_avsc, strlen(demo_cart_updates_avsc), err);
    if (!e->cart_schema)
        goto fail;
    e->producer = quiet_producer(e->bootstraps, err);
    if (!e->producer)
        goto fail;
    seed_history(e);
    if (pthread_create(&e->thread, NULL, demo_traffic, e)) {
        ks_err(err, "embedded cluster: cannot start the demo producer");
        goto fail;
    }
    e->thread_running = true;
    return e;
fail:
    embedded_stop(e);
    return NULL;
}

void embedded_stop(ks_embedded_t *e)
{
    if (!e)
        return;
    atomic_store(&e->stop, true);
    if (e->thread_running)
        pthread_join(e->thread, NULL);
    if (e->producer) {
        /* Demo records still queued are worthless now: drop them rather
         * than wait for their delivery. */
        rd_kafka_purge(e->producer, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        rd_kafka_destroy(e->producer);
    }
    if (e->mock)
        rd_kafka_mock_cluster_destroy(e->mock);
    if (e->owner)
        rd_kafka_destroy(e->owner);
    kavro_schema_free(e->cart_schema);
    free(e->bootstraps);
    free(e);
}

const char *embedded_bootstraps(const ks_embedded_t *e)
{
    return e->bootstraps;
}

rd_kafka_mock_cluster_t *embedded_mock(ks_embedded_t *e)
{
    return e->mock;
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
