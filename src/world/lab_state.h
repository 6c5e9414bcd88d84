/* The lab on disk (see lab.h): its types, the state file that lets any
 * kafscope find a running lab (bootstrap, pids, ports), and its home folder
 * (made, emptied, locked while a kafscope changes the lab). Like the rest
 * of the lab, not thread-safe: the main thread's. */
#ifndef KS_LAB_STATE_H
#define KS_LAB_STATE_H

#include <stdint.h>

#define LAB_MAX_NODES 9
#define LAB_DEFAULT_NODES 3

typedef struct {
    int id;       /* node.id, 1..n */
    int pid;      /* 0 when stopped with lab_node_stop */
    int port;     /* client port (PLAINTEXT) */
    int cport;    /* controller port */
} ks_lab_node_t;

typedef struct {
    char *home;
    char *bootstrap;      /* 127.0.0.1:PORT,... */
    int nnodes;
    ks_lab_node_t nodes[LAB_MAX_NODES];
    int demo_pid;         /* the demo process; 0: none */
    int connect_pid;      /* the Kafka Connect worker (lab start --connect); 0: none */
    int connect_port;     /* its REST port: http://127.0.0.1:PORT */
    int owner_pid;        /* the kafscope the lab dies with; 0: runs until `lab stop` */
    int64_t started_ms;   /* wall clock */
} ks_lab_t;

void lab_free(ks_lab_t *lab);

/* The state file of home; written whole (a temporary file renamed over it). */
char *lab_state_path(const char *home);
int lab_save_state(const ks_lab_t *lab, char *err);
/* 0 read, 1 no state file, -1 unreadable or corrupt. */
int lab_read_state(const char *home, ks_lab_t *lab, char *err);

/* Empties home, keeping the folder. */
void lab_remove_contents(const char *home);
/* mkdir -p. */
int lab_mkdirs(const char *path, char *err);
/* An exclusive lock on home, so two kafscopes never change one lab at once:
 * the fd to unlock, or -1 with err. */
int lab_lock_home(const char *home, char *err);
void lab_unlock_home(int fd);

#endif
