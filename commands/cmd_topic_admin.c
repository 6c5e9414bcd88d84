/* topic create, topic delete, topic config, topic partitions: the commands
 * that change topics. */
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "command.h"
#include "config_rows.h"
#include "embedded.h"
#include "sanitize.h"

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
                          "are allowed", cmd_quote(name, q, sizeof q));
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
        ks_err(err, "unknown topic '%s' (see `topics`)", cmd_quote(name, q, sizeof q));
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
        return ks_err(err, "%s: expected KEY=VALUE, got '%s'", what, cmd_quote(kv, q, sizeof q));
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

int cmd_topic_create(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *name = o->pos[0];
    int64_t partitions = -1, rf = -1;
    if (check_topic_name(name, err) ||
        opt_int(o, "--partitions", 1, 100000, &partitions, err) ||
        opt_int(o, "--replication-factor", 1, 32767, &rf, err))
        return -1;
    int nconfigs = opt_count(o, "--config");
    admin_kv_t *configs = xcalloc((size_t)nconfigs + 1, sizeof *configs);
    int rc = 0, parsed = 0;
    for (int i = 0; i < nconfigs && rc == 0; i++, parsed++)
        rc = parse_kv(opt_at(o, "--config", i), &configs[i], "--config", err);
    if (rc) {
        kvs_free(configs, parsed);
        return -1;
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
            rc = embedded_create_topic(ctx->client->embedded, name, (int)partitions, (int)rf, err);
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

int cmd_topic_delete(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
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
    int rc = cmd_confirm(ctx, o, "topic delete", what, name, err);
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

int cmd_topic_config(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *name = o->pos[0];
    const ks_topic_t *t;
    ks_snapshot_t *s = topic_snapshot(ctx, name, &t, err);
    if (!s)
        return -1;
    snapshot_release(s);
    int nset = o->npos - 1, ndel = opt_count(o, "--delete");
    if (embedded_refuses(ctx, nset || ndel ? "changing topic configs (no AlterConfigs)"
                                           : "showing topic configs (no DescribeConfigs)",
                         err))
        return -1;
    if (nset == 0 && ndel == 0)
        return show_configs(ctx, name, res, err);
    admin_kv_t *set = xcalloc((size_t)nset + 1, sizeof *set);
    const char **del = xcalloc((size_t)ndel + 1, sizeof *del);
    int rc = 0, parsed = 0;
    for (int i = 0; i < nset && rc == 0; i++, parsed++)
        rc = parse_kv(o->pos[i + 1], &set[i], "topic config", err);
    for (int i = 0; i < ndel; i++)
        del[i] = opt_at(o, "--delete", i);
    for (int i = 0; rc == 0 && i < nset; i++)
        for (int k = 0; rc == 0 && k < ndel; k++)
            if (!strcmp(set[i].key, del[k]))
                rc = ks_err(err, "topic config: %s is both set and deleted", del[k]);
    if (rc == 0)
        rc = admin_alter_topic_configs(ctx->client, name, set, nset, del, ndel, err);
    if (rc == 0) {
        for (int i = 0; i < nset; i++) {
            char *k = sanitize_str(set[i].key), *v = sanitize_str(set[i].value);
            result_textf(res, "Set %s = %s\n", k, v);
            free(k);
            free(v);
        }
        for (int i = 0; i < ndel; i++) {
            char *k = sanitize_str(del[i]);
            result_textf(res, "Removed %s (back to the default)\n", k);
            free(k);
        }
        /* Show the outcome; the change itself has succeeded either way. */
        char serr[KS_ERRLEN];
        if (show_configs(ctx, name, res, serr))
            result_warnf(res, "warning: %s", serr);
    }
    kvs_free(set, parsed);
    free(del);
    return rc;
}

int cmd_topic_partitions(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *name = o->pos[0];
    int64_t want;
    char q[200];
    if (!parse_int64(o->pos[1], 1, 100000, &want))
        return ks_err(err, "topic partitions: N: expected a whole number from 1 to 100000, got "
                      "'%s'", cmd_quote(o->pos[1], q, sizeof q));
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
