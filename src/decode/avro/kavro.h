/* Avro for kafscope: schemas (parsed twice: by avro-c, which reads and
 * resolves data, and as JSON, which carries what avro-c 1.11 ignores: the
 * logical types), decoding one datum to readable JSON, and encoding JSON to
 * Avro binary with errors that name the field.
 *
 * Readable JSON: records are objects in field order, unions are the value of
 * their branch (untagged), bytes and fixed are strings of code points
 * U+0000..U+00FF (Avro's JSON form), enums their symbol, and the logical
 * types strings: decimal "12.34", uuid, date "2024-01-31", time
 * "13:45:01.123", timestamp "2024-01-31T13:45:01.123Z". The encoder accepts
 * that form back, and also the plain numbers and tagged unions
 * ({"string":"x"}), so `tail --json` output can be edited and produced. */
#ifndef KS_KAVRO_H
#define KS_KAVRO_H

#include <jansson.h>
#include <stddef.h>

#include "base/util.h"

typedef struct kavro_schema kavro_schema_t;

/* Parses a schema (the text of an .avsc). NULL with err on invalid schemas. */
kavro_schema_t *kavro_schema_parse(const char *text, size_t len, char *err);
kavro_schema_t *kavro_schema_load_file(const char *path, char *err);
/* Schemas are reference counted: ref adds one, free drops one. */
kavro_schema_t *kavro_schema_ref(kavro_schema_t *s);
void kavro_schema_free(kavro_schema_t *s);

/* Full name of a named top-level type, else the type name ("string"). */
const char *kavro_schema_name(const kavro_schema_t *s);
/* The same as a JSON string, quotes included (made once, for envelopes). */
const char *kavro_schema_name_json(const kavro_schema_t *s, size_t *len);
/* The schema as compact JSON text (what a registry stores). */
const char *kavro_schema_text(const kavro_schema_t *s);
/* The schema as JSON, every reference to a named type written as its full
 * name, and the definition of a full name (NULL if none); both borrowed. */
json_t *kavro_schema_json(const kavro_schema_t *s);
json_t *kavro_schema_named(const kavro_schema_t *s, const char *full_name);

/* Decodes one datum of p[0..n) written with `writer`, seen through `reader`
 * (NULL: the writer's schema; otherwise Avro schema resolution applies).
 * Untrusted input: the bytes are checked against the writer schema first
 * (lengths, counts, union and enum indexes, nesting), so nothing huge is
 * allocated and nothing loops. Returns 0 with *out, or -1 with err. */
int kavro_decode(kavro_schema_t *writer, kavro_schema_t *reader, const void *p, size_t n,
                 json_t **out, char *err);

/* The same decoding, appended to out as compact JSON text (what json_dumps
 * with JSON_COMPACT makes of kavro_decode's tree, up to string escapes and
 * the order of repeated map keys) without building a tree: the bytes are
 * read straight into text with the writer schema compiled when it was
 * parsed. A reader schema that differs from the writer's goes through
 * kavro_decode (schema resolution). On error out is as it was. */
int kavro_decode_text(kavro_schema_t *writer, kavro_schema_t *reader, const void *p, size_t n,
                      strbuf_t *out, char *err);

/* Encodes v as Avro binary of schema s, appending to out. On a mismatch err
 * names the field path and what was expected ("cart_action: expected one of
 * ADD, REMOVE, UPDATE_QTY, got \"FOO\""). */
int kavro_encode(kavro_schema_t *s, json_t *v, strbuf_t *out, char *err);

/* Checks that a reader can read what the writer wrote (Avro resolution). */
int kavro_check_resolvable(kavro_schema_t *writer, kavro_schema_t *reader, char *err);

#endif
