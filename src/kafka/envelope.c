#include "kafka/envelope.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "decode/json_scan.h"
#include "decode/avro/kavro.h"
#include "base/sanitize.h"

/* "name":value for bytes: a string when they are UTF-8, else base64 plus a
 * "<name>_encoding":"base64" marker; null for absent. */
static void write_bytes(strbuf_t *out, const char *name, const void *p, size_t n)
{
    sb_addc(out, '"');
    sb_adds(out, name);
    sb_adds(out, "\":");
    if (!p) {
        sb_adds(out, "null");
    } else if (utf8_valid(p, n)) {
        json_append_string(out, p, n);
    } else {
        sb_addc(out, '"');
        base64_append(out, p, n);
        sb_adds(out, "\",\"");
        sb_adds(out, name);
        sb_adds(out, "_encoding\":\"base64\"");
    }
}

/* The JSON text to inline for a decoded key or value, or NULL: Avro as
 * compact JSON, JSON as its own bytes when they fit on one line with no
 * blanks around (key order, spacing and number spelling kept: produce
 * takes the bytes back exactly). *dump gets what must be freed. */
static const char *inline_json(const void *p, size_t n, const decode_result_t *d, size_t *len,
                               char **dump)
{
    *dump = NULL;
    if (!p || !d || (d->kind != DK_AVRO && d->kind != DK_JSON))
        return NULL;
    if (d->text) {
        *len = d->text_len;
        return d->text;
    }
    if (d->kind == DK_JSON) { /* a tree from decode_part: look at the bytes */
        unsigned info = 0;
        if (!json_scan(p, n, &info) || (info & (JSON_SCAN_PADDED | JSON_SCAN_MULTILINE)))
            return NULL;
        *len = n;
        return p;
    }
    *dump = d->json ? json_dumps(d->json, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    *len = *dump ? strlen(*dump) : 0;
    return *dump;
}

/* A decoded key or value: inline JSON when that loses nothing (JSON text
 * embedded as it is), else inline JSON plus the exact bytes in "<name>_raw"
 * (Avro), else as write_bytes. */
static void write_part(strbuf_t *out, const char *name, const void *p, size_t n,
                       const decode_result_t *d)
{
    char *dump;
    size_t len = 0;
    const char *json = inline_json(p, n, d, &len, &dump);
    if (!json) {
        write_bytes(out, name, p, n); /* JSON text that is not one line: keep it as text */
    } else {
        sb_addc(out, '"');
        sb_adds(out, name);
        sb_adds(out, "\":");
        sb_add(out, json, len);
        sb_adds(out, ",\"");
        sb_adds(out, name);
        sb_adds(out, d->kind == DK_AVRO ? "_encoding\":\"avro\"" : "_encoding\":\"json\"");
        if (d->kind == DK_AVRO) {
            if (d->schema_id >= 0) {
                sb_adds(out, ",\"");
                sb_adds(out, name);
                sb_adds(out, "_schema_id\":");
                sb_addi(out, d->schema_id);
            }
            if (d->schema_name) {
                sb_adds(out, ",\"");
                sb_adds(out, name);
                sb_adds(out, "_schema\":");
                if (d->schema) { /* the name's JSON string, made once per schema */
                    size_t nlen;
                    const char *njson = kavro_schema_name_json(d->schema, &nlen);
                    sb_add(out, njson, nlen);
                } else {
                    json_append_string(out, d->schema_name, strlen(d->schema_name));
                }
            }
            sb_adds(out, ",\"");
            sb_adds(out, name);
            sb_adds(out, "_raw\":\"");
            base64_append(out, p, n);
            sb_addc(out, '"');
        }
        free(dump);
    }
    if (d && d->schema_id >= 0 && d->kind != DK_AVRO)
        sb_printf(out, ",\"%s_schema_id\":%d", name, (int)d->schema_id);
    if (d && d->failed && d->errors) {
        sb_printf(out, ",\"%s_error\":", name);
        json_append_string(out, d->errors, strlen(d->errors));
    }
}

/* Hot path of `tail --json`: built with appends, no printf. */
void envelope_write(strbuf_t *out, const ks_record_t *r)
{
    envelope_write_decoded(out, r, NULL, NULL);
}

void envelope_write_decoded(strbuf_t *out, const ks_record_t *r, const decode_result_t *key,
                            const decode_result_t *value)
{
    sb_adds(out, "{\"topic\":");
    json_append_string(out, r->topic, strlen(r->topic));
    sb_adds(out, ",\"partition\":");
    sb_addi(out, r->partition);
    sb_adds(out, ",\"offset\":");
    sb_addi(out, r->offset);
    sb_adds(out, ",\"timestamp\":");
    sb_addi(out, r->timestamp);
    sb_adds(out, ",\"timestamp_type\":\"");
    sb_adds(out, ts_type_name(r->tstype));
    sb_adds(out, "\",");
    write_part(out, "key", r->key, r->key_len, key);
    sb_addc(out, ',');
    write_part(out, "value", r->value, r->value_len, value);
    sb_adds(out, ",\"headers\":[");
    for (int i = 0; i < r->nheaders; i++) {
        sb_adds(out, i ? ",{\"name\":" : "{\"name\":");
        json_append_string(out, r->headers[i].name, strlen(r->headers[i].name));
        sb_addc(out, ',');
        write_bytes(out, "value", r->headers[i].value, r->headers[i].len);
        sb_addc(out, '}');
    }
    sb_adds(out, "]}");
}

/* Fields an envelope may carry; an object with any other field is a plain
 * JSON message, produced as it is. */
static bool envelope_field(const char *k)
{
    static const char *const fields[] = {"topic", "partition", "offset", "timestamp",
                                         "timestamp_type", "key", "value", "headers",
                                         "key_encoding", "value_encoding", "key_schema_id",
                                         "value_schema_id", "key_raw", "value_raw", "key_schema",
                                         "value_schema", "key_error", "value_error"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (!strcmp(k, fields[i]))
            return true;
    return false;
}

/* Decodes a key/value/header value field into malloc'd bytes; *p NULL for
 * JSON null. Non-string JSON (an object, a number) is produced as its
 * compact JSON text. */
static int decode_bytes(json_t *v, const char *encoding, const char *what, void **p, size_t *n,
                        char *err)
{
    *p = NULL;
    *n = 0;
    if (!v || json_is_null(v))
        return 0;
    if (encoding && strcmp(encoding, "base64") && strcmp(encoding, "text") &&
        strcmp(encoding, "json"))
        return ks_err(err, "%s: unknown encoding '%s' (expected base64, text, json or avro)", what,
                      encoding);
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);
        if (encoding && !strcmp(encoding, "base64")) {
            if (base64_decode(s, len, p, n))
                return ks_err(err, "%s: invalid base64", what);
            return 0;
        }
        *p = xmemdup(s, len ? len : 1);
        *n = len;
        return 0;
    }
    char *dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!dump)
        return ks_err(err, "%s: cannot encode value", what);
    *n = strlen(dump);
    *p = xmemdup(dump, *n + 1);
    free(dump);
    return 0;
}

