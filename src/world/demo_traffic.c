#include "world/demo_traffic.h"

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/avro/kavro.h"
#include "world/demo_data.h"
#include "world/demo_schema.h"
#include "base/util.h"

#define SEED_RECORDS 120

const demo_topic_t demo_topics[] = {
    {"pizza-orders", 6, 3},
    {"cart-updates", 3, 3},
    {"sensor-readings", 2, 2},
    {"playground", 3, 3}, /* no demo traffic: for hand-produced events */
};
const int demo_ntopics = (int)(sizeof demo_topics / sizeof *demo_topics);

struct ks_demo_traffic {
    rd_kafka_t *producer;
    kavro_schema_t *cart_schema; /* cart-updates values are Avro of it */
    bool retention;
    pthread_t thread;
    bool thread_running;
    atomic_bool stop;
};

static void produce_demo(ks_demo_traffic_t *t, const char *topic, uint64_t n, demo_record_t *rec)
{
    demo_make(topic, n, rec);
    rd_kafka_headers_t *hdrs = NULL;
    if (rec->header_name) {
        hdrs = rd_kafka_headers_new(1);
        rd_kafka_header_add(hdrs, rec->header_name, -1, rec->header_value, -1);
    }
    rd_kafka_resp_err_t err = rd_kafka_producev(
        t->producer, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_KEY(rec->key, strlen(rec->key)),
        RD_KAFKA_V_VALUE(rec->value.buf, rec->value.len), RD_KAFKA_V_HEADERS(hdrs),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
    if (err && hdrs)
        rd_kafka_headers_destroy(hdrs);
}

/* Some history, so a fresh demo already has offsets, messages and
 * something to read from the beginning. */
static void seed_history(ks_demo_traffic_t *t)
{
    demo_record_t rec = {.cart_schema = t->cart_schema};
    sb_init(&rec.value);
    for (uint64_t n = 0; n < SEED_RECORDS; n++) {
        produce_demo(t, "pizza-orders", n, &rec);
        if (n % 2 == 0)
            produce_demo(t, "cart-updates", n, &rec);
        if (n % 4 == 0)
            produce_demo(t, "sensor-readings", n, &rec);
    }
    rd_kafka_flush(t->producer, 5000);
    sb_free(&rec.value);
}

/* A few events a second, so every pane moves from the first second: pizza
 * orders are the busiest topic, sensors the quietest. The retention topic
 * gets a record a second, so its segments roll and expire steadily. */
static void *traffic(void *arg)
{
    ks_demo_traffic_t *t = arg;
    demo_record_t rec = {.cart_schema = t->cart_schema};
    sb_init(&rec.value);
    uint64_t tick = 0;
    while (!atomic_load(&t->stop)) {
        const char *topic = tick % 4 == 3 ? "cart-updates"
                          : tick % 8 == 6 ? "sensor-readings"
                                          : "pizza-orders";
        produce_demo(t, topic, SEED_RECORDS + tick, &rec);
        if (t->retention && tick % 5 == 0)
            produce_demo(t, DEMO_RETENTION_TOPIC, tick, &rec);
        rd_kafka_poll(t->producer, 0);
        tick++;
        for (int i = 0; i < 4 && !atomic_load(&t->stop); i++)
            sleep_ms(50);
    }
    sb_free(&rec.value);
    return NULL;
}

ks_demo_traffic_t *demo_traffic_start(const char *bootstrap, bool seed, bool retention,
                                      char *err)
{
    ks_demo_traffic_t *t = xcalloc(1, sizeof *t);
    t->retention = retention;
    t->cart_schema = kavro_schema_parse(demo_cart_updates_avsc, strlen(demo_cart_updates_avsc), err);
    if (!t->cart_schema)
        goto fail;
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, NULL, 0);
    rd_kafka_conf_set(conf, "client.id", "kafscope-demo", NULL, 0);
    rd_kafka_conf_set(conf, "log_level", "0", NULL, 0);
    rd_kafka_conf_set(conf, "linger.ms", "20", NULL, 0);
    t->producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!t->producer) {
        ks_err(err, "demo producer: %s", errstr);
        goto fail;
    }
    if (seed)
        seed_history(t);
    if (pthread_create(&t->thread, NULL, traffic, t)) {
        ks_err(err, "cannot start the demo producer");
        goto fail;
    }
    t->thread_running = true;
    return t;
fail:
    demo_traffic_stop(t);
    return NULL;
}

void demo_traffic_stop(ks_demo_traffic_t *t)
{
    if (!t)
        return;
    atomic_store(&t->stop, true);
    if (t->thread_running)
        pthread_join(t->thread, NULL);
    if (t->producer) {
        /* Demo records still queued are worthless now: drop them rather
         * than wait for their delivery. */
        rd_kafka_purge(t->producer, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        rd_kafka_destroy(t->producer);
    }
    kavro_schema_free(t->cart_schema);
    free(t);
}
