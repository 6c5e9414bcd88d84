/* Admin requests: configs now; topic and group changes build on the same
 * helpers. Each call is bounded by the configured timeout. */
#ifndef KS_ADMIN_H
#define KS_ADMIN_H

#include <stdbool.h>

#include "client.h"

typedef struct {
    char *name;
    char *value;       /* NULL for sensitive or unset values */
    char *source;      /* e.g. DYNAMIC_TOPIC_CONFIG, DEFAULT_CONFIG */
    bool is_default;
    bool sensitive;
    bool read_only;
} ks_config_entry_t;

typedef enum { ADMIN_TOPIC, ADMIN_BROKER } admin_resource_t;

/* DescribeConfigs for one topic or broker, sorted by name. */
int admin_describe_configs(ks_client_t *c, admin_resource_t type, const char *name,
                           ks_config_entry_t **out, int *n, char *err);
void admin_config_entries_free(ks_config_entry_t *e, int n);

#endif