static const char *str_field(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int parse_headers(json_t *h, envelope_msg_t *out, char *err)
{
    size_t n = json_is_array(h) ? json_array_size(h) : json_is_object(h) ? json_object_size(h) : 0;
    if (h && !json_is_null(h) && !json_is_array(h) && !json_is_object(h))
        return ks_err(err, "headers: expected an array of {\"name\":..,\"value\":..} or an object");
    out->headers = xcalloc(n ? n : 1, sizeof *out->headers);
    out->header_names = xcalloc(n ? n : 1, sizeof(char *));
    out->header_values = xcalloc(n ? n : 1, sizeof(void *));
    /* nheaders counts what was allocated so far, so envelope_msg_free
     * releases it even when a later header is invalid. */
    size_t i = 0;
    if (json_is_object(h)) {
        const char *k;
        json_t *v;
        json_object_foreach(h, k, v) {
            out->header_names[i] = xstrdup(k);
            out->msg.nheaders = (int)i + 1;
            if (decode_bytes(v, NULL, "header value", &out->header_values[i],
                             &out->headers[i].len, err))
                return -1;
            i++;
        }
    } else {
        json_t *e;
        size_t idx;
        json_array_foreach(h, idx, e) {
            const char *name = NULL;
            json_t *val = NULL;
            const char *enc = NULL;
            if (json_is_object(e)) {
                name = str_field(e, "name");
                val = json_object_get(e, "value");
                enc = str_field(e, "value_encoding");
            } else if (json_is_array(e) && json_array_size(e) == 2) {
                name = json_string_value(json_array_get(e, 0));
                val = json_array_get(e, 1);
            }
            if (!name)
                return ks_err(err, "headers[%zu]: expected {\"name\":..,\"value\":..}", idx);
            out->header_names[i] = xstrdup(name);
            out->msg.nheaders = (int)i + 1; /* so envelope_msg_free frees it on error */
            if (decode_bytes(val, enc, "header value", &out->header_values[i],
                             &out->headers[i].len, err))
                return -1;
            i++;
        }
    }
    for (size_t j = 0; j < i; j++) {
        out->headers[j].name = out->header_names[j];
        out->headers[j].value = out->header_values[j];
    }
    out->msg.headers = out->headers;
    out->msg.nheaders = (int)i;
    return 0;
}

/* key or value with its companions: "<name>_raw" (exact bytes, base64)
 * wins; "<name>_encoding":"avro" without raw leaves the JSON for the caller
 * to encode (*avro, with the schema id when given). */
static int parse_part(json_t *o, const char *line, size_t len, const char *name, void **p,
                      size_t *n, json_t **avro, int32_t *schema_id, char *err)
{
    char field[32];
    snprintf(field, sizeof field, "%s_raw", name);
    json_t *raw = json_object_get(o, field);
    snprintf(field, sizeof field, "%s_encoding", name);
    const char *enc = str_field(o, field);
    snprintf(field, sizeof field, "%s_schema_id", name);
    json_t *sid = json_object_get(o, field);
    *schema_id = -1;
    if (sid && !json_is_null(sid)) {
        if (!json_is_integer(sid) || json_integer_value(sid) < 0 ||
            json_integer_value(sid) > INT32_MAX)
            return ks_err(err, "%s: expected a schema id (a whole number >= 0)", field);
        *schema_id = (int32_t)json_integer_value(sid);
    }
    if (raw && !json_is_null(raw)) {
        if (!json_is_string(raw))
            return ks_err(err, "%s_raw: expected a base64 string", name);
        if (base64_decode(json_string_value(raw), json_string_length(raw), p, n))
            return ks_err(err, "%s_raw: invalid base64", name);
        return 0;
    }
    if (enc && !strcmp(enc, "avro")) {
        json_t *v = json_object_get(o, name);
        *p = NULL;
        *n = 0;
        if (v && !json_is_null(v))
            *avro = json_incref(v);
        return 0;
    }
    json_t *v = json_object_get(o, name);
    size_t off, vlen;
    if (enc && !strcmp(enc, "json") && v && !json_is_null(v) &&
        json_scan_member(line, len, name, &off, &vlen)) {
        /* JSON text: its bytes as they are in the line (spacing, key order
         * and number spelling kept), as tail wrote them */
        *p = xmemdup(line + off, vlen);
        *n = vlen;
        return 0;
    }
    return decode_bytes(v, enc, name, p, n, err);
}

int envelope_parse(const char *line, size_t len, envelope_msg_t *out, char *err)
{
    memset(out, 0, sizeof *out);
    out->msg.partition = -1;
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i == len || line[i] != '{')
        return 0;
    json_t *o = json_loadb(line, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return 0;
    }
    const char *k;
    json_t *v;
    bool has_payload = false;
    json_object_foreach(o, k, v) {
        if (!envelope_field(k)) {
            json_decref(o);
            return 0;
        }
        if (!strcmp(k, "key") || !strcmp(k, "value"))
            has_payload = true;
    }
    if (!has_payload) {
        json_decref(o);
        return 0;
    }
    int rc = 1;
    json_t *part = json_object_get(o, "partition");
    json_t *ts = json_object_get(o, "timestamp");
    if (part && !json_is_null(part)) {
        if (!json_is_integer(part) || json_integer_value(part) < 0 ||
            json_integer_value(part) > INT32_MAX) {
            rc = ks_err(err, "partition: expected a whole number >= 0");
            goto done;
        }
        out->msg.partition = (int32_t)json_integer_value(part);
    }
    if (ts && json_is_integer(ts) && json_integer_value(ts) > 0)
        out->msg.timestamp = json_integer_value(ts);
    if (parse_part(o, line, len, "key", &out->key, &out->msg.key_len, &out->avro[0],
                   &out->schema_id[0], err) ||
        parse_part(o, line, len, "value", &out->value, &out->msg.value_len, &out->avro[1],
                   &out->schema_id[1], err) ||
        parse_headers(json_object_get(o, "headers"), out, err)) {
        rc = -1;
        goto done;
    }
    out->msg.key = out->key;
    out->msg.value = out->value;
done:
    json_decref(o);
    return rc;
}

void envelope_msg_free(envelope_msg_t *m)
{
    for (int i = 0; i < m->msg.nheaders; i++) {
        free(m->header_names[i]);
        free(m->header_values[i]);
    }
    free(m->header_names);
    free(m->header_values);
    free(m->headers);
    free(m->key);
    free(m->value);
    json_decref(m->avro[0]);
    json_decref(m->avro[1]);
    memset(m, 0, sizeof *m);
}
