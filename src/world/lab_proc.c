/* The lab's processes and where the lab lives (see lab_proc.h). */
#include "world/lab_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/util.h"

#ifndef KS_KAFKA_VERSION
#error "KS_KAFKA_VERSION comes from kafka/pom.xml through CMake"
#endif

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
char *lab_find_java(void)
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
    char *java = lab_find_java();
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

/* --- processes --- */

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

char *lab_node_config(const char *home, int id)
{
    return xasprintf("%s/node%d/server.properties", home, id);
}

bool lab_node_up(const ks_lab_t *lab, int id)
{
    return id >= 1 && id <= lab->nnodes &&
           pid_matches_owned(lab->nodes[id - 1].pid, lab_node_config(lab->home, id));
}

char *lab_connect_config(const char *home)
{
    return xasprintf("%s/connect/worker.properties", home);
}

bool lab_connect_up(const ks_lab_t *lab)
{
    return pid_matches_owned(lab->connect_pid, lab_connect_config(lab->home));
}

char *lab_demo_needle(const char *home)
{
    return xasprintf("lab _demo %s ", home);
}

bool lab_demo_up(const ks_lab_t *lab)
{
    return pid_matches_owned(lab->demo_pid, lab_demo_needle(lab->home));
}

/* Starts argv[0] (a path) in its own session with stdin from /dev/null and
 * stdout/stderr to log. Owned: it gets SIGKILL when this thread dies. */
int lab_spawn(char *const argv[], const char *log, bool owned, char *err)
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
bool lab_still_running(int pid, const char *needle)
{
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid)
        return false;
    return pid_matches(pid, needle);
}

/* Sends sig (SIGTERM, then SIGKILL after grace_ms) to the processes whose
 * command line still matches, and waits until all are gone. */
void lab_stop_pids(const int *pids, char *const *needles, int n, int grace_ms)
{
    for (int i = 0; i < n; i++)
        if (pid_matches(pids[i], needles[i]))
            kill(pids[i], grace_ms > 0 ? SIGTERM : SIGKILL);
    int64_t deadline = mono_ms() + grace_ms;
    bool killed = grace_ms <= 0;
    for (;;) {
        bool any = false;
        for (int i = 0; i < n; i++)
            if (pids[i] > 0 && lab_still_running(pids[i], needles[i]))
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

int lab_wait_child_ready(volatile sig_atomic_t *interrupted, const lab_child_t *c,
                         bool (*ready)(const void *arg), const void *arg, int timeout_ms,
                         int period_ms, char *err)
{
    int64_t deadline = mono_ms() + timeout_ms;
    while (!ready(arg)) {
        if (!lab_still_running(c->pid, c->needle))
            return ks_err(err, "%s exited; see %s", c->name, c->log);
        if (mono_ms() > deadline)
            return ks_err(err, "%s within %d s; see %s", c->late, timeout_ms / 1000, c->log);
        if (interrupted && *interrupted)
            return ks_err(err, "interrupted");
        sleep_ms(period_ms);
    }
    return 0;
}
