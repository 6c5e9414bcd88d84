/* Avro schemas: the JSON side of a schema (references normalised to full
 * names) and loading, reference counting and the accessors. What a node is
 * (types, logical types, resolving references) is kavro_node.c; the text
 * path's compiled form kavro_prog.c. Checking bytes is kavro_check.c, value -> JSON
 * kavro_json.c, JSON -> binary kavro_encode.c, binary -> JSON text
 * kavro_text.c. */
#include "decode/avro/kavro.h"

#include <avro.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/avro/kavro_prog.h"
#include "base/sanitize.h"

/* --- the JSON side of a schema ----------------------------------------- */

static char *full_name(const char *name, const char *ns)
{
    if (strchr(name, '.') || !ns || !*ns)
        return xstrdup(name);
    return xasprintf("%s.%s", ns, name);
}

/* Registers named types and rewrites references to full names, so later
 * walks need no namespace context. */
static void normalize(json_t *node, const char *ns, json_t *names, json_t *parent, const char *key,
                      size_t index)
{
    if (json_is_string(node)) {
        const char *t = json_string_value(node);
        if (kavro_is_primitive(t) || strchr(t, '.'))
            return;
        char *fn = full_name(t, ns);
        if (json_object_get(names, fn) && parent) {
            if (json_is_object(parent))
                json_object_set_new(parent, key, json_string(fn));
            else
                json_array_set_new(parent, index, json_string(fn));
        }
        free(fn);
        return;
    }
    if (json_is_array(node)) {
        size_t i;
        json_t *e;
        json_array_foreach(node, i, e) normalize(e, ns, names, node, NULL, i);
        return;
    }
    if (!json_is_object(node))
        return;
    const char *type = json_string_value(json_object_get(node, "type"));
    char *myns = NULL;
    if (type && (!strcmp(type, "record") || !strcmp(type, "error") || !strcmp(type, "enum") ||
                 !strcmp(type, "fixed"))) {
        const char *name = json_string_value(json_object_get(node, "name"));
        const char *explicit_ns = json_string_value(json_object_get(node, "namespace"));
        if (name) {
            const char *dot = strrchr(name, '.');
            if (dot)
                myns = xstrndup(name, (size_t)(dot - name));
            else
                myns = xstrdup(explicit_ns ? explicit_ns : ns ? ns : "");
            char *fn = full_name(name, myns);
            json_object_set(names, fn, node);
            free(fn);
        }
    }
    const char *cns = myns ? myns : ns;
    json_t *t = json_object_get(node, "type");
    if (json_is_object(t) || json_is_array(t) ||
        (json_is_string(t) && kavro_prim_type(type) == N_BAD))
        normalize(t, cns, names, node, "type", 0);
    json_t *items = json_object_get(node, "items");
    if (items)
        normalize(items, cns, names, node, "items", 0);
    json_t *values = json_object_get(node, "values");
    if (values)
        normalize(values, cns, names, node, "values", 0);
    json_t *fields = json_object_get(node, "fields");
    if (json_is_array(fields)) {
        size_t i;
        json_t *f;
        json_array_foreach(fields, i, f) {
            json_t *ft = json_object_get(f, "type");
            if (ft)
                normalize(ft, cns, names, f, "type", 0);
        }
    }
    free(myns);
}

/* --- loading ------------------------------------------------------------ */

static bool json_contains_logical(json_t *n)
{
    if (json_is_object(n)) {
        if (json_object_get(n, "logicalType"))
            return true;
        const char *k;
        json_t *v;
        json_object_foreach(n, k, v) if (json_contains_logical(v)) return true;
    } else if (json_is_array(n)) {
        size_t i;
        json_t *v;
        json_array_foreach(n, i, v) if (json_contains_logical(v)) return true;
    }
    return false;
}

kavro_schema_t *kavro_schema_parse(const char *text, size_t len, char *err)
{
    const ks_avro_t *av = libavro(err);
    if (!av)
        return NULL;
    json_error_t je;
    json_t *j = json_loadb(text, len, JSON_DECODE_ANY, &je);
    if (!j) {
        ks_err(err, "schema is not valid JSON: %s (line %d, column %d)", je.text, je.line,
               je.column);
        return NULL;
    }
    char *compact = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
    avro_schema_t schema = NULL;
    if (!compact || av->schema_from_json_length(compact, strlen(compact), &schema)) {
        const char *why = av->strerror();
        ks_err(err, "invalid Avro schema: %s", why && *why ? why : "not accepted by avro-c");
        free(compact);
        json_decref(j);
        return NULL;
    }
    (void)json_contains_logical;
    kavro_schema_t *s = xcalloc(1, sizeof *s);
    atomic_init(&s->refs, 1);
    s->av = av;
    s->schema = schema;
    s->json = j;
    s->names = json_object();
    s->text = compact;
    normalize(j, NULL, s->names, NULL, NULL, 0);
    s->iface = av->generic_class_from_schema(schema);
    if (!s->iface) {
        ks_err(err, "invalid Avro schema: %s", av->strerror());
        kavro_schema_free(s);
        return NULL;
    }
    node_t top = kavro_resolve(s, j);
    const char *nm = top.def ? json_string_value(json_object_get(top.def, "name")) : NULL;
    if (nm && (top.t == N_RECORD || top.t == N_ENUM || top.t == N_FIXED)) {
        const char *ns = json_string_value(json_object_get(top.def, "namespace"));
        s->name = full_name(nm, ns);
    } else {
        s->name = xstrdup(kavro_type_word(top.t));
    }
    s->prog = kavro_prog_new(s);
    return s;
}

kavro_schema_t *kavro_schema_load_file(const char *path, char *err)
{
    size_t len;
    char *text = file_read_text(path, 16u << 20, &len);
    if (!text) {
        ks_err(err, "cannot read schema %s: %s", path, strerror(errno));
        return NULL;
    }
    char e2[KS_ERRLEN];
    kavro_schema_t *s = kavro_schema_parse(text, len, e2);
    if (!s)
        ks_err(err, "%s: %s", path, e2);
    free(text);
    return s;
}

kavro_schema_t *kavro_schema_ref(kavro_schema_t *s)
{
    atomic_fetch_add(&s->refs, 1);
    return s;
}

void kavro_schema_free(kavro_schema_t *s)
{
    if (!s || atomic_fetch_sub(&s->refs, 1) > 1)
        return;
    kavro_prog_free(s->prog);
    if (s->iface)
        avro_value_iface_decref(s->iface);
    s->av->schema_decref(s->schema);
    json_decref(s->names);
    json_decref(s->json);
    free(s->name);
    free(s->text);
    free(s);
}

const char *kavro_schema_name(const kavro_schema_t *s) { return s->name; }
const char *kavro_schema_text(const kavro_schema_t *s) { return s->text; }
json_t *kavro_schema_json(const kavro_schema_t *s) { return s->json; }
json_t *kavro_schema_named(const kavro_schema_t *s, const char *name)
{
    return json_object_get(s->names, name);
}
