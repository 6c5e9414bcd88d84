/* The background refresher against the embedded demo cluster: snapshots
 * arrive on the notify pipe without the reader waiting on the network, and
 * message rates come from watermark deltas between snapshots. */
#include <poll.h>
#include <unistd.h>

#include "check.h"
#include "kafka/client.h"
#include "kafka/model.h"
#include "world/embedded.h"

static bool wait_notify(int fd, int timeout_ms)
{
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) != 1)
        return false;
    char buf[64];
    return read(fd, buf, sizeof buf) > 0;
}

int main(void)
{
    char err[KS_ERRLEN];
    ks_config_t cfg;
    config_init(&cfg);
    cfg.refresh_ms = 300;
    ks_client_t *c = embedded_client_new(&cfg, err);
    CHECK(c != NULL);
    if (!c)
        return check_summary();
    ks_model_t *m = model_new(c);
    CHECK(model_snapshot(m) == NULL); /* nothing before the first refresh, and no blocking */
    int fds[2];
    CHECK(pipe(fds) == 0);
    CHECK(model_start(m, fds[1]) == 0);

    CHECK(wait_notify(fds[0], 10000));
    ks_snapshot_t *first = model_snapshot(m);
    CHECK(first != NULL);
    CHECK(first && first->nbrokers == 3);
    CHECK(first && snapshot_topic(first, "pizza-orders") != NULL);
    CHECK(first && snapshot_topic(first, "pizza-orders")->npartitions == 6);

    /* A few refreshes later the demo traffic shows as a rate. */
    double rate = -1;
    for (int i = 0; i < 20 && rate <= 0; i++) {
        CHECK(wait_notify(fds[0], 10000));
        ks_snapshot_t *s = model_snapshot(m);
        const ks_topic_t *t = s ? snapshot_topic(s, "pizza-orders") : NULL;
        if (t)
            rate = t->rate;
        if (s && first)
            CHECK(s->seq > first->seq);
        snapshot_release(s);
    }
    CHECK(rate > 0);
    const ks_topic_t *idle = first ? snapshot_topic(first, "playground") : NULL;
    CHECK(idle && idle->messages == 0);

    /* A snapshot stays valid while held, however many refreshes follow. */
    CHECK(first && first->refs >= 1);
    snapshot_release(first);

    model_poke(m);
    CHECK(wait_notify(fds[0], 5000));
    model_free(m);
    client_free(c);
    config_free(&cfg);
    close(fds[0]);
    close(fds[1]);
    return check_summary();
}
