/* A small HTTP/JSON client over libcurl, shared by the Schema Registry and
 * Kafka Connect clients: a base URL, HTTP basic auth, TLS options, one
 * timeout per request, and errors that name the service, the URL and the
 * HTTP status. Prints nothing.
 *
 * Threading: an ks_http_t is immutable after http_new; every request uses
 * its own curl handle, so any number of threads may call http_request at
 * once. */
#ifndef KS_HTTP_H
#define KS_HTTP_H

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>

typedef struct {
    const char *service;      /* for messages: "schema registry", "Kafka Connect" */
    const char *url;          /* base URL, may carry a path; trailing '/' dropped */
    const char *userinfo;     /* "user:password" for basic auth, or NULL */
    const char *accept;       /* Accept header (default application/json) */
    const char *content_type; /* of request bodies (default application/json) */
    const char *ca_file;      /* PEM CA bundle to verify the server, or NULL */
    const char *cert_file;    /* PEM client certificate (mutual TLS), or NULL */
    const char *key_file;     /* its private key, or NULL */
    const char *key_password; /* the key's password, or NULL */
    bool insecure;            /* skip verifying the server's certificate and name */
    int timeout_ms;           /* one whole request (connect + transfer) */
    /* When set and non-zero, a running request is abandoned (Ctrl-C). */
    volatile sig_atomic_t *cancel;
} ks_http_opts_t;

typedef struct ks_http ks_http_t;

/* Copies everything it needs from o. */
ks_http_t *http_new(const ks_http_opts_t *o);
void http_free(ks_http_t *h);

/* The base URL (without a trailing '/'). */
const char *http_url(const ks_http_t *h);

/* One request to base URL + path (path starts with '/'); payload: a request
 * body or NULL. Returns the HTTP status (>= 100) with *body the answer parsed
 * as JSON (NULL when empty or not JSON), or -1 when the service could not be
 * reached or the request was cancelled (err names the service and URL). */
int http_request(ks_http_t *h, const char *method, const char *path, const char *payload,
                 json_t **body, char *err);

/* A non-2xx answer as a message for err: "WHAT: MESSAGE (HTTP S from SERVICE URL)"
 * with the service's own words when it sent {"message": ...} (the Confluent
 * and Connect REST error shape). The message is sanitized. Returns -1. */
int http_status_error(const ks_http_t *h, int status, json_t *body, const char *what, char *err);

/* A path segment percent-escaped. Caller frees. */
char *http_escape(const char *s);

#endif
