/* JSON -> Avro binary (produce, schema evolution): the value checked
 * against the schema as it is encoded, errors naming the path. */
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

/* --- JSON -> Avro binary -------------------------------------------------- */

typedef struct {
    const kavro_schema_t *s;
    strbuf_t *out;
    char path[256];
    char *err;
    bool evolve; /* reading old data with a new schema: drop unknown fields, enum defaults */
} enc_t;

static void put_long(strbuf_t *out, int64_t v)
{
    uint64_t z = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
    unsigned char buf[10];
    int n = 0;
    while (z >= 0x80) {
        buf[n++] = (unsigned char)(z | 0x80);
        z >>= 7;
    }
    buf[n++] = (unsigned char)z;
    sb_add(out, buf, (size_t)n);
}

static const char *describe(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "a whole number";
    case JSON_REAL: return "a number with a fraction";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

static int mismatch(enc_t *e, const char *expected, json_t *v)
{
    char *got = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    char shown[64] = "";
    if (got) {
        snprintf(shown, sizeof shown, " %s%s", got, strlen(got) > 40 ? "..." : "");
        if (strlen(got) > 40)
            memcpy(shown + 41, "...", 4);
    }
    ks_err(e->err, "%s: expected %s, got %s%s", e->path[0] ? e->path : "(value)", expected,
           describe(v), json_is_null(v) ? "" : shown);
    free(got);
    return -1;
}

/* "2024-01-31" -> days since the epoch. */
static bool parse_date(const char *s, int64_t *days, const char **rest)
{
    int y, m, d, used = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10 || m < 1 || m > 12 ||
        d < 1 || d > 31)
        return false;
    *days = kavro_days_from_civil(y, (unsigned)m, (unsigned)d);
    *rest = s + used;
    return true;
}

/* "13:45:01.123456" -> units (per_sec per second). */
static bool parse_clock(const char *s, int64_t per_sec, int64_t *units, const char **rest)
{
    int h, mi, sec, used = 0;
    if (sscanf(s, "%2d:%2d:%2d%n", &h, &mi, &sec, &used) != 3 || used != 8 || h > 23 || mi > 59 ||
        sec > 60 || h < 0 || mi < 0 || sec < 0)
        return false;
    s += used;
    int64_t frac = 0, scale = per_sec;
    if (*s == '.') {
        s++;
        if (*s < '0' || *s > '9')
            return false;
        while (*s >= '0' && *s <= '9') {
            if (scale > 1) {
                scale /= 10;
                frac += (*s - '0') * scale;
            } else if (*s != '0') {
                return false; /* more precision than the type holds */
            }
            s++;
        }
    }
    *units = ((int64_t)h * 3600 + mi * 60 + sec) * per_sec + frac;
    *rest = s;
    return true;
}

static int enc_logical_number(enc_t *e, node_t nd, json_t *v, int64_t *out)
{
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
        return 0;
    }
    const char *str = json_string_value(v);
    const char *rest = NULL;
    int64_t days = 0, units = 0;
    switch (nd.logical) {
    case L_DATE:
        if (str && parse_date(str, &days, &rest) && !*rest) {
            *out = days;
            return 0;
        }
        return mismatch(e, "a date \"YYYY-MM-DD\" or days since 1970-01-01", v);
    case L_TIME_MS:
    case L_TIME_US: {
        int64_t per = nd.logical == L_TIME_MS ? 1000 : 1000000;
        if (str && parse_clock(str, per, &units, &rest) && !*rest) {
            *out = units;
            return 0;
        }
        return mismatch(e, per == 1000 ? "a time \"HH:MM:SS.mmm\" or milliseconds"
                                       : "a time \"HH:MM:SS.uuuuuu\" or microseconds", v);
    }
    default: {
        int64_t per = (nd.logical == L_TS_MS || nd.logical == L_LTS_MS) ? 1000 : 1000000;
        bool utc = nd.logical == L_TS_MS || nd.logical == L_TS_US;
        if (str && parse_date(str, &days, &rest) && (*rest == 'T' || *rest == ' ') &&
            parse_clock(rest + 1, per, &units, &rest) && (utc ? !strcmp(rest, "Z") || !*rest : !*rest)) {
            *out = days * 86400 * per + units;
            return 0;
        }
        return mismatch(e, utc ? "a timestamp \"YYYY-MM-DDTHH:MM:SS.fffZ\" or a number since the epoch"
                               : "a local timestamp \"YYYY-MM-DDTHH:MM:SS.fff\" or a number", v);
    }
    }
}

