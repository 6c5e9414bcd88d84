/* src/world/: the clusters kafscope can run itself, the worlds a session connects to when
 * the user names none. Above src/kafka (the demo traffic is a producer, the mock's client is
 * a client); below commands, whose session picks the world.
 *
 *   lab.c           the lab: a real Apache Kafka cluster (KRaft JVMs from Maven Central's
 *                   jars) on 127.0.0.1, started, stopped, its nodes crashed and brought back
 *   lab_state.c     the lab on disk: its state file, its home folder and lock
 *   lab_proc.c      the lab's processes: java, spawning, telling, stopping
 *   lab_config.c    ports, the cluster id, node configs, JVM command lines
 *   lab_connect.c   the lab's Kafka Connect worker (lab start --connect)
 *   lab_demo.c      the lab's demo process (topics, traffic, the pizza-kitchen group)
 *   embedded.c      the mock world: librdkafka's in-process mock cluster with the demo,
 *                   and a client that owns it (embedded_client_new)
 *   demo_traffic.c  the demo producer both worlds share
 *   demo_data.c     the demo's records: pizza orders, cart updates, sensor readings
 *   demo_schema.c   the compiled-in Avro schema of cart-updates
 */
#ifndef KS_WORLD_LIB_H
#define KS_WORLD_LIB_H

#include "world/demo_data.h"
#include "world/demo_schema.h"
#include "world/demo_traffic.h"
#include "world/embedded.h"
#include "world/lab.h"

#endif
