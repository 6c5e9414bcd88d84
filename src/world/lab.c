#include "world/lab.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <librdkafka/rdkafka.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "http/http.h"
#include "base/util.h"

#ifndef KS_KAFKA_VERSION
#error "KS_KAFKA_VERSION comes from kafka/pom.xml through CMake"
#endif

#define START_TIMEOUT_MS 120000 /* JVM starts on a loaded 2-core machine are slow */
#define STOP_GRACE_MS 20000
#define DEMO_READY_TIMEOUT_MS 60000

/* Small heaps keep 3 nodes well under 1.5 GiB RSS; the serial collector and
 * the C1 compiler only add few threads and start fast on 2 cores. */
static const char *const jvm_opts[] = {
    "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
    "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=128m", "-XX:+ExitOnOutOfMemoryError",
    "-Djava.awt.headless=true", NULL};

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

const char *lab_kafka_version(void)
{
    return KS_KAFKA_VERSION;
}

static char *cache_dir(void)
{
    const char *c = getenv("KAFSCOPE_CACHE");
    if (c && *c)
        return xstrdup(c);
    const char *x = getenv("XDG_CACHE_HOME");
    if (x && *x)
        return xasprintf("%s/kafscope", x);
    const char *h = getenv("HOME");
    return xasprintf("%s/.cache/kafscope", h && *h ? h : "/tmp");
}

char *lab_home(void)
{
    const char *d = getenv("KAFSCOPE_LAB_DIR");
    if (d && *d)
        return xstrdup(d);
    char *c = cache_dir();
    char *home = xasprintf("%s/lab", c);
    free(c);
    return home;
}

char *lab_jars_dir(void)
{
    char *c = cache_dir();
    char *jars = xasprintf("%s/kafka-%s", c, KS_KAFKA_VERSION);
    free(c);
    return jars;
}

/* The java to run: $JAVA, else $JAVA_HOME/bin/java, else java on PATH. */
static char *find_java(void)
{
    const char *j = getenv("JAVA");
    if (j && *j)
        return access(j, X_OK) == 0 ? xstrdup(j) : NULL;
    const char *jh = getenv("JAVA_HOME");
    if (jh && *jh) {
        char *p = xasprintf("%s/bin/java", jh);
        if (access(p, X_OK) == 0)
            return p;
        free(p);
    }
    const char *path = getenv("PATH");
    if (!path)
        return NULL;
    char *copy = xstrdup(path), *save = NULL;
    for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        char *p = xasprintf("%s/java", *d ? d : ".");
        if (access(p, X_OK) == 0) {
            free(copy);
            return p;
        }
        free(p);
    }
    free(copy);
    return NULL;
}

int lab_check_runtime(char *err)
{
    char *java = find_java();
    if (!java)
        return ks_err(err, "no Java runtime found (java on PATH, $JAVA_HOME or $JAVA); "
                      "scripts/install-deps --lab installs one (make run does)");
    free(java);
    char *jars = lab_jars_dir();
    char *stamp = xasprintf("%s/.stamp", jars);
    int rc = 0;
    if (access(stamp, R_OK))
        rc = ks_err(err, "no Kafka %s jars in %s; run scripts/fetch-kafka (make run does)",
                    KS_KAFKA_VERSION, jars);
    free(stamp);
    free(jars);
    return rc;
}

/* --- processes ------------------------------------------------------------------------------ */

/* Whether pid runs and its command line contains needle: a recycled pid
 * (after a reboot) or a zombie (empty command line) does not count. */
static bool pid_matches(int pid, const char *needle)
{
    if (pid <= 0)
        return false;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    size_t len = 0;
    char *cmd = file_read_text(path, 65536, &len);
    if (!cmd)
        return false;
    for (size_t i = 0; i < len; i++)
        if (cmd[i] == '\0')
            cmd[i] = ' ';
    bool ok = len > 0 && strstr(cmd, needle) != NULL;
    free(cmd);
    return ok;
}

/* pid_matches with a needle it frees. */
static bool pid_matches_owned(int pid, char *needle)
{
    bool up = pid_matches(pid, needle);
    free(needle);
    return up;
}

