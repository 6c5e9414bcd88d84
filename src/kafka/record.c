#include "kafka/record.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

const char *ts_type_name(ts_type_t t)
{
    switch (t) {
    case TS_CREATE: return "create";
    case TS_LOG_APPEND: return "log_append";
    default: return "none";
    }
}

/* The bytes a copy of m takes (record, headers, topic, key, value), with
 * its headers (*hdrs, *nh): librdkafka parses them on every call when there
 * are none, so they are asked for once. */
static size_t record_size(const rd_kafka_message_t *m, rd_kafka_headers_t **hdrs, size_t *nh)
{
    const char *topic = rd_kafka_topic_name(m->rkt);
    size_t topic_len = strlen(topic) + 1;
    size_t hbytes = 0;
    *hdrs = NULL;
    *nh = 0;
    if (rd_kafka_message_headers(m, hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        *nh = rd_kafka_header_cnt(*hdrs);
        for (size_t i = 0; i < *nh; i++) {
            const char *name;
            const void *val;
            size_t len;
            rd_kafka_header_get_all(*hdrs, i, &name, &val, &len);
            hbytes += strlen(name) + 1 + len;
        }
    }
    return sizeof(ks_record_t) + *nh * sizeof(ks_header_t) + topic_len + m->key_len + m->len +
           hbytes;
}

/* Copies m into mem (record_size(m) bytes, suitably aligned). */
static ks_record_t *record_fill(const rd_kafka_message_t *m, rd_kafka_headers_t *hdrs, size_t nh,
                                void *mem, size_t total)
{
    const char *topic = rd_kafka_topic_name(m->rkt);
    size_t topic_len = strlen(topic) + 1;
    ks_record_t *r = mem;
    char *p = (char *)(r + 1);
    r->headers = (ks_header_t *)p;
    r->nheaders = (int)nh;
    p += nh * sizeof(ks_header_t);
    memcpy(p, topic, topic_len);
    r->topic = p;
    p += topic_len;
    r->partition = m->partition;
    r->offset = m->offset;
    rd_kafka_timestamp_type_t tstype;
    r->timestamp = rd_kafka_message_timestamp(m, &tstype);
    r->tstype = tstype == RD_KAFKA_TIMESTAMP_CREATE_TIME       ? TS_CREATE
              : tstype == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? TS_LOG_APPEND
                                                             : TS_NONE;
    r->key = NULL;
    r->key_len = 0;
    if (m->key) {
        memcpy(p, m->key, m->key_len);
        r->key = p;
        r->key_len = m->key_len;
        p += m->key_len;
    }
    r->value = NULL;
    r->value_len = 0;
    if (m->payload) {
        memcpy(p, m->payload, m->len);
        r->value = p;
        r->value_len = m->len;
        p += m->len;
    }
    for (size_t i = 0; i < nh; i++) {
        const char *name;
        const void *val;
        size_t len;
        rd_kafka_header_get_all(hdrs, i, &name, &val, &len);
        size_t nl = strlen(name) + 1;
        memcpy(p, name, nl);
        r->headers[i].name = p;
        p += nl;
        r->headers[i].len = len;
        r->headers[i].value = NULL;
        if (val) {
            memcpy(p, val, len);
            r->headers[i].value = p;
            p += len;
        }
    }
    r->mem = total;
    r->extra = NULL;
    r->extra_free = NULL;
    return r;
}

ks_record_t *record_from_message(const rd_kafka_message_t *m)
{
    rd_kafka_headers_t *hdrs;
    size_t nh;
    size_t total = record_size(m, &hdrs, &nh);
    return record_fill(m, hdrs, nh, xmalloc(total), total);
}

ks_record_t *record_in_buffer(const rd_kafka_message_t *m, void **buf, size_t *cap)
{
    rd_kafka_headers_t *hdrs;
    size_t nh;
    size_t total = record_size(m, &hdrs, &nh);
    if (total > *cap) {
        free(*buf);
        *cap = total * 2;
        *buf = xmalloc(*cap);
    }
    return record_fill(m, hdrs, nh, *buf, total);
}

void record_free(ks_record_t *r)
{
    if (r && r->extra && r->extra_free)
        r->extra_free(r->extra);
    free(r);
}
