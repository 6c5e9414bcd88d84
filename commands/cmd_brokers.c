/* brokers: who is in the cluster and who leads what. */
#include "commands/command.h"

/* The commands of this file; cmd_table.c lists their entries. */
static int cmd_brokers(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err);

const cmd_entry_t cmd_brokers_entry = {
    .name = "brokers",
    .args = "",
    .summary = "list brokers",
    .help = "Brokers of the cluster: id, host:port, rack, which one is the controller, whether "
            "it answered the last metadata request, and how many partitions it leads.",
    .max_args = 0,
    .fn = cmd_brokers,
};

static int cmd_brokers(cmd_ctx_t *ctx, const opts_t *o, result_t *res, char *err)
{
    (void)o;
    ks_snapshot_t *s = cmd_snapshot(ctx, MODEL_TOPICS | MODEL_RACKS, err);
    if (!s)
        return -1;
    json_t *rows = json_array();
    for (int i = 0; i < s->nbrokers; i++) {
        const ks_broker_t *b = &s->brokers[i];
        char addr[300];
        snprintf(addr, sizeof addr, "%s:%d", b->host, b->port);
        json_array_append_new(
            rows, json_pack("{s:i, s:o, s:i, s:o, s:o, s:b, s:b, s:i}", "id", (int)b->id, "host",
                            json_str_safe(b->host), "port", b->port, "address",
                            json_str_safe(addr), "rack", json_str_safe(b->rack), "controller",
                            b->controller, "up", b->up, "leader_partitions", b->leader_count));
    }
    json_t *root = json_pack("{s:o, s:i, s:o}", "cluster_id", json_str_safe(s->cluster_id),
                             "controller", (int)s->controller_id, "brokers", rows);
    result_set_json(res, root);
    static const char *const cols[] = {"ID:id:r", "ADDRESS:address", "RACK:rack",
                                       "CONTROLLER:controller", "UP:up",
                                       "LEADS:leader_partitions:r", NULL};
    result_add_table(res, NULL, rows, cols);
    snapshot_release(s);
    return 0;
}
