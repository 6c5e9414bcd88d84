/* Kafka Connect's JsonConverter envelope: recognised only in its exact
 * shape; decode_part shows the payload and keeps the envelope whole; the
 * schema described with fields, optional and logical names. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decode/connect_envelope.h"
#include "decode/decode.h"

static const char *const ORDER =
    "{\"schema\":{\"type\":\"struct\",\"name\":\"shop.Order\",\"optional\":false,\"fields\":["
    "{\"field\":\"id\",\"type\":\"int32\",\"optional\":false},"
    "{\"field\":\"note\",\"type\":\"string\",\"optional\":true},"
    "{\"field\":\"at\",\"type\":\"int64\",\"optional\":false,"
    "\"name\":\"org.apache.kafka.connect.data.Timestamp\",\"version\":1},"
    "{\"field\":\"tags\",\"type\":\"array\",\"items\":{\"type\":\"string\"},\"optional\":true},"
    "{\"field\":\"addr\",\"type\":\"struct\",\"optional\":true,\"fields\":["
    "{\"field\":\"city\",\"type\":\"string\",\"optional\":false}]}]},"
    "\"payload\":{\"id\":7,\"note\":null,\"at\":1700000000000,\"tags\":[\"a\"],"
    "\"addr\":{\"city\":\"Oslo\"}}}";

int main(void)
{
    decode_result_t r;
    decode_part(NULL, "t", false, ORDER, strlen(ORDER), &r);
    CHECK(r.kind == DK_JSON);
    CHECK_STR(r.decoder, "connect-json");
    CHECK(json_is_object(r.connect_payload));
    CHECK(json_integer_value(json_object_get(r.connect_payload, "id")) == 7);
    CHECK(json_object_get(r.json, "schema") != NULL); /* the envelope stays whole */
    strbuf_t sb;
    sb_init(&sb);
    decode_render_line(&sb, &r, ORDER, strlen(ORDER));
    sb_addc(&sb, '\0');
    CHECK(!strncmp(sb.buf, "{\"id\":7,", 8)); /* the tail line is the payload */
    sb_free(&sb);

    sb_init(&sb);
    connect_schema_describe(&sb, r.connect_schema);
    sb_addc(&sb, '\0');
    CHECK(strstr(sb.buf, "struct shop.Order\n") == sb.buf);
    CHECK(strstr(sb.buf, "  id: int32\n") != NULL);
    CHECK(strstr(sb.buf, "  note: string (optional)\n") != NULL);
    CHECK(strstr(sb.buf, "  at: int64 org.apache.kafka.connect.data.Timestamp\n") != NULL);
    CHECK(strstr(sb.buf, "  tags: array of string (optional)\n") != NULL);
    CHECK(strstr(sb.buf, "    city: string\n") != NULL);
    sb_free(&sb);
    decode_result_free(&r);

    /* a plain string payload, as FileStreamSource writes with JsonConverter */
    const char *line = "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"hello\"}";
    decode_part(NULL, "t", false, line, strlen(line), &r);
    sb_init(&sb);
    decode_render_line(&sb, &r, line, strlen(line));
    sb_addc(&sb, '\0');
    CHECK_STR(sb.buf, "\"hello\"");
    sb_free(&sb);
    decode_result_free(&r);

    /* look-alikes stay plain JSON */
    static const char *const plain[] = {
        "{\"schema\":{\"type\":\"string\"},\"payload\":1,\"extra\":2}",
        "{\"schema\":\"x\",\"payload\":1}",
        "{\"schema\":{\"name\":\"no type\"},\"payload\":1}",
        "{\"payload\":1}",
        "[{\"schema\":{\"type\":\"string\"},\"payload\":1}]",
    };
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        decode_part(NULL, "t", false, plain[i], strlen(plain[i]), &r);
        CHECK(r.kind == DK_JSON && r.connect_payload == NULL);
        CHECK_STR(r.decoder, "json");
        decode_result_free(&r);
    }

    /* deep nesting is bounded */
    strbuf_t deep;
    sb_init(&deep);
    sb_adds(&deep, "{\"schema\":");
    for (int i = 0; i < 200; i++)
        sb_adds(&deep, "{\"type\":\"array\",\"items\":");
    sb_adds(&deep, "{\"type\":\"string\"}");
    for (int i = 0; i < 200; i++)
        sb_addc(&deep, '}');
    sb_adds(&deep, ",\"payload\":[]}");
    decode_part(NULL, "t", false, deep.buf, deep.len, &r);
    CHECK(r.connect_schema != NULL);
    sb_init(&sb);
    connect_schema_describe(&sb, r.connect_schema);
    CHECK(sb.len < 400);
    sb_free(&sb);
    decode_result_free(&r);
    sb_free(&deep);
    return check_summary();
}
