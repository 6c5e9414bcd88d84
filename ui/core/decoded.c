/* See decoded.h. */
#include "core/decoded.h"

#include <stdlib.h>
#include <string.h>

#include "decode/json_compact.h"
#include "base/sanitize.h"

#define RAW_LINE_BYTES 4096 /* raw bytes looked at for a one-line rendering */

void decoded_part_free(decoded_part_t *p)
{
    free(p->schema_name);
    free(p->errors);
    free(p->line);
    free(p->json);
    free(p->connect_schema);
    memset(p, 0, sizeof *p);
}

static void decoded_free(void *extra)
{
    decoded_t *d = extra;
    decoded_part_free(&d->key);
    decoded_part_free(&d->value);
    free(d);
}

static size_t str_mem(const char *s)
{
    return s ? strlen(s) + 1 : 0;
}

/* sanitized text cut to DECODED_LINE_COLS columns (never inside a character) */
static char *cut_line(const strbuf_t *sb)
{
    const char *s = sb->buf ? sb->buf : "";
    return xstrndup(s, text_fit(s, DECODED_LINE_COLS, NULL));
}

/* JSON text t[0..n) (a JSON value's bytes, or an Avro value decoded to
 * text), compact: written from the text by json_compact; a tree only for
 * the few texts it refuses (\u escapes, a repeated key). Appended to line
 * sanitized; *json (optional) gets the compact text. */
static void compact_line(strbuf_t *line, strbuf_t *tmp, const char *t, size_t n, char **json)
{
    sb_reset(tmp);
    if (json_compact(t, n, tmp)) { /* refused: tmp is as it was, empty */
        json_t *j = json_loadb(t, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
        if (!j) {
            if (json)
                *json = NULL;
            return;
        }
        json_compact_tree(tmp, j);
        json_decref(j);
    }
    sanitize_json_append(line, tmp->buf ? tmp->buf : "", tmp->len);
    if (json)
        *json = xstrndup(tmp->buf ? tmp->buf : "", tmp->len);
}

static size_t decode_one(ks_decoders_t *d, const ks_record_t *rec, bool key, decoded_part_t *out,
                         decoded_scratch_t *scratch)
{
    const void *p = key ? rec->key : rec->value;
    size_t n = key ? rec->key_len : rec->value_len;
    decode_result_t r;
    /* no tree: JSON is checked by json_scan, Avro written as text */
    decode_part_text(d, rec->topic, key, p, n, &scratch->text, &r);
    out->kind = r.kind;
    out->failed = r.failed;
    out->schema_id = r.schema_id;
    out->decoder = r.decoder;
    out->schema_name = r.schema_name ? xstrdup(r.schema_name) : NULL;
    out->errors = r.errors;
    r.errors = NULL;
    strbuf_t *line = &scratch->line;
    sb_reset(line);
    if (r.connect_payload) {
        /* Kafka Connect's envelope (its decoder made a tree to find it):
         * the payload, compact; the schema is in the detail view */
        strbuf_t *s = &scratch->compact;
        sb_reset(s);
        json_compact_tree(s, r.connect_payload);
        out->connect_schema = json_dumps(r.connect_schema, JSON_COMPACT);
        sanitize_json_append(line, s->buf ? s->buf : "", s->len);
        out->json = xstrndup(s->buf ? s->buf : "", s->len); /* the detail view pretty-prints it */
    } else if (r.kind == DK_AVRO || r.kind == DK_JSON) {
        /* compact, whatever the spacing of the bytes; Avro's text kept for
         * the detail view (JSON: it parses the bytes again) */
        compact_line(line, &scratch->compact, r.text ? r.text : p, r.text ? r.text_len : n,
                     r.kind == DK_AVRO ? &out->json : NULL);
    } else {
        decode_render_line(line, &r, p, n < RAW_LINE_BYTES ? n : RAW_LINE_BYTES);
    }
    out->line = cut_line(line);
    decode_result_free(&r);
    return sizeof *out + str_mem(out->schema_name) + str_mem(out->errors) + str_mem(out->line) +
           str_mem(out->json) + str_mem(out->connect_schema);
}

void decoded_scratch_free(decoded_scratch_t *s)
{
    sb_free(&s->text);
    sb_free(&s->compact);
    sb_free(&s->line);
}

void decoded_part_make(ks_decoders_t *d, const ks_record_t *rec, bool key, decoded_part_t *out)
{
    decoded_scratch_t scratch = {0};
    memset(out, 0, sizeof *out);
    decode_one(d, rec, key, out, &scratch);
    decoded_scratch_free(&scratch);
}

void decoded_attach(ks_decoders_t *d, ks_record_t *rec, decoded_scratch_t *scratch)
{
    decoded_t *dec = xcalloc(1, sizeof *dec);
    size_t mem = sizeof *dec - 2 * sizeof(decoded_part_t);
    mem += decode_one(d, rec, true, &dec->key, scratch);
    mem += decode_one(d, rec, false, &dec->value, scratch);
    rec->extra = dec;
    rec->extra_free = decoded_free;
    rec->mem += mem;
}

const decoded_t *decoded_of(const ks_record_t *rec)
{
    return rec->extra && rec->extra_free == decoded_free ? rec->extra : NULL;
}
