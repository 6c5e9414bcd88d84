/* Records written by Kafka Connect's JsonConverter with schemas.enable=true
 * carry their schema with them: {"schema": {...}, "payload": ...}. This
 * recognises that envelope in a parsed JSON value and describes the Connect
 * schema in words (type, fields, optional, logical names such as
 * org.apache.kafka.connect.data.Timestamp).
 *
 * Threading: pure functions. Input is untrusted; output text is not
 * sanitized (callers do, line by line). */
#ifndef KS_CONNECT_ENVELOPE_H
#define KS_CONNECT_ENVELOPE_H

#include <jansson.h>
#include <stdbool.h>

#include "base/util.h"

/* True when v is exactly {"schema": OBJECT with a string "type", "payload":
 * ...}; *schema and *payload then point into v (borrowed). */
bool connect_envelope_split(json_t *v, json_t **schema, json_t **payload);

/* The schema as lines ("\n"-terminated): the top type on the first, then
 * one per field, nested fields indented. Depth and size are bounded. */
void connect_schema_describe(strbuf_t *out, json_t *schema);

#endif
