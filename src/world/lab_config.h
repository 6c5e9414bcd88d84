/* What the lab writes and runs its JVMs with (see lab.h): free ports, a
 * KRaft cluster id, a node's server.properties, a JVM's command line. */
#ifndef KS_LAB_CONFIG_H
#define KS_LAB_CONFIG_H

#include "world/lab_state.h"

/* n distinct free ports on 127.0.0.1 into ports, or -1 with err. */
int lab_free_ports(int n, int *ports, char *err);
/* A new KRaft cluster id into out, or -1 with err. */
int lab_cluster_id(char out[32], char *err);
/* Writes text to path whole, or -1 with err. */
int lab_write_text(const char *path, const char *text, char *err);
/* Node id's config file (lab_node_config) for the controller quorum voters. */
int lab_write_config(const ks_lab_t *lab, int id, const char *voters, char *err);
/* argv for a JVM running main_class with args, logging into log_dir (a
 * NULL-terminated malloc'd array: lab_argv_free). */
char **lab_java_argv(const char *java, const char *home, const char *log_dir,
                     const char *main_class, const char *const *args);
void lab_argv_free(char **argv);

#endif
