/* Rebalance detection for the groups pane: the model only gives snapshots,
 * so rebalances are found by diffing each group's stable assignment with
 * the previous stable one. Keeps, per group, which partitions changed
 * owner at the last rebalance and a short log. No curses here. */
#ifndef KS_REBALANCE_H
#define KS_REBALANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kafka/model.h"

#define REBALANCE_LOG 8

typedef struct {
    int64_t when_ms;
    int number;       /* rebalances seen for this group, 1.. (0: not a rebalance) */
    int32_t epoch;    /* the group's own generation (classic) or epoch (consumer) at the
                       * event, when known (groups kafscope runs); 0: unknown */
    bool consumer;    /* consumer protocol: the epoch is an epoch, not a generation */
    int members;
    char *text;       /* sanitized: "+c2 -c1, moved 0 1 2" */
} rebalance_event_t;

typedef struct {
    char *topic;
    int32_t partition;
    char *member_id;  /* owner in the last stable assignment */
    bool moved;       /* owner changed at the last rebalance */
} rb_owner_t;

typedef struct {
    char *id;
    char *state;
    rb_owner_t *owners;  /* last stable assignment */
    int nowners;
    bool have_stable;
    int rebalances;
    rebalance_event_t log[REBALANCE_LOG]; /* oldest first */
    int nlog;
} rb_group_t;

typedef struct rebalance_tracker rebalance_tracker_t;

typedef void (*rebalance_event_fn)(void *opaque, const char *group_id,
                                   const rebalance_event_t *ev);

rebalance_tracker_t *rebalance_new(void);
void rebalance_free(rebalance_tracker_t *rt);

/* Compares snap with what was seen before; calls on_event for every new
 * rebalance and state change. Returns how many events were added. */
int rebalance_update(rebalance_tracker_t *rt, const ks_snapshot_t *snap,
                     rebalance_event_fn on_event, void *opaque);

const rb_group_t *rebalance_group(const rebalance_tracker_t *rt, const char *group_id);
bool rebalance_moved(const rb_group_t *g, const char *topic, int32_t partition);

/* How the event is numbered: the group's own "generation N" or "epoch N"
 * when known, else "#N" (the Nth rebalance kafscope saw); "" for events that
 * are not rebalances. */
void rebalance_label(const rebalance_event_t *ev, char *buf, size_t size);

#endif
