/* The cluster model: a background thread builds a new snapshot (snapshot.h)
 * every refresh interval; readers take a reference to the current one at
 * once, never waiting on the network. */
#ifndef KS_MODEL_H
#define KS_MODEL_H

#include "kafka/client.h"
#include "kafka/snapshot.h"

typedef struct ks_model ks_model_t;

/* Hook for groups the cluster cannot list (the embedded mock has no
 * ListGroups): called during a refresh to add groups kafscope knows itself. */
typedef void (*model_local_groups_fn)(void *opaque, ks_snapshot_t *snap);

ks_model_t *model_new(ks_client_t *client);
void model_free(ks_model_t *m);

void model_set_local_groups(ks_model_t *m, model_local_groups_fn fn, void *opaque);

/* Starts the background refresher. Each refresh fires all its requests at
 * once and publishes a snapshot after at most about 3/4 of the refresh
 * interval, whatever has not answered by then kept from the last snapshot
 * and marked stale (see ks_snapshot_t). notify_fd, if >= 0, gets one byte written
 * after each new snapshot (the UI polls it). */
int model_start(ks_model_t *m, int notify_fd);
/* Asks the refresher to refresh now rather than at the next interval. */
void model_poke(ks_model_t *m);
/* The topics on the user's screen. On a cluster with more partitions than
 * the config's refresh_all_partitions, a refresh asks the watermarks of
 * these topics every time and the others' only once they are
 * MODEL_COLD_EVERY intervals old; their numbers stay from before (and are
 * stale for snapshot_stale). No topics (the default): every watermark,
 * every time. The model keeps a copy. */
enum { MODEL_COLD_EVERY = 5 };
void model_watch_topics(ks_model_t *m, const char *const *topics, int n);

/* Current snapshot, with a reference the caller must release
 * (snapshot_release); NULL before the first refresh completes. Never blocks
 * on the network. Any thread. */
ks_snapshot_t *model_snapshot(ks_model_t *m);

/* Builds a fresh snapshot on the caller's thread (batch mode), also making
 * it current. Returns NULL with err filled when the cluster cannot be
 * reached at all. what: MODEL_* bits (snapshot.h) saying what to fetch. */
ks_snapshot_t *model_refresh_sync(ks_model_t *m, int what, char *err);

#endif
