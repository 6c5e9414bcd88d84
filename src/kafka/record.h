/* One Kafka record as kafscope keeps it: a single allocation holding the
 * metadata, key, value and headers, so the ring buffer can account for and
 * free it in one go. Keys, values and header values are untrusted bytes. */
#ifndef KS_RECORD_H
#define KS_RECORD_H

#include <librdkafka/rdkafka.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *name;
    const void *value; /* NULL: a null header value */
    size_t len;
} ks_header_t;

typedef enum { TS_NONE = 0, TS_CREATE = 1, TS_LOG_APPEND = 2 } ts_type_t;

typedef struct ks_record {
    const char *topic;
    int32_t partition;
    int64_t offset;
    int64_t timestamp; /* ms; -1 when absent */
    ts_type_t tstype;
    const void *key;   /* NULL: null key */
    size_t key_len;
    const void *value; /* NULL: null value (tombstone) */
    size_t value_len;
    ks_header_t *headers;
    int nheaders;
    size_t mem;        /* bytes this record occupies */
    /* What a front end attached before the record entered the ring (the
     * TUI's decoded renderings), freed with the record; NULL when none. */
    void *extra;
    void (*extra_free)(void *extra);
} ks_record_t;

/* Copies a consumed message into a new record. */
ks_record_t *record_from_message(const rd_kafka_message_t *m);
/* The same copy made in *buf (malloc'd, *cap bytes; grown when too small),
 * for a reader that keeps no record after handling it. Not to be freed. */
ks_record_t *record_in_buffer(const rd_kafka_message_t *m, void **buf, size_t *cap);
void record_free(ks_record_t *r);

const char *ts_type_name(ts_type_t t);

#endif
