#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/secret.h"
#include "check.h"
#include "kafka/client.h"
#include "kafka/config.h"
#include "base/util.h"

static char *write_temp(const char *content)
{
    char *path = xstrdup("/tmp/kafscope-test-XXXXXX");
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs(content, f);
    fclose(f);
    return path;
}

int main(void)
{
    char err[KS_ERRLEN];
    ks_config_t cfg;

    /* -X */
    config_init(&cfg);
    CHECK(config_set_kv(&cfg, "security.protocol=SASL_SSL", err) == 0);
    CHECK(config_set_kv(&cfg, "sasl.password=a=b=c", err) == 0);
    CHECK_STR(config_get(&cfg, "sasl.password"), "a=b=c");
    CHECK(config_set_kv(&cfg, "bootstrap.servers=h1:9092,h2:9092", err) == 0);
    CHECK_STR(cfg.bootstrap, "h1:9092,h2:9092");
    CHECK(config_get(&cfg, "bootstrap.servers") == NULL);
    CHECK(config_set_kv(&cfg, "schema.registry.url=http://localhost:8081", err) == 0);
    CHECK_STR(cfg.registry.url, "http://localhost:8081");
    CHECK(config_set_kv(&cfg, "novalue", err) == -1);
    CHECK(strstr(err, "prop=value") != NULL);
    CHECK(config_set_kv(&cfg, "=x", err) == -1);
    CHECK(config_set_kv(&cfg, "kafscope.refresh.ms=abc", err) == -1);
    CHECK(strstr(err, "whole number") != NULL);
    CHECK(config_set_kv(&cfg, "kafscope.refresh.ms=500", err) == 0);
    CHECK(cfg.refresh_ms == 500);
    CHECK(config_set_kv(&cfg, "kafscope.nonsense=1", err) == -1);
    CHECK(config_set_kv(&cfg, "security.protocol=PLAINTEXT", err) == 0);
    CHECK_STR(config_get(&cfg, "security.protocol"), "PLAINTEXT");
    CHECK(cfg.nprops == 2);
    config_free(&cfg);

    /* -F: kcat-compatible properties file */
    char *props = write_temp("# a comment\n\n  client.id = tester  \nsasl.username=u\n"
                             "sasl.password=p@ss=word\n");
    config_init(&cfg);
    CHECK(config_load_properties(&cfg, props, err) == 0);
    CHECK_STR(config_get(&cfg, "client.id"), "tester");
    CHECK_STR(config_get(&cfg, "sasl.password"), "p@ss=word");
    config_free(&cfg);
    unlink(props);
    free(props);

    char *bad = write_temp("ok=1\nthis line is wrong\n");
    config_init(&cfg);
    CHECK(config_load_properties(&cfg, bad, err) == -1);
    CHECK(strstr(err, ":2:") != NULL);
    config_free(&cfg);
    unlink(bad);
    free(bad);

    config_init(&cfg);
    CHECK(config_load_properties(&cfg, "/nonexistent/file", err) == -1);
    CHECK(strstr(err, "/nonexistent/file") != NULL);
    config_free(&cfg);

    /* Named clusters */
    char *file = write_temp("timeout.ms = 3000\n"
                            "[cluster prod]\nbootstrap = prod:9092\nread-only = true\n"
                            "security.protocol = SSL\n"
                            "[cluster dev]\nbootstrap = dev:9092\n"
                            "schema.registry.url = http://dev:8081\n");
    config_init(&cfg);
    CHECK(config_load_file(&cfg, file, "prod", err) == 0);
    CHECK_STR(cfg.bootstrap, "prod:9092");
    CHECK(cfg.read_only);
    CHECK(cfg.timeout_ms == 3000);
    CHECK_STR(config_get(&cfg, "security.protocol"), "SSL");
    CHECK(cfg.registry.url == NULL);
    CHECK_STR(config_display_name(&cfg), "prod");
    config_free(&cfg);

    config_init(&cfg);
    CHECK(config_load_file(&cfg, file, "dev", err) == 0);
    CHECK_STR(cfg.bootstrap, "dev:9092");
    CHECK(!cfg.read_only);
    CHECK_STR(cfg.registry.url, "http://dev:8081");
    config_free(&cfg);

    config_init(&cfg);
    CHECK(config_load_file(&cfg, file, "staging", err) == -1);
    CHECK(strstr(err, "staging") != NULL);
    config_free(&cfg);

    config_init(&cfg);
    CHECK(config_load_file(&cfg, "/nonexistent/config", NULL, err) == 0);
    CHECK(cfg.bootstrap == NULL);
    CHECK_STR(config_display_name(&cfg), "embedded demo cluster");
    config_free(&cfg);
    unlink(file);
    free(file);

    /* The producer's defaults, and the user's value under either of librdkafka's names */
    config_init(&cfg);
    CHECK_STR(client_producer_setting(&cfg, "linger.ms"), "5");
    CHECK_STR(client_producer_setting(&cfg, "queue.buffering.max.messages"), "12000");
    CHECK(config_set_kv(&cfg, "queue.buffering.max.ms=250", err) == 0);
    CHECK(config_set_kv(&cfg, "request.required.acks=1", err) == 0);
    CHECK_STR(client_producer_setting(&cfg, "linger.ms"), "250");
    CHECK_STR(client_producer_setting(&cfg, "acks"), "1");
    CHECK(config_set_kv(&cfg, "linger.ms=7", err) == 0);
    CHECK_STR(client_producer_setting(&cfg, "linger.ms"), "7");
    config_free(&cfg);

    /* Secrets */
    CHECK(is_secret_key("sasl.password"));
    CHECK(is_secret_key("ssl.key.password"));
    CHECK(is_secret_key("sasl.oauthbearer.client.secret"));
    CHECK(is_secret_key("ssl.key.pem"));
    CHECK(is_secret_key("schema.registry.basic.auth.user.info"));
    CHECK(!is_secret_key("sasl.username"));
    CHECK(!is_secret_key("security.protocol"));
    return check_summary();
}
