/* config: what kafscope is connected with (secrets masked). */
#include <stdlib.h>

#include "base/secret.h"
#include "commands/command.h"

/* The commands of this file; cmd_table.c lists their entries. */
static int cmd_config(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);

const cmd_entry_t cmd_config_entry = {
    .name = "config",
    .args = "",
    .summary = "show the connection settings (secrets masked)",
    .help = "The bootstrap servers, cluster name, and every librdkafka property in effect. "
            "Values of passwords, secrets and keys are masked.",
    .max_args = 0,
    .fn = cmd_config,
    .offline = true,
    .flags = CMD_LOCAL,
};

static json_t *masked(const char *key, const char *value)
{
    return is_secret_key(key) ? json_string("********") : json_str_safe(value);
}

static int cmd_config(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    (void)o;
    (void)err;
    const ks_config_t *cfg = ctx->cfg;
    json_t *props = json_array();
    for (int i = 0; i < cfg->nprops; i++)
        json_array_append_new(props, json_pack("{s:o, s:o}", "key", json_str_safe(cfg->props[i].key),
                                               "value", masked(cfg->props[i].key, cfg->props[i].value)));
    const char *bootstrap = cfg->bootstrap ? cfg->bootstrap
                          : ctx->client      ? ctx->client->bootstrap
                                             : NULL;
    /* What the producer really runs with: kafscope's defaults or the user's -X. */
    const char *idem_v = client_producer_setting(cfg, "enable.idempotence");
    const char *acks_v = client_producer_setting(cfg, "acks");
    json_t *root = json_pack(
        "{s:o, s:o, s:b, s:b, s:i, s:i, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o}", "cluster",
        json_str_safe(config_display_name(cfg)), "bootstrap", json_str_safe(bootstrap), "embedded",
        cfg->bootstrap == NULL, "read_only", cfg->read_only, "refresh_ms", cfg->refresh_ms,
        "timeout_ms", cfg->timeout_ms, "tail_max_records", (json_int_t)cfg->tail_max_records,
        "tail_max_bytes", (json_int_t)cfg->tail_max_bytes, "schema_registry_url",
        json_str_safe(cfg->registry.url), "schema_registry_auth",
        cfg->registry.auth ? json_string("********") : json_null(), "connect_url",
        json_str_safe(cfg->connect_url), "connect_auth",
        cfg->connect_auth ? json_string("********") : json_null(), "properties", props,
        "librdkafka", rd_kafka_version_str(), "enable_idempotence", json_str_safe(idem_v),
        "acks", json_str_safe(acks_v));
    static const char *const head[] = {"Cluster:cluster", "Bootstrap:bootstrap",
                                       "Embedded:embedded", "Read-only:read_only",
                                       "Refresh (ms):refresh_ms", "Timeout (ms):timeout_ms",
                                       "Tail buffer (records):tail_max_records",
                                       "Tail buffer (bytes):tail_max_bytes",
                                       "Schema Registry:schema_registry_url",
                                       "Kafka Connect:connect_url",
                                       "librdkafka:librdkafka",
                                       "Idempotent producer:enable_idempotence",
                                       "Producer acks:acks", NULL};
    result_add_fields(res, NULL, root, head);
    static const char *const cols[] = {"PROPERTY:key", "VALUE:value", NULL};
    result_add_table(res, "librdkafka properties:", props, cols);
    result_set_json(res, root);
    return 0;
}
