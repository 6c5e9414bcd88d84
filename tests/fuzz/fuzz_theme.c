/* libFuzzer: the theme file parser (the files in themes/, KAFSCOPE_THEMES, a
 * path in --theme). It either fails with a message or fills every slot
 * with colours in curses' range. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tui/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = strndup((const char *)data, size);
    theme_t t;
    memset(&t, 0, sizeof t);
    char err[256] = "";
    if (theme_parse(&t, text, err, sizeof err)) {
        if (!err[0])
            abort();
    } else {
        for (int i = 0; i < SLOT_COUNT; i++)
            if (t.fg[i] < -1 || t.fg[i] > 255 || t.bg[i] < -1 || t.bg[i] > 255)
                abort();
    }
    free(text);
    return 0;
}
