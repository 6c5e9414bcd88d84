#include "kafka/produce.h"

#include "base/rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bulk records are held and handed to librdkafka this many at a time, or
 * as soon as their keys and values reach HELD_BYTES. */
#define HELD_MAX 512
#define HELD_BYTES (256 << 10)
/* An offset into the held bytes that stands for a null key or value. */
#define NO_BYTES SIZE_MAX

struct ks_producer {
    ks_client_t *client;
    rd_kafka_topic_t *rkt;
    char *topic;
    int partitions;
    bool keep;
    produce_result_t *results;
    size_t sent, delivered, failed, cap;
    char *first_error;
    /* Records held by producer_send_bulk: their keys and values are copied
     * into `bytes`, and their offsets there stand in for the pointers until
     * the batch is sent (the buffer may move as it grows). */
    rd_kafka_message_t *held;
    size_t *held_key, *held_value;
    int nheld;
    strbuf_t bytes;
    size_t bulk_max; /* larger records go one by one, for their own error */
    /* Where held records without key or partition go, this batch; or
     * RD_KAFKA_PARTITION_UA: librdkafka's partitioner places them. */
    int32_t keyless_partition;
    /* A record was not delivered within message.timeout.ms (--timeout):
     * the cluster is not taking records, and every record sent after it
     * would wait as long, a queue's worth at a time. No more are sent. */
    bool timed_out;
};

/* Delivery reports arrive on the thread that polls the handle, which is
 * always the one producing, so no locking is needed. The client hands them
 * to the producer session in progress; a message's private pointer carries
 * its sequence number (plus one, so 0 stays "not ours"). */
static void on_delivery(void *session, const rd_kafka_message_t *m)
{
    ks_producer_t *p = session;
    uintptr_t tag = (uintptr_t)m->_private;
    if (!p || !tag)
        return;
    size_t idx = tag - 1;
    if (m->err) {
        p->failed++;
        /* A partition may have lost its leader: librdkafka's partitioner
         * avoids such, so the rest is left to it. */
        p->keyless_partition = RD_KAFKA_PARTITION_UA;
        p->timed_out |= m->err == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT;
        if (!p->first_error)
            p->first_error = xasprintf("%s: %s", client_reason(m->err) ? client_reason(m->err)
                                                                       : "delivery failed",
                                       rd_kafka_err2str(m->err));
    } else {
        p->delivered++;
    }
    if (p->keep && idx < p->sent) {
        produce_result_t *r = &p->results[idx];
        r->partition = m->partition;
        r->offset = m->offset;
        r->error = m->err ? xstrdup(rd_kafka_err2str(m->err)) : NULL;
    }
}

/* Metadata for the topic alone, which says whether every partition has a
 * leader. The idempotent producer needs it too: it asks for its producer
 * id when a metadata response arrives from a broker that is up, or else
 * on a 500 ms retry timer. When librdkafka swaps its bootstrap connection
 * for one by broker id, the new connection's own metadata refresh can be
 * skipped as "already requested", and the first message then waited for
 * that timer (1 run in 8 took 0.5 s for one line). This request, sent once
 * a broker is up, gives it that response at once. A failure here shows up
 * again when the first message is sent. */
static bool every_partition_led(ks_client_t *c, rd_kafka_topic_t *rkt)
{
    const rd_kafka_metadata_t *md = NULL;
    if (rd_kafka_metadata(c->rk, 0, rkt, &md, client_timeout(c)))
        return false;
    bool led = md->topic_cnt == 1 && !md->topics[0].err;
    for (int i = 0; led && i < md->topics[0].partition_cnt; i++)
        led = md->topics[0].partitions[i].leader >= 0;
    rd_kafka_metadata_destroy(md);
    return led;
}

/* Held records without a key or partition go to one partition a batch,
 * the next partition for the next batch: the runs librdkafka's sticky
 * partitioner makes, chosen once a batch instead of once a record. Per
 * record, its partitioner read the clock twice and took three locks: a
 * fifth of the main thread's time in produce --file (bench/README.md).
 * librdkafka keeps the choice where it would choose otherwise: random per
 * record (partitioner=random, sticky.partitioning.linger.ms=0), and only
 * among partitions with a leader (all had one at the start, or none is
 * chosen here). The first partition is random, as librdkafka's is. */
