#include "http.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "util.h"

/* Answers larger than this are refused rather than buffered. */
#define RESPONSE_MAX (16 << 20)
/* Connecting is bounded separately, so a dead host fails fast even with a
 * long request timeout. */
#define CONNECT_TIMEOUT_MAX_MS 3000

struct ks_http {
    char *service, *url, *userinfo, *accept_hdr, *content_type_hdr;
    char *ca_file, *cert_file, *key_file, *key_password;
    bool insecure;
    int timeout_ms;
    volatile sig_atomic_t *cancel;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

static char *dup_or_null(const char *s) { return s && *s ? xstrdup(s) : NULL; }

ks_http_t *http_new(const ks_http_opts_t *o)
{
    pthread_once(&curl_once, curl_init);
    ks_http_t *h = xcalloc(1, sizeof *h);
    h->service = xstrdup(o->service ? o->service : "HTTP service");
    size_t len = strlen(o->url);
    while (len > 0 && o->url[len - 1] == '/')
        len--;
    h->url = xstrndup(o->url, len);
    h->userinfo = dup_or_null(o->userinfo);
    h->accept_hdr = xasprintf("Accept: %s", o->accept ? o->accept : "application/json");
    h->content_type_hdr =
        xasprintf("Content-Type: %s", o->content_type ? o->content_type : "application/json");
    h->ca_file = dup_or_null(o->ca_file);
    h->cert_file = dup_or_null(o->cert_file);
    h->key_file = dup_or_null(o->key_file);
    h->key_password = dup_or_null(o->key_password);
    h->insecure = o->insecure;
    h->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 2000;
    h->cancel = o->cancel;
    return h;
}

void http_free(ks_http_t *h)
{
    if (!h)
        return;
    free(h->service);
    free(h->url);
    free(h->userinfo);
    free(h->accept_hdr);
    free(h->content_type_hdr);
    free(h->ca_file);
    free(h->cert_file);
    free(h->key_file);
    free(h->key_password);
    free(h);
}

const char *http_url(const ks_http_t *h) { return h->url; }

static size_t on_body(char *p, size_t size, size_t nmemb, void *opaque)
{
    strbuf_t *sb = opaque;
    size_t n = size * nmemb;
    if (sb->len + n > RESPONSE_MAX)
        return 0;
    sb_add(sb, p, n);
    return n;
}

/* Progress callback: a non-zero return aborts the transfer. */
static int on_progress(void *opaque, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    (void)dt, (void)dn, (void)ut, (void)un;
    const ks_http_t *h = opaque;
    return h->cancel && *h->cancel;
}

static void set_tls(CURL *c, const ks_http_t *h)
{
    if (h->ca_file)
        curl_easy_setopt(c, CURLOPT_CAINFO, h->ca_file);
    if (h->cert_file)
        curl_easy_setopt(c, CURLOPT_SSLCERT, h->cert_file);
    if (h->key_file)
        curl_easy_setopt(c, CURLOPT_SSLKEY, h->key_file);
    if (h->key_password)
        curl_easy_setopt(c, CURLOPT_KEYPASSWD, h->key_password);
    if (h->insecure) {
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
}

int http_request(ks_http_t *h, const char *method, const char *path, const char *payload,
                 json_t **body, char *err)
{
    *body = NULL;
    CURL *c = curl_easy_init();
    if (!c)
        return ks_err(err, "%s: cannot create an HTTP handle", h->service);
    char *url = xasprintf("%s%s", h->url, path);
    strbuf_t resp;
    sb_init(&resp);
    struct curl_slist *hdrs = curl_slist_append(NULL, h->accept_hdr);
    if (payload)
        hdrs = curl_slist_append(hdrs, h->content_type_hdr);
    long connect_ms = h->timeout_ms < CONNECT_TIMEOUT_MAX_MS ? h->timeout_ms : CONNECT_TIMEOUT_MAX_MS;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)h->timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, h);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_USERAGENT, "kafscope");
    set_tls(c, h);
    if (h->userinfo) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(c, CURLOPT_USERPWD, h->userinfo);
    }
    if (strcmp(method, "GET"))
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (payload)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
    CURLcode cc = curl_easy_perform(c);
    int rc;
    if (cc == CURLE_ABORTED_BY_CALLBACK) {
        rc = ks_err(err, "%s %s: interrupted", h->service, h->url);
    } else if (cc != CURLE_OK) {
        rc = ks_err(err, "%s %s unreachable: %s", h->service, h->url, curl_easy_strerror(cc));
    } else {
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        rc = (int)status;
        if (resp.len)
            *body = json_loadb(resp.buf, resp.len, JSON_DECODE_ANY, NULL);
    }
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
    free(url);
    sb_free(&resp);
    return rc;
}

int http_status_error(const ks_http_t *h, int status, json_t *body, const char *what, char *err)
{
    const char *msg = json_string_value(json_object_get(body, "message"));
    char *safe = msg ? sanitize_str(msg) : NULL;
    if (status == 401 || status == 403)
        ks_err(err, "%s: %s %s refused the credentials (HTTP %d)%s%s", what, h->service, h->url,
               status, safe ? ": " : "", safe ? safe : "");
    else if (safe)
        ks_err(err, "%s: %s (HTTP %d from %s %s)", what, safe, status, h->service, h->url);
    else
        ks_err(err, "%s: HTTP %d from %s %s", what, status, h->service, h->url);
    free(safe);
    return -1;
}

char *http_escape(const char *s)
{
    char *e = curl_easy_escape(NULL, s, 0);
    char *copy = xstrdup(e ? e : "");
    curl_free(e);
    return copy;
}
