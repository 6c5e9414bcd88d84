/* A single-pass JSON validator that builds no tree: the hot path of
 * `tail --json` checks a value with it and embeds the bytes as they are.
 *
 * It accepts what jansson's json_loadb accepts with JSON_DECODE_ANY |
 * JSON_ALLOW_NUL (tests/fuzz/fuzz_json_scan.c checks it on every input):
 * RFC 8259 JSON with UTF-8 checked, \u escapes that pair their surrogates,
 * and jansson's limits: nesting of at most 2048 values (scalars count),
 * integers (no fraction, no exponent) within int64, reals that do not
 * overflow a double, no \u0000 in object keys. The one difference: a raw
 * NUL byte is always refused here, while jansson skips one that follows a
 * number or literal. A text that passes can always be turned into a tree.
 *
 * Pure functions, no allocation on the common path (a real near the double
 * range is checked with strtod on a copy); safe from any thread. */
#ifndef KS_JSON_SCAN_H
#define KS_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#define JSON_SCAN_MAX_DEPTH 2048 /* jansson's JSON_PARSER_MAX_DEPTH */

/* What json_scan saw besides validity. */
enum {
    JSON_SCAN_CONTAINER = 1, /* the top-level value is an object or an array */
    JSON_SCAN_PADDED = 2,    /* blanks before or after the value */
    JSON_SCAN_MULTILINE = 4  /* a line break (\n or \r) between tokens */
};

/* True when p[0..n) is one JSON text. *info (optional) gets JSON_SCAN_* bits. */
bool json_scan(const void *p, size_t n, unsigned *info);

/* In a valid JSON object text, finds the member NAME (the last one when it
 * repeats, as jansson keeps) and gives its value's span. False when the text
 * is not an object or has no such member. */
bool json_scan_member(const char *obj, size_t n, const char *name, size_t *off, size_t *len);

#endif
