#include "commands/command.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "commands/argsplit.h"
#include "http/connect.h"
#include "decode/decode.h"
#include "world/demo_schema.h"
#include "world/embedded.h"
#include "world/demo_traffic.h"
#include "base/sanitize.h"

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
    {"--group", "GROUP", "read as a member of GROUP (commits offsets, prints assignment changes)", false},
    {"--protocol", "classic|consumer", "with --group: the group protocol (default classic)", false},
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
    {"--template", "FILE", "render a JSON envelope with {{placeholders}} once per record", false},
    {"--generate-from", "FILE.avsc", "random but valid Avro values of this schema (alone, "
     "--value-subject generates from the subject's schema)", false},
    {"--edit", NULL, "write the record in $VISUAL/$EDITOR (a JSON envelope), produce it on save",
     false},
    {"--from", "P:O", "with --edit: start from the record at partition P, offset O", false},
    {"--count", "N", "with --template/--generate-from: how many records (default 1)", false},
    {"--rate", "R/s", "with --template/--generate-from: records per second (default: as fast "
     "as possible)", false},
    {"--seed", "N", "with --template/--generate-from: seed the random choices, to repeat a run",
     false},
    {NULL, NULL, NULL, false}};

static const opt_spec_t topic_create_opts[] = {
    {"--partitions", "N", "number of partitions (default: the broker's num.partitions)", false},
    {"--replication-factor", "N", "copies of each partition (default: the broker's)", false},
    {"--config", "K=V", "a topic config, e.g. retention.ms=60000; repeat for more", true},
    {NULL, NULL, NULL, false}};

static const opt_spec_t yes_opts[] = {
    {"--yes", NULL, "do not ask for confirmation (needed in batch mode)", false},
    {NULL, NULL, NULL, false}};

static const opt_spec_t topic_config_opts[] = {
    {"--delete", "KEY", "remove a config (back to the default); repeat for more", true},
    {"--append", "K=V", "add V to a list config (e.g. cleanup.policy=compact); repeat for more",
     true},
    {"--subtract", "K=V", "remove V from a list config; repeat for more", true},
    {NULL, NULL, NULL, false}};

static const opt_spec_t group_reset_opts[] = {
    {"--topic", "TOPIC[:P[,P...]]", "the topic (and partitions) to reset; repeat for more", true},
    {"--all-topics", NULL, "every topic the group has committed offsets for", false},
    {"--to-earliest", NULL, "to the log start offset", false},
    {"--to-latest", NULL, "to the log end offset", false},
    {"--to-current", NULL, "to the committed offset (the end where there is none)", false},
    {"--to-offset", "N", "to offset N", false},
    {"--shift-by", "N", "by N from the committed offset (negative: back)", false},
    {"--to-datetime", "ISO", "to the first record at or after a time, e.g. 2024-05-01T12:00", false},
    {"--by-duration", "PnDTnHnMnS", "to the first record at or after now minus a duration", false},
    {"--execute", NULL, "apply the plan (without it, only show it)", false},
    {NULL, NULL, NULL, false}};

static const opt_spec_t records_delete_opts[] = {
    {"--before", "OFFSET", "delete records before this offset (end: all of them)", false},
    {"--yes", NULL, "do not ask for confirmation (needed in batch mode)", false},
    {NULL, NULL, NULL, false}};

static const opt_spec_t connector_create_opts[] = {
    {"--file", "CONFIG", "the connector's config: JSON ({\"name\", \"config\"} or a flat map) or "
     ".properties", false},
    {NULL, NULL, NULL, false}};

static const opt_spec_t connector_restart_opts[] = {
    {"--tasks", NULL, "restart the connector's tasks too", false},
    {"--failed-only", NULL, "only what has FAILED (with --tasks: failed tasks)", false},
    {"--task", "ID", "restart only this task", false},
    {NULL, NULL, NULL, false}};

static const opt_spec_t group_join_opts[] = {
    {"--members", "N", "how many members to start (default 1)", false},
    {"--protocol", "NAME", "classic (default) or consumer (KIP-848: the broker assigns)", false},
    {"--assignor", "NAME", "classic: range (default), roundrobin or cooperative-sticky; "
     "consumer: uniform or range (default: the broker's)", false},
    {NULL, NULL, NULL, false}};

