/* Avro binary straight to compact JSON text (kavro_decode_text), the hot path
 * of `tail --json` on Avro topics: no avro-c value, no jansson tree.
 *
 * The writer schema is compiled once, when it is parsed, into a graph of
 * nodes (kavro_prog_t, kavro_prog.c) whose labels are ready-made JSON text
 * ("\"field\":", "\"SYMBOL\""). Decoding walks the bytes and the graph
 * together, with the same bounds checks and error messages as
 * kavro_check.c, and writes the text kavro_decode's tree would dump to. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_text.h"
#include "decode/avro/kavro_prog.h"
#include "base/sanitize.h"

static void put_real(strbuf_t *out, double d)
{
    if (isnan(d))
        sb_adds(out, "\"NaN\"");
    else if (isinf(d))
        sb_adds(out, d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    else
        json_real_append(out, d);
}

/* A string from the data: as it is when UTF-8, else escaped (lossy; the
 * envelope keeps the raw bytes). */
static void put_text(strbuf_t *out, const char *p, size_t n)
{
    if (utf8_valid(p, n)) {
        json_append_string(out, p, n);
        return;
    }
    strbuf_t sb;
    sb_init(&sb);
    sanitize_append(&sb, p, n);
    json_append_string(out, sb.buf ? sb.buf : "", sb.len);
    sb_free(&sb);
}

/* Avro bytes in JSON: one code point per byte (U+0000..U+00FF). */
static void put_bytes(strbuf_t *out, const unsigned char *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    sb_addc(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c >= 0x80) {
            char u[2] = {(char)(0xC0 | c >> 6), (char)(0x80 | (c & 0x3F))};
            sb_add(out, u, 2);
        } else if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            sb_add(out, e, 2);
        } else if (c < 0x20 || c == 0x7F) {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            sb_add(out, u, 6);
        } else {
            sb_addc(out, (char)c);
        }
    }
    sb_addc(out, '"');
}

static void put_readable(strbuf_t *out, bool ok, const char *buf, int64_t number)
{
    if (!ok) {
        sb_addi(out, number);
        return;
    }
    sb_addc(out, '"');
    sb_adds(out, buf);
    sb_addc(out, '"');
}

static void put_long(strbuf_t *out, logical_t lt, int64_t v)
{
    char buf[KAVRO_FMT_LEN];
    switch (lt) {
    case L_DATE: put_readable(out, kavro_fmt_date(v, buf, sizeof buf), buf, v); return;
    case L_TIME_MS: put_readable(out, kavro_fmt_time(v, 1000, buf, sizeof buf), buf, v); return;
    case L_TIME_US: put_readable(out, kavro_fmt_time(v, 1000000, buf, sizeof buf), buf, v); return;
    case L_TS_MS:
        put_readable(out, kavro_fmt_timestamp(v, 1000, true, buf, sizeof buf), buf, v);
        return;
    case L_TS_US:
        put_readable(out, kavro_fmt_timestamp(v, 1000000, true, buf, sizeof buf), buf, v);
        return;
    case L_LTS_MS:
        put_readable(out, kavro_fmt_timestamp(v, 1000, false, buf, sizeof buf), buf, v);
        return;
    case L_LTS_US:
        put_readable(out, kavro_fmt_timestamp(v, 1000000, false, buf, sizeof buf), buf, v);
        return;
    default: sb_addi(out, v); return;
    }
}

static uint64_t little_endian(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = n; i-- > 0;)
        v = v << 8 | p[i];
    return v;
}

static int emit(const knode_t *k, cursor_t *c, strbuf_t *out, int depth);

/* Array items or map entries, block by block (as check_blocks). */
static int emit_blocks(const knode_t *k, cursor_t *c, strbuf_t *out, int depth)
{
    bool map = k->t == N_MAP;
    size_t first = out->len;
    sb_addc(out, map ? '{' : '[');
    for (;;) {
        int64_t count = 0;
        if (kavro_block_count(c, &count))
            return -1;
        if (count == 0)
            break;
        for (int64_t i = 0; i < count; i++) {
            size_t start = c->pos;
            if (out->len > first + 1)
                sb_addc(out, ',');
            if (map) {
                int64_t klen = 0;
                if (kavro_read_long(c, &klen) || kavro_need(c, klen, "map key"))
                    return -1;
                /* a key stops at a NUL byte, as avro-c's keys do */
                const char *key = (const char *)c->p + c->pos - klen;
                const char *nul = memchr(key, 0, (size_t)klen);
                put_text(out, key, nul ? (size_t)(nul - key) : (size_t)klen);
                sb_addc(out, ':');
            }
            if (emit(k->kids[0], c, out, depth + 1) || kavro_item_end(c, start))
                return -1;
        }
    }
    sb_addc(out, map ? '}' : ']');
    return 0;
}

