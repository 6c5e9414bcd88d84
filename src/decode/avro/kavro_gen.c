#include "decode/avro/kavro_gen.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"

#define MAX_ITEMS 3
/* Past this depth unions prefer null and collections are empty. */
#define SHALLOW_DEPTH 6
/* A schema that still recurses past this cannot end. */
#define MAX_DEPTH 100
/* Values per record: bounds a schema whose records hold several of
 * themselves (that grows exponentially before MAX_DEPTH). */
#define MAX_NODES 100000

static const char *const gen_words[] = {"margherita", "marinara", "diavola", "funghi", "calzone",
                                        "basil",      "olive",    "tomato",  "crust",  "oven"};

typedef struct {
    const kavro_schema_t *s;
    ks_rng_t *rng;
    char *err;
    long nodes;
} gen_t;

static bool is_primitive(const char *t)
{
    static const char *const p[] = {"null", "boolean", "int",   "long",  "float",
                                    "double", "bytes", "string"};
    for (size_t i = 0; i < sizeof p / sizeof *p; i++)
        if (!strcmp(t, p[i]))
            return true;
    return false;
}

static const char *logical(json_t *def)
{
    const char *lt = def ? json_string_value(json_object_get(def, "logicalType")) : NULL;
    return lt ? lt : "";
}

/* Bytes 0..255 as the code points Avro's JSON form uses for them. */
static json_t *random_bytes(gen_t *g, int64_t n)
{
    strbuf_t sb;
    sb_init(&sb);
    for (int64_t i = 0; i < n; i++) {
        unsigned b = (unsigned)rng_range(g->rng, 0, 255);
        if (b < 0x80) {
            sb_addc(&sb, (char)b);
        } else {
            sb_addc(&sb, (char)(0xC0 | (b >> 6)));
            sb_addc(&sb, (char)(0x80 | (b & 0x3F)));
        }
    }
    json_t *v = json_stringn(sb.buf ? sb.buf : "", sb.len);
    sb_free(&sb);
    return v;
}

/* A decimal "-123.45" with the schema's scale, and no more digits than its
 * precision (or a fixed's size) allows. */
static json_t *random_decimal(gen_t *g, json_t *def, int64_t fixed_size)
{
    int64_t precision = json_integer_value(json_object_get(def, "precision"));
    int64_t scale = json_integer_value(json_object_get(def, "scale"));
    int64_t digits = precision > 0 ? precision : 1;
    if (fixed_size > 0) {
        int64_t fit = (int64_t)floor((double)(8 * fixed_size - 1) * log10(2.0));
        if (fit < digits)
            digits = fit;
    }
    if (digits > 15)
        digits = 15;
    if (digits < 1)
        return json_string("0");
    int64_t max = 1;
    for (int64_t i = 0; i < digits; i++)
        max *= 10;
    int64_t unscaled = rng_range(g->rng, -(max - 1), max - 1);
    char num[32];
    snprintf(num, sizeof num, "%0*lld", (int)(scale + 1 > 1 ? scale + 1 : 1),
             (long long)(unscaled < 0 ? -unscaled : unscaled));
    strbuf_t sb;
    sb_init(&sb);
    if (unscaled < 0)
        sb_addc(&sb, '-');
    size_t len = strlen(num);
    if (scale > 0 && (size_t)scale < len) {
        sb_add(&sb, num, len - (size_t)scale);
        sb_addc(&sb, '.');
        sb_adds(&sb, num + len - (size_t)scale);
    } else {
        sb_adds(&sb, num);
    }
    json_t *v = json_stringn(sb.buf, sb.len);
    sb_free(&sb);
    return v;
}

/* A primitive, with its logical type when def (the object around it) has one. */
static json_t *primitive(gen_t *g, const char *t, json_t *def)
{
    const char *lt = logical(def);
    int64_t day_ms = 86400000, now = now_ms();
    if (!strcmp(t, "null"))
        return json_null();
    if (!strcmp(t, "boolean"))
        return json_boolean(rng_range(g->rng, 0, 1));
    if (!strcmp(t, "int")) {
        if (!strcmp(lt, "date")) /* within ten years of 1970 + 50 years */
            return json_integer(rng_range(g->rng, 18000, 21700));
        if (!strcmp(lt, "time-millis"))
            return json_integer(rng_range(g->rng, 0, day_ms - 1));
        return json_integer(rng_range(g->rng, -100000, 100000));
    }
    if (!strcmp(t, "long")) {
        if (!strcmp(lt, "time-micros"))
            return json_integer(rng_range(g->rng, 0, day_ms * 1000 - 1));
        /* timestamps within a day of now */
        if (!strcmp(lt, "timestamp-millis") || !strcmp(lt, "local-timestamp-millis"))
            return json_integer(rng_range(g->rng, now - day_ms, now + day_ms));
        if (!strcmp(lt, "timestamp-micros") || !strcmp(lt, "local-timestamp-micros"))
            return json_integer(rng_range(g->rng, (now - day_ms) * 1000, (now + day_ms) * 1000));
        return json_integer(rng_range(g->rng, -10000000000LL, 10000000000LL));
    }
    if (!strcmp(t, "float") || !strcmp(t, "double"))
        return json_real((double)rng_range(g->rng, -100000, 100000) / 100.0);
    if (!strcmp(t, "string")) {
        if (!strcmp(lt, "uuid")) {
            char buf[37];
            rng_uuid(g->rng, buf);
            return json_string(buf);
        }
        return json_string(gen_words[rng_range(g->rng, 0, sizeof gen_words / sizeof *gen_words - 1)]);
    }
    /* bytes */
    if (!strcmp(lt, "decimal"))
        return random_decimal(g, def, 0);
    return random_bytes(g, rng_range(g->rng, 0, 8));
}

