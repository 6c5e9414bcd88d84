/* See tail_worker.h. Opening a tail and seeking talk to the network, so
 * they run here, never on the UI thread. A topic requested while another
 * is opening just replaces the request: moving the cursor quickly through
 * twenty topics opens one tail, not twenty. */
#include "core/tail_worker.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/wake.h"
#include "kafka/config.h"
#include "core/decoded.h"
#include "kafka/tail.h"

struct tail_worker {
    ks_client_t *client;
    ks_decoders_t *decoders; /* the session's; records are decoded here, off the UI thread */
    decoded_scratch_t scratch; /* the worker thread's, reused record after record */
    int wake_fd;
    pthread_t thread;
    pthread_mutex_t lock;  /* guards everything below */
    pthread_cond_t cond;
    bool stop;
    char *want_topic;      /* what the UI asked for */
    offset_spec_t want_start;
    bool want_changed;
    bool seek_pending;
    offset_spec_t seek_spec;
    char *topic;           /* what is open (or being opened) */
    ks_tail_t *tail;
    uint64_t generation;
    char state[KS_ERRLEN + 32];
    bool state_error;
    atomic_bool news;
};

static void announce(tail_worker_t *w)
{
    /* One byte per unseen batch: the pipe never fills with a full-speed tail. */
    if (!atomic_exchange(&w->news, true)) {
        wake_notify(w->wake_fd);
    }
}

/* Before a record enters the ring: decode its key and value. A registry
 * that is down costs one timeout here, then fails fast (registry.c backs
 * off), so the tail keeps running and those records show the error. */
static void prepare_record(void *opaque, ks_record_t *rec)
{
    tail_worker_t *w = opaque;
    decoded_attach(w->decoders, rec, &w->scratch);
}

static void set_state(tail_worker_t *w, bool error, const char *fmt, const char *arg)
{
    snprintf(w->state, sizeof w->state, fmt, arg);
    w->state_error = error;
}

/* Called with the lock held; returns with it held. */
static void switch_topic(tail_worker_t *w)
{
    ks_tail_t *old = w->tail;
    w->tail = NULL;
    free(w->topic);
    w->topic = w->want_topic ? xstrdup(w->want_topic) : NULL;
    offset_spec_t start = w->want_start;
    w->want_changed = false;
    w->seek_pending = false;
    w->generation++;
    set_state(w, false, "%s", w->topic ? "opening" : "no topic");
    announce(w);
    char *topic = w->topic ? xstrdup(w->topic) : NULL;
    pthread_mutex_unlock(&w->lock);

    tail_close(old);
    ks_tail_t *t = NULL;
    char err[KS_ERRLEN] = "";
    if (topic) {
        tail_opts_t o = {0};
        o.topic = topic;
        o.start = start;
        o.count = -1;
        o.follow = true;
        o.prepare = prepare_record;
        o.prepare_opaque = w;
        t = tail_open(w->client, &o, err);
    }

    pthread_mutex_lock(&w->lock);
    if (w->want_changed || w->stop) {
        /* Asked for something else meanwhile: this one is already stale. */
        pthread_mutex_unlock(&w->lock);
        tail_close(t);
        pthread_mutex_lock(&w->lock);
    } else {
        w->tail = t;
        w->generation++;
        if (t)
            set_state(w, false, "%s", "following");
        else if (topic)
            set_state(w, true, "%s", err);
        announce(w);
    }
    free(topic);
}

static void *worker_main(void *arg)
{
    tail_worker_t *w = arg;
    char err[KS_ERRLEN];
    /* A tail at full speed keeps this thread busy; on a machine with few
     * cores it must not stand between a key and its redraw. Linux's nice
     * is per thread: this one yields to the UI thread. */
    (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10); /* best effort */
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        if (w->want_changed) {
            switch_topic(w);
            continue;
        }
        ks_tail_t *t = w->tail;
        if (!t) {
            pthread_cond_wait(&w->cond, &w->lock);
            continue;
        }
        if (w->seek_pending) {
            offset_spec_t spec = w->seek_spec;
            w->seek_pending = false;
            set_state(w, false, "%s", "seeking");
            pthread_mutex_unlock(&w->lock);
            int rc = tail_seek(t, &spec, err);
            pthread_mutex_lock(&w->lock);
            w->generation++;
            if (rc)
                set_state(w, true, "%s", err);
            else
                set_state(w, false, "%s", "following");
            announce(w);
            continue;
        }
        pthread_mutex_unlock(&w->lock);
        /* The tail stays ours while unlocked: only this thread replaces it. */
        int n = tail_poll(t, 100, NULL, NULL, err);
        pthread_mutex_lock(&w->lock);
        if (n > 0) {
            announce(w);
        } else if (n < 0) {
            set_state(w, true, "%s", err);
            announce(w);
            /* A fatal tail error (topic deleted): wait for a new request. */
            w->tail = NULL;
            w->generation++;
            pthread_mutex_unlock(&w->lock);
            tail_close(t);
            pthread_mutex_lock(&w->lock);
        }
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

tail_worker_t *tail_worker_new(ks_client_t *c, ks_decoders_t *decoders, int wake_fd)
{
    tail_worker_t *w = xcalloc(1, sizeof *w);
    w->client = c;
    w->decoders = decoders;
    w->wake_fd = wake_fd;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
    atomic_init(&w->news, false);
    set_state(w, false, "%s", "no topic");
    if (pthread_create(&w->thread, NULL, worker_main, w)) {
        free(w);
        return NULL;
    }
    return w;
}

void tail_worker_free(tail_worker_t *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    tail_close(w->tail);
    decoded_scratch_free(&w->scratch);
    free(w->topic);
    free(w->want_topic);
    pthread_cond_destroy(&w->cond);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

void tail_worker_set_topic(tail_worker_t *w, const char *topic, const offset_spec_t *start)
{
    pthread_mutex_lock(&w->lock);
    free(w->want_topic);
    w->want_topic = topic ? xstrdup(topic) : NULL;
    w->want_start = *start;
    w->want_changed = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

void tail_worker_seek(tail_worker_t *w, const offset_spec_t *spec)
{
    pthread_mutex_lock(&w->lock);
    w->seek_spec = *spec;
    w->seek_pending = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

bool tail_worker_take_news(tail_worker_t *w)
{
    return atomic_exchange(&w->news, false);
}

ks_ring_t *tail_worker_lock(tail_worker_t *w, uint64_t *generation)
{
    pthread_mutex_lock(&w->lock);
    *generation = w->generation;
    if (!w->tail) {
        pthread_mutex_unlock(&w->lock);
        return NULL;
    }
    ks_ring_t *r = tail_ring(w->tail);
    ring_lock(r);
    return r;
}

void tail_worker_unlock(tail_worker_t *w)
{
    ring_unlock(tail_ring(w->tail));
    pthread_mutex_unlock(&w->lock);
}

void tail_worker_state(tail_worker_t *w, char *state, size_t size, bool *error)
{
    pthread_mutex_lock(&w->lock);
    snprintf(state, size, "%s", w->state);
    *error = w->state_error;
    pthread_mutex_unlock(&w->lock);
}
