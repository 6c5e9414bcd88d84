/* See wrap.h. */
#include "base/wrap.h"

#include <stdint.h>
#include <string.h>

#include "base/sanitize.h"

size_t wrap_line(const char *text, int width, bool words)
{
    size_t len = text_fit(text, width < 1 ? 1 : width, NULL);
    const char *nl = memchr(text, '\n', len);
    if (nl)
        return (size_t)(nl - text);
    if (len == 0) { /* a character wider than the line goes alone */
        if (!text[0] || text[0] == '\n')
            return 0;
        uint32_t cp;
        size_t n = utf8_decode((const unsigned char *)text, strlen(text), &cp);
        return n ? n : 1;
    }
    if (words && text[len] && text[len] != ' ' && text[len] != '\n') {
        size_t cut = len;
        while (cut > 0 && text[cut] != ' ')
            cut--;
        if (cut > 0)
            len = cut;
    }
    return len;
}

const char *wrap_rest(const char *after)
{
    while (*after == ' ')
        after++;
    if (*after == '\n')
        after++;
    return after;
}
