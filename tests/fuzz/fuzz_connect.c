/* libFuzzer: what kafscope makes of Kafka Connect's JSON answers (list,
 * status, validation) and of connector config files (JSON, properties).
 * None of it may crash, leak or hand a control character to a table cell
 * unsanitized. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/connect_data.h"
#include "base/sanitize.h"

static void check_strings(json_t *rows)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *k;
        json_t *v;
        json_object_foreach(row, k, v) {
            const char *s = json_string_value(v);
            char *safe = s ? sanitize_str(s) : NULL;
            for (const char *p = safe; p && *p; p++)
                if ((unsigned char)*p < 0x20)
                    abort();
            free(safe);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    json_t *root = json_loadb(text, size, JSON_DECODE_ANY, NULL);
    if (root) {
        json_t *rows = connect_summary_rows(root, size % 2 ? "*a*" : NULL);
        check_strings(rows);
        json_decref(rows);
        json_t *bad = connect_validation_errors(root);
        json_decref(bad);
        json_t *traces = connect_status_traces(root);
        json_decref(traces);
        json_t *masked = connect_config_masked(root);
        json_decref(masked);
        json_decref(root);
    }
    char err[512], *name;
    json_t *config;
    for (int props = 0; props < 2; props++)
        if (connect_config_parse(text, size, props, &name, &config, err) == 0) {
            free(name);
            json_decref(config);
        }
    return 0;
}