static int32_t first_keyless_partition(ks_client_t *c, rd_kafka_topic_t *rkt, int partitions)
{
    const char *partitioner = client_producer_setting(c->cfg, "partitioner");
    const char *linger = client_producer_setting(c->cfg, "sticky.partitioning.linger.ms");
    bool led = every_partition_led(c, rkt);
    if (partitions < 1 || !led || (partitioner && !strcmp(partitioner, "random")) ||
        (linger && atoi(linger) == 0))
        return RD_KAFKA_PARTITION_UA;
    ks_rng_t rng;
    rng_seed(&rng, 0);
    return (int32_t)rng_range(&rng, 0, partitions - 1);
}

static size_t conf_size(rd_kafka_t *rk, const char *name)
{
    char v[32];
    size_t n = sizeof v;
    if (rd_kafka_conf_get(rd_kafka_conf(rk), name, v, &n) != RD_KAFKA_CONF_OK)
        return 0;
    return (size_t)strtoull(v, NULL, 10);
}

/* The largest record a batch takes: well under message.max.bytes (librdkafka
 * adds its framing) and half the send queue, so that a batch never meets an
 * error that only one record has (too large, or never fits). */
static size_t bulk_limit(rd_kafka_t *rk)
{
    size_t max_msg = conf_size(rk, "message.max.bytes");
    size_t queue = conf_size(rk, "queue.buffering.max.kbytes") * 1024 / 2;
    max_msg = max_msg > 1024 ? max_msg - 1024 : 0;
    return max_msg < queue ? max_msg : queue;
}

ks_producer_t *producer_open(ks_client_t *c, const char *topic, bool keep_results, char *err)
{
    int pcnt;
    if (client_topic_partitions(c, NULL, topic, &pcnt, err))
        return NULL;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(c->rk, topic, NULL);
    ks_producer_t *p = xcalloc(1, sizeof *p);
    p->client = c;
    p->rkt = rkt;
    p->topic = xstrdup(topic);
    p->partitions = pcnt;
    p->keyless_partition = first_keyless_partition(c, rkt, pcnt);
    p->keep = keep_results;
    p->bulk_max = bulk_limit(c->rk);
    sb_init(&p->bytes);
    c->on_delivery = on_delivery;
    c->delivery_session = p;
    return p;
}

int producer_partition_count(const ks_producer_t *p)
{
    return p->partitions;
}

static int check_partition(const ks_producer_t *p, int32_t partition, char *err)
{
    if (partition != RD_KAFKA_PARTITION_UA && (partition < 0 || partition >= p->partitions))
        return ks_err(err, "partition %d out of range: topic '%s' has partitions 0..%d", partition,
                      p->topic, p->partitions - 1);
    return 0;
}

/* The next message's private pointer: its sequence number plus one, with a
 * result slot when results are kept. */
static void *next_tag(ks_producer_t *p)
{
    if (p->keep) {
        if (p->sent == p->cap) {
            p->cap = p->cap ? p->cap * 2 : 16;
            p->results = xrealloc(p->results, p->cap * sizeof *p->results);
        }
        p->results[p->sent] = (produce_result_t){-1, -1, NULL};
    }
    return (void *)(uintptr_t)++p->sent;
}

static size_t hold_bytes(ks_producer_t *p, const void *data, size_t len)
{
    if (!data)
        return NO_BYTES;
    size_t off = p->bytes.len;
    sb_add(&p->bytes, data, len);
    return off;
}

static int timed_out_err(const ks_producer_t *p, char *err)
{
    return ks_err(err, "stopped here: records before it were not delivered within --timeout %d ms "
                  "(is a broker down or hung?)", p->client->cfg->timeout_ms);
}

/* Hands the held records to librdkafka in order. It stops at the first
 * one the send queue has no room for and refuses the rest alike: those
 * wait for deliveries to make room. Any other error ends the batch. */
