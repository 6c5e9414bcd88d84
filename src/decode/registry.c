#include "decode/registry.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "base/util.h"

/* A registry that did not answer is not asked again before this much time
 * has passed; the wait doubles on each failure up to the maximum. */
#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 30000
/* An id the registry said does not exist is asked again after this. */
#define NOT_FOUND_TTL_MS 30000
/* Different ids fetched at once (one per decoding thread at most); more
 * wait for a free place. */
#define REGISTRY_INFLIGHT_MAX 16

typedef struct {
    int32_t id;
    kavro_schema_t *schema; /* NULL: a negative entry */
    char *error;
    int64_t expires;        /* negative entries only (mono ms) */
    uint64_t used;          /* LRU tick */
} entry_t;

struct ks_registry {
    pthread_mutex_t lock;
    ks_http_t *http;
    entry_t cache[REGISTRY_CACHE_MAX];
    int ncache;
    uint64_t tick;
    /* the registry as a whole: unreachable until this time */
    int64_t down_until;
    int backoff_ms;
    char down_error[KS_ERRLEN];
    /* Single flight: the ids being fetched now. A lookup of one of them
     * waits on fetched for that request instead of sending its own. */
    int32_t inflight[REGISTRY_INFLIGHT_MAX];
    int ninflight;
    pthread_cond_t fetched;
};

ks_registry_t *registry_new(const char *url, const char *userinfo, int timeout_ms)
{
    ks_registry_t *r = xcalloc(1, sizeof *r);
    pthread_mutex_init(&r->lock, NULL);
    ks_http_opts_t o = {
        .service = "schema registry",
        .url = url,
        .userinfo = userinfo,
        .accept = "application/vnd.schemaregistry.v1+json, application/json",
        .content_type = "application/vnd.schemaregistry.v1+json",
        .timeout_ms = timeout_ms > 0 ? timeout_ms : 2000,
    };
    r->http = http_new(&o);
    pthread_cond_init(&r->fetched, NULL);
    return r;
}

static void entry_clear(entry_t *e)
{
    kavro_schema_free(e->schema);
    free(e->error);
    memset(e, 0, sizeof *e);
}

void registry_free(ks_registry_t *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->ncache; i++)
        entry_clear(&r->cache[i]);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->fetched);
    http_free(r->http);
    free(r);
}

/* Requests with the whole-registry backoff applied: while the registry is
 * down, fail fast with the last error. Called with the lock held; the lock
 * is released during the request. */
static int request(ks_registry_t *r, const char *method, const char *path, const char *payload,
                   json_t **body, char *err)
{
    *body = NULL;
    int64_t now = mono_ms();
    if (now < r->down_until) {
        return ks_err(err, "%s (next try in %.1f s)", r->down_error,
                      (double)(r->down_until - now) / 1000.0);
    }
    pthread_mutex_unlock(&r->lock);
    int status = http_request(r->http, method, path, payload, body, err);
    pthread_mutex_lock(&r->lock);
    if (status < 0) {
        r->backoff_ms = r->backoff_ms ? r->backoff_ms * 2 : BACKOFF_MIN_MS;
        if (r->backoff_ms > BACKOFF_MAX_MS)
            r->backoff_ms = BACKOFF_MAX_MS;
        r->down_until = mono_ms() + r->backoff_ms;
        snprintf(r->down_error, sizeof r->down_error, "%s", err);
        return -1;
    }
    r->backoff_ms = 0;
    r->down_until = 0;
    return status;
}

static entry_t *find(ks_registry_t *r, int32_t id)
{
    for (int i = 0; i < r->ncache; i++)
        if (r->cache[i].id == id)
            return &r->cache[i];
    return NULL;
}

static entry_t *slot(ks_registry_t *r, int32_t id)
{
    entry_t *e = find(r, id);
    if (!e && r->ncache < REGISTRY_CACHE_MAX)
        e = &r->cache[r->ncache++];
    if (!e) { /* evict the least recently used */
        e = &r->cache[0];
        for (int i = 1; i < r->ncache; i++)
            if (r->cache[i].used < e->used)
                e = &r->cache[i];
    }
    entry_clear(e);
    e->id = id;
    e->used = ++r->tick;
    return e;
}

int registry_schema_answer(const ks_http_t *h, int32_t id, int status, json_t *body,
                           kavro_schema_t **out, char *err)
{
    *out = NULL;
    if (status / 100 != 2) {
        char what[64];
        snprintf(what, sizeof what, "schema id %d", (int)id);
        return http_status_error(h, status, body, what, err);
    }
    const char *text = json_string_value(json_object_get(body, "schema"));
    const char *type = json_string_value(json_object_get(body, "schemaType"));
    char e2[KS_ERRLEN];
    if (type && strcmp(type, "AVRO"))
        return ks_err(err, "schema id %d is %s; kafscope decodes Avro only", (int)id, type);
    if (!text)
        return ks_err(err, "schema id %d: the registry's answer has no \"schema\"", (int)id);
    if (!(*out = kavro_schema_parse(text, strlen(text), e2)))
        return ks_err(err, "schema id %d: %s", (int)id, e2);
    return 0;
}

