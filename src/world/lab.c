/* The lab's life (see lab.h): finding a running one (lab_load), starting
 * it (free ports, formatted nodes, the nodes, waiting for the brokers, the
 * demo process, the Connect worker), stopping it, and stopping and starting
 * one node. What is on disk is lab_state.c, the processes lab_proc.c, the
 * configs and command lines lab_config.c, the Connect worker lab_connect.c. */
#include "world/lab.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "world/lab_config.h"
#include "world/lab_connect.h"
#include "base/util.h"

#define STOP_GRACE_MS 20000
#define DEMO_READY_TIMEOUT_MS 60000

static const char log4j_config[] =
    "# Written by kafscope lab: each node logs to its own file, never to a terminal.\n"
    "status = warn\n"
    "appender.file.type = File\n"
    "appender.file.name = FILE\n"
    "appender.file.fileName = ${sys:kafka.logs.dir}/server.log\n"
    "appender.file.layout.type = PatternLayout\n"
    "appender.file.layout.pattern = [%d] %p %m (%c)%n\n"
    "rootLogger.level = INFO\n"
    "rootLogger.appenderRef.file.ref = FILE\n"
    "logger.request.name = kafka.request.logger\n"
    "logger.request.level = WARN\n"
    "logger.statechange.name = state.change.logger\n"
    "logger.statechange.level = WARN\n"
    "logger.clients.name = org.apache.kafka.clients\n"
    "logger.clients.level = WARN\n"
    "logger.config.name = org.apache.kafka.common.config.AbstractConfig\n"
    "logger.config.level = WARN\n";

/* --- load, stop ----------------------------------------------------------------------------- */

static bool any_process_up(const ks_lab_t *lab)
{
    for (int i = 1; i <= lab->nnodes; i++)
        if (lab_node_up(lab, i))
            return true;
    return lab_demo_up(lab) || lab_connect_up(lab);
}

/* Every process of the lab, and how to recognise it. */
static int lab_processes(const ks_lab_t *lab, int *pids, char **needles)
{
    int n = 0;
    for (int i = 0; i < lab->nnodes; i++) {
        pids[n] = lab->nodes[i].pid;
        needles[n++] = lab_node_config(lab->home, i + 1);
    }
    pids[n] = lab->connect_pid;
    needles[n++] = lab_connect_config(lab->home);
    pids[n] = lab->demo_pid;
    needles[n++] = lab_demo_needle(lab->home);
    return n;
}

static void stop_processes(ks_lab_t *lab)
{
    int pids[LAB_MAX_NODES + 2];
    char *needles[LAB_MAX_NODES + 2];
    int n = lab_processes(lab, pids, needles);
    /* The clients first (Connect, the demo): they would only log errors
     * while the nodes go. */
    lab_stop_pids(pids + n - 2, needles + n - 2, 2, 10000);
    lab_stop_pids(pids, needles, n - 2, STOP_GRACE_MS);
    for (int i = 0; i < n; i++)
        free(needles[i]);
}

static void stop_all(ks_lab_t *lab)
{
    stop_processes(lab);
    lab_remove_contents(lab->home);
}

static bool owner_gone(const ks_lab_t *lab)
{
    return lab->owner_pid > 0 && kill(lab->owner_pid, 0) && errno == ESRCH;
}

static int load_locked(const char *home, ks_lab_t *lab, char *err)
{
    int rc = lab_read_state(home, lab, err);
    if (rc == 1) {
        lab_free(lab);
        return 0;
    }
    if (rc < 0) {
        lab_free(lab);
        return -1;
    }
    /* Stale: nothing runs any more, or the kafscope it belonged to is gone
     * (its children got SIGKILL; a node restarted by another process may
     * remain, and is stopped here). */
    if (!any_process_up(lab) || owner_gone(lab)) {
        stop_all(lab);
        lab_free(lab);
        return 0;
    }
    return 1;
}

int lab_load(const char *home, ks_lab_t *lab, char *err)
{
    struct stat st;
    char *path = lab_state_path(home);
    bool exists = stat(path, &st) == 0;
    free(path);
    if (!exists) {
        memset(lab, 0, sizeof *lab);
        return 0;
    }
    int fd = lab_lock_home(home, err);
    if (fd < 0)
        return -1;
    int rc = load_locked(home, lab, err);
    lab_unlock_home(fd);
    return rc;
}

int lab_stop(ks_lab_t *lab, char *err)
{
    int fd = lab_lock_home(lab->home, err);
    if (fd < 0)
        return -1;
    stop_all(lab);
    lab_unlock_home(fd);
    return 0;
}