static int send_held(ks_producer_t *p, char *err)
{
    if (!p->nheld)
        return 0;
    int n = p->nheld, from = 0, rc = 0;
    for (int i = 0; i < n; i++) {
        rd_kafka_message_t *m = &p->held[i];
        m->key = p->held_key[i] == NO_BYTES ? NULL : p->bytes.buf + p->held_key[i];
        m->payload = p->held_value[i] == NO_BYTES ? NULL : p->bytes.buf + p->held_value[i];
    }
    while (from < n) {
        rd_kafka_produce_batch(p->rkt, RD_KAFKA_PARTITION_UA,
                               RD_KAFKA_MSG_F_COPY | RD_KAFKA_MSG_F_PARTITION, p->held + from,
                               n - from);
        while (from < n && !p->held[from].err)
            from++;
        if (from == n)
            break;
        if (p->held[from].err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            /* librdkafka went on past it: count the records it refused as
             * failed (no report will come for them), the others will report. */
            rc = client_err(p->client, err, p->held[from].err, "produce", NULL);
            for (int i = from; i < n; i++)
                if (p->held[i].err)
                    on_delivery(p, &p->held[i]);
            break;
        }
        rd_kafka_poll(p->client->rk, 10); /* let deliveries drain the queue */
        if (p->timed_out) { /* the rest were refused: never sent */
            p->sent -= (size_t)(n - from);
            rc = timed_out_err(p, err);
            break;
        }
    }
    p->nheld = 0;
    sb_reset(&p->bytes);
    if (p->keyless_partition != RD_KAFKA_PARTITION_UA)
        p->keyless_partition = (p->keyless_partition + 1) % p->partitions;
    rd_kafka_poll(p->client->rk, 0); /* serve the delivery reports that came meanwhile */
    return rc;
}

int producer_send_bulk(ks_producer_t *p, const produce_msg_t *m, char *err)
{
    size_t len = (m->key ? m->key_len : 0) + (m->value ? m->value_len : 0);
    if (m->nheaders || m->timestamp || len > p->bulk_max)
        return producer_send(p, m, err); /* what a batch cannot carry */
    if (check_partition(p, m->partition, err))
        return -1;
    if (p->timed_out)
        return timed_out_err(p, err);
    if (!p->held) {
        p->held = xcalloc(HELD_MAX, sizeof *p->held);
        p->held_key = xcalloc(HELD_MAX, sizeof *p->held_key);
        p->held_value = xcalloc(HELD_MAX, sizeof *p->held_value);
    }
    int i = p->nheld++;
    bool keyless = m->partition == RD_KAFKA_PARTITION_UA && !m->key;
    p->held[i] = (rd_kafka_message_t){.partition = keyless ? p->keyless_partition : m->partition,
                                      .offset = -1,
                                      .len = m->value ? m->value_len : 0,
                                      .key_len = m->key ? m->key_len : 0,
                                      ._private = next_tag(p)};
    p->held_key[i] = hold_bytes(p, m->key, m->key_len);
    p->held_value[i] = hold_bytes(p, m->value, m->value_len);
    return p->nheld == HELD_MAX || p->bytes.len >= HELD_BYTES ? send_held(p, err) : 0;
}

/* A record librdkafka refused: it was counted, and its headers are still ours. */
static void unsent(ks_producer_t *p, rd_kafka_headers_t *hdrs)
{
    p->sent--;
    if (hdrs)
        rd_kafka_headers_destroy(hdrs);
}

