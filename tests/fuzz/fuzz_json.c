/* libFuzzer: the JSON decoder and the pretty-printer the detail view uses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "base/sanitize.h"

static void check_tok(void *opaque, json_token_t tok, const char *text, size_t len)
{
    (void)opaque;
    /* nothing from the data may reach a terminal as a control character */
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] < 0x20 && !(tok == JT_NEWLINE && text[i] == '\n'))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    decode_result_t r;
    decode_part(NULL, "t", false, data, size, &r);
    if (r.json)
        json_pretty_tokens(r.json, 2, check_tok, NULL);
    strbuf_t sb;
    sb_init(&sb);
    decode_render_line(&sb, &r, data, size);
    for (size_t i = 0; i < sb.len; i++)
        if ((unsigned char)sb.buf[i] < 0x20)
            abort();
    sb_free(&sb);
    decode_result_free(&r);
    return 0;
}
