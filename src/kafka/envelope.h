/* The lossless JSON form of a record (one JSON object per line): topic,
 * partition, offset, timestamp, key, value and headers. Text stays text;
 * bytes that are not UTF-8 are base64 with an "encoding" marker, so a record
 * can be written out and produced back exactly. */
#ifndef KS_ENVELOPE_H
#define KS_ENVELOPE_H

#include <stdbool.h>

#include "decode/decode.h"
#include "kafka/produce.h"
#include "kafka/record.h"
#include "base/json_text.h"
#include "base/util.h"

/* Appends the record as one line of JSON (no newline). */
void envelope_write(strbuf_t *out, const ks_record_t *rec);

/* The same with decoded key and value (either may be NULL): decoded values
 * go inline. JSON whose compact form is the exact bytes: "value":{...},
 * "value_encoding":"json". Avro: "value":{...}, "value_encoding":"avro",
 * "value_schema_id":N (Confluent framing), "value_schema":"full.Name", and
 * "value_raw":"<base64 of the exact bytes>", so nothing is lost. A decoder
 * that failed adds "value_error". Same for the key. */
void envelope_write_decoded(strbuf_t *out, const ks_record_t *rec, const decode_result_t *key,
                            const decode_result_t *value);

/* A parsed envelope, ready for producer_send; owns its buffers. */
typedef struct {
    produce_msg_t msg;
    void *key, *value;
    produce_header_t *headers;
    char **header_names;
    void **header_values;
    /* "<part>_encoding":"avro" without "<part>_raw": the JSON to encode
     * (key [0], value [1]) and the schema id given, or -1. */
    json_t *avro[2];
    int32_t schema_id[2];
} envelope_msg_t;

/* Parses one line. "<part>_raw" (base64) gives the exact bytes and wins over
 * the inline value; "<part>_encoding" is base64, text, json (inline JSON,
 * produced compact) or avro (see avro[] above).
 * Returns 1 when the line is an envelope (filled into out),
 * 0 when it is not one (a plain message: produce the line as it is), -1 on
 * an envelope with invalid fields (err says which). */
int envelope_parse(const char *line, size_t len, envelope_msg_t *out, char *err);
void envelope_msg_free(envelope_msg_t *m);

#endif
