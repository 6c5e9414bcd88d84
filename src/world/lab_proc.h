/* The lab's processes (see lab.h): where the lab and its jars live, the
 * Java runtime, and the processes it starts (nodes, the demo process, the
 * Connect worker): spawning them, telling whether a pid is still the one we
 * started (by a needle in its command line), stopping them. */
#ifndef KS_LAB_PROC_H
#define KS_LAB_PROC_H

#include <signal.h>
#include <stdbool.h>

#include "world/lab_state.h"

#define LAB_START_TIMEOUT_MS 120000 /* JVM starts on a loaded 2-core machine are slow */

/* The lab's home folder and the Kafka jar folder (malloc'd). */
char *lab_home(void);
char *lab_jars_dir(void);
/* The Kafka version the lab runs. */
const char *lab_kafka_version(void);

/* Whether a lab can start here: a java and the fetched jars. On -1, err says
 * what is missing and what to run. */
int lab_check_runtime(char *err);

/* Whether node id's process is alive (and is that node's JVM). */
bool lab_node_up(const ks_lab_t *lab, int id);
bool lab_demo_up(const ks_lab_t *lab);
bool lab_connect_up(const ks_lab_t *lab);

/* The java to run ($JAVA, else $JAVA_HOME/bin/java, else java on PATH);
 * malloc'd, NULL when there is none. */
char *lab_find_java(void);

/* The config file of node id, of the Connect worker, and the demo's needle
 * (malloc'd): each process's command line names it, so it tells that a pid
 * is still that process. */
char *lab_node_config(const char *home, int id);
char *lab_connect_config(const char *home);
char *lab_demo_needle(const char *home);

/* Starts argv[0] in its own session, output to log; owned: it dies with
 * this process. The pid, or -1 with err. */
int lab_spawn(char *const argv[], const char *log, bool owned, char *err);
/* Reaps pid if it is our child; true while it still runs. */
bool lab_still_running(int pid, const char *needle);
/* SIGTERM to the processes whose command line holds their needle, SIGKILL
 * to those still running after grace_ms. */
void lab_stop_pids(const int *pids, char *const *needles, int n, int grace_ms);

/* A child the lab started (the demo process, the Connect worker), by what
 * the messages call it and the log they point to. */
typedef struct {
    int pid;
    const char *needle; /* in its command line: the pid is still ours */
    const char *name;   /* "the Connect worker" */
    const char *late;   /* what did not happen in time: "the Connect worker did not answer" */
    const char *log;
} lab_child_t;

/* Polls ready(arg) every period_ms until it holds. Fails, naming the child
 * and its log, when the child exits, after timeout_ms, or when
 * *interrupted is set. */
int lab_wait_child_ready(volatile sig_atomic_t *interrupted, const lab_child_t *c,
                         bool (*ready)(const void *arg), const void *arg, int timeout_ms,
                         int period_ms, char *err);

#endif
