#include "base/sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

size_t utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned char c = p[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    /* Overlong forms, UTF-16 surrogates and values past Unicode are invalid. */
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

bool utf8_valid(const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i = 0;
    uint32_t cp;
    while (i < n) {
        /* Most payloads are ASCII: skip 8 bytes at a time while no byte has
         * its high bit set. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (!len)
            return false;
        i += len;
    }
    return true;
}

/* Code points that reorder or hide text: bidi embeddings, overrides, isolates. */
static bool is_bidi_control(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

static int cp_width(uint32_t cp)
{
    return wcwidth((wchar_t)cp);
}

void sanitize_append(strbuf_t *out, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i = 0;
    char esc[16];
    while (i < n) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (!len) {
            snprintf(esc, sizeof esc, "\\x%02X", s[i]);
            sb_adds(out, esc);
            i++;
            continue;
        }
        if (cp < 0x20 || cp == 0x7F) {
            switch (cp) {
            case '\n': sb_adds(out, "\\n"); break;
            case '\t': sb_adds(out, "\\t"); break;
            case '\r': sb_adds(out, "\\r"); break;
            case 0x1B: sb_adds(out, "\\e"); break;
            default:
                snprintf(esc, sizeof esc, "\\x%02X", (unsigned)cp);
                sb_adds(out, esc);
            }
        } else if (cp == '\\') {
            sb_adds(out, "\\\\");
        } else if (cp >= 0x80 && (cp < 0xA0 || is_bidi_control(cp) || cp_width(cp) < 0 ||
                                   (cp_width(cp) == 0 && cp != 0x200D))) {
            /* C1 controls, reordering marks, unprintable or zero-width code
             * points (other than ZWJ inside emoji) become visible escapes. */
            snprintf(esc, sizeof esc, "\\u{%04X}", (unsigned)cp);
            sb_adds(out, esc);
        } else {
            sb_add(out, s + i, len);
        }
        i += len;
    }
}

void sanitize_json_append(strbuf_t *out, const char *json, size_t n)
{
    const unsigned char *s = (const unsigned char *)json;
    if (!utf8_valid(s, n)) {
        sanitize_append(out, s, n);
        return;
    }
    size_t i = 0, start = 0;
    char esc[16];
    while (i < n) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (cp < 0x20 || cp == 0x7F ||
            (cp >= 0x80 && (cp < 0xA0 || is_bidi_control(cp) || cp_width(cp) < 0 ||
                            (cp_width(cp) == 0 && cp != 0x200D)))) {
            sb_add(out, s + start, i - start);
            if (cp > 0xFFFF) {
                uint32_t v = cp - 0x10000;
                snprintf(esc, sizeof esc, "\\u%04X\\u%04X", (unsigned)(0xD800 + (v >> 10)),
                         (unsigned)(0xDC00 + (v & 0x3FF)));
            } else {
                snprintf(esc, sizeof esc, "\\u%04X", (unsigned)cp);
            }
            sb_adds(out, esc);
            start = i + len;
        }
        i += len;
    }
    sb_add(out, s + start, n - start);
}

char *sanitize_str(const char *s)
{
    strbuf_t sb;
    sb_init(&sb);
    if (s)
        sanitize_append(&sb, s, strlen(s));
    return sb_steal(&sb);
}

size_t text_fit(const char *s, int cols, int *width)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    int w = 0;
    while (i < n) {
        if (p[i] < 0x80) { /* most text: one byte, one column */
            if (w + 1 > cols)
                break;
            w++;
            i++;
            continue;
        }
        uint32_t cp;
        size_t len = utf8_decode(p + i, n - i, &cp);
        if (!len)
            break; /* not sanitized text: stop rather than guess */
        int cw = cp < 0x80 ? 1 : cp_width(cp);
        if (cw < 0)
            cw = 1;
        if (w + cw > cols)
            break;
        w += cw;
        i += len;
    }
    if (width)
        *width = w;
    return i;
}

int text_width(const char *s)
{
    int w;
    text_fit(s, 1 << 30, &w);
    return w;
}

const char *sanitize_quote(const char *word, char *buf, size_t size)
{
    strbuf_t sb;
    sb_init(&sb);
    size_t len = strlen(word);
    bool cut = len > 40;
    sanitize_append(&sb, word, cut ? 40 : len);
    /* Cutting may split a UTF-8 sequence: sanitize shows those bytes as \xNN. */
    snprintf(buf, size, "%s%s", sb.buf ? sb.buf : "", cut ? "..." : "");
    sb_free(&sb);
    return buf;
}