static char *node_config(const char *home, int id)
{
    return xasprintf("%s/node%d/server.properties", home, id);
}

bool lab_node_up(const ks_lab_t *lab, int id)
{
    return id >= 1 && id <= lab->nnodes &&
           pid_matches_owned(lab->nodes[id - 1].pid, node_config(lab->home, id));
}

static char *connect_config(const char *home)
{
    return xasprintf("%s/connect/worker.properties", home);
}

bool lab_connect_up(const ks_lab_t *lab)
{
    return pid_matches_owned(lab->connect_pid, connect_config(lab->home));
}

static char *demo_needle(const char *home)
{
    return xasprintf("lab _demo %s ", home);
}

bool lab_demo_up(const ks_lab_t *lab)
{
    return pid_matches_owned(lab->demo_pid, demo_needle(lab->home));
}

/* Starts argv[0] (a path) in its own session with stdin from /dev/null and
 * stdout/stderr to log. Owned: it gets SIGKILL when this thread dies. */
static int spawn(char *const argv[], const char *log, bool owned, char *err)
{
    int out = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0)
        return ks_err(err, "cannot create %s: %s", log, strerror(errno));
    /* exec closes the write end: EOF on the read end means the child runs
     * argv[0] now (its command line is the one pid_matches looks for), an
     * errno on it that exec failed. */
    int sync[2];
    if (pipe(sync) || fcntl(sync[0], F_SETFD, FD_CLOEXEC) || fcntl(sync[1], F_SETFD, FD_CLOEXEC)) {
        close(out);
        return ks_err(err, "cannot create a pipe: %s", strerror(errno));
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        close(out);
        close(sync[0]);
        close(sync[1]);
        return ks_err(err, "cannot start %s: %s", argv[0], strerror(errno));
    }
    if (pid == 0) {
        /* Only async-signal-safe calls from here: the parent may have threads. */
        setsid();
        if (owned && (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent))
            _exit(1);
        int in = open("/dev/null", O_RDONLY);
        if (in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
            _exit(126);
        for (int fd = 3; fd < 1024; fd++)
            if (fd != sync[1])
                close(fd);
        /* kafscope ignores SIGPIPE and handles SIGINT/SIGTERM; a child starts clean. */
        struct sigaction sa = {.sa_handler = SIG_DFL};
        sigaction(SIGPIPE, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        execv(argv[0], argv);
        int e = errno;
        ssize_t w = write(sync[1], &e, sizeof e);
        (void)w;
        _exit(127);
    }
    close(out);
    close(sync[1]);
    int child_errno = 0;
    ssize_t r;
    while ((r = read(sync[0], &child_errno, sizeof child_errno)) < 0 && errno == EINTR)
        ;
    close(sync[0]);
    if (r > 0) {
        waitpid(pid, NULL, 0);
        return ks_err(err, "cannot run %s: %s", argv[0], strerror(child_errno));
    }
    return pid;
}

/* Reaps pid if it is our child; true while it still runs. */
static bool still_running(int pid, const char *needle)
{
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid)
        return false;
    return pid_matches(pid, needle);
}

/* Sends sig (SIGTERM, then SIGKILL after grace_ms) to the processes whose
 * command line still matches, and waits until all are gone. */
static void stop_pids(const int *pids, char *const *needles, int n, int grace_ms)
{
    for (int i = 0; i < n; i++)
        if (pid_matches(pids[i], needles[i]))
            kill(pids[i], grace_ms > 0 ? SIGTERM : SIGKILL);
    int64_t deadline = mono_ms() + grace_ms;
    bool killed = grace_ms <= 0;
    for (;;) {
        bool any = false;
        for (int i = 0; i < n; i++)
            if (pids[i] > 0 && still_running(pids[i], needles[i]))
                any = true;
        if (!any)
            return;
        if (!killed && mono_ms() >= deadline) {
            /* A node whose quorum is already gone can hang in shutdown. */
            for (int i = 0; i < n; i++)
                if (pid_matches(pids[i], needles[i]))
                    kill(pids[i], SIGKILL);
            killed = true;
        }
        sleep_ms(50);
    }
}

