/* A compiled template as a tree (template.c builds it, template_render.c
 * walks it): JSON nodes whose strings are literal text and placeholders.
 * Immutable once compiled. */
#ifndef KS_TEMPLATE_TREE_H
#define KS_TEMPLATE_TREE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { PH_SEQ, PH_UUID, PH_NOW, PH_NOW_MS, PH_INT, PH_FLOAT, PH_PICK, PH_WEIGHTED,
               PH_NAME, PH_WORD } ph_kind_t;

typedef struct {
    ph_kind_t kind;
    int64_t lo, hi;       /* int */
    double flo, fhi;      /* float */
    int decimals;         /* float */
    json_t **choices;     /* pick, weighted */
    int64_t *weights;     /* weighted: cumulative */
    size_t nchoices;
} placeholder_t;

typedef struct {
    char *text; /* literal text, or NULL for a placeholder */
    size_t len;
    placeholder_t ph;
} segment_t;

typedef enum { TN_LITERAL, TN_STRING, TN_ARRAY, TN_OBJECT } tnode_kind_t;

typedef struct tnode {
    tnode_kind_t kind;
    json_t *literal;       /* TN_LITERAL: number, true, false, null */
    segment_t *segs;       /* TN_STRING */
    size_t nsegs;
    struct tnode **kids;   /* TN_ARRAY: items; TN_OBJECT: key, value, key, value... */
    size_t nkids;
} tnode_t;

struct ks_template {
    tnode_t *root;
};

#endif
