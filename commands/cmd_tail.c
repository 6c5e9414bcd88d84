/* tail: stream records of a topic to the output, text or JSON Lines. */
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "envelope.h"
#include "record_text.h"
#include "tail.h"

/* Output is collected in one buffer per tail and written in large pieces
 * (at FLUSH_BYTES, and after every poll so a followed topic shows up at
 * once); decoding reuses two scratch buffers: once they have grown, a
 * record costs no allocation here. */
#define FLUSH_BYTES (256 * 1024)

typedef struct {
    cmd_ctx_t *ctx;
    strbuf_t out;                /* lines not yet written */
    strbuf_t key_text, value_text; /* decode_part_text scratch */
} print_sink_t;

static void flush_lines(print_sink_t *ps)
{
    if (ps->out.len)
        fwrite(ps->out.buf, 1, ps->out.len, ps->ctx->out);
    sb_reset(&ps->out);
}

static void print_record(void *opaque, const ks_record_t *rec)
{
    print_sink_t *ps = opaque;
    cmd_ctx_t *ctx = ps->ctx;
    if (ctx->on_record) {
        ctx->on_record(ctx->on_record_opaque, rec);
        return;
    }
    decode_result_t k, v;
    ks_decoders_t *dec = config_decoders(ctx->cfg);
    decode_part_text(dec, rec->topic, true, rec->key, rec->key_len, &ps->key_text, &k);
    decode_part_text(dec, rec->topic, false, rec->value, rec->value_len, &ps->value_text, &v);
    if (ctx->json)
        envelope_write_decoded(&ps->out, rec, &k, &v);
    else
        record_text_decoded(&ps->out, rec, &k, &v);
    decode_result_free(&k);
    decode_result_free(&v);
    sb_addc(&ps->out, '\n');
    if (ps->out.len >= FLUSH_BYTES)
        flush_lines(ps);
}

/* "--partition 0,2 --partition 5" -> [0,2,5] */
static int parse_partitions(const opts_t *o, int32_t **out, int *n, char *err)
{
    *out = NULL;
    *n = 0;
    for (int i = 0; i < opt_count(o, "--partition"); i++) {
        char *list = xstrdup(opt_at(o, "--partition", i)), *save = NULL;
        for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            int64_t p;
            if (!parse_int64(tok, 0, INT32_MAX, &p)) {
                ks_err(err, "--partition: invalid partition '%s' (expected a number >= 0)", tok);
                free(list);
                free(*out);
                *out = NULL;
                return -1;
            }
            *out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
            (*out)[(*n)++] = (int32_t)p;
        }
        free(list);
    }
    if (opt_count(o, "--partition") && !*n)
        return ks_err(err, "--partition: no partition given");
    return 0;
}

int cmd_tail(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    (void)res;
    tail_opts_t to = {0};
    to.topic = o->pos[0];
    to.count = -1;
    to.follow = opt_has(o, "--follow");
    to.start.kind = to.follow ? OFS_END : OFS_BEGINNING;
    if (opt_get(o, "--offset") && offsetspec_parse(opt_get(o, "--offset"), &to.start, err))
        return -1;
    int64_t count = -1;
    if (opt_int(o, "--count", 1, INT64_MAX / 2, &count, err))
        return -1;
    to.count = count;
    to.stream = true; /* printed and forgotten: no ring */
    if ((opt_get(o, "--key-decoder") &&
         decoders_set(config_decoders(ctx->cfg), to.topic, true, opt_get(o, "--key-decoder"), err)) ||
        (opt_get(o, "--value-decoder") &&
         decoders_set(config_decoders(ctx->cfg), to.topic, false, opt_get(o, "--value-decoder"),
                      err)))
        return -1;
    int32_t *parts;
    if (parse_partitions(o, &parts, &to.npartitions, err))
        return -1;
    to.partitions = parts;
    ks_tail_t *t = tail_open(ctx->client, &to, err);
    free(parts);
    if (!t)
        return -1;
    print_sink_t ps = {.ctx = ctx};
    sb_init(&ps.out);
    sb_init(&ps.key_text);
    sb_init(&ps.value_text);
    int rc = 0;
    while (!tail_done(t) && !(ctx->interrupted && *ctx->interrupted)) {
        int got = tail_poll(t, 200, print_record, &ps, err);
        if (got < 0) {
            rc = -1;
            break;
        }
        if (got == 0 || tail_done(t) || to.follow)
            flush_lines(&ps);
    }
    flush_lines(&ps);
    fflush(ctx->out);
    sb_free(&ps.out);
    sb_free(&ps.key_text);
    sb_free(&ps.value_text);
    tail_close(t);
    return rc;
}
