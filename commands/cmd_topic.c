/* topics and topic ...: list, describe, create, delete, configure and grow
 * topics. */
#include <stdlib.h>
#include <string.h>

#include "kafka/admin.h"
#include "commands/command.h"
#include "commands/config_rows.h"
#include "world/embedded.h"
#include "base/sanitize.h"

/* The commands of this file; cmd_table.c lists their entries. */
static int cmd_topics(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_topic_describe(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_topic_create(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_topic_delete(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_topic_config(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_topic_partitions(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);

static const opt_spec_t topics_opts[] = {
    {"--internal", NULL, "include internal topics (__consumer_offsets, ...)", false},
    {"--rate", NULL, "measure msg/s over one second (batch mode has no earlier sample)", false},
    {NULL, NULL, NULL, false}};

static const opt_spec_t topic_create_opts[] = {
    {"--partitions", "N", "number of partitions (default: the broker's num.partitions)", false},
    {"--replication-factor", "N", "copies of each partition (default: the broker's)", false},
    {"--config", "K=V", "a topic config, e.g. retention.ms=60000; repeat for more", true},
    {NULL, NULL, NULL, false}};

static const opt_spec_t topic_config_opts[] = {
    {"--delete", "KEY", "remove a config (back to the default); repeat for more", true},
    {"--append", "K=V", "add V to a list config (e.g. cleanup.policy=compact); repeat for more",
     true},
    {"--subtract", "K=V", "remove V from a list config; repeat for more", true},
    {NULL, NULL, NULL, false}};

const cmd_entry_t cmd_topics_entry = {
    .name = "topics",
    .args = "[GLOB]",
    .summary = "list topics",
    .help = "Topics with partition count, replication factor, messages (sum of high minus low "
            "watermark) and under-replicated partitions. GLOB filters names (shell wildcards).",
    .opts = topics_opts,
    .max_args = 1,
    .fn = cmd_topics,
};

const cmd_entry_t cmd_topic_describe_entry = {
    .name = "topic describe",
    .args = "TOPIC",
    .summary = "partitions and configs of a topic",
    .help = "Partitions with leader, replicas, in-sync replicas, low and high watermarks and "
            "message counts, then the topic's configs with where each value comes from. Values "
            "that differ from the default are marked with *; retention.ms, retention.bytes and "
            "cleanup.policy are always shown.",
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_topic_describe,
};

const cmd_entry_t cmd_topic_create_entry = {
    .name = "topic create",
    .args = "TOPIC",
    .summary = "create a topic",
    .help = "Creates a topic with --partitions partitions, each kept on --replication-factor "
            "brokers, and any --config settings (e.g. retention.ms=60000, "
            "cleanup.policy=compact). On the embedded demo cluster configs are not supported.",
    .opts = topic_create_opts,
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_topic_create,
    .writes = true,
};

const cmd_entry_t cmd_topic_delete_entry = {
    .name = "topic delete",
    .args = "TOPIC",
    .summary = "delete a topic and all its records",
    .help = "Deletes a topic. Asks you to type the topic name to confirm; batch mode needs "
            "--yes.",
    .opts = cmd_yes_opts,
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_topic_delete,
    .writes = true,
};

const cmd_entry_t cmd_topic_config_entry = {
    .name = "topic config",
    .args = "TOPIC [K=V...]",
    .summary = "show or change a topic's configs",
    .help = "Without K=V shows the topic's configs (those that differ from the default, and the "
            "retention and cleanup settings). With K=V sets them, --delete KEY removes them, "
            "and --append/--subtract K=V add a value to or remove one from a list config such "
            "as cleanup.policy. One IncrementalAlterConfigs request: every other setting of the "
            "topic stays as it is.",
    .opts = topic_config_opts,
    .min_args = 1,
    .max_args = -1,
    .fn = cmd_topic_config,
    .writes = true,
};

const cmd_entry_t cmd_topic_partitions_entry = {
    .name = "topic partitions",
    .args = "TOPIC N",
    .summary = "grow a topic to N partitions",
    .help = "Adds partitions so the topic has N. Kafka cannot remove partitions, and keys map "
            "to partitions by a hash modulo the count, so records of one key may land in a "
            "different partition from now on.",
    .min_args = 2,
    .max_args = 2,
    .fn = cmd_topic_partitions,
    .writes = true,
};

static json_t *rate_json(double rate)
{
    return rate < 0 ? json_null() : json_real(rate);
}

static int cmd_topics(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
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

static int cmd_topic_describe(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
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

/* The embedded mock cluster answers only what librdkafka's mock implements;
 * say so at once rather than wait for a request that cannot succeed. */
static int embedded_refuses(cmd_ctx_t *ctx, const char *what, char *err)
{
    if (!admin_is_mock(ctx->client))
        return 0;
    return ks_err(err, "not supported by the embedded demo cluster: %s; connect to a real "
                  "cluster with -b HOST:PORT for this", what);
}

/* Kafka's rule for topic names, checked here so the message is ours. */
static int check_topic_name(const char *name, char *err)
{
    size_t len = strlen(name);
    char q[200];
    if (len == 0 || len > 249)
        return ks_err(err, "invalid topic name: it must be 1 to 249 characters long");
    if (!strcmp(name, ".") || !strcmp(name, ".."))
        return ks_err(err, "invalid topic name '%s'", name);
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '-'))
            return ks_err(err, "invalid topic name '%s': only letters, digits, '.', '_' and '-' "
                          "are allowed", sanitize_quote(name, q, sizeof q));
    return 0;
}

/* The topic as the cluster sees it now; NULL with err when it is unknown. */
static ks_snapshot_t *topic_snapshot(cmd_ctx_t *ctx, const char *name, const ks_topic_t **t,
                                     char *err)
{
    ks_snapshot_t *s = cmd_snapshot(ctx, MODEL_TOPICS | MODEL_WATERMARKS, err);
    if (!s)
        return NULL;
    *t = snapshot_topic(s, name);
    if (!*t) {
        char q[200];
        ks_err(err, "unknown topic '%s' (see `topics`)", sanitize_quote(name, q, sizeof q));
        snapshot_release(s);
        return NULL;
    }
    return s;
}

/* After a change, metadata takes a moment to reach every broker: wait
 * (bounded) until it shows what we expect, so the next command sees it. */
static void wait_partitions(cmd_ctx_t *ctx, const char *topic, int want)
{
    int64_t deadline = mono_ms() + 5000;
    while (mono_ms() < deadline) {
        int n;
        char err[KS_ERRLEN];
        int rc = client_topic_partitions(ctx->client, NULL, topic, &n, err);
        if ((want < 0 && rc != 0) || (want >= 0 && rc == 0 && n >= want))
            break;
        sleep_ms(100);
    }
    if (ctx->model)
        model_poke(ctx->model);
}

static int parse_kv(const char *kv, admin_kv_t *out, const char *what, char *err)
{
    const char *eq = strchr(kv, '=');
    char q[200];
    if (!eq || eq == kv)
        return ks_err(err, "%s: expected KEY=VALUE, got '%s'", what, sanitize_quote(kv, q, sizeof q));
    out->key = xstrndup(kv, (size_t)(eq - kv));
    out->value = eq + 1;
    return 0;
}

static void kvs_free(admin_kv_t *kv, int n)
{
    for (int i = 0; i < n; i++)
        free((char *)kv[i].key);
    free(kv);
}

static int cmd_topic_create(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *name = o->pos[0];
    int64_t partitions = -1, rf = -1;
    if (check_topic_name(name, err) ||
        opt_int(o, "--partitions", 1, 100000, &partitions, err) ||
        opt_int(o, "--replication-factor", 1, 32767, &rf, err))
        return cmd_usage(res);
    int nconfigs = opt_count(o, "--config");
    admin_kv_t *configs = xcalloc((size_t)nconfigs + 1, sizeof *configs);
    int rc = 0, parsed = 0;
    for (int i = 0; i < nconfigs && rc == 0; i++, parsed++)
        rc = parse_kv(opt_at(o, "--config", i), &configs[i], "--config", err);
    if (rc) {
        kvs_free(configs, parsed);
        return cmd_usage(res);
    }
    ks_snapshot_t *s = cmd_snapshot(ctx, MODEL_TOPICS, err);
    if (!s) {
        kvs_free(configs, nconfigs);
        return -1;
    }
    bool exists = snapshot_topic(s, name) != NULL;
    snapshot_release(s);
    if (exists) {
        kvs_free(configs, nconfigs);
        return ks_err(err, "topic create: topic '%s' already exists", name);
    }
    if (client_is_embedded(ctx->client)) {
        if (nconfigs)
            rc = ks_err(err, "not supported by the embedded demo cluster: topic configs "
                        "(--config); create the topic without them");
        if (partitions < 0)
            partitions = 1;
        if (rf < 0)
            rf = ctx->cfg->embedded_brokers < 3 ? ctx->cfg->embedded_brokers : 3;
        if (rc == 0)
            rc = embedded_create_topic(embedded_of(ctx->client), name, (int)partitions, (int)rf, err);
    } else if (admin_is_mock(ctx->client)) {
        rc = ks_err(err, "not supported by the embedded demo cluster: creating topics from "
                    "another process (the mock has no CreateTopics; `kafscope --mock` runs "
                    "its own embedded cluster, where topic create works)");
    } else {
        rc = admin_create_topic(ctx->client, name, (int)partitions, (int)rf, configs, nconfigs,
                                err);
    }
    kvs_free(configs, nconfigs);
    if (rc)
        return -1;
    wait_partitions(ctx, name, partitions > 0 ? (int)partitions : 1);
    /* Report what the cluster made of it (the defaults the broker chose). */
    int have = -1;
    char ignore[KS_ERRLEN];
    client_topic_partitions(ctx->client, NULL, name, &have, ignore);
    json_t *root = json_pack("{s:s, s:s, s:o, s:o}", "created", name, "topic", name,
                             "partitions", have >= 0 ? json_integer(have) : json_null(),
                             "replication_factor", rf >= 0 ? json_integer(rf) : json_null());
    if (have >= 0)
        result_textf(res, "Created topic %s with %d partition%s.\n", name, have,
                     have == 1 ? "" : "s");
    else
        result_textf(res, "Created topic %s.\n", name);
    result_set_json(res, root);
    return 0;
}

static int cmd_topic_delete(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *name = o->pos[0];
    const ks_topic_t *t;
    ks_snapshot_t *s = topic_snapshot(ctx, name, &t, err);
    if (!s)
        return -1;
    int64_t messages = t->messages;
    bool internal = t->internal;
    snapshot_release(s);
    if (internal)
        return ks_err(err, "topic delete: refused: '%s' is an internal topic of Kafka", name);
    if (embedded_refuses(ctx, "deleting topics (the mock cluster has no DeleteTopics)", err))
        return -1;
    char *what = xasprintf("topic '%s' and its %lld record%s", name, (long long)messages,
                           messages == 1 ? "" : "s");
    int rc = cmd_confirm(ctx, o, res, "topic delete", what, name, err);
    free(what);
    if (rc || admin_delete_topic(ctx->client, name, err))
        return -1;
    wait_partitions(ctx, name, -1);
    result_textf(res, "Deleted topic %s.\n", name);
    result_set_json(res, json_pack("{s:s}", "deleted", name));
    return 0;
}

static int show_configs(cmd_ctx_t *ctx, const char *topic, result_t *res, char *err)
{
    json_t *all;
    if (topic_configs_table(ctx, topic, res, &all, err))
        return -1;
    result_set_json(res, json_pack("{s:s, s:o}", "topic", topic, "configs", all));
    return 0;
}

static const char *const config_op_words[] = {
    [ADMIN_CONFIG_SET] = "set", [ADMIN_CONFIG_DELETE] = "deleted",
    [ADMIN_CONFIG_APPEND] = "appended to", [ADMIN_CONFIG_SUBTRACT] = "subtracted from"};

/* The changes named on the command line: K=V, --append K=V, --subtract K=V,
 * --delete K. Keys are copied (ops_free frees them); values are borrowed. */
static int config_ops(const opts_t *o, admin_config_op_t **out, int *nout, char *err)
{
    static const char *const kv_opts[] = {"--append", "--subtract"};
    int n = o->npos - 1 + opt_count(o, "--append") + opt_count(o, "--subtract") +
            opt_count(o, "--delete");
    admin_config_op_t *ops = xcalloc((size_t)n + 1, sizeof *ops);
    int k = 0, rc = 0;
    admin_kv_t kv = {0}; /* filled by parse_kv on success (an optimised build cannot tell) */
    for (int i = 1; i < o->npos && rc == 0; i++)
        if ((rc = parse_kv(o->pos[i], &kv, "topic config", err)) == 0)
            ops[k++] = (admin_config_op_t){kv.key, kv.value, ADMIN_CONFIG_SET};
    for (int v = 0; v < 2 && rc == 0; v++)
        for (int i = 0; i < opt_count(o, kv_opts[v]) && rc == 0; i++)
            if ((rc = parse_kv(opt_at(o, kv_opts[v], i), &kv, kv_opts[v], err)) == 0)
                ops[k++] = (admin_config_op_t){kv.key, kv.value,
                                               v ? ADMIN_CONFIG_SUBTRACT : ADMIN_CONFIG_APPEND};
    for (int i = 0; i < opt_count(o, "--delete") && rc == 0; i++, k++)
        ops[k] = (admin_config_op_t){xstrdup(opt_at(o, "--delete", i)), NULL,
                                     ADMIN_CONFIG_DELETE};
    /* Kafka rejects a key named twice in one request; say which. */
    for (int i = 0; i < k && rc == 0; i++)
        for (int j = i + 1; j < k && rc == 0; j++)
            if (!strcmp(ops[i].key, ops[j].key))
                rc = ops[i].op == ops[j].op
                         ? ks_err(err, "topic config: %s is named twice", ops[i].key)
                         : ks_err(err, "topic config: %s is both %s and %s", ops[i].key,
                                  config_op_words[ops[i].op], config_op_words[ops[j].op]);
    *out = ops;
    *nout = k;
    return rc;
}

static void ops_free(admin_config_op_t *ops, int n)
{
    for (int i = 0; i < n; i++)
        free((char *)ops[i].key);
    free(ops);
}

static int cmd_topic_config(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *name = o->pos[0];
    const ks_topic_t *t;
    ks_snapshot_t *s = topic_snapshot(ctx, name, &t, err);
    if (!s)
        return -1;
    snapshot_release(s);
    bool change = o->npos > 1 || opt_count(o, "--delete") || opt_count(o, "--append") ||
                  opt_count(o, "--subtract");
    if (embedded_refuses(ctx, change ? "changing topic configs (no IncrementalAlterConfigs)"
                                     : "showing topic configs (no DescribeConfigs)",
                         err))
        return -1;
    if (!change)
        return show_configs(ctx, name, res, err);
    admin_config_op_t *ops;
    int nops;
    int rc = config_ops(o, &ops, &nops, err);
    if (rc) /* a bad KEY=VALUE or a key named twice: the user's words */
        res->error = CMD_ERR_USAGE;
    if (rc == 0)
        rc = admin_alter_topic_configs(ctx->client, name, ops, nops, err);
    if (rc == 0) {
        for (int i = 0; i < nops; i++) {
            char *k = sanitize_str(ops[i].key), *v = sanitize_str(ops[i].value ? ops[i].value : "");
            if (ops[i].op == ADMIN_CONFIG_SET)
                result_textf(res, "Set %s = %s\n", k, v);
            else if (ops[i].op == ADMIN_CONFIG_DELETE)
                result_textf(res, "Removed %s (back to the default)\n", k);
            else if (ops[i].op == ADMIN_CONFIG_APPEND)
                result_textf(res, "Appended %s to %s\n", v, k);
            else
                result_textf(res, "Removed %s from %s\n", v, k);
            free(k);
            free(v);
        }
        /* Show the outcome; the change itself has succeeded either way. */
        char serr[KS_ERRLEN];
        if (show_configs(ctx, name, res, serr))
            result_warnf(res, "warning: %s", serr);
    }
    ops_free(ops, nops);
    return rc;
}

static int cmd_topic_partitions(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *name = o->pos[0];
    int64_t want;
    char q[200];
    if (!parse_int64(o->pos[1], 1, 100000, &want))
        return cmd_usage_err(res, err, "topic partitions: N: expected a whole number from 1 to "
                             "100000, got '%s'", sanitize_quote(o->pos[1], q, sizeof q));
    const ks_topic_t *t;
    ks_snapshot_t *s = topic_snapshot(ctx, name, &t, err);
    if (!s)
        return -1;
    int have = t->npartitions;
    snapshot_release(s);
    if (want == have)
        return ks_err(err, "topic partitions: %s already has %d partitions", name, have);
    if (want < have)
        return ks_err(err, "topic partitions: %s has %d partitions and Kafka cannot remove "
                      "partitions (only add: N > %d)", name, have, have);
    if (embedded_refuses(ctx, "adding partitions (no CreatePartitions)", err))
        return -1;
    if (admin_create_partitions(ctx->client, name, (int)want, err))
        return -1;
    wait_partitions(ctx, name, (int)want);
    result_textf(res, "Topic %s now has %lld partitions (was %d).\n", name, (long long)want, have);
    result_warnf(res, "note: keys map to partitions by hash modulo the partition count, so new "
                      "records of a key may now go to a different partition than its old ones");
    result_set_json(res, json_pack("{s:s, s:I, s:i}", "topic", name, "partitions",
                                   (json_int_t)want, "previous", have));
    return 0;
}
