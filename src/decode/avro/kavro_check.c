/* Checking untrusted bytes against the writer schema before avro-c reads
 * them: every length, count and depth bounded, errors that say where. */
#include "decode/avro/kavro.h"

#include <avro.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/avro/kavro_internal.h"
#include "base/sanitize.h"

/* --- checking bytes against the writer schema --------------------------- */

int kavro_read_long(cursor_t *c, int64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (c->pos >= c->n)
            return ks_err(c->err, "truncated: the data ends inside a number at byte %zu", c->pos);
        unsigned char b = c->p[c->pos++];
        v |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            *out = (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
            return 0;
        }
    }
    return ks_err(c->err, "invalid number at byte %zu (more than 10 bytes)", c->pos);
}

int kavro_need(cursor_t *c, int64_t len, const char *what)
{
    if (len < 0)
        return ks_err(c->err, "invalid %s length %" PRId64 " at byte %zu", what, len, c->pos);
    if ((uint64_t)len > c->n - c->pos)
        return ks_err(c->err,
                      "truncated: %s of %" PRId64 " bytes at byte %zu, only %zu bytes left", what,
                      len, c->pos, c->n - c->pos);
    c->pos += (size_t)len;
    return 0;
}


int kavro_block_count(cursor_t *c, int64_t *count)
{
    if (kavro_read_long(c, count))
        return -1;
    if (*count < 0) {
        if (*count == INT64_MIN)
            return ks_err(c->err, "invalid block count at byte %zu", c->pos);
        *count = -*count;
        int64_t size = 0;
        if (kavro_read_long(c, &size))
            return -1;
        if (size < 0 || (uint64_t)size > c->n - c->pos)
            return ks_err(c->err, "truncated: block of %" PRId64 " bytes at byte %zu", size,
                          c->pos);
    }
    return 0;
}

int kavro_item_end(cursor_t *c, size_t start)
{
    if (c->pos == start && ++c->zero_items > MAX_ZERO_SIZE_ITEMS)
        return ks_err(c->err, "more than %d empty items in one value", MAX_ZERO_SIZE_ITEMS);
    return 0;
}

static int check_blocks(const kavro_schema_t *s, json_t *item, bool map, cursor_t *c, int depth)
{
    for (;;) {
        int64_t count = 0;
        if (kavro_block_count(c, &count))
            return -1;
        if (count == 0)
            return 0;
        for (int64_t i = 0; i < count; i++) {
            size_t start = c->pos;
            int64_t klen = 0;
            if ((map && (kavro_read_long(c, &klen) || kavro_need(c, klen, "map key"))) ||
                kavro_check(s, item, c, depth + 1) || kavro_item_end(c, start))
                return -1;
        }
    }
}

int kavro_check(const kavro_schema_t *s, json_t *sn, cursor_t *c, int depth)
{
    if (depth > MAX_DEPTH)
        return ks_err(c->err, "nested deeper than %d levels", MAX_DEPTH);
    node_t nd = kavro_resolve(s, sn);
    int64_t v = 0;
    switch (nd.t) {
    case N_NULL:
        return 0;
    case N_BOOLEAN:
        if (c->pos >= c->n)
            return ks_err(c->err, "truncated: boolean expected at byte %zu", c->pos);
        if (c->p[c->pos] > 1)
            return ks_err(c->err, "invalid boolean byte 0x%02x at byte %zu", c->p[c->pos], c->pos);
        c->pos++;
        return 0;
    case N_INT:
        if (kavro_read_long(c, &v))
            return -1;
        if (v < INT32_MIN || v > INT32_MAX)
            return ks_err(c->err, "int out of range at byte %zu", c->pos);
        return 0;
    case N_LONG:
        return kavro_read_long(c, &v);
    case N_FLOAT:
        return kavro_need(c, 4, "float");
    case N_DOUBLE:
        return kavro_need(c, 8, "double");
    case N_BYTES:
    case N_STRING:
        if (kavro_read_long(c, &v))
            return -1;
        return kavro_need(c, v, nd.t == N_BYTES ? "bytes" : "string");
    case N_FIXED:
        return kavro_need(c, json_integer_value(json_object_get(nd.def, "size")), "fixed");
    case N_ENUM: {
        if (kavro_read_long(c, &v))
            return -1;
        json_t *syms = json_object_get(nd.def, "symbols");
        if (v < 0 || (size_t)v >= json_array_size(syms))
            return ks_err(c->err, "enum index %" PRId64 " out of range (%zu symbols)", v,
                          json_array_size(syms));
        return 0;
    }
    case N_UNION:
        if (kavro_read_long(c, &v))
            return -1;
        if (v < 0 || (size_t)v >= json_array_size(nd.def))
            return ks_err(c->err, "union branch %" PRId64 " out of range (%zu branches) at byte %zu",
                          v, json_array_size(nd.def), c->pos);
        return kavro_check(s, json_array_get(nd.def, (size_t)v), c, depth + 1);
    case N_RECORD: {
        size_t i;
        json_t *f;
        json_array_foreach(json_object_get(nd.def, "fields"), i, f) {
            if (kavro_check(s, json_object_get(f, "type"), c, depth + 1))
                return -1;
        }
        return 0;
    }
    case N_ARRAY:
        return check_blocks(s, json_object_get(nd.def, "items"), false, c, depth);
    case N_MAP:
        return check_blocks(s, json_object_get(nd.def, "values"), true, c, depth);
    case N_BAD:
        break;
    }
    return ks_err(c->err, "schema node kafscope cannot follow");
}
