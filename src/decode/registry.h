/* Schema Registry client (Confluent REST API, also served by Karapace and
 * Apicurio's ccompat API) over libcurl: schemas by id in a bounded cache,
 * subjects, versions, registration. A registry that is down or slow costs one
 * short timeout, then fails fast (negative cache, backoff) until it is due
 * to be tried again, so a tail keeps running and resumes decoding when the
 * registry answers. Thread-safe. */
#ifndef KS_REGISTRY_H
#define KS_REGISTRY_H

#include <jansson.h>
#include <stdint.h>

#include "decode/avro/kavro.h"
#include "http/http.h"

typedef struct ks_registry ks_registry_t;

/* Where the registry is: the schema.registry.* settings (owned by the
 * session's config; the decoders read them when they first need them). */
typedef struct ks_registry_conf {
    char *url;      /* schema.registry.url */
    char *auth;     /* schema.registry.basic.auth.user.info (user:pass) */
    int timeout_ms; /* schema.registry.timeout.ms: one registry request */
} ks_registry_conf_t;

#define REGISTRY_CACHE_MAX 256

/* url: base URL (may carry a path, e.g. .../apis/ccompat/v7); userinfo:
 * "user:password" for HTTP basic auth, or NULL. */
ks_registry_t *registry_new(const char *url, const char *userinfo, int timeout_ms);
void registry_free(ks_registry_t *r);

/* The Avro schema registered under id. *out holds a reference: release it
 * with kavro_schema_free. */
int registry_schema_by_id(ks_registry_t *r, int32_t id, kavro_schema_t **out, char *err);

/* The registry's answer to GET /schemas/ids/ID (HTTP status, body parsed
 * as JSON or NULL) turned into a schema or a message; separate from the
 * request so that the fuzz target can feed it any answer. */
int registry_schema_answer(const ks_http_t *h, int32_t id, int status, json_t *body,
                           kavro_schema_t **out, char *err);

/* GET /subjects: a JSON array of names. */
int registry_subjects(ks_registry_t *r, json_t **out, char *err);
/* GET /subjects/S/versions: a JSON array of version numbers. */
int registry_versions(ks_registry_t *r, const char *subject, json_t **out, char *err);
/* GET /subjects/S/versions/V (V: a number or "latest"): {subject, version,
 * id, schema[, schemaType]}. */
int registry_subject_version(ks_registry_t *r, const char *subject, const char *version,
                             json_t **out, char *err);
/* POST /subjects/S/versions: registers (or finds) the schema; *id its id. */
int registry_register(ks_registry_t *r, const char *subject, const char *schema_text,
                      int32_t *id, char *err);

#endif
