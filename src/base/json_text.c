/* See json_text.h. */
#include "base/json_text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void base64_append(strbuf_t *out, const void *p, size_t n)
{
    const unsigned char *s = p;
    sb_grow(out, (n + 2) / 3 * 4); /* written in place: no bounds check per group */
    char *o = out->buf + out->len;
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
        o[0] = b64chars[v >> 18];
        o[1] = b64chars[v >> 12 & 63];
        o[2] = b64chars[v >> 6 & 63];
        o[3] = b64chars[v & 63];
        o += 4;
    }
    if (i < n) {
        uint32_t v = (uint32_t)s[i] << 16 | (i + 1 < n ? (uint32_t)s[i + 1] << 8 : 0);
        o[0] = b64chars[v >> 18];
        o[1] = b64chars[v >> 12 & 63];
        o[2] = i + 1 < n ? b64chars[v >> 6 & 63] : '=';
        o[3] = '=';
        o += 4;
    }
    out->len = (size_t)(o - out->buf);
    out->buf[out->len] = '\0';
}

static int b64val(char c)
{
    const char *p = c ? strchr(b64chars, c) : NULL;
    return p ? (int)(p - b64chars) : -1;
}

int base64_decode(const char *s, size_t n, void **out, size_t *outlen)
{
    while (n > 0 && s[n - 1] == '=')
        n--;
    if (n % 4 == 1)
        return -1;
    unsigned char *buf = xmalloc(n / 4 * 3 + 3);
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64val(s[i]);
        if (v < 0) {
            free(buf);
            return -1;
        }
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            buf[o++] = (unsigned char)(acc >> bits);
        }
    }
    *out = buf;
    *outlen = o;
    return 0;
}

/* Bytes a JSON string cannot hold as they are: controls, quote, backslash
 * and DEL (so a JSON line never carries a raw control byte). */
static const bool must_escape[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1,
    [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0A] = 1, [0x0B] = 1, [0x0C] = 1, [0x0D] = 1,
    [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1,
    [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1,
    [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, ['"'] = 1, ['\\'] = 1, [0x7F] = 1};

void json_append_string(strbuf_t *out, const void *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = p;
    size_t run = 0;
    sb_addc(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (!must_escape[c])
            continue;
        sb_add(out, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': sb_adds(out, "\\\""); break;
        case '\\': sb_adds(out, "\\\\"); break;
        case '\n': sb_adds(out, "\\n"); break;
        case '\r': sb_adds(out, "\\r"); break;
        case '\t': sb_adds(out, "\\t"); break;
        default: {
            char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            sb_add(out, u, 6);
        }
        }
    }
    sb_add(out, s + run, n - run);
    sb_addc(out, '"');
}

void json_real_append(strbuf_t *out, double d)
{
    char buf[48], *o = buf;
    /* the fewest digits that read back as d: 0.1, not 0.10000000000000001 */
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, d);
        if (digits == 17 || strtod(buf, NULL) == d)
            break;
    }
    bool point = false, exp = false, lead = false;
    for (const char *i = buf; *i; i++) {
        char c = *i == ',' ? '.' : *i; /* whatever the locale's decimal point */
        if (exp && (c == '+' || (lead && c == '0')))
            continue;
        if (c == 'e' || c == '.')
            point = true;
        if (c == 'e')
            exp = lead = true;
        else if (exp && c != '-')
            lead = false;
        *o++ = c;
    }
    if (!point) {
        *o++ = '.';
        *o++ = '0';
    }
    sb_add(out, buf, (size_t)(o - buf));
}
