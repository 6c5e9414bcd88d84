#include "http/libcurl.h"

#include <pthread.h>
#include <stdio.h>

#include "base/dynlib.h"
#include "base/util.h"

/* The soname libcurl has kept since 2006, then Debian's GnuTLS flavour. */
static const char *const SONAMES[] = {"libcurl.so.4", "libcurl-gnutls.so.4"};

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static ks_curl_t funcs;
static const ks_curl_t *loaded;
static char load_error[256];

static void load(void)
{
    CURLcode (*global_init)(long) = NULL;
    const dynlib_sym_t syms[] = {
        {"curl_global_init", &global_init},
        {"curl_easy_init", &funcs.easy_init},
        {"curl_easy_setopt", &funcs.easy_setopt},
        {"curl_easy_perform", &funcs.easy_perform},
        {"curl_easy_getinfo", &funcs.easy_getinfo},
        {"curl_easy_cleanup", &funcs.easy_cleanup},
        {"curl_easy_strerror", &funcs.easy_strerror},
        {"curl_slist_append", &funcs.slist_append},
        {"curl_slist_free_all", &funcs.slist_free_all},
    };
    if (!dynlib_load(SONAMES, sizeof SONAMES / sizeof *SONAMES, syms, sizeof syms / sizeof *syms,
                     load_error, sizeof load_error))
        return;
    if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed");
        return;
    }
    loaded = &funcs;
}

const ks_curl_t *libcurl(char *err)
{
    pthread_once(&load_once, load);
    if (!loaded)
        ks_err(err, "HTTP needs libcurl (Debian: libcurl4), which could not be loaded: %s",
               load_error);
    return loaded;
}
