#include "commands/config_rows.h"

#include <string.h>

#include "kafka/admin.h"

static bool always_shown(const char *name)
{
    return !strcmp(name, "retention.ms") || !strcmp(name, "retention.bytes") ||
           !strcmp(name, "cleanup.policy");
}

int topic_configs_table(cmd_ctx_t *ctx, const char *topic, result_t *res, json_t **all,
                        char *err)
{
    ks_config_entry_t *ents;
    int n;
    *all = NULL;
    if (admin_describe_configs(ctx->client, ADMIN_TOPIC, topic, &ents, &n, err))
        return -1;
    json_t *shown = json_array();
    *all = json_array();
    for (int i = 0; i < n; i++) {
        json_t *row = json_pack("{s:o, s:o, s:s, s:b, s:b, s:b, s:s}", "name",
                                json_str_safe(ents[i].name), "value",
                                ents[i].sensitive ? json_string("(sensitive)")
                                                  : json_str_safe(ents[i].value),
                                "source", ents[i].source, "default", ents[i].is_default,
                                "sensitive", ents[i].sensitive, "read_only", ents[i].read_only,
                                "mark", ents[i].is_default ? "" : "*");
        json_array_append(*all, row);
        if (!ents[i].is_default || always_shown(ents[i].name))
            json_array_append(shown, row);
        json_decref(row);
    }
    admin_config_entries_free(ents, n);
    static const char *const cols[] = {" :mark", "CONFIG:name", "VALUE:value", "SOURCE:source",
                                       NULL};
    result_add_table(res, "Configs (* = not the default; `--json` lists all):", shown, cols);
    json_decref(shown);
    return 0;
}
