#include "kafka/client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* librdkafka reports connection and authentication failures asynchronously;
 * keep the latest so a timed-out request can say why it timed out. */
static void on_error(rd_kafka_t *rk, int code, const char *reason, void *opaque)
{
    (void)rk;
    ks_client_t *c = opaque;
    pthread_mutex_lock(&c->lock);
    snprintf(c->last_error, sizeof c->last_error, "%s", reason);
    c->last_error_code = (rd_kafka_resp_err_t)code;
    pthread_mutex_unlock(&c->lock);
}

/* librdkafka's own log lines would land in the middle of our output; they
 * are only shown with -X debug=... (librdkafka then logs at level 7), through
 * the front end's log sink (ks_logf). */
static void on_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    (void)rk;
    if (level >= 7 && getenv("KAFSCOPE_DEBUG"))
        ks_logf("librdkafka %s: %s", fac, buf);
}

rd_kafka_conf_t *client_conf(ks_client_t *c, char *err)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", c->bootstrap, errstr, sizeof errstr)) {
        ks_err(err, "bootstrap.servers: %s", errstr);
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_conf_set(conf, "client.id", "kafscope", NULL, 0);
    /* librdkafka drops the bootstrap connection once it learns the brokers'
     * ids and reconnects by id, no sooner than half of reconnect.backoff.ms
     * (100 ms) after: that wait was most of a one-line produce's run time,
     * and of a tail's start. 20 ms makes it 11 ms; a broker that is down is
     * still retried with a backoff doubling up to reconnect.backoff.max.ms. */
    rd_kafka_conf_set(conf, "reconnect.backoff.ms", "20", NULL, 0);
    /* Client metrics (KIP-714) are for the applications an operator
     * watches, not for the tool watching them. Off, each broker connection
     * skips the telemetry requests and six histograms (about 100 KiB). */
    rd_kafka_conf_set(conf, "enable.metrics.push", "false", NULL, 0);
    for (int i = 0; i < c->cfg->nprops; i++) {
        const ks_prop_t *p = &c->cfg->props[i];
        if (rd_kafka_conf_set(conf, p->key, p->value, errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
            /* kafscope's own librdkafka leaves curl out unless asked
             * (scripts/build-librdkafka): say how to ask. */
            const char *hint = strstr(errstr, "OIDC")
                                   ? " (for OIDC, build librdkafka with curl: KAFSCOPE_OIDC=1 make)"
                                   : "";
            ks_err(err, "-X %s: %s%s", p->key, errstr, hint);
            rd_kafka_conf_destroy(conf);
            return NULL;
        }
    }
    rd_kafka_conf_set_log_cb(conf, on_log);
    rd_kafka_conf_set_error_cb(conf, on_error);
    rd_kafka_conf_set_opaque(conf, c);
    return conf;
}

/* Idempotent by default: a retry after a lost acknowledgement (a broker
 * killed mid-batch) must not write a record twice.
 *
 * The send queue is bounded (librdkafka's default is 1 GiB or 100,000
 * records) in bytes and in records, since librdkafka keeps 176 bytes beside
 * each record: 2 MiB holds a 1 MB record, 12,000 records keep small ones
 * from costing 6 MiB. Batches leave at 2,500 records or 512 KiB, sizes such
 * a queue reaches, rather than librdkafka's 10,000 or 1 MB: a batch that
 * never fills waits out linger.ms while the full queue stalls the producer.
 * produce --file of 1,000,000 100-byte lines peaks at 13 MiB instead of
 * 17 MiB, faster than kcat (bench/README.md). The user's -X/-F settings win;
 * only what they left out is set. */
static const ks_prop_t producer_defaults[] = {
    {"enable.idempotence", "true"},
    {"acks", "all"},
    {"queue.buffering.max.kbytes", "2048"},
    {"queue.buffering.max.messages", "12000"},
    {"batch.num.messages", "2500"},
    {"batch.size", "524288"},
    /* Deliver quickly: interactive produce should answer at once. */
    {"linger.ms", "5"},
    {NULL, NULL},
};

/* librdkafka's other names for settings the defaults cover: a user's
 * value under either name must win. */
static const ks_prop_t producer_aliases[] = {
    {"acks", "request.required.acks"},
    {"linger.ms", "queue.buffering.max.ms"},
    {NULL, NULL},
};

const char *client_producer_setting(const ks_config_t *cfg, const char *key)
{
    const char *v = config_get(cfg, key);
    for (int i = 0; !v && producer_aliases[i].key; i++)
        if (!strcmp(producer_aliases[i].key, key))
            v = config_get(cfg, producer_aliases[i].value);
    for (int i = 0; !v && producer_defaults[i].key; i++)
        if (!strcmp(producer_defaults[i].key, key))
            v = producer_defaults[i].value;
    return v;
}

/* Delivery reports go to the produce session in progress, if any. */
static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk;
    ks_client_t *c = opaque;
    if (c && c->on_delivery)
        c->on_delivery(c->delivery_session, m);
}

