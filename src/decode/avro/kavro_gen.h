/* Random but valid data for an Avro schema, as the readable JSON that
 * kavro_encode takes (unions tagged with their branch, logical types as
 * numbers or decimal strings): for test traffic, `produce --generate-from`.
 * Arrays and maps get 0..3 items; below a nesting depth of 6 a union takes
 * its null branch when it has one, so recursive schemas end. */
#ifndef KS_KAVRO_GEN_H
#define KS_KAVRO_GEN_H

#include <jansson.h>

#include "decode/avro/kavro.h"
#include "base/rng.h"

/* A new value the caller owns, or NULL with err for a schema node that no
 * finite value fits (a record that always contains itself). */
json_t *kavro_generate(const kavro_schema_t *s, ks_rng_t *rng, char *err);

#endif