/* --- state file ----------------------------------------------------------------------------- */

static char *state_path(const char *home)
{
    return xasprintf("%s/state", home);
}

static int save_state(const ks_lab_t *lab, char *err)
{
    strbuf_t sb;
    sb_init(&sb);
    sb_printf(&sb, "# kafscope lab state (written by kafscope; do not edit)\n"
                   "bootstrap %s\nstarted %lld\nowner %d\ndemo %d\nconnect %d %d\nnodes %d\n",
              lab->bootstrap, (long long)lab->started_ms, lab->owner_pid, lab->demo_pid,
              lab->connect_pid, lab->connect_port, lab->nnodes);
    for (int i = 0; i < lab->nnodes; i++)
        sb_printf(&sb, "node %d %d %d %d\n", lab->nodes[i].id, lab->nodes[i].pid,
                  lab->nodes[i].port, lab->nodes[i].cport);
    char *path = state_path(lab->home);
    char *tmp = xasprintf("%s.tmp", path);
    int rc = 0;
    FILE *f = fopen(tmp, "w");
    if (!f || fwrite(sb.buf, 1, sb.len, f) != sb.len || fclose(f) || rename(tmp, path)) {
        rc = ks_err(err, "cannot write the lab state %s: %s", path, strerror(errno));
        if (f)
            unlink(tmp);
    }
    free(tmp);
    free(path);
    sb_free(&sb);
    return rc;
}

/* 0 read, 1 no state file, -1 unreadable or corrupt. */
static int read_state(const char *home, ks_lab_t *lab, char *err)
{
    memset(lab, 0, sizeof *lab);
    lab->home = xstrdup(home);
    char *path = state_path(home);
    char *text = file_read_text(path, 65536, NULL);
    if (!text) {
        int rc = errno == ENOENT ? 1 : ks_err(err, "cannot read %s: %s", path, strerror(errno));
        free(path);
        return rc;
    }
    int rc = 0, nodes = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && rc == 0;
         line = strtok_r(NULL, "\n", &save)) {
        char word[32], value[4096];
        long long v;
        int id, pid, port, cport;
        if (line[0] == '#')
            continue;
        if (sscanf(line, "connect %d %d", &pid, &port) == 2) {
            lab->connect_pid = pid;
            lab->connect_port = port;
        } else if (sscanf(line, "bootstrap %4095s", value) == 1) {
            free(lab->bootstrap);
            lab->bootstrap = xstrdup(value);
        } else if (sscanf(line, "node %d %d %d %d", &id, &pid, &port, &cport) == 4 && id >= 1 &&
                   id <= LAB_MAX_NODES) {
            lab->nodes[id - 1] = (ks_lab_node_t){id, pid, port, cport};
            nodes++;
        } else if (sscanf(line, "%31s %lld", word, &v) == 2) {
            if (!strcmp(word, "started"))
                lab->started_ms = v;
            else if (!strcmp(word, "owner"))
                lab->owner_pid = (int)v;
            else if (!strcmp(word, "demo"))
                lab->demo_pid = (int)v;
            else if (!strcmp(word, "nodes"))
                lab->nnodes = (int)v;
        } else {
            rc = -1;
        }
    }
    if (rc == 0 && (!lab->bootstrap || lab->nnodes < 1 || lab->nnodes > LAB_MAX_NODES ||
                    nodes != lab->nnodes))
        rc = -1;
    if (rc)
        ks_err(err, "the lab state %s is corrupt; remove the folder %s by hand (after stopping "
               "any java process that uses it)", path, home);
    free(text);
    free(path);
    return rc;
}

void lab_free(ks_lab_t *lab)
{
    if (!lab)
        return;
    free(lab->home);
    free(lab->bootstrap);
    memset(lab, 0, sizeof *lab);
}

/* --- folder --------------------------------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

/* Removes the lab's data, logs and state, keeping the home folder (and its
 * lock file, which others may hold open). */
