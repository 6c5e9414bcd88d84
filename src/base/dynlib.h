/* Shared libraries kafscope loads the first time they are needed instead of
 * linking them (libcurl, avro-c): their dependencies would otherwise load
 * into, and their constructors run in, every process. The callers keep the
 * loaded table for the process's life; a library is never unloaded. */
#ifndef KS_DYNLIB_H
#define KS_DYNLIB_H

#include <stdbool.h>
#include <stddef.h>

/* One function to resolve: its name in the library, and where its pointer goes. */
typedef struct {
    const char *name;
    void *slot; /* the address of a function pointer of the right type */
} dynlib_sym_t;

/* Opens the first of SONAMES that loads and fills every slot of SYMS.
 * On failure says why in WHY (the first soname's loader error, or the
 * missing function) and returns false; slots may then be partly filled. */
bool dynlib_load(const char *const *sonames, size_t nsonames, const dynlib_sym_t *syms,
                 size_t nsyms, char *why, size_t why_size);

#endif
