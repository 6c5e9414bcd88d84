/* The lossless JSON form of a record (one JSON object per line): topic,
 * partition, offset, timestamp, key, value and headers. Text stays text;
 * bytes that are not UTF-8 are base64 with an "encoding" marker, so a record
 * can be written out and produced back exactly. */
#ifndef KS_ENVELOPE_H
#define KS_ENVELOPE_H

#include <stdbool.h>

#include "produce.h"
#include "record.h"
#include "util.h"

/* Appends the record as one line of JSON (no newline). */
void envelope_write(strbuf_t *out, const ks_record_t *rec);

/* A parsed envelope, ready for producer_send; owns its buffers. */
typedef struct {
    produce_msg_t msg;
    void *key, *value;
    produce_header_t *headers;
    char **header_names;
    void **header_values;
} envelope_msg_t;

/* Parses one line. Returns 1 when the line is an envelope (filled into out),
 * 0 when it is not one (a plain message: produce the line as it is), -1 on
 * an envelope with invalid fields (err says which). */
int envelope_parse(const char *line, size_t len, envelope_msg_t *out, char *err);
void envelope_msg_free(envelope_msg_t *m);

/* JSON string escaping of valid UTF-8 text, with quotes. */
void json_append_string(strbuf_t *out, const void *p, size_t n);
void base64_append(strbuf_t *out, const void *p, size_t n);
/* Decodes base64; returns -1 on invalid input. *out is malloc'd. */
int base64_decode(const char *s, size_t n, void **out, size_t *outlen);

#endif