static const opt_spec_t group_leave_opts[] = {
    {"--all", NULL, "stop every member kafscope runs in the group", false},
    {NULL, NULL, NULL, false}};

const cmd_entry_t cmd_table[] = {
    {"brokers", "", "list brokers",
     "Brokers of the cluster: id, host:port, rack, which one is the controller, whether it "
     "answered the last metadata request, and how many partitions it leads.",
     no_opts, 0, 0, cmd_brokers, false, false, 0, NULL},
    {"topics", "[GLOB]", "list topics",
     "Topics with partition count, replication factor, messages (sum of high minus low "
     "watermark) and under-replicated partitions. GLOB filters names (shell wildcards).",
     topics_opts, 0, 1, cmd_topics, false, false, 0, NULL},
    {"topic describe", "TOPIC", "partitions and configs of a topic",
     "Partitions with leader, replicas, in-sync replicas, low and high watermarks and message "
     "counts, then the topic's configs with where each value comes from. Values that differ "
     "from the default are marked with *; retention.ms, retention.bytes and cleanup.policy are "
     "always shown.",
     no_opts, 1, 1, cmd_topic_describe, false, false, 0, NULL},
    {"topic create", "TOPIC", "create a topic",
     "Creates a topic with --partitions partitions, each kept on --replication-factor brokers, "
     "and any --config settings (e.g. retention.ms=60000, cleanup.policy=compact). On the "
     "embedded demo cluster configs are not supported.",
     topic_create_opts, 1, 1, cmd_topic_create, true, false, 0, NULL},
    {"topic delete", "TOPIC", "delete a topic and all its records",
     "Deletes a topic. Asks you to type the topic name to confirm; batch mode needs --yes.",
     yes_opts, 1, 1, cmd_topic_delete, true, false, 0, NULL},
    {"topic config", "TOPIC [K=V...]", "show or change a topic's configs",
     "Without K=V shows the topic's configs (those that differ from the default, and the "
     "retention and cleanup settings). With K=V sets them, --delete KEY removes them, and "
     "--append/--subtract K=V add a value to or remove one from a list config such as "
     "cleanup.policy. One IncrementalAlterConfigs request: every other setting of the topic "
     "stays as it is.",
     topic_config_opts, 1, -1, cmd_topic_config, true, false, 0, NULL},
    {"topic partitions", "TOPIC N", "grow a topic to N partitions",
     "Adds partitions so the topic has N. Kafka cannot remove partitions, and keys map to "
     "partitions by a hash modulo the count, so records of one key may land in a different "
     "partition from now on.",
     no_opts, 2, 2, cmd_topic_partitions, true, false, 0, NULL},
    {"records delete", "TOPIC:PARTITION", "delete the records before an offset",
     "Deletes the records of one partition before --before OFFSET (DeleteRecords): the log start "
     "offset moves up, as retention does when old segments expire. Asks for the topic name to "
     "confirm; batch mode needs --yes.",
     records_delete_opts, 1, 1, cmd_records_delete, true, false, 0, NULL},
    {"connectors", "[GLOB]", "list Kafka Connect connectors",
     "Connectors of the Kafka Connect cluster (--connect URL or connect.url): name, type (source "
     "or sink), state, tasks running/failed/total and the topics it reads or writes. GLOB "
     "filters names.",
     no_opts, 0, 1, cmd_connectors, false, true, 0, NULL},
    {"connector describe", "NAME", "config, state, tasks and traces of a connector",
     "A connector's state and worker, every task with its state and worker, the stack trace of "
     "anything that FAILED, and its config (passwords, secrets and keys masked).",
     no_opts, 1, 1, cmd_connector_describe, false, true, 0, NULL},
    {"connector create", "NAME", "create a connector from a config file",
     "Creates connector NAME from --file CONFIG: a JSON file ({\"name\": .., \"config\": {..}} "
     "or a flat map of settings) or a .properties file (key=value lines). The config is first "
     "validated by the worker (connector.class's plugin); if any field is invalid, each is "
     "listed with the worker's message and nothing is created.",
     connector_create_opts, 1, 1, cmd_connector_create, true, true, 0, NULL},
    {"connector config", "NAME [K=V...]", "show or change a connector's config",
     "Without K=V shows the connector's config (secrets masked). With K=V sets those keys, "
     "keeping every other setting; the new config is validated first.",
     no_opts, 1, -1, cmd_connector_config, true, true, 0, NULL},
    {"connector pause", "NAME", "pause a connector and its tasks",
     "The connector and its tasks stop processing records but keep their resources; `connector "
     "resume` continues.",
     no_opts, 1, 1, cmd_connector_pause, true, true, 0, NULL},
    {"connector resume", "NAME", "resume a paused or stopped connector",
     "The connector and its tasks run again.", no_opts, 1, 1, cmd_connector_resume, true, true, 0, NULL},
    {"connector stop", "NAME", "stop a connector (tasks shut down, config kept)",
     "The connector's tasks are shut down and release their resources; its config and offsets "
     "are kept. `connector resume` starts it again.",
     no_opts, 1, 1, cmd_connector_stop, true, true, 0, NULL},
    {"connector restart", "NAME", "restart a connector, its tasks, or one task",
     "Restarts the connector; with --tasks its tasks too; with --failed-only only what has "
     "FAILED. --task ID restarts only that task.",
     connector_restart_opts, 1, 1, cmd_connector_restart, true, true, 0, NULL},
    {"connector delete", "NAME", "delete a connector",
     "Stops and removes a connector and its config. Asks you to type the name to confirm; batch "
     "mode needs --yes.",
     yes_opts, 1, 1, cmd_connector_delete, true, true, 0, NULL},
    {"connector plugins", "", "connector plugins installed on the Connect worker",
     "Connector classes the worker can run, with type (source or sink) and version.",
     no_opts, 0, 0, cmd_connector_plugins, false, true, 0, NULL},
    {"groups", "", "list consumer groups",
     "Consumer groups with state, type (classic, or consumer for Kafka 4's KIP-848 protocol), "
     "assignor, member count and total lag.", no_opts, 0, 0,
     cmd_groups, false, false, 0, NULL},
    {"group describe", "GROUP", "members, assignment and lag of a group",
     "State, type (classic or consumer protocol) and members of a consumer group with the "
     "partitions assigned to each, then the "
     "committed offset, log end offset and lag of every partition.",
     no_opts, 1, 1, cmd_group_describe, false, false, 0, NULL},
    {"group reset", "GROUP", "move a group's committed offsets",
     "Plans where the committed offsets of GROUP on --topic TOPIC[:P,...] (or --all-topics) "
     "would move, like kafka-consumer-groups --reset-offsets: one of --to-earliest, "
     "--to-latest, --to-current, --to-offset N, --shift-by N, --to-datetime ISO-8601 or "
     "--by-duration PnDTnHnMnS. Prints each partition's current and new offset and the lag "
     "before and after; targets outside the log are clamped to it, with a warning. Only "
     "--execute applies the plan, and only while the group has no active members.",
     group_reset_opts, 1, 1, cmd_group_reset, true, false, 0, NULL},
    {"group delete", "GROUP", "delete a consumer group and its committed offsets",
     "Deletes a group that has no active members. Asks you to type the group id to confirm; "
     "batch mode needs --yes.",
     yes_opts, 1, 1, cmd_group_delete, true, false, 0, NULL},
    {"group join", "GROUP TOPIC[,TOPIC...]", "run consumers inside kafscope that join a group",
     "Starts --members consumers in kafscope that join GROUP, subscribe to the topics, consume "
     "and commit. Watch the partitions being spread over them, and reassigned as members join "
     "and leave (`group members GROUP`). --protocol classic (the default) rebalances the "
     "whole group (stop-the-world, or incremental with cooperative-sticky) and --assignor picks "
     "how: range, roundrobin or cooperative-sticky. --protocol consumer uses Kafka 4's consumer "
     "protocol (KIP-848): the broker assigns (--assignor uniform or range) and moves only the "
     "partitions that change owner.",
     group_join_opts, 2, 2, cmd_group_join, true, false, 0, NULL},
    {"group leave", "GROUP [MEMBER]", "stop consumers kafscope runs in a group",
     "Stops one member kafscope runs in GROUP (MEMBER: its client id or number; without it the "
     "newest), or all of them with --all. The remaining members take over its partitions.",
     group_leave_opts, 1, 2, cmd_group_leave, false, false, 0, NULL},
    {"group members", "GROUP", "members, assignment and rebalances of a group",
     "Members of GROUP with the partitions assigned to each and, for members kafscope runs, "
     "how many records each consumed and every rebalance: partitions revoked and assigned, "
     "with the time.",
     no_opts, 1, 1, cmd_group_members, false, false, 0, NULL},
    {"tail", "TOPIC", "read records from a topic",
     "Reads records without joining a group. --offset: beginning, end, N (absolute), -N (last N "
     "of each partition), @EPOCH_MS or @ISO-8601 time. Without --follow it stops at the end "
     "offsets seen when it started, or after --count records. Binary data is escaped; with "
     "--json each record is one JSON line. With --group GROUP it reads as a member of GROUP "
     "instead (subscribe; offsets committed; a new group starts at the beginning): each "
     "assignment change (partitions assigned, revoked) goes to stderr, or with --json to the "
     "output as {\"event\":...} lines; without --follow it stops once its partitions reached "
     "their end. Run it in several terminals to watch the group share the partitions.",
     tail_opts, 1, 1, cmd_tail, false, false, CMD_PANE, NULL},
    {"produce", "TOPIC [VALUE]", "write records to a topic",
     "Produces one message (VALUE), or one per line of --file (- for stdin). A line that is a "
     "JSON object with key/value/headers/partition fields (the format `tail --json` prints) is "
     "produced as that record; any other line is produced as it is. Reports the partition and "
     "offset of each message, or the delivery error. --template FILE renders a JSON envelope "
     "whose strings hold placeholders ({{seq}}, {{uuid}}, {{now}}, {{now_ms}}, {{int A B}}, "
     "{{float A B}}, {{pick \"a\" \"b\"}}, {{weighted \"a\":3 \"b\":1}}, {{name}}, "
     "{{word}}) --count times, --rate per second; Ctrl-C stops and reports what was delivered. "
     "--generate-from FILE.avsc (or --value-subject SUBJECT alone) produces random but valid "
     "Avro values of the schema, Confluent-framed when a subject is given. --edit opens "
     "$VISUAL or $EDITOR (default vi) on the record as JSON (--from P:O starts from a record "
     "of the topic, --template from a template); saving produces it (Avro-encoded when the "
     "topic's decoder or the record is Avro), an invalid record reopens the editor with the "
     "error, quitting without saving sends nothing.",
     produce_opts, 1, 2, cmd_produce, true, false, 0, "--file"},
    {"decoder", "[TOPIC key|value NAME [ARG]]", "set how a topic's keys or values are decoded",
     "NAME: auto (default: Confluent-framed Avro via the Schema Registry, then JSON, UTF-8 text, "
     "binary), text, json, hex, avro FILE.avsc (also reads Confluent-framed data, with the file as "
     "the reader schema), registry. TOPIC may be a glob. Also settable as "
     "decoder.TOPIC.key|value=NAME [ARG] with -X or in the config file, and with tail "
     "--key-decoder/--value-decoder. Without arguments lists the settings.",
     no_opts, 0, 4, cmd_decoder, false, true, 0, NULL},
    {"schemas", "[GLOB]", "list Schema Registry subjects",
     "Subjects registered in the Schema Registry (schema.registry.url, with "
     "schema.registry.basic.auth.user.info for HTTP basic auth).",
     no_opts, 0, 1, cmd_schemas, false, true, 0, NULL},
    {"schema", "SUBJECT [VERSION]", "show a schema from the Schema Registry",
     "The schema of SUBJECT at VERSION (default: latest), with its id and the subject's versions.",
     no_opts, 1, 2, cmd_schema, false, true, 0, NULL},
    {"config", "", "show the connection settings (secrets masked)",
     "The bootstrap servers, cluster name, and every librdkafka property in effect. Values of "
     "passwords, secrets and keys are masked.",
     no_opts, 0, 0, cmd_config, false, true, CMD_LOCAL, NULL},
    {"set", "KEY VALUE", "change a setting for the following commands",
     "Sets a kafscope setting for the rest of the session: json (true/false), timeout.ms, "
     "tail.max.records, tail.max.bytes, refresh.ms.",
     no_opts, 2, 2, cmd_set, false, true, CMD_LOCAL, NULL},
    {"help", "[COMMAND]", "list commands, or explain one",
     "Without an argument lists every command; with one shows its usage, options and help.",
     no_opts, 0, 2, cmd_help, false, true, CMD_LOCAL, NULL},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, NULL, false, false, 0, NULL},
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

