/* What the kavro files share. Bottom first, each calling only those before
 * it: kavro_node.c (what a schema node is), kavro_logical.c (readable
 * logical types), kavro_prog.c (the compiled writer schema), kavro_schema.c
 * (schemas), kavro_check.c (checking bytes), kavro_encode.c (JSON ->
 * binary), kavro_json.c (value -> JSON), kavro_text.c (binary straight to
 * JSON text); kavro_gen.c (random records) on top. Not for use outside
 * src/decode/avro/. */
#ifndef KS_KAVRO_INTERNAL_H
#define KS_KAVRO_INTERNAL_H

#include <avro.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "decode/avro/kavro.h"
#include "decode/avro/libavro.h"

/* Deeper nesting than this is refused: it can only come from a recursive
 * schema, and avro-c recurses on the C stack. */
#define MAX_DEPTH 200
/* Arrays and maps of items that take no bytes (null, empty records) could
 * claim any count in a few bytes; this bounds what one datum may hold. */
#define MAX_ZERO_SIZE_ITEMS 100000

typedef struct kavro_prog kavro_prog_t;

struct kavro_schema {
    atomic_int refs;
    const ks_avro_t *av; /* avro-c's functions, loaded with the first schema */
    avro_schema_t schema;
    avro_value_iface_t *iface;
    json_t *json;  /* the schema, references normalized to full names */
    json_t *names; /* full name -> definition (borrowed from json) */
    char *name;
    char *text;
    kavro_prog_t *prog; /* the writer's side compiled for kavro_decode_text */
};

typedef enum {
    N_NULL, N_BOOLEAN, N_INT, N_LONG, N_FLOAT, N_DOUBLE, N_BYTES, N_STRING,
    N_RECORD, N_ENUM, N_FIXED, N_ARRAY, N_MAP, N_UNION, N_BAD
} ntype_t;

/* What a schema node is, after following references and nested "type"s. */
typedef enum { L_NONE, L_DECIMAL, L_UUID, L_DATE, L_TIME_MS, L_TIME_US, L_TS_MS, L_TS_US,
               L_LTS_MS, L_LTS_US } logical_t;

typedef struct {
    ntype_t t;
    json_t *def; /* the object holding attributes (fields, symbols, size...), or the union array */
    logical_t logical;
} node_t;

/* kavro_node.c: the node behind n (references followed); the type of a
 * type name (N_BAD for a name that is none); the eight primitive names. */
node_t kavro_resolve(const kavro_schema_t *s, json_t *n);
ntype_t kavro_prim_type(const char *t);
bool kavro_is_primitive(const char *t);

/* Reading untrusted bytes: every read is bounds-checked and errors say where. */
typedef struct {
    const unsigned char *p;
    size_t n, pos;
    long zero_items;
    char *err;
} cursor_t;

int kavro_read_long(cursor_t *c, int64_t *out);
/* Skips len bytes (a string, bytes, fixed), refusing what is not there. */
int kavro_need(cursor_t *c, int64_t len, const char *what);

/* The item count of the next block of an array or map (0: the end); a
 * block's byte size, when given, must be there. */
int kavro_block_count(cursor_t *c, int64_t *count);
/* After an item that began at byte start: bounds the items that take no
 * bytes (MAX_ZERO_SIZE_ITEMS). */
int kavro_item_end(cursor_t *c, size_t start);

/* Readable forms of the logical types (see kavro.h), kavro_logical.c; false
 * when the value has none (it is shown as the number). */
#define KAVRO_FMT_LEN 80
bool kavro_fmt_date(int64_t days, char *buf, size_t size);
bool kavro_fmt_time(int64_t units, int64_t per_sec, char *buf, size_t size);
bool kavro_fmt_timestamp(int64_t units, int64_t per_sec, bool utc, char *buf, size_t size);
void kavro_fmt_decimal(strbuf_t *sb, const unsigned char *p, size_t n, int scale);

/* The schema word of a node type ("record", "int", ...), kavro_node.c. */
const char *kavro_type_word(ntype_t t);
/* Checks the bytes at c against schema node sn (kavro_check.c). */
int kavro_check(const kavro_schema_t *s, json_t *sn, cursor_t *c, int depth);
/* Days since 1970-01-01 of a civil date (kavro_logical.c). */
int64_t kavro_days_from_civil(int64_t y, unsigned m, unsigned d);
/* Encodes v as s (kavro_encode.c); evolve: reading old data with a new
 * schema (unknown fields dropped, enum defaults). */
int kavro_encode_value(kavro_schema_t *s, json_t *v, strbuf_t *out, bool evolve, char *err);

/* The compiled writer schema (kavro_prog.c, kavro_prog.h): built once per
 * schema, when it is parsed. */
kavro_prog_t *kavro_prog_new(const kavro_schema_t *s);
void kavro_prog_free(kavro_prog_t *pg);

#endif
