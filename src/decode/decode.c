#include "decode/decode.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/connect_envelope.h"
#include "decode/json_compact.h"
#include "decode/json_scan.h"
#include "decode/avro/kavro.h"
#include "decode/registry.h"
#include "base/sanitize.h"

typedef enum { D_AUTO, D_TEXT, D_JSON, D_HEX, D_AVRO, D_REGISTRY } dname_t;
static const char *const dnames[] = {"auto", "text", "json", "hex", "avro", "registry"};

typedef struct {
    char *topic; /* glob */
    bool key;
    dname_t name;
    char *file;
    kavro_schema_t *schema; /* D_AVRO */
} rule_t;

struct ks_decoders {
    pthread_mutex_t lock;
    const ks_registry_conf_t *reg; /* the session config's, read when first needed */
    rule_t *rules;
    int nrules;
    ks_registry_t *registry;
};

ks_decoders_t *decoders_new(const struct ks_registry_conf *reg)
{
    ks_decoders_t *d = xcalloc(1, sizeof *d);
    pthread_mutex_init(&d->lock, NULL);
    d->reg = reg;
    return d;
}

void decoders_free(ks_decoders_t *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->nrules; i++) {
        free(d->rules[i].topic);
        free(d->rules[i].file);
        kavro_schema_free(d->rules[i].schema);
    }
    free(d->rules);
    registry_free(d->registry);
    pthread_mutex_destroy(&d->lock);
    free(d);
}

static void add_rule(ks_decoders_t *d, const char *topic, bool key, dname_t name,
                     const char *file, kavro_schema_t *schema)
{
    pthread_mutex_lock(&d->lock);
    /* a later setting for the same pattern replaces the earlier one */
    for (int i = 0; i < d->nrules; i++) {
        if (d->rules[i].key == key && !strcmp(d->rules[i].topic, topic)) {
            free(d->rules[i].topic);
            free(d->rules[i].file);
            kavro_schema_free(d->rules[i].schema);
            memmove(&d->rules[i], &d->rules[i + 1], (size_t)(d->nrules - i - 1) * sizeof *d->rules);
            d->nrules--;
            break;
        }
    }
    d->rules = xrealloc(d->rules, (size_t)(d->nrules + 1) * sizeof *d->rules);
    rule_t *r = &d->rules[d->nrules++];
    r->topic = xstrdup(topic);
    r->key = key;
    r->name = name;
    r->file = file ? xstrdup(file) : NULL;
    r->schema = schema;
    pthread_mutex_unlock(&d->lock);
}

int decoders_set(ks_decoders_t *d, const char *topic, bool key, const char *spec, char *err)
{
    while (*spec == ' ')
        spec++;
    size_t wl = strcspn(spec, " :");
    const char *arg = spec + wl;
    while (*arg == ' ' || *arg == ':')
        arg++;
    int name = -1;
    for (int i = 0; i < (int)(sizeof dnames / sizeof *dnames); i++)
        if (strlen(dnames[i]) == wl && !strncmp(spec, dnames[i], wl))
            name = i;
    if (name < 0)
        return ks_err(err, "unknown decoder '%.*s' (expected auto, text, json, hex, avro FILE.avsc "
                      "or registry)", (int)wl, spec);
    if (name == D_AVRO && !*arg)
        return ks_err(err, "decoder avro needs a schema file: avro FILE.avsc");
    if (name != D_AVRO && *arg)
        return ks_err(err, "decoder %s takes no argument (got '%s')", dnames[name], arg);
    kavro_schema_t *schema = NULL;
    if (name == D_AVRO && !(schema = kavro_schema_load_file(arg, err)))
        return -1;
    add_rule(d, topic, key, (dname_t)name, name == D_AVRO ? arg : NULL, schema);
    return 0;
}

int decoders_preset_avro_text(ks_decoders_t *d, const char *topic, bool key, const char *label,
                              const char *schema_text, char *err)
{
    kavro_schema_t *schema = kavro_schema_parse(schema_text, strlen(schema_text), err);
    if (!schema)
        return -1;
    pthread_mutex_lock(&d->lock);
    bool taken = false;
    for (int i = 0; i < d->nrules && !taken; i++)
        taken = d->rules[i].key == key && !strcmp(d->rules[i].topic, topic);
    if (taken) {
        pthread_mutex_unlock(&d->lock);
        kavro_schema_free(schema);
        return 0;
    }
    /* first in the list: every other setting that matches ranks above it */
    d->rules = xrealloc(d->rules, (size_t)(d->nrules + 1) * sizeof *d->rules);
    memmove(&d->rules[1], &d->rules[0], (size_t)d->nrules * sizeof *d->rules);
    d->nrules++;
    d->rules[0] = (rule_t){xstrdup(topic), key, D_AVRO, xstrdup(label), schema};
    pthread_mutex_unlock(&d->lock);
    return 0;
}

