/* connect_data: summaries, config files, masking, validation errors and
 * traces from Kafka Connect's JSON, including shapes it should never send.
 * Also the connect.* settings of the config file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/secret.h"
#include "check.h"
#include "kafka/config.h"
#include "http/connect_data.h"
#include "base/util.h"

static json_t *parse(const char *text) { return json_loads(text, 0, NULL); }

static void summaries(void)
{
    json_t *list = parse(
        "{\"zeta\": {\"info\": {\"type\": \"sink\", \"config\": {\"topics\": \"a,b\"}},"
        "  \"status\": {\"connector\": {\"state\": \"RUNNING\", \"worker_id\": \"w1\"},"
        "   \"tasks\": [{\"id\": 0, \"state\": \"RUNNING\"}, {\"id\": 1, \"state\": \"FAILED\","
        "               \"trace\": \"boom\\n\\tat x\"}, {\"id\": 2, \"state\": \"PAUSED\"}]}},"
        " \"alpha\": {\"info\": {\"type\": \"source\", \"config\": {\"topic\": \"t\"}},"
        "  \"status\": {\"connector\": {\"state\": \"PAUSED\"}, \"tasks\": []}},"
        " \"odd\": 42, \"odd2\": {\"info\": [], \"status\": {\"tasks\": {\"x\": 1}}}}");
    json_t *rows = connect_summary_rows(list, NULL);
    CHECK(json_array_size(rows) == 4);
    json_t *a = json_array_get(rows, 0), *z = json_array_get(rows, 3);
    CHECK_STR(json_string_value(json_object_get(a, "name")), "alpha");
    CHECK_STR(json_string_value(json_object_get(a, "topics")), "t");
    CHECK_STR(json_string_value(json_object_get(a, "state")), "PAUSED");
    CHECK_STR(json_string_value(json_object_get(z, "type")), "sink");
    CHECK(json_integer_value(json_object_get(z, "tasks_running")) == 1);
    CHECK(json_integer_value(json_object_get(z, "tasks_failed")) == 1);
    CHECK(json_integer_value(json_object_get(z, "tasks_total")) == 3);
    CHECK_STR(json_string_value(json_object_get(z, "topics")), "a,b");
    /* wrong shapes become "?" rather than a crash */
    CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 1), "state")), "?");
    json_decref(rows);
    rows = connect_summary_rows(list, "z*");
    CHECK(json_array_size(rows) == 1);
    json_decref(rows);

    json_t *traces = connect_status_traces(json_object_get(json_object_get(list, "zeta"), "status"));
    CHECK(json_array_size(traces) == 1);
    CHECK(json_integer_value(json_object_get(json_array_get(traces, 0), "task")) == 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(traces, 0), "trace")), "boom\n\tat x");
    json_decref(traces);
    json_decref(list);

    /* not an object at all */
    json_t *arr = parse("[1,2]");
    rows = connect_summary_rows(arr, NULL);
    CHECK(json_array_size(rows) == 0);
    json_decref(rows);
    json_decref(arr);
}

static void masking(void)
{
    CHECK(connect_key_is_secret("connection.password"));
    CHECK(connect_key_is_secret("aws.secret.access.key"));
    CHECK(connect_key_is_secret("api.key"));
    CHECK(connect_key_is_secret("apiKey"));
    CHECK(connect_key_is_secret("sasl.jaas.config"));
    CHECK(!connect_key_is_secret("key.converter"));
    CHECK(!connect_key_is_secret("key.converter.schemas.enable"));
    CHECK(!connect_key_is_secret("key.ignore"));
    CHECK(!connect_key_is_secret("topics"));
    json_t *cfg = parse("{\"db.password\": \"hunter2\", \"api.key\": \"k\", \"topic\": \"t\"}");
    json_t *m = connect_config_masked(cfg);
    CHECK_STR(json_string_value(json_object_get(m, "db.password")), "********");
    CHECK_STR(json_string_value(json_object_get(m, "api.key")), "********");
    CHECK_STR(json_string_value(json_object_get(m, "topic")), "t");
    CHECK_STR(json_string_value(json_object_get(cfg, "db.password")), "hunter2");
    json_decref(m);
    json_decref(cfg);
}

