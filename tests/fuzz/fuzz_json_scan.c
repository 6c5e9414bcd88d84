/* libFuzzer: the fast JSON scanner (json_scan, the hot path of tail --json)
 * against jansson, the parser behind every tree kafscope builds.
 *
 * Agreement, defined exactly: for every input without a NUL byte,
 * json_scan(p, n) is true if and only if json_loadb(p, n, JSON_DECODE_ANY |
 * JSON_ALLOW_NUL) returns a value. The scanner implements jansson's own
 * limits too (nesting of 2048 values, scalars included; integers within
 * int64; reals that do not overflow a double; no \u0000 in object keys;
 * surrogate escapes in pairs; UTF-8 checked), so nothing else is excused.
 * With a raw NUL byte the scanner always refuses (RFC 8259 has no place for
 * one), while jansson 2.14 accepts some: its stream skips a NUL that follows
 * a number or a literal ("[1\0]", "null\0"). So json_scan => jansson holds
 * for every input: a value tail embeds as it is always parses in produce.
 *
 * Also: a valid object's members found by json_scan_member are valid JSON
 * texts on their own; and json_compact (the TUI's one-line rendering without
 * a tree), when it does not refuse, writes text that jansson reads back as
 * the same JSON, members in the same order (its dump of both is the same),
 * and that is exactly jansson's compact dump when there is no real in it. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/json_compact.h"
#include "decode/json_scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned info = 0;
    bool scan = json_scan(data, size, &info);
    json_error_t je;
    json_t *j = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
    if (scan != (j != NULL) && !(j && memchr(data, 0, size))) {
        fprintf(stderr, "json_scan says %s, jansson says %s\n", scan ? "valid" : "invalid",
                j ? "valid" : je.text);
        abort();
    }
    if (scan && json_is_object(j)) {
        const char *names[] = {"key", "value", "a"};
        for (size_t i = 0; i < 3; i++) {
            size_t off, len;
            bool found = json_scan_member((const char *)data, size, names[i], &off, &len);
            if (found != (json_object_get(j, names[i]) != NULL))
                abort();
            if (found && (off + len > size || !json_scan(data + off, len, NULL)))
                abort();
            if (found) { /* the span is the member's value: same tree */
                json_t *m = json_loadb((const char *)data + off, len,
                                       JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
                if (!json_equal(m, json_object_get(j, names[i])))
                    abort();
                json_decref(m);
            }
        }
    }
    if (scan) {
        strbuf_t sb;
        sb_init(&sb);
        if (json_compact(data, size, &sb) == 0) {
            char *d = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
            json_t *back = json_loadb(sb.buf, sb.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
            char *b = back ? json_dumps(back, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
            if (!d || !b || strcmp(d, b)) {
                fprintf(stderr, "json_compact wrote %s, which reads back as %s; jansson dumps %s\n",
                        sb.buf, b, d);
                abort();
            }
            /* no real: nothing is written differently from jansson's dump */
            if (!memchr(sb.buf, '.', sb.len) && !memchr(sb.buf, 'e', sb.len) &&
                !memchr(sb.buf, 'E', sb.len) && (strlen(d) != sb.len || memcmp(d, sb.buf, sb.len))) {
                fprintf(stderr, "json_compact wrote %s, jansson dumps %s\n", sb.buf, d);
                abort();
            }
            json_decref(back);
            free(b);
            free(d);
        } else if (sb.len) {
            abort(); /* refused, but something was left in the buffer */
        }
        sb_free(&sb);
    }
    json_decref(j);
    return 0;
}
