/* The lab: a real Apache Kafka cluster (KRaft, every node a combined
 * broker+controller) that kafscope runs on 127.0.0.1 from the jars
 * scripts/fetch-kafka put in the cache, plus a demo process (`kafscope lab
 * _demo`) that creates the demo topics and keeps traffic and the
 * pizza-kitchen group going.
 *
 * The lab lives in one folder, its home ($KAFSCOPE_LAB_DIR, else
 * <cache>/lab): the state file (bootstrap, pids, ports), the nodes' configs,
 * data and logs. Any kafscope finds a running lab through it. A lab whose
 * processes are all gone (a reboot, a killed owner) is stale: lab_load
 * cleans it up and reports none.
 *
 * Not thread-safe: one lab per process, used from the main thread. A lab
 * started "owned" dies with the process that started it (PR_SET_PDEATHSIG on
 * every child), so that thread must live as long as the lab. */
#ifndef KS_LAB_H
#define KS_LAB_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "world/lab_proc.h"

/* Reads the lab of home into *lab. 1: a lab runs (maybe with nodes down);
 * 0: none (a stale one is cleaned up); -1: error. */
int lab_load(const char *home, ks_lab_t *lab, char *err);

typedef void (*lab_progress_fn)(void *opaque, const char *what);

typedef struct {
    int nodes;             /* 1..LAB_MAX_NODES */
    bool owned;            /* dies with this process */
    bool connect;          /* also run one Kafka Connect worker (distributed mode) */
    const char *self_exe;  /* kafscope binary, for the demo process; NULL: no demo */
    lab_progress_fn progress; /* each step, for the front end to show; may be NULL */
    void *opaque;
    volatile sig_atomic_t *interrupted; /* stops the wait (the lab is then stopped) */
} lab_start_opts_t;

/* Starts a lab in home and waits (bounded) until every node is in the
 * metadata and the demo topics exist. If a lab already runs there, fills
 * *lab with it, starts nothing and returns 1; 0 when it started one. */
int lab_start(const char *home, const lab_start_opts_t *o, ks_lab_t *lab, char *err);

/* Stops every process of the lab (gracefully, then SIGKILL after a bounded
 * wait) and removes its folder's data and state. */
int lab_stop(ks_lab_t *lab, char *err);

/* Stops one node (SIGTERM and a bounded wait, or SIGKILL with crash),
 * keeping its data; lab_node_start starts it again and waits until it is
 * back in the metadata. Both update the state file. */
int lab_node_stop(ks_lab_t *lab, int id, bool crash, char *err);
int lab_node_start(ks_lab_t *lab, int id, char *err);

/* The demo process's body (`kafscope lab _demo HOME BOOTSTRAP`): creates the
 * demo topics, signals readiness with HOME/demo.ready, runs the traffic and
 * the pizza-kitchen members until *stop. note gets what it did (a log line). */
int lab_demo_run(const char *home, const char *bootstrap, volatile sig_atomic_t *stop,
                 lab_progress_fn note, void *opaque, char *err);

#endif