static void config_files(void)
{
    char err[KS_ERRLEN], *name;
    json_t *cfg;
    const char *wrapped = "{\"name\": \"n1\", \"config\": {\"connector.class\": \"X\", "
                          "\"tasks.max\": 2, \"b\": true, \"r\": 1.5}}";
    CHECK(connect_config_parse(wrapped, strlen(wrapped), false, &name, &cfg, err) == 0);
    CHECK_STR(name, "n1");
    CHECK_STR(json_string_value(json_object_get(cfg, "tasks.max")), "2");
    CHECK_STR(json_string_value(json_object_get(cfg, "b")), "true");
    CHECK_STR(json_string_value(json_object_get(cfg, "r")), "1.5");
    free(name);
    json_decref(cfg);

    const char *flat = "{\"connector.class\": \"X\", \"name\": \"n2\"}";
    CHECK(connect_config_parse(flat, strlen(flat), false, &name, &cfg, err) == 0);
    CHECK_STR(name, "n2");
    free(name);
    json_decref(cfg);

    const char *nested = "{\"a\": {\"b\": 1}}";
    CHECK(connect_config_parse(nested, strlen(nested), false, &name, &cfg, err) == -1);
    CHECK(strstr(err, "'a'") != NULL);
    CHECK(cfg == NULL && name == NULL);
    CHECK(connect_config_parse("[1]", 3, false, &name, &cfg, err) == -1);
    CHECK(connect_config_parse("{", 1, false, &name, &cfg, err) == -1);
    CHECK(strstr(err, "not valid JSON") != NULL);
    const char *badname = "{\"name\": 3, \"config\": {}}";
    CHECK(connect_config_parse(badname, strlen(badname), false, &name, &cfg, err) == -1);

    const char *props = "# comment\n! also\n\nname = p1\nconnector.class=FileStreamSink\n"
                        "file: /tmp/x=y\n  topics=t  \n";
    CHECK(connect_config_parse(props, strlen(props), true, &name, &cfg, err) == 0);
    CHECK_STR(name, "p1");
    CHECK_STR(json_string_value(json_object_get(cfg, "file")), "/tmp/x=y");
    CHECK_STR(json_string_value(json_object_get(cfg, "topics")), "t");
    free(name);
    json_decref(cfg);
    CHECK(connect_config_parse("novalue\n", 8, true, &name, &cfg, err) == -1);
    CHECK(strstr(err, "line 1") != NULL);
    CHECK(connect_config_parse("a=\xff\n", 4, true, &name, &cfg, err) == -1);
}

static void validation(void)
{
    json_t *v = parse(
        "{\"name\": \"X\", \"error_count\": 2, \"configs\": ["
        " {\"definition\": {\"name\": \"topic\"}, \"value\": {\"name\": \"topic\", \"value\": null,"
        "  \"errors\": [\"Missing required configuration\"]}},"
        " {\"definition\": {\"name\": \"file\"}, \"value\": {\"name\": \"file\", \"value\": \"/x\","
        "  \"errors\": []}},"
        " {\"value\": {\"name\": \"tasks.max\", \"value\": \"many\", \"errors\": [\"Not a number\", 5]}},"
        " 7]}");
    json_t *bad = connect_validation_errors(v);
    CHECK(json_array_size(bad) == 2);
    CHECK_STR(json_string_value(json_object_get(json_array_get(bad, 0), "field")), "topic");
    CHECK_STR(json_string_value(json_object_get(json_array_get(bad, 1), "field")), "tasks.max");
    CHECK(json_array_size(json_object_get(json_array_get(bad, 1), "errors")) == 1);
    json_decref(bad);
    json_decref(v);
}

static void settings(void)
{
    char err[KS_ERRLEN];
    ks_config_t cfg;
    config_init(&cfg);
    CHECK(config_set(&cfg, "connect.url", "https://connect:8083", err) == 0);
    CHECK_STR(cfg.connect_url, "https://connect:8083");
    CHECK(config_set(&cfg, "connect.basic.auth.user.info", "u:p", err) == 0);
    CHECK(config_set(&cfg, "connect.ssl.ca.location", "/ca.pem", err) == 0);
    CHECK_STR(cfg.connect_ca, "/ca.pem");
    CHECK(config_set(&cfg, "connect.enable.ssl.certificate.verification", "false", err) == 0);
    CHECK(cfg.connect_insecure);
    CHECK(config_set(&cfg, "connect.enable.ssl.certificate.verification", "maybe", err) == -1);
    CHECK(config_set(&cfg, "connect.nope", "x", err) == -1);
    CHECK(strstr(err, "connect.url") != NULL);
    CHECK(is_secret_key("connect.basic.auth.user.info"));
    CHECK(is_secret_key("connect.ssl.key.password"));
    config_free(&cfg);

    char path[] = "/tmp/kafscope-connect-XXXXXX";
    int fd = mkstemp(path);
    const char *text = "[cluster prod]\nbootstrap = prod:9092\nconnect.url = http://c:8083\n"
                       "connect.basic.auth.user.info = a:b\n";
    CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    config_init(&cfg);
    CHECK(config_load_file(&cfg, path, "prod", err) == 0);
    CHECK_STR(cfg.connect_url, "http://c:8083");
    CHECK_STR(cfg.connect_auth, "a:b");
    config_free(&cfg);
    unlink(path);
}

int main(void)
{
    summaries();
    masking();
    config_files();
    validation();
    settings();
    return check_summary();
}
