#include "http/connect.h"

#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"
#include "base/util.h"

/* A worker answers 409 while its group rebalances (a worker joined or left,
 * a connector was just created or deleted); that usually settles within a
 * few seconds. Asked again every RETRY_MS for at most REBALANCE_WAIT_MS. */
#define REBALANCE_WAIT_MS 5000
#define RETRY_MS 250

struct ks_connect {
    ks_http_t *http;
    int timeout_ms;
    volatile sig_atomic_t *cancel;
};

ks_connect_t *connect_new(const ks_http_opts_t *o)
{
    ks_connect_t *c = xcalloc(1, sizeof *c);
    ks_http_opts_t ho = *o;
    ho.service = "Kafka Connect";
    ho.accept = "application/json";
    ho.content_type = "application/json";
    c->http = http_new(&ho);
    c->timeout_ms = o->timeout_ms;
    c->cancel = o->cancel;
    return c;
}

void connect_free(ks_connect_t *c)
{
    if (!c)
        return;
    http_free(c->http);
    free(c);
}

const char *connect_url(const ks_connect_t *c) { return http_url(c->http); }

/* One call, with 409 retried. With out, a 2xx answer must be JSON. */
static int call(ks_connect_t *c, const char *method, const char *path, json_t *payload,
                const char *what, json_t **out, char *err)
{
    if (out)
        *out = NULL;
    char *text = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
    int wait = REBALANCE_WAIT_MS < c->timeout_ms ? REBALANCE_WAIT_MS : c->timeout_ms;
    int64_t deadline = mono_ms() + wait;
    json_t *body = NULL;
    int status;
    for (;;) {
        status = http_request(c->http, method, path, text, &body, err);
        if (status != 409 || mono_ms() + RETRY_MS > deadline || (c->cancel && *c->cancel))
            break;
        json_decref(body);
        body = NULL;
        sleep_ms(RETRY_MS);
    }
    free(text);
    int rc = -1;
    if (status == 409) {
        const char *msg = json_string_value(json_object_get(body, "message"));
        char *safe = msg ? sanitize_str(msg) : NULL;
        ks_err(err, "%s: the Connect worker %s is rebalancing (HTTP 409, still after %.1f s)%s%s; "
               "try again in a moment", what, connect_url(c), wait / 1000.0, safe ? ": " : "",
               safe ? safe : "");
        free(safe);
    } else if (status >= 0 && status / 100 != 2) {
        http_status_error(c->http, status, body, what, err);
    } else if (status >= 0 && out && !body) {
        ks_err(err, "%s: the answer of Kafka Connect %s is not JSON", what, connect_url(c));
    } else if (status >= 0) {
        rc = 0;
        if (out) {
            *out = body;
            body = NULL;
        }
    } else {
        char e2[KS_ERRLEN];
        snprintf(e2, sizeof e2, "%s", err);
        ks_err(err, "%s: %s", what, e2);
    }
    json_decref(body);
    return rc;
}

/* "/connectors/NAME" + suffix, NAME escaped. "." and ".." are escaped too:
 * as they are, curl would resolve them as path steps (/connectors/.. is /). */
static char *connector_path(const char *name, const char *suffix)
{
    char *e = !strcmp(name, ".")    ? xstrdup("%2E")
            : !strcmp(name, "..")   ? xstrdup("%2E%2E")
                                    : http_escape(name);
    char *p = xasprintf("/connectors/%s%s", e, suffix);
    free(e);
    return p;
}

static char *what_connector(const char *verb, const char *name)
{
    char *safe = sanitize_str(name);
    char *w = xasprintf("%s connector '%s'", verb, safe);
    free(safe);
    return w;
}

/* A GET or write on one connector. */
static int on_connector(ks_connect_t *c, const char *method, const char *name, const char *suffix,
                        const char *verb, json_t *payload, json_t **out, char *err)
{
    char *path = connector_path(name, suffix);
    char *what = what_connector(verb, name);
    int rc = call(c, method, path, payload, what, out, err);
    free(path);
    free(what);
    return rc;
}

