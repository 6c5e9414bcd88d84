#include "kafka/tail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/offsets.h"

typedef struct {
    int32_t id;
    int64_t start; /* resolved start offset */
    int64_t end;   /* high watermark when the tail started */
    bool done;
} tail_part_t;

struct ks_tail {
    ks_client_t *client;
    rd_kafka_t *rk;        /* consumer, no group */
    rd_kafka_queue_t *queue;
    char *topic;
    tail_part_t *parts;
    int nparts;
    int64_t count, delivered;
    bool follow;
    tail_prepare_fn prepare;
    void *prepare_opaque;
    ks_ring_t ring;
    bool stream;        /* see tail_opts_t */
    void *rec_buf;      /* stream: the record being handed to the sink */
    size_t rec_cap;
};

/* Validates topic and partitions against fresh metadata. */
static int check_topic(ks_tail_t *t, const tail_opts_t *o, char *err)
{
    int pcnt;
    if (client_topic_partitions(t->client, NULL, o->topic, &pcnt, err))
        return -1;
    if (o->npartitions > 0) {
        t->parts = xcalloc((size_t)o->npartitions, sizeof *t->parts);
        for (int i = 0; i < o->npartitions; i++) {
            if (o->partitions[i] < 0 || o->partitions[i] >= pcnt)
                return ks_err(err, "partition %d out of range: topic '%s' has partitions 0..%d",
                              o->partitions[i], o->topic, pcnt - 1);
            t->parts[t->nparts++].id = o->partitions[i];
        }
    } else {
        t->parts = xcalloc((size_t)(pcnt ? pcnt : 1), sizeof *t->parts);
        for (int i = 0; i < pcnt; i++)
            t->parts[t->nparts++].id = i;
    }
    return 0;
}

/* Where each partition starts, and where it ends for a tail that does not
 * follow: its watermarks (and for @TIME the first offset at or after the
 * time) in one batched ListOffsets under one deadline, so a hung broker
 * costs the configured timeout once, not once per partition. */
static int resolve_offsets(ks_tail_t *t, const offset_spec_t *spec, char *err)
{
    int per = spec->kind == OFS_TIME ? 3 : 2;
    ks_offset_query_t *q = xcalloc((size_t)(t->nparts * per), sizeof *q);
    for (int i = 0; i < t->nparts; i++) {
        ks_offset_query_t *pq = &q[i * per];
        pq[0] = (ks_offset_query_t){.topic = t->topic, .partition = t->parts[i].id,
                                    .spec = OFFSETS_EARLIEST};
        pq[1] = (ks_offset_query_t){.topic = t->topic, .partition = t->parts[i].id,
                                    .spec = OFFSETS_LATEST};
        if (per == 3)
            pq[2] = (ks_offset_query_t){.topic = t->topic, .partition = t->parts[i].id,
                                        .spec = spec->value};
    }
    int n = t->nparts * per;
    int rc = offsets_list(t->client, q, n, client_deadline(t->client), err);
    if (rc == 0)
        rc = offsets_first_error(t->client, q, n, "offsets", err);
    for (int i = 0; rc == 0 && i < t->nparts; i++) {
        tail_part_t *p = &t->parts[i];
        int64_t low = q[i * per].offset, high = q[i * per + 1].offset;
        p->end = high;
        switch (spec->kind) {
        case OFS_BEGINNING: p->start = low; break;
        case OFS_END: p->start = high; break;
        case OFS_ABSOLUTE:
            p->start = spec->value < low ? low : spec->value > high ? high : spec->value;
            break;
        case OFS_LAST: p->start = high - spec->value < low ? low : high - spec->value; break;
        case OFS_TIME:
            /* -1: no record at or after that time: start at the end. */
            p->start = q[i * per + 2].offset < 0 ? high : q[i * per + 2].offset;
            break;
        }
        p->done = !t->follow && p->start >= p->end;
    }
    free(q);
    return rc;
}

static int assign(ks_tail_t *t, char *err)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(t->nparts);
    for (int i = 0; i < t->nparts; i++)
        if (!t->parts[i].done)
            rd_kafka_topic_partition_list_add(l, t->topic, t->parts[i].id)->offset =
                t->parts[i].start;
    rd_kafka_resp_err_t code = rd_kafka_assign(t->rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    if (code)
        return client_err(t->client, err, code, "assign partitions", NULL);
    return 0;
}

/* The prefetch, bounded in bytes. librdkafka's defaults queue up to
 * 64 MiB per partition, and once a partition's queue is over its threshold
 * the next fetch waits fetch.queue.backoff.ms (1 s): the fetcher idles
 * while the application drains. A short backoff keeps it busy with a
 * small queue instead: a budget of 8 MiB shared among the partitions
 * (512 KiB to 8 MiB each). In bench/run.sh's tail --json of 1,000,000
 * records on 3 partitions it read as fast as 32 MiB did (1.4-1.5 s against
 * 1.6-2.9 s) and peaked at 38 MiB instead of 71-74 MiB; 4 MiB was slower.
 * The user's own -X settings win. */
static void set_prefetch(rd_kafka_conf_t *conf, const ks_config_t *cfg, int nparts)
{
    if (nparts < 1)
        nparts = 1;
    char v[32];
    if (!config_get(cfg, "queued.max.messages.kbytes")) {
        long kb = 8192 / nparts;
        snprintf(v, sizeof v, "%ld", kb < 512 ? 512 : kb);
        rd_kafka_conf_set(conf, "queued.max.messages.kbytes", v, NULL, 0);
    }
    if (!config_get(cfg, "queued.min.messages"))
        rd_kafka_conf_set(conf, "queued.min.messages", "100000", NULL, 0);
    if (!config_get(cfg, "fetch.queue.backoff.ms"))
        rd_kafka_conf_set(conf, "fetch.queue.backoff.ms", "10", NULL, 0);
}

