/* `kafscope lab ...`: the lab's command front end, and the lab as the
 * default world (no -b, -F or --cluster): use the running lab, or start one
 * that lives as long as this kafscope. Process management is src/world/lab.c. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "world/embedded.h"
#include "world/lab.h"

static const char lab_usage[] =
    "usage: kafscope lab start [--brokers N] [--connect]  start a local Kafka cluster (default 3\n"
    "                                         nodes; --connect: and a Kafka Connect worker)\n"
    "       kafscope lab status [--json]         its nodes, pids, ports, data folder, uptime\n"
    "       kafscope lab stop                    stop every process of it, remove its data\n"
    "       kafscope lab broker stop N [--crash] stop node N (--crash: SIGKILL, like a pulled cable)\n"
    "       kafscope lab broker start N          start node N again, with its data\n";

static void print_progress(void *opaque, const char *what)
{
    fprintf(stderr, "%s: %s\n", (const char *)opaque, what);
}

static char *self_exe(void)
{
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    return xstrdup(buf);
}

static void format_uptime(int64_t ms, char *buf, size_t size)
{
    int64_t s = ms / 1000;
    if (s < 120)
        snprintf(buf, size, "%llds", (long long)s);
    else if (s < 7200)
        snprintf(buf, size, "%lldm%02llds", (long long)(s / 60), (long long)(s % 60));
    else
        snprintf(buf, size, "%lldh%02lldm", (long long)(s / 3600), (long long)(s / 60 % 60));
}

static int lab_status(const ks_lab_t *lab, bool running, bool json)
{
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "running", json_boolean(running));
        if (running) {
            json_t *nodes = json_array();
            for (int i = 0; i < lab->nnodes; i++) {
                const ks_lab_node_t *n = &lab->nodes[i];
                bool up = lab_node_up(lab, n->id);
                json_array_append_new(nodes, json_pack("{s:i, s:i, s:i, s:i, s:s}", "id", n->id,
                                                       "pid", up ? n->pid : 0, "port", n->port,
                                                       "controller_port", n->cport, "state",
                                                       up ? "up" : "down"));
            }
            json_object_set_new(o, "bootstrap", json_string(lab->bootstrap));
            json_object_set_new(o, "nodes", nodes);
            json_object_set_new(o, "demo_pid", json_integer(lab_demo_up(lab) ? lab->demo_pid : 0));
            if (lab->connect_port) {
                char url[64];
                snprintf(url, sizeof url, "http://127.0.0.1:%d", lab->connect_port);
                json_object_set_new(o, "connect", json_string(url));
                json_object_set_new(o, "connect_pid",
                                    json_integer(lab_connect_up(lab) ? lab->connect_pid : 0));
            }
            json_object_set_new(o, "owner_pid", json_integer(lab->owner_pid));
            json_object_set_new(o, "data", json_string(lab->home));
            json_object_set_new(o, "uptime_ms", json_integer(now_ms() - lab->started_ms));
            json_object_set_new(o, "kafka_version", json_string(lab_kafka_version()));
        }
        char *text = json_dumps(o, JSON_COMPACT);
        puts(text);
        free(text);
        json_decref(o);
        return running ? 0 : 1;
    }
    if (!running) {
        puts("no lab is running (`kafscope lab start` starts one)");
        return 1;
    }
    char up[32];
    format_uptime(now_ms() - lab->started_ms, up, sizeof up);
    printf("bootstrap: %s\n", lab->bootstrap);
    printf("kafka: %s, %d node%s (broker+controller), up %s\n", lab_kafka_version(), lab->nnodes,
           lab->nnodes > 1 ? "s" : "", up);
    printf("data: %s\n", lab->home);
    if (lab->owner_pid)
        printf("owner: kafscope pid %d (the lab stops when it exits)\n", lab->owner_pid);
    printf("%-6s %-6s %-8s %-7s %s\n", "NODE", "STATE", "PID", "PORT", "CONTROLLER");
    for (int i = 0; i < lab->nnodes; i++) {
        const ks_lab_node_t *n = &lab->nodes[i];
        bool u = lab_node_up(lab, n->id);
        char pid[16] = "-";
        if (u)
            snprintf(pid, sizeof pid, "%d", n->pid);
        printf("%-6d %-6s %-8s %-7d %d\n", n->id, u ? "up" : "DOWN", pid, n->port, n->cport);
    }
    if (lab_demo_up(lab))
        printf("demo: pid %d (topics, traffic, group pizza-kitchen)\n", lab->demo_pid);
    else
        printf("demo: not running\n");
    if (lab->connect_port && lab_connect_up(lab))
        printf("connect: http://127.0.0.1:%d (pid %d)\n", lab->connect_port, lab->connect_pid);
    else if (lab->connect_port)
        printf("connect: http://127.0.0.1:%d (DOWN)\n", lab->connect_port);
    return 0;
}

static int lab_demo_main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: kafscope lab _demo HOME BOOTSTRAP (started by the lab)\n", stderr);
        return 2;
    }
    char err[KS_ERRLEN];
    if (lab_demo_run(argv[1], argv[2], &app_interrupted, print_progress,
                     (void *)"kafscope lab demo", err)) {
        fprintf(stderr, "kafscope lab demo: %s\n", err);
        return 1;
    }
    return 0;
}

static int parse_node(const char *s, int *id)
{
    int64_t n;
    if (!parse_int64(s, 1, LAB_MAX_NODES, &n)) {
        fprintf(stderr, "kafscope lab broker: expected a node number from 1 to %d, got '%s'\n",
                LAB_MAX_NODES, s);
        return -1;
    }
    *id = (int)n;
    return 0;
}

static int bad_usage(const char *what)
{
    fprintf(stderr, "kafscope lab: %s\n%s", what, lab_usage);
    return 2;
}

int lab_main(int argc, char **argv)
{
    if (argc < 2)
        return bad_usage("missing subcommand");
    const char *sub = argv[1];
    if (!strcmp(sub, "_demo"))
        return lab_demo_main(argc - 1, argv + 1);
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) {
        fputs(lab_usage, stdout);
        return 0;
    }
    char err[KS_ERRLEN];
    char *home = lab_home();
    ks_lab_t lab;
    int rc = 0;
    if (!strcmp(sub, "start")) {
        int64_t n = LAB_DEFAULT_NODES;
        bool connect = false;
        for (int i = 2; i < argc && rc == 0; i++) {
            if (!strcmp(argv[i], "--brokers") && i + 1 < argc) {
                if (!parse_int64(argv[++i], 1, LAB_MAX_NODES, &n))
                    rc = bad_usage("--brokers: expected 1 to 9");
            } else if (!strcmp(argv[i], "--connect")) {
                connect = true;
            } else {
                rc = bad_usage("unknown argument to start");
            }
        }
        if (rc == 0) {
            char *exe = self_exe();
            lab_start_opts_t o = {(int)n, false, connect, exe, print_progress,
                                  (void *)"kafscope lab", &app_interrupted};
            int64_t t0 = mono_ms();
            int r = lab_start(home, &o, &lab, err);
            free(exe);
            if (r < 0) {
                fprintf(stderr, "kafscope lab: %s\n", err);
                rc = 1;
            } else {
                printf("%s\n", lab.bootstrap);
                fflush(stdout);
                if (r == 1)
                    fprintf(stderr, "kafscope lab: a lab is already running (data in %s)%s; "
                                    "`kafscope lab stop` stops it\n", home,
                            connect && !lab.connect_port ? ", without Connect" : "");
                else
                    fprintf(stderr, "kafscope lab: %d node%s up in %.1f s (data in %s); it runs "
                                    "until `kafscope lab stop`\n", lab.nnodes,
                            lab.nnodes > 1 ? "s" : "", (double)(mono_ms() - t0) / 1000, home);
                lab_free(&lab);
            }
        }
    } else if (!strcmp(sub, "status") || !strcmp(sub, "stop") || !strcmp(sub, "broker")) {
        bool json = false, crash = false;
        int id = 0;
        if (!strcmp(sub, "status")) {
            for (int i = 2; i < argc && rc == 0; i++)
                if (!strcmp(argv[i], "--json"))
                    json = true;
                else
                    rc = bad_usage("unknown argument to status");
        } else if (!strcmp(sub, "stop")) {
            if (argc > 2)
                rc = bad_usage("stop takes no arguments");
        } else if (argc < 4 || (strcmp(argv[2], "stop") && strcmp(argv[2], "start"))) {
            rc = bad_usage("expected `broker stop N [--crash]` or `broker start N`");
        } else if (parse_node(argv[3], &id)) {
            rc = 2;
        } else {
            for (int i = 4; i < argc && rc == 0; i++)
                if (!strcmp(argv[i], "--crash") && !strcmp(argv[2], "stop"))
                    crash = true;
                else
                    rc = bad_usage("unknown argument to broker");
        }
        int r = rc ? 0 : lab_load(home, &lab, err);
        if (rc) {
            /* usage error, reported */
        } else if (r < 0) {
            fprintf(stderr, "kafscope lab: %s\n", err);
            rc = 1;
        } else if (!strcmp(sub, "status")) {
            rc = lab_status(&lab, r == 1, json);
        } else if (r == 0) {
            if (!strcmp(sub, "stop")) {
                fprintf(stderr, "kafscope lab: no lab is running\n");
            } else {
                fprintf(stderr, "kafscope lab: no lab is running (`kafscope lab start` starts one)\n");
                rc = 1;
            }
        } else if (!strcmp(sub, "stop")) {
            if (lab_stop(&lab, err)) {
                fprintf(stderr, "kafscope lab: %s\n", err);
                rc = 1;
            } else {
                fprintf(stderr, "kafscope lab: stopped; data removed\n");
            }
        } else {
            bool stop = !strcmp(argv[2], "stop");
            int64_t t0 = mono_ms();
            if (stop ? lab_node_stop(&lab, id, crash, err) : lab_node_start(&lab, id, err)) {
                fprintf(stderr, "kafscope lab: %s\n", err);
                rc = 1;
            } else {
                fprintf(stderr, "kafscope lab: broker %d %s in %.1f s\n", id,
                        stop ? (crash ? "killed (SIGKILL)" : "stopped") : "started and registered",
                        (double)(mono_ms() - t0) / 1000);
            }
        }
        if (r == 1)
            lab_free(&lab);
    } else {
        rc = bad_usage("unknown subcommand");
    }
    free(home);
    return rc;
}

