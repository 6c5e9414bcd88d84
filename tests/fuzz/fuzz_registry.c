/* libFuzzer: the Schema Registry's answers to a schema lookup, which are
 * untrusted: any HTTP status, any body (JSON or not, a "schema" string that
 * is any Avro schema text, or none). The first byte picks the status. */
#include <stdint.h>
#include <stdlib.h>

#include "http/http.h"
#include "decode/registry.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const int statuses[] = {200, 200, 200, 201, 404, 401, 403, 422, 500, 302};
    int status = statuses[data[0] % (sizeof statuses / sizeof statuses[0])];
    /* as http() in registry.c parses a body */
    json_t *body = json_loadb((const char *)data + 1, size - 1, JSON_DECODE_ANY, NULL);
    kavro_schema_t *s = NULL;
    char err[KS_ERRLEN] = "";
    /* only its name and URL are used, in the messages of non-2xx answers */
    static ks_http_t *http;
    if (!http)
        http = http_new(&(ks_http_opts_t){.service = "schema registry", .url = "http://127.0.0.1:1"});
    int rc = registry_schema_answer(http, 42, status, body, &s, err);
    if (rc == 0) {
        if (!s || status / 100 != 2)
            abort();
        /* a schema that parsed can be used at once: decode a few bytes */
        json_t *j = NULL;
        char err2[KS_ERRLEN];
        if (kavro_decode(s, NULL, data + 1, size - 1 < 64 ? size - 1 : 64, &j, err2) == 0)
            json_decref(j);
        kavro_schema_free(s);
    } else if (s || !err[0]) {
        abort();
    }
    json_decref(body);
    return 0;
}
