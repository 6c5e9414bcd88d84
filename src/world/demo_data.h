/* Generators for the demo cluster's records, in the spirit of the workshop
 * material: pizza orders keyed by shop, cart updates keyed by cart id, and
 * sensor readings with a numeric value. */
#ifndef KS_DEMO_DATA_H
#define KS_DEMO_DATA_H

#include <stdint.h>

#include "base/util.h"

struct kavro_schema;

typedef struct {
    const char *topic;
    char key[64];
    strbuf_t value;
    const char *header_name; /* NULL for none */
    char header_value[64];
    /* Set by the caller: the schema cart-updates values are written with
     * (Avro binary, schemaless: demo_cart_updates_avsc); NULL for JSON. */
    struct kavro_schema *cart_schema;
} demo_record_t;

/* Fills rec with the n-th demo record of the given topic; deterministic
 * for a given seed so tests can rely on shapes (not values). A cart update
 * is built as JSON and, with rec->cart_schema, encoded to Avro from it. */
void demo_make(const char *topic, uint64_t n, demo_record_t *rec);

#endif
