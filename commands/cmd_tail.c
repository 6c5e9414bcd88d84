/* tail: stream records of a topic to the output, text or JSON Lines. */
#include <stdlib.h>
#include <string.h>

#include "commands/command.h"
#include "kafka/envelope.h"
#include "kafka/group_tail.h"
#include "commands/record_text.h"
#include "kafka/tail.h"

/* The commands of this file; cmd_table.c lists their entries. */
static int cmd_tail(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);

static const opt_spec_t tail_opts[] = {
    {"--partition", "P[,P...]", "only these partitions", true},
    {"--offset", "SPEC", "beginning, end, N, -N (last N per partition) or @TIME", false},
    {"--count", "N", "stop after N records", false},
    {"--follow", NULL, "keep waiting for new records", false},
    {"--group", "GROUP", "read as a member of GROUP (commits offsets, prints assignment changes)", false},
    {"--protocol", "classic|consumer", "with --group: the group protocol (default classic)", false},
    {"--key-decoder", "NAME[:ARG]", "decoder for keys: auto, text, json, hex, avro:FILE.avsc, registry", false},
    {"--value-decoder", "NAME[:ARG]", "decoder for values (as --key-decoder)", false},
    {NULL, NULL, NULL, false}};

const cmd_entry_t cmd_tail_entry = {
    .name = "tail",
    .args = "TOPIC",
    .summary = "read records from a topic",
    .help = "Reads records without joining a group. --offset: beginning, end, N (absolute), -N "
            "(last N of each partition), @EPOCH_MS or @ISO-8601 time. Without --follow it stops "
            "at the end offsets seen when it started, or after --count records. Binary data is "
            "escaped; with --json each record is one JSON line. With --group GROUP it reads as "
            "a member of GROUP instead (subscribe; offsets committed; a new group starts at the "
            "beginning): each assignment change (partitions assigned, revoked) goes to stderr, "
            "or with --json to the output as {\"event\":...} lines; without --follow it stops "
            "once its partitions reached their end. Run it in several terminals to watch the "
            "group share the partitions.",
    .opts = tail_opts,
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_tail,
    .flags = CMD_PANE,
};

/* Output is collected in one buffer per tail and written in large pieces
 * (at FLUSH_BYTES, and after every poll so a followed topic shows up at
 * once); decoding reuses two scratch buffers: once they have grown, a
 * record costs no allocation here. */
#define FLUSH_BYTES (256 * 1024)

typedef struct {
    cmd_ctx_t *ctx;
    ks_decoders_t *decoders;     /* the session's (looked up once: that takes a lock) */
    strbuf_t out;                /* lines not yet written */
    strbuf_t key_text, value_text; /* decode_part_text scratch */
} print_sink_t;

/* Writes the buffered lines through to the output: a followed topic's
 * record must reach a file or a pipe at once, not wait in stdio's buffer. */
static void flush_lines(print_sink_t *ps)
{
    if (ps->out.len) {
        fwrite(ps->out.buf, 1, ps->out.len, ps->ctx->out);
        fflush(ps->ctx->out);
    }
    sb_reset(&ps->out);
}

static void sink_init(print_sink_t *ps, cmd_ctx_t *ctx)
{
    ps->ctx = ctx;
    ps->decoders = cmd_decoders(ctx);
    sb_init(&ps->out);
    sb_init(&ps->key_text);
    sb_init(&ps->value_text);
}

/* Writes what is left and frees the buffers. */
static void sink_close(print_sink_t *ps)
{
    flush_lines(ps);
    sb_free(&ps->out);
    sb_free(&ps->key_text);
    sb_free(&ps->value_text);
}