int producer_send(ks_producer_t *p, const produce_msg_t *m, char *err)
{
    if (check_partition(p, m->partition, err) || send_held(p, err))
        return -1;
    if (p->timed_out)
        return timed_out_err(p, err);
    rd_kafka_headers_t *hdrs = NULL;
    if (m->nheaders) {
        hdrs = rd_kafka_headers_new((size_t)m->nheaders);
        for (int i = 0; i < m->nheaders; i++)
            rd_kafka_header_add(hdrs, m->headers[i].name, -1, m->headers[i].value,
                                m->headers[i].value ? (ssize_t)m->headers[i].len : 0);
    }
    void *tag = next_tag(p);
    for (;;) {
        rd_kafka_resp_err_t code = rd_kafka_producev(
            p->client->rk, RD_KAFKA_V_RKT(p->rkt), RD_KAFKA_V_PARTITION(m->partition),
            RD_KAFKA_V_KEY(m->key, m->key ? m->key_len : 0),
            RD_KAFKA_V_VALUE((void *)m->value, m->value ? m->value_len : 0),
            RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_TIMESTAMP(m->timestamp),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE(tag), RD_KAFKA_V_END);
        if (code == RD_KAFKA_RESP_ERR__QUEUE_FULL && rd_kafka_outq_len(p->client->rk) > 0) {
            rd_kafka_poll(p->client->rk, 10); /* let deliveries drain the queue */
            if (!p->timed_out)
                continue;
            unsent(p, hdrs);
            return timed_out_err(p, err);
        }
        if (code == RD_KAFKA_RESP_ERR__QUEUE_FULL) { /* empty, and still no room: never fits */
            unsent(p, hdrs);
            const char *kb = client_producer_setting(p->client->cfg, "queue.buffering.max.kbytes");
            return ks_err(err, "a record of %zu bytes does not fit in the send queue "
                          "(queue.buffering.max.kbytes=%s): raise it with -X",
                          m->key_len + m->value_len, kb ? kb : "?");
        }
        if (code) {
            unsent(p, hdrs);
            return client_err(p->client, err, code, "produce", NULL);
        }
        break;
    }
    /* Serving delivery reports costs a lock round trip: every 256 messages
     * keeps the queue drained without paying it per message. */
    if (p->sent % 256 == 0)
        rd_kafka_poll(p->client->rk, 0);
    return 0;
}

int producer_flush(ks_producer_t *p, char *err)
{
    /* What did go out is still waited for when the rest could not go: the
     * caller reports how many records were delivered. */
    int rc = send_held(p, err);
    /* The command's deadline: --timeout bounds the whole command. */
    int64_t deadline = client_deadline(p->client);
    while (p->delivered + p->failed < p->sent) {
        int64_t left = deadline - mono_ms();
        if (left <= 0 && rc)
            return rc;
        if (left <= 0)
            return ks_err(err, "produce: %zu of %zu messages not confirmed within --timeout %d ms",
                          p->sent - p->delivered - p->failed, p->sent,
                          p->client->cfg->timeout_ms);
        rd_kafka_poll(p->client->rk, left < 50 ? (int)left : 50);
    }
    return rc;
}

size_t producer_sent(const ks_producer_t *p) { return p->sent; }
size_t producer_delivered(const ks_producer_t *p) { return p->delivered; }
size_t producer_failed(const ks_producer_t *p) { return p->failed; }
const char *producer_first_error(const ks_producer_t *p) { return p->first_error; }

const produce_result_t *producer_result(const ks_producer_t *p, size_t i)
{
    return p->keep && i < p->sent ? &p->results[i] : NULL;
}

void producer_close(ks_producer_t *p)
{
    if (!p)
        return;
    p->sent -= (size_t)p->nheld; /* held back and never sent: nothing to wait for */
    /* Undelivered messages still point at this session: wait for them
     * (bounded by message.timeout.ms), then purge what is left. */
    if (p->delivered + p->failed < p->sent) {
        rd_kafka_flush(p->client->rk, client_timeout(p->client));
        rd_kafka_purge(p->client->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        rd_kafka_poll(p->client->rk, 0);
    }
    p->client->on_delivery = NULL;
    p->client->delivery_session = NULL;
    for (size_t i = 0; p->keep && i < p->sent; i++)
        free(p->results[i].error);
    free(p->results);
    free(p->held);
    free(p->held_key);
    free(p->held_value);
    sb_free(&p->bytes);
    free(p->first_error);
    free(p->topic);
    rd_kafka_topic_destroy(p->rkt);
    free(p);
}
