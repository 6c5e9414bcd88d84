/* See connect_watch.h. */
#include "core/connect_watch.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "base/wake.h"
#include "http/connect.h"
#include "http/connect_data.h"

struct connect_watch {
    pthread_t thread;
    pthread_mutex_t lock;      /* guards stop, pending, pending_err, news */
    pthread_cond_t cond;
    bool stop;
    json_t *pending;           /* newest rows not yet taken, or NULL */
    char pending_err[KS_ERRLEN];
    bool news;
    /* Set by connect_watch_free (under the lock, though the client's
     * requests poll it without one, to abort a request in flight). */
    volatile sig_atomic_t cancel;
    ks_connect_t *client;      /* the thread's */
    int refresh_ms;
    int wake_fd;
};

static void *watch_main(void *opaque)
{
    connect_watch_t *w = opaque;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        pthread_mutex_unlock(&w->lock);
        char err[KS_ERRLEN] = "";
        json_t *all = NULL, *rows = NULL;
        if (connect_list(w->client, &all, err) == 0) {
            rows = connect_summary_rows(all, NULL);
            json_decref(all);
        }
        pthread_mutex_lock(&w->lock);
        json_decref(w->pending);
        w->pending = rows;
        snprintf(w->pending_err, sizeof w->pending_err, "%s", rows ? "" : err);
        w->news = true;
        wake_notify(w->wake_fd);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += w->refresh_ms / 1000;
        until.tv_nsec += (long)(w->refresh_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!w->stop && pthread_cond_timedwait(&w->cond, &w->lock, &until) == 0) {
        }
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

connect_watch_t *connect_watch_new(const cmd_ctx_t *ctx, int refresh_ms, int wake_fd, char *err,
                                   size_t errsize)
{
    char cerr[KS_ERRLEN];
    connect_watch_t *w = xcalloc(1, sizeof *w);
    err[0] = '\0';
    w->client = cmd_connect_new(ctx, &w->cancel, cerr);
    if (!w->client) { /* no Connect URL: nothing to watch */
        free(w);
        return NULL;
    }
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
    w->refresh_ms = refresh_ms;
    w->wake_fd = wake_fd;
    if (pthread_create(&w->thread, NULL, watch_main, w)) {
        snprintf(err, errsize, "Kafka Connect: cannot start the refresher thread");
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->cond);
        connect_free(w->client);
        free(w);
        return NULL;
    }
    return w;
}

void connect_watch_free(connect_watch_t *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    w->cancel = 1;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->cond);
    json_decref(w->pending);
    connect_free(w->client);
    free(w);
}

bool connect_watch_take(connect_watch_t *w, json_t **rows, char *err, size_t errsize)
{
    pthread_mutex_lock(&w->lock);
    bool news = w->news;
    *rows = w->pending;
    w->pending = NULL;
    w->news = false;
    if (news)
        snprintf(err, errsize, "%s", w->pending_err);
    pthread_mutex_unlock(&w->lock);
    return news;
}
