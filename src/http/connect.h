/* Kafka Connect REST client: connectors with their status, configs,
 * validation, creation, pause/resume/stop/restart/delete, plugins. Built on
 * the shared HTTP client (http.h). A worker that answers 409 (rebalancing)
 * is asked again for a short while before the error is reported. Everything
 * returned is the worker's JSON, untrusted: sanitize before printing.
 *
 * Threading: a ks_connect_t is immutable after connect_new; any thread may
 * call any function at any time. Ownership: json_t **out is the caller's. */
#ifndef KS_CONNECT_H
#define KS_CONNECT_H

#include <jansson.h>
#include <stdbool.h>

#include "http/http.h"

typedef struct ks_connect ks_connect_t;

/* o->url is the worker's REST URL; o->service, accept and content_type are
 * set by connect_new. */
ks_connect_t *connect_new(const ks_http_opts_t *o);
void connect_free(ks_connect_t *c);
const char *connect_url(const ks_connect_t *c);

/* GET /connectors?expand=status&expand=info: {NAME: {info, status}}. */
int connect_list(ks_connect_t *c, json_t **out, char *err);
/* GET /connectors/NAME: {name, config, tasks, type}. */
int connect_info(ks_connect_t *c, const char *name, json_t **out, char *err);
/* GET /connectors/NAME/status: {name, connector: {state, worker_id[, trace]},
 * tasks: [{id, state, worker_id[, trace]}], type}. */
int connect_status(ks_connect_t *c, const char *name, json_t **out, char *err);
/* PUT /connector-plugins/CLASS/config/validate: {error_count, configs: ...}. */
int connect_validate(ks_connect_t *c, const char *cls, json_t *config, json_t **out, char *err);
/* POST /connectors {name, config}. */
int connect_create(ks_connect_t *c, const char *name, json_t *config, char *err);
/* PUT /connectors/NAME/config: replaces the whole config. */
int connect_set_config(ks_connect_t *c, const char *name, json_t *config, char *err);
/* PUT /connectors/NAME/VERB, VERB: pause, resume or stop. */
int connect_state(ks_connect_t *c, const char *name, const char *verb, char *err);
/* POST /connectors/NAME/restart?includeTasks=..&onlyFailed=.. */
int connect_restart(ks_connect_t *c, const char *name, bool tasks, bool failed_only, char *err);
/* POST /connectors/NAME/tasks/ID/restart */
int connect_restart_task(ks_connect_t *c, const char *name, int task, char *err);
/* DELETE /connectors/NAME */
int connect_delete(ks_connect_t *c, const char *name, char *err);
/* GET /connector-plugins: [{class, type, version}]. */
int connect_plugins(ks_connect_t *c, json_t **out, char *err);

#endif
