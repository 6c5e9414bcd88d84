#include "libcurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* The soname libcurl has kept since 2006, then Debian's GnuTLS flavour. */
static const char *const SONAMES[] = {"libcurl.so.4", "libcurl-gnutls.so.4"};

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static ks_curl_t funcs;
static const ks_curl_t *loaded;
static char load_error[256];

/* Each function pointer is set from the symbol of the same name; a missing
 * one makes the library unusable (it would be an ancient or foreign one). */
static bool resolve(void *lib, void *slot, const char *name)
{
    void *sym = dlsym(lib, name);
    if (!sym) {
        snprintf(load_error, sizeof load_error, "libcurl has no %s", name);
        return false;
    }
    /* POSIX guarantees a data pointer from dlsym converts to a function
     * pointer; memcpy says so without a cast the compiler would flag. */
    memcpy(slot, &sym, sizeof sym);
    return true;
}

static void load(void)
{
    void *lib = NULL;
    for (size_t i = 0; !lib && i < sizeof SONAMES / sizeof *SONAMES; i++) {
        lib = dlopen(SONAMES[i], RTLD_NOW | RTLD_LOCAL);
        /* the first name's failure is the one that says what is wrong */
        if (!lib && i == 0)
            snprintf(load_error, sizeof load_error, "%s (install libcurl4)", dlerror());
    }
    if (!lib)
        return;
    CURLcode (*global_init)(long) = NULL;
    if (!resolve(lib, &global_init, "curl_global_init") ||
        !resolve(lib, &funcs.easy_init, "curl_easy_init") ||
        !resolve(lib, &funcs.easy_setopt, "curl_easy_setopt") ||
        !resolve(lib, &funcs.easy_perform, "curl_easy_perform") ||
        !resolve(lib, &funcs.easy_getinfo, "curl_easy_getinfo") ||
        !resolve(lib, &funcs.easy_cleanup, "curl_easy_cleanup") ||
        !resolve(lib, &funcs.easy_strerror, "curl_easy_strerror") ||
        !resolve(lib, &funcs.slist_append, "curl_slist_append") ||
        !resolve(lib, &funcs.slist_free_all, "curl_slist_free_all"))
        return; /* the library stays loaded: unloading it is not worth the risk */
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
        ks_err(err, "HTTP needs libcurl, which could not be loaded: %s", load_error);
    return loaded;
}
