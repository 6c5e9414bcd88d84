#include "decode/kavro.h"

#include <avro.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/kavro_internal.h"
#include "sanitize.h"

/* --- the JSON side of a schema ----------------------------------------- */

static bool is_primitive(const char *t)
{
    static const char *const prim[] = {"null", "boolean", "int", "long", "float",
                                       "double", "bytes", "string"};
    for (size_t i = 0; i < sizeof prim / sizeof *prim; i++)
        if (!strcmp(t, prim[i]))
            return true;
    return false;
}

static char *full_name(const char *name, const char *ns)
{
    if (strchr(name, '.') || !ns || !*ns)
        return xstrdup(name);
    return xasprintf("%s.%s", ns, name);
}

static ntype_t prim_type(const char *t);

/* Registers named types and rewrites references to full names, so later
 * walks need no namespace context. */
static void normalize(json_t *node, const char *ns, json_t *names, json_t *parent, const char *key,
                      size_t index)
{
    if (json_is_string(node)) {
        const char *t = json_string_value(node);
        if (is_primitive(t) || strchr(t, '.'))
            return;
        char *fn = full_name(t, ns);
        if (json_object_get(names, fn) && parent) {
            if (json_is_object(parent))
                json_object_set_new(parent, key, json_string(fn));
            else
                json_array_set_new(parent, index, json_string(fn));
        }
        free(fn);
        return;
    }
    if (json_is_array(node)) {
        size_t i;
        json_t *e;
        json_array_foreach(node, i, e) normalize(e, ns, names, node, NULL, i);
        return;
    }
    if (!json_is_object(node))
        return;
    const char *type = json_string_value(json_object_get(node, "type"));
    char *myns = NULL;
    if (type && (!strcmp(type, "record") || !strcmp(type, "error") || !strcmp(type, "enum") ||
                 !strcmp(type, "fixed"))) {
        const char *name = json_string_value(json_object_get(node, "name"));
        const char *explicit_ns = json_string_value(json_object_get(node, "namespace"));
        if (name) {
            const char *dot = strrchr(name, '.');
            if (dot)
                myns = xstrndup(name, (size_t)(dot - name));
            else
                myns = xstrdup(explicit_ns ? explicit_ns : ns ? ns : "");
            char *fn = full_name(name, myns);
            json_object_set(names, fn, node);
            free(fn);
        }
    }
    const char *cns = myns ? myns : ns;
    json_t *t = json_object_get(node, "type");
    if (json_is_object(t) || json_is_array(t) || (json_is_string(t) && prim_type(type) == N_BAD))
        normalize(t, cns, names, node, "type", 0);
    json_t *items = json_object_get(node, "items");
    if (items)
        normalize(items, cns, names, node, "items", 0);
    json_t *values = json_object_get(node, "values");
    if (values)
        normalize(values, cns, names, node, "values", 0);
    json_t *fields = json_object_get(node, "fields");
    if (json_is_array(fields)) {
        size_t i;
        json_t *f;
        json_array_foreach(fields, i, f) {
            json_t *ft = json_object_get(f, "type");
            if (ft)
                normalize(ft, cns, names, f, "type", 0);
        }
    }
    free(myns);
}