/* Made on first use, which may be on any thread (the TUI's tail worker
 * decodes, commands run off the UI thread): the making is serialised. */
static pthread_mutex_t decoders_once = PTHREAD_MUTEX_INITIALIZER;

ks_decoders_t *cmd_decoders(cmd_ctx_t *ctx)
{
    pthread_mutex_lock(&decoders_once);
    if (!ctx->decoders)
        ctx->decoders = decoders_new(&ctx->cfg->registry);
    char err[KS_ERRLEN];
    if (config_apply_decoders(ctx->cfg, &ctx->decoders_applied, ctx->decoders, err))
        ks_logf("kafscope: %s", err);
    ks_decoders_t *d = ctx->decoders;
    pthread_mutex_unlock(&decoders_once);
    return d;
}

void cmd_preset_demo_decoders(cmd_ctx_t *ctx)
{
    /* the demo writes cart-updates as Avro with the built-in schema:
     * decode it out of the box (the user's own decoder setting wins) */
    char err[KS_ERRLEN];
    if (decoders_preset_avro_text(cmd_decoders(ctx), "cart-updates", false,
                                  DEMO_CART_UPDATES_SCHEMA_LABEL, demo_cart_updates_avsc, err))
        ks_logf("kafscope: cart-updates decoder: %s", err);
}

