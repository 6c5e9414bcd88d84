/* Test-only helper: runs kafscope's background refresher (src/kafka/model.c)
 * against a cluster and prints one line per published snapshot, so fault
 * tests and benches can watch what the TUI would show without a terminal.
 *
 *   ks_model_probe BOOTSTRAP REFRESH_MS SECONDS [TOPIC [GROUP_PREFIX]]
 *
 * Each line: seq=N partial=0|1 (a first refresh's topics-only picture)
 *   topics=N elapsed=MS brokers=ID:up|DOWN,... md_stale=0|1
 *   out=IDS (replicas out of the ISR in TOPIC, '-' none) urp=N (in TOPIC)
 *   groups=N (ids starting with GROUP_PREFIX) lagged=N (of those, lag > 0)
 *   stale_groups=N tiered=0|1 (watermarks off screen skipped)
 *   topic_fresh=0|1 (TOPIC's watermarks are from this refresh)
 *   watch_fresh=0|1 (KS_PROBE_WATCH's, the same)
 * KS_PROBE_WATCH=TOPIC tells the model that TOPIC is on screen, and
 * KS_PROBE_X=KEY=VALUE sets one config key (refresh.all.partitions).
 * Stops after SECONDS, or at once on SIGTERM/SIGINT. */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kafka/client.h"
#include "kafka/model.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static int fresh(const ks_snapshot_t *s, const char *topic)
{
    const ks_topic_t *t = topic ? snapshot_topic(s, topic) : NULL;
    return t && t->npartitions && !snapshot_stale(s, t->wm_ms);
}

static void print_snapshot(const ks_snapshot_t *s, const char *topic, const char *prefix,
                           const char *watch)
{
    printf("seq=%llu partial=%d topics=%d elapsed=%lld brokers=", (unsigned long long)s->seq,
           s->partial, s->ntopics, (long long)s->elapsed_ms);
    for (int i = 0; i < s->nbrokers; i++)
        printf("%s%d:%s", i ? "," : "", s->brokers[i].id, s->brokers[i].up ? "up" : "DOWN");
    printf(" md_stale=%d out=", s->metadata_ms ? snapshot_stale(s, s->metadata_ms) : 1);
    const ks_topic_t *t = topic ? snapshot_topic(s, topic) : NULL;
    int nout = 0;
    for (int j = 0; t && j < t->npartitions; j++) {
        const ks_partition_t *p = &t->partitions[j];
        for (int k = 0; k < p->nreplicas; k++) {
            bool in = false;
            for (int m = 0; m < p->nisr; m++)
                in |= p->isr[m] == p->replicas[k];
            if (!in)
                printf("%s%d", nout++ ? "," : "", p->replicas[k]);
        }
    }
    if (!nout)
        printf("-");
    int groups = 0, lagged = 0, stale = 0, stale_lag = 0;
    size_t plen = prefix ? strlen(prefix) : 0;
    for (int i = 0; prefix && i < s->ngroups; i++) {
        const ks_group_t *g = &s->groups[i];
        if (strncmp(g->id, prefix, plen))
            continue;
        groups++;
        lagged += g->total_lag > 0;
        stale += snapshot_stale(s, g->updated_ms);
        stale_lag += snapshot_stale(s, g->lag_ms);
    }
    printf(" urp=%d groups=%d lagged=%d stale_groups=%d stale_lag=%d tiered=%d topic_fresh=%d "
           "watch_fresh=%d\n",
           t ? t->under_replicated : 0, groups, lagged, stale, stale_lag, s->tiered,
           fresh(s, topic), fresh(s, watch));
    fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr,
                "usage: ks_model_probe BOOTSTRAP REFRESH_MS SECONDS [TOPIC [GROUP_PREFIX]]\n");
        return 2;
    }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    char err[KS_ERRLEN];
    ks_config_t cfg;
    config_init(&cfg);
    cfg.bootstrap = xstrdup(argv[1]);
    cfg.refresh_ms = atoi(argv[2]);
    int64_t until = mono_ms() + 1000LL * atoi(argv[3]);
    const char *topic = argc > 4 ? argv[4] : NULL;
    const char *prefix = argc > 5 ? argv[5] : NULL;
    const char *watch = getenv("KS_PROBE_WATCH");
    const char *x = getenv("KS_PROBE_X");
    if (x && config_set_kv(&cfg, x, err)) {
        fprintf(stderr, "ks_model_probe: %s\n", err);
        return 2;
    }
    ks_client_t *c = client_new(&cfg, NULL, err);
    if (!c) {
        fprintf(stderr, "ks_model_probe: %s\n", err);
        return 1;
    }
    ks_model_t *m = model_new(c);
    if (watch)
        model_watch_topics(m, &watch, 1);
    int fds[2];
    if (pipe(fds) || model_start(m, fds[1])) {
        fprintf(stderr, "ks_model_probe: cannot start the refresher\n");
        return 1;
    }
    while (!stop && mono_ms() < until) {
        struct pollfd p = {fds[0], POLLIN, 0};
        if (poll(&p, 1, 200) != 1)
            continue;
        char buf[64];
        if (read(fds[0], buf, sizeof buf) <= 0)
            continue;
        ks_snapshot_t *s = model_snapshot(m);
        if (s)
            print_snapshot(s, topic, prefix, watch);
        snapshot_release(s);
    }
    model_free(m);
    client_free(c);
    config_free(&cfg);
    close(fds[0]);
    close(fds[1]);
    return 0;
}
