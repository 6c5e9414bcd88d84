#include "base/dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

bool dynlib_load(const char *const *sonames, size_t nsonames, const dynlib_sym_t *syms,
                 size_t nsyms, char *why, size_t why_size)
{
    void *lib = NULL;
    for (size_t i = 0; !lib && i < nsonames; i++) {
        lib = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
        /* the first name's failure is the one that says what is wrong */
        if (!lib && i == 0)
            snprintf(why, why_size, "%s", dlerror());
    }
    if (!lib)
        return false;
    for (size_t i = 0; i < nsyms; i++) {
        void *sym = dlsym(lib, syms[i].name);
        if (!sym) {
            snprintf(why, why_size, "the library has no %s (too old or foreign?)", syms[i].name);
            return false; /* it stays loaded: unloading it is not worth the risk */
        }
        /* POSIX guarantees a data pointer from dlsym converts to a function
         * pointer; memcpy says so without a cast the compiler would flag. */
        memcpy(syms[i].slot, &sym, sizeof sym);
    }
    return true;
}