/* "-12.345" with the schema's scale -> big-endian two's complement. */
static int enc_decimal(enc_t *e, node_t nd, json_t *v, bool fixed, int64_t fixed_size)
{
    int scale = (int)json_integer_value(json_object_get(nd.def, "scale"));
    int precision = (int)json_integer_value(json_object_get(nd.def, "precision"));
    char numbuf[64];
    const char *str = json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(numbuf, sizeof numbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        str = numbuf;
    } else if (json_is_real(v)) {
        snprintf(numbuf, sizeof numbuf, "%.*f", scale < 30 ? scale : 30, json_real_value(v));
        str = numbuf;
    }
    if (!str)
        return mismatch(e, "a decimal number (as a string, e.g. \"12.34\")", v);
    bool neg = *str == '-';
    const char *p = str + (neg || *str == '+');
    strbuf_t digits;
    sb_init(&digits);
    int frac = -1;
    for (; *p; p++) {
        if (*p == '.' && frac < 0) {
            frac = 0;
        } else if (*p >= '0' && *p <= '9') {
            sb_addc(&digits, *p);
            if (frac >= 0)
                frac++;
        } else {
            sb_free(&digits);
            return mismatch(e, "a decimal number like \"12.34\"", v);
        }
    }
    if (frac < 0)
        frac = 0;
    if (digits.len == 0) {
        sb_free(&digits);
        return mismatch(e, "a decimal number like \"12.34\"", v);
    }
    /* drop fraction digits beyond the scale only when they are zeros */
    while (frac > scale) {
        if (digits.buf[digits.len - 1] != '0') {
            sb_free(&digits);
            ks_err(e->err, "%s: expected at most %d decimal places (scale %d), got %s",
                   e->path[0] ? e->path : "(value)", scale, scale, str);
            return -1;
        }
        digits.len--;
        frac--;
    }
    for (; frac < scale; frac++)
        sb_addc(&digits, '0');
    size_t lead = 0;
    while (lead + 1 < digits.len && digits.buf[lead] == '0')
        lead++;
    if (precision > 0 && (int)(digits.len - lead) > precision && !(digits.len - lead == 1 && digits.buf[lead] == '0')) {
        sb_free(&digits);
        ks_err(e->err, "%s: expected at most %d digits (precision %d), got %s",
               e->path[0] ? e->path : "(value)", precision, precision, str);
        return -1;
    }
    /* decimal digits -> big-endian magnitude */
    size_t cap = digits.len / 2 + 2;
    unsigned char *mag = xcalloc(cap, 1);
    for (size_t i = lead; i < digits.len; i++) {
        unsigned carry = (unsigned)(digits.buf[i] - '0');
        for (size_t j = cap; j-- > 0;) {
            unsigned cur = mag[j] * 10u + carry;
            mag[j] = (unsigned char)cur;
            carry = cur >> 8;
        }
    }
    sb_free(&digits);
    if (neg) {
        for (size_t j = 0; j < cap; j++)
            mag[j] = (unsigned char)~mag[j];
        for (size_t j = cap; j-- > 0;)
            if (++mag[j] != 0)
                break;
    }
    /* shortest two's complement form */
    size_t start = 0;
    unsigned char fill = neg ? 0xFF : 0x00;
    while (start + 1 < cap && mag[start] == fill && ((mag[start + 1] & 0x80) == (fill & 0x80)))
        start++;
    size_t len = cap - start;
    if (fixed) {
        if ((int64_t)len > fixed_size) {
            free(mag);
            ks_err(e->err, "%s: %s does not fit in %" PRId64 " bytes", e->path[0] ? e->path : "(value)",
                   str, fixed_size);
            return -1;
        }
        for (int64_t k = (int64_t)len; k < fixed_size; k++)
            sb_addc(e->out, (char)fill);
    } else {
        put_long(e->out, (int64_t)len);
    }
    sb_add(e->out, mag + start, len);
    free(mag);
    return 0;
}