static int emit(const knode_t *k, cursor_t *c, strbuf_t *out, int depth)
{
    if (depth > MAX_DEPTH)
        return ks_err(c->err, "nested deeper than %d levels", MAX_DEPTH);
    int64_t v = 0;
    switch (k->t) {
    case N_NULL:
        sb_adds(out, "null");
        return 0;
    case N_BOOLEAN:
        if (c->pos >= c->n)
            return ks_err(c->err, "truncated: boolean expected at byte %zu", c->pos);
        if (c->p[c->pos] > 1)
            return ks_err(c->err, "invalid boolean byte 0x%02x at byte %zu", c->p[c->pos], c->pos);
        sb_adds(out, c->p[c->pos++] ? "true" : "false");
        return 0;
    case N_INT:
        if (kavro_read_long(c, &v))
            return -1;
        if (v < INT32_MIN || v > INT32_MAX)
            return ks_err(c->err, "int out of range at byte %zu", c->pos);
        put_long(out, k->logical, v); /* date and time-millis: the only logical ints */
        return 0;
    case N_LONG:
        if (kavro_read_long(c, &v))
            return -1;
        put_long(out, k->logical, v);
        return 0;
    case N_FLOAT: {
        if (kavro_need(c, 4, "float"))
            return -1;
        uint32_t bits = (uint32_t)little_endian(c->p + c->pos - 4, 4);
        float f;
        memcpy(&f, &bits, sizeof f);
        put_real(out, f);
        return 0;
    }
    case N_DOUBLE: {
        if (kavro_need(c, 8, "double"))
            return -1;
        uint64_t bits = little_endian(c->p + c->pos - 8, 8);
        double d;
        memcpy(&d, &bits, sizeof d);
        put_real(out, d);
        return 0;
    }
    case N_BYTES:
    case N_STRING:
    case N_FIXED: {
        if (k->t == N_FIXED)
            v = k->size;
        else if (kavro_read_long(c, &v))
            return -1;
        if (kavro_need(c, v, k->t == N_BYTES ? "bytes" : k->t == N_STRING ? "string" : "fixed"))
            return -1;
        const unsigned char *b = c->p + c->pos - v;
        if (k->t == N_STRING) {
            put_text(out, (const char *)b, (size_t)v);
        } else if (k->logical == L_DECIMAL) {
            sb_addc(out, '"');
            kavro_fmt_decimal(out, b, (size_t)v, k->scale);
            sb_addc(out, '"');
        } else {
            put_bytes(out, b, (size_t)v);
        }
        return 0;
    }
    case N_ENUM:
        if (kavro_read_long(c, &v))
            return -1;
        if (v < 0 || (size_t)v >= k->n)
            return ks_err(c->err, "enum index %" PRId64 " out of range (%zu symbols)", v, k->n);
        sb_add(out, k->labels[v], k->label_len[v]);
        return 0;
    case N_UNION:
        if (kavro_read_long(c, &v))
            return -1;
        if (v < 0 || (size_t)v >= k->n)
            return ks_err(c->err, "union branch %" PRId64 " out of range (%zu branches) at byte %zu",
                          v, k->n, c->pos);
        return emit(k->kids[v], c, out, depth + 1);
    case N_RECORD:
        if (!k->n) {
            sb_adds(out, "{}");
            return 0;
        }
        for (size_t i = 0; i < k->n; i++) {
            sb_add(out, k->labels[i], k->label_len[i]);
            if (emit(k->kids[i], c, out, depth + 1))
                return -1;
        }
        sb_addc(out, '}');
        return 0;
    case N_ARRAY:
    case N_MAP:
        return emit_blocks(k, c, out, depth);
    case N_BAD:
        break;
    }
    return ks_err(c->err, "schema node kafscope cannot follow");
}

int kavro_decode_text(kavro_schema_t *writer, kavro_schema_t *reader, const void *p, size_t n,
                      strbuf_t *out, char *err)
{
    if (reader && reader != writer && strcmp(reader->text, writer->text)) {
        json_t *j = NULL;
        if (kavro_decode(writer, reader, p, n, &j, err))
            return -1;
        char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
        json_decref(j);
        if (!s)
            return ks_err(err, "cannot represent the Avro value as JSON");
        sb_adds(out, s);
        free(s);
        return 0;
    }
    size_t start = out->len;
    cursor_t c = {p, n, 0, 0, err};
    int rc = emit(writer->prog->root, &c, out, 0);
    if (rc == 0 && c.pos != n)
        rc = ks_err(err, "%zu bytes left over after the Avro value (%zu bytes): not written with "
                    "this schema?", n - c.pos, c.pos);
    if (rc) {
        out->len = start;
        if (out->buf)
            out->buf[start] = '\0';
    }
    return rc;
}
