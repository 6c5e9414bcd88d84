/* libcurl, loaded the first time a command needs HTTP (Schema Registry,
 * Kafka Connect, the lab's Connect probe).
 *
 * Why not link it: libcurl brings about twenty shared libraries (GnuTLS,
 * LDAP, Kerberos, SSH...) whose loading and constructors cost every
 * kafscope process about 4 MiB and several milliseconds, although most
 * commands (produce, tail, topics...) never speak HTTP. Only the headers
 * are compiled in; the functions come from the library's stable soname. */
#ifndef KS_LIBCURL_H
#define KS_LIBCURL_H

#include <curl/curl.h>

typedef struct {
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *c, CURLoption opt, ...);
    CURLcode (*easy_perform)(CURL *c);
    CURLcode (*easy_getinfo)(CURL *c, CURLINFO info, ...);
    void (*easy_cleanup)(CURL *c);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
    void (*slist_free_all)(struct curl_slist *list);
} ks_curl_t;

/* The functions, with curl_global_init done: loaded once, thread-safe.
 * NULL with err set (naming the library and why) when it cannot be loaded. */
const ks_curl_t *libcurl(char *err);

#endif