static void remove_contents(const char *home)
{
    DIR *d = opendir(home);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || !strcmp(de->d_name, "lock"))
            continue;
        char *p = xasprintf("%s/%s", home, de->d_name);
        nftw(p, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        free(p);
    }
    closedir(d);
}

static int mkdirs(const char *path, char *err)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        mkdir(p, 0700);
        *s = '/';
    }
    int rc = 0;
    if (mkdir(p, 0700) && errno != EEXIST)
        rc = ks_err(err, "cannot create %s: %s", p, strerror(errno));
    free(p);
    return rc;
}

/* Serialises start, stop and node changes between kafscope processes. */
static int lock_home(const char *home, char *err)
{
    if (mkdirs(home, err))
        return -1;
    char *path = xasprintf("%s/lock", home);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || flock(fd, LOCK_EX)) {
        ks_err(err, "cannot lock %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    free(path);
    return fd;
}

static void unlock_home(int fd)
{
    if (fd >= 0)
        close(fd);
}

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
        needles[n++] = node_config(lab->home, i + 1);
    }
    pids[n] = lab->connect_pid;
    needles[n++] = connect_config(lab->home);
    pids[n] = lab->demo_pid;
    needles[n++] = demo_needle(lab->home);
    return n;
}

static void stop_processes(ks_lab_t *lab)
{
    int pids[LAB_MAX_NODES + 2];
    char *needles[LAB_MAX_NODES + 2];
    int n = lab_processes(lab, pids, needles);
    /* The clients first (Connect, the demo): they would only log errors
     * while the nodes go. */
    stop_pids(pids + n - 2, needles + n - 2, 2, 10000);
    stop_pids(pids, needles, n - 2, STOP_GRACE_MS);
    for (int i = 0; i < n; i++)
        free(needles[i]);
}

static void stop_all(ks_lab_t *lab)
{
    stop_processes(lab);
    remove_contents(lab->home);
}

static bool owner_gone(const ks_lab_t *lab)
{
    return lab->owner_pid > 0 && kill(lab->owner_pid, 0) && errno == ESRCH;
}

static int load_locked(const char *home, ks_lab_t *lab, char *err)
{
    int rc = read_state(home, lab, err);
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
    char *path = state_path(home);
    bool exists = stat(path, &st) == 0;
    free(path);
    if (!exists) {
        memset(lab, 0, sizeof *lab);
        return 0;
    }
    int fd = lock_home(home, err);
    if (fd < 0)
        return -1;
    int rc = load_locked(home, lab, err);
    unlock_home(fd);
    return rc;
}

int lab_stop(ks_lab_t *lab, char *err)
{
    int fd = lock_home(lab->home, err);
    if (fd < 0)
        return -1;
    stop_all(lab);
    unlock_home(fd);
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

/* n distinct free ports on 127.0.0.1: all sockets stay bound until every
 * port is picked. Another process may still take one before Kafka binds
 * it; start then retries with new ports. */
static int free_ports(int n, int *ports, char *err)
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
static int cluster_id(char out[32], char *err)
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

static int write_text(const char *path, const char *text, char *err)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f))
        return ks_err(err, "cannot write %s: %s", path, strerror(errno));
    return 0;
}

static int write_config(const ks_lab_t *lab, int id, const char *voters, char *err)
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
    char *path = node_config(lab->home, id);
    int rc = write_text(path, text, err);
    free(path);
    free(text);
    return rc;
}

/* argv for a JVM running main_class with args, logging into log_dir;
 * strings malloc'd, NULL-terminated. */
