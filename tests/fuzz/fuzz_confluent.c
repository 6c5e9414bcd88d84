/* libFuzzer: the decoder chain (Confluent framing check, local Avro schema
 * via the avro decoder, JSON, text, binary) and its renderings. No
 * registry is configured, so framed input goes down the "no registry" path;
 * the Avro behind the framing is covered by the avro decoder rule. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/config.h"
#include "decode/decode.h"

static ks_config_t cfg;
static ks_decoders_t *dec; /* a session's decoder set (cmd_decoders in the program) */
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[KS_ERRLEN];
    if (!ready) {
        config_init(&cfg);
        dec = decoders_new(&cfg.registry);
        if (decoders_set(dec, "cart", false, "avro " KS_TEST_DATA "/cart_updates.avsc", err) ||
            decoders_set(dec, "hex", false, "hex", err))
            abort();
        ready = 1;
    }
    static const char *const topics[] = {"auto", "cart", "hex"};
    for (int t = 0; t < 3; t++) {
        decode_result_t r;
        decode_part(dec, topics[t], false, data, size, &r);
        strbuf_t sb;
        sb_init(&sb);
        decode_render_line(&sb, &r, data, size);
        if (r.json)
            json_pretty(&sb, r.json, 2);
        sb_free(&sb);
        decode_result_free(&r);
    }
    return 0;
}