static ntype_t prim_type(const char *t)
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
            if (is_primitive(t)) {
                r.t = prim_type(t);
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
            ntype_t nt = prim_type(ts);
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

static const char *type_word(ntype_t t)
{
    static const char *const w[] = {"null", "boolean", "int", "long", "float", "double", "bytes",
                                    "string", "record", "enum", "fixed", "array", "map", "union",
                                    "?"};
    return w[t];
}

/* --- loading ------------------------------------------------------------ */

static bool json_contains_logical(json_t *n)
{
    if (json_is_object(n)) {
        if (json_object_get(n, "logicalType"))
            return true;
        const char *k;
        json_t *v;
        json_object_foreach(n, k, v) if (json_contains_logical(v)) return true;
    } else if (json_is_array(n)) {
        size_t i;
        json_t *v;
        json_array_foreach(n, i, v) if (json_contains_logical(v)) return true;
    }
    return false;
}

kavro_schema_t *kavro_schema_parse(const char *text, size_t len, char *err)
{
    json_error_t je;
    json_t *j = json_loadb(text, len, JSON_DECODE_ANY, &je);
    if (!j) {
        ks_err(err, "schema is not valid JSON: %s (line %d, column %d)", je.text, je.line,
               je.column);
        return NULL;
    }
    char *compact = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
    avro_schema_t schema = NULL;
    if (!compact || avro_schema_from_json_length(compact, strlen(compact), &schema)) {
        const char *why = avro_strerror();
        ks_err(err, "invalid Avro schema: %s", why && *why ? why : "not accepted by avro-c");
        free(compact);
        json_decref(j);
        return NULL;
    }
    (void)json_contains_logical;
    kavro_schema_t *s = xcalloc(1, sizeof *s);
    atomic_init(&s->refs, 1);
    s->schema = schema;
    s->json = j;
    s->names = json_object();
    s->text = compact;
    normalize(j, NULL, s->names, NULL, NULL, 0);
    s->iface = avro_generic_class_from_schema(schema);
    if (!s->iface) {
        ks_err(err, "invalid Avro schema: %s", avro_strerror());
        kavro_schema_free(s);
        return NULL;
    }
    node_t top = kavro_resolve(s, j);
    const char *nm = top.def ? json_string_value(json_object_get(top.def, "name")) : NULL;
    if (nm && (top.t == N_RECORD || top.t == N_ENUM || top.t == N_FIXED)) {
        const char *ns = json_string_value(json_object_get(top.def, "namespace"));
        s->name = full_name(nm, ns);
    } else {
        s->name = xstrdup(type_word(top.t));
    }
    s->prog = kavro_prog_new(s);
    return s;
}

kavro_schema_t *kavro_schema_load_file(const char *path, char *err)
{
    size_t len;
    char *text = file_read_text(path, 16u << 20, &len);
    if (!text) {
        ks_err(err, "cannot read schema %s: %s", path, strerror(errno));
        return NULL;
    }
    char e2[KS_ERRLEN];
    kavro_schema_t *s = kavro_schema_parse(text, len, e2);
    if (!s)
        ks_err(err, "%s: %s", path, e2);
    free(text);
    return s;
}

kavro_schema_t *kavro_schema_ref(kavro_schema_t *s)
{
    atomic_fetch_add(&s->refs, 1);
    return s;
}

void kavro_schema_free(kavro_schema_t *s)
{
    if (!s || atomic_fetch_sub(&s->refs, 1) > 1)
        return;
    kavro_prog_free(s->prog);
    if (s->iface)
        avro_value_iface_decref(s->iface);
    avro_schema_decref(s->schema);
    json_decref(s->names);
    json_decref(s->json);
    free(s->name);
    free(s->text);
    free(s);
}

const char *kavro_schema_name(const kavro_schema_t *s) { return s->name; }
const char *kavro_schema_text(const kavro_schema_t *s) { return s->text; }
json_t *kavro_schema_json(const kavro_schema_t *s) { return s->json; }
json_t *kavro_schema_named(const kavro_schema_t *s, const char *name)
{
    return json_object_get(s->names, name);
}

/* --- checking bytes against the writer schema --------------------------- */

int kavro_read_long(cursor_t *c, int64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (c->pos >= c->n)
            return ks_err(c->err, "truncated: the data ends inside a number at byte %zu", c->pos);
        unsigned char b = c->p[c->pos++];
        v |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            *out = (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
            return 0;
        }
    }
    return ks_err(c->err, "invalid number at byte %zu (more than 10 bytes)", c->pos);
}

int kavro_need(cursor_t *c, int64_t len, const char *what)
{
    if (len < 0)
        return ks_err(c->err, "invalid %s length %" PRId64 " at byte %zu", what, len, c->pos);
    if ((uint64_t)len > c->n - c->pos)
        return ks_err(c->err,
                      "truncated: %s of %" PRId64 " bytes at byte %zu, only %zu bytes left", what,
                      len, c->pos, c->n - c->pos);
    c->pos += (size_t)len;
    return 0;
}

static int check(const kavro_schema_t *s, json_t *sn, cursor_t *c, int depth);

int kavro_block_count(cursor_t *c, int64_t *count)
{
    if (kavro_read_long(c, count))
        return -1;
    if (*count < 0) {
        if (*count == INT64_MIN)
            return ks_err(c->err, "invalid block count at byte %zu", c->pos);
        *count = -*count;
        int64_t size = 0;
        if (kavro_read_long(c, &size))
            return -1;
        if (size < 0 || (uint64_t)size > c->n - c->pos)
            return ks_err(c->err, "truncated: block of %" PRId64 " bytes at byte %zu", size,
                          c->pos);
    }
    return 0;
}

int kavro_item_end(cursor_t *c, size_t start)
{
    if (c->pos == start && ++c->zero_items > MAX_ZERO_SIZE_ITEMS)
        return ks_err(c->err, "more than %d empty items in one value", MAX_ZERO_SIZE_ITEMS);
    return 0;
}

