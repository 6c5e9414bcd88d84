#include "command.h"

#include <stdlib.h>
#include <string.h>

#include "argsplit.h"

static const opt_spec_t no_opts[] = {{NULL, NULL, NULL, false}};

static const opt_spec_t topics_opts[] = {
    {"--internal", NULL, "include internal topics (__consumer_offsets, ...)", false},
    {"--rate", NULL, "measure msg/s over one second (batch mode has no earlier sample)", false},
    {NULL, NULL, NULL, false}};

static const opt_spec_t tail_opts[] = {
    {"--partition", "P[,P...]", "only these partitions", true},
    {"--offset", "SPEC", "beginning, end, N, -N (last N per partition) or @TIME", false},
    {"--count", "N", "stop after N records", false},
    {"--follow", NULL, "keep waiting for new records", false},
    {"--key-decoder", "NAME[:ARG]", "decoder for keys: auto, text, json, hex, avro:FILE.avsc, registry", false},
    {"--value-decoder", "NAME[:ARG]", "decoder for values (as --key-decoder)", false},
    {NULL, NULL, NULL, false}};

static const opt_spec_t produce_opts[] = {
    {"--key", "K", "message key", false},
    {"--partition", "P", "partition (default: the partitioner picks by key)", false},
    {"--header", "K=V", "a header; repeat for more", true},
    {"--file", "PATH|-", "one message per line (plain, or JSON {\"key\",\"value\",...})", false},
    {"--null-value", NULL, "produce a null value (a tombstone)", false},
    {"--verbose", NULL, "with --file: report every message's partition and offset", false},
    {"--value-schema", "FILE.avsc", "the value is JSON: encode it as Avro with this schema", false},
    {"--value-subject", "SUBJECT", "encode as Avro with the subject's latest schema (with "
     "--value-schema: register that schema under SUBJECT), with Confluent framing", false},
    {"--key-schema", "FILE.avsc", "the key is JSON: encode it as Avro with this schema", false},
    {"--key-subject", "SUBJECT", "as --value-subject, for the key", false},
    {NULL, NULL, NULL, false}};

