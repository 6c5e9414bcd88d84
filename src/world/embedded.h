/* The embedded demo cluster: librdkafka's in-process mock cluster, seeded
 * with workshop topics and kept alive by a small background producer. */
#ifndef KS_EMBEDDED_H
#define KS_EMBEDDED_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdbool.h>

#include "kafka/client.h"
#include "kafka/config.h"

typedef struct ks_embedded ks_embedded_t;

/* Starts nbrokers mock brokers on 127.0.0.1. With seed, creates the demo
 * topics and starts the demo producer. */
ks_embedded_t *embedded_start(int nbrokers, bool seed, char *err);
void embedded_stop(ks_embedded_t *e);

const char *embedded_bootstraps(const ks_embedded_t *e);

/* The mock has no CreateTopics handler; we create topics through its API. */
int embedded_create_topic(ks_embedded_t *e, const char *topic, int partitions, int rf,
                          char *err);

/* The mock as a world: starts cfg->embedded_brokers mock brokers with the demo, and a
 * client connected to them that owns the cluster (client_free stops it). */
ks_client_t *embedded_client_new(ks_config_t *cfg, char *err);
/* The cluster a client of embedded_client_new runs on; NULL for any other client. */
ks_embedded_t *embedded_of(const ks_client_t *c);

/* Demo topics, for the list of things the demo cluster shows. */
extern const char *const embedded_demo_topics[];

#endif
