/* libFuzzer: the sanitizer, against its contract on every input. Whatever
 * the bytes, what sanitize_append (and sanitize_json_append) returns
 *   - holds no ESC, no other C0 control, no DEL, no C1 control;
 *   - holds no bidi override or isolate (they reorder what the terminal shows);
 *   - is valid UTF-8;
 * and text_fit never returns more display width than it was asked for.
 * The UTF-8 check here is written apart from sanitize.c's on purpose. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"

/* Strict UTF-8 (no overlongs, no surrogates, <= U+10FFFF): the length of
 * the sequence at p, or 0. */
static size_t utf8_seq(const unsigned char *p, size_t n, uint32_t *cp)
{
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    size_t len = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc0 ? 2 : 0;
    if (!len || len > n || p[0] > 0xf4)
        return 0;
    uint32_t c = p[0] & (0x7f >> len);
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (p[i] & 0x3f);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

static int forbidden(uint32_t c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||     /* C0, DEL, C1 */
           (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || /* bidi */
           c == 0x200e || c == 0x200f || c == 0x061c;               /* marks */
}

static void check_contract(const strbuf_t *sb)
{
    const unsigned char *p = (const unsigned char *)sb->buf;
    for (size_t i = 0; i < sb->len;) {
        uint32_t c;
        size_t n = utf8_seq(p + i, sb->len - i, &c);
        if (!n || forbidden(c))
            abort();
        i += n;
    }
}

static void check_fit(const char *s, int cols)
{
    int width = -1;
    size_t len = text_fit(s, cols, &width);
    if (len > strlen(s) || width < 0 || width > cols)
        abort();
    char *prefix = strndup(s, len);
    if (text_width(prefix) > cols)
        abort();
    free(prefix);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int cols = data[0] % 100; /* the width asked for, 0..99 */
    data++;
    size--;
    strbuf_t sb;
    sb_init(&sb);
    sanitize_append(&sb, data, size);
    check_contract(&sb);
    check_fit(sb.buf ? sb.buf : "", cols);
    sb_free(&sb);

    sb_init(&sb);
    char *text = strndup((const char *)data, size); /* what a C string of it holds */
    sanitize_json_append(&sb, text, strlen(text));
    check_contract(&sb);
    check_fit(sb.buf ? sb.buf : "", cols);
    sb_free(&sb);
    char *safe = sanitize_str(text);
    strbuf_t one = {.buf = safe, .len = strlen(safe)};
    check_contract(&one);
    free(safe);
    free(text);
    return 0;
}