/* --- start ---------------------------------------------------------------------------------- */

static void progress(const lab_start_opts_t *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void progress(const lab_start_opts_t *o, const char *fmt, ...)
{
    if (!o->progress)
        return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    o->progress(o->opaque, buf);
}

static int start_node(ks_lab_t *lab, int id, bool owned, char *err)
{
    char *java = lab_find_java();
    if (!java)
        return ks_err(err, "no Java runtime found");
    char *cfg = lab_node_config(lab->home, id);
    const char *args[] = {cfg, NULL};
    char *dir = xasprintf("%s/node%d", lab->home, id);
    char **argv = lab_java_argv(java, lab->home, dir, "kafka.Kafka", args);
    free(dir);
    char *log = xasprintf("%s/node%d/stdout.log", lab->home, id);
    int pid = lab_spawn(argv, log, owned, err);
    if (pid > 0)
        lab->nodes[id - 1].pid = pid;
    free(log);
    lab_argv_free(argv);
    free(cfg);
    free(java);
    return pid > 0 ? 0 : -1;
}

/* Formats every node's storage (one JVM each, in parallel). */
static int format_nodes(ks_lab_t *lab, const lab_start_opts_t *o, char *err)
{
    char cid[32];
    if (lab_cluster_id(cid, err))
        return -1;
    char *java = lab_find_java();
    if (!java)
        return ks_err(err, "no Java runtime found");
    int pids[LAB_MAX_NODES] = {0};
    int rc = 0;
    for (int id = 1; id <= lab->nnodes && rc == 0; id++) {
        char *cfg = lab_node_config(lab->home, id);
        const char *args[] = {"format", "--cluster-id", cid, "--config", cfg, NULL};
        char *dir = xasprintf("%s/node%d", lab->home, id);
        char **argv = lab_java_argv(java, lab->home, dir, "kafka.tools.StorageTool", args);
        free(dir);
        char *log = xasprintf("%s/node%d/format.log", lab->home, id);
        pids[id - 1] = lab_spawn(argv, log, o->owned, err);
        if (pids[id - 1] < 0)
            rc = -1;
        free(log);
        lab_argv_free(argv);
        free(cfg);
    }
    int64_t deadline = mono_ms() + LAB_START_TIMEOUT_MS;
    for (int id = 1; id <= lab->nnodes; id++) {
        int status = 0;
        while (pids[id - 1] > 0) {
            pid_t w = waitpid(pids[id - 1], &status, WNOHANG);
            if (w == pids[id - 1] || w < 0)
                break;
            if (mono_ms() > deadline || (o->interrupted && *o->interrupted)) {
                kill(pids[id - 1], SIGKILL);
                waitpid(pids[id - 1], &status, 0);
                status = -1;
                break;
            }
            sleep_ms(50);
        }
        if (rc == 0 && pids[id - 1] > 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
            rc = ks_err(err, "formatting node %d's storage failed; see %s/node%d/format.log", id,
                        lab->home, id);
    }
    free(java);
    return rc;
}

/* How many brokers the metadata lists (-1: no answer yet); *has_id tells
 * whether broker id is among them. */
static int metadata_brokers(rd_kafka_t *rk, int id, bool *has_id)
{
    const struct rd_kafka_metadata *md = NULL;
    *has_id = false;
    if (rd_kafka_metadata(rk, 0, NULL, &md, 1000) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return -1;
    int n = md->broker_cnt;
    for (int i = 0; i < n; i++)
        *has_id = *has_id || md->brokers[i].id == id;
    rd_kafka_metadata_destroy(md);
    return n;
}

static rd_kafka_t *probe_client(const char *bootstrap)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, NULL, 0);
    rd_kafka_conf_set(conf, "client.id", "kafscope-lab", NULL, 0);
    rd_kafka_conf_set(conf, "log_level", "0", NULL, 0);
    char errstr[256];
    return rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
}

static bool log_mentions(const ks_lab_t *lab, const char *what)
{
    bool found = false;
    for (int id = 1; id <= lab->nnodes && !found; id++) {
        for (int f = 0; f < 2 && !found; f++) {
            char *path = xasprintf("%s/node%d/%s", lab->home, id, f ? "server.log" : "stdout.log");
            char *text = file_read_text(path, 4 << 20, NULL);
            found = text && strstr(text, what);
            free(text);
            free(path);
        }
    }
    return found;
}

/* Waits until the metadata lists want brokers (and only_id among them
 * unless 0) while the nodes waited for (only_id, or all) stay alive. */
static int wait_brokers(ks_lab_t *lab, int want, int only_id, const lab_start_opts_t *o,
                        char *err)
{
    rd_kafka_t *rk = probe_client(lab->bootstrap);
    if (!rk)
        return ks_err(err, "cannot create a Kafka client");
    int64_t start = mono_ms(), last_note = 0;
    int rc = -1;
    for (;;) {
        for (int id = 1; id <= lab->nnodes; id++) {
            if ((only_id && id != only_id) || lab_node_up(lab, id))
                continue;
            ks_err(err, "node %d exited during start-up; see %s/node%d/server.log", id, lab->home,
                   id);
            goto out;
        }
        bool has_id;
        int n = metadata_brokers(rk, only_id, &has_id);
        if (n >= want && (!only_id || has_id)) {
            rc = 0;
            break;
        }
        int64_t waited = mono_ms() - start;
        if (waited > LAB_START_TIMEOUT_MS) {
            ks_err(err, "the lab did not answer within %d s; see %s/node*/server.log",
                   LAB_START_TIMEOUT_MS / 1000, lab->home);
            break;
        }
        if (o && o->interrupted && *o->interrupted) {
            ks_err(err, "interrupted");
            break;
        }
        if (o && waited - last_note >= 3000) {
            progress(o, "waiting for the brokers to register: %d of %d (%ds)", n < 0 ? 0 : n,
                     want, (int)(waited / 1000));
            last_note = waited;
        }
        sleep_ms(250);
    }
out:
    rd_kafka_destroy(rk);
    return rc;
}

static bool file_exists(const void *path)
{
    return access(path, F_OK) == 0;
}

static int start_demo(ks_lab_t *lab, const lab_start_opts_t *o, char *err)
{
    char *ready = xasprintf("%s/demo.ready", lab->home);
    char *log = xasprintf("%s/demo.log", lab->home);
    char *needle = lab_demo_needle(lab->home);
    char *argv[] = {(char *)o->self_exe, "lab", "_demo", lab->home, lab->bootstrap, NULL};
    int rc = 0;
    unlink(ready);
    lab->demo_pid = lab_spawn(argv, log, o->owned, err);
    if (lab->demo_pid < 0) {
        lab->demo_pid = 0;
        rc = -1;
    }
    progress(o, "creating the demo topics and starting the demo traffic");
    lab_child_t demo = {lab->demo_pid, needle, "the demo process",
                        "the demo topics were not created", log};
    if (rc == 0)
        rc = lab_wait_child_ready(o->interrupted, &demo, file_exists, ready, DEMO_READY_TIMEOUT_MS, 100, err);
    free(needle);
    free(ready);
    free(log);
    return rc;
}

/* One Kafka Connect worker (lab_connect.c): started, then waited for. */
static int start_connect(ks_lab_t *lab, const lab_start_opts_t *o, char *err)
{
    if (lab_connect_spawn(lab, o->owned, err))
        return -1;
    progress(o, "starting a Kafka Connect worker on http://127.0.0.1:%d", lab->connect_port);
    return lab_connect_wait(lab, o->interrupted, err);
}

static int launch(ks_lab_t *lab, const lab_start_opts_t *o, char *err)
{
    int ports[2 * LAB_MAX_NODES];
    if (lab_free_ports(2 * lab->nnodes, ports, err))
        return -1;
    strbuf_t voters, boot;
    sb_init(&voters);
    sb_init(&boot);
    for (int id = 1; id <= lab->nnodes; id++) {
        lab->nodes[id - 1] = (ks_lab_node_t){id, 0, ports[2 * id - 2], ports[2 * id - 1]};
        sb_printf(&voters, "%s%d@127.0.0.1:%d", id > 1 ? "," : "", id, ports[2 * id - 1]);
        sb_printf(&boot, "%s127.0.0.1:%d", id > 1 ? "," : "", ports[2 * id - 2]);
    }
    free(lab->bootstrap);
    lab->bootstrap = sb_steal(&boot);
    int rc = 0;
    for (int id = 1; id <= lab->nnodes && rc == 0; id++) {
        char *dir = xasprintf("%s/node%d", lab->home, id);
        rc = lab_mkdirs(dir, err) || lab_write_config(lab, id, voters.buf, err) ? -1 : 0;
        free(dir);
    }
    sb_free(&voters);
    if (rc == 0) {
        progress(o, "formatting the storage of %d node%s", lab->nnodes, lab->nnodes > 1 ? "s" : "");
        rc = format_nodes(lab, o, err);
    }
    for (int id = 1; id <= lab->nnodes && rc == 0; id++)
        rc = start_node(lab, id, o->owned, err);
    /* Saved now, so that a kafscope killed during the wait leaves a state
     * the next one recognises and cleans up. */
    if (rc == 0)
        rc = lab_save_state(lab, err);
    if (rc == 0) {
        progress(o, "starting %d Kafka node%s on %s", lab->nnodes, lab->nnodes > 1 ? "s" : "",
                 lab->bootstrap);
        rc = wait_brokers(lab, lab->nnodes, 0, o, err);
    }
    if (rc == 0 && o->self_exe)
        rc = start_demo(lab, o, err);
    if (rc == 0)
        rc = lab_save_state(lab, err);
    if (rc == 0 && o->connect)
        rc = start_connect(lab, o, err);
    if (rc == 0)
        rc = lab_save_state(lab, err);
    return rc;
}

int lab_start(const char *home, const lab_start_opts_t *o, ks_lab_t *lab, char *err)
{
    if (o->nodes < 1 || o->nodes > LAB_MAX_NODES)
        return ks_err(err, "--brokers: expected 1 to %d", LAB_MAX_NODES);
    if (lab_check_runtime(err))
        return -1;
    int fd = lab_lock_home(home, err);
    if (fd < 0)
        return -1;
    int rc = load_locked(home, lab, err);
    if (rc != 0) {
        lab_unlock_home(fd);
        return rc; /* 1: one runs already; -1: its state is unreadable */
    }
    lab->home = xstrdup(home);
    lab->nnodes = o->nodes;
    lab->owner_pid = o->owned ? (int)getpid() : 0;
    lab->started_ms = now_ms();
    lab_remove_contents(home);
    char *l4j = xasprintf("%s/log4j2.properties", home);
    rc = lab_write_text(l4j, log4j_config, err);
    for (int attempt = 1; rc == 0; attempt++) {
        rc = launch(lab, o, err);
        if (rc == 0)
            break;
        stop_processes(lab);
        /* The free ports are only free when we look: retry once if one was taken. */
        if (attempt > 1 || !log_mentions(lab, "Address already in use")) {
            char *state = lab_state_path(home);
            unlink(state); /* the logs stay for the error message to point at */
            free(state);
            break;
        }
        progress(o, "a port was taken meanwhile; retrying with new ports");
        memset(lab->nodes, 0, sizeof lab->nodes);
        lab->demo_pid = lab->connect_pid = lab->connect_port = 0;
        lab_remove_contents(home);
        rc = lab_write_text(l4j, log4j_config, err);
    }
    free(l4j);
    lab_unlock_home(fd);
    if (rc)
        lab_free(lab);
    return rc;
}

/* --- nodes ---------------------------------------------------------------------------------- */

/* Checks node id exists and takes the lab's lock: the fd, or -1. */
static int lock_node(const ks_lab_t *lab, int id, char *err)
{
    if (id < 1 || id > lab->nnodes)
        return ks_err(err, "no broker %d in the lab (its brokers are 1 to %d)", id, lab->nnodes);
    return lab_lock_home(lab->home, err);
}

int lab_node_stop(ks_lab_t *lab, int id, bool crash, char *err)
{
    int fd = lock_node(lab, id, err);
    if (fd < 0)
        return -1;
    int rc = 0;
    if (!lab_node_up(lab, id)) {
        rc = ks_err(err, "broker %d is not running (`kafscope lab broker start %d` starts it)", id,
                    id);
    } else {
        char *needle = lab_node_config(lab->home, id);
        lab_stop_pids(&lab->nodes[id - 1].pid, &needle, 1, crash ? 0 : STOP_GRACE_MS);
        free(needle);
        lab->nodes[id - 1].pid = 0;
        rc = lab_save_state(lab, err);
    }
    lab_unlock_home(fd);
    return rc;
}

int lab_node_start(ks_lab_t *lab, int id, char *err)
{
    int fd = lock_node(lab, id, err);
    if (fd < 0)
        return -1;
    int rc = 0;
    if (lab_node_up(lab, id)) {
        rc = ks_err(err, "broker %d is already running", id);
    } else {
        int before = 0;
        for (int i = 1; i <= lab->nnodes; i++)
            before += i != id && lab_node_up(lab, i);
        /* A node restarted here dies with the lab's owner only through the
         * owner's stop (or the next stale check): it is not our child's child. */
        rc = start_node(lab, id, false, err);
        if (rc == 0)
            rc = lab_save_state(lab, err);
        if (rc == 0)
            rc = wait_brokers(lab, before + 1, id, NULL, err);
    }
    lab_unlock_home(fd);
    return rc;
}
