#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "http/libcurl.h"
#include "base/sanitize.h"
#include "base/util.h"

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

static char *dup_or_null(const char *s) { return s && *s ? xstrdup(s) : NULL; }

ks_http_t *http_new(const ks_http_opts_t *o)
{
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

static void set_tls(const ks_curl_t *cu, CURL *c, const ks_http_t *h)
{
    if (h->ca_file)
        cu->easy_setopt(c, CURLOPT_CAINFO, h->ca_file);
    if (h->cert_file)
        cu->easy_setopt(c, CURLOPT_SSLCERT, h->cert_file);
    if (h->key_file)
        cu->easy_setopt(c, CURLOPT_SSLKEY, h->key_file);
    if (h->key_password)
        cu->easy_setopt(c, CURLOPT_KEYPASSWD, h->key_password);
    if (h->insecure) {
        cu->easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        cu->easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
}

int http_request(ks_http_t *h, const char *method, const char *path, const char *payload,
                 json_t **body, char *err)
{
    *body = NULL;
    const ks_curl_t *cu = libcurl(err);
    if (!cu)
        return -1;
    CURL *c = cu->easy_init();
    if (!c)
        return ks_err(err, "%s: cannot create an HTTP handle", h->service);
    char *url = xasprintf("%s%s", h->url, path);
    strbuf_t resp;
    sb_init(&resp);
    struct curl_slist *hdrs = cu->slist_append(NULL, h->accept_hdr);
    if (payload)
        hdrs = cu->slist_append(hdrs, h->content_type_hdr);
    long connect_ms = h->timeout_ms < CONNECT_TIMEOUT_MAX_MS ? h->timeout_ms : CONNECT_TIMEOUT_MAX_MS;
    cu->easy_setopt(c, CURLOPT_URL, url);
    cu->easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    cu->easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)h->timeout_ms);
    cu->easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    cu->easy_setopt(c, CURLOPT_WRITEDATA, &resp);
    cu->easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    cu->easy_setopt(c, CURLOPT_XFERINFODATA, h);
    cu->easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    cu->easy_setopt(c, CURLOPT_USERAGENT, "kafscope");
    set_tls(cu, c, h);
    if (h->userinfo) {
        cu->easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        cu->easy_setopt(c, CURLOPT_USERPWD, h->userinfo);
    }
    if (strcmp(method, "GET"))
        cu->easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (payload)
        cu->easy_setopt(c, CURLOPT_POSTFIELDS, payload);
    CURLcode cc = cu->easy_perform(c);
    int rc;
    if (cc == CURLE_ABORTED_BY_CALLBACK) {
        rc = ks_err(err, "%s %s: interrupted", h->service, h->url);
    } else if (cc != CURLE_OK) {
        rc = ks_err(err, "%s %s unreachable: %s", h->service, h->url, cu->easy_strerror(cc));
    } else {
        long status = 0;
        cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        rc = (int)status;
        if (resp.len)
            *body = json_loadb(resp.buf, resp.len, JSON_DECODE_ANY, NULL);
    }
    cu->slist_free_all(hdrs);
    cu->easy_cleanup(c);
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
    /* RFC 3986: unreserved characters stay, every other byte is %XX. */
    static const char HEX[] = "0123456789ABCDEF";
    strbuf_t out;
    sb_init(&out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool unreserved = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                          (*p >= '0' && *p <= '9') || strchr("-._~", *p);
        if (unreserved) {
            sb_addc(&out, (char)*p);
        } else {
            sb_addc(&out, '%');
            sb_addc(&out, HEX[*p >> 4]);
            sb_addc(&out, HEX[*p & 15]);
        }
    }
    return sb_steal(&out);
}