/* --- the lab as the default world ----------------------------------------------------------- */

static ks_lab_t owned_lab; /* the lab this process started for itself */
static bool owns_lab;

/* A lab started with --connect: its worker is this session's Kafka Connect,
 * unless one is configured. */
static void use_lab_connect(cmd_ctx_t *ctx, const ks_lab_t *lab)
{
    if ((ctx->cfg->connect_url && *ctx->cfg->connect_url) || !lab_connect_up(lab))
        return;
    char url[64], err[KS_ERRLEN];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", lab->connect_port);
    config_set(ctx->cfg, "connect.url", url, err);
}

ks_client_t *lab_world_connect(cmd_ctx_t *ctx, char *err)
{
    char *home = lab_home();
    ks_lab_t lab;
    char lerr[KS_ERRLEN];
    int r = lab_load(home, &lab, lerr);
    if (r == 1) {
        config_set(ctx->cfg, "bootstrap", lab.bootstrap, lerr);
        use_lab_connect(ctx, &lab);
        ctx->lab_world = true;
        lab_free(&lab);
        free(home);
        return client_new(ctx->cfg, NULL, err);
    }
    if (r == 0 && lab_check_runtime(lerr) == 0) {
        if (ctx->batch)
            fprintf(stderr, "kafscope: no lab is running; starting one for this run (it stops "
                            "at exit; `kafscope lab start` keeps one running)\n");
        else
            fprintf(stderr, "kafscope: starting the lab, a local Kafka cluster of %d nodes "
                            "(it stops when kafscope exits)\n", LAB_DEFAULT_NODES);
        char *exe = self_exe();
        lab_start_opts_t o = {LAB_DEFAULT_NODES, true, false, exe, print_progress,
                              (void *)"kafscope lab", &app_interrupted};
        int64_t t0 = mono_ms();
        r = lab_start(home, &o, &lab, lerr);
        free(exe);
        if (r >= 0) {
            if (r == 0) {
                owned_lab = lab;
                owns_lab = true;
                fprintf(stderr, "kafscope lab: up in %.1f s on %s\n",
                        (double)(mono_ms() - t0) / 1000, lab.bootstrap);
            }
            config_set(ctx->cfg, "bootstrap", lab.bootstrap, lerr);
            ctx->lab_world = true;
            if (r == 1)
                lab_free(&lab);
            free(home);
            return client_new(ctx->cfg, NULL, err);
        }
        if (app_interrupted) {
            free(home);
            ks_err(err, "interrupted while starting the lab");
            return NULL;
        }
    }
    /* The mock is the instant fallback: say why, and how to get the lab. */
    fprintf(stderr, "kafscope: using the embedded mock cluster: %s\n", lerr);
    free(home);
    return embedded_client_new(ctx->cfg, err);
}

void lab_world_release(void)
{
    if (!owns_lab)
        return;
    char err[KS_ERRLEN];
    fprintf(stderr, "kafscope: stopping the lab it started (a few seconds)\n");
    if (lab_stop(&owned_lab, err))
        fprintf(stderr, "kafscope: stopping the lab: %s\n", err);
    lab_free(&owned_lab);
    owns_lab = false;
}
