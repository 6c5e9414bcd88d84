/* See json_compact.h. The rules are jansson 2.14's dump.c and strconv.c. */
#include "decode/json_compact.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The string at s (its opening quote, valid JSON): its length with the
 * quotes, or 0 when jansson would write it back differently (\u, \/). */
static size_t plain_string(const unsigned char *s, const unsigned char *end)
{
    const unsigned char *p = s + 1;
    while (p < end && *p != '"') {
        if (*p != '\\') {
            p++;
            continue;
        }
        /* \" \\ \b \f \n \r \t come back as they are; \/ as "/", \u as the
         * character or with upper-case hex digits */
        if (p + 1 >= end || p[1] == 'u' || p[1] == '/')
            return 0;
        p += 2;
    }
    return p < end ? (size_t)(p + 1 - s) : 0;
}

/* A number at s (valid JSON) up to end: its length; *real when it has a
 * fraction or an exponent (jansson keeps it as a double). */
static size_t number_len(const unsigned char *s, const unsigned char *end, bool *real)
{
    const unsigned char *p = s;
    *real = false;
    for (; p < end && *p && strchr("+-0123456789.eE", *p); p++)
        if (*p == '.' || *p == 'e' || *p == 'E')
            *real = true;
    return (size_t)(p - s);
}

typedef struct {
    size_t off, len; /* a key's text between its quotes */
} span_t;

int json_compact(const void *data, size_t n, strbuf_t *out)
{
    const unsigned char *s = data, *p = s, *end = s + n;
    size_t start = out->len;
    span_t keys[JSON_COMPACT_MAX_KEYS];
    size_t nkeys = 0;
    /* per open container: where its keys start in keys[], or -1 (array) */
    long open[JSON_COMPACT_MAX_DEPTH];
    int depth = 0;
    bool want_key = false;
    while (p < end) {
        unsigned char c = *p;
        switch (c) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            p++;
            continue;
        case '{':
        case '[':
            if (depth == JSON_COMPACT_MAX_DEPTH)
                goto refuse;
            open[depth++] = c == '{' ? (long)nkeys : -1;
            want_key = c == '{';
            sb_addc(out, (char)c);
            p++;
            continue;
        case '}':
        case ']':
            if (depth > 0 && open[--depth] >= 0)
                nkeys = (size_t)open[depth]; /* the object's keys are done with */
            want_key = false;
            sb_addc(out, (char)c);
            p++;
            continue;
        case ',':
            want_key = depth > 0 && open[depth - 1] >= 0;
            sb_addc(out, ',');
            p++;
            continue;
        case ':':
            sb_addc(out, ':');
            p++;
            continue;
        case '"': {
            size_t len = plain_string(p, end);
            if (!len)
                goto refuse;
            if (want_key) {
                /* jansson keeps one member of a repeated key, where the
                 * first was, with the last one's value: not plain */
                size_t klen = len - 2, off = (size_t)(p + 1 - s);
                for (size_t i = (size_t)open[depth - 1]; i < nkeys; i++)
                    if (keys[i].len == klen && !memcmp(s + keys[i].off, s + off, klen))
                        goto refuse;
                if (nkeys == JSON_COMPACT_MAX_KEYS)
                    goto refuse;
                keys[nkeys++] = (span_t){off, klen};
                want_key = false;
            }
            sb_add(out, p, len);
            p += len;
            continue;
        }
        case 't':
        case 'n':
        case 'f': {
            size_t len = c == 'f' ? 5 : 4; /* true, null, false */
            if ((size_t)(end - p) < len)
                goto refuse;
            sb_add(out, p, len);
            p += len;
            continue;
        }
        default: {
            bool real;
            size_t len = number_len(p, end, &real);
            if (!len)
                goto refuse; /* not valid JSON after all */
            /* as written, reals too (what `tail --json` shows); only the
             * integer -0 is 0, as jansson has it */
            if (!real && len == 2 && p[0] == '-' && p[1] == '0')
                sb_addc(out, '0');
            else
                sb_add(out, p, len);
            p += len;
            continue;
        }
        }
    }
    return 0;
refuse:
    out->len = start;
    if (out->buf)
        out->buf[start] = '\0';
    return -1;
}
