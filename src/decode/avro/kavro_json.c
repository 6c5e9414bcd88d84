/* An Avro value as readable JSON (logical types shown as dates, times,
 * decimals), and kavro_decode: check, read, and evolve to a reader schema. */
#include "decode/avro/kavro.h"

#include <avro.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/avro/kavro_internal.h"
#include "base/sanitize.h"

/* --- avro value -> readable JSON ----------------------------------------- */

/* A logical type's readable string, or the number when it has none. */
static json_t *readable(bool ok, const char *buf, int64_t number)
{
    return ok ? json_string(buf) : json_integer(number);
}

static json_t *fmt_date(int64_t days)
{
    char buf[KAVRO_FMT_LEN];
    return readable(kavro_fmt_date(days, buf, sizeof buf), buf, days);
}

static json_t *fmt_time(int64_t units, int64_t per_sec)
{
    char buf[KAVRO_FMT_LEN];
    return readable(kavro_fmt_time(units, per_sec, buf, sizeof buf), buf, units);
}

static json_t *fmt_timestamp(int64_t units, int64_t per_sec, bool utc)
{
    char buf[KAVRO_FMT_LEN];
    return readable(kavro_fmt_timestamp(units, per_sec, utc, buf, sizeof buf), buf, units);
}

static json_t *fmt_decimal(const unsigned char *p, size_t n, int scale)
{
    strbuf_t sb;
    sb_init(&sb);
    kavro_fmt_decimal(&sb, p, n, scale);
    json_t *j = json_stringn(sb.buf, sb.len);
    sb_free(&sb);
    return j;
}

/* Avro bytes in JSON: one code point per byte. */
static json_t *bytes_json(const void *p, size_t n)
{
    const unsigned char *s = p;
    strbuf_t sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x80) {
            sb_addc(&sb, (char)s[i]);
        } else {
            sb_addc(&sb, (char)(0xC0 | s[i] >> 6));
            sb_addc(&sb, (char)(0x80 | (s[i] & 0x3F)));
        }
    }
    json_t *j = json_stringn(sb.buf ? sb.buf : "", sb.len);
    sb_free(&sb);
    return j;
}

/* A string from the data: as it is when UTF-8, else escaped (lossy; the
 * envelope keeps the raw bytes). */
static json_t *text_json(const char *p, size_t n)
{
    if (utf8_valid(p, n))
        return json_stringn(p, n);
    strbuf_t sb;
    sb_init(&sb);
    sanitize_append(&sb, p, n);
    json_t *j = json_stringn(sb.buf ? sb.buf : "", sb.len);
    sb_free(&sb);
    return j;
}

static json_t *real_json(double d)
{
    if (isnan(d))
        return json_string("NaN");
    if (isinf(d))
        return json_string(d > 0 ? "Infinity" : "-Infinity");
    return json_real(d);
}

static json_t *to_json(const kavro_schema_t *s, json_t *sn, avro_value_t *v, int depth)
{
    node_t nd = kavro_resolve(s, sn);
    if (depth > MAX_DEPTH + 5)
        return json_null();
    switch (avro_value_get_type(v)) {
    case AVRO_NULL:
        return json_null();
    case AVRO_BOOLEAN: {
        int b = 0;
        avro_value_get_boolean(v, &b);
        return json_boolean(b);
    }
    case AVRO_INT32: {
        int32_t i = 0;
        avro_value_get_int(v, &i);
        if (nd.logical == L_DATE)
            return fmt_date(i);
        if (nd.logical == L_TIME_MS)
            return fmt_time(i, 1000);
        return json_integer(i);
    }
    case AVRO_INT64: {
        int64_t l = 0;
        avro_value_get_long(v, &l);
        switch (nd.logical) {
        case L_TIME_US: return fmt_time(l, 1000000);
        case L_TS_MS: return fmt_timestamp(l, 1000, true);
        case L_TS_US: return fmt_timestamp(l, 1000000, true);
        case L_LTS_MS: return fmt_timestamp(l, 1000, false);
        case L_LTS_US: return fmt_timestamp(l, 1000000, false);
        default: return json_integer(l);
        }
    }
    case AVRO_FLOAT: {
        float f = 0;
        avro_value_get_float(v, &f);
        return real_json(f);
    }
    case AVRO_DOUBLE: {
        double d = 0;
        avro_value_get_double(v, &d);
        return real_json(d);
    }
    case AVRO_STRING: {
        const char *str = NULL;
        size_t size = 0;
        avro_value_get_string(v, &str, &size);
        return text_json(str ? str : "", size ? size - 1 : 0);
    }
    case AVRO_BYTES:
    case AVRO_FIXED: {
        const void *b = NULL;
        size_t size = 0;
        if (avro_value_get_type(v) == AVRO_BYTES)
            avro_value_get_bytes(v, &b, &size);
        else
            avro_value_get_fixed(v, &b, &size);
        if (nd.logical == L_DECIMAL)
            return fmt_decimal(b, size, (int)json_integer_value(json_object_get(nd.def, "scale")));
        return bytes_json(b, size);
    }
    case AVRO_ENUM: {
        int e = 0;
        avro_value_get_enum(v, &e);
        avro_schema_t es = avro_value_get_schema(v);
        const char *sym = s->av->schema_enum_get(es, e);
        return json_string(sym ? sym : "?");
    }
    case AVRO_ARRAY: {
        size_t n = 0;
        avro_value_get_size(v, &n);
        json_t *a = json_array();
        json_t *items = json_object_get(nd.def, "items");
        for (size_t i = 0; i < n; i++) {
            avro_value_t child;
            if (avro_value_get_by_index(v, i, &child, NULL) == 0)
                json_array_append_new(a, to_json(s, items, &child, depth + 1));
        }
        return a;
    }
    case AVRO_MAP: {
        size_t n = 0;
        avro_value_get_size(v, &n);
        json_t *o = json_object();
        json_t *values = json_object_get(nd.def, "values");
        for (size_t i = 0; i < n; i++) {
            avro_value_t child;
            const char *key = NULL;
            if (avro_value_get_by_index(v, i, &child, &key) == 0 && key) {
                json_t *k = text_json(key, strlen(key));
                json_object_set_new(o, json_string_value(k), to_json(s, values, &child, depth + 1));
                json_decref(k);
            }
        }
        return o;
    }
    case AVRO_RECORD: {
        size_t n = 0;
        avro_value_get_size(v, &n);
        json_t *o = json_object();
        json_t *fields = json_object_get(nd.def, "fields");
        for (size_t i = 0; i < n; i++) {
            avro_value_t child;
            const char *name = NULL;
            if (avro_value_get_by_index(v, i, &child, &name) == 0 && name)
                json_object_set_new(o, name,
                                    to_json(s, json_object_get(json_array_get(fields, i), "type"),
                                            &child, depth + 1));
        }
        return o;
    }
    case AVRO_UNION: {
        int disc = -1;
        avro_value_t branch;
        if (avro_value_get_discriminant(v, &disc) || disc < 0 ||
            avro_value_get_current_branch(v, &branch))
            return json_null();
        return to_json(s, json_array_get(nd.def, (size_t)disc), &branch, depth + 1);
    }
    default:
        return json_null();
    }
}

