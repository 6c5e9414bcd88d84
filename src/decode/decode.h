/* Decoders for record keys and values, per topic: auto, text, json, hex,
 * avro FILE.avsc, registry. The TUI, tail and the envelope all go through
 * decode_part, so a record looks the same everywhere.
 *
 * auto tries, in order: Confluent framing (magic 0 + 4-byte schema id ->
 * registry -> Avro); Avro with the topic's local .avsc; JSON (an object or
 * array); UTF-8 text; binary. A decoder that refuses says why in
 * result.errors; when one that should have handled the bytes failed (the
 * framing was there but the registry is down, the configured schema does
 * not fit), result.failed is set and the bytes are shown raw. */
#ifndef KS_DECODE_H
#define KS_DECODE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

struct ks_registry_conf;
typedef struct ks_decoders ks_decoders_t;
typedef struct ks_registry ks_registry_t;

typedef enum {
    DK_NULL,   /* no bytes (null key, tombstone) */
    DK_AVRO,   /* json holds the decoded value */
    DK_JSON,   /* json holds the parsed value */
    DK_TEXT,   /* valid UTF-8 */
    DK_HEX,    /* shown as hex (the hex decoder) */
    DK_BINARY  /* shown escaped */
} decode_kind_t;

typedef struct kavro_schema kavro_schema_t;

typedef struct {
    decode_kind_t kind;
    json_t *json;       /* DK_AVRO, DK_JSON from decode_part: the tree */
    /* DK_AVRO, DK_JSON from decode_part_text: the value as one line of JSON
     * text (no line break, no blanks around it), Avro compact; NULL for JSON
     * bytes that span lines or have blanks around them. */
    const char *text;
    size_t text_len;
    int32_t schema_id;  /* Confluent schema id, or -1 */
    const char *schema_name; /* Avro full name (held by schema), or NULL */
    kavro_schema_t *schema;  /* a reference to the Avro schema that named it, or NULL */
    const char *decoder;/* the decoder that produced it: "avro", "registry", "json", ... */
    bool failed;        /* a decoder meant for these bytes refused: errors says why */
    char *errors;       /* one "decoder: reason" per line, or NULL */
    /* DK_JSON written by Kafka Connect's JsonConverter with schemas.enable
     * ({"schema", "payload"}, connect_envelope.h): both borrowed from json,
     * which stays the whole envelope (so --json is lossless). */
    json_t *connect_schema, *connect_payload;
} decode_result_t;

/* The decoder set of a session (the command session's: cmd_decoders). reg:
 * the registry settings (NULL: none), read when first needed, so they must
 * outlive the set. */
ks_decoders_t *decoders_new(const struct ks_registry_conf *reg);
void decoders_free(ks_decoders_t *d);

/* Sets the decoder of TOPIC's key or value. topic may be a glob ("cart-*");
 * the most recent matching setting wins. spec: "auto", "text", "json",
 * "hex", "registry", "avro FILE.avsc" (or "avro:FILE.avsc"). The schema
 * file is loaded now, so a bad one is reported here. */
int decoders_set(ks_decoders_t *d, const char *topic, bool key, const char *spec, char *err);

/* A default Avro decoder for TOPIC's key or value with a schema held in
 * memory (schema_text: the .avsc text; label: what the list and errors show
 * in place of a file name). It ranks below every other setting, present or
 * later, and does nothing when TOPIC's part already has its own setting:
 * the user's decoder command or config overrides it. */
int decoders_preset_avro_text(ks_decoders_t *d, const char *topic, bool key, const char *label,
                              const char *schema_text, char *err);

/* The schema of TOPIC's key or value when its decoder is "avro FILE" (a
 * new reference: kavro_schema_free it), else NULL. */
struct kavro_schema *decoders_avro_schema(ks_decoders_t *d, const char *topic, bool key);

/* The settings in effect, as [{topic, part, decoder, schema}]. */
json_t *decoders_list(ks_decoders_t *d);

/* The registry client, created on first use from schema.registry.url. */
ks_registry_t *decoders_registry(ks_decoders_t *d, char *err);

/* Decodes one key or value. Never fails: out always describes how to show
 * the bytes. Free with decode_result_free. */
void decode_part(ks_decoders_t *d, const char *topic, bool key, const void *p, size_t n,
                 decode_result_t *out);
/* The same without a tree, for the hot path (tail --json): out->json stays
 * NULL and out->text holds the value. JSON is checked by json_scan (which
 * agrees with jansson) and text points at the bytes themselves; Avro is
 * written as JSON text into scratch, the caller's buffer, reset here and
 * reused record after record: out->text is valid until scratch changes.
 * Nothing is allocated per record once scratch has grown. */
void decode_part_text(ks_decoders_t *d, const char *topic, bool key, const void *p, size_t n,
                      strbuf_t *scratch, decode_result_t *out);
void decode_result_free(decode_result_t *r);

/* One line for lists and `tail`: Avro as compact JSON; JSON and text as
 * they are (sanitized); hex; escaped bytes; "(null)" for none. Safe for a
 * terminal. */
void decode_render_line(strbuf_t *out, const decode_result_t *r, const void *p, size_t n);

/* Pretty-printed JSON for the detail view, token by token so the caller can
 * colour it. Text handed to emit is sanitized (no control characters);
 * newlines come as JT_NEWLINE tokens, indentation as JT_SPACE. Reals in the
 * fewest digits that read back the same: 35.3, not 35.299999999999997. */
typedef enum { JT_PUNCT, JT_KEY, JT_STRING, JT_NUMBER, JT_BOOL, JT_NULL, JT_SPACE, JT_NEWLINE }
    json_token_t;
typedef void (*json_emit_fn)(void *opaque, json_token_t tok, const char *text, size_t len);
void json_pretty_tokens(json_t *v, int indent, json_emit_fn emit, void *opaque);
/* The same as plain text into a buffer (newlines included). */
void json_pretty(strbuf_t *out, json_t *v, int indent);
/* v as jansson's compact dump, but reals in the fewest digits that read
 * back the same (json_real_append), as json_pretty writes them too; strings
 * not sanitized. */
void json_compact_tree(strbuf_t *out, json_t *v);

/* "hex" rendering: "de ad be ef". */
void hex_append(strbuf_t *out, const void *p, size_t n);

#endif
