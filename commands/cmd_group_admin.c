/* group reset, group delete, group join, group leave, group members. */
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "command.h"
#include "offsets.h"
#include "offsetspec.h"
#include "reset_plan.h"
#include "sanitize.h"

static json_t *num_or_null(int64_t v)
{
    return v < 0 ? json_null() : json_integer(v);
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

typedef struct {
    char *topic;
    int32_t partition;
    reset_row_t row;
} plan_row_t;

static const char *const reset_opts[] = {"--to-earliest", "--to-latest", "--to-current",
                                         "--to-offset", "--shift-by", "--to-datetime",
                                         "--by-duration", NULL};

static int parse_spec(const opts_t *o, reset_spec_t *spec, char *err)
{
    int given = 0;
    const char *which = NULL;
    for (int i = 0; reset_opts[i]; i++)
        if (opt_has(o, reset_opts[i])) {
            given++;
            which = reset_opts[i];
        }
    if (given == 0)
        return ks_err(err, "group reset: say where to: --to-earliest, --to-latest, --to-current, "
                      "--to-offset N, --shift-by N, --to-datetime ISO or --by-duration "
                      "PnDTnHnMnS");
    if (given > 1)
        return ks_err(err, "group reset: give only one of --to-earliest, --to-latest, "
                      "--to-current, --to-offset, --shift-by, --to-datetime, --by-duration");
    const char *v = opt_get(o, which);
    char q[200];
    spec->value = 0;
    if (!strcmp(which, "--to-earliest")) {
        spec->kind = RESET_EARLIEST;
    } else if (!strcmp(which, "--to-latest")) {
        spec->kind = RESET_LATEST;
    } else if (!strcmp(which, "--to-current")) {
        spec->kind = RESET_CURRENT;
    } else if (!strcmp(which, "--to-offset")) {
        spec->kind = RESET_OFFSET;
        if (!parse_int64(v, 0, INT64_MAX, &spec->value))
            return ks_err(err, "--to-offset: expected an offset (a whole number >= 0), got '%s'",
                          cmd_quote(v, q, sizeof q));
    } else if (!strcmp(which, "--shift-by")) {
        spec->kind = RESET_SHIFT;
        if (!parse_int64(v, -1000000000000000LL, 1000000000000000LL, &spec->value))
            return ks_err(err, "--shift-by: expected a whole number (negative moves back), got "
                          "'%s'", cmd_quote(v, q, sizeof q));
    } else if (!strcmp(which, "--to-datetime")) {
        spec->kind = RESET_DATETIME;
        char perr[KS_ERRLEN];
        if (parse_iso8601(v, &spec->value, perr))
            return ks_err(err, "--to-datetime: %s", perr);
    } else {
        spec->kind = RESET_DURATION;
        int64_t ms;
        char perr[KS_ERRLEN];
        if (parse_duration(v, &ms, perr))
            return ks_err(err, "--by-duration: %s", perr);
        spec->value = now_ms() - ms;
    }
    return 0;
}

static void plan_add(plan_row_t **rows, int *n, const char *topic, int32_t p)
{
    for (int i = 0; i < *n; i++)
        if ((*rows)[i].partition == p && !strcmp((*rows)[i].topic, topic))
            return;
    *rows = xrealloc(*rows, (size_t)(*n + 1) * sizeof **rows);
    memset(&(*rows)[*n], 0, sizeof **rows);
    (*rows)[*n].topic = xstrdup(topic);
    (*rows)[*n].partition = p;
    (*n)++;
}

/* --topic TOPIC[:P[,P...]] for each occurrence, or --all-topics. */
static int plan_partitions(cmd_ctx_t *ctx, const opts_t *o,
                           const rd_kafka_topic_partition_list_t *committed, plan_row_t **rows,
                           int *n, char *err)
{
    int ntopic = opt_count(o, "--topic");
    bool all = opt_has(o, "--all-topics");
    char q[200];
    if (!ntopic && !all)
        return ks_err(err, "group reset: say which partitions: --topic TOPIC[:P[,P...]] or "
                      "--all-topics");
    if (ntopic && all)
        return ks_err(err, "group reset: give --topic or --all-topics, not both");
    if (all) {
        for (int i = 0; committed && i < committed->cnt; i++)
            plan_add(rows, n, committed->elems[i].topic, committed->elems[i].partition);
        if (*n == 0)
            return ks_err(err, "group reset: the group has no committed offsets, so "
                          "--all-topics finds nothing; name the topics with --topic");
        return 0;
    }
    for (int i = 0; i < ntopic; i++) {
        const char *spec = opt_at(o, "--topic", i);
        const char *colon = strchr(spec, ':');
        char *topic = colon ? xstrndup(spec, (size_t)(colon - spec)) : xstrdup(spec);
        int count;
        if (client_topic_partitions(ctx->client, NULL, topic, &count, err)) {
            free(topic);
            return -1;
        }
        if (!colon) {
            for (int p = 0; p < count; p++)
                plan_add(rows, n, topic, p);
        } else {
            const char *p = colon + 1;
            if (!*p) {
                free(topic);
                return ks_err(err, "--topic %s: expected partitions after ':' (e.g. %s:0,2)",
                              cmd_quote(spec, q, sizeof q), "TOPIC");
            }
            while (*p) {
                size_t len = strcspn(p, ",");
                char *num = xstrndup(p, len);
                int64_t part;
                bool ok = parse_int64(num, 0, INT32_MAX, &part);
                if (!ok || part >= count) {
                    int rc = ok ? ks_err(err, "partition %lld out of range: topic '%s' has "
                                         "partitions 0..%d", (long long)part, topic, count - 1)
                                : ks_err(err, "--topic: expected partition numbers after "
                                         "'%s:', got '%s'", topic, cmd_quote(num, q, sizeof q));
                    free(num);
                    free(topic);
                    return rc;
                }
                free(num);
                plan_add(rows, n, topic, (int32_t)part);
                p += len + (p[len] == ',');
            }
        }
        free(topic);
    }
    return 0;
}

static int cmp_plan(const void *a, const void *b)
{
    const plan_row_t *x = a, *y = b;
    int c = strcmp(x->topic, y->topic);
    return c ? c : (x->partition > y->partition) - (x->partition < y->partition);
}

static int64_t committed_of(const rd_kafka_topic_partition_list_t *l, const char *topic,
                            int32_t p)
{
    for (int i = 0; l && i < l->cnt; i++)
        if (l->elems[i].partition == p && !strcmp(l->elems[i].topic, topic))
            return l->elems[i].offset;
    return -1;
}

/* Log start and end of every planned partition, and for --to-datetime and
 * --by-duration the first offset at or after the time: one batched
 * ListOffsets under one deadline. */
static int fill_offsets(cmd_ctx_t *ctx, const reset_spec_t *spec, plan_row_t *rows, int n,
                        char *err)
{
    int per = spec->kind == RESET_DATETIME || spec->kind == RESET_DURATION ? 3 : 2;
    ks_offset_query_t *q = xcalloc((size_t)(n * per + 1), sizeof *q);
    for (int i = 0; i < n; i++) {
        static const int64_t ends[2] = {OFFSETS_EARLIEST, OFFSETS_LATEST};
        for (int k = 0; k < per; k++)
            q[i * per + k] = (ks_offset_query_t){.topic = rows[i].topic,
                                                 .partition = rows[i].partition,
                                                 .spec = k < 2 ? ends[k] : spec->value};
    }
    int rc = offsets_list(ctx->client, q, n * per, client_deadline(ctx->client), err);
    if (rc == 0)
        rc = offsets_first_error(ctx->client, q, n * per, "offsets", err);
    for (int i = 0; rc == 0 && i < n; i++) {
        reset_row_t *r = &rows[i].row;
        r->low = q[i * per].offset;
        r->high = q[i * per + 1].offset;
        r->time_offset = per == 3 ? q[i * per + 2].offset : -1;
    }
    free(q);
    return rc;
}

static int fill_plan(cmd_ctx_t *ctx, const reset_spec_t *spec,
                     const rd_kafka_topic_partition_list_t *committed, plan_row_t *rows, int n,
                     result_t *res, char *err)
{
    for (int i = 0; i < n; i++)
        rows[i].row.current = committed_of(committed, rows[i].topic, rows[i].partition);
    if (fill_offsets(ctx, spec, rows, n, err))
        return -1;
    for (int i = 0; i < n; i++) {
        reset_row_t *r = &rows[i].row;
        char rerr[KS_ERRLEN];
        if (reset_compute(spec, r, rerr))
            return ks_err(err, "group reset: %s:%d: %s (Kafka refuses --shift-by there too; use "
                          "--to-offset, --to-earliest or --to-latest)", rows[i].topic,
                          rows[i].partition, rerr);
        if (r->clamped)
            result_warnf(res, "warning: %s:%d: offset %lld is %s %lld; using %lld", rows[i].topic,
                         rows[i].partition, (long long)r->requested,
                         r->requested < r->low ? "before the log start offset"
                                               : "past the log end offset",
                         (long long)(r->requested < r->low ? r->low : r->high),
                         (long long)r->target);
    }
    return 0;
}

static void plans_free(plan_row_t *rows, int n)
{
    for (int i = 0; i < n; i++)
        free(rows[i].topic);
    free(rows);
}

int cmd_group_reset(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *group = o->pos[0];
    reset_spec_t spec;
    if (parse_spec(o, &spec, err))
        return -1;
    bool execute = opt_has(o, "--execute");
    rd_kafka_topic_partition_list_t *committed = NULL;
    if (admin_group_offsets(ctx->client, group, &committed, err))
        return -1;
    plan_row_t *rows = NULL;
    int n = 0;
    int rc = plan_partitions(ctx, o, committed, &rows, &n, err);
    if (rc == 0 && n > 1)
        qsort(rows, (size_t)n, sizeof *rows, cmp_plan);
    if (rc == 0)
        rc = fill_plan(ctx, &spec, committed, rows, n, res, err);
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
    plans_free(rows, n);
    if (committed)
        rd_kafka_topic_partition_list_destroy(committed);
    return rc;
}

/* ---- group delete ---- */

int cmd_group_delete(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
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
    char *what = xasprintf("group '%s' and its committed offsets", cmd_quote(group, q, sizeof q));
    int rc = cmd_confirm(ctx, o, "group delete", what, group, err);
    free(what);
    if (rc || admin_delete_group(ctx->client, group, err))
        return -1;
    if (ctx->model)
        model_poke(ctx->model);
    result_textf(res, "Deleted group %s.\n", cmd_quote(group, q, sizeof q));
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
                     ? ks_err(err, "unknown group '%s' (see `groups`)", cmd_quote(group, q, sizeof q))
                     : ks_err(err, "unknown group '%s': this cluster cannot list groups, so only "
                              "groups kafscope runs itself are known (`group join`)",
                              cmd_quote(group, q, sizeof q));
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

int cmd_group_members(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
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

int cmd_group_join(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    const char *group = o->pos[0];
    int64_t count = 1;
    if (opt_int(o, "--members", 1, MEMBERS_MAX_PER_JOIN, &count, err))
        return -1;
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

int cmd_group_leave(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
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
                 cmd_quote(group, q, sizeof q));
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