static json_t *gen(gen_t *g, json_t *sn, int depth);

/* The name a tagged union value uses for a branch: a primitive's or
 * collection's type word, or a named type's short name. */
static const char *branch_tag(json_t *b)
{
    const char *name = json_string_value(b);
    if (json_is_object(b)) {
        const char *t = json_string_value(json_object_get(b, "type"));
        const char *n = json_string_value(json_object_get(b, "name"));
        name = t && (!strcmp(t, "record") || !strcmp(t, "error") || !strcmp(t, "enum") ||
                     !strcmp(t, "fixed")) ? n : t;
    }
    if (!name)
        return NULL;
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}

static json_t *gen_union(gen_t *g, json_t *branches, int depth)
{
    size_t n = json_array_size(branches);
    if (!n) {
        ks_err(g->err, "a union with no branches has no value");
        return NULL;
    }
    size_t pick = (size_t)rng_range(g->rng, 0, (int64_t)n - 1);
    if (depth >= SHALLOW_DEPTH) {
        for (size_t i = 0; i < n; i++)
            if (json_is_string(json_array_get(branches, i)) &&
                !strcmp(json_string_value(json_array_get(branches, i)), "null"))
                pick = i;
    }
    json_t *b = json_array_get(branches, pick);
    json_t *v = gen(g, b, depth + 1);
    if (!v || json_is_null(v))
        return v;
    const char *tag = branch_tag(b);
    if (!tag)
        return v;
    json_t *tagged = json_object();
    json_object_set_new(tagged, tag, v);
    return tagged;
}

static json_t *gen_complex(gen_t *g, const char *t, json_t *def, int depth)
{
    if (!strcmp(t, "record") || !strcmp(t, "error")) {
        json_t *o = json_object();
        size_t i;
        json_t *f;
        json_array_foreach(json_object_get(def, "fields"), i, f) {
            const char *name = json_string_value(json_object_get(f, "name"));
            json_t *v = gen(g, json_object_get(f, "type"), depth + 1);
            if (!v || !name) {
                json_decref(v);
                json_decref(o);
                return NULL;
            }
            json_object_set_new(o, name, v);
        }
        return o;
    }
    if (!strcmp(t, "enum")) {
        json_t *syms = json_object_get(def, "symbols");
        if (!json_array_size(syms)) {
            ks_err(g->err, "enum without symbols");
            return NULL;
        }
        return json_incref(json_array_get(syms, (size_t)rng_range(g->rng, 0,
                                                                   (int64_t)json_array_size(syms) - 1)));
    }
    if (!strcmp(t, "fixed")) {
        int64_t size = json_integer_value(json_object_get(def, "size"));
        if (!strcmp(logical(def), "decimal"))
            return random_decimal(g, def, size);
        return random_bytes(g, size);
    }
    bool map = !strcmp(t, "map");
    if (map || !strcmp(t, "array")) {
        int64_t n = depth >= SHALLOW_DEPTH ? 0 : rng_range(g->rng, 0, MAX_ITEMS);
        json_t *c = map ? json_object() : json_array();
        json_t *item = json_object_get(def, map ? "values" : "items");
        for (int64_t i = 0; i < n; i++) {
            json_t *v = gen(g, item, depth + 1);
            if (!v) {
                json_decref(c);
                return NULL;
            }
            if (map) {
                char key[32];
                snprintf(key, sizeof key, "key%lld", (long long)i);
                json_object_set_new(c, key, v);
            } else {
                json_array_append_new(c, v);
            }
        }
        return c;
    }
    ks_err(g->err, "unknown Avro type '%.60s'", t);
    return NULL;
}

static json_t *gen(gen_t *g, json_t *sn, int depth)
{
    if (++g->nodes > MAX_NODES) {
        ks_err(g->err, "a value of this schema has more than %d parts (a record that always "
               "contains itself?)", MAX_NODES);
        return NULL;
    }
    if (depth > MAX_DEPTH) {
        ks_err(g->err, "the schema nests deeper than %d levels without a way out (a record that "
               "always contains itself?)", MAX_DEPTH);
        return NULL;
    }
    /* follow references and {"type": {...}} wrappers to the definition */
    for (int hops = 0; hops < 64; hops++) {
        if (json_is_array(sn))
            return gen_union(g, sn, depth);
        if (json_is_string(sn)) {
            const char *t = json_string_value(sn);
            if (is_primitive(t))
                return primitive(g, t, NULL);
            json_t *def = kavro_schema_named(g->s, t);
            if (!def) {
                ks_err(g->err, "unknown type '%.60s'", t);
                return NULL;
            }
            sn = def;
            continue;
        }
        json_t *t = json_object_get(sn, "type");
        const char *ts = json_string_value(t);
        if (ts && is_primitive(ts))
            return primitive(g, ts, sn);
        if (ts && (!strcmp(ts, "record") || !strcmp(ts, "error") || !strcmp(ts, "enum") ||
                   !strcmp(ts, "fixed") || !strcmp(ts, "array") || !strcmp(ts, "map")))
            return gen_complex(g, ts, sn, depth);
        if (!t)
            break;
        sn = t;
    }
    ks_err(g->err, "a schema node kafscope cannot follow");
    return NULL;
}

json_t *kavro_generate(const kavro_schema_t *s, ks_rng_t *rng, char *err)
{
    gen_t g = {s, rng, err, 0};
    return gen(&g, kavro_schema_json(s), 0);
}
