/* Ports, cluster ids, node configs and JVM command lines for the lab (see
 * lab_config.h). */
#include "world/lab_config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "world/lab_proc.h"
#include "base/util.h"

/* Small heaps keep 3 nodes well under 1.5 GiB RSS; the serial collector and
 * the C1 compiler only add few threads and start fast on 2 cores. */
static const char *const jvm_opts[] = {
    "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
    "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=128m", "-XX:+ExitOnOutOfMemoryError",
    "-Djava.awt.headless=true", NULL};

/* n distinct free ports on 127.0.0.1: all sockets stay bound until every
 * port is picked. Another process may still take one before Kafka binds
 * it; start then retries with new ports. */
int lab_free_ports(int n, int *ports, char *err)
{
    int fds[2 * LAB_MAX_NODES];
    int rc = 0, i;
    for (i = 0; i < n && rc == 0; i++) {
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        socklen_t len = sizeof a;
        fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fds[i] < 0 || bind(fds[i], (struct sockaddr *)&a, sizeof a) ||
            getsockname(fds[i], (struct sockaddr *)&a, &len)) {
            rc = ks_err(err, "cannot pick a free port on 127.0.0.1: %s", strerror(errno));
            if (fds[i] >= 0)
                close(fds[i]);
            break;
        }
        ports[i] = ntohs(a.sin_port);
    }
    while (i-- > 0)
        close(fds[i]);
    return rc;
}

/* A KRaft cluster id: 16 random bytes in URL-safe base64 without padding,
 * like kafka-storage random-uuid, without starting a JVM for it. */
int lab_cluster_id(char out[32], char *err)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char r[18] = {0};
    do {
        FILE *f = fopen("/dev/urandom", "rb");
        if (!f || fread(r, 1, 16, f) != 16) {
            if (f)
                fclose(f);
            return ks_err(err, "cannot read /dev/urandom");
        }
        fclose(f);
        int k = 0;
        for (int i = 0; i < 18; i += 3) {
            unsigned v = (unsigned)r[i] << 16 | (unsigned)r[i + 1] << 8 | r[i + 2];
            for (int j = 0; j < 4 && k < 22; j++)
                out[k++] = b64[(v >> (18 - 6 * j)) & 63];
        }
        out[22] = '\0';
    } while (out[0] == '-'); /* Kafka avoids ids a command line would take for an option */
    return 0;
}

int lab_write_text(const char *path, const char *text, char *err)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f))
        return ks_err(err, "cannot write %s: %s", path, strerror(errno));
    return 0;
}

int lab_write_config(const ks_lab_t *lab, int id, const char *voters, char *err)
{
    int n = lab->nnodes, rf = n < 3 ? n : 3, min_isr = n < 2 ? n : 2;
    const ks_lab_node_t *nd = &lab->nodes[id - 1];
    char *text = xasprintf(
        "# Written by kafscope lab: node %d of %d.\n"
        "process.roles=broker,controller\n"
        "node.id=%d\n"
        "controller.quorum.voters=%s\n"
        "listeners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d\n"
        "advertised.listeners=PLAINTEXT://127.0.0.1:%d\n"
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT\n"
        "inter.broker.listener.name=PLAINTEXT\n"
        "controller.listener.names=CONTROLLER\n"
        "log.dirs=%s/node%d/data\n"
        "auto.create.topics.enable=false\n"
        "num.partitions=3\n"
        "default.replication.factor=%d\n"
        "min.insync.replicas=1\n"
        "offsets.topic.replication.factor=%d\n"
        "offsets.topic.num.partitions=5\n"
        "transaction.state.log.replication.factor=%d\n"
        "transaction.state.log.min.isr=%d\n"
        "transaction.state.log.num.partitions=5\n"
        "share.coordinator.state.topic.replication.factor=%d\n"
        "share.coordinator.state.topic.min.isr=%d\n"
        "group.initial.rebalance.delay.ms=0\n"
        "# A stopped broker leaves the ISR within seconds, and retention runs often,\n"
        "# so both show live in the UI.\n"
        "broker.heartbeat.interval.ms=500\n"
        "broker.session.timeout.ms=3000\n"
        "log.retention.check.interval.ms=5000\n"
        "# Small machine: few threads, a small log cleaner buffer for a small heap.\n"
        "num.network.threads=2\n"
        "num.io.threads=2\n"
        "num.recovery.threads.per.data.dir=1\n"
        "background.threads=2\n"
        "log.cleaner.threads=1\n"
        "log.cleaner.dedupe.buffer.size=16777216\n",
        id, n, id, voters, nd->port, nd->cport, nd->port, lab->home, id, rf, rf, rf, min_isr, rf,
        min_isr);
    char *path = lab_node_config(lab->home, id);
    int rc = lab_write_text(path, text, err);
    free(path);
    free(text);
    return rc;
}

/* argv for a JVM running main_class with args, logging into log_dir;
 * strings malloc'd, NULL-terminated. */
char **lab_java_argv(const char *java, const char *home, const char *log_dir,
                     const char *main_class, const char *const *args)
{
    int n = 0;
    char **argv = xcalloc(32, sizeof *argv);
    argv[n++] = xstrdup(java);
    for (int i = 0; jvm_opts[i]; i++)
        argv[n++] = xstrdup(jvm_opts[i]);
    argv[n++] = xasprintf("-Dkafka.logs.dir=%s", log_dir);
    argv[n++] = xasprintf("-Dlog4j2.configurationFile=%s/log4j2.properties", home);
    argv[n++] = xstrdup("-cp");
    char *jars = lab_jars_dir();
    argv[n++] = xasprintf("%s/*", jars);
    free(jars);
    argv[n++] = xstrdup(main_class);
    for (int i = 0; args[i] && n < 31; i++)
        argv[n++] = xstrdup(args[i]);
    return argv;
}

void lab_argv_free(char **argv)
{
    for (int i = 0; argv && argv[i]; i++)
        free(argv[i]);
    free(argv);
}
