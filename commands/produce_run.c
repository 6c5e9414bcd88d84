#include "commands/produce_run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* More than any workshop needs; keeps a typo from running for days. */
#define MAX_COUNT 100000000
#define MAX_RATE 1000000.0
#define PROGRESS_MS 250

int produce_pace_parse(const opts_t *o, produce_pace_t *pace, char *err)
{
    pace->count = 1;
    pace->rate = 0;
    if (opt_int(o, "--count", 1, MAX_COUNT, &pace->count, err))
        return -1;
    const char *r = opt_get(o, "--rate");
    if (!r)
        return 0;
    char *end;
    double v = strtod(r, &end);
    if (end == r || (*end && strcmp(end, "/s")) || !isfinite(v) || v <= 0 || v > MAX_RATE)
        return ks_err(err, "--rate: expected records per second, as 10 or 2.5/s (up to %.0f), "
                      "got '%s'", MAX_RATE, r);
    pace->rate = v;
    return 0;
}

static bool interrupted(const cmd_ctx_t *ctx)
{
    return ctx->interrupted && *ctx->interrupted;
}

/* Through the front end's log sink: a terminal rewrites it in place, the
 * TUI shows it in its notification line. */
static void progress(ks_producer_t *p, int64_t total, bool last)
{
    ks_progressf(last, "sent %zu/%lld  delivered %zu  failed %zu", producer_sent(p),
                 (long long)total, producer_delivered(p), producer_failed(p));
}

/* Serves delivery reports (which update the counts) for up to ms. */
static void serve(cmd_ctx_t *ctx, int ms)
{
    rd_kafka_poll(ctx->client->rk, ms);
}

int produce_run(cmd_ctx_t *ctx, ks_producer_t *p, const char *topic, const produce_pace_t *pace,
                produce_next_fn next, void *opaque, result_t *res, char *err)
{
    int64_t t0 = mono_ms(), shown = t0;
    int rc = 0;
    char rerr[KS_ERRLEN];
    int64_t seq;
    for (seq = 1; seq <= pace->count && !interrupted(ctx); seq++) {
        if (pace->rate > 0) {
            /* record seq is due (seq-1)/rate seconds after the start */
            int64_t due = t0 + (int64_t)llround((double)(seq - 1) * 1000.0 / pace->rate);
            for (int64_t now = mono_ms(); now < due && !interrupted(ctx); now = mono_ms()) {
                serve(ctx, (int)(due - now < 100 ? due - now : 100));
                if (mono_ms() - shown >= PROGRESS_MS) {
                    progress(p, pace->count, false);
                    shown = mono_ms();
                }
            }
            if (interrupted(ctx))
                break;
        }
        /* Unpaced records are made as fast as they can go: they may be
         * held back and sent in batches. Paced ones go when they are due. */
        produce_msg_t m;
        if (next(opaque, seq, &m, rerr) ||
            (pace->rate > 0 ? producer_send : producer_send_bulk)(p, &m, rerr)) {
            rc = ks_err(err, "record %lld: %s", (long long)seq, rerr);
            break;
        }
        if (mono_coarse_ms() - shown >= PROGRESS_MS) {
            serve(ctx, 0);
            progress(p, pace->count, false);
            shown = mono_coarse_ms();
        }
    }
    bool stopped = interrupted(ctx);
    client_deadline_renew(); /* --count and --rate set the length, not the network */
    char ferr[KS_ERRLEN];
    int frc = producer_flush(p, ferr);
    progress(p, pace->count, true);
    size_t sent = producer_sent(p), delivered = producer_delivered(p), failed = producer_failed(p);
    if (rc == 0 && frc)
        rc = ks_err(err, "%s", ferr);
    if (rc == 0 && failed)
        rc = ks_err(err, "%zu of %zu records failed: %s", failed, sent, producer_first_error(p));
    if (rc) {
        /* say what did go out, so a rerun does not double it unknowingly */
        size_t len = strlen(err);
        snprintf(err + len, KS_ERRLEN - len, " (%zu records were delivered to %s)", delivered,
                 topic);
        return -1;
    }
    double secs = (double)(mono_ms() - t0) / 1000.0;
    result_set_json(res, json_pack("{s:s, s:I, s:I, s:I, s:b, s:f}", "topic", topic, "sent",
                                   (json_int_t)sent, "produced", (json_int_t)delivered, "failed",
                                   (json_int_t)failed, "interrupted", stopped, "seconds", secs));
    if (stopped)
        result_textf(res, "interrupted: %zu of %lld records produced to %s\n", delivered,
                     (long long)pace->count, topic);
    else
        result_textf(res, "%zu records produced to %s in %.1f s\n", delivered, topic, secs);
    return 0;
}
