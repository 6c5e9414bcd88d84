#include "kafka/offsets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A query with its index, ordered by (topic, partition, index) so repeats
 * of a partition sit together in the order the caller gave them. */
typedef struct {
    const ks_offset_query_t *q;
    int idx;
} slot_t;

static int cmp_tp(const char *topic_a, int32_t part_a, const char *topic_b, int32_t part_b)
{
    int c = strcmp(topic_a, topic_b);
    if (c)
        return c;
    return part_a < part_b ? -1 : part_a > part_b;
}

static int cmp_slot(const void *a, const void *b)
{
    const slot_t *x = a, *y = b;
    int c = cmp_tp(x->q->topic, x->q->partition, y->q->topic, y->q->partition);
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

static slot_t *sorted_slots(const ks_offset_query_t *q, int n)
{
    slot_t *s = xcalloc((size_t)(n ? n : 1), sizeof *s);
    for (int i = 0; i < n; i++)
        s[i] = (slot_t){&q[i], i};
    qsort(s, (size_t)n, sizeof *s, cmp_slot);
    return s;
}

int offsets_rounds(const ks_offset_query_t *q, int n, int *round)
{
    slot_t *s = sorted_slots(q, n);
    int rounds = 0, k = 0;
    for (int i = 0; i < n; i++) {
        bool repeat = i > 0 && !cmp_tp(s[i - 1].q->topic, s[i - 1].q->partition, s[i].q->topic,
                                       s[i].q->partition);
        k = repeat ? k + 1 : 0;
        round[s[i].idx] = k;
        if (k + 1 > rounds)
            rounds = k + 1;
    }
    free(s);
    return rounds;
}

/* One ListOffsets request: the queries of one round, sorted by partition
 * so an answer finds its query by binary search. */
typedef struct {
    slot_t *slots;
    int nslots;
    bool answered;
} request_t;

static int cmp_key(const void *key, const void *elem)
{
    const rd_kafka_topic_partition_t *tp = key;
    const slot_t *s = elem;
    return cmp_tp(tp->topic, tp->partition, s->q->topic, s->q->partition);
}

/* Copies one answered request into its queries. */
static void take_results(request_t *r, rd_kafka_event_t *ev, ks_offset_query_t *q)
{
    size_t n = 0;
    const rd_kafka_ListOffsetsResultInfo_t **infos =
        rd_kafka_ListOffsets_result_infos(rd_kafka_event_ListOffsets_result(ev), &n);
    for (size_t i = 0; i < n; i++) {
        const rd_kafka_topic_partition_t *tp =
            rd_kafka_ListOffsetsResultInfo_topic_partition(infos[i]);
        const slot_t *s = bsearch(tp, r->slots, (size_t)r->nslots, sizeof *r->slots, cmp_key);
        if (!s)
            continue; /* not asked for: ignore */
        ks_offset_query_t *out = &q[s->idx];
        out->err = tp->err;
        /* librdkafka leaves the partitions of a leader that did not answer
         * (timed out, connection lost) at OFFSET_INVALID without an error. */
        if (!tp->err && tp->offset == RD_KAFKA_OFFSET_INVALID)
            out->err = RD_KAFKA_RESP_ERR__TIMED_OUT;
        out->offset = out->err ? -1 : tp->offset;
        out->timestamp = out->err ? -1 : rd_kafka_ListOffsetsResultInfo_timestamp(infos[i]);
    }
}

static void fail_request(request_t *r, ks_offset_query_t *q, rd_kafka_resp_err_t code)
{
    for (int i = 0; i < r->nslots; i++)
        q[r->slots[i].idx].err = code;
}

/* "offsets of TOPIC" when all queries name one topic, else a count. */
static void describe(const ks_offset_query_t *q, int n, char *what, size_t size)
{
    bool one_topic = true;
    for (int i = 1; i < n && one_topic; i++)
        one_topic = !strcmp(q[i].topic, q[0].topic);
    if (one_topic)
        snprintf(what, size, "offsets of %s", q[0].topic);
    else
        snprintf(what, size, "offsets of %d partitions", n);
}

static int check_queries(const ks_offset_query_t *q, int n, char *err)
{
    for (int i = 0; i < n; i++) {
        if (!q[i].topic || !*q[i].topic)
            return ks_err(err, "offsets: query %d names no topic", i);
        if (q[i].partition < 0)
            return ks_err(err, "offsets: invalid partition %d of %s", q[i].partition, q[i].topic);
        if (q[i].spec < OFFSETS_MAX_TIMESTAMP)
            return ks_err(err, "offsets: invalid offset spec %lld for %s:%d",
                          (long long)q[i].spec, q[i].topic, q[i].partition);
    }
    return 0;
}

/* Sends every round's request at once; each carries its round as opaque so
 * its answer finds its queries. */
static void send_requests(ks_client_t *c, request_t *req, int nrounds, int left_ms,
                          rd_kafka_queue_t *queue)
{
    /* librdkafka's own timeout names the cause better than ours, so let it
     * fire a little before the deadline. */
    int request_ms = left_ms > 1000 ? left_ms - 250 : left_ms * 3 / 4;
    if (request_ms < 1)
        request_ms = 1;
    for (int r = 0; r < nrounds; r++) {
        rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(req[r].nslots);
        for (int i = 0; i < req[r].nslots; i++) {
            const ks_offset_query_t *qq = req[r].slots[i].q;
            rd_kafka_topic_partition_list_add(l, qq->topic, qq->partition)->offset = qq->spec;
        }
        rd_kafka_AdminOptions_t *o = rd_kafka_AdminOptions_new(c->rk, RD_KAFKA_ADMIN_OP_LISTOFFSETS);
        rd_kafka_AdminOptions_set_request_timeout(o, request_ms, NULL, 0);
        rd_kafka_AdminOptions_set_opaque(o, &req[r]);
        rd_kafka_ListOffsets(c->rk, l, o, queue);
        rd_kafka_AdminOptions_destroy(o);
        rd_kafka_topic_partition_list_destroy(l);
    }
}

int offsets_list(ks_client_t *c, ks_offset_query_t *q, int n, int64_t deadline, char *err)
{
    if (n <= 0)
        return 0;
    if (check_queries(q, n, err))
        return -1;
    char what[300];
    describe(q, n, what, sizeof what);
    for (int i = 0; i < n; i++) {
        q[i].offset = q[i].timestamp = -1;
        q[i].err = RD_KAFKA_RESP_ERR__TIMED_OUT; /* until answered */
    }
    int64_t left = deadline - mono_ms();
    if (left <= 0)
        return client_err(c, err, RD_KAFKA_RESP_ERR__TIMED_OUT, what, "no time left");

    /* Split into rounds; within a round the slots stay sorted by partition. */
    int *round = xcalloc((size_t)n, sizeof *round);
    int nrounds = offsets_rounds(q, n, round);
    slot_t *sorted = sorted_slots(q, n);
    request_t *req = xcalloc((size_t)nrounds, sizeof *req);
    for (int r = 0; r < nrounds; r++)
        req[r].slots = xcalloc((size_t)n, sizeof *req[r].slots);
    for (int i = 0; i < n; i++) {
        request_t *r = &req[round[sorted[i].idx]];
        r->slots[r->nslots++] = sorted[i];
    }
    free(sorted);
    free(round);

    rd_kafka_queue_t *queue = rd_kafka_queue_new(c->rk);
    send_requests(c, req, nrounds, (int)left, queue);

    int pending = nrounds, rc = 0;
    rd_kafka_resp_err_t failed = RD_KAFKA_RESP_ERR_NO_ERROR;
    char detail[KS_ERRLEN] = "";
    while (pending > 0 && !client_interrupted() && (left = deadline - mono_ms()) > 0) {
        /* Short slices keep the wait responsive to the clock. */
        rd_kafka_event_t *ev = rd_kafka_queue_poll(queue, left > 200 ? 200 : (int)left);
        if (!ev)
            continue;
        request_t *r = rd_kafka_event_opaque(ev);
        if (rd_kafka_event_type(ev) == RD_KAFKA_EVENT_LISTOFFSETS_RESULT && r && !r->answered) {
            r->answered = true;
            pending--;
            rd_kafka_resp_err_t code = rd_kafka_event_error(ev);
            if (code) {
                fail_request(r, q, code);
                failed = code;
                snprintf(detail, sizeof detail, "%s", rd_kafka_event_error_string(ev));
            } else {
                take_results(r, ev, q);
            }
        }
        rd_kafka_event_destroy(ev);
    }
    if (failed)
        rc = client_err(c, err, failed, what, detail);
    else if (pending > 0 && client_interrupted())
        rc = ks_err(err, "%s: interrupted", what);
    else if (pending > 0)
        rc = client_err(c, err, RD_KAFKA_RESP_ERR__TIMED_OUT, what, "no answer before the deadline");
    /* Answers still on their way hold their own reference to the queue. */
    rd_kafka_queue_destroy(queue);
    for (int r = 0; r < nrounds; r++)
        free(req[r].slots);
    free(req);
    return rc;
}

int offsets_first_error(ks_client_t *c, const ks_offset_query_t *q, int n, const char *what,
                        char *err)
{
    for (int i = 0; i < n; i++)
        if (q[i].err) {
            char w[400];
            snprintf(w, sizeof w, "%s of %s:%d", what, q[i].topic, q[i].partition);
            return client_err(c, err, q[i].err, w, NULL);
        }
    return 0;
}

int offsets_watermarks(ks_client_t *c, const char *topic, const int32_t *partitions, int n,
                       int64_t *low, int64_t *high, int64_t deadline, char *err)
{
    if (n <= 0)
        return 0;
    ks_offset_query_t *q = xcalloc((size_t)n * 2, sizeof *q);
    for (int i = 0; i < n; i++) {
        q[2 * i] = (ks_offset_query_t){.topic = topic, .partition = partitions[i],
                                       .spec = OFFSETS_EARLIEST};
        q[2 * i + 1] = (ks_offset_query_t){.topic = topic, .partition = partitions[i],
                                           .spec = OFFSETS_LATEST};
    }
    int rc = offsets_list(c, q, 2 * n, deadline, err);
    if (rc == 0)
        rc = offsets_first_error(c, q, 2 * n, "watermarks", err);
    for (int i = 0; rc == 0 && i < n; i++) {
        low[i] = q[2 * i].offset;
        high[i] = q[2 * i + 1].offset;
    }
    free(q);
    return rc;
}
