/* libFuzzer: the template compiler (`produce --template` files). Whatever
 * compiles must render to JSON that jansson can write and read back, and an
 * error must name a line and column. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/template.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[KS_ERRLEN];
    ks_template_t *t = template_compile((const char *)data, size, err);
    if (!t) {
        if (strncmp(err, "line ", 5) || !strstr(err, ", column "))
            abort();
        return 0;
    }
    ks_rng_t rng;
    rng_seed(&rng, size + 1);
    for (int i = 1; i <= 3; i++) {
        json_t *v = template_render(t, i, 1700000000000LL + i, &rng);
        char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        if (!s)
            abort();
        json_t *back = json_loads(s, JSON_DECODE_ANY, NULL);
        if (!back)
            abort();
        json_decref(back);
        free(s);
        json_decref(v);
    }
    template_free(t);
    return 0;
}