static void print_record(void *opaque, const ks_record_t *rec)
{
    print_sink_t *ps = opaque;
    cmd_ctx_t *ctx = ps->ctx;
    decode_result_t k, v;
    ks_decoders_t *dec = ps->decoders;
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

static void list_partitions(strbuf_t *sb, const int32_t *p, int n, bool json)
{
    sb_adds(sb, json ? "[" : "");
    for (int i = 0; i < n; i++) {
        if (i)
            sb_addc(sb, ',');
        sb_addi(sb, p[i]);
    }
    sb_adds(sb, json ? "]" : n ? "" : "none");
}

typedef struct {
    cmd_ctx_t *ctx;
    const char *topic, *group;
} group_events_t;

/* An assignment change: a log line (stderr in batch and the REPL), or a JSON
 * line in the output. */
static void print_group_event(void *opaque, const char *kind, const int32_t *changed, int nchanged,
                              const int32_t *now, int nnow)
{
    group_events_t *ge = opaque;
    strbuf_t sb;
    sb_init(&sb);
    if (ge->ctx->json) {
        sb_adds(&sb, "{\"event\":\"");
        sb_adds(&sb, kind);
        sb_adds(&sb, "\",\"group\":");
        json_append_string(&sb, ge->group, strlen(ge->group));
        sb_adds(&sb, ",\"topic\":");
        json_append_string(&sb, ge->topic, strlen(ge->topic));
        sb_adds(&sb, ",\"partitions\":");
        list_partitions(&sb, changed, nchanged, true);
        sb_adds(&sb, ",\"assignment\":");
        list_partitions(&sb, now, nnow, true);
        sb_adds(&sb, "}\n");
        fwrite(sb.buf, 1, sb.len, ge->ctx->out);
        fflush(ge->ctx->out);
    } else {
        sb_printf(&sb, "kafscope: group %s: %s partitions ", ge->group, kind);
        list_partitions(&sb, changed, nchanged, false);
        sb_adds(&sb, "; now reading ");
        list_partitions(&sb, now, nnow, false);
        ks_logf("%s", sb.buf);
    }
    sb_free(&sb);
}

static int tail_group(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    if (opt_count(o, "--partition") || opt_get(o, "--offset"))
        return ks_err(err, "tail --group: the group assigns the partitions and its committed "
                      "offsets say where to start; --partition and --offset do not apply");
    int64_t count = -1;
    if (opt_int(o, "--count", 1, INT64_MAX / 2, &count, err))
        return cmd_usage(res);
    group_events_t ge = {ctx, o->pos[0], opt_get(o, "--group")};
    group_tail_opts_t go = {o->pos[0], ge.group, opt_get(o, "--protocol"), count,
                            opt_has(o, "--follow"), print_group_event, &ge};
    ks_group_tail_t *t = group_tail_open(ctx->client, &go, err);
    if (!t)
        return -1;
    print_sink_t ps;
    sink_init(&ps, ctx);
    int rc = 0;
    while (!group_tail_done(t) && !(ctx->interrupted && *ctx->interrupted)) {
        if (group_tail_poll(t, 200, print_record, &ps, err) < 0) {
            rc = -1;
            break;
        }
        flush_lines(&ps); /* a member's records show as they come */
    }
    sink_close(&ps);
    group_tail_close(t);
    return rc;
}

static int cmd_tail(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    (void)res;
    if ((opt_get(o, "--key-decoder") &&
         decoders_set(cmd_decoders(ctx), o->pos[0], true, opt_get(o, "--key-decoder"), err)) ||
        (opt_get(o, "--value-decoder") &&
         decoders_set(cmd_decoders(ctx), o->pos[0], false, opt_get(o, "--value-decoder"),
                      err)))
        return -1;
    if (opt_get(o, "--group"))
        return tail_group(ctx, o, res, err);
    if (opt_get(o, "--protocol"))
        return ks_err(err, "tail: --protocol only applies with --group");
    tail_opts_t to = {0};
    to.topic = o->pos[0];
    to.count = -1;
    to.follow = opt_has(o, "--follow");
    to.start.kind = to.follow ? OFS_END : OFS_BEGINNING;
    if (opt_get(o, "--offset") && offsetspec_parse(opt_get(o, "--offset"), &to.start, err))
        return cmd_usage(res);
    int64_t count = -1;
    if (opt_int(o, "--count", 1, INT64_MAX / 2, &count, err))
        return cmd_usage(res);
    to.count = count;
    to.stream = true; /* printed and forgotten: no ring */
    int32_t *parts;
    if (parse_partitions(o, &parts, &to.npartitions, err))
        return cmd_usage(res);
    to.partitions = parts;
    ks_tail_t *t = tail_open(ctx->client, &to, err);
    free(parts);
    if (!t)
        return -1;
    print_sink_t ps;
    sink_init(&ps, ctx);
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
    sink_close(&ps);
    tail_close(t);
    return rc;
}