int kavro_check_resolvable(kavro_schema_t *writer, kavro_schema_t *reader, char *err)
{
    const ks_avro_t *av = writer->av;
    avro_value_iface_t *iface = av->resolved_reader_new(writer->schema, reader->schema);
    if (!iface)
        return ks_err(err, "reader schema %s cannot read data written with %s: %s", reader->name,
                      writer->name, av->strerror());
    avro_value_iface_decref(iface);
    return 0;
}


/* avro-c's resolver does not fill reader fields from their defaults; when
 * it refuses, the value goes through JSON: read with the writer's schema,
 * re-encoded with the reader's (unknown fields dropped, defaults filled,
 * unknown enum symbols mapped to the enum's default), read again. */
static int evolve_via_json(kavro_schema_t *writer, kavro_schema_t *reader, avro_value_t *wv,
                           json_t **out, char *err)
{
    char why[KS_ERRLEN];
    snprintf(why, sizeof why, "%s", writer->av->strerror());
    json_t *mid = to_json(writer, writer->json, wv, 0);
    strbuf_t bin;
    sb_init(&bin);
    char e2[KS_ERRLEN];
    int rc = kavro_encode_value(reader, mid, &bin, true, e2);
    json_decref(mid);
    if (rc == 0)
        rc = kavro_decode(reader, NULL, bin.buf ? bin.buf : "", bin.len, out, e2);
    if (rc)
        ks_err(err, "reader schema %s cannot read data written with %s: %s", reader->name,
               writer->name, e2);
    sb_free(&bin);
    return rc;
}

int kavro_decode(kavro_schema_t *writer, kavro_schema_t *reader, const void *p, size_t n,
                 json_t **out, char *err)
{
    *out = NULL;
    cursor_t c = {p, n, 0, 0, err};
    if (kavro_check(writer, writer->json, &c, 0))
        return -1;
    if (c.pos != n)
        return ks_err(err, "%zu bytes left over after the Avro value (%zu bytes): not written with "
                      "this schema?", n - c.pos, c.pos);
    const ks_avro_t *av = writer->av;
    avro_reader_t r = av->reader_memory(p, (int64_t)n);
    avro_value_t wv;
    if (av->generic_value_new(writer->iface, &wv)) {
        av->reader_free(r);
        return ks_err(err, "avro-c: %s", av->strerror());
    }
    int rc = 0;
    if (av->value_read(r, &wv)) {
        rc = ks_err(err, "cannot read Avro data: %s", av->strerror());
    } else if (reader && reader != writer) {
        avro_value_iface_t *ri = av->resolved_reader_new(writer->schema, reader->schema);
        if (!ri) {
            rc = evolve_via_json(writer, reader, &wv, out, err);
        } else {
            avro_value_t rv;
            if (av->resolved_reader_new_value(ri, &rv)) {
                rc = ks_err(err, "avro-c: %s", av->strerror());
            } else {
                av->resolved_reader_set_source(&rv, &wv);
                *out = to_json(reader, reader->json, &rv, 0);
                av->value_decref(&rv);
            }
            avro_value_iface_decref(ri);
        }
    } else {
        *out = to_json(writer, writer->json, &wv, 0);
    }
    av->value_decref(&wv);
    av->reader_free(r);
    if (rc == 0 && !*out)
        rc = ks_err(err, "cannot represent the Avro value as JSON");
    return rc;
}