/* A JSON string of code points <= U+00FF -> bytes. */
static int latin1_bytes(json_t *v, strbuf_t *bytes)
{
    const unsigned char *s = (const unsigned char *)json_string_value(v);
    size_t n = json_string_length(v);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = utf8_decode(s + i, n - i, &cp);
        if (!l) {
            if (s[i] == 0) { /* jansson keeps embedded NULs as raw bytes */
                sb_addc(bytes, 0);
                i++;
                continue;
            }
            return -1;
        }
        if (cp > 0xFF)
            return -1;
        sb_addc(bytes, (char)cp);
        i += l;
    }
    return 0;
}

static int enc(enc_t *e, json_t *sn, json_t *v, int depth);

static size_t path_push(enc_t *e, const char *name, size_t idx)
{
    size_t old = strlen(e->path);
    size_t room = sizeof e->path - old;
    if (name)
        snprintf(e->path + old, room, old ? ".%s" : "%s", name);
    else
        snprintf(e->path + old, room, "[%zu]", idx);
    return old;
}

static bool union_branch_fits(enc_t *e, json_t *branch, json_t *v, int depth)
{
    size_t mark = e->out->len, plen = strlen(e->path);
    char saved[KS_ERRLEN];
    memcpy(saved, e->err, sizeof saved);
    int rc = enc(e, branch, v, depth + 1);
    if (rc) {
        e->out->len = mark;
        e->path[plen] = '\0';
        memcpy(e->err, saved, sizeof saved);
    }
    return rc == 0;
}

static const char *branch_name(const kavro_schema_t *s, json_t *b)
{
    if (json_is_string(b))
        return json_string_value(b);
    node_t nd = kavro_resolve(s, b);
    const char *nm = nd.def ? json_string_value(json_object_get(nd.def, "name")) : NULL;
    return nm ? nm : kavro_type_word(nd.t);
}

