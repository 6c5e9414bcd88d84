/* See colour.h. */
#include "core/colour.h"

#include <stdlib.h>

bool colour_allowed(void)
{
    const char *no = getenv("NO_COLOR");
    return !(no && *no);
}
