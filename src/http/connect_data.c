#include "http/connect_data.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/secret.h"
#include "base/sanitize.h"
#include "base/util.h"

#define MASK "********"

static const char *str_or(json_t *v, const char *dflt)
{
    const char *s = json_string_value(v);
    return s ? s : dflt;
}

const char *connect_config_topics(json_t *config)
{
    static const char *const keys[] = {"topics", "topic", "topics.regex", NULL};
    for (int i = 0; keys[i]; i++) {
        const char *v = json_string_value(json_object_get(config, keys[i]));
        if (v && *v)
            return v;
    }
    return "";
}

json_t *connect_summary_rows(json_t *expanded, const char *glob)
{
    json_t *rows = json_array();
    size_t n = json_object_size(expanded), k = 0;
    const char **names = xcalloc(n + 1, sizeof *names);
    const char *name;
    json_t *v;
    json_object_foreach(expanded, name, v)
        if (!glob || glob_match(glob, name))
            names[k++] = name;
    qsort(names, k, sizeof *names, str_ptr_cmp);
    for (size_t i = 0; i < k; i++) {
        json_t *e = json_object_get(expanded, names[i]);
        json_t *info = json_object_get(e, "info"), *status = json_object_get(e, "status");
        json_t *conn = json_object_get(status, "connector");
        const char *type = str_or(json_object_get(info, "type"),
                                  str_or(json_object_get(status, "type"), "?"));
        json_int_t running = 0, failed = 0, total = 0;
        size_t t;
        json_t *task;
        json_array_foreach(json_object_get(status, "tasks"), t, task) {
            const char *st = str_or(json_object_get(task, "state"), "");
            running += !strcmp(st, "RUNNING");
            failed += !strcmp(st, "FAILED");
            total++;
        }
        json_array_append_new(
            rows, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s}", "name", names[i], "type",
                            type, "state", str_or(json_object_get(conn, "state"), "?"),
                            "tasks_running", running, "tasks_failed", failed, "tasks_total", total,
                            "topics", connect_config_topics(json_object_get(info, "config")),
                            "worker", str_or(json_object_get(conn, "worker_id"), "")));
    }
    free(names);
    return rows;
}

bool connect_key_is_secret(const char *key)
{
    if (is_secret_key(key))
        return true;
    const char *last = strrchr(key, '.');
    last = last ? last + 1 : key;
    size_t n = strlen(last);
    return n >= 3 && !strcasecmp(last + n - 3, "key");
}

json_t *connect_config_masked(json_t *config)
{
    json_t *out = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(config, k, v)
        json_object_set_new(out, k, connect_key_is_secret(k) ? json_string(MASK) : json_deep_copy(v));
    return out;
}

/* Connect wants every config value as a string: numbers and booleans in a
 * JSON file are turned into their text; null, arrays and objects refused. */
static int stringify(json_t *in, json_t **out, char *err)
{
    if (!json_is_object(in))
        return ks_err(err, "the config is not a JSON object of key/value pairs");
    *out = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(in, k, v) {
        json_t *s = NULL;
        if (json_is_string(v))
            s = json_copy(v);
        else if (json_is_integer(v))
            s = json_sprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
        else if (json_is_real(v))
            s = json_sprintf("%.17g", json_real_value(v));
        else if (json_is_boolean(v))
            s = json_string(json_is_true(v) ? "true" : "false");
        if (!s) {
            json_decref(*out);
            *out = NULL;
            return ks_err(err, "config key '%.80s': expected a string, number or boolean", k);
        }
        json_object_set_new(*out, k, s);
    }
    return 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* key=value (or key: value) lines; # and ! start comments. */
static int parse_properties(const char *text, size_t len, json_t **config, char *err)
{
    if (!utf8_valid(text, len) || memchr(text, '\0', len))
        return ks_err(err, "the properties file is not UTF-8 text");
    *config = json_object();
    char *copy = xstrndup(text, len);
    int lineno = 0, rc = 0;
    for (char *line = copy, *next; line && rc == 0; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#' || *s == '!')
            continue;
        size_t at = strcspn(s, "=:");
        if (!s[at]) {
            rc = ks_err(err, "line %d: expected key=value", lineno);
            break;
        }
        s[at] = '\0';
        char *key = trim(s), *value = trim(s + at + 1);
        if (!*key)
            rc = ks_err(err, "line %d: empty key", lineno);
        else
            json_object_set_new(*config, key, json_string(value));
    }
    free(copy);
    if (rc) {
        json_decref(*config);
        *config = NULL;
    }
    return rc;
}

int connect_config_parse(const char *text, size_t len, bool properties, char **name,
                         json_t **config, char *err)
{
    *name = NULL;
    *config = NULL;
    if (properties) {
        if (parse_properties(text, len, config, err))
            return -1;
    } else {
        json_error_t je;
        json_t *root = json_loadb(text, len, 0, &je);
        if (!root)
            return ks_err(err, "not valid JSON (line %d: %s)", je.line, je.text);
        json_t *inner = json_object_get(root, "config");
        json_t *src = json_is_object(inner) ? inner : root;
        int rc = stringify(src, config, err);
        if (rc == 0 && inner) {
            json_t *n = json_object_get(root, "name");
            if (n && !json_is_string(n))
                rc = ks_err(err, "\"name\" must be a string");
            else if (n)
                *name = xstrdup(json_string_value(n));
        }
        json_decref(root);
        if (rc) {
            json_decref(*config);
            *config = NULL;
            return -1;
        }
    }
    /* the connector's name lives outside its config; a config may repeat it */
    const char *inner_name = json_string_value(json_object_get(*config, "name"));
    if (!*name && inner_name)
        *name = xstrdup(inner_name);
    return 0;
}

json_t *connect_validation_errors(json_t *validate)
{
    json_t *out = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(validate, "configs"), i, c) {
        json_t *value = json_object_get(c, "value");
        json_t *errors = json_object_get(value, "errors");
        if (!json_is_array(errors) || !json_array_size(errors))
            continue;
        const char *field = str_or(json_object_get(value, "name"),
                                   str_or(json_object_get(json_object_get(c, "definition"), "name"), "?"));
        json_t *msgs = json_array();
        size_t j;
        json_t *m;
        json_array_foreach(errors, j, m)
            if (json_is_string(m))
                json_array_append(msgs, m);
        json_t *val = json_object_get(value, "value");
        json_array_append_new(out, json_pack("{s:s, s:O, s:o}", "field", field, "value",
                                             json_is_string(val) ? val : json_null(), "errors", msgs));
    }
    return out;
}

json_t *connect_status_traces(json_t *status)
{
    json_t *out = json_array();
    json_t *conn = json_object_get(status, "connector");
    const char *trace = json_string_value(json_object_get(conn, "trace"));
    if (trace)
        json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "task", "connector", "state",
                                             str_or(json_object_get(conn, "state"), "?"), "trace",
                                             trace));
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(status, "tasks"), i, t) {
        trace = json_string_value(json_object_get(t, "trace"));
        if (!trace)
            continue;
        json_t *id = json_object_get(t, "id");
        json_array_append_new(out, json_pack("{s:o, s:s, s:s}", "task",
                                             json_is_integer(id) ? json_copy(id) : json_string("?"),
                                             "state", str_or(json_object_get(t, "state"), "?"),
                                             "trace", trace));
    }
    return out;
}