ks_tail_t *tail_open(ks_client_t *c, const tail_opts_t *o, char *err)
{
    char errstr[512];
    ks_tail_t *t = xcalloc(1, sizeof *t);
    t->client = c;
    t->topic = xstrdup(o->topic);
    t->count = o->count;
    t->follow = o->follow;
    t->prepare = o->prepare;
    t->prepare_opaque = o->prepare_opaque;
    t->stream = o->stream;
    ring_init(&t->ring, o->max_records ? o->max_records : c->cfg->tail_max_records,
              o->max_bytes ? o->max_bytes : c->cfg->tail_max_bytes);
    /* Checked on the shared handle first: the consumer's prefetch budget
     * depends on how many partitions it reads. */
    if (check_topic(t, o, err))
        goto fail;
    rd_kafka_conf_t *conf = client_conf(c, err);
    if (!conf)
        goto fail;
    set_prefetch(conf, c->cfg, t->nparts);
    /* assign() needs a group.id in librdkafka 2.0, but we never join or
     * commit: the tail is invisible to the cluster's groups. EOF events tell
     * when a partition is drained. */
    rd_kafka_conf_set(conf, "group.id", "kafscope-tail", NULL, 0);
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", NULL, 0);
    rd_kafka_conf_set(conf, "enable.auto.offset.store", "false", NULL, 0);
    rd_kafka_conf_set(conf, "enable.partition.eof", "true", NULL, 0);
    rd_kafka_conf_set(conf, "fetch.wait.max.ms", "100", NULL, 0);
    rd_kafka_conf_set(conf, "fetch.error.backoff.ms", "100", NULL, 0);
    t->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!t->rk) {
        ks_err(err, "cannot create consumer: %s", errstr);
        goto fail;
    }
    t->queue = rd_kafka_queue_get_consumer(t->rk);
    if (resolve_offsets(t, &o->start, err) || assign(t, err))
        goto fail;
    return t;
fail:
    tail_close(t);
    return NULL;
}

void tail_close(ks_tail_t *t)
{
    if (!t)
        return;
    if (t->queue)
        rd_kafka_queue_destroy(t->queue);
    if (t->rk) {
        rd_kafka_assign(t->rk, NULL);
        rd_kafka_consumer_close(t->rk);
        rd_kafka_destroy(t->rk);
    }
    ring_destroy(&t->ring);
    free(t->rec_buf);
    free(t->parts);
    free(t->topic);
    free(t);
}

static tail_part_t *find_part(ks_tail_t *t, int32_t id)
{
    for (int i = 0; i < t->nparts; i++)
        if (t->parts[i].id == id)
            return &t->parts[i];
    return NULL;
}

bool tail_done(const ks_tail_t *t)
{
    if (t->count >= 0 && t->delivered >= t->count)
        return true;
    if (t->follow)
        return false;
    for (int i = 0; i < t->nparts; i++)
        if (!t->parts[i].done)
            return false;
    return true;
}

int tail_poll(ks_tail_t *t, int timeout_ms, tail_sink_fn sink, void *opaque, char *err)
{
    rd_kafka_message_t *msgs[512];
    ks_record_t *kept[512]; /* for the ring, pushed together */
    size_t nkept = 0;
    if (tail_done(t))
        return 0;
    ssize_t n = rd_kafka_consume_batch_queue(t->queue, timeout_ms, msgs, 512);
    if (n < 0)
        return client_err(t->client, err, rd_kafka_last_error(), "consume", NULL);
    int delivered = 0, rc = 0;
    for (ssize_t i = 0; i < n; i++) {
        rd_kafka_message_t *m = msgs[i];
        tail_part_t *p = find_part(t, m->partition);
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if (p && !t->follow && m->offset >= p->end)
                p->done = true;
        } else if (m->err) {
            /* Transient fetch errors are retried by librdkafka; fatal ones
             * (topic deleted, authorization) end the tail. */
            if (m->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
                m->err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC ||
                m->err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED || rd_kafka_fatal_error(t->rk, NULL, 0))
                rc = client_err(t->client, err, m->err, t->topic, rd_kafka_message_errstr(m));
        } else if (!tail_done(t) && !(p && p->done)) {
            ks_record_t *rec = t->stream ? record_in_buffer(m, &t->rec_buf, &t->rec_cap)
                                         : record_from_message(m);
            if (t->prepare)
                t->prepare(t->prepare_opaque, rec);
            if (!t->stream)
                kept[nkept++] = rec;
            t->delivered++;
            delivered++;
            if (sink)
                sink(opaque, rec);
            if (t->stream && rec->extra_free)
                rec->extra_free(rec->extra);
            if (p && !t->follow && m->offset + 1 >= p->end)
                p->done = true;
        }
        rd_kafka_message_destroy(m);
    }
    ring_push_many(&t->ring, kept, nkept);
    return rc ? rc : delivered;
}

int tail_seek(ks_tail_t *t, const offset_spec_t *spec, char *err)
{
    rd_kafka_assign(t->rk, NULL);
    ring_clear(&t->ring);
    if (resolve_offsets(t, spec, err))
        return -1;
    return assign(t, err);
}

ks_ring_t *tail_ring(ks_tail_t *t)
{
    return &t->ring;
}