static int check_blocks(const kavro_schema_t *s, json_t *item, bool map, cursor_t *c, int depth)
{
    for (;;) {
        int64_t count = 0;
        if (kavro_block_count(c, &count))
            return -1;
        if (count == 0)
            return 0;
        for (int64_t i = 0; i < count; i++) {
            size_t start = c->pos;
            int64_t klen = 0;
            if ((map && (kavro_read_long(c, &klen) || kavro_need(c, klen, "map key"))) ||
                check(s, item, c, depth + 1) || kavro_item_end(c, start))
                return -1;
        }
    }
}

static int check(const kavro_schema_t *s, json_t *sn, cursor_t *c, int depth)
{
    if (depth > MAX_DEPTH)
        return ks_err(c->err, "nested deeper than %d levels", MAX_DEPTH);
    node_t nd = kavro_resolve(s, sn);
    int64_t v = 0;
    switch (nd.t) {
    case N_NULL:
        return 0;
    case N_BOOLEAN:
        if (c->pos >= c->n)
            return ks_err(c->err, "truncated: boolean expected at byte %zu", c->pos);
        if (c->p[c->pos] > 1)
            return ks_err(c->err, "invalid boolean byte 0x%02x at byte %zu", c->p[c->pos], c->pos);
        c->pos++;
        return 0;
    case N_INT:
        if (kavro_read_long(c, &v))
            return -1;
        if (v < INT32_MIN || v > INT32_MAX)
            return ks_err(c->err, "int out of range at byte %zu", c->pos);
        return 0;
    case N_LONG:
        return kavro_read_long(c, &v);
    case N_FLOAT:
        return kavro_need(c, 4, "float");
    case N_DOUBLE:
        return kavro_need(c, 8, "double");
    case N_BYTES:
    case N_STRING:
        if (kavro_read_long(c, &v))
            return -1;
        return kavro_need(c, v, nd.t == N_BYTES ? "bytes" : "string");
    case N_FIXED:
        return kavro_need(c, json_integer_value(json_object_get(nd.def, "size")), "fixed");
    case N_ENUM: {
        if (kavro_read_long(c, &v))
            return -1;
        json_t *syms = json_object_get(nd.def, "symbols");
        if (v < 0 || (size_t)v >= json_array_size(syms))
            return ks_err(c->err, "enum index %" PRId64 " out of range (%zu symbols)", v,
                          json_array_size(syms));
        return 0;
    }
    case N_UNION:
        if (kavro_read_long(c, &v))
            return -1;
        if (v < 0 || (size_t)v >= json_array_size(nd.def))
            return ks_err(c->err, "union branch %" PRId64 " out of range (%zu branches) at byte %zu",
                          v, json_array_size(nd.def), c->pos);
        return check(s, json_array_get(nd.def, (size_t)v), c, depth + 1);
    case N_RECORD: {
        size_t i;
        json_t *f;
        json_array_foreach(json_object_get(nd.def, "fields"), i, f) {
            if (check(s, json_object_get(f, "type"), c, depth + 1))
                return -1;
        }
        return 0;
    }
    case N_ARRAY:
        return check_blocks(s, json_object_get(nd.def, "items"), false, c, depth);
    case N_MAP:
        return check_blocks(s, json_object_get(nd.def, "values"), true, c, depth);
    case N_BAD:
        break;
    }
    return ks_err(c->err, "schema node kafscope cannot follow");
}

/* --- avro value -> readable JSON ----------------------------------------- */

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int64_t floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

bool kavro_fmt_date(int64_t days, char *buf, size_t size)
{
    int y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        return false; /* no readable form: the number */
    snprintf(buf, size, "%04d-%02u-%02u", y, m, d);
    return true;
}

/* Time of day from a count of units (1000 or 1000000 per second). */
static void fmt_clock(char *buf, size_t size, int64_t units, int64_t per_sec)
{
    int64_t secs = units / per_sec, frac = units % per_sec;
    snprintf(buf, size, "%02d:%02d:%02d.%0*" PRId64, (int)(secs / 3600), (int)(secs / 60 % 60),
             (int)(secs % 60), per_sec == 1000 ? 3 : 6, frac);
}

bool kavro_fmt_time(int64_t units, int64_t per_sec, char *buf, size_t size)
{
    if (units < 0 || units >= 86400 * per_sec)
        return false; /* not a time of day: show the number */
    fmt_clock(buf, size, units, per_sec);
    return true;
}

bool kavro_fmt_timestamp(int64_t units, int64_t per_sec, bool utc, char *buf, size_t size)
{
    int64_t day_units = 86400 * per_sec;
    int64_t days = floordiv(units, day_units);
    int64_t rem = units - days * day_units;
    int y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        return false;
    char clock[40];
    fmt_clock(clock, sizeof clock, rem, per_sec);
    snprintf(buf, size, "%04d-%02u-%02uT%s%s", y, m, d, clock, utc ? "Z" : "");
    return true;
}

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

