/* libFuzzer: the offset spec parser (tail --offset, the TUI's seek prompts):
 * beginning, end, N, -N, @epoch-ms, @ISO-8601. It either fails with a
 * message or gives a kind with a value in its range. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/offsetspec.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = strndup((const char *)data, size);
    char err[KS_ERRLEN] = "";
    offset_spec_t spec;
    if (offsetspec_parse(s, &spec, err)) {
        if (!err[0])
            abort();
    } else if ((spec.kind == OFS_ABSOLUTE || spec.kind == OFS_LAST) && spec.value < 0) {
        abort();
    }
    int64_t ms;
    err[0] = '\0';
    if (parse_iso8601(s, &ms, err) && !err[0])
        abort();
    free(s);
    return 0;
}
