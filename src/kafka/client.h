/* librdkafka handles shared by everything: one producer handle that also does
 * metadata and admin requests, plus a factory for the consumer handles the
 * tail engine and group members need. Turns librdkafka errors into messages
 * that name what failed. */
#ifndef KS_CLIENT_H
#define KS_CLIENT_H

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>

#include "kafka/config.h"
#include "base/util.h"

/* Threads: one client serves every thread of the session (commands, the
 * model's refresher and its metadata thread, the tail worker, the group
 * members, librdkafka's own threads through the callbacks). cfg, rk,
 * bootstrap and world are set by client_new / the world before any other
 * thread sees the client and only read after that; librdkafka's handles are
 * themselves thread-safe. lock guards last_error, last_error_code and the
 * creation of group_admin. on_delivery/delivery_session are written by the
 * one produce session (producer_open, producer_close) and read by the
 * delivery callback, which runs on that same thread (it polls the handle),
 * so they need no lock; one produce session at a time. */
typedef struct ks_client {
    ks_config_t *cfg;           /* borrowed; outlives the client */
    rd_kafka_t *rk;             /* producer: metadata, admin, produce */
    /* The cluster this client's process runs itself (the embedded mock, world/embedded.c),
     * released after the client's handles; NULL for a cluster elsewhere. Set once by the
     * world that made the client, before any other thread sees it. */
    void *world;
    void (*world_free)(void *world);
    /* The produce session delivery reports belong to: its handler and state,
     * set by producer_open and cleared by producer_close (src/kafka/produce.c). */
    void (*on_delivery)(void *session, const rd_kafka_message_t *m);
    void *delivery_session;
    char *bootstrap;            /* what we actually connect to */
    pthread_mutex_t lock;       /* guards last_error, last_error_code, group_admin */
    char last_error[KS_ERRLEN]; /* last error librdkafka reported (transport, auth) */
    rd_kafka_resp_err_t last_error_code;
    rd_kafka_t *group_admin;    /* see client_group_admin; NULL until first used */
} ks_client_t;

/* Connects to bootstrap, or to cfg->bootstrap when it is NULL. Does not block on the
 * network. The embedded mock is started by its world (world/embedded.h,
 * embedded_client_new), never here. */
ks_client_t *client_new(ks_config_t *cfg, const char *bootstrap, char *err);
void client_free(ks_client_t *c);

/* A fresh librdkafka config with bootstrap and the user's -X/-F properties,
 * for extra handles (tail consumer, group members). Its error callback takes
 * the opaque as c: a handle that sets an opaque of its own must set its own
 * error callback too (group_tail.c, members.c; issue 24). */
rd_kafka_conf_t *client_conf(ks_client_t *c, char *err);

/* One deadline per command. A command sets it once, in the thread that runs
 * it (the dispatcher, commands/dispatch.c), and every network wait of that thread takes what is
 * left of it, so --timeout bounds the command as a whole, not each call.
 * interrupted (Ctrl-C, SIGTERM) ends the waits that poll early. Threads that
 * set none (the TUI's model refresh) get the full timeout per call.
 * Thread-local: the TUI runs commands, refreshes and tails side by side. */
void client_deadline_begin(int timeout_ms, volatile sig_atomic_t *interrupted);
void client_deadline_end(void);
/* Starts the current command's deadline again from now. For commands whose
 * length is the input's (produce --file, --count with --rate): what follows
 * the input's end (the producer's flush) gets the whole --timeout. */
void client_deadline_renew(void);
/* The absolute deadline (mono_ms) for this thread's current wait. */
int64_t client_deadline(const ks_client_t *c);
/* Milliseconds left before client_deadline, at least 1 (librdkafka reads 0
 * as "do not wait", and a late call should still report a timeout). */
int client_timeout(const ks_client_t *c);
/* True once the current command was interrupted. */
bool client_interrupted(void);

/* Waits for one admin result event of the given type on q, bounded by
 * timeout_ms, and ends early when the command is interrupted. On success
 * *ev is set (caller destroys). */
int client_wait_event(rd_kafka_queue_t *q, rd_kafka_event_type_t type, int timeout_ms,
                      rd_kafka_event_t **ev, const char *what, char *err);

/* The handle for ListConsumerGroupOffsets (admin OffsetFetch). librdkafka
 * (through 2.14, issue #5040) crashes when an OffsetFetch answers
 * NOT_COORDINATOR on a handle without a consumer group, as happens on a
 * fresh cluster or after a coordinator moves; this is a consumer handle with
 * a group.id that never subscribes, so the coordinator re-query has a group
 * to go to. Created on first use, shared, freed with the client. NULL with
 * err set when it cannot be created. Thread-safe. */
rd_kafka_t *client_group_admin(ks_client_t *c, char *err);

/* Admin options with the request/operation timeout set. */
rd_kafka_AdminOptions_t *client_admin_options(ks_client_t *c, rd_kafka_admin_op_t op);
/* The same for a request sent through another handle rk (client_group_admin). */
rd_kafka_AdminOptions_t *client_admin_options_on(ks_client_t *c, rd_kafka_t *rk,
                                                 rd_kafka_admin_op_t op);

/* Fills err with "<what>: <reason>", where reason names the failure in words
 * (unknown topic, broker unreachable, authorization failed, not supported by
 * this cluster, timed out), adding the last transport/auth error seen. */
int client_err(ks_client_t *c, char *err, rd_kafka_resp_err_t code, const char *what,
               const char *detail);

/* Short words for an error code. */
const char *client_reason(rd_kafka_resp_err_t code);

bool client_is_embedded(const ks_client_t *c);

/* The producer setting in effect for key (enable.idempotence, acks): the
 * user's -X/-F value, else kafscope's default, else NULL (librdkafka's). */
const char *client_producer_setting(const ks_config_t *cfg, const char *key);

/* Admin requests that librdkafka sends to the controller wait for one until
 * their timeout. A cluster that names no controller after a metadata
 * refresh (librdkafka's mock cluster, e.g. `kafscope cluster`) cannot answer
 * them: fail at once with "not supported by this cluster" instead. */
int client_require_controller(ks_client_t *c, const char *what, char *err);

/* Number of partitions of an existing topic, looked up in the full topic
 * list (asking for one topic by name can make a broker auto-create it).
 * rk: the handle to ask (NULL: the shared one). Unknown topic -> -1, err
 * says so. */
int client_topic_partitions(ks_client_t *c, rd_kafka_t *rk, const char *topic, int *count,
                            char *err);

#endif