static char **java_argv(const char *java, const char *home, const char *log_dir,
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

static void argv_free(char **argv)
{
    for (int i = 0; argv && argv[i]; i++)
        free(argv[i]);
    free(argv);
}

static int start_node(ks_lab_t *lab, int id, bool owned, char *err)
{
    char *java = find_java();
    if (!java)
        return ks_err(err, "no Java runtime found");
    char *cfg = node_config(lab->home, id);
    const char *args[] = {cfg, NULL};
    char *dir = xasprintf("%s/node%d", lab->home, id);
    char **argv = java_argv(java, lab->home, dir, "kafka.Kafka", args);
    free(dir);
    char *log = xasprintf("%s/node%d/stdout.log", lab->home, id);
    int pid = spawn(argv, log, owned, err);
    if (pid > 0)
        lab->nodes[id - 1].pid = pid;
    free(log);
    argv_free(argv);
    free(cfg);
    free(java);
    return pid > 0 ? 0 : -1;
}

/* Formats every node's storage (one JVM each, in parallel). */
static int format_nodes(ks_lab_t *lab, const lab_start_opts_t *o, char *err)
{
    char cid[32];
    if (cluster_id(cid, err))
        return -1;
    char *java = find_java();
    if (!java)
        return ks_err(err, "no Java runtime found");
    int pids[LAB_MAX_NODES] = {0};
    int rc = 0;
    for (int id = 1; id <= lab->nnodes && rc == 0; id++) {
        char *cfg = node_config(lab->home, id);
        const char *args[] = {"format", "--cluster-id", cid, "--config", cfg, NULL};
        char *dir = xasprintf("%s/node%d", lab->home, id);
        char **argv = java_argv(java, lab->home, dir, "kafka.tools.StorageTool", args);
        free(dir);
        char *log = xasprintf("%s/node%d/format.log", lab->home, id);
        pids[id - 1] = spawn(argv, log, o->owned, err);
        if (pids[id - 1] < 0)
            rc = -1;
        free(log);
        argv_free(argv);
        free(cfg);
    }
    int64_t deadline = mono_ms() + START_TIMEOUT_MS;
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
        if (waited > START_TIMEOUT_MS) {
            ks_err(err, "the lab did not answer within %d s; see %s/node*/server.log",
                   START_TIMEOUT_MS / 1000, lab->home);
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
 * and its log, when the child exits, after timeout_ms, or on interrupt. */
static int wait_child_ready(const lab_start_opts_t *o, const lab_child_t *c,
                            bool (*ready)(const void *arg), const void *arg, int timeout_ms,
                            int period_ms, char *err)
{
    int64_t deadline = mono_ms() + timeout_ms;
    while (!ready(arg)) {
        if (!still_running(c->pid, c->needle))
            return ks_err(err, "%s exited; see %s", c->name, c->log);
        if (mono_ms() > deadline)
            return ks_err(err, "%s within %d s; see %s", c->late, timeout_ms / 1000, c->log);
        if (o->interrupted && *o->interrupted)
            return ks_err(err, "interrupted");
        sleep_ms(period_ms);
    }
    return 0;
}

static bool file_exists(const void *path)
{
    return access(path, F_OK) == 0;
}

static int start_demo(ks_lab_t *lab, const lab_start_opts_t *o, char *err)
{
    char *ready = xasprintf("%s/demo.ready", lab->home);
    char *log = xasprintf("%s/demo.log", lab->home);
    char *needle = demo_needle(lab->home);
    char *argv[] = {(char *)o->self_exe, "lab", "_demo", lab->home, lab->bootstrap, NULL};
    int rc = 0;
    unlink(ready);
    lab->demo_pid = spawn(argv, log, o->owned, err);
    if (lab->demo_pid < 0) {
        lab->demo_pid = 0;
        rc = -1;
    }
    progress(o, "creating the demo topics and starting the demo traffic");
    lab_child_t demo = {lab->demo_pid, needle, "the demo process",
                        "the demo topics were not created", log};
    if (rc == 0)
        rc = wait_child_ready(o, &demo, file_exists, ready, DEMO_READY_TIMEOUT_MS, 100, err);
    free(needle);
    free(ready);
    free(log);
    return rc;
}

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
static int start_connect(ks_lab_t *lab, const lab_start_opts_t *o, char *err)
{
    int port = 0; /* set by free_ports (an optimised build cannot tell) */
    if (free_ports(1, &port, err))
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
    char *cfg = connect_config(lab->home);
    int rc = mkdirs(dir, err) || write_text(cfg, text, err) ? -1 : 0;
    free(text);
    char *java = rc ? NULL : find_java();
    if (rc == 0 && !java)
        rc = ks_err(err, "no Java runtime found");
    if (rc == 0) {
        const char *args[] = {cfg, NULL};
        char **argv = java_argv(java, lab->home, dir,
                                "org.apache.kafka.connect.cli.ConnectDistributed", args);
        char *log = xasprintf("%s/stdout.log", dir);
        int pid = spawn(argv, log, o->owned, err);
        free(log);
        argv_free(argv);
        if (pid < 0)
            rc = -1;
        else
            lab->connect_pid = pid, lab->connect_port = port;
    }
    if (rc == 0) {
        progress(o, "starting a Kafka Connect worker on http://127.0.0.1:%d", port);
        char *log = xasprintf("%s/server.log", dir);
        lab_child_t worker = {lab->connect_pid, cfg, "the Connect worker",
                              "the Connect worker did not answer", log};
        rc = wait_child_ready(o, &worker, connect_answers, &port, START_TIMEOUT_MS, 500, err);
        free(log);
    }
    free(java);
    free(cfg);
    free(dir);
    return rc;
}

static int launch(ks_lab_t *lab, const lab_start_opts_t *o, char *err)
{
    int ports[2 * LAB_MAX_NODES];
    if (free_ports(2 * lab->nnodes, ports, err))
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
        rc = mkdirs(dir, err) || write_config(lab, id, voters.buf, err) ? -1 : 0;
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
        rc = save_state(lab, err);
    if (rc == 0) {
        progress(o, "starting %d Kafka node%s on %s", lab->nnodes, lab->nnodes > 1 ? "s" : "",
                 lab->bootstrap);
        rc = wait_brokers(lab, lab->nnodes, 0, o, err);
    }
    if (rc == 0 && o->self_exe)
        rc = start_demo(lab, o, err);
    if (rc == 0)
        rc = save_state(lab, err);
    if (rc == 0 && o->connect)
        rc = start_connect(lab, o, err);
    if (rc == 0)
        rc = save_state(lab, err);
    return rc;
}

int lab_start(const char *home, const lab_start_opts_t *o, ks_lab_t *lab, char *err)
{
    if (o->nodes < 1 || o->nodes > LAB_MAX_NODES)
        return ks_err(err, "--brokers: expected 1 to %d", LAB_MAX_NODES);
    if (lab_check_runtime(err))
        return -1;
    int fd = lock_home(home, err);
    if (fd < 0)
        return -1;
    int rc = load_locked(home, lab, err);
    if (rc != 0) {
        unlock_home(fd);
        return rc; /* 1: one runs already; -1: its state is unreadable */
    }
    lab->home = xstrdup(home);
    lab->nnodes = o->nodes;
    lab->owner_pid = o->owned ? (int)getpid() : 0;
    lab->started_ms = now_ms();
    remove_contents(home);
    char *l4j = xasprintf("%s/log4j2.properties", home);
    rc = write_text(l4j, log4j_config, err);
    for (int attempt = 1; rc == 0; attempt++) {
        rc = launch(lab, o, err);
        if (rc == 0)
            break;
        stop_processes(lab);
        /* The free ports are only free when we look: retry once if one was taken. */
        if (attempt > 1 || !log_mentions(lab, "Address already in use")) {
            char *state = state_path(home);
            unlink(state); /* the logs stay for the error message to point at */
            free(state);
            break;
        }
        progress(o, "a port was taken meanwhile; retrying with new ports");
        memset(lab->nodes, 0, sizeof lab->nodes);
        lab->demo_pid = lab->connect_pid = lab->connect_port = 0;
        remove_contents(home);
        rc = write_text(l4j, log4j_config, err);
    }
    free(l4j);
    unlock_home(fd);
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
    return lock_home(lab->home, err);
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
        char *needle = node_config(lab->home, id);
        stop_pids(&lab->nodes[id - 1].pid, &needle, 1, crash ? 0 : STOP_GRACE_MS);
        free(needle);
        lab->nodes[id - 1].pid = 0;
        rc = save_state(lab, err);
    }
    unlock_home(fd);
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
            rc = save_state(lab, err);
        if (rc == 0)
            rc = wait_brokers(lab, before + 1, id, NULL, err);
    }
    unlock_home(fd);
    return rc;
}
