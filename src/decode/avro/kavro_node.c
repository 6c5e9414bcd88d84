/* What a node of a schema's JSON is: its type, its logical type, the
 * definition behind a reference (kavro_resolve). Every kavro file reads
 * schemas through this, so it calls no other kavro file. */
#include <string.h>

#include "decode/avro/kavro_internal.h"

bool kavro_is_primitive(const char *t)
{
    static const char *const prim[] = {"null", "boolean", "int", "long", "float",
                                       "double", "bytes", "string"};
    for (size_t i = 0; i < sizeof prim / sizeof *prim; i++)
        if (!strcmp(t, prim[i]))
            return true;
    return false;
}

ntype_t kavro_prim_type(const char *t)
{
    static const struct { const char *n; ntype_t t; } map[] = {
        {"null", N_NULL}, {"boolean", N_BOOLEAN}, {"int", N_INT}, {"long", N_LONG},
        {"float", N_FLOAT}, {"double", N_DOUBLE}, {"bytes", N_BYTES}, {"string", N_STRING},
        {"record", N_RECORD}, {"error", N_RECORD}, {"enum", N_ENUM}, {"fixed", N_FIXED},
        {"array", N_ARRAY}, {"map", N_MAP}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(t, map[i].n))
            return map[i].t;
    return N_BAD;
}

static logical_t logical_of(json_t *def, ntype_t t)
{
    const char *lt = json_string_value(json_object_get(def, "logicalType"));
    if (!lt)
        return L_NONE;
    if (!strcmp(lt, "decimal") && (t == N_BYTES || t == N_FIXED))
        return L_DECIMAL;
    if (!strcmp(lt, "uuid") && t == N_STRING)
        return L_UUID;
    if (!strcmp(lt, "date") && t == N_INT)
        return L_DATE;
    if (!strcmp(lt, "time-millis") && t == N_INT)
        return L_TIME_MS;
    if (!strcmp(lt, "time-micros") && t == N_LONG)
        return L_TIME_US;
    if (!strcmp(lt, "timestamp-millis") && t == N_LONG)
        return L_TS_MS;
    if (!strcmp(lt, "timestamp-micros") && t == N_LONG)
        return L_TS_US;
    if (!strcmp(lt, "local-timestamp-millis") && t == N_LONG)
        return L_LTS_MS;
    if (!strcmp(lt, "local-timestamp-micros") && t == N_LONG)
        return L_LTS_US;
    return L_NONE; /* unknown logical types are read as their underlying type */
}

node_t kavro_resolve(const kavro_schema_t *s, json_t *n)
{
    node_t r = {N_BAD, NULL, L_NONE};
    for (int hops = 0; hops < 64; hops++) {
        if (json_is_array(n)) {
            r.t = N_UNION;
            r.def = n;
            return r;
        }
        if (json_is_string(n)) {
            const char *t = json_string_value(n);
            if (kavro_is_primitive(t)) {
                r.t = kavro_prim_type(t);
                return r;
            }
            n = json_object_get(s->names, t);
            if (!n)
                return r;
            continue;
        }
        if (!json_is_object(n))
            return r;
        json_t *t = json_object_get(n, "type");
        if (json_is_string(t)) {
            const char *ts = json_string_value(t);
            ntype_t nt = kavro_prim_type(ts);
            if (nt == N_BAD) {
                n = t; /* {"type":"com.x.Named"} */
                continue;
            }
            r.t = nt;
            r.def = n;
            r.logical = logical_of(n, nt);
            return r;
        }
        n = t;
    }
    return r;
}

const char *kavro_type_word(ntype_t t)
{
    static const char *const w[] = {"null", "boolean", "int", "long", "float", "double", "bytes",
                                    "string", "record", "enum", "fixed", "array", "map", "union",
                                    "?"};
    return w[t];
}
