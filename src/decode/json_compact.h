/* A JSON text as jansson's compact dump would print its tree, made from the
 * text itself with no tree: the TUI's one-line rendering of JSON and Avro
 * values (ui/decoded.c) must not change when the tree goes away.
 *
 * json_dumps(json_loadb(text), JSON_COMPACT | JSON_ENCODE_ANY) drops the
 * blanks, keeps strings and integers as they are written (except "-0",
 * which becomes 0), prints reals again with 17 significant digits, and keeps
 * one member of a repeated key. json_compact does the first three itself
 * and refuses the texts where the rest is not plain: a string with a \u or
 * \/ escape (jansson writes the character back differently), a key repeated
 * in its object, more than JSON_COMPACT_MAX_KEYS keys open at once or
 * JSON_COMPACT_MAX_DEPTH containers, a real longer than 63 characters. The
 * caller builds the tree for those (tests/fuzz/fuzz_json_scan.c checks that
 * what is written equals jansson's dump, on every input).
 *
 * Pure functions, no allocation but out's; safe from any thread. */
#ifndef KS_JSON_COMPACT_H
#define KS_JSON_COMPACT_H

#include <stddef.h>

#include "util.h"

#define JSON_COMPACT_MAX_KEYS 256
#define JSON_COMPACT_MAX_DEPTH 128

/* Appends the compact form of p[0..n), which must be valid JSON (json_scan
 * true). Returns 0, or -1 when refused (out is then as it was). */
int json_compact(const void *p, size_t n, strbuf_t *out);

/* Appends a finite double as jansson dumps a real: %.17g with '.' as the
 * decimal point whatever the locale, ".0" when it would read as an integer,
 * no '+' and no leading zeros in the exponent. */
void json_real_append(strbuf_t *out, double d);

#endif
