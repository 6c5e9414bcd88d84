/* The messages pane's background reader: a thread owning a ks_tail_t for
 * the selected topic, polling it into its ring buffer. The UI thread only
 * asks (topic, seek) and reads the ring under its lock; the worker wakes
 * the UI through the wakeup pipe when records arrive, at most one byte per
 * batch the UI has not seen yet.
 *
 * Thread rules:
 *   - the worker's lock guards the requests (topic, seek), which tail is
 *     open, the generation and the state words. The UI thread writes the
 *     requests (set_topic, seek); the worker thread writes the rest.
 *   - the ring is filled by the worker thread (ring_push_many, under the
 *     ring's own lock) and read by the UI thread only between
 *     tail_worker_lock and tail_worker_unlock, which hold both locks. The
 *     records it returns stay valid only until the unlock.
 *   - while holding it the UI thread copies what it needs and lets go: no
 *     curses call, no waiting (the worker cannot push meanwhile, and a
 *     full-speed tail would stall behind a frame).
 *   - news is an atomic flag: set by the worker, taken by the UI thread. */
#ifndef KS_TAIL_WORKER_H
#define KS_TAIL_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include "kafka/client.h"
#include "kafka/offsetspec.h"
#include "kafka/ring.h"

typedef struct tail_worker tail_worker_t;

/* decoders: the session's decoder set (cmd_decoders), which must outlive
 * the worker. */
struct ks_decoders;
tail_worker_t *tail_worker_new(ks_client_t *c, struct ks_decoders *decoders, int wake_fd);
void tail_worker_free(tail_worker_t *w);

/* Starts tailing topic (NULL stops), from `start`. */
void tail_worker_set_topic(tail_worker_t *w, const char *topic, const offset_spec_t *start);
void tail_worker_seek(tail_worker_t *w, const offset_spec_t *spec);

/* True once per batch of news (records, errors, a new ring). */
bool tail_worker_take_news(tail_worker_t *w);

/* The ring, locked (both the worker's and the ring's lock), or NULL when
 * nothing is open. generation changes whenever the ring is replaced or
 * cleared, so readers know their indexes are stale. Unlock soon: the
 * worker waits for it to push records. */
ks_ring_t *tail_worker_lock(tail_worker_t *w, uint64_t *generation);
void tail_worker_unlock(tail_worker_t *w);

/* State words for the pane title ("following", "opening...", an error). */
void tail_worker_state(tail_worker_t *w, char *state, size_t size, bool *error);

#endif
