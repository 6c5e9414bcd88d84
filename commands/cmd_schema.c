/* schemas, schema: what the Schema Registry holds. */
#include <stdlib.h>
#include <string.h>

#include "commands/command.h"
#include "decode/decode.h"
#include "decode/registry.h"
#include "base/sanitize.h"

/* The commands of this file; cmd_table.c lists their entries. */
static int cmd_schemas(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_schema(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);

const cmd_entry_t cmd_schemas_entry = {
    .name = "schemas",
    .args = "[GLOB]",
    .summary = "list Schema Registry subjects",
    .help = "Subjects registered in the Schema Registry (schema.registry.url, with "
            "schema.registry.basic.auth.user.info for HTTP basic auth).",
    .max_args = 1,
    .fn = cmd_schemas,
    .offline = true,
};

const cmd_entry_t cmd_schema_entry = {
    .name = "schema",
    .args = "SUBJECT [VERSION]",
    .summary = "show a schema from the Schema Registry",
    .help = "The schema of SUBJECT at VERSION (default: latest), with its id and the subject's "
            "versions.",
    .min_args = 1,
    .max_args = 2,
    .fn = cmd_schema,
    .offline = true,
};

static ks_registry_t *registry(cmd_ctx_t *ctx, char *err)
{
    return decoders_registry(cmd_decoders(ctx), err);
}

static int cmd_schemas(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    ks_registry_t *reg = registry(ctx, err);
    json_t *subjects;
    if (!reg || registry_subjects(reg, &subjects, err))
        return -1;
    const char *glob = o->npos ? o->pos[0] : NULL;
    json_t *rows = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(subjects, i, s) {
        const char *name = json_string_value(s);
        if (name && (!glob || glob_match(glob, name)))
            json_array_append_new(rows, json_pack("{s:o}", "subject", json_str_safe(name)));
    }
    json_decref(subjects);
    json_t *root = json_pack("{s:o}", "subjects", rows);
    static const char *const cols[] = {"SUBJECT:subject", NULL};
    result_add_table(res, NULL, rows, cols);
    if (!json_array_size(rows))
        result_textf(res, "no subjects%s\n", glob ? " match" : " registered");
    result_set_json(res, root);
    return 0;
}

static int cmd_schema(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    ks_registry_t *reg = registry(ctx, err);
    if (!reg)
        return -1;
    const char *subject = o->pos[0];
    const char *version = o->npos > 1 ? o->pos[1] : "latest";
    int64_t vn = 0;
    if (strcmp(version, "latest") && !parse_int64(version, 1, INT32_MAX, &vn))
        return ks_err(err, "schema: VERSION must be a number >= 1 or latest, got '%s'", version);
    json_t *v;
    if (registry_subject_version(reg, subject, version, &v, err))
        return -1;
    json_t *versions = NULL;
    char e2[KS_ERRLEN];
    if (registry_versions(reg, subject, &versions, e2))
        versions = json_array();
    const char *text = json_string_value(json_object_get(v, "schema"));
    json_t *parsed = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
    const char *type = json_string_value(json_object_get(v, "schemaType"));
    json_t *root = json_pack("{s:o, s:O, s:O, s:s, s:o, s:o}", "subject", json_str_safe(subject),
                             "version", json_object_get(v, "version"), "id",
                             json_object_get(v, "id"), "type", type ? type : "AVRO", "versions",
                             versions, "schema", parsed ? parsed : json_str_safe(text));
    static const char *const head[] = {"Subject:subject", "Version:version", "Id:id",
                                       "Type:type", NULL};
    result_add_fields(res, NULL, root, head);
    strbuf_t sb;
    sb_init(&sb);
    char *vl = json_dumps(versions, JSON_COMPACT);
    sb_printf(&sb, "Versions: %s\n", vl ? vl : "[]");
    free(vl);
    if (parsed)
        json_pretty(&sb, parsed, 2);
    else if (text)
        sb_adds(&sb, text);
    sb_addc(&sb, '\n');
    /* the schema text comes from the registry: sanitize line by line */
    for (char *line = sb.buf, *nl; line && *line; line = nl + 1) {
        nl = strchr(line, '\n');
        char *raw = xstrndup(line, nl ? (size_t)(nl - line) : strlen(line));
        char *sl = sanitize_str(raw);
        result_textf(res, "%s\n", sl);
        free(sl);
        free(raw);
        if (!nl)
            break;
    }
    sb_free(&sb);
    json_decref(v);
    result_set_json(res, root);
    return 0;
}
