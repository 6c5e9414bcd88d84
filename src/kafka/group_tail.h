/* tail --group: reads a topic as a member of a consumer group (subscribe,
 * offsets committed by the group), reporting every assignment change. The
 * counterpart of the tail engine (src/kafka/tail.c), which assigns partitions
 * itself and joins no group. Single-threaded: every call, and the event
 * callback, run in the caller's thread. */
#ifndef KS_GROUP_TAIL_H
#define KS_GROUP_TAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "kafka/client.h"
#include "kafka/tail.h"

/* kind: "assigned", "revoked" or "lost"; changed: the partitions of this
 * change; now: the member's whole assignment after it (sorted). */
typedef void (*group_tail_event_fn)(void *opaque, const char *kind, const int32_t *changed,
                                    int nchanged, const int32_t *now, int nnow);

typedef struct {
    const char *topic;
    const char *group;
    const char *protocol;  /* "classic" or "consumer" (KIP-848); NULL: classic */
    int64_t count;         /* stop after this many records; <0: no limit */
    bool follow;           /* else stop once every assigned partition reached its end */
    group_tail_event_fn on_event;
    void *opaque;
} group_tail_opts_t;

typedef struct ks_group_tail ks_group_tail_t;

/* Checks the topic exists and subscribes; does not wait for the group. */
ks_group_tail_t *group_tail_open(ks_client_t *c, const group_tail_opts_t *o, char *err);
/* Commits what was consumed and leaves the group; the revoke runs on_event
 * once more. Bounded by librdkafka's request timeouts, not the client's:
 * with a node hung, a batch command's SIGTERM watchdog ends the wait
 * (core/signals.c). NULL is fine. */
void group_tail_close(ks_group_tail_t *t);

/* Polls up to timeout_ms: records go to sink, assignment changes to
 * on_event. Returns records delivered, or -1 with err on a fatal error.
 * Errors librdkafka retries (a broker down, all brokers down, a leader or
 * coordinator that moved) are not: a member rides them out. */
int group_tail_poll(ks_group_tail_t *t, int timeout_ms, tail_sink_fn sink, void *opaque,
                    char *err);
bool group_tail_done(const ks_group_tail_t *t);

#endif