const cmd_entry_t cmd_table[] = {
    {"brokers", "", "list brokers",
     "Brokers of the cluster: id, host:port, rack, which one is the controller, whether it "
     "answered the last metadata request, and how many partitions it leads.",
     no_opts, 0, 0, cmd_brokers, false, false},
    {"topics", "[GLOB]", "list topics",
     "Topics with partition count, replication factor, messages (sum of high minus low "
     "watermark) and under-replicated partitions. GLOB filters names (shell wildcards).",
     topics_opts, 0, 1, cmd_topics, false, false},
    {"topic describe", "TOPIC", "partitions and configs of a topic",
     "Partitions with leader, replicas, in-sync replicas, low and high watermarks and message "
     "counts, then the topic's configs with where each value comes from. Values that differ "
     "from the default are marked with *; retention.ms, retention.bytes and cleanup.policy are "
     "always shown.",
     no_opts, 1, 1, cmd_topic_describe, false, false},
    {"groups", "", "list consumer groups",
     "Consumer groups with state, protocol, member count and total lag.", no_opts, 0, 0,
     cmd_groups, false, false},
    {"group describe", "GROUP", "members, assignment and lag of a group",
     "State and members of a consumer group with the partitions assigned to each, then the "
     "committed offset, log end offset and lag of every partition.",
     no_opts, 1, 1, cmd_group_describe, false, false},
    {"tail", "TOPIC", "read records from a topic",
     "Reads records without joining a group. --offset: beginning, end, N (absolute), -N (last N "
     "of each partition), @EPOCH_MS or @ISO-8601 time. Without --follow it stops at the end "
     "offsets seen when it started, or after --count records. Binary data is escaped; with "
     "--json each record is one JSON line.",
     tail_opts, 1, 1, cmd_tail, false, false},
    {"produce", "TOPIC [VALUE]", "write records to a topic",
     "Produces one message (VALUE), or one per line of --file (- for stdin). A line that is a "
     "JSON object with key/value/headers/partition fields (the format `tail --json` prints) is "
     "produced as that record; any other line is produced as it is. Reports the partition and "
     "offset of each message, or the delivery error.",
     produce_opts, 1, 2, cmd_produce, true, false},
    {"decoder", "[TOPIC key|value NAME [ARG]]", "set how a topic's keys or values are decoded",
     "NAME: auto (default: Confluent-framed Avro via the Schema Registry, then JSON, UTF-8 text, "
     "binary), text, json, hex, avro FILE.avsc (also reads Confluent-framed data, with the file as "
     "the reader schema), registry. TOPIC may be a glob. Also settable as "
     "decoder.TOPIC.key|value=NAME [ARG] with -X or in the config file, and with tail "
     "--key-decoder/--value-decoder. Without arguments lists the settings.",
     no_opts, 0, 4, cmd_decoder, false, true},
    {"schemas", "[GLOB]", "list Schema Registry subjects",
     "Subjects registered in the Schema Registry (schema.registry.url, with "
     "schema.registry.basic.auth.user.info for HTTP basic auth).",
     no_opts, 0, 1, cmd_schemas, false, true},
    {"schema", "SUBJECT [VERSION]", "show a schema from the Schema Registry",
     "The schema of SUBJECT at VERSION (default: latest), with its id and the subject's versions.",
     no_opts, 1, 2, cmd_schema, false, true},
    {"config", "", "show the connection settings (secrets masked)",
     "The bootstrap servers, cluster name, and every librdkafka property in effect. Values of "
     "passwords, secrets and keys are masked.",
     no_opts, 0, 0, cmd_config, false, true},
    {"set", "KEY VALUE", "change a setting for the following commands",
     "Sets a kafscope setting for the rest of the session: json (true/false), timeout.ms, "
     "tail.max.records, tail.max.bytes, refresh.ms.",
     no_opts, 2, 2, cmd_set, false, true},
    {"help", "[COMMAND]", "list commands, or explain one",
     "Without an argument lists every command; with one shows its usage, options and help.",
     no_opts, 0, 2, cmd_help, false, true},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, NULL, false, false},
};

static int name_words(const char *name)
{
    int n = 1;
    for (const char *p = name; *p; p++)
        n += *p == ' ';
    return n;
}

static bool name_matches(const char *name, int argc, char **argv)
{
    int words = name_words(name);
    if (argc < words)
        return false;
    const char *p = name;
    for (int i = 0; i < words; i++) {
        size_t len = strcspn(p, " ");
        if (strlen(argv[i]) != len || strncmp(argv[i], p, len))
            return false;
        p += len + (p[len] == ' ');
    }
    return true;
}

const cmd_entry_t *cmd_find(int argc, char **argv, int *words)
{
    const cmd_entry_t *best = NULL;
    for (const cmd_entry_t *e = cmd_table; e->name; e++)
        if (name_matches(e->name, argc, argv) && (!best || name_words(e->name) > name_words(best->name)))
            best = e;
    if (best && words)
        *words = name_words(best->name);
    return best;
}

const char *cmd_suggest(const char *word)
{
    const char *best = NULL;
    int bestd = 3;
    for (const cmd_entry_t *e = cmd_table; e->name; e++) {
        size_t len = strcspn(e->name, " ");
        char *first = xstrndup(e->name, len);
        int d = edit_distance(word, first);
        if (d < bestd) {
            bestd = d;
            best = e->name;
        }
        free(first);
    }
    return best;
}

char *cmd_synopsis(const cmd_entry_t *e)
{
    strbuf_t sb;
    sb_init(&sb);
    sb_adds(&sb, e->name);
    if (e->args && *e->args)
        sb_printf(&sb, " %s", e->args);
    for (const opt_spec_t *o = e->opts; o && o->name; o++) {
        if (o->arg)
            sb_printf(&sb, " [%s %s]%s", o->name, o->arg, o->repeat ? "..." : "");
        else
            sb_printf(&sb, " [%s]", o->name);
    }
    return sb_steal(&sb);
}