int cmd_connect(cmd_ctx_t *ctx, char *err)
{
    if (ctx->client)
        return 0;
    if (!ctx->cfg->bootstrap && ctx->connect_world) {
        int (*world)(struct cmd_ctx *, char *) = ctx->connect_world;
        ctx->connect_world = NULL;
        if (world(ctx, err))
            return -1;
    }
    /* No cluster named and none found by the world hook: the embedded mock. */
    ctx->client = ctx->cfg->bootstrap ? client_new(ctx->cfg, NULL, err)
                                      : embedded_client_new(ctx->cfg, err);
    if (!ctx->client)
        return -1;
    ctx->model = model_new(ctx->client);
    ctx->members = members_new(ctx->client);
    model_set_local_groups(ctx->model, members_local_groups, ctx->members);
    if (client_is_embedded(ctx->client) || ctx->lab_world)
        cmd_preset_demo_decoders(ctx);
    if (ctx->demo_group && client_is_embedded(ctx->client)) {
        static const char *const topics[] = {"pizza-orders"};
        members_join_t j = {.group = DEMO_GROUP, .topics = topics, .ntopics = 1, .count = 2,
                            .assignor = "range", .delay_ms = DEMO_DELAY_MS};
        char jerr[KS_ERRLEN];
        if (members_join(ctx->members, &j, jerr))
            ks_logf("kafscope: demo group %s: %s", DEMO_GROUP, jerr);
    }
    return 0;
}