/* Big-endian two's complement unscaled value -> "123.45". */
void kavro_fmt_decimal(strbuf_t *sb, const unsigned char *p, size_t n, int scale)
{
    if (n == 0) {
        sb_addc(sb, '0');
        return;
    }
    bool neg = p[0] & 0x80;
    unsigned char *mag = xmalloc(n);
    for (size_t i = 0; i < n; i++)
        mag[i] = neg ? (unsigned char)~p[i] : p[i];
    if (neg) /* two's complement: invert and add one */
        for (size_t i = n; i-- > 0;)
            if (++mag[i] != 0)
                break;
    /* repeated division by 10 */
    if (scale < 0 || scale > 1000)
        scale = 0;
    char *digits = xmalloc(n * 3 + (size_t)scale + 2);
    size_t nd = 0;
    bool nonzero = true;
    while (nonzero) {
        unsigned rem = 0;
        nonzero = false;
        for (size_t i = 0; i < n; i++) {
            unsigned cur = rem * 256 + mag[i];
            mag[i] = (unsigned char)(cur / 10);
            rem = cur % 10;
            if (mag[i])
                nonzero = true;
        }
        digits[nd++] = (char)('0' + rem);
    }
    free(mag);
    if (neg)
        sb_addc(sb, '-');
    size_t sc = (size_t)scale;
    while (nd <= sc)
        digits[nd++] = '0';
    for (size_t i = nd; i-- > 0;) {
        sb_addc(sb, digits[i]);
        if (i == sc && sc > 0)
            sb_addc(sb, '.');
    }
    free(digits);
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
        const char *sym = avro_schema_enum_get(es, e);
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
    avro_value_iface_t *iface = avro_resolved_reader_new(writer->schema, reader->schema);
    if (!iface)
        return ks_err(err, "reader schema %s cannot read data written with %s: %s", reader->name,
                      writer->name, avro_strerror());
    avro_value_iface_decref(iface);
    return 0;
}

static int encode(kavro_schema_t *s, json_t *v, strbuf_t *out, bool evolve, char *err);

/* avro-c's resolver does not fill reader fields from their defaults; when
 * it refuses, the value goes through JSON: read with the writer's schema,
 * re-encoded with the reader's (unknown fields dropped, defaults filled,
 * unknown enum symbols mapped to the enum's default), read again. */
static int evolve_via_json(kavro_schema_t *writer, kavro_schema_t *reader, avro_value_t *wv,
                           json_t **out, char *err)
{
    char why[KS_ERRLEN];
    snprintf(why, sizeof why, "%s", avro_strerror());
    json_t *mid = to_json(writer, writer->json, wv, 0);
    strbuf_t bin;
    sb_init(&bin);
    char e2[KS_ERRLEN];
    int rc = encode(reader, mid, &bin, true, e2);
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
    if (check(writer, writer->json, &c, 0))
        return -1;
    if (c.pos != n)
        return ks_err(err, "%zu bytes left over after the Avro value (%zu bytes): not written with "
                      "this schema?", n - c.pos, c.pos);
    avro_reader_t r = avro_reader_memory(p, (int64_t)n);
    avro_value_t wv;
    if (avro_generic_value_new(writer->iface, &wv)) {
        avro_reader_free(r);
        return ks_err(err, "avro-c: %s", avro_strerror());
    }
    int rc = 0;
    if (avro_value_read(r, &wv)) {
        rc = ks_err(err, "cannot read Avro data: %s", avro_strerror());
    } else if (reader && reader != writer) {
        avro_value_iface_t *ri = avro_resolved_reader_new(writer->schema, reader->schema);
        if (!ri) {
            rc = evolve_via_json(writer, reader, &wv, out, err);
        } else {
            avro_value_t rv;
            if (avro_resolved_reader_new_value(ri, &rv)) {
                rc = ks_err(err, "avro-c: %s", avro_strerror());
            } else {
                avro_resolved_reader_set_source(&rv, &wv);
                *out = to_json(reader, reader->json, &rv, 0);
                avro_value_decref(&rv);
            }
            avro_value_iface_decref(ri);
        }
    } else {
        *out = to_json(writer, writer->json, &wv, 0);
    }
    avro_value_decref(&wv);
    avro_reader_free(r);
    if (rc == 0 && !*out)
        rc = ks_err(err, "cannot represent the Avro value as JSON");
    return rc;
}

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
    *days = days_from_civil(y, (unsigned)m, (unsigned)d);
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
    return nm ? nm : type_word(nd.t);
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

static int encode(kavro_schema_t *s, json_t *v, strbuf_t *out, bool evolve, char *err)
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
    return encode(s, v, out, false, err);
}
