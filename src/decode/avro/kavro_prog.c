/* Compiling a writer schema into the graph kavro_decode_text walks (see
 * kavro_prog.h). */
#include "decode/avro/kavro_prog.h"

#include <stdlib.h>
#include <string.h>

#include "base/json_text.h"

static knode_t *node_new(kavro_prog_t *pg, node_t nd)
{
    knode_t *k = xcalloc(1, sizeof *k);
    k->t = nd.t;
    k->logical = nd.logical;
    k->def = nd.def;
    pg->nodes = xrealloc(pg->nodes, (pg->n + 1) * sizeof *pg->nodes);
    pg->nodes[pg->n++] = k;
    return k;
}

static void set_label(knode_t *k, size_t i, const char *prefix, const char *text, const char *suffix)
{
    strbuf_t sb;
    sb_init(&sb);
    sb_adds(&sb, prefix);
    json_append_string(&sb, text, strlen(text));
    sb_adds(&sb, suffix);
    k->label_len[i] = sb.len;
    k->labels[i] = sb_steal(&sb);
}

static void alloc_kids(knode_t *k, size_t n, bool labels)
{
    k->n = n;
    k->kids = xcalloc(n ? n : 1, sizeof *k->kids);
    if (labels) {
        k->labels = xcalloc(n ? n : 1, sizeof *k->labels);
        k->label_len = xcalloc(n ? n : 1, sizeof *k->label_len);
    }
}

static knode_t *compile(kavro_prog_t *pg, const kavro_schema_t *s, json_t *sn)
{
    node_t nd = kavro_resolve(s, sn);
    bool named = nd.t == N_RECORD || nd.t == N_ENUM || nd.t == N_FIXED;
    if (named) /* a reference to a type already compiled (or being compiled) */
        for (size_t i = 0; i < pg->n; i++)
            if (pg->nodes[i]->def == nd.def && pg->nodes[i]->t == nd.t)
                return pg->nodes[i];
    knode_t *k = node_new(pg, nd);
    switch (nd.t) {
    case N_RECORD: {
        json_t *fields = json_object_get(nd.def, "fields");
        alloc_kids(k, json_array_size(fields), true);
        for (size_t i = 0; i < k->n; i++) {
            json_t *f = json_array_get(fields, i);
            const char *name = json_string_value(json_object_get(f, "name"));
            set_label(k, i, i ? "," : "{", name ? name : "", ":");
            k->kids[i] = compile(pg, s, json_object_get(f, "type"));
        }
        break;
    }
    case N_ENUM: {
        json_t *syms = json_object_get(nd.def, "symbols");
        alloc_kids(k, json_array_size(syms), true);
        for (size_t i = 0; i < k->n; i++) {
            const char *sym = json_string_value(json_array_get(syms, i));
            set_label(k, i, "", sym ? sym : "?", "");
        }
        break;
    }
    case N_FIXED:
        k->size = json_integer_value(json_object_get(nd.def, "size"));
        k->scale = (int)json_integer_value(json_object_get(nd.def, "scale"));
        break;
    case N_BYTES:
        k->scale = (int)json_integer_value(json_object_get(nd.def, "scale"));
        break;
    case N_ARRAY:
    case N_MAP:
        alloc_kids(k, 1, false);
        k->kids[0] = compile(pg, s, json_object_get(nd.def, nd.t == N_ARRAY ? "items" : "values"));
        break;
    case N_UNION:
        alloc_kids(k, json_array_size(nd.def), false);
        for (size_t i = 0; i < k->n; i++)
            k->kids[i] = compile(pg, s, json_array_get(nd.def, i));
        break;
    default:
        break;
    }
    return k;
}

kavro_prog_t *kavro_prog_new(const kavro_schema_t *s)
{
    kavro_prog_t *pg = xcalloc(1, sizeof *pg);
    pg->root = compile(pg, s, s->json);
    strbuf_t sb;
    sb_init(&sb);
    json_append_string(&sb, s->name, strlen(s->name));
    pg->name_json_len = sb.len;
    pg->name_json = sb_steal(&sb);
    return pg;
}

void kavro_prog_free(kavro_prog_t *pg)
{
    if (!pg)
        return;
    for (size_t i = 0; i < pg->n; i++) {
        knode_t *k = pg->nodes[i];
        if (k->labels)
            for (size_t j = 0; j < k->n; j++)
                free(k->labels[j]);
        free(k->labels);
        free(k->label_len);
        free(k->kids);
        free(k);
    }
    free(pg->nodes);
    free(pg->name_json);
    free(pg);
}

const char *kavro_schema_name_json(const kavro_schema_t *s, size_t *len)
{
    *len = s->prog->name_json_len;
    return s->prog->name_json;
}

/* --- decoding ------------------------------------------------------------ */

/* A double as jansson dumps it; NaN and the infinities as strings. */