static int enc(enc_t *e, json_t *sn, json_t *v, int depth)
{
    if (depth > MAX_DEPTH)
        return ks_err(e->err, "%s: nested deeper than %d levels", e->path, MAX_DEPTH);
    node_t nd = kavro_resolve(e->s, sn);
    switch (nd.t) {
    case N_NULL:
        if (!json_is_null(v))
            return mismatch(e, "null", v);
        return 0;
    case N_BOOLEAN:
        if (!json_is_boolean(v))
            return mismatch(e, "true or false", v);
        sb_addc(e->out, json_is_true(v) ? 1 : 0);
        return 0;
    case N_INT:
    case N_LONG: {
        int64_t n = 0;
        if (nd.logical != L_NONE) {
            if (enc_logical_number(e, nd, v, &n))
                return -1;
        } else if (json_is_integer(v)) {
            n = json_integer_value(v);
        } else {
            return mismatch(e, nd.t == N_INT ? "an int (whole number)" : "a long (whole number)", v);
        }
        if (nd.t == N_INT && (n < INT32_MIN || n > INT32_MAX))
            return mismatch(e, "an int between -2147483648 and 2147483647", v);
        put_long(e->out, n);
        return 0;
    }
    case N_FLOAT:
    case N_DOUBLE: {
        double d;
        const char *str = json_string_value(v);
        if (json_is_number(v))
            d = json_number_value(v);
        else if (str && !strcmp(str, "NaN"))
            d = NAN;
        else if (str && !strcmp(str, "Infinity"))
            d = INFINITY;
        else if (str && !strcmp(str, "-Infinity"))
            d = -INFINITY;
        else
            return mismatch(e, nd.t == N_FLOAT ? "a float (number)" : "a double (number)", v);
        unsigned char b[8];
        if (nd.t == N_FLOAT) {
            float f = (float)d;
            uint32_t u;
            memcpy(&u, &f, 4);
            for (int i = 0; i < 4; i++)
                b[i] = (unsigned char)(u >> (8 * i));
            sb_add(e->out, b, 4);
        } else {
            uint64_t u;
            memcpy(&u, &d, 8);
            for (int i = 0; i < 8; i++)
                b[i] = (unsigned char)(u >> (8 * i));
            sb_add(e->out, b, 8);
        }
        return 0;
    }
    case N_STRING:
        if (!json_is_string(v))
            return mismatch(e, nd.logical == L_UUID ? "a uuid string" : "a string", v);
        put_long(e->out, (int64_t)json_string_length(v));
        sb_add(e->out, json_string_value(v), json_string_length(v));
        return 0;
    case N_BYTES:
    case N_FIXED: {
        int64_t size = nd.t == N_FIXED ? json_integer_value(json_object_get(nd.def, "size")) : -1;
        if (nd.logical == L_DECIMAL)
            return enc_decimal(e, nd, v, nd.t == N_FIXED, size);
        strbuf_t bytes;
        sb_init(&bytes);
        if (!json_is_string(v) || latin1_bytes(v, &bytes)) {
            sb_free(&bytes);
            return mismatch(e, "a string of bytes (characters U+0000..U+00FF)", v);
        }
        if (nd.t == N_FIXED && (int64_t)bytes.len != size) {
            sb_free(&bytes);
            ks_err(e->err, "%s: expected exactly %" PRId64 " bytes (fixed), got %zu",
                   e->path[0] ? e->path : "(value)", size, bytes.len);
            return -1;
        }
        if (nd.t == N_BYTES)
            put_long(e->out, (int64_t)bytes.len);
        sb_add(e->out, bytes.buf ? bytes.buf : "", bytes.len);
        sb_free(&bytes);
        return 0;
    }
    case N_ENUM: {
        json_t *syms = json_object_get(nd.def, "symbols");
        const char *str = json_string_value(v);
        size_t i;
        json_t *sym;
        const char *dflt = json_string_value(json_object_get(nd.def, "default"));
        for (int pass = 0; pass < (e->evolve && dflt ? 2 : 1); pass++) {
            const char *want = pass ? dflt : str;
            if (want)
                json_array_foreach(syms, i, sym) if (!strcmp(json_string_value(sym), want)) {
                    put_long(e->out, (int64_t)i);
                    return 0;
                }
        }
        strbuf_t want;
        sb_init(&want);
        sb_adds(&want, "one of ");
        json_array_foreach(syms, i, sym) sb_printf(&want, "%s%s", i ? ", " : "", json_string_value(sym));
        int rc = mismatch(e, want.buf, v);
        sb_free(&want);
        return rc;
    }
    case N_ARRAY: {
        if (!json_is_array(v))
            return mismatch(e, "an array", v);
        json_t *items = json_object_get(nd.def, "items");
        if (json_array_size(v)) {
            put_long(e->out, (int64_t)json_array_size(v));
            size_t i;
            json_t *x;
            json_array_foreach(v, i, x) {
                size_t old = path_push(e, NULL, i);
                if (enc(e, items, x, depth + 1))
                    return -1;
                e->path[old] = '\0';
            }
        }
        put_long(e->out, 0);
        return 0;
    }
    case N_MAP: {
        if (!json_is_object(v))
            return mismatch(e, "an object (map)", v);
        json_t *values = json_object_get(nd.def, "values");
        if (json_object_size(v)) {
            put_long(e->out, (int64_t)json_object_size(v));
            const char *k;
            json_t *x;
            json_object_foreach(v, k, x) {
                put_long(e->out, (int64_t)strlen(k));
                sb_adds(e->out, k);
                size_t old = path_push(e, k, 0);
                if (enc(e, values, x, depth + 1))
                    return -1;
                e->path[old] = '\0';
            }
        }
        put_long(e->out, 0);
        return 0;
    }
    case N_RECORD: {
        if (!json_is_object(v))
            return mismatch(e, "an object (record)", v);
        json_t *fields = json_object_get(nd.def, "fields");
        size_t i;
        json_t *f;
        json_array_foreach(fields, i, f) {
            const char *fname = json_string_value(json_object_get(f, "name"));
            json_t *x = json_object_get(v, fname);
            size_t old = path_push(e, fname, 0);
            if (!x)
                x = json_object_get(f, "default");
            if (!x) {
                ks_err(e->err, "%s: missing field (no default in the schema)", e->path);
                return -1;
            }
            if (enc(e, json_object_get(f, "type"), x, depth + 1))
                return -1;
            e->path[old] = '\0';
        }
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) {
            bool known = false;
            json_array_foreach(fields, i, f) if (!strcmp(json_string_value(json_object_get(f, "name")), k)) known = true;
            if (!known && !e->evolve) {
                size_t old = path_push(e, k, 0);
                ks_err(e->err, "%s: no such field in record %s", e->path,
                       json_string_value(json_object_get(nd.def, "name")));
                e->path[old] = '\0';
                return -1;
            }
        }
        return 0;
    }
    case N_UNION: {
        size_t nb = json_array_size(nd.def);
        size_t mark = e->out->len;
        /* tagged: {"branch name": value} */
        if (json_is_object(v) && json_object_size(v) == 1) {
            const char *k = json_object_iter_key(json_object_iter(v));
            for (size_t i = 0; i < nb; i++) {
                json_t *b = json_array_get(nd.def, i);
                const char *bn = branch_name(e->s, b);
                const char *dot = strrchr(bn, '.');
                if (!strcmp(bn, k) || (dot && !strcmp(dot + 1, k))) {
                    put_long(e->out, (int64_t)i);
                    if (union_branch_fits(e, b, json_object_iter_value(json_object_iter(v)), depth))
                        return 0;
                    e->out->len = mark;
                }
            }
        }
        for (size_t i = 0; i < nb; i++) {
            put_long(e->out, (int64_t)i);
            if (union_branch_fits(e, json_array_get(nd.def, i), v, depth))
                return 0;
            e->out->len = mark;
        }
        strbuf_t want;
        sb_init(&want);
        sb_adds(&want, "one of the union's types (");
        for (size_t i = 0; i < nb; i++)
            sb_printf(&want, "%s%s", i ? ", " : "", branch_name(e->s, json_array_get(nd.def, i)));
        sb_addc(&want, ')');
        int rc = mismatch(e, want.buf, v);
        sb_free(&want);
        return rc;
    }
    case N_BAD:
        break;
    }
    return ks_err(e->err, "%s: schema node kafscope cannot follow", e->path);
}

int kavro_encode_value(kavro_schema_t *s, json_t *v, strbuf_t *out, bool evolve, char *err)
{
    enc_t e = {s, out, "", err, evolve};
    size_t mark = out->len;
    char local[KS_ERRLEN] = "";
    e.err = local;
    if (!v)
        return ks_err(err, "no value to encode");
    int rc = enc(&e, s->json, v, 0);
    if (rc) {
        out->len = mark;
        ks_err(err, "%s", local);
    }
    return rc;
}

int kavro_encode(kavro_schema_t *s, json_t *v, strbuf_t *out, char *err)
{
    return kavro_encode_value(s, v, out, false, err);
}
