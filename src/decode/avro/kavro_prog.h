/* The compiled writer schema (kavro_prog_t): a graph of nodes whose labels
 * are ready-made JSON text ("\"field\":", "\"SYMBOL\""), built once when a
 * schema is parsed (kavro_schema.c) and walked by kavro_decode_text
 * (kavro_text.c). Read-only once built, so any thread may walk it. */
#ifndef KS_KAVRO_PROG_H
#define KS_KAVRO_PROG_H

#include "decode/avro/kavro_internal.h"

typedef struct knode knode_t;
struct knode {
    ntype_t t;
    logical_t logical;
    const json_t *def; /* what a named type was compiled from (records recurse) */
    int scale;         /* decimal */
    int64_t size;      /* fixed */
    size_t n;          /* record fields, enum symbols, union branches */
    knode_t **kids;    /* record: field types; union: branches; array, map: kids[0] */
    char **labels;     /* record: "{\"f\":" then ",\"g\":"; enum: "\"SYMBOL\"" */
    size_t *label_len;
};

struct kavro_prog {
    knode_t **nodes; /* every node, for lookup of named types and for freeing */
    size_t n;
    knode_t *root;
    char *name_json; /* the schema's full name as a JSON string, for every envelope */
    size_t name_json_len;
};

#endif
