#include "decode/connect_envelope.h"

#include <string.h>

/* Schemas nest (structs of arrays of structs...): a hostile one cannot make
 * us recurse or print without bound. */
#define DEPTH_MAX 12
#define LINES_MAX 500

bool connect_envelope_split(json_t *v, json_t **schema, json_t **payload)
{
    if (!json_is_object(v) || json_object_size(v) != 2)
        return false;
    json_t *s = json_object_get(v, "schema"), *p = json_object_get(v, "payload");
    if (!json_is_object(s) || !p || !json_is_string(json_object_get(s, "type")))
        return false;
    *schema = s;
    *payload = p;
    return true;
}

typedef struct {
    strbuf_t *out;
    int lines;
} desc_t;

/* "int64 org.apache.kafka.connect.data.Timestamp, optional" and, for
 * containers, what they hold. */
static void type_words(strbuf_t *out, json_t *s, int depth)
{
    const char *type = json_string_value(json_object_get(s, "type"));
    const char *name = json_string_value(json_object_get(s, "name"));
    sb_adds(out, type ? type : "?");
    if (depth < DEPTH_MAX && type && !strcmp(type, "array")) {
        sb_adds(out, " of ");
        type_words(out, json_object_get(s, "items"), depth + 1);
    } else if (depth < DEPTH_MAX && type && !strcmp(type, "map")) {
        sb_adds(out, " of ");
        type_words(out, json_object_get(s, "keys"), depth + 1);
        sb_adds(out, " to ");
        type_words(out, json_object_get(s, "values"), depth + 1);
    }
    if (name) {
        sb_addc(out, ' ');
        sb_adds(out, name);
    }
    if (json_is_true(json_object_get(s, "optional")))
        sb_adds(out, " (optional)");
}

static void fields(desc_t *d, json_t *s, int depth)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(s, "fields"), i, f) {
        if (d->lines >= LINES_MAX) {
            sb_adds(d->out, "  ...\n");
            return;
        }
        for (int k = 0; k <= depth; k++)
            sb_adds(d->out, "  ");
        const char *field = json_string_value(json_object_get(f, "field"));
        sb_adds(d->out, field ? field : "?");
        sb_adds(d->out, ": ");
        type_words(d->out, f, depth);
        sb_addc(d->out, '\n');
        d->lines++;
        const char *type = json_string_value(json_object_get(f, "type"));
        if (depth + 1 < DEPTH_MAX && type && !strcmp(type, "struct"))
            fields(d, f, depth + 1);
    }
}

void connect_schema_describe(strbuf_t *out, json_t *schema)
{
    desc_t d = {out, 1};
    type_words(out, schema, 0);
    sb_addc(out, '\n');
    const char *type = json_string_value(json_object_get(schema, "type"));
    if (type && !strcmp(type, "struct"))
        fields(&d, schema, 0);
}
