/* How background work wakes a front end's loop: one non-blocking pipe. The loop polls the read
 * end; the refresher, the tail worker, the command worker, the Connect watcher, the log sink
 * and signal handlers each write a byte to the write end when they have news.
 *
 * Thread rules: wake_notify may be called from any thread and from signal handlers (it is
 * one write(2)); only the loop's thread opens, drains and closes. */
#ifndef KS_WAKE_H
#define KS_WAKE_H

typedef struct wake {
    int rd; /* the loop polls this (POLLIN), then wake_drain */
    int wr; /* handed to whoever has news, for wake_notify */
} wake_t;

/* Opens the pipe, both ends non-blocking and close-on-exec. Returns 0, or -1 with errno. */
int wake_open(wake_t *w);
void wake_close(wake_t *w);
/* One byte to fd (a wake_t's wr); a full pipe already means "wake up", so a short write is
 * fine. fd < 0 does nothing. Async-signal-safe. */
void wake_notify(int fd);
/* Empties the read end, so the next poll waits for new news. */
void wake_drain(const wake_t *w);

#endif
