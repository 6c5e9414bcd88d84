/* See json_scan.h. The grammar and limits follow jansson 2.14's load.c so the
 * two agree on every input; comments name the jansson rule where it is not
 * plain RFC 8259. */
#include "decode/json_scan.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef const unsigned char *cur_t;

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static cur_t skip_ws(cur_t p, cur_t end, unsigned *info)
{
    for (; p < end && is_ws(*p); p++)
        if (*p == '\n' || *p == '\r')
            *info |= JSON_SCAN_MULTILINE;
    return p;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The 4 hex digits after "\u" at p; -1 when they are not there. */
static long hex4(cur_t p, cur_t end)
{
    if (end - p < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(p[i]);
        if (h < 0)
            return -1;
        v = v << 4 | h;
    }
    return v;
}

/* Length of the UTF-8 sequence at p (first byte >= 0x80), 0 if invalid:
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_seq(cur_t p, cur_t end)
{
    unsigned char c = p[0];
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if ((size_t)(end - p) < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* A string starting at the opening quote; returns the byte after the closing
 * quote, NULL if invalid. key: jansson refuses \u0000 in object keys. */
static cur_t scan_string(cur_t p, cur_t end, bool key)
{
    p++;
    while (p < end) {
        unsigned char c = *p;
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            p++;
        } else if (c == '"') {
            return p + 1;
        } else if (c == '\\') {
            if (end - p < 2)
                return NULL;
            c = p[1];
            if (c != 'u') {
                if (!strchr("\"\\/bfnrt", c) || !c)
                    return NULL;
                p += 2;
                continue;
            }
            long v = hex4(p + 2, end);
            if (v < 0 || (key && v == 0))
                return NULL;
            p += 6;
            if (v >= 0xDC00 && v <= 0xDFFF)
                return NULL; /* a low surrogate alone */
            if (v >= 0xD800 && v <= 0xDBFF) {
                long lo = end - p >= 2 && p[0] == '\\' && p[1] == 'u' ? hex4(p + 2, end) : -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return NULL; /* a high surrogate without its low half */
                p += 6;
            }
        } else if (c < 0x20) {
            return NULL; /* control characters must be escaped */
        } else {
            size_t len = utf8_seq(p, end);
            if (!len)
                return NULL;
            p += len;
        }
    }
    return NULL;
}

/* Whether the real p[0..n) (valid grammar) overflows a double, the way
 * jansson's strtod check sees it. Cheap unless it is near the limit. */
static bool real_overflows(cur_t p, size_t n)
{
    /* decimal exponent of the first significant digit, roughly */
    cur_t q = p, end = p + n;
    if (*q == '-')
        q++;
    int64_t int_digits = 0, lead_zeros = 0;
    bool seen = false;
    for (; q < end && *q >= '0' && *q <= '9'; q++) {
        if (*q != '0')
            seen = true;
        if (seen)
            int_digits++;
    }
    if (q < end && *q == '.') {
        for (q++; q < end && *q >= '0' && *q <= '9'; q++) {
            if (*q != '0')
                seen = true;
            else if (!seen)
                lead_zeros++;
        }
    }
    if (!seen)
        return false; /* zero */
    int64_t exp = 0;
    if (q < end && (*q == 'e' || *q == 'E')) {
        q++;
        bool neg = *q == '-';
        if (*q == '+' || *q == '-')
            q++;
        for (; q < end; q++)
            if (exp < 100000000)
                exp = exp * 10 + (*q - '0');
        if (neg)
            exp = -exp;
    }
    int64_t mag = (int_digits ? int_digits - 1 : -lead_zeros - 1) + exp;
    if (mag < 300)
        return false;
    if (mag > 400)
        return true;
    /* near DBL_MAX: ask strtod, as jansson does */
    char small[512];
    char *copy = n < sizeof small ? small : malloc(n + 1);
    if (!copy)
        return true;
    memcpy(copy, p, n);
    copy[n] = '\0';
    errno = 0;
    double d = strtod(copy, NULL);
    bool over = (d == HUGE_VAL || d == -HUGE_VAL) && errno == ERANGE;
    if (copy != small)
        free(copy);
    return over;
}

/* One or more digits at p: the byte after them, NULL if there are none. */
static cur_t digits(cur_t p, cur_t end)
{
    if (p == end || *p < '0' || *p > '9')
        return NULL;
    while (p < end && *p >= '0' && *p <= '9')
        p++;
    return p;
}

/* A number; returns the byte after it, NULL if invalid. */
static cur_t scan_number(cur_t p, cur_t end)
{
    cur_t start = p;
    if (*p == '-')
        p++;
    if (p == end)
        return NULL;
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        p = digits(p, end);
    } else {
        return NULL;
    }
    bool real = false;
    if (p < end && *p == '.') {
        if (!(p = digits(p + 1, end)))
            return NULL;
        real = true;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (!(p = digits(p, end)))
            return NULL;
        real = true;
    }
    /* "01" is refused by the caller: the '1' cannot follow a value */
    if (real)
        return real_overflows(start, (size_t)(p - start)) ? NULL : p;
    /* jansson keeps integers in int64 and refuses the rest */
    bool neg = *start == '-';
    size_t digits = (size_t)(p - start) - neg;
    if (digits < 19)
        return p;
    if (digits > 19)
        return NULL;
    return memcmp(start + neg, neg ? "9223372036854775808" : "9223372036854775807", 19) <= 0 ? p
                                                                                               : NULL;
}