ks_client_t *client_new(ks_config_t *cfg, const char *bootstrap, char *err)
{
    if (!bootstrap)
        bootstrap = cfg->bootstrap;
    if (!bootstrap) {
        ks_err(err, "no cluster to connect to: give -b HOST:PORT, -F FILE or --cluster NAME");
        return NULL;
    }
    ks_client_t *c = xcalloc(1, sizeof *c);
    char errstr[512];
    c->cfg = cfg;
    pthread_mutex_init(&c->lock, NULL);
    c->bootstrap = xstrdup(bootstrap);
    rd_kafka_conf_t *conf = client_conf(c, err);
    if (!conf)
        goto fail;
    char tmo[32];
    snprintf(tmo, sizeof tmo, "%d", cfg->timeout_ms);
    rd_kafka_conf_set(conf, "message.timeout.ms", tmo, NULL, 0);
    rd_kafka_conf_set(conf, "allow.auto.create.topics", "false", NULL, 0);
    for (int i = 0; producer_defaults[i].key; i++)
        if (client_producer_setting(cfg, producer_defaults[i].key) == producer_defaults[i].value)
            rd_kafka_conf_set(conf, producer_defaults[i].key, producer_defaults[i].value, NULL, 0);
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    c->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!c->rk) {
        rd_kafka_conf_destroy(conf); /* still ours when rd_kafka_new fails */
        ks_err(err, "cannot create Kafka client: %s%s", errstr,
               strstr(errstr, "idempotence") ? " (the producer is idempotent by default: add "
                                               "-X enable.idempotence=false to change acks)"
                                             : "");
        goto fail;
    }
    return c;
fail:
    client_free(c);
    return NULL;
}

rd_kafka_t *client_group_admin(ks_client_t *c, char *err)
{
    pthread_mutex_lock(&c->lock);
    if (!c->group_admin) {
        pthread_mutex_unlock(&c->lock); /* client_conf's callbacks may take the lock */
        rd_kafka_conf_t *conf = client_conf(c, err);
        if (!conf)
            return NULL;
        char errstr[512];
        rd_kafka_conf_set(conf, "group.id", "kafscope-admin", NULL, 0);
        rd_kafka_conf_set(conf, "enable.auto.commit", "false", NULL, 0);
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
        if (!rk) {
            ks_err(err, "cannot create a consumer: %s", errstr);
            return NULL;
        }
        pthread_mutex_lock(&c->lock);
        if (c->group_admin) { /* another thread was quicker */
            pthread_mutex_unlock(&c->lock);
            rd_kafka_destroy(rk);
            pthread_mutex_lock(&c->lock);
        } else {
            c->group_admin = rk;
        }
    }
    rd_kafka_t *rk = c->group_admin;
    pthread_mutex_unlock(&c->lock);
    return rk;
}

