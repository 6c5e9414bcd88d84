/* groups and group ...: list and describe consumer groups, move or delete
 * their offsets, and run members of them inside kafscope. */
#include <stdlib.h>
#include <string.h>

#include "commands/command.h"
#include "kafka/admin.h"
#include "kafka/offsets.h"
#include "kafka/offsetspec.h"
#include "kafka/reset_plan.h"
#include "base/sanitize.h"

/* The commands of this file; cmd_table.c lists their entries. */
static int cmd_groups(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_group_describe(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_group_reset(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_group_delete(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_group_join(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_group_leave(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);
static int cmd_group_members(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);

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

static const opt_spec_t group_join_opts[] = {
    {"--members", "N", "how many members to start (default 1)", false},
    {"--protocol", "NAME", "classic (default) or consumer (KIP-848: the broker assigns)", false},
    {"--assignor", "NAME", "classic: range (default), roundrobin or cooperative-sticky; "
     "consumer: uniform or range (default: the broker's)", false},
    {NULL, NULL, NULL, false}};

static const opt_spec_t group_leave_opts[] = {
    {"--all", NULL, "stop every member kafscope runs in the group", false},
    {NULL, NULL, NULL, false}};

const cmd_entry_t cmd_groups_entry = {
    .name = "groups",
    .args = "",
    .summary = "list consumer groups",
    .help = "Consumer groups with state, type (classic, or consumer for Kafka 4's KIP-848 "
            "protocol), assignor, member count and total lag.",
    .max_args = 0,
    .fn = cmd_groups,
};

const cmd_entry_t cmd_group_describe_entry = {
    .name = "group describe",
    .args = "GROUP",
    .summary = "members, assignment and lag of a group",
    .help = "State, type (classic or consumer protocol) and members of a consumer group with "
            "the partitions assigned to each, then the committed offset, log end offset and lag "
            "of every partition.",
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_group_describe,
};

const cmd_entry_t cmd_group_reset_entry = {
    .name = "group reset",
    .args = "GROUP",
    .summary = "move a group's committed offsets",
    .help = "Plans where the committed offsets of GROUP on --topic TOPIC[:P,...] (or "
            "--all-topics) would move, like kafka-consumer-groups --reset-offsets: one of "
            "--to-earliest, --to-latest, --to-current, --to-offset N, --shift-by N, "
            "--to-datetime ISO-8601 or --by-duration PnDTnHnMnS. Prints each partition's "
            "current and new offset and the lag before and after; targets outside the log are "
            "clamped to it, with a warning. Only --execute applies the plan, and only while the "
            "group has no active members.",
    .opts = group_reset_opts,
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_group_reset,
    .writes = true,
};

const cmd_entry_t cmd_group_delete_entry = {
    .name = "group delete",
    .args = "GROUP",
    .summary = "delete a consumer group and its committed offsets",
    .help = "Deletes a group that has no active members. Asks you to type the group id to "
            "confirm; batch mode needs --yes.",
    .opts = cmd_yes_opts,
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_group_delete,
    .writes = true,
};

const cmd_entry_t cmd_group_join_entry = {
    .name = "group join",
    .args = "GROUP TOPIC[,TOPIC...]",
    .summary = "run consumers inside kafscope that join a group",
    .help = "Starts --members consumers in kafscope that join GROUP, subscribe to the topics, "
            "consume and commit. Watch the partitions being spread over them, and reassigned as "
            "members join and leave (`group members GROUP`). --protocol classic (the default) "
            "rebalances the whole group (stop-the-world, or incremental with "
            "cooperative-sticky) and --assignor picks how: range, roundrobin or "
            "cooperative-sticky. --protocol consumer uses Kafka 4's consumer protocol "
            "(KIP-848): the broker assigns (--assignor uniform or range) and moves only the "
            "partitions that change owner.",
    .opts = group_join_opts,
    .min_args = 2,
    .max_args = 2,
    .fn = cmd_group_join,
    .writes = true,
};

const cmd_entry_t cmd_group_leave_entry = {
    .name = "group leave",
    .args = "GROUP [MEMBER]",
    .summary = "stop consumers kafscope runs in a group",
    .help = "Stops one member kafscope runs in GROUP (MEMBER: its client id or number; without "
            "it the newest), or all of them with --all. The remaining members take over its "
            "partitions.",
    .opts = group_leave_opts,
    .min_args = 1,
    .max_args = 2,
    .fn = cmd_group_leave,
};

const cmd_entry_t cmd_group_members_entry = {
    .name = "group members",
    .args = "GROUP",
    .summary = "members, assignment and rebalances of a group",
    .help = "Members of GROUP with the partitions assigned to each and, for members kafscope "
            "runs, how many records each consumed and every rebalance: partitions revoked and "
            "assigned, with the time.",
    .min_args = 1,
    .max_args = 1,
    .fn = cmd_group_members,
};

static json_t *num_or_null(int64_t v)
{
    return v < 0 ? json_null() : json_integer(v);
}

static void note_unsupported(cmd_ctx_t *ctx, const ks_snapshot_t *s, json_t *root, result_t *res)
{
    if (s->groups_supported)
        return;
    const char *why = client_is_embedded(ctx->client)
                          ? "the embedded demo cluster cannot list groups (no ListGroups); "
                            "showing the groups kafscope runs itself"
                          : (s->error ? s->error : "listing groups is not supported by this cluster");
    json_object_set_new(root, "note", json_string(why));
    result_warnf(res, "note: %s", why);
}

static int cmd_groups(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    (void)o;
    ks_snapshot_t *s = cmd_snapshot(ctx, MODEL_ALL & ~MODEL_RACKS, err);
    if (!s)
        return -1;
    json_t *rows = json_array();
    for (int i = 0; i < s->ngroups; i++) {
        const ks_group_t *g = &s->groups[i];
        json_array_append_new(
            rows, json_pack("{s:o, s:o, s:o, s:o, s:i, s:o}", "id", json_str_safe(g->id), "state",
                            json_str_safe(g->state), "type", json_str_safe(g->type), "protocol",
                            json_str_safe(g->protocol), "members", g->nmembers, "total_lag",
                            num_or_null(g->total_lag)));
    }
    json_t *root = json_pack("{s:o, s:b}", "groups", rows, "supported", s->groups_supported);
    note_unsupported(ctx, s, root, res);
    result_set_json(res, root);
    static const char *const cols[] = {"GROUP:id", "STATE:state", "TYPE:type", "PROTOCOL:protocol",
                                       "MEMBERS:members:r", "LAG:total_lag:r", NULL};
    result_add_table(res, NULL, rows, cols);
    snapshot_release(s);
    return 0;
}

static int cmd_group_describe(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *id = o->pos[0];
    ks_snapshot_t *s = cmd_snapshot(ctx, MODEL_ALL & ~MODEL_RACKS, err);
    if (!s)
        return -1;
    const ks_group_t *g = snapshot_group(s, id);
    if (!g) {
        int rc = s->groups_supported || !client_is_embedded(ctx->client)
                     ? ks_err(err, "unknown group '%s' (see `groups`)", id)
                     : ks_err(err, "unknown group '%s': the embedded demo cluster only knows the "
                              "groups kafscope runs itself", id);
        snapshot_release(s);
        return rc;
    }
    json_t *members = json_array();
    for (int i = 0; i < g->nmembers; i++) {
        const ks_member_t *m = &g->members[i];
        json_t *assigned = json_array();
        for (int j = 0; j < m->nassigned; j++) {
            char *tp = xasprintf("%s:%d", m->assigned[j].topic, m->assigned[j].partition);
            json_array_append_new(assigned, json_str_safe(tp));
            free(tp);
        }
        json_array_append_new(members, json_pack("{s:o, s:o, s:o, s:o}", "member_id",
                                                 json_str_safe(m->member_id), "client_id",
                                                 json_str_safe(m->client_id), "host",
                                                 json_str_safe(m->host), "assignment", assigned));
    }
    json_t *offsets = json_array();
    for (int i = 0; i < g->noffsets; i++) {
        const ks_group_offset_t *off = &g->offsets[i];
        json_array_append_new(offsets, json_pack("{s:o, s:i, s:o, s:o, s:o}", "topic",
                                                 json_str_safe(off->topic), "partition",
                                                 (int)off->partition, "committed",
                                                 num_or_null(off->committed), "end",
                                                 num_or_null(off->high), "lag",
                                                 num_or_null(off->lag)));
    }
    json_t *root = json_pack("{s:o, s:o, s:o, s:o, s:o, s:i, s:o, s:o, s:o}", "id",
                             json_str_safe(g->id), "state", json_str_safe(g->state), "type",
                             json_str_safe(g->type), "protocol", json_str_safe(g->protocol),
                             "epoch", g->epoch > 0 ? json_integer(g->epoch) : json_null(),
                             "member_count", g->nmembers, "total_lag",
                             num_or_null(g->total_lag), "members", members, "offsets", offsets);
    if (g->error)
        json_object_set_new(root, "error", json_str_safe(g->error));
    static const char *const head[] = {"Group:id", "State:state", "Type:type",
                                       "Protocol:protocol", "Epoch:epoch", "Members:member_count",
                                       "Total lag:total_lag", NULL};
    result_add_fields(res, NULL, root, head);
    static const char *const mcols[] = {"MEMBER:member_id", "CLIENT:client_id", "HOST:host",
                                        "ASSIGNMENT:assignment", NULL};
    result_add_table(res, "Members:", members, mcols);
    static const char *const ocols[] = {"TOPIC:topic", "PARTITION:partition:r",
                                        "COMMITTED:committed:r", "END:end:r", "LAG:lag:r", NULL};
    result_add_table(res, "Offsets:", offsets, ocols);
    result_set_json(res, root);
    snapshot_release(s);
    return 0;
}

/* Generations and epochs start at 1; 0 means not known. */
static json_t *epoch_json(int32_t epoch)
{
    return epoch > 0 ? json_integer(epoch) : json_null();
}

/* ---- is the group active? ---- */

typedef struct {
    bool active;
    bool known;     /* false: the cluster could not tell us */
    char why[KS_ERRLEN];
} activity_t;

static void group_activity(cmd_ctx_t *ctx, const char *group, activity_t *a)
{
    memset(a, 0, sizeof *a);
    ks_local_group_t lg;
    if (members_describe(ctx->members, group, &lg) == 0) {
        a->active = a->known = true;
        snprintf(a->why, sizeof a->why, "kafscope itself runs %d member%s of it (`group leave %s "
                 "--all` stops them)", lg.nmembers, lg.nmembers == 1 ? "" : "s", group);
        local_group_free(&lg);
        return;
    }
    if (client_is_embedded(ctx->client)) {
        a->known = true; /* only kafscope's own members can be in the private mock */
        return;
    }
    if (admin_is_mock(ctx->client)) {
        snprintf(a->why, sizeof a->why, "the embedded demo cluster cannot describe groups; if "
                 "the group has members, the commit will fail");
        return;
    }
    char *state = NULL;
    int members = 0;
    char err[KS_ERRLEN];
    if (admin_describe_group(ctx->client, group, &state, &members, err)) {
        snprintf(a->why, sizeof a->why, "%s", err);
        return;
    }
    a->known = true;
    if (members > 0 || (strcmp(state, "Empty") && strcmp(state, "Dead") &&
                        strcmp(state, "Unknown"))) {
        a->active = true;
        snprintf(a->why, sizeof a->why, "it has %d active member%s (state %s); stop its "
                 "consumers first", members, members == 1 ? "" : "s", state);
    }
    free(state);
}

/* ---- group reset ---- */

/* Which one of reset_spec_options was given, and its value. */
static int parse_spec(const opts_t *o, reset_spec_t *spec, char *err)
{
    int given = 0;
    const char *which = NULL;
    for (int i = 0; reset_spec_options[i]; i++)
        if (opt_has(o, reset_spec_options[i])) {
            given++;
            which = reset_spec_options[i];
        }
    if (given == 0)
        return ks_err(err, "group reset: say where to: --to-earliest, --to-latest, --to-current, "
                      "--to-offset N, --shift-by N, --to-datetime ISO or --by-duration "
                      "PnDTnHnMnS");
    if (given > 1)
        return ks_err(err, "group reset: give only one of --to-earliest, --to-latest, "
                      "--to-current, --to-offset, --shift-by, --to-datetime, --by-duration");
    return reset_spec_parse(which, opt_get(o, which), spec, err);
}

/* --topic TOPIC[:P[,P...]] for each occurrence, or --all-topics. */
static int plan_partitions(cmd_ctx_t *ctx, const opts_t *o,
                           const rd_kafka_topic_partition_list_t *committed, reset_plan_t *plan,
                           char *err)
{
    int ntopic = opt_count(o, "--topic");
    bool all = opt_has(o, "--all-topics");
    if (!ntopic && !all)
        return ks_err(err, "group reset: say which partitions: --topic TOPIC[:P[,P...]] or "
                      "--all-topics");
    if (ntopic && all)
        return ks_err(err, "group reset: give --topic or --all-topics, not both");
    if (all)
        return reset_plan_add_committed(plan, committed, err);
    for (int i = 0; i < ntopic; i++)
        if (reset_plan_add_topic(plan, ctx->client, opt_at(o, "--topic", i), err))
            return -1;
    return 0;
}

static int cmd_group_reset(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *group = o->pos[0];
    reset_spec_t spec;
    if (parse_spec(o, &spec, err))
        return cmd_usage(res);
    bool execute = opt_has(o, "--execute");
    rd_kafka_topic_partition_list_t *committed = NULL;
    if (admin_group_offsets(ctx->client, group, &committed, err))
        return -1;
    reset_plan_t plan = {0};
    int rc = plan_partitions(ctx, o, committed, &plan, err);
    if (rc == 0)
        rc = reset_plan_compute(&plan, ctx->client, &spec, committed, err);
    reset_plan_row_t *rows = plan.rows;
    int n = plan.n;
    /* Rows past a failure were not computed and are not clamped. */
    for (int i = 0; i < n; i++) {
        const reset_row_t *r = &rows[i].row;
        if (r->clamped)
            result_warnf(res, "warning: %s:%d: offset %lld is %s %lld; using %lld", rows[i].topic,
                         rows[i].partition, (long long)r->requested,
                         r->requested < r->low ? "before the log start offset"
                                               : "past the log end offset",
                         (long long)(r->requested < r->low ? r->low : r->high),
                         (long long)r->target);
    }
    activity_t act;
    if (rc == 0)
        group_activity(ctx, group, &act);
    if (rc == 0 && execute && act.active)
        rc = ks_err(err, "group reset: refused: group '%s' is active: %s. Nothing was changed.",
                    group, act.why);
    if (rc == 0 && execute) {
        rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(n);
        for (int i = 0; i < n; i++)
            rd_kafka_topic_partition_list_add(l, rows[i].topic, rows[i].partition)->offset =
                rows[i].row.target;
        rc = admin_alter_group_offsets(ctx->client, group, l, err);
        rd_kafka_topic_partition_list_destroy(l);
        if (rc == 0 && ctx->model)
            model_poke(ctx->model);
    }
    if (rc == 0) {
        if (!execute && act.active)
            result_warnf(res, "note: --execute will be refused while group '%s' is active: %s",
                         group, act.why);
        if (!act.known)
            result_warnf(res, "note: cannot tell whether the group is active: %s", act.why);
        json_t *arr = json_array();
        for (int i = 0; i < n; i++) {
            const reset_row_t *r = &rows[i].row;
            json_array_append_new(
                arr, json_pack("{s:o, s:i, s:o, s:I, s:I, s:I, s:o, s:I, s:b}", "topic",
                               json_str_safe(rows[i].topic), "partition", (int)rows[i].partition,
                               "current", num_or_null(r->current), "new", (json_int_t)r->target,
                               "log_start", (json_int_t)r->low, "log_end", (json_int_t)r->high,
                               "lag_before", num_or_null(r->lag_before), "lag_after",
                               (json_int_t)r->lag_after, "clamped", r->clamped));
        }
        json_t *root = json_pack("{s:s, s:b, s:o}", "group", group, "executed", execute,
                                 "partitions", arr);
        static const char *const cols[] = {"TOPIC:topic", "PARTITION:partition:r",
                                           "CURRENT:current:r", "NEW:new:r",
                                           "LOG-START:log_start:r", "LOG-END:log_end:r",
                                           "LAG-BEFORE:lag_before:r", "LAG-AFTER:lag_after:r",
                                           NULL};
        char *title = xasprintf(execute ? "Offsets of group %s moved:"
                                        : "Plan for group %s (dry run: add --execute to apply):",
                                group);
        char *safe = sanitize_str(title);
        result_add_table(res, safe, arr, cols);
        free(safe);
        free(title);
        result_set_json(res, root);
    }
    reset_plan_free(&plan);
    if (committed)
        rd_kafka_topic_partition_list_destroy(committed);
    return rc;
}

/* ---- group delete ---- */

static int cmd_group_delete(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *group = o->pos[0];
    char q[200];
    if (members_has_group(ctx->members, group))
        return ks_err(err, "group delete: refused: kafscope itself runs members of '%s' "
                      "(`group leave %s --all` stops them)", group, group);
    if (admin_is_mock(ctx->client))
        return ks_err(err, "not supported by the embedded demo cluster: deleting groups (the "
                      "mock cluster has no DeleteGroups)");
    activity_t act;
    group_activity(ctx, group, &act);
    if (act.active)
        return ks_err(err, "group delete: refused: group '%s' is active: %s", group, act.why);
    char *what = xasprintf("group '%s' and its committed offsets", sanitize_quote(group, q, sizeof q));
    int rc = cmd_confirm(ctx, o, res, "group delete", what, group, err);
    free(what);
    if (rc || admin_delete_group(ctx->client, group, err))
        return -1;
    if (ctx->model)
        model_poke(ctx->model);
    result_textf(res, "Deleted group %s.\n", sanitize_quote(group, q, sizeof q));
    result_set_json(res, json_pack("{s:o}", "deleted", json_str_safe(group)));
    return 0;
}

/* ---- group join / leave / members ---- */

static char *assignment_text(const ks_tp_t *tp, int n)
{
    strbuf_t sb;
    sb_init(&sb);
    const char *topic = NULL;
    for (int i = 0; i < n; i++) {
        if (!topic || strcmp(topic, tp[i].topic)) {
            sb_printf(&sb, "%s%s:%d", topic ? " " : "", tp[i].topic, tp[i].partition);
            topic = tp[i].topic;
        } else {
            sb_printf(&sb, ",%d", tp[i].partition);
        }
    }
    return sb_steal(&sb);
}

static json_t *assignment_json(const ks_tp_t *tp, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:o, s:i}", "topic", json_str_safe(tp[i].topic),
                                           "partition", (int)tp[i].partition));
    return a;
}

static void show_local(const ks_local_group_t *g, result_t *res)
{
    json_t *members = json_array();
    for (int i = 0; i < g->nmembers; i++) {
        const ks_local_member_t *m = &g->members[i];
        char *text = assignment_text(m->assigned, m->nassigned);
        json_array_append_new(
            members,
            json_pack("{s:o, s:o, s:o, s:s, s:i, s:I, s:b, s:o}", "client_id",
                      json_str_safe(m->client_id), "member_id", json_str_safe(m->member_id),
                      "assignment", assignment_json(m->assigned, m->nassigned), "assigned", text,
                      "partition_count", m->nassigned, "consumed", (json_int_t)m->consumed,
                      "joined", m->joined, "error", json_str_safe(m->error)));
        free(text);
    }
    json_t *events = json_array();
    for (int i = 0; i < g->nevents; i++) {
        const ks_member_event_t *e = &g->events[i];
        char when[32];
        format_iso_ms(e->time_ms, when, sizeof when);
        json_array_append_new(events, json_pack("{s:s, s:I, s:o, s:s, s:o, s:o}", "time", when,
                                                "time_ms", (json_int_t)e->time_ms, "member",
                                                json_str_safe(e->member), "event", e->kind,
                                                "partitions", json_str_safe(e->partitions),
                                                "epoch", epoch_json(e->epoch)));
    }
    json_t *root = json_pack("{s:o, s:s, s:s, s:o, s:o, s:b, s:i, s:o, s:o, s:I}", "group",
                             json_str_safe(g->group), "type", g->protocol, "assignor",
                             *g->assignor ? g->assignor : "(broker's default)", "epoch",
                             epoch_json(g->epoch), "topics", json_str_safe(g->topics),
                             "run_by_kafscope", true, "member_count", g->nmembers, "members",
                             members, "rebalances", events, "dropped_events",
                             (json_int_t)g->dropped_events);
    static const char *const head[] = {"Group:group", "Type:type", "Topics:topics",
                                       "Assignor:assignor", "Epoch:epoch", "Members:member_count",
                                       NULL};
    result_add_fields(res, NULL, root, head);
    static const char *const mcols[] = {"MEMBER:client_id", "PARTITIONS:partition_count:r",
                                        "ASSIGNED:assigned", "CONSUMED:consumed:r",
                                        "MEMBER-ID:member_id", NULL};
    result_add_table(res, "Members (run by kafscope):", members, mcols);
    static const char *const ecols[] = {"TIME:time", "MEMBER:member", "EVENT:event",
                                        "PARTITIONS:partitions", "EPOCH:epoch:r", NULL};
    result_add_table(res, "Rebalances (oldest first):", events, ecols);
    result_set_json(res, root);
}

/* A group kafscope does not run: the cluster's description. */
static int show_remote(cmd_ctx_t *ctx, const char *group, result_t *res, char *err)
{
    ks_snapshot_t *s = cmd_snapshot(ctx, MODEL_ALL & ~MODEL_RACKS, err);
    if (!s)
        return -1;
    const ks_group_t *g = snapshot_group(s, group);
    char q[200];
    if (!g) {
        int rc = s->groups_supported
                     ? ks_err(err, "unknown group '%s' (see `groups`)", sanitize_quote(group, q, sizeof q))
                     : ks_err(err, "unknown group '%s': this cluster cannot list groups, so only "
                              "groups kafscope runs itself are known (`group join`)",
                              sanitize_quote(group, q, sizeof q));
        snapshot_release(s);
        return rc;
    }
    json_t *members = json_array();
    for (int i = 0; i < g->nmembers; i++) {
        const ks_member_t *m = &g->members[i];
        char *text = assignment_text(m->assigned, m->nassigned);
        json_array_append_new(
            members, json_pack("{s:o, s:o, s:o, s:o, s:o, s:i}", "client_id",
                               json_str_safe(m->client_id), "member_id",
                               json_str_safe(m->member_id), "host", json_str_safe(m->host),
                               "assignment", assignment_json(m->assigned, m->nassigned),
                               "assigned", json_str_safe(text), "partition_count", m->nassigned));
        free(text);
    }
    json_t *root = json_pack("{s:o, s:o, s:o, s:o, s:b, s:i, s:o}", "group",
                             json_str_safe(g->id), "state", json_str_safe(g->state), "type",
                             json_str_safe(g->type), "assignor", json_str_safe(g->protocol),
                             "run_by_kafscope", false, "member_count", g->nmembers, "members",
                             members);
    static const char *const head[] = {"Group:group", "State:state", "Type:type",
                                       "Assignor:assignor", "Members:member_count", NULL};
    result_add_fields(res, NULL, root, head);
    static const char *const mcols[] = {"MEMBER:client_id", "PARTITIONS:partition_count:r",
                                        "ASSIGNED:assigned", "HOST:host", "MEMBER-ID:member_id",
                                        NULL};
    result_add_table(res, "Members:", members, mcols);
    result_textf(res, "(kafscope does not run this group's members, so it has no rebalance log; "
                      "`group join` runs members whose rebalances it records)\n");
    result_set_json(res, root);
    snapshot_release(s);
    return 0;
}

static int cmd_group_members(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    ks_local_group_t g;
    if (members_describe(ctx->members, o->pos[0], &g) == 0) {
        show_local(&g, res);
        local_group_free(&g);
        return 0;
    }
    return show_remote(ctx, o->pos[0], res, err);
}

/* How long join and leave wait for the group to settle. */
static int settle_ms(const cmd_ctx_t *ctx)
{
    int t = ctx->cfg->timeout_ms + 5000;
    return t > 30000 ? 30000 : t;
}

static int cmd_group_join(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *group = o->pos[0];
    int64_t count = 1;
    if (opt_int(o, "--members", 1, MEMBERS_MAX_PER_JOIN, &count, err))
        return cmd_usage(res);
    const char *assignor = opt_get(o, "--assignor");
    const char *protocol = opt_get(o, "--protocol");
    if (!*group)
        return ks_err(err, "group join: the group id must not be empty");
    /* TOPIC[,TOPIC...] */
    char *list = xstrdup(o->pos[1]);
    const char *topics[64];
    int ntopics = 0;
    int rc = 0;
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t && rc == 0;
         t = strtok_r(NULL, ",", &save)) {
        if (ntopics == 64)
            rc = ks_err(err, "group join: at most 64 topics");
        else
            topics[ntopics++] = t;
    }
    if (rc == 0 && ntopics == 0)
        rc = ks_err(err, "group join: name at least one topic");
    if (rc == 0) {
        members_join_t j = {.group = group, .topics = topics, .ntopics = ntopics,
                            .count = (int)count, .assignor = assignor, .protocol = protocol,
                            .wait_ms = settle_ms(ctx)};
        rc = members_join(ctx->members, &j, err);
    }
    free(list);
    if (rc)
        return -1;
    if (ctx->model)
        model_poke(ctx->model);
    ks_local_group_t g;
    if (members_describe(ctx->members, group, &g) == 0) {
        show_local(&g, res);
        local_group_free(&g);
    }
    return 0;
}

static int cmd_group_leave(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *group = o->pos[0];
    bool all = opt_has(o, "--all");
    const char *member = o->npos > 1 ? o->pos[1] : NULL;
    if (all && member)
        return ks_err(err, "group leave: give MEMBER or --all, not both");
    int stopped = 0;
    if (members_leave(ctx->members, group, member, all, settle_ms(ctx), &stopped, err))
        return -1;
    if (ctx->model)
        model_poke(ctx->model);
    char q[200];
    result_textf(res, "%d member%s left group %s.\n", stopped, stopped == 1 ? "" : "s",
                 sanitize_quote(group, q, sizeof q));
    ks_local_group_t g;
    if (members_describe(ctx->members, group, &g) == 0) {
        show_local(&g, res);
        json_object_set_new(res->json, "left", json_integer(stopped));
        local_group_free(&g);
    } else {
        result_set_json(res, json_pack("{s:o, s:i, s:i}", "group", json_str_safe(group), "left",
                                       stopped, "member_count", 0));
    }
    return 0;
}
