/* The lab's Kafka Connect worker (lab start --connect): its config, its
 * process, and waiting until its REST API answers (see lab_connect.h). */
#include "world/lab_connect.h"

#include <stdio.h>
#include <stdlib.h>

#include "http/http.h"
#include "world/lab_config.h"
#include "base/util.h"

/* Whether the Connect worker's REST API answers on its port. */
static bool connect_answers(const void *port_p)
{
    char url[64], err[KS_ERRLEN];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", *(const int *)port_p);
    ks_http_t *h = http_new(&(ks_http_opts_t){.service = "Kafka Connect", .url = url,
                                              .timeout_ms = 2000});
    json_t *body = NULL;
    int status = http_request(h, "GET", "/connector-plugins", NULL, &body, err);
    json_decref(body);
    http_free(h);
    return status == 200;
}

/* One Kafka Connect worker in distributed mode (its configs, offsets and
 * status in the lab's topics). The FileStream connectors (connect-file) are
 * on its classpath with the rest of the jars. */
int lab_connect_spawn(ks_lab_t *lab, bool owned, char *err)
{
    int port = 0; /* set by lab_free_ports (an optimised build cannot tell) */
    if (lab_free_ports(1, &port, err))
        return -1;
    char *dir = xasprintf("%s/connect", lab->home);
    int rf = lab->nnodes < 3 ? lab->nnodes : 3;
    char *text = xasprintf(
        "# Written by kafscope lab: one Kafka Connect worker, distributed mode.\n"
        "bootstrap.servers=%s\n"
        "group.id=kafscope-lab-connect\n"
        "listeners=http://127.0.0.1:%d\n"
        "rest.advertised.host.name=127.0.0.1\n"
        "rest.advertised.port=%d\n"
        "key.converter=org.apache.kafka.connect.json.JsonConverter\n"
        "value.converter=org.apache.kafka.connect.json.JsonConverter\n"
        "key.converter.schemas.enable=false\n"
        "value.converter.schemas.enable=false\n"
        "config.storage.topic=connect-configs\n"
        "offset.storage.topic=connect-offsets\n"
        "status.storage.topic=connect-status\n"
        "config.storage.replication.factor=%d\n"
        "offset.storage.replication.factor=%d\n"
        "status.storage.replication.factor=%d\n"
        "offset.storage.partitions=5\n"
        "status.storage.partitions=3\n"
        "offset.flush.interval.ms=5000\n",
        lab->bootstrap, port, port, rf, rf, rf);
    char *cfg = lab_connect_config(lab->home);
    int rc = lab_mkdirs(dir, err) || lab_write_text(cfg, text, err) ? -1 : 0;
    free(text);
    char *java = rc ? NULL : lab_find_java();
    if (rc == 0 && !java)
        rc = ks_err(err, "no Java runtime found");
    if (rc == 0) {
        const char *args[] = {cfg, NULL};
        char **argv = lab_java_argv(java, lab->home, dir,
                                    "org.apache.kafka.connect.cli.ConnectDistributed", args);
        char *log = xasprintf("%s/stdout.log", dir);
        int pid = lab_spawn(argv, log, owned, err);
        free(log);
        lab_argv_free(argv);
        if (pid < 0)
            rc = -1;
        else
            lab->connect_pid = pid, lab->connect_port = port;
    }
    free(java);
    free(cfg);
    free(dir);
    return rc;
}

int lab_connect_wait(const ks_lab_t *lab, volatile sig_atomic_t *interrupted, char *err)
{
    char *cfg = lab_connect_config(lab->home);
    char *log = xasprintf("%s/connect/server.log", lab->home);
    lab_child_t worker = {lab->connect_pid, cfg, "the Connect worker",
                          "the Connect worker did not answer", log};
    int rc = lab_wait_child_ready(interrupted, &worker, connect_answers, &lab->connect_port,
                                  LAB_START_TIMEOUT_MS, 500, err);
    free(log);
    free(cfg);
    return rc;
}
