/* See decoded.h. */
#include "decoded.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

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

/* Cuts sanitized text to DECODED_LINE_COLS columns (never inside a character). */
static char *cut_line(strbuf_t *sb)
{
    sb_addc(sb, '\0');
    size_t n = text_fit(sb->buf, DECODED_LINE_COLS, NULL);
    char *s = xstrndup(sb->buf, n);
    sb_free(sb);
    return s;
}

static size_t decode_one(ks_decoders_t *d, const ks_record_t *rec, bool key, decoded_part_t *out)
{
    const void *p = key ? rec->key : rec->value;
    size_t n = key ? rec->key_len : rec->value_len;
    decode_result_t r;
    decode_part(d, rec->topic, key, p, n, &r);
    out->kind = r.kind;
    out->failed = r.failed;
    out->schema_id = r.schema_id;
    out->decoder = r.decoder;
    out->schema_name = r.schema_name ? xstrdup(r.schema_name) : NULL;
    out->errors = r.errors;
    r.errors = NULL;
    strbuf_t sb;
    sb_init(&sb);
    if ((r.kind == DK_AVRO || r.kind == DK_JSON) && r.json) {
        /* compact, whatever the spacing of the bytes; of Kafka Connect's
         * envelope, the payload (the schema is in the detail view) */
        json_t *shown = r.connect_payload ? r.connect_payload : r.json;
        char *s = json_dumps(shown, JSON_COMPACT | JSON_ENCODE_ANY);
        if (r.connect_schema)
            out->connect_schema = json_dumps(r.connect_schema, JSON_COMPACT);
        if (s) {
            sanitize_json_append(&sb, s, strlen(s));
            if (r.kind == DK_AVRO || r.connect_payload)
                out->json = s; /* the detail view pretty-prints it */
            else
                free(s);       /* JSON: the detail view parses the bytes again */
        }
    } else {
        decode_render_line(&sb, &r, p, n < RAW_LINE_BYTES ? n : RAW_LINE_BYTES);
    }
    out->line = cut_line(&sb);
    decode_result_free(&r);
    return sizeof *out + str_mem(out->schema_name) + str_mem(out->errors) + str_mem(out->line) +
           str_mem(out->json) + str_mem(out->connect_schema);
}

void decoded_part_make(ks_decoders_t *d, const ks_record_t *rec, bool key, decoded_part_t *out)
{
    memset(out, 0, sizeof *out);
    decode_one(d, rec, key, out);
}

void decoded_attach(ks_decoders_t *d, ks_record_t *rec)
{
    decoded_t *dec = xcalloc(1, sizeof *dec);
    size_t mem = sizeof *dec - 2 * sizeof(decoded_part_t);
    mem += decode_one(d, rec, true, &dec->key);
    mem += decode_one(d, rec, false, &dec->value);
    rec->extra = dec;
    rec->extra_free = decoded_free;
    rec->mem += mem;
}

const decoded_t *decoded_of(const ks_record_t *rec)
{
    return rec->extra && rec->extra_free == decoded_free ? rec->extra : NULL;
}
