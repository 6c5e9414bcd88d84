#include "commands/record_text.h"

#include <string.h>

#include "base/sanitize.h"

static void bytes_or_null(strbuf_t *out, const void *p, size_t n)
{
    if (!p)
        sb_adds(out, "(null)");
    else
        sanitize_append(out, p, n);
}

void record_text(strbuf_t *out, const ks_record_t *r)
{
    record_text_decoded(out, r, NULL, NULL);
}

static void part(strbuf_t *out, const void *p, size_t n, const decode_result_t *d)
{
    if (d)
        decode_render_line(out, d, p, n);
    else
        bytes_or_null(out, p, n);
}

void record_text_decoded(strbuf_t *out, const ks_record_t *r, const decode_result_t *key,
                         const decode_result_t *value)
{
    char ts[40] = "-";
    if (r->timestamp >= 0)
        format_iso_ms(r->timestamp, ts, sizeof ts);
    sb_printf(out, "%d\t%lld\t%s\t", r->partition, (long long)r->offset, ts);
    part(out, r->key, r->key_len, key);
    sb_addc(out, '\t');
    part(out, r->value, r->value_len, value);
    sb_addc(out, '\t');
    for (int i = 0; i < r->nheaders; i++) {
        if (i)
            sb_adds(out, ", ");
        sanitize_append(out, r->headers[i].name, strlen(r->headers[i].name));
        sb_addc(out, '=');
        bytes_or_null(out, r->headers[i].value, r->headers[i].len);
    }
}
