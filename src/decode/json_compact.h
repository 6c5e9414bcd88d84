/* A JSON text without its blanks, made from the text itself with no tree:
 * the TUI's one-line rendering of JSON and Avro values (ui/core/decoded.c).
 *
 * It is jansson's compact dump (json_dumps(json_loadb(text), JSON_COMPACT |
 * JSON_ENCODE_ANY)) but for reals: jansson drops the blanks, keeps strings
 * and integers as they are written (except "-0", which becomes 0), and keeps
 * one member of a repeated key; it prints reals again with 17 digits (35.3
 * as 35.299999999999997), where json_compact keeps them as written, as
 * `tail --json` and kcat show them. It refuses the texts where the rest is
 * not plain: a string with a \u or \/ escape (jansson writes the character
 * back differently), a key repeated in its object, more than
 * JSON_COMPACT_MAX_KEYS keys open at once or JSON_COMPACT_MAX_DEPTH
 * containers. The caller builds the tree for those
 * (tests/fuzz/fuzz_json_scan.c checks, on every input, that what is written
 * reads back as the same JSON).
 *
 * Pure functions, no allocation but out's; safe from any thread. */
#ifndef KS_JSON_COMPACT_H
#define KS_JSON_COMPACT_H

#include <stddef.h>

#include "base/json_text.h"
#include "base/util.h"

#define JSON_COMPACT_MAX_KEYS 256
#define JSON_COMPACT_MAX_DEPTH 128

/* Appends the compact form of p[0..n), which must be valid JSON (json_scan
 * true). Returns 0, or -1 when refused (out is then as it was). */
int json_compact(const void *p, size_t n, strbuf_t *out);


#endif
