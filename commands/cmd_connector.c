/* connectors and connector ...: what a Kafka Connect cluster runs, and the
 * commands that change it (refused in read-only mode by the dispatcher). A
 * config is validated by the worker before it is created or changed, so a
 * bad one changes nothing. Everything from the worker is untrusted: text
 * goes through the result renderer or sanitize_str, JSON through jansson. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "commands/candidates.h"
#include "commands/command.h"
#include "http/connect.h"
#include "http/connect_data.h"
#include "base/sanitize.h"

/* The commands of this file; cmd_table.c lists their entries. */
static void complete_name(const struct cmd_completion *c);
static int cmd_connectors(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_connector_describe(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_connector_create(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_connector_config(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_connector_pause(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_connector_resume(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_connector_stop(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_connector_restart(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_connector_delete(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_connector_plugins(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);

static const opt_spec_t connector_create_opts[] = {
    {"--file", "CONFIG", "the connector's config: JSON ({\"name\", \"config\"} or a flat map) or "
     ".properties", false},
    {NULL, NULL, NULL, false}};

static const opt_spec_t connector_restart_opts[] = {
    {"--tasks", NULL, "restart the connector's tasks too", false},
    {"--failed-only", NULL, "only what has FAILED (with --tasks: failed tasks)", false},
    {"--task", "ID", "restart only this task", false},
    {NULL, NULL, NULL, false}};

const cmd_entry_t cmd_connectors_entry = {
    .name = "connectors",
    .args = "[GLOB]",
    .summary = "list Kafka Connect connectors",
    .help = "Connectors of the Kafka Connect cluster (--connect URL or connect.url): name, type "
            "(source or sink), state, tasks running/failed/total and the topics it reads or "
            "writes. GLOB filters names.",
    .max_args = 1,
    .fn = cmd_connectors,
    .complete = complete_name,
    .offline = true,
};

const cmd_entry_t cmd_connector_describe_entry = {
    .name = "connector describe",
    .args = "NAME",
    .summary = "config, state, tasks and traces of a connector",
    .help = "A connector's state and worker, every task with its state and worker, the stack "
            "trace of anything that FAILED, and its config (passwords, secrets and keys masked).",
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_connector_describe,
    .complete = complete_name,
    .offline = true,
};

const cmd_entry_t cmd_connector_create_entry = {
    .name = "connector create",
    .args = "NAME",
    .summary = "create a connector from a config file",
    .help = "Creates connector NAME from --file CONFIG: a JSON file ({\"name\": .., \"config\": "
            "{..}} or a flat map of settings) or a .properties file (key=value lines). The "
            "config is first validated by the worker (connector.class's plugin); if any field "
            "is invalid, each is listed with the worker's message and nothing is created.",
    .opts = connector_create_opts,
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_connector_create,
    .complete = complete_name,
    .writes = true,
    .offline = true,
};

const cmd_entry_t cmd_connector_config_entry = {
    .name = "connector config",
    .args = "NAME [K=V...]",
    .summary = "show or change a connector's config",
    .help = "Without K=V shows the connector's config (secrets masked). With K=V sets those "
            "keys, keeping every other setting; the new config is validated first.",
    .min_args = 1,
    .max_args = -1,
    .fn = cmd_connector_config,
    .complete = complete_name,
    .writes = true,
    .offline = true,
};

const cmd_entry_t cmd_connector_pause_entry = {
    .name = "connector pause",
    .args = "NAME",
    .summary = "pause a connector and its tasks",
    .help = "The connector and its tasks stop processing records but keep their resources; "
            "`connector resume` continues.",
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_connector_pause,
    .complete = complete_name,
    .writes = true,
    .offline = true,
};

const cmd_entry_t cmd_connector_resume_entry = {
    .name = "connector resume",
    .args = "NAME",
    .summary = "resume a paused or stopped connector",
    .help = "The connector and its tasks run again.",
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_connector_resume,
    .complete = complete_name,
    .writes = true,
    .offline = true,
};

const cmd_entry_t cmd_connector_stop_entry = {
    .name = "connector stop",
    .args = "NAME",
    .summary = "stop a connector (tasks shut down, config kept)",
    .help = "The connector's tasks are shut down and release their resources; its config and "
            "offsets are kept. `connector resume` starts it again.",
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_connector_stop,
    .complete = complete_name,
    .writes = true,
    .offline = true,
};

const cmd_entry_t cmd_connector_restart_entry = {
    .name = "connector restart",
    .args = "NAME",
    .summary = "restart a connector, its tasks, or one task",
    .help = "Restarts the connector; with --tasks its tasks too; with --failed-only only what "
            "has FAILED. --task ID restarts only that task.",
    .opts = connector_restart_opts,
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_connector_restart,
    .complete = complete_name,
    .writes = true,
    .offline = true,
};

const cmd_entry_t cmd_connector_delete_entry = {
    .name = "connector delete",
    .args = "NAME",
    .summary = "delete a connector",
    .help = "Stops and removes a connector and its config. Asks you to type the name to "
            "confirm; batch mode needs --yes.",
    .opts = cmd_yes_opts,
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_connector_delete,
    .complete = complete_name,
    .writes = true,
    .offline = true,
};

const cmd_entry_t cmd_connector_plugins_entry = {
    .name = "connector plugins",
    .args = "",
    .summary = "connector plugins installed on the Connect worker",
    .help = "Connector classes the worker can run, with type (source or sink) and version.",
    .max_args = 0,
    .fn = cmd_connector_plugins,
    .offline = true,
};

/* connectors [GLOB], connector ... NAME: the connector names the TUI's
 * Connectors pane knows (asking the worker would wait on the network). */
static void complete_name(const struct cmd_completion *c)
{
    cmd_ctx_t *ctx = c->ctx;
    char **names = c->index == 0 && ctx->connector_names
                       ? ctx->connector_names(ctx->connector_names_opaque)
                       : NULL;
    for (int i = 0; names && names[i]; i++) {
        cands_add(c->cands, names[i]);
        free(names[i]);
    }
    free(names);
}

static int cmd_connectors(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
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

static int cmd_connector_describe(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
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

static int cmd_connector_plugins(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
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

/* Config files are small; anything larger is a mistake (a data file). */
#define CONFIG_FILE_MAX (1 << 20)
/* Each field's message is cut to this in the error. */
#define FIELD_MSG_MAX 160

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* Asks the worker to validate config; 0 when every field is valid, else -1
 * with err listing each invalid field with the worker's message. */
static int validate(ks_connect_t *c, const char *cmd, json_t *config, const char *nothing,
                    char *err)
{
    const char *cls = json_string_value(json_object_get(config, "connector.class"));
    if (!cls || !*cls)
        return ks_err(err, "%s: the config has no connector.class (`connector plugins` lists "
                      "the classes); %s", cmd, nothing);
    json_t *answer;
    char e2[KS_ERRLEN];
    if (connect_validate(c, cls, config, &answer, e2))
        return ks_err(err, "%s: %s; %s", cmd, e2, nothing);
    json_t *bad = connect_validation_errors(answer);
    json_decref(answer);
    size_t n = json_array_size(bad);
    if (n == 0) {
        json_decref(bad);
        return 0;
    }
    strbuf_t sb;
    sb_init(&sb);
    size_t i;
    json_t *f;
    json_array_foreach(bad, i, f) {
        const char *msg = json_string_value(json_array_get(json_object_get(f, "errors"), 0));
        sb_printf(&sb, "%s%s: %.*s", i ? "; " : "", json_string_value(json_object_get(f, "field")),
                  FIELD_MSG_MAX, msg ? msg : "invalid");
    }
    char *safe = sanitize_str(sb.buf);
    ks_err(err, "%s: %zu invalid field%s, %s: %s", cmd, n, n == 1 ? "" : "s", nothing, safe);
    free(safe);
    sb_free(&sb);
    json_decref(bad);
    return -1;
}

static void show_config(result_t *res, const char *name, json_t *config)
{
    json_t *masked = connect_config_masked(config);
    json_t *rows = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(masked, k, v)
        json_array_append_new(rows, json_pack("{s:s, s:O}", "key", k, "value", v));
    static const char *const cols[] = {"KEY:key", "VALUE:value", NULL};
    result_add_table(res, NULL, rows, cols);
    result_set_json(res, json_pack("{s:s, s:o, s:o}", "name", name, "config", masked, "rows", rows));
}

static int cmd_connector_create(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *name = o->pos[0], *path = opt_get(o, "--file");
    char q[200];
    if (!path)
        return ks_err(err, "connector create: --file CONFIG is required (a JSON or .properties "
                      "file with the connector's settings)");
    if (!utf8_valid(name, strlen(name)) || !*name)
        return ks_err(err, "connector create: invalid connector name '%s'",
                      sanitize_quote(name, q, sizeof q));
    size_t len;
    char *text = file_read_text(path, CONFIG_FILE_MAX, &len);
    if (!text)
        return ks_err(err, "connector create: cannot read %s: %s", sanitize_quote(path, q, sizeof q),
                      strerror(errno));
    char *file_name = NULL;
    json_t *config = NULL;
    char e2[KS_ERRLEN];
    int rc = connect_config_parse(text, len, ends_with(path, ".properties"), &file_name, &config, e2);
    free(text);
    if (rc) {
        return ks_err(err, "connector create: %s: %s; nothing was created",
                      sanitize_quote(path, q, sizeof q), e2);
    }
    if (file_name && strcmp(file_name, name)) {
        char q2[200];
        rc = ks_err(err, "connector create: %s names the connector '%s', not '%s'; nothing was "
                    "created", path, sanitize_quote(file_name, q2, sizeof q2), sanitize_quote(name, q, sizeof q));
    }
    free(file_name);
    ks_connect_t *c = rc ? NULL : cmd_connect_worker(ctx, err);
    if (c) {
        json_object_set_new(config, "name", json_string(name));
        rc = validate(c, "connector create", config, "nothing was created", err);
        if (rc == 0)
            rc = connect_create(c, name, config, err);
    } else {
        rc = -1;
    }
    if (rc == 0) {
        char *safe = sanitize_str(name);
        result_textf(res, "created connector %s\n", safe);
        free(safe);
        json_t *masked = connect_config_masked(config);
        result_set_json(res, json_pack("{s:s, s:b, s:o}", "name", name, "created", 1, "config", masked));
    }
    json_decref(config);
    return rc;
}

static int cmd_connector_config(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    ks_connect_t *c = cmd_connect_worker(ctx, err);
    const char *name = o->pos[0];
    json_t *info;
    if (!c || connect_info(c, name, &info, err))
        return -1;
    json_t *config = json_copy(json_object_get(info, "config"));
    json_decref(info);
    if (!json_is_object(config)) {
        json_decref(config);
        return ks_err(err, "connector config: the worker's answer has no config");
    }
    int rc = 0;
    for (int i = 1; i < o->npos && rc == 0; i++) {
        const char *eq = strchr(o->pos[i], '=');
        char q[200];
        if (!eq || eq == o->pos[i])
            rc = ks_err(err, "connector config: expected KEY=VALUE, got '%s'; nothing was changed",
                        sanitize_quote(o->pos[i], q, sizeof q));
        else if (!utf8_valid(o->pos[i], strlen(o->pos[i])))
            rc = ks_err(err, "connector config: '%s' is not UTF-8; nothing was changed",
                        sanitize_quote(o->pos[i], q, sizeof q));
        else {
            char *key = xstrndup(o->pos[i], (size_t)(eq - o->pos[i]));
            json_object_set_new(config, key, json_string(eq + 1));
            free(key);
        }
    }
    if (rc == 0 && o->npos > 1) {
        rc = validate(c, "connector config", config, "nothing was changed", err);
        if (rc == 0)
            rc = connect_set_config(c, name, config, err);
    }
    if (rc == 0)
        show_config(res, name, config);
    json_decref(config);
    return rc;
}

/* pause, resume, stop */
static int change_state(cmd_ctx_t *ctx, const opts_t *o, result_t *res, const char *verb,
                        const char *done, char *err)
{
    ks_connect_t *c = cmd_connect_worker(ctx, err);
    const char *name = o->pos[0];
    if (!c || connect_state(c, name, verb, err))
        return -1;
    char *safe = sanitize_str(name);
    result_textf(res, "connector %s: %s requested (`connector describe %s` shows its state)\n",
                 safe, verb, safe);
    free(safe);
    result_set_json(res, json_pack("{s:s, s:s}", "name", name, "requested", done));
    return 0;
}

static int cmd_connector_pause(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    return change_state(ctx, o, res, "pause", "PAUSED", err);
}

static int cmd_connector_resume(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    return change_state(ctx, o, res, "resume", "RUNNING", err);
}

static int cmd_connector_stop(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    return change_state(ctx, o, res, "stop", "STOPPED", err);
}

static int cmd_connector_restart(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *name = o->pos[0];
    bool tasks = opt_has(o, "--tasks"), failed_only = opt_has(o, "--failed-only");
    int64_t task = -1;
    if (opt_int(o, "--task", 0, INT32_MAX, &task, err))
        return cmd_usage(res);
    if (task >= 0 && (tasks || failed_only))
        return ks_err(err, "connector restart: --task ID restarts one task; it does not go with "
                      "--tasks or --failed-only");
    ks_connect_t *c = cmd_connect_worker(ctx, err);
    if (!c)
        return -1;
    int rc = task >= 0 ? connect_restart_task(c, name, (int)task, err)
                       : connect_restart(c, name, tasks, failed_only, err);
    if (rc)
        return -1;
    char *safe = sanitize_str(name);
    if (task >= 0)
        result_textf(res, "restarted task %lld of connector %s\n", (long long)task, safe);
    else
        result_textf(res, "restart of connector %s%s%s requested\n", safe,
                     tasks ? " and its tasks" : "", failed_only ? " (failed only)" : "");
    free(safe);
    result_set_json(res, json_pack("{s:s, s:b, s:b, s:o}", "name", name, "tasks", tasks,
                                   "failed_only", failed_only, "task",
                                   task >= 0 ? json_integer(task) : json_null()));
    return 0;
}

static int cmd_connector_delete(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *name = o->pos[0];
    char q[200];
    char *what = xasprintf("connector '%s' (its tasks stop and its config is removed)",
                           sanitize_quote(name, q, sizeof q));
    int rc = cmd_confirm(ctx, o, res, "connector delete", what, name, err);
    free(what);
    ks_connect_t *c = rc ? NULL : cmd_connect_worker(ctx, err);
    if (!c || connect_delete(c, name, err))
        return -1;
    result_textf(res, "deleted connector %s\n", q);
    result_set_json(res, json_pack("{s:s, s:b}", "name", name, "deleted", 1));
    return 0;
}