int cmd_connect(cmd_ctx_t *ctx, char *err)
{
    if (ctx->client)
        return 0;
    ctx->client = client_new(ctx->cfg, err);
    if (!ctx->client)
        return -1;
    ctx->model = model_new(ctx->client);
    return 0;
}

ks_snapshot_t *cmd_snapshot(cmd_ctx_t *ctx, int what, char *err)
{
    if (cmd_connect(ctx, err))
        return NULL;
    if (ctx->live_model) {
        ks_snapshot_t *s = model_snapshot(ctx->model);
        if (s && !s->error)
            return s;
        snapshot_release(s);
    }
    return model_refresh_sync(ctx->model, what, err);
}

/* Subcommand families ("topic", "group") named without a known subcommand. */
static int unknown_command(int argc, char **argv, char *err)
{
    for (const cmd_entry_t *e = cmd_table; e->name; e++) {
        size_t len = strcspn(e->name, " ");
        if (e->name[len] == ' ' && strlen(argv[0]) == len && !strncmp(argv[0], e->name, len)) {
            strbuf_t subs;
            sb_init(&subs);
            for (const cmd_entry_t *f = cmd_table; f->name; f++)
                if (!strncmp(f->name, e->name, len + 1))
                    sb_printf(&subs, "%s'%s'", subs.len ? ", " : "", f->name);
            if (argc > 1)
                ks_err(err, "unknown subcommand '%s %s'; available: %s", argv[0], argv[1], subs.buf);
            else
                ks_err(err, "'%s' needs a subcommand: %s", argv[0], subs.buf);
            sb_free(&subs);
            return -1;
        }
    }
    const char *near = cmd_suggest(argv[0]);
    if (near)
        return ks_err(err, "unknown command '%s' (did you mean '%s'? `help` lists commands)",
                      argv[0], near);
    return ks_err(err, "unknown command '%s' (`help` lists commands)", argv[0]);
}

int cmd_run_argv(cmd_ctx_t *ctx, int argc, char **argv, result_t *res, char *err)
{
    if (argc == 0)
        return 0;
    int words = 0;
    const cmd_entry_t *e = cmd_find(argc, argv, &words);
    if (!e)
        return unknown_command(argc, argv, err);

    /* --json is accepted on any command line, wherever it stands. */
    bool json = ctx->json;
    int n = 0;
    char **rest = xcalloc((size_t)argc + 1, sizeof *rest);
    for (int i = words; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else
            rest[n++] = argv[i];
    }
    opts_t o;
    int rc = opts_parse(e->opts, n, rest, &o, err);
    if (rc == 0 && (o.npos < e->min_args || (e->max_args >= 0 && o.npos > e->max_args))) {
        char *syn = cmd_synopsis(e);
        rc = ks_err(err, "%s: %s (usage: %s)", e->name,
                    o.npos < e->min_args ? "missing argument" : "too many arguments", syn);
        free(syn);
    }
    if (rc == 0 && e->writes && ctx->cfg->read_only)
        rc = ks_err(err, "%s: refused: kafscope is in read-only mode (--read-only), so nothing "
                    "that changes the cluster runs", e->name);
    if (rc == 0 && !e->offline)
        rc = cmd_connect(ctx, err);
    if (rc == 0) {
        /* --json on the line applies to this command only; `set json`
         * changes the session, so only undo what the line did. */
        bool line_json = json && !ctx->json;
        if (line_json)
            ctx->json = true;
        rc = e->fn(ctx, &o, res, err);
        if (line_json)
            ctx->json = false;
    }
    if (rc == 0)
        res->json_requested = json;
    opts_free(&o);
    free(rest);
    return rc;
}

int cmd_run_line(cmd_ctx_t *ctx, const char *line, result_t *res, char *err)
{
    int argc;
    char **argv;
    if (argsplit(line, &argc, &argv, err))
        return -1;
    int rc = cmd_run_argv(ctx, argc, argv, res, err);
    argv_free(argc, argv);
    return rc;
}
