/* records delete: DeleteRecords, which moves a partition's log start offset
 * the way retention does. */
#include <stdlib.h>
#include <string.h>

#include "kafka/admin.h"
#include "commands/command.h"
#include "kafka/offsets.h"
#include "base/sanitize.h"

/* The commands of this file; cmd_table.c lists their entries. */
static int cmd_records_delete(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);

static const opt_spec_t records_delete_opts[] = {
    {"--before", "OFFSET", "delete records before this offset (end: all of them)", false},
    {"--yes", NULL, "do not ask for confirmation (needed in batch mode)", false},
    {NULL, NULL, NULL, false}};

const cmd_entry_t cmd_records_delete_entry = {
    .name = "records delete",
    .args = "TOPIC:PARTITION",
    .summary = "delete the records before an offset",
    .help = "Deletes the records of one partition before --before OFFSET (DeleteRecords): the "
            "log start offset moves up, as retention does when old segments expire. Asks for "
            "the topic name to confirm; batch mode needs --yes.",
    .opts = records_delete_opts,
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_records_delete,
    .writes = true,
};

/* TOPIC:PARTITION; the topic name itself cannot contain ':'. */
static int parse_tp(const char *s, char **topic, int32_t *partition, char *err)
{
    const char *colon = strrchr(s, ':');
    int64_t p;
    char q[200];
    if (!colon || colon == s || !parse_int64(colon + 1, 0, INT32_MAX, &p))
        return ks_err(err, "records delete: expected TOPIC:PARTITION (e.g. orders:0), got '%s'",
                      sanitize_quote(s, q, sizeof q));
    *topic = xstrndup(s, (size_t)(colon - s));
    *partition = (int32_t)p;
    return 0;
}

static int cmd_records_delete(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    char *topic = NULL;
    int32_t partition = -1;
    const char *before_s = opt_get(o, "--before");
    char q[200];
    if (parse_tp(o->pos[0], &topic, &partition, err))
        return cmd_usage(res);
    int rc = 0;
    int64_t before = -1;
    if (!before_s)
        rc = ks_err(err, "records delete: --before OFFSET is required (the first offset to "
                    "keep; end deletes every record)");
    else if (strcmp(before_s, "end") && !parse_int64(before_s, 0, INT64_MAX, &before))
        rc = ks_err(err, "--before: expected an offset (a whole number >= 0) or end, got '%s'",
                    sanitize_quote(before_s, q, sizeof q));
    int count = 0;
    if (rc == 0)
        rc = client_topic_partitions(ctx->client, NULL, topic, &count, err);
    if (rc == 0 && partition >= count)
        rc = ks_err(err, "partition %d out of range: topic '%s' has partitions 0..%d", partition,
                    topic, count - 1);
    if (rc == 0 && admin_is_mock(ctx->client))
        rc = ks_err(err, "not supported by the embedded demo cluster: deleting records (the mock "
                    "cluster has no DeleteRecords; connect to a real cluster with -b HOST:PORT)");
    int64_t low = 0, high = 0;
    if (rc == 0)
        rc = offsets_watermarks(ctx->client, topic, &partition, 1, &low, &high,
                                 client_deadline(ctx->client), err);
    if (rc == 0 && before < 0)
        before = high;
    if (rc == 0 && before > high)
        rc = ks_err(err, "records delete: offset %lld is past the end of %s:%d (log end offset "
                    "%lld); nothing was deleted", (long long)before, topic, partition,
                    (long long)high);
    if (rc == 0 && before <= low) {
        result_textf(res, "Nothing to delete: the log of %s:%d already starts at %lld.\n", topic,
                     partition, (long long)low);
        result_set_json(res, json_pack("{s:s, s:i, s:I, s:I, s:I}", "topic", topic, "partition",
                                       (int)partition, "low_before", (json_int_t)low, "low",
                                       (json_int_t)low, "deleted", (json_int_t)0));
        free(topic);
        return 0;
    }
    if (rc == 0) {
        char *what = xasprintf("the %lld record%s of %s:%d before offset %lld",
                               (long long)(before - low), before - low == 1 ? "" : "s", topic,
                               partition, (long long)before);
        rc = cmd_confirm(ctx, o, res, "records delete", what, topic, err);
        free(what);
    }
    int64_t new_low = 0;
    if (rc == 0)
        rc = admin_delete_records(ctx->client, topic, partition, before, &new_low, err);
    if (rc == 0) {
        result_textf(res,
                     "Deleted %lld record%s of %s:%d: the log start offset moved from %lld to "
                     "%lld (the log end stays at %lld).\n",
                     (long long)(new_low - low), new_low - low == 1 ? "" : "s", topic, partition,
                     (long long)low, (long long)new_low, (long long)high);
        result_set_json(res, json_pack("{s:s, s:i, s:I, s:I, s:I, s:I}", "topic", topic,
                                       "partition", (int)partition, "low_before",
                                       (json_int_t)low, "low", (json_int_t)new_low, "high",
                                       (json_int_t)high, "deleted",
                                       (json_int_t)(new_low - low)));
        if (ctx->model)
            model_poke(ctx->model);
    }
    free(topic);
    return rc;
}
