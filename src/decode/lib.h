/* src/decode/: what a record's key and value bytes mean. Above src/http (the registry) and
 * src/decode/avro (Avro); below src/kafka, which hands it bytes and never the other way.
 *
 *   decode.c            the decoder chain per topic (auto, text, json, hex, avro, registry):
 *                       one decode_part for the TUI, tail and the envelope alike
 *   registry.c          the Schema Registry client: schemas by id, subjects, a bounded
 *                       cache that fails fast while the registry is down
 *   json_scan.c         JSON validated in one pass with no tree (tail --json's hot path)
 *   json_compact.c      a JSON text without its blanks, with no tree (the TUI's line)
 *   connect_envelope.c  Kafka Connect's {schema, payload} records described in words
 *   avro/               Avro (see avro/lib.h)
 */
#ifndef KS_DECODE_LIB_H
#define KS_DECODE_LIB_H

#include "decode/connect_envelope.h"
#include "decode/decode.h"
#include "decode/json_compact.h"
#include "decode/json_scan.h"
#include "decode/registry.h"

#endif
