/* The lab's Kafka Connect worker (lab start --connect): one worker in
 * distributed mode, its configs, offsets and status in the lab's topics, the
 * FileStream connectors on its classpath with the rest of the jars. */
#ifndef KS_LAB_CONNECT_H
#define KS_LAB_CONNECT_H

#include <signal.h>
#include <stdbool.h>

#include "world/lab_proc.h"

/* Writes the worker's config on a free port and starts it (owned: it dies
 * with this process): lab->connect_pid and connect_port are set. -1 with
 * err when it could not be started. */
int lab_connect_spawn(ks_lab_t *lab, bool owned, char *err);
/* Waits until the worker's REST API answers; fails, naming its log, when
 * it exits, after LAB_START_TIMEOUT_MS, or when *interrupted is set. */
int lab_connect_wait(const ks_lab_t *lab, volatile sig_atomic_t *interrupted, char *err);

#endif
