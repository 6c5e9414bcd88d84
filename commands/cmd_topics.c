/* topics and topic describe. */
#include <stdlib.h>
#include <string.h>

#include "kafka/admin.h"
#include "commands/command.h"
#include "commands/config_rows.h"

static json_t *rate_json(double rate)
{
    return rate < 0 ? json_null() : json_real(rate);
}

int cmd_topics(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *glob = o->npos ? o->pos[0] : NULL;
    bool internal = opt_has(o, "--internal") || (glob && glob[0] == '_');
    ks_snapshot_t *s = cmd_snapshot(ctx, MODEL_TOPICS | MODEL_WATERMARKS, err);
    if (!s)
        return -1;
    /* Rates come from the watermark delta between two snapshots: take a
     * second one a second later unless the model already had one. */
    if (opt_has(o, "--rate") && !ctx->live_model) {
        snapshot_release(s);
        sleep_ms(1000);
        s = model_refresh_sync(ctx->model, MODEL_TOPICS | MODEL_WATERMARKS, err);
        if (!s)
            return -1;
    }
    json_t *rows = json_array();
    for (int i = 0; i < s->ntopics; i++) {
        const ks_topic_t *t = &s->topics[i];
        if ((t->internal && !internal) || (glob && !glob_match(glob, t->name)))
            continue;
        json_array_append_new(
            rows, json_pack("{s:o, s:b, s:i, s:i, s:I, s:o, s:i}", "name", json_str_safe(t->name),
                            "internal", t->internal, "partitions", t->npartitions,
                            "replication_factor", t->replication_factor, "messages",
                            (json_int_t)t->messages, "rate", rate_json(t->rate),
                            "under_replicated", t->under_replicated));
    }
    result_set_json(res, json_pack("{s:o}", "topics", rows));
    static const char *const cols[] = {"TOPIC:name", "PARTITIONS:partitions:r",
                                       "RF:replication_factor:r", "MESSAGES:messages:r",
                                       "MSG/S:rate:r", "UNDER-REPLICATED:under_replicated:r",
                                       NULL};
    result_add_table(res, NULL, rows, cols);
    snapshot_release(s);
    return 0;
}

static json_t *ids_json(const int32_t *ids, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_integer(ids[i]));
    return a;
}

static json_t *offset_json(int64_t v)
{
    return v < 0 ? json_null() : json_integer(v);
}

static void add_configs(cmd_ctx_t *ctx, const char *topic, json_t *root, result_t *res)
{
    json_t *all;
    char cerr[KS_ERRLEN];
    if (topic_configs_table(ctx, topic, res, &all, cerr)) {
        json_object_set_new(root, "configs_error", json_string(cerr));
        result_warnf(res, "configs: %s", cerr);
        return;
    }
    json_object_set_new(root, "configs", all);
}

int cmd_topic_describe(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *name = o->pos[0];
    ks_snapshot_t *s = cmd_snapshot(ctx, MODEL_TOPICS | MODEL_WATERMARKS, err);
    if (!s)
        return -1;
    const ks_topic_t *t = snapshot_topic(s, name);
    if (!t) {
        snapshot_release(s);
        return ks_err(err, "unknown topic '%s' (see `topics`)", name);
    }
    json_t *parts = json_array();
    for (int i = 0; i < t->npartitions; i++) {
        const ks_partition_t *p = &t->partitions[i];
        json_array_append_new(
            parts, json_pack("{s:i, s:i, s:o, s:o, s:o, s:o, s:o, s:b}", "partition", (int)p->id,
                             "leader", (int)p->leader, "replicas", ids_json(p->replicas, p->nreplicas),
                             "isr", ids_json(p->isr, p->nisr), "low", offset_json(p->low), "high",
                             offset_json(p->high), "messages",
                             (p->low >= 0 && p->high >= 0) ? json_integer(p->high - p->low)
                                                           : json_null(),
                             "under_replicated", p->nisr < p->nreplicas));
    }
    json_t *root = json_pack("{s:o, s:b, s:i, s:i, s:I, s:i, s:o}", "name", json_str_safe(t->name),
                             "internal", t->internal, "partition_count", t->npartitions,
                             "replication_factor", t->replication_factor, "messages",
                             (json_int_t)t->messages, "under_replicated", t->under_replicated,
                             "partitions", parts);
    static const char *const head[] = {"Topic:name", "Partitions:partition_count",
                                       "Replication factor:replication_factor",
                                       "Messages:messages", "Under-replicated:under_replicated",
                                       NULL};
    result_add_fields(res, NULL, root, head);
    static const char *const cols[] = {"PARTITION:partition:r", "LEADER:leader:r",
                                       "REPLICAS:replicas", "ISR:isr", "LOW:low:r", "HIGH:high:r",
                                       "MESSAGES:messages:r", NULL};
    result_add_table(res, NULL, parts, cols);
    snapshot_release(s);
    add_configs(ctx, name, root, res);
    result_set_json(res, root);
    return 0;
}
