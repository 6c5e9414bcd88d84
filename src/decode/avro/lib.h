/* src/decode/avro/: Avro, from schemas to readable JSON and back. Above src/base only: avro-c
 * is loaded on first use (libavro.c), and nothing here knows Kafka or the registry.
 * Bottom first, each file calling only those before it (kavro_internal.h says the same):
 *
 *   libavro.c       avro-c loaded the first time a schema is parsed
 *   kavro_node.c    what a schema node is, resolved by name
 *   kavro_logical.c logical types (dates, times, decimals) in readable form
 *   kavro_prog.c    the compiled writer schema the text writer walks
 *   kavro_schema.c  schemas parsed twice: by avro-c and as JSON (logical types)
 *   kavro_check.c   untrusted bytes checked against a schema before avro-c reads them
 *   kavro_encode.c  readable JSON to Avro binary (produce --value-schema)
 *   kavro_json.c    one datum to a JSON tree
 *   kavro_text.c    Avro binary straight to JSON text (tail --json's hot path)
 *   kavro_gen.c     random valid records (produce --generate-from)
 */
#ifndef KS_AVRO_LIB_H
#define KS_AVRO_LIB_H

#include "decode/avro/kavro.h"
#include "decode/avro/kavro_gen.h"

#endif
