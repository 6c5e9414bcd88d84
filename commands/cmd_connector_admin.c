/* connector create, config, pause, resume, stop, restart, delete: the
 * commands that change a Kafka Connect cluster (refused in read-only mode by
 * the command table). A config is validated by the worker before it is
 * created or changed, so a bad one changes nothing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "commands/command.h"
#include "http/connect.h"
#include "http/connect_data.h"
#include "base/sanitize.h"

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

int cmd_connector_create(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
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

int cmd_connector_config(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
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

int cmd_connector_pause(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    return change_state(ctx, o, res, "pause", "PAUSED", err);
}

int cmd_connector_resume(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    return change_state(ctx, o, res, "resume", "RUNNING", err);
}

int cmd_connector_stop(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    return change_state(ctx, o, res, "stop", "STOPPED", err);
}

int cmd_connector_restart(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *name = o->pos[0];
    bool tasks = opt_has(o, "--tasks"), failed_only = opt_has(o, "--failed-only");
    int64_t task = -1;
    if (opt_int(o, "--task", 0, INT32_MAX, &task, err))
        return -1;
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

int cmd_connector_delete(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *name = o->pos[0];
    char q[200];
    char *what = xasprintf("connector '%s' (its tasks stop and its config is removed)",
                           sanitize_quote(name, q, sizeof q));
    int rc = cmd_confirm(ctx, o, "connector delete", what, name, err);
    free(what);
    ks_connect_t *c = rc ? NULL : cmd_connect_worker(ctx, err);
    if (!c || connect_delete(c, name, err))
        return -1;
    result_textf(res, "deleted connector %s\n", q);
    result_set_json(res, json_pack("{s:s, s:b}", "name", name, "deleted", 1));
    return 0;
}
