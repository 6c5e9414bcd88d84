/* The Connectors pane's background refresher: a thread with a Kafka Connect
 * client of its own asks the worker for its connectors (one request, bounded
 * by the timeout) every refresh.ms and publishes the rows, so a slow or dead
 * worker never blocks the UI. No curses here: the pane only takes what this
 * publishes.
 *
 * Thread rules: the watcher's thread writes the published answer (rows and
 * error) under the watcher's lock and then writes one byte to wake_fd; the UI
 * thread takes it under the same lock (connect_watch_take), which hands the
 * rows over and clears them. Nothing else is shared: the client belongs to
 * the thread, new and free run on the UI thread. */
#ifndef KS_CONNECT_WATCH_H
#define KS_CONNECT_WATCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "commands/command.h"

typedef struct connect_watch connect_watch_t;

/* Starts watching the Connect cluster of ctx's configuration; wake_fd gets
 * a byte after every answer. NULL when there is no Connect URL (err empty)
 * or the thread cannot start (err says so). */
connect_watch_t *connect_watch_new(const cmd_ctx_t *ctx, int refresh_ms, int wake_fd, char *err,
                                   size_t errsize);
/* Stops the thread (a request in flight is aborted) and frees everything. */
void connect_watch_free(connect_watch_t *w);

/* The newest answer not yet taken: true with *rows (connect_summary_rows,
 * now the caller's; NULL when that refresh failed) and err (why it failed,
 * "" when it worked); false when nothing new arrived. */
bool connect_watch_take(connect_watch_t *w, json_t **rows, char *err, size_t errsize);

#endif
