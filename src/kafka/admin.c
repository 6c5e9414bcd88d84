#include "kafka/admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const ks_config_entry_t *)a)->name, ((const ks_config_entry_t *)b)->name);
}

int admin_describe_configs(ks_client_t *c, admin_resource_t type, const char *name,
                           ks_config_entry_t **out, int *n, char *err)
{
    *out = NULL;
    *n = 0;
    const char *what = type == ADMIN_TOPIC ? "topic configs" : "broker configs";
    if (client_require_controller(c, what, err))
        return -1;
    rd_kafka_ConfigResource_t *res = rd_kafka_ConfigResource_new(
        type == ADMIN_TOPIC ? RD_KAFKA_RESOURCE_TOPIC : RD_KAFKA_RESOURCE_BROKER, name);
    rd_kafka_queue_t *q = rd_kafka_queue_new(c->rk);
    rd_kafka_AdminOptions_t *o = client_admin_options(c, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS);
    rd_kafka_DescribeConfigs(c->rk, &res, 1, o, q);
    rd_kafka_event_t *ev = NULL;
    int rc = client_wait_event(q, RD_KAFKA_EVENT_DESCRIBECONFIGS_RESULT, client_timeout(c), &ev,
                               what, err);
    if (rc == 0 && rd_kafka_event_error(ev)) {
        rc = client_err(c, err, rd_kafka_event_error(ev), what, rd_kafka_event_error_string(ev));
    } else if (rc == 0) {
        size_t cnt;
        const rd_kafka_ConfigResource_t **rr = rd_kafka_DescribeConfigs_result_resources(
            rd_kafka_event_DescribeConfigs_result(ev), &cnt);
        if (cnt < 1) {
            rc = ks_err(err, "%s: empty answer", what);
        } else if (rd_kafka_ConfigResource_error(rr[0])) {
            rc = client_err(c, err, rd_kafka_ConfigResource_error(rr[0]), what,
                            rd_kafka_ConfigResource_error_string(rr[0]));
        } else {
            size_t ncfg;
            const rd_kafka_ConfigEntry_t **ents = rd_kafka_ConfigResource_configs(rr[0], &ncfg);
            *out = xcalloc(ncfg ? ncfg : 1, sizeof **out);
            for (size_t i = 0; i < ncfg; i++) {
                ks_config_entry_t *e = &(*out)[i];
                e->name = xstrdup(rd_kafka_ConfigEntry_name(ents[i]));
                e->sensitive = rd_kafka_ConfigEntry_is_sensitive(ents[i]);
                e->value = e->sensitive ? NULL : xstrdup(rd_kafka_ConfigEntry_value(ents[i]));
                e->source = xstrdup(rd_kafka_ConfigSource_name(rd_kafka_ConfigEntry_source(ents[i])));
                e->is_default = rd_kafka_ConfigEntry_is_default(ents[i]);
                e->read_only = rd_kafka_ConfigEntry_is_read_only(ents[i]);
            }
            *n = (int)ncfg;
            qsort(*out, ncfg, sizeof **out, cmp_entry);
        }
    }
    if (ev)
        rd_kafka_event_destroy(ev);
    rd_kafka_AdminOptions_destroy(o);
    rd_kafka_queue_destroy(q);
    rd_kafka_ConfigResource_destroy(res);
    return rc;
}

void admin_config_entries_free(ks_config_entry_t *e, int n)
{
    for (int i = 0; i < n; i++) {
        free(e[i].name);
        free(e[i].value);
        free(e[i].source);
    }
    free(e);
}