void cmd_disconnect(cmd_ctx_t *ctx)
{
    /* The model's refresher reads the members; the members' consumers use
     * the client's cluster (the embedded one stops with the client). */
    model_free(ctx->model);
    members_free(ctx->members);
    client_free(ctx->client);
    connect_free(ctx->connect);
    ctx->connect = NULL;
    ctx->model = NULL;
    ctx->members = NULL;
    ctx->client = NULL;
}

void cmd_ctx_end(cmd_ctx_t *ctx)
{
    cmd_disconnect(ctx); /* the tail worker and the model decode no more */
    decoders_free(ctx->decoders);
    ctx->decoders = NULL;
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
            char q[200];
            if (argc > 1)
                ks_err(err, "unknown subcommand '%s %s'; available: %s", argv[0],
                       sanitize_quote(argv[1], q, sizeof q), subs.buf);
            else
                ks_err(err, "'%s' needs a subcommand: %s", argv[0], subs.buf);
            sb_free(&subs);
            return -1;
        }
    }
    char q[200];
    const char *near = cmd_suggest(argv[0]);
    if (near)
        return ks_err(err, "unknown command '%s' (did you mean '%.*s'? `help` lists commands)",
                      sanitize_quote(argv[0], q, sizeof q), (int)strcspn(near, " "), near);
    return ks_err(err, "unknown command '%s' (`help` lists commands)",
                  sanitize_quote(argv[0], q, sizeof q));
}

