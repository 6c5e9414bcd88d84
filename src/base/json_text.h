/* JSON text written by hand, with no tree: string escaping, base64 for bytes that are not
 * text, and reals in their shortest exact form. The envelope (kafka/envelope.c), the Avro
 * text writer (decode/avro/kavro_text.c) and the compact JSON line (decode/json_compact.c)
 * share them. Pure functions, no allocation but out's; safe from any thread. */
#ifndef KS_JSON_TEXT_H
#define KS_JSON_TEXT_H

#include <stddef.h>

#include "base/util.h"

/* JSON string escaping of valid UTF-8 text, with quotes. */
void json_append_string(strbuf_t *out, const void *p, size_t n);
void base64_append(strbuf_t *out, const void *p, size_t n);
/* Decodes base64; returns -1 on invalid input. *out is malloc'd. */
int base64_decode(const char *s, size_t n, void **out, size_t *outlen);

/* Appends a finite double in the fewest significant digits (15 to 17) that
 * read back as the same double (0.1, not jansson's 0.10000000000000001),
 * otherwise as jansson writes a real: '.' as the decimal point whatever the
 * locale, ".0" when it would read as an integer, no '+' and no leading zeros
 * in the exponent. */
void json_real_append(strbuf_t *out, double d);

#endif
