/* dynlib_load: the first soname that loads is used, every function is
 * resolved or the load fails, and the failure says why. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/dynlib.h"

int main(void)
{
    char why[256];
    size_t (*len)(const char *) = NULL;
    int (*absolute)(int) = NULL;
    const dynlib_sym_t syms[] = {{"strlen", &len}, {"abs", &absolute}};

    /* a name that is not there, then libc: libc's functions, and they work */
    const char *const names[] = {"libkafscope-missing.so.9", "libc.so.6"};
    why[0] = '\0';
    CHECK(dynlib_load(names, 2, syms, 2, why, sizeof why));
    CHECK(len && len("kafka") == 5);
    CHECK(absolute && absolute(-3) == 3);

    /* nothing loads: the first name's loader error is the reason */
    const char *const none[] = {"libkafscope-missing.so.9", "libkafscope-gone.so.1"};
    CHECK(!dynlib_load(none, 2, syms, 2, why, sizeof why));
    CHECK(strstr(why, "libkafscope-missing.so.9") != NULL);

    /* a function the library lacks fails the whole load, naming it */
    void (*ghost)(void) = NULL;
    const dynlib_sym_t missing[] = {{"strlen", &len}, {"kafscope_no_such_function", &ghost}};
    CHECK(!dynlib_load(names + 1, 1, missing, 2, why, sizeof why));
    CHECK(strstr(why, "kafscope_no_such_function") != NULL);
    CHECK(ghost == NULL);
    return check_summary();
}