/* Runs e (found for argv, whose first `words` words are its name). */
static int run_entry(cmd_ctx_t *ctx, const cmd_entry_t *e, int words, int argc, char **argv,
                     result_t *res, char *err)
{
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
    /* --timeout bounds the whole command, from connecting on. */
    client_deadline_begin(ctx->cfg->timeout_ms, ctx->interrupted);
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
    client_deadline_end();
    if (rc == 0)
        res->json_requested = json;
    opts_free(&o);
    free(rest);
    return rc;
}

int cmd_run_argv(cmd_ctx_t *ctx, int argc, char **argv, result_t *res, char *err)
{
    if (argc == 0)
        return 0;
    int words = 0;
    const cmd_entry_t *e = cmd_find(argc, argv, &words);
    if (!e)
        return unknown_command(argc, argv, err);
    return run_entry(ctx, e, words, argc, argv, res, err);
}

/* Longer lines are refused before anything looks at them. */
#define CMD_LINE_MAX 65536

int cmd_line_parse(const char *line, cmd_line_t *l)
{
    memset(l, 0, sizeof *l);
    l->text = xstrdup(line);
    size_t len = strlen(line);
    if (len > CMD_LINE_MAX) {
        l->bad = true;
        return ks_err(l->err, "the line is too long (%zu bytes; at most %d): nothing was run (for "
                      "long values use produce --file)", len, CMD_LINE_MAX);
    }
    if (!utf8_valid(line, len)) {
        size_t at = 0;
        uint32_t cp;
        while (at < len) {
            size_t n = utf8_decode((const unsigned char *)line + at, len - at, &cp);
            if (!n)
                break;
            at += n;
        }
        l->bad = true;
        return ks_err(l->err, "the line is not valid UTF-8 (byte 0x%02x at position %zu): "
                      "nothing was run", (unsigned char)line[at], at + 1);
    }
    if (argsplit(line, &l->argc, &l->argv, l->err)) {
        l->argc = 0;
        l->argv = NULL;
        l->bad = true;
        return -1;
    }
    l->entry = l->argc ? cmd_find(l->argc, l->argv, &l->words) : NULL;
    return 0;
}

void cmd_line_free(cmd_line_t *l)
{
    if (l->argv)
        argv_free(l->argc, l->argv);
    free(l->text);
    memset(l, 0, sizeof *l);
}

bool cmd_line_reads_stdin(const cmd_line_t *l)
{
    const char *opt = l->entry ? l->entry->stdin_opt : NULL;
    if (!opt)
        return false;
    size_t n = strlen(opt);
    for (int i = l->words; i < l->argc; i++)
        if ((!strcmp(l->argv[i], opt) && i + 1 < l->argc && !strcmp(l->argv[i + 1], "-")) ||
            (!strncmp(l->argv[i], opt, n) && !strcmp(l->argv[i] + n, "=-")))
            return true;
    return false;
}

int cmd_run_parsed(cmd_ctx_t *ctx, const cmd_line_t *l, result_t *res, char *err)
{
    if (l->bad)
        return ks_err(err, "%s", l->err);
    if (l->argc == 0)
        return 0;
    if (!l->entry)
        return unknown_command(l->argc, l->argv, err);
    return run_entry(ctx, l->entry, l->words, l->argc, l->argv, res, err);
}

int cmd_run_line(cmd_ctx_t *ctx, const char *line, result_t *res, char *err)
{
    cmd_line_t l;
    int rc = cmd_line_parse(line, &l);
    if (rc == 0)
        rc = cmd_run_parsed(ctx, &l, res, err);
    else
        snprintf(err, KS_ERRLEN, "%s", l.err);
    cmd_line_free(&l);
    return rc;
}
