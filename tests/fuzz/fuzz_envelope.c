/* libFuzzer: the envelope parser (`produce --file` input). What parses must
 * write back and parse to the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/envelope.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    envelope_msg_t m;
    char err[KS_ERRLEN];
    if (envelope_parse((const char *)data, size, &m, err) == 1 && !m.avro[0] && !m.avro[1]) {
        ks_header_t *h = calloc((size_t)m.msg.nheaders + 1, sizeof *h);
        for (int i = 0; i < m.msg.nheaders; i++) {
            h[i].name = m.msg.headers[i].name;
            h[i].value = m.msg.headers[i].value;
            h[i].len = m.msg.headers[i].len;
        }
        ks_record_t r = {.topic = "t", .partition = 0, .offset = 0, .timestamp = 0,
                         .key = m.msg.key, .key_len = m.msg.key_len, .value = m.msg.value,
                         .value_len = m.msg.value_len, .headers = h, .nheaders = m.msg.nheaders};
        strbuf_t sb;
        sb_init(&sb);
        envelope_write(&sb, &r);
        envelope_msg_t m2;
        if (envelope_parse(sb.buf, sb.len, &m2, err) != 1)
            abort();
        if ((m2.msg.key == NULL) != (m.msg.key == NULL) || m2.msg.key_len != m.msg.key_len ||
            (m.msg.key && memcmp(m2.msg.key, m.msg.key, m.msg.key_len)) ||
            (m2.msg.value == NULL) != (m.msg.value == NULL) || m2.msg.value_len != m.msg.value_len ||
            (m.msg.value && memcmp(m2.msg.value, m.msg.value, m.msg.value_len)) ||
            m2.msg.nheaders != m.msg.nheaders)
            abort();
        envelope_msg_free(&m2);
        sb_free(&sb);
        free(h);
    }
    envelope_msg_free(&m);
    return 0;
}
