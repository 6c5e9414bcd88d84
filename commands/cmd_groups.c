/* groups and group describe. */
#include <stdlib.h>
#include <string.h>

#include "commands/command.h"

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

int cmd_groups(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
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

int cmd_group_describe(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
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
