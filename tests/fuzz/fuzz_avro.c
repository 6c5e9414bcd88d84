/* libFuzzer: Avro bytes against a fixed schema with every type. Decoding
 * must never crash, allocate wildly or hang; what decodes must re-encode. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/kavro.h"

static kavro_schema_t *schema;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[KS_ERRLEN];
    if (!schema) {
        schema = kavro_schema_load_file(KS_TEST_DATA "/all_types.avsc", err);
        if (!schema)
            abort();
    }
    json_t *out = NULL;
    if (kavro_decode(schema, NULL, data, size, &out, err) == 0) {
        strbuf_t bin;
        sb_init(&bin);
        /* strings that were not UTF-8 come back escaped, so equality is not
         * expected; only that encoding what decoding produced works */
        /* (data may hold decimals beyond the schema's precision: shown, but
         * refused on the way back in) */
        if (kavro_encode(schema, out, &bin, err) != 0 && !strstr(err, "(precision ")) {
            fprintf(stderr, "decoded but does not encode again: %s\n", err);
            abort();
        }
        sb_free(&bin);
    }
    json_decref(out);
    return 0;
}