json_t *decoders_list(ks_decoders_t *d)
{
    json_t *a = json_array();
    pthread_mutex_lock(&d->lock);
    for (int i = 0; i < d->nrules; i++) {
        rule_t *r = &d->rules[i];
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o}", "topic", r->topic, "part",
                                           r->key ? "key" : "value", "decoder", dnames[r->name],
                                           "schema", r->file ? json_string(r->file) : json_null()));
    }
    pthread_mutex_unlock(&d->lock);
    return a;
}

static ks_registry_t *registry_locked(ks_decoders_t *d, char *err)
{
    if (d->registry)
        return d->registry;
    if (!d->reg || !d->reg->url || !*d->reg->url) {
        ks_err(err, "no schema registry configured (set schema.registry.url with -X or in the "
               "config file)");
        return NULL;
    }
    d->registry = registry_new(d->reg->url, d->reg->auth,
                               d->reg->timeout_ms);
    return d->registry;
}

ks_registry_t *decoders_registry(ks_decoders_t *d, char *err)
{
    pthread_mutex_lock(&d->lock);
    ks_registry_t *r = registry_locked(d, err);
    pthread_mutex_unlock(&d->lock);
    return r;
}

/* The rule for topic/part: the most recent matching one. */
static rule_t *rule_for(ks_decoders_t *d, const char *topic, bool key)
{
    for (int i = d->nrules; i-- > 0;)
        if (d->rules[i].key == key && glob_match(d->rules[i].topic, topic))
            return &d->rules[i];
    return NULL;
}

struct kavro_schema *decoders_avro_schema(ks_decoders_t *d, const char *topic, bool key)
{
    pthread_mutex_lock(&d->lock);
    rule_t *r = rule_for(d, topic, key);
    kavro_schema_t *s = r && r->name == D_AVRO && r->schema ? kavro_schema_ref(r->schema) : NULL;
    pthread_mutex_unlock(&d->lock);
    return s;
}

