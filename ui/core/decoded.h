/* Decoded renderings of a record's key and value, made by the tail worker
 * (decoding may wait on the Schema Registry, so never on the UI thread)
 * and attached to the record before it enters the ring (rec->extra). The
 * messages pane draws `line`; the detail view uses the rest. */
#ifndef KS_DECODED_H
#define KS_DECODED_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/decode.h"
#include "kafka/record.h"

#define DECODED_LINE_COLS 1000 /* the one-line rendering is cut to this many columns */

typedef struct {
    decode_kind_t kind;
    bool failed;        /* a decoder meant for these bytes refused: errors says why */
    int32_t schema_id;  /* Confluent schema id, or -1 */
    char *schema_name;  /* Avro full name, or NULL */
    const char *decoder;/* static: "registry", "avro", "json", "text", ... */
    char *errors;       /* "decoder: reason" lines, or NULL (our text, unsanitized parts are
                           sanitized when shown) */
    char *line;         /* one line, sanitized: safe to draw as is */
    char *json;         /* DK_AVRO: the decoded value as compact JSON; Kafka Connect's
                           envelope: its payload; else NULL */
    char *connect_schema; /* Kafka Connect's envelope: its schema as compact JSON, or NULL */
} decoded_part_t;

typedef struct {
    decoded_part_t key, value;
} decoded_t;

/* Buffers one thread reuses from record to record while decoding (zero it
 * to start; decoded_scratch_free when done). */
typedef struct {
    strbuf_t text, compact, line;
} decoded_scratch_t;
void decoded_scratch_free(decoded_scratch_t *s);

/* Decodes rec's key and value with d (may block on the registry) and
 * attaches the result to rec (rec->extra, rec->mem grows by its size).
 * No jansson tree is built, except for Kafka Connect's envelope, a reader
 * schema unlike the writer's, and the rare JSON text json_compact refuses:
 * the line is the same either way. */
void decoded_attach(ks_decoders_t *d, ks_record_t *rec, decoded_scratch_t *scratch);

/* One part, decoded now into out (free with decoded_part_free). With d
 * NULL nothing is configured and nothing is fetched: JSON, text or binary,
 * safe on the UI thread. */
void decoded_part_make(ks_decoders_t *d, const ks_record_t *rec, bool key, decoded_part_t *out);
void decoded_part_free(decoded_part_t *p);

/* What decoded_attach attached, or NULL. */
const decoded_t *decoded_of(const ks_record_t *rec);

#endif
