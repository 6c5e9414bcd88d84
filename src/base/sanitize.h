/* Untrusted bytes (anything that came from Kafka) -> text that is safe to put
 * on a terminal. Every front end goes through here; nothing else may print
 * record keys, values, headers, topic names, group or client ids raw. */
#ifndef KS_SANITIZE_H
#define KS_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

/* Appends a printable rendering of p[0..n) to out:
 *   valid printable UTF-8 stays as it is;
 *   C0/C1 controls and DEL -> \n \t \r \e or \xNN / \u{XXXX};
 *   invalid UTF-8 bytes -> \xNN;
 *   bidi overrides and other zero/negative-width code points -> \u{XXXX};
 *   a backslash -> \\ so the rendering is unambiguous. */
void sanitize_append(strbuf_t *out, const void *p, size_t n);

/* For JSON text that jansson wrote (valid UTF-8, C0 controls and quotes
 * already escaped): keeps its backslashes, so "a\"b" is not shown as
 * "a\\"b", and turns what sanitize_append would escape (DEL, C1
 * controls, bidi and zero-width code points) into JSON \uXXXX escapes,
 * so the result is still JSON with the same meaning. Invalid UTF-8 (not
 * from jansson) falls back to sanitize_append. */
void sanitize_json_append(strbuf_t *out, const char *json, size_t n);

/* Convenience: returns a malloc'd sanitized copy of a NUL-terminated string
 * (NULL -> ""). */
char *sanitize_str(const char *s);
/* Puts a word from user input into an error message: sanitized and cut to
 * a readable length (40 bytes, then "..."). Returns buf. */
const char *sanitize_quote(const char *word, char *buf, size_t size);

/* Decodes one strict UTF-8 sequence at p (n bytes available). Returns its
 * length and stores the code point, or 0 when the bytes are not valid UTF-8. */
size_t utf8_decode(const unsigned char *p, size_t n, uint32_t *cp);

bool utf8_valid(const void *p, size_t n);

/* Display width of already-sanitized UTF-8 text. */
int text_width(const char *s);

/* Longest prefix of sanitized text s that fits in cols display columns; never
 * cuts a character in half. Returns the byte length; *width gets its width. */
size_t text_fit(const char *s, int cols, int *width);

#endif