/* The schema id of Confluent-framed bytes (magic 0, then 4 bytes big-endian). */
static int32_t framed_id(const unsigned char *p)
{
    return (int32_t)((uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 8 | p[4]);
}

static void note(strbuf_t *errs, const char *decoder, const char *why)
{
    sb_printf(errs, "%s%s: %s", errs->len ? "\n" : "", decoder, why);
}

/* A decoded Avro value: its JSON text (in text) and the schema naming it. */
static void set_avro(decode_result_t *out, const strbuf_t *text, kavro_schema_t *s,
                     const char *decoder)
{
    out->kind = DK_AVRO;
    out->text = text->buf ? text->buf : "";
    out->text_len = text->len;
    out->schema = kavro_schema_ref(s);
    out->schema_name = kavro_schema_name(s);
    out->decoder = decoder;
}

/* Confluent framing: magic byte 0, big-endian schema id, Avro. Returns 1
 * when decoded, 0 when the bytes are not framed, -1 when framed but not
 * decodable (errs says why). */
static int try_registry(ks_decoders_t *d, const unsigned char *p, size_t n,
                        kavro_schema_t *reader, strbuf_t *text, decode_result_t *out,
                        strbuf_t *errs)
{
    if (n < 5 || p[0] != 0) {
        note(errs, "registry", n < 5 ? "too short for the Confluent framing (5 bytes)"
                                     : "no Confluent framing (first byte is not 0)");
        return 0;
    }
    int32_t id = framed_id(p);
    out->schema_id = id;
    char err[KS_ERRLEN];
    ks_registry_t *reg = registry_locked(d, err);
    kavro_schema_t *s = NULL;
    if (!reg || registry_schema_by_id(reg, id, &s, err)) {
        char why[KS_ERRLEN + 64];
        if (!strncmp(err, "schema id ", 10))
            snprintf(why, sizeof why, "%s", err);
        else
            snprintf(why, sizeof why, "schema id %d: %s", (int)id, err);
        note(errs, "registry", why);
        return -1;
    }
    sb_reset(text);
    int rc = kavro_decode_text(s, reader, p + 5, n - 5, text, err);
    if (rc) {
        char why[KS_ERRLEN + 64];
        snprintf(why, sizeof why, "schema id %d (%s): %s", (int)id, kavro_schema_name(s), err);
        note(errs, "registry", why);
        kavro_schema_free(s);
        return -1;
    }
    set_avro(out, text, reader ? reader : s, "registry");
    kavro_schema_free(s);
    return 1;
}

static int try_avro(rule_t *r, const unsigned char *p, size_t n, strbuf_t *text,
                    decode_result_t *out, strbuf_t *errs)
{
    char err[KS_ERRLEN];
    sb_reset(text);
    if (kavro_decode_text(r->schema, NULL, p, n, text, err)) {
        char why[KS_ERRLEN + 300];
        snprintf(why, sizeof why, "%s (%s): %s", r->file, kavro_schema_name(r->schema), err);
        note(errs, "avro", why);
        return -1;
    }
    set_avro(out, text, r->schema, "avro");
    return 1;
}

/* JSON: with tree, parsed by jansson; without, checked by json_scan (which
 * accepts the same texts) and kept as the bytes. */
/* Cheap test on scanned JSON for what connect_envelope_split checks on a
 * tree: an object with "schema" and "payload" members. */
static bool maybe_connect_envelope(const unsigned char *p, size_t n, unsigned info)
{
    size_t off, len;
    return (info & JSON_SCAN_CONTAINER) &&
           json_scan_member((const char *)p, n, "payload", &off, &len) &&
           json_scan_member((const char *)p, n, "schema", &off, &len);
}

static int try_json(const unsigned char *p, size_t n, bool any, bool tree, decode_result_t *out,
                    strbuf_t *errs)
{
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (!any && (i == n || (p[i] != '{' && p[i] != '['))) {
        note(errs, "json", "not a JSON object or array");
        return 0;
    }
    unsigned info = 0;
    if (!tree && json_scan(p, n, &info)) {
        if (!maybe_connect_envelope(p, n, info)) {
            out->kind = DK_JSON;
            out->decoder = "json";
            if (!(info & (JSON_SCAN_PADDED | JSON_SCAN_MULTILINE))) {
                out->text = (const char *)p;
                out->text_len = n;
            }
            return 1;
        }
        tree = true; /* Connect's envelope is shown by its payload: that needs the tree */
    }
    /* (without a tree, jansson runs only to say why the bytes are not JSON) */
    json_error_t je;
    json_t *j = json_loadb((const char *)p, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
    if (!j || !tree) {
        json_decref(j);
        if (j) /* cannot happen while json_scan and jansson agree */
            snprintf(je.text, sizeof je.text, "refused by the JSON scanner");
        char why[300];
        /* jansson's "maximum parsing depth reached" does not say the depth:
         * a hostile [[[[... is told apart from broken JSON, with the limit */
        if (!j && json_error_code(&je) == json_error_stack_overflow)
            snprintf(why, sizeof why, "nested deeper than %d levels at byte %d",
                     JSON_SCAN_MAX_DEPTH, je.position);
        else
            snprintf(why, sizeof why, "invalid JSON at byte %d: %s", je.position, je.text);
        note(errs, "json", why);
        return -1;
    }
    out->kind = DK_JSON;
    out->json = j;
    out->decoder = "json";
    if (connect_envelope_split(j, &out->connect_schema, &out->connect_payload))
        out->decoder = "connect-json";
    return 1;
}

/* Fetches the writer's schema of framed bytes into the registry's cache
 * before the decoder set is locked: the HTTP request (up to the registry
 * timeout) then runs with no lock of ours held, so a slow registry does not
 * stall the decoding of other records and topics, which needs the lock.
 * Decoding under the lock then finds the schema (or the failure) cached. */
static void prefetch_schema(ks_decoders_t *d, const char *topic, bool key, const unsigned char *p)
{
    char err[KS_ERRLEN];
    pthread_mutex_lock(&d->lock);
    rule_t *r = rule_for(d, topic, key);
    dname_t name = r ? r->name : D_AUTO;
    ks_registry_t *reg = name == D_AUTO || name == D_REGISTRY || name == D_AVRO
                             ? registry_locked(d, err)
                             : NULL;
    pthread_mutex_unlock(&d->lock);
    int32_t id = framed_id(p);
    kavro_schema_t *s = NULL;
    if (reg && registry_schema_by_id(reg, id, &s, err) == 0)
        kavro_schema_free(s);
}

static void decode_core(ks_decoders_t *d, const char *topic, bool key, const void *bytes,
                        size_t n, strbuf_t *text, bool tree, decode_result_t *out)
{
    memset(out, 0, sizeof *out);
    out->schema_id = -1;
    if (!bytes) {
        out->kind = DK_NULL;
        out->decoder = "null";
        return;
    }
    const unsigned char *p = bytes;
    strbuf_t errs;
    sb_init(&errs);
    dname_t name = D_AUTO;
    int rc = 0;
    if (d && d->reg && d->reg->url && n >= 5 && p[0] == 0)
        prefetch_schema(d, topic, key, p);
    if (d) {
        pthread_mutex_lock(&d->lock);
        rule_t *r = rule_for(d, topic, key);
        name = r ? r->name : D_AUTO;
        switch (name) {
        case D_AUTO:
            if (d->reg && d->reg->url) {
                rc = try_registry(d, p, n, NULL, text, out, &errs);
                out->failed = rc < 0;
            }
            break;
        case D_REGISTRY:
            rc = try_registry(d, p, n, NULL, text, out, &errs);
            out->failed = rc <= 0;
            break;
        case D_AVRO:
            /* framed data is read with the writer's schema from the registry
             * and the local file as the reader's (schema evolution); other
             * data with the local schema alone */
            if (d->reg && d->reg->url && n >= 5 && p[0] == 0)
                rc = try_registry(d, p, n, r->schema, text, out, &errs);
            if (rc <= 0) {
                out->schema_id = -1;
                rc = try_avro(r, p, n, text, out, &errs);
            }
            out->failed = rc < 0;
            break;
        default:
            break;
        }
        pthread_mutex_unlock(&d->lock);
    }
    if (rc <= 0 && name == D_AUTO && d && d->reg && !d->reg->url && n >= 5 && p[0] == 0) {
        /* looks framed, but nobody told us where the registry is */
        int32_t id = framed_id(p);
        char why[200];
        snprintf(why, sizeof why, "looks like Confluent Avro (schema id %d), but no "
                 "schema.registry.url is set", (int)id);
        note(&errs, "registry", why);
    }
    if (rc <= 0 && (name == D_AUTO || name == D_JSON)) {
        int jr = try_json(p, n, name == D_JSON, tree, out, &errs);
        if (jr > 0) {
            out->failed = false;
            rc = 1;
        } else if (name == D_JSON) {
            out->failed = true;
        }
    }
    if (rc <= 0) {
        if (name == D_HEX) {
            out->kind = DK_HEX;
            out->decoder = "hex";
        } else if (utf8_valid(p, n)) {
            out->kind = DK_TEXT;
            out->decoder = "text";
        } else {
            out->kind = DK_BINARY;
            out->decoder = "binary";
            if (name == D_TEXT)
                note(&errs, "text", "not valid UTF-8");
        }
    }
    out->errors = errs.len ? sb_steal(&errs) : NULL;
    sb_free(&errs);
}

void decode_part_text(ks_decoders_t *d, const char *topic, bool key, const void *p, size_t n,
                      strbuf_t *scratch, decode_result_t *out)
{
    sb_reset(scratch);
    decode_core(d, topic, key, p, n, scratch, false, out);
}

void decode_part(ks_decoders_t *d, const char *topic, bool key, const void *p, size_t n,
                 decode_result_t *out)
{
    strbuf_t text;
    sb_init(&text);
    decode_core(d, topic, key, p, n, &text, true, out);
    if (out->kind == DK_AVRO) /* the tree of the text (JSON got its tree in try_json) */
        out->json = json_loadb(out->text, out->text_len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    out->text = NULL;
    out->text_len = 0;
    sb_free(&text);
}

void decode_result_free(decode_result_t *r)
{
    json_decref(r->json);
    kavro_schema_free(r->schema);
    free(r->errors);
    memset(r, 0, sizeof *r);
}

void hex_append(strbuf_t *out, const void *p, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        char b[3] = {hx[s[i] >> 4], hx[s[i] & 15], ' '};
        sb_add(out, b, i + 1 < n ? 3 : 2);
    }
}

/* Compact JSON text, made safe: JSON strings are already escaped by
 * jansson, but raw UTF-8 bidi controls and the like are not. */
static void json_line(strbuf_t *out, json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (s) {
        sanitize_json_append(out, s, strlen(s));
        free(s);
    }
}

void decode_render_line(strbuf_t *out, const decode_result_t *r, const void *p, size_t n)
{
    switch (r->kind) {
    case DK_NULL:
        sb_adds(out, "(null)");
        break;
    case DK_AVRO:
        if (r->text)
            sanitize_json_append(out, r->text, r->text_len);
        else
            json_line(out, r->json);
        break;
    case DK_JSON:
        if (r->connect_payload) /* Kafka Connect's envelope: the payload is the record */
            json_line(out, r->connect_payload);
        else
            sanitize_append(out, p, n);
        break;
    case DK_HEX:
        hex_append(out, p, n);
        break;
    default:
        sanitize_append(out, p, n);
    }
}

/* --- pretty printing ---------------------------------------------------- */

typedef struct {
    json_emit_fn emit;
    void *opaque;
    int indent;
    bool compact; /* no blanks, strings not sanitized (json_compact_tree) */
} pp_t;

static void emit_s(pp_t *pp, json_token_t t, const char *s) { pp->emit(pp->opaque, t, s, strlen(s)); }

static void emit_sanitized(pp_t *pp, json_token_t t, const char *s, size_t n)
{
    strbuf_t sb;
    sb_init(&sb);
    sanitize_json_append(&sb, s, n);
    pp->emit(pp->opaque, t, sb.buf ? sb.buf : "", sb.len);
    sb_free(&sb);
}

static void newline(pp_t *pp, int level)
{
    if (pp->compact)
        return;
    emit_s(pp, JT_NEWLINE, "\n");
    for (int i = 0; i < level * pp->indent; i++)
        emit_s(pp, JT_SPACE, " ");
}

static void pp_value(pp_t *pp, json_t *v, int level, json_token_t as)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        if (!json_object_size(v)) {
            emit_s(pp, JT_PUNCT, "{}");
            return;
        }
        emit_s(pp, JT_PUNCT, "{");
        const char *k;
        json_t *x;
        size_t i = 0;
        json_object_foreach(v, k, x) {
            if (i++)
                emit_s(pp, JT_PUNCT, ",");
            newline(pp, level + 1);
            json_t *ks = json_string(k);
            pp_value(pp, ks, level + 1, JT_KEY);
            json_decref(ks);
            emit_s(pp, JT_PUNCT, ":");
            if (!pp->compact)
                emit_s(pp, JT_SPACE, " ");
            pp_value(pp, x, level + 1, JT_STRING);
        }
        newline(pp, level);
        emit_s(pp, JT_PUNCT, "}");
        return;
    }
    case JSON_ARRAY: {
        if (!json_array_size(v)) {
            emit_s(pp, JT_PUNCT, "[]");
            return;
        }
        emit_s(pp, JT_PUNCT, "[");
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            if (i)
                emit_s(pp, JT_PUNCT, ",");
            newline(pp, level + 1);
            pp_value(pp, x, level + 1, JT_STRING);
        }
        newline(pp, level);
        emit_s(pp, JT_PUNCT, "]");
        return;
    }
    case JSON_STRING: {
        char *s = json_dumps(v, JSON_ENCODE_ANY);
        if (s && pp->compact)
            emit_s(pp, as, s);
        else if (s)
            emit_sanitized(pp, as, s, strlen(s));
        free(s);
        return;
    }
    case JSON_INTEGER: {
        char s[32];
        snprintf(s, sizeof s, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        emit_s(pp, JT_NUMBER, s);
        return;
    }
    case JSON_REAL: {
        /* the fewest digits, as the one-line rendering has them */
        strbuf_t sb;
        sb_init(&sb);
        json_real_append(&sb, json_real_value(v));
        emit_s(pp, JT_NUMBER, sb.buf);
        sb_free(&sb);
        return;
    }
    case JSON_TRUE: emit_s(pp, JT_BOOL, "true"); return;
    case JSON_FALSE: emit_s(pp, JT_BOOL, "false"); return;
    default: emit_s(pp, JT_NULL, "null"); return;
    }
}

void json_pretty_tokens(json_t *v, int indent, json_emit_fn emit, void *opaque)
{
    pp_t pp = {emit, opaque, indent > 0 ? indent : 2, false};
    pp_value(&pp, v, 0, JT_STRING);
}

static void to_buf(void *opaque, json_token_t tok, const char *text, size_t len)
{
    (void)tok;
    sb_add(opaque, text, len);
}

void json_pretty(strbuf_t *out, json_t *v, int indent)
{
    json_pretty_tokens(v, indent, to_buf, out);
}

void json_compact_tree(strbuf_t *out, json_t *v)
{
    pp_t pp = {to_buf, out, 0, true};
    pp_value(&pp, v, 0, JT_STRING);
}
