/* decoder: which decoder shows each topic's keys and values. */
#include <stdlib.h>
#include <string.h>

#include "commands/command.h"
#include "decode/decode.h"

/* The commands of this file; cmd_table.c lists their entries. */
static int cmd_decoder(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);

const cmd_entry_t cmd_decoder_entry = {
    .name = "decoder",
    .args = "[TOPIC key|value NAME [ARG]]",
    .summary = "set how a topic's keys or values are decoded",
    .help = "NAME: auto (default: Confluent-framed Avro via the Schema Registry, then JSON, "
            "UTF-8 text, binary), text, json, hex, avro FILE.avsc (also reads Confluent-framed "
            "data, with the file as the reader schema), registry. TOPIC may be a glob. Also "
            "settable as decoder.TOPIC.key|value=NAME [ARG] with -X or in the config file, and "
            "with tail --key-decoder/--value-decoder. Without arguments lists the settings.",
    .max_args = 4,
    .fn = cmd_decoder,
    .offline = true,
};

static int cmd_decoder(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    ks_decoders_t *d = cmd_decoders(ctx);
    if (!ctx->cfg->bootstrap) /* kafscope runs the embedded demo cluster */
        cmd_preset_demo_decoders(ctx);
    if (o->npos == 1 || o->npos == 2)
        return cmd_usage_err(res, err, "decoder: usage: decoder TOPIC key|value NAME [ARG] (NAME: "
                             "auto, text, json, hex, avro FILE.avsc, registry); without "
                             "arguments lists the settings");
    if (o->npos >= 3) {
        const char *topic = o->pos[0], *part = o->pos[1];
        if (strcmp(part, "key") && strcmp(part, "value"))
            return cmd_usage_err(res, err, "decoder: expected key or value, got '%s'", part);
        char *spec = o->npos == 4 ? xasprintf("%s %s", o->pos[2], o->pos[3]) : xstrdup(o->pos[2]);
        int rc = decoders_set(d, topic, !strcmp(part, "key"), spec, err);
        free(spec);
        if (rc)
            return -1;
        result_textf(res, "%s of %s: %s%s%s\n", part, topic, o->pos[2], o->npos == 4 ? " " : "",
                     o->npos == 4 ? o->pos[3] : "");
    }
    json_t *list = decoders_list(d);
    json_t *root = json_pack("{s:o, s:o}", "decoders", list, "schema_registry",
                             json_str_safe(ctx->cfg->registry.url));
    if (o->npos == 0) {
        if (!json_array_size(list))
            result_textf(res, "every topic: auto (Confluent Avro via the registry, JSON, text, "
                              "binary)\n");
        static const char *const cols[] = {"TOPIC:topic", "PART:part", "DECODER:decoder",
                                           "SCHEMA:schema", NULL};
        result_add_table(res, NULL, list, cols);
    }
    result_set_json(res, root);
    return 0;
}