static int inflight_index(const ks_registry_t *r, int32_t id)
{
    for (int i = 0; i < r->ninflight; i++)
        if (r->inflight[i] == id)
            return i;
    return -1;
}

int registry_schema_by_id(ks_registry_t *r, int32_t id, kavro_schema_t **out, char *err)
{
    *out = NULL;
    pthread_mutex_lock(&r->lock);
    /* Another thread fetching this id (or every place taken): wait for it,
     * then look at the cache again. */
    while (r->ninflight == REGISTRY_INFLIGHT_MAX || inflight_index(r, id) >= 0)
        pthread_cond_wait(&r->fetched, &r->lock);
    entry_t *e = find(r, id);
    if (e && e->schema) {
        e->used = ++r->tick;
        *out = kavro_schema_ref(e->schema);
        pthread_mutex_unlock(&r->lock);
        return 0;
    }
    if (e && mono_ms() < e->expires) {
        ks_err(err, "%s", e->error);
        pthread_mutex_unlock(&r->lock);
        return -1;
    }
    char path[64];
    snprintf(path, sizeof path, "/schemas/ids/%d", (int)id);
    json_t *body;
    r->inflight[r->ninflight++] = id;
    int status = request(r, "GET", path, NULL, &body, err);
    int at = inflight_index(r, id);
    r->inflight[at] = r->inflight[--r->ninflight];
    pthread_cond_broadcast(&r->fetched);
    int rc = -1;
    if (status < 0) {
        /* not cached per id: the whole-registry backoff covers it */
    } else {
        kavro_schema_t *s = NULL;
        registry_schema_answer(r->http, id, status, body, &s, err);
        /* an id the registry does not know, or cannot give as Avro, is
         * remembered for a while: the answer will not change soon */
        entry_t *n = slot(r, id);
        if (s) {
            n->schema = s;
            *out = kavro_schema_ref(s);
            rc = 0;
        } else {
            n->error = xstrdup(err);
            n->expires = mono_ms() + NOT_FOUND_TTL_MS;
        }
    }
    json_decref(body);
    pthread_mutex_unlock(&r->lock);
    return rc;
}

static int get_json(ks_registry_t *r, const char *path, const char *what, json_t **out, char *err)
{
    *out = NULL;
    pthread_mutex_lock(&r->lock);
    json_t *body;
    int status = request(r, "GET", path, NULL, &body, err);
    pthread_mutex_unlock(&r->lock);
    if (status < 0)
        return -1;
    if (status / 100 != 2) {
        http_status_error(r->http, status, body, what, err);
        json_decref(body);
        return -1;
    }
    if (!body) {
        return ks_err(err, "%s: the registry's answer is not JSON", what);
    }
    *out = body;
    return 0;
}

int registry_subjects(ks_registry_t *r, json_t **out, char *err)
{
    if (get_json(r, "/subjects", "subjects", out, err))
        return -1;
    if (!json_is_array(*out)) {
        json_decref(*out);
        *out = NULL;
        return ks_err(err, "subjects: expected a JSON array from the registry");
    }
    return 0;
}

int registry_versions(ks_registry_t *r, const char *subject, json_t **out, char *err)
{
    char *s = http_escape(subject);
    char *path = xasprintf("/subjects/%s/versions", s);
    char *what = xasprintf("subject '%s'", subject);
    int rc = get_json(r, path, what, out, err);
    free(s);
    free(path);
    free(what);
    return rc;
}

int registry_subject_version(ks_registry_t *r, const char *subject, const char *version,
                             json_t **out, char *err)
{
    char *s = http_escape(subject), *v = http_escape(version ? version : "latest");
    char *path = xasprintf("/subjects/%s/versions/%s", s, v);
    char *what = xasprintf("subject '%s' version %s", subject, version ? version : "latest");
    int rc = get_json(r, path, what, out, err);
    if (rc == 0 && !json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        rc = ks_err(err, "%s: expected a JSON object from the registry", what);
    }
    free(s);
    free(v);
    free(path);
    free(what);
    return rc;
}

int registry_register(ks_registry_t *r, const char *subject, const char *schema_text, int32_t *id,
                      char *err)
{
    char *s = http_escape(subject);
    char *path = xasprintf("/subjects/%s/versions", s);
    json_t *req = json_pack("{s:s}", "schema", schema_text);
    char *payload = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    pthread_mutex_lock(&r->lock);
    json_t *body;
    int status = request(r, "POST", path, payload, &body, err);
    pthread_mutex_unlock(&r->lock);
    int rc = -1;
    char *what = xasprintf("registering a schema under subject '%s'", subject);
    if (status >= 0 && status / 100 != 2) {
        http_status_error(r->http, status, body, what, err);
    } else if (status >= 0) {
        json_t *jid = json_object_get(body, "id");
        if (!json_is_integer(jid))
            ks_err(err, "%s: the registry's answer has no id", what);
        else {
            *id = (int32_t)json_integer_value(jid);
            rc = 0;
        }
    }
    json_decref(body);
    free(what);
    free(payload);
    free(path);
    free(s);
    return rc;
}