void client_free(ks_client_t *c)
{
    if (!c)
        return;
    if (c->group_admin) {
        rd_kafka_consumer_close(c->group_admin);
        rd_kafka_destroy(c->group_admin);
    }
    if (c->rk) {
        rd_kafka_flush(c->rk, 2000);
        rd_kafka_destroy(c->rk);
    }
    if (c->world_free)
        c->world_free(c->world);
    free(c->bootstrap);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

bool client_is_embedded(const ks_client_t *c)
{
    return c->world != NULL;
}

rd_kafka_AdminOptions_t *client_admin_options(ks_client_t *c, rd_kafka_admin_op_t op)
{
    return client_admin_options_on(c, c->rk, op);
}

rd_kafka_AdminOptions_t *client_admin_options_on(ks_client_t *c, rd_kafka_t *rk,
                                                 rd_kafka_admin_op_t op)
{
    rd_kafka_AdminOptions_t *o = rd_kafka_AdminOptions_new(rk, op);
    rd_kafka_AdminOptions_set_request_timeout(o, client_timeout(c), NULL, 0);
    if (op == RD_KAFKA_ADMIN_OP_CREATETOPICS || op == RD_KAFKA_ADMIN_OP_DELETETOPICS ||
        op == RD_KAFKA_ADMIN_OP_CREATEPARTITIONS || op == RD_KAFKA_ADMIN_OP_DELETERECORDS)
        rd_kafka_AdminOptions_set_operation_timeout(o, client_timeout(c), NULL, 0);
    return o;
}

static _Thread_local int64_t cmd_deadline; /* 0: none */
static _Thread_local int cmd_timeout_ms;
static _Thread_local volatile sig_atomic_t *cmd_interrupted;

void client_deadline_begin(int timeout_ms, volatile sig_atomic_t *interrupted)
{
    cmd_timeout_ms = timeout_ms;
    cmd_deadline = mono_ms() + timeout_ms;
    cmd_interrupted = interrupted;
}

void client_deadline_renew(void)
{
    if (cmd_deadline)
        cmd_deadline = mono_ms() + cmd_timeout_ms;
}

void client_deadline_end(void)
{
    cmd_deadline = 0;
    cmd_interrupted = NULL;
}

int64_t client_deadline(const ks_client_t *c)
{
    return cmd_deadline ? cmd_deadline : mono_ms() + c->cfg->timeout_ms;
}

int client_timeout(const ks_client_t *c)
{
    int64_t left = client_deadline(c) - mono_ms();
    return left < 1 ? 1 : (int)left;
}

bool client_interrupted(void)
{
    return cmd_interrupted && *cmd_interrupted;
}

int client_wait_event(rd_kafka_queue_t *q, rd_kafka_event_type_t type, int timeout_ms,
                      rd_kafka_event_t **ev, const char *what, char *err)
{
    /* A little slack over the request timeout, so librdkafka's own timeout
     * error (which names the cause) normally arrives first. */
    int64_t deadline = mono_ms() + timeout_ms + 500;
    for (;;) {
        int left = (int)(deadline - mono_ms());
        if (left <= 0)
            return ks_err(err, "%s: timed out after %d ms", what, timeout_ms);
        if (client_interrupted())
            return ks_err(err, "%s: interrupted", what);
        rd_kafka_event_t *e = rd_kafka_queue_poll(q, left > 200 ? 200 : left);
        if (!e)
            continue;
        if (rd_kafka_event_type(e) == type) {
            *ev = e;
            return 0;
        }
        rd_kafka_event_destroy(e);
    }
}

const char *client_reason(rd_kafka_resp_err_t code)
{
    switch (code) {
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
        return "unknown topic";
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
        return "unknown partition";
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
    case RD_KAFKA_RESP_ERR__RESOLVE:
        return "broker unreachable";
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
        return "timed out";
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_DELEGATION_TOKEN_AUTHORIZATION_FAILED:
        return "authorization failed";
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
        return "authentication failed";
    case RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE:
    case RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION:
    case RD_KAFKA_RESP_ERR_INVALID_REQUEST:
        return "not supported by this cluster";
    case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS:
        return "topic already exists";
    case RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND:
        return "unknown group";
    case RD_KAFKA_RESP_ERR_NON_EMPTY_GROUP:
        return "group has active members";
    default:
        return NULL;
    }
}

int client_err(ks_client_t *c, char *err, rd_kafka_resp_err_t code, const char *what,
               const char *detail)
{
    const char *reason = client_reason(code);
    char last[KS_ERRLEN] = "";
    rd_kafka_resp_err_t last_code = RD_KAFKA_RESP_ERR_NO_ERROR;
    if (c) {
        pthread_mutex_lock(&c->lock);
        snprintf(last, sizeof last, "%s", c->last_error);
        last_code = c->last_error_code;
        pthread_mutex_unlock(&c->lock);
    }
    /* A timeout while the connection keeps failing is really "unreachable"
     * (or an auth failure): say that, with librdkafka's own explanation. */
    if ((code == RD_KAFKA_RESP_ERR__TIMED_OUT || code == RD_KAFKA_RESP_ERR__TRANSPORT) && *last) {
        const char *why = client_reason(last_code);
        return ks_err(err, "%s: %s (%s)", what, why ? why : "broker unreachable", last);
    }
    if (!detail || !*detail)
        detail = rd_kafka_err2str(code);
    if (reason && strcmp(reason, detail))
        return ks_err(err, "%s: %s (%s)", what, reason, detail);
    return ks_err(err, "%s: %s", what, reason ? reason : detail);
}

int client_topic_partitions(ks_client_t *c, rd_kafka_t *rk, const char *topic, int *count,
                            char *err)
{
    const rd_kafka_metadata_t *md = NULL;
    rd_kafka_resp_err_t code = rd_kafka_metadata(rk ? rk : c->rk, 1, NULL, &md, client_timeout(c));
    if (code)
        return client_err(c, err, code, "cannot reach the cluster", NULL);
    *count = -1;
    for (int i = 0; i < md->topic_cnt; i++)
        if (!strcmp(md->topics[i].topic, topic) && !md->topics[i].err)
            *count = md->topics[i].partition_cnt;
    rd_kafka_metadata_destroy(md);
    if (*count < 0)
        return ks_err(err, "unknown topic '%s' (see `topics`)", topic);
    return 0;
}

int client_require_controller(ks_client_t *c, const char *what, char *err)
{
    const rd_kafka_metadata_t *md = NULL;
    rd_kafka_resp_err_t code = rd_kafka_metadata(c->rk, 0, NULL, &md, client_timeout(c));
    if (code)
        return client_err(c, err, code, what, NULL);
    /* The mock names controller 0, which is none of its brokers (1..N). */
    int32_t controller = rd_kafka_controllerid(c->rk, 0);
    bool known = false;
    for (int i = 0; i < md->broker_cnt; i++)
        known |= md->brokers[i].id == controller;
    rd_kafka_metadata_destroy(md);
    if (known)
        return 0;
    return ks_err(err, "%s: not supported by this cluster (it names no controller among its "
                  "brokers, as librdkafka's mock cluster does%s)", what,
                  c->world ? ": this is the embedded demo cluster" : "");
}
