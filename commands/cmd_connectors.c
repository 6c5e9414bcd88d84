/* connectors, connector describe, connector plugins: what a Kafka Connect
 * cluster runs. Everything from the worker is untrusted: text goes through
 * the result renderer or sanitize_str, JSON through jansson. */
#include <stdlib.h>
#include <string.h>

#include "commands/command.h"
#include "http/connect.h"
#include "http/connect_data.h"
#include "base/sanitize.h"

struct ks_connect *cmd_connect_new(const cmd_ctx_t *ctx, volatile sig_atomic_t *cancel,
                                   char *err)
{
    const ks_config_t *cfg = ctx->cfg;
    if (!cfg->connect_url || !*cfg->connect_url) {
        ks_err(err, "no Kafka Connect URL: give --connect URL, or connect.url in the config file "
                    "or with -X connect.url=URL");
        return NULL;
    }
    ks_http_opts_t o = {
        .url = cfg->connect_url,
        .userinfo = cfg->connect_auth,
        .ca_file = cfg->connect_ca,
        .cert_file = cfg->connect_cert,
        .key_file = cfg->connect_key,
        .key_password = cfg->connect_key_password,
        .insecure = cfg->connect_insecure,
        .timeout_ms = cfg->timeout_ms,
        .cancel = cancel,
    };
    return connect_new(&o);
}

struct ks_connect *cmd_connect_worker(cmd_ctx_t *ctx, char *err)
{
    /* With no cluster given, the lab's Connect worker is found with the lab. */
    if (!ctx->connect && !ctx->cfg->connect_url && !ctx->cfg->bootstrap && ctx->connect_world &&
        cmd_connect(ctx, err))
        return NULL;
    if (!ctx->connect)
        ctx->connect = cmd_connect_new(ctx, ctx->interrupted, err);
    return ctx->connect;
}

int cmd_connectors(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    ks_connect_t *c = cmd_connect_worker(ctx, err);
    json_t *all;
    if (!c || connect_list(c, &all, err))
        return -1;
    const char *glob = o->npos ? o->pos[0] : NULL;
    json_t *rows = connect_summary_rows(all, glob);
    json_decref(all);
    json_t *root = json_pack("{s:s, s:o}", "connect", connect_url(c), "connectors", rows);
    static const char *const cols[] = {"NAME:name",         "TYPE:type",
                                       "STATE:state",       "RUNNING:tasks_running:r",
                                       "FAILED:tasks_failed:r", "TASKS:tasks_total:r",
                                       "TOPICS:topics",     NULL};
    result_add_table(res, NULL, rows, cols);
    if (!json_array_size(rows))
        result_textf(res, "no connectors%s\n", glob ? " match" : "");
    result_set_json(res, root);
    return 0;
}

/* Untrusted multi-line text, one sanitized line at a time, indented. */
static void text_lines(result_t *res, const char *indent, const char *text)
{
    for (const char *line = text; line && *line;) {
        const char *nl = strchr(line, '\n');
        /* Java indents stack frames with a tab: show it as spaces, not as an escaped \t. */
        int tabs = 0;
        while (line[tabs] == '\t')
            tabs++;
        const char *rest = line + tabs;
        char *raw = xstrndup(rest, nl ? (size_t)(nl - rest) : strlen(rest));
        char *safe = sanitize_str(raw);
        result_textf(res, "%s%*s%s\n", indent, 4 * tabs, "", safe);
        free(safe);
        free(raw);
        line = nl ? nl + 1 : NULL;
    }
}

static void text_field(result_t *res, const char *label, json_t *v)
{
    char *cell = result_cell(v);
    result_textf(res, "%-8s %s\n", label, cell);
    free(cell);
}

/* A new reference to obj[key], or null. */
static json_t *field(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return v ? json_incref(v) : json_null();
}

int cmd_connector_describe(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    ks_connect_t *c = cmd_connect_worker(ctx, err);
    const char *name = o->pos[0];
    json_t *info, *status;
    if (!c || connect_info(c, name, &info, err))
        return -1;
    if (connect_status(c, name, &status, err)) {
        json_decref(info);
        return -1;
    }
    json_t *conn = json_object_get(status, "connector");
    json_t *tasks = json_array();
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(status, "tasks"), i, t)
        json_array_append_new(tasks, json_pack("{s:o, s:o, s:o}", "id", field(t, "id"), "state",
                                               field(t, "state"), "worker", field(t, "worker_id")));
    json_t *config = connect_config_masked(json_object_get(info, "config"));
    json_t *traces = connect_status_traces(status);
    json_t *root = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "name", name, "type",
                             field(info, "type"), "state", field(conn, "state"), "worker",
                             field(conn, "worker_id"), "tasks", tasks, "traces", traces, "config",
                             config);    json_decref(info);
    json_decref(status);
    if (!root)
        return ks_err(err, "connector describe: the name is not valid UTF-8");

    text_field(res, "Name:", json_object_get(root, "name"));
    text_field(res, "Type:", json_object_get(root, "type"));
    text_field(res, "State:", json_object_get(root, "state"));
    text_field(res, "Worker:", json_object_get(root, "worker"));
    result_textf(res, "\nTasks:\n");
    if (!json_array_size(tasks))
        result_textf(res, "  (none)\n");
    json_array_foreach(tasks, i, t) {
        char *id = result_cell(json_object_get(t, "id"));
        char *st = result_cell(json_object_get(t, "state"));
        char *w = result_cell(json_object_get(t, "worker"));
        result_textf(res, "  task %-4s %-10s %s\n", id, st, w);
        free(id);
        free(st);
        free(w);
    }
    json_array_foreach(traces, i, t) {
        char *id = result_cell(json_object_get(t, "task"));
        char *st = result_cell(json_object_get(t, "state"));
        result_textf(res, "\nTrace of %s%s (%s):\n", json_is_integer(json_object_get(t, "task")) ? "task " : "",
                     id, st);
        text_lines(res, "  ", json_string_value(json_object_get(t, "trace")));
        free(id);
        free(st);
    }
    result_textf(res, "\nConfig:\n");
    const char *k;
    json_t *v;
    json_object_foreach(config, k, v) {
        char *sk = sanitize_str(k);
        char *sv = result_cell(v);
        result_textf(res, "  %s = %s\n", sk, sv);
        free(sk);
        free(sv);
    }
    result_set_json(res, root);
    return 0;
}

int cmd_connector_plugins(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    (void)o;
    ks_connect_t *c = cmd_connect_worker(ctx, err);
    json_t *plugins;
    if (!c || connect_plugins(c, &plugins, err))
        return -1;
    json_t *rows = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(plugins, i, p) {
        if (!json_is_object(p))
            continue;
        json_t *row = json_object();
        static const char *const keys[] = {"class", "type", "version", NULL};
        for (int k = 0; keys[k]; k++) {
            json_t *v = json_object_get(p, keys[k]);
            json_object_set(row, keys[k], json_is_string(v) ? v : json_null());
        }
        json_array_append_new(rows, row);
    }
    json_decref(plugins);
    static const char *const cols[] = {"CLASS:class", "TYPE:type", "VERSION:version", NULL};
    result_add_table(res, NULL, rows, cols);
    result_set_json(res, json_pack("{s:o}", "plugins", rows));
    return 0;
}