int connect_list(ks_connect_t *c, json_t **out, char *err)
{
    if (call(c, "GET", "/connectors?expand=status&expand=info", NULL, "listing connectors", out,
             err))
        return -1;
    if (!json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return ks_err(err, "listing connectors: Kafka Connect %s did not answer with a JSON object",
                      connect_url(c));
    }
    return 0;
}

static int expect_object(ks_connect_t *c, const char *what, json_t **out, char *err)
{
    if (json_is_object(*out))
        return 0;
    json_decref(*out);
    *out = NULL;
    return ks_err(err, "%s: Kafka Connect %s did not answer with a JSON object", what,
                  connect_url(c));
}

int connect_info(ks_connect_t *c, const char *name, json_t **out, char *err)
{
    if (on_connector(c, "GET", name, "", "describing", NULL, out, err))
        return -1;
    return expect_object(c, "describing a connector", out, err);
}

int connect_status(ks_connect_t *c, const char *name, json_t **out, char *err)
{
    if (on_connector(c, "GET", name, "/status", "the status of", NULL, out, err))
        return -1;
    return expect_object(c, "the status of a connector", out, err);
}

int connect_validate(ks_connect_t *c, const char *cls, json_t *config, json_t **out, char *err)
{
    char *e = http_escape(cls);
    char *path = xasprintf("/connector-plugins/%s/config/validate", e);
    char *safe = sanitize_str(cls);
    char *what = xasprintf("validating the config with plugin '%s'", safe);
    int rc = call(c, "PUT", path, config, what, out, err);
    if (rc == 0)
        rc = expect_object(c, what, out, err);
    free(what);
    free(safe);
    free(path);
    free(e);
    return rc;
}

int connect_create(ks_connect_t *c, const char *name, json_t *config, char *err)
{
    json_t *req = json_pack("{s:s, s:O}", "name", name, "config", config);
    char *what = what_connector("creating", name);
    int rc = req ? call(c, "POST", "/connectors", req, what, NULL, err)
                 : ks_err(err, "%s: the name is not valid UTF-8", what);
    json_decref(req);
    free(what);
    return rc;
}

int connect_set_config(ks_connect_t *c, const char *name, json_t *config, char *err)
{
    return on_connector(c, "PUT", name, "/config", "configuring", config, NULL, err);
}

int connect_state(ks_connect_t *c, const char *name, const char *verb, char *err)
{
    char *suffix = xasprintf("/%s", verb);
    char *what = xasprintf("%s", verb);
    int rc = on_connector(c, "PUT", name, suffix, what, NULL, NULL, err);
    free(what);
    free(suffix);
    return rc;
}

int connect_restart(ks_connect_t *c, const char *name, bool tasks, bool failed_only, char *err)
{
    char *suffix = xasprintf("/restart?includeTasks=%s&onlyFailed=%s", tasks ? "true" : "false",
                             failed_only ? "true" : "false");
    int rc = on_connector(c, "POST", name, suffix, "restarting", NULL, NULL, err);
    free(suffix);
    return rc;
}

int connect_restart_task(ks_connect_t *c, const char *name, int task, char *err)
{
    char suffix[64];
    snprintf(suffix, sizeof suffix, "/tasks/%d/restart", task);
    char verb[64];
    snprintf(verb, sizeof verb, "restarting task %d of", task);
    return on_connector(c, "POST", name, suffix, verb, NULL, NULL, err);
}

int connect_delete(ks_connect_t *c, const char *name, char *err)
{
    return on_connector(c, "DELETE", name, "", "deleting", NULL, NULL, err);
}

int connect_plugins(ks_connect_t *c, json_t **out, char *err)
{
    if (call(c, "GET", "/connector-plugins", NULL, "listing connector plugins", out, err))
        return -1;
    if (!json_is_array(*out)) {
        json_decref(*out);
        *out = NULL;
        return ks_err(err, "listing connector plugins: Kafka Connect %s did not answer with a "
                      "JSON array", connect_url(c));
    }
    return 0;
}
