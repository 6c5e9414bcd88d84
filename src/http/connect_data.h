/* What Kafka Connect's JSON means, without any I/O (so it is unit tested and
 * fuzzed): connector summaries from the expanded list, connector configs
 * read from files, secret masking, validation errors.
 *
 * Everything here takes untrusted JSON and never crashes on an unexpected
 * shape: missing or mistyped fields become null or "?". Threading: pure
 * functions. Ownership: returned json_t and strings are the caller's. */
#ifndef KS_CONNECT_DATA_H
#define KS_CONNECT_DATA_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* One row per connector of GET /connectors?expand=status&expand=info whose
 * name matches glob (NULL: all), sorted by name: {name, type, state,
 * tasks_running, tasks_failed, tasks_total, topics, worker}. */
json_t *connect_summary_rows(json_t *expanded, const char *glob);

/* The topics a connector's config names (topic, topics, topics.regex), as
 * one string, or "" when none. */
const char *connect_config_topics(json_t *config);

/* True for connector config keys whose values are never shown: kafscope's
 * secret words (is_secret_key: password, secret, token, ...) and keys
 * whose last dotted part ends in "key" (api.key, aws.secret.access.key),
 * but not key.converter and the like. */
bool connect_key_is_secret(const char *key);

/* A copy of config with every secret value replaced by "********". */
json_t *connect_config_masked(json_t *config);

/* Reads a connector config from text: JSON {"name": N, "config": {...}} or a
 * flat JSON map, or (properties true) key=value lines. Values become strings
 * (Connect's configs are strings). *name gets the name the file gives (NULL
 * if none). Returns 0 and *config, or -1 with err. */
int connect_config_parse(const char *text, size_t len, bool properties, char **name,
                         json_t **config, char *err);

/* From PUT .../config/validate: [{field, value, errors: [..]}] for every
 * field with an error (an empty array when none). */
json_t *connect_validation_errors(json_t *validate);

/* The failing parts of a status: [{task ("connector" or the id), state,
 * trace}] for the connector and every task with a trace. */
json_t *connect_status_traces(json_t *status);

#endif