static cur_t scan_literal(cur_t p, cur_t end, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(end - p) >= n && !memcmp(p, word, n) ? p + n : NULL;
}

/* One value (with everything nested in it) at p, where `depth` values
 * already enclose it; returns the byte after it, NULL if invalid. Nesting is
 * kept as a bit stack (1: object), so there is no recursion. */
static cur_t scan_value(cur_t p, cur_t end, int depth, unsigned *info)
{
    unsigned char stack[JSON_SCAN_MAX_DEPTH / 8 + 1];
    int open = 0; /* containers opened here */
    for (;;) {
        /* a value */
        if (p == end || depth + open + 1 > JSON_SCAN_MAX_DEPTH)
            return NULL;
        unsigned char c = *p;
        if (c == '{' || c == '[') {
            int bit = open++;
            if (c == '{')
                stack[bit / 8] |= (unsigned char)(1u << bit % 8);
            else
                stack[bit / 8] &= (unsigned char)~(1u << bit % 8);
            p = skip_ws(p + 1, end, info);
            if (p < end && *p == (c == '{' ? '}' : ']')) {
                open--;
                p++;
            } else if (c == '{') {
                goto key;
            } else {
                continue;
            }
        } else if (c == '"') {
            p = scan_string(p, end, false);
        } else if (c == 't') {
            p = scan_literal(p, end, "true");
        } else if (c == 'f') {
            p = scan_literal(p, end, "false");
        } else if (c == 'n') {
            p = scan_literal(p, end, "null");
        } else {
            p = scan_number(p, end);
        }
        if (!p)
            return NULL;
        /* after a value: close containers, or go on to the next item */
        for (;;) {
            if (!open)
                return p;
            p = skip_ws(p, end, info);
            if (p == end)
                return NULL;
            bool object = stack[(open - 1) / 8] >> (open - 1) % 8 & 1;
            if (*p == (object ? '}' : ']')) {
                open--;
                p++;
                continue;
            }
            if (*p != ',')
                return NULL;
            p = skip_ws(p + 1, end, info);
            if (object)
                goto key;
            break;
        }
        continue;
    key:
        if (p == end || *p != '"' || !(p = scan_string(p, end, true)))
            return NULL;
        p = skip_ws(p, end, info);
        if (p == end || *p != ':')
            return NULL;
        p = skip_ws(p + 1, end, info);
    }
}

bool json_scan(const void *data, size_t n, unsigned *info)
{
    unsigned seen = 0;
    cur_t start = data, end = start + n;
    cur_t p = skip_ws(start, end, &seen);
    if (p != start)
        seen |= JSON_SCAN_PADDED;
    if (p < end && (*p == '{' || *p == '['))
        seen |= JSON_SCAN_CONTAINER;
    p = scan_value(p, end, 0, &seen);
    if (p && p != end) {
        seen |= JSON_SCAN_PADDED;
        p = skip_ws(p, end, &seen);
    }
    if (info)
        *info = seen;
    return p == end;
}

/* Whether the key text k[0..n) (between the quotes, valid) says `name`
 * (ASCII), escapes decoded. */
static bool key_is(cur_t k, size_t n, const char *name)
{
    cur_t end = k + n;
    while (k < end) {
        long c = *k++;
        if (c == '\\') {
            c = *k++;
            if (c == 'u') {
                c = hex4(k, end);
                k += 4;
            } else if (c != '"' && c != '\\' && c != '/') {
                return false; /* \b \f \n \r \t: not in a field name we look for */
            }
        }
        if (!*name || c != (unsigned char)*name++)
            return false;
    }
    return !*name;
}

bool json_scan_member(const char *obj, size_t n, const char *name, size_t *off, size_t *len)
{
    unsigned info = 0;
    cur_t start = (cur_t)obj, end = start + n;
    cur_t p = skip_ws(start, end, &info);
    bool found = false;
    if (p == end || *p != '{')
        return false;
    p = skip_ws(p + 1, end, &info);
    if (p < end && *p == '}')
        return false;
    while (p && p < end && *p == '"') {
        cur_t k = p + 1;
        if (!(p = scan_string(p, end, true)))
            return false;
        bool match = key_is(k, (size_t)(p - 1 - k), name);
        p = skip_ws(p, end, &info);
        if (p == end || *p != ':')
            return false;
        p = skip_ws(p + 1, end, &info);
        cur_t v = p;
        if (!(p = scan_value(p, end, 1, &info)))
            return false;
        if (match) {
            *off = (size_t)(v - start);
            *len = (size_t)(p - v);
            found = true;
        }
        p = skip_ws(p, end, &info);
        if (p < end && *p == '}')
            return found;
        if (p == end || *p != ',')
            return false;
        p = skip_ws(p + 1, end, &info);
    }
    return false;
}
