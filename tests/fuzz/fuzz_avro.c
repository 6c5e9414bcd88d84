/* libFuzzer: Avro bytes against a fixed schema with every type. Decoding
 * must never crash, allocate wildly or hang; what decodes must re-encode.
 * The two decoders must agree: kavro_decode_text (straight to text, tail's
 * hot path) succeeds exactly when kavro_decode (the tree) does, with the
 * same error, and its text parses to the same tree. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/avro/kavro.h"

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
    int rc = kavro_decode(schema, NULL, data, size, &out, err);
    strbuf_t text;
    sb_init(&text);
    char err2[KS_ERRLEN];
    int rc2 = kavro_decode_text(schema, NULL, data, size, &text, err2);
    if (rc != rc2 || (rc && strcmp(err, err2)) || (rc && text.len)) {
        fprintf(stderr, "tree: %d %s\ntext: %d %s\n", rc, rc ? err : "", rc2, rc2 ? err2 : "");
        abort();
    }
    if (rc == 0) {
        json_t *back = json_loadb(text.buf, text.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
        if (!json_equal(back, out)) {
            char *dump = json_dumps(out, JSON_COMPACT | JSON_ENCODE_ANY);
            fprintf(stderr, "tree: %s\ntext: %.*s\n", dump, (int)text.len, text.buf);
            abort();
        }
        json_decref(back);
    }
    sb_free(&text);
    if (rc == 0) {
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
