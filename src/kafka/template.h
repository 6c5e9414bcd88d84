/* Record templates: a JSON document whose strings may hold placeholders,
 * compiled once and rendered once per record.
 *
 *   {{seq}}            the record's number (1, 2, ...)
 *   {{uuid}}           a random version-4 UUID
 *   {{now}} {{now_ms}} the time of rendering: ISO-8601 UTC, epoch ms
 *   {{int A B}}        a whole number in [A, B]
 *   {{float A B}}      a number in [A, B], with as many decimals as A or B
 *                      is written with (2 when neither has any)
 *   {{pick "a" "b"}}   one of the choices (strings or numbers), uniformly
 *   {{weighted "a":3 "b":1}}  one of the choices, in proportion to weights
 *   {{name}} {{word}}  a person's name, a word, from small built-in lists
 *
 * A string that is exactly one placeholder becomes a value of its type (a
 * JSON number for seq, now_ms, int, float and numeric choices); otherwise
 * the pieces are joined as text. Object keys may hold placeholders too.
 * Errors name the line and column (1-based, in bytes) of the problem.
 *
 * Threading: a compiled template is read-only; render it from several
 * threads with one ks_rng_t each. */
#ifndef KS_TEMPLATE_H
#define KS_TEMPLATE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rng.h"

typedef struct ks_template ks_template_t;

/* Compiles text[0..len). NULL with err ("line 3, column 14: ...") when the
 * JSON or a placeholder is invalid. */
ks_template_t *template_compile(const char *text, size_t len, char *err);
void template_free(ks_template_t *t);

/* The top-level value is a JSON object (what an envelope needs). */
int template_is_object(const ks_template_t *t);

/* One rendering: a new JSON value the caller owns. seq is what {{seq}}
 * gives, now_ms what {{now}} and {{now_ms}} give. */
json_t *template_render(const ks_template_t *t, int64_t seq, int64_t now_ms, ks_rng_t *rng);

#endif
