/* The decoder chain, renderings, the pretty-printer, and the decoded
 * envelope (inline values that still produce the exact bytes). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "commands/command.h"
#include "kafka/config.h"
#include "decode/decode.h"
#include "decode/avro/kavro.h"
#include "kafka/envelope.h"

#ifndef KS_TEST_DATA
#error KS_TEST_DATA must name tests/data
#endif

static ks_config_t cfg;
static cmd_ctx_t ctx = {.cfg = &cfg}; /* the session owns the decoder set */

static void decode(const char *topic, bool key, const void *p, size_t n, decode_result_t *r)
{
    decode_part(cmd_decoders(&ctx), topic, key, p, n, r);
}

static void test_auto_chain(void)
{
    decode_result_t r;
    decode("t", false, NULL, 0, &r);
    CHECK(r.kind == DK_NULL);
    decode_result_free(&r);

    const char *obj = "{\"a\": [1, 2]}";
    decode("t", false, obj, strlen(obj), &r);
    CHECK(r.kind == DK_JSON);
    CHECK(!r.failed);
    strbuf_t sb;
    sb_init(&sb);
    decode_render_line(&sb, &r, obj, strlen(obj));
    CHECK_STR(sb.buf, "{\"a\": [1, 2]}"); /* JSON text is shown as it is */
    decode_result_free(&r);

    /* a number is text in auto mode (only objects and arrays count as JSON) */
    decode("t", false, "35.3", 4, &r);
    CHECK(r.kind == DK_TEXT);
    CHECK(r.errors && strstr(r.errors, "json: not a JSON object or array"));
    decode_result_free(&r);

    /* broken JSON: text, with the reason, but not a failure */
    decode("t", false, "{oops", 5, &r);
    CHECK(r.kind == DK_TEXT && !r.failed);
    CHECK(r.errors && strstr(r.errors, "json: invalid JSON"));
    decode_result_free(&r);

    const unsigned char bin[] = {0xff, 0x00, 0x1b, 'x'};
    decode("t", false, bin, sizeof bin, &r);
    CHECK(r.kind == DK_BINARY);
    sb_reset(&sb);
    decode_render_line(&sb, &r, bin, sizeof bin);
    CHECK_STR(sb.buf, "\\xFF\\x00\\ex");
    decode_result_free(&r);

    /* framed, no registry configured: says so */
    const unsigned char framed[] = {0, 0, 0, 0, 9, 2, 'a'};
    decode("t", false, framed, sizeof framed, &r);
    CHECK(r.errors && strstr(r.errors, "looks like Confluent Avro (schema id 9)"));
    decode_result_free(&r);
    sb_free(&sb);
}

static void test_explicit_decoders(void)
{
    char err[KS_ERRLEN];
    ks_decoders_t *d = cmd_decoders(&ctx);
    CHECK(decoders_set(d, "hex-*", false, "hex", err) == 0);
    CHECK(decoders_set(d, "j", false, "json", err) == 0);
    CHECK(decoders_set(d, "cart", false, "avro:" KS_TEST_DATA "/cart_updates.avsc", err) == 0);
    CHECK(decoders_set(d, "x", true, "nope", err) == -1);
    CHECK(strstr(err, "unknown decoder 'nope'") != NULL);
    CHECK(decoders_set(d, "x", true, "avro /no/such.avsc", err) == -1);
    CHECK(decoders_set(d, "x", true, "text extra", err) == -1);
    /* config key form */
    CHECK(config_set(&cfg, "decoder.my.dotted.topic.key", "json", err) == 0);
    CHECK(config_set(&cfg, "decoder.broken", "json", err) == -1);

    decode_result_t r;
    strbuf_t sb;
    sb_init(&sb);
    decode("hex-1", false, "AB", 2, &r);
    CHECK(r.kind == DK_HEX);
    decode_render_line(&sb, &r, "AB", 2);
    CHECK_STR(sb.buf, "41 42");
    decode_result_free(&r);

    decode("j", false, "42", 2, &r);
    CHECK(r.kind == DK_JSON && json_integer_value(r.json) == 42);
    decode_result_free(&r);
    decode("j", false, "nope", 4, &r);
    CHECK(r.kind == DK_TEXT && r.failed);
    decode_result_free(&r);
    decode("my.dotted.topic", true, "[1]", 3, &r);
    CHECK(r.kind == DK_JSON);
    decode_result_free(&r);

    kavro_schema_t *s = kavro_schema_load_file(KS_TEST_DATA "/cart_updates.avsc", err);
    json_t *v = json_loads("{\"cart_id\":1,\"cart_action\":\"REMOVE\",\"element_id\":2,"
                           "\"element_desc\":\"d\",\"quantity\":3}", 0, NULL);
    strbuf_t bin;
    sb_init(&bin);
    CHECK(kavro_encode(s, v, &bin, err) == 0);
    decode("cart", false, bin.buf, bin.len, &r);
    CHECK(r.kind == DK_AVRO && !r.failed);
    CHECK_STR(r.schema_name, "com.picksbrick.cart_updates");
    CHECK_STR(json_string_value(json_object_get(r.json, "cart_action")), "REMOVE");

    /* the envelope: inline Avro plus the raw bytes; parsing gives the bytes back */
    ks_record_t rec = {.topic = "cart", .partition = 1, .offset = 5, .timestamp = 1,
                       .key = NULL, .value = bin.buf, .value_len = bin.len};
    decode_result_t k;
    decode("cart", true, NULL, 0, &k);
    sb_reset(&sb);
    envelope_write_decoded(&sb, &rec, &k, &r);
    CHECK(strstr(sb.buf, "\"value\":{\"cart_id\":1,") != NULL);
    CHECK(strstr(sb.buf, "\"value_encoding\":\"avro\"") != NULL);
    CHECK(strstr(sb.buf, "\"value_raw\":\"") != NULL);
    envelope_msg_t m;
    CHECK(envelope_parse(sb.buf, sb.len, &m, err) == 1);
    CHECK(m.msg.value_len == bin.len && !memcmp(m.msg.value, bin.buf, bin.len));
    CHECK(m.msg.key == NULL && m.avro[1] == NULL);
    envelope_msg_free(&m);
    /* without the raw bytes: the JSON is handed back for encoding */
    const char *edited = "{\"value\":{\"cart_id\":1},\"value_encoding\":\"avro\",\"value_schema_id\":4}";
    CHECK(envelope_parse(edited, strlen(edited), &m, err) == 1);
    CHECK(m.avro[1] && m.schema_id[1] == 4 && m.msg.value == NULL);
    envelope_msg_free(&m);
    decode_result_free(&k);
    decode_result_free(&r);

    /* a value the schema does not fit: failed, raw, reason kept */
    decode("cart", false, "\xff\xff", 2, &r);
    CHECK(r.kind == DK_BINARY && r.failed && r.errors && strstr(r.errors, "avro: "));
    sb_reset(&sb);
    envelope_write_decoded(&sb, &rec, NULL, &r);
    CHECK(strstr(sb.buf, "\"value_error\":\"avro: ") != NULL);
    decode_result_free(&r);

    /* JSON inlined as its exact bytes when they fit on one line (spacing,
     * key order and number spelling kept); produce gets the bytes back */
    const char *compact = "{\"a\":1}", *spaced = "{ \"a\": 1 }";
    rec.value = compact;
    rec.value_len = strlen(compact);
    decode("t", false, rec.value, rec.value_len, &r);
    sb_reset(&sb);
    envelope_write_decoded(&sb, &rec, NULL, &r);
    CHECK(strstr(sb.buf, "\"value\":{\"a\":1},\"value_encoding\":\"json\"") != NULL);
    decode_result_free(&r);
    rec.value = spaced;
    rec.value_len = strlen(spaced);
    decode("t", false, rec.value, rec.value_len, &r);
    sb_reset(&sb);
    envelope_write_decoded(&sb, &rec, NULL, &r);
    CHECK(strstr(sb.buf, "\"value\":{ \"a\": 1 },\"value_encoding\":\"json\"") != NULL);
    CHECK(envelope_parse(sb.buf, sb.len, &m, err) == 1);
    CHECK(m.msg.value_len == strlen(spaced) && !memcmp(m.msg.value, spaced, strlen(spaced)));
    envelope_msg_free(&m);
    decode_result_free(&r);
    /* the same without a tree (tail's hot path) */
    strbuf_t scratch;
    sb_init(&scratch);
    decode_part_text(d, "t", false, rec.value, rec.value_len, &scratch, &r);
    CHECK(r.kind == DK_JSON && !r.json && r.text == rec.value && r.text_len == rec.value_len);
    sb_reset(&sb);
    envelope_write_decoded(&sb, &rec, NULL, &r);
    CHECK(strstr(sb.buf, "\"value\":{ \"a\": 1 },\"value_encoding\":\"json\"") != NULL);
    decode_result_free(&r);
    /* numbers as they were spelled, repeated keys as they were */
    const char *spelled = "{\"price\":1.50,\"n\":1e2,\"z\":0,\"z\":-0.0}";
    rec.value = spelled;
    rec.value_len = strlen(spelled);
    decode_part_text(d, "t", false, rec.value, rec.value_len, &scratch, &r);
    sb_reset(&sb);
    envelope_write_decoded(&sb, &rec, NULL, &r);
    CHECK(strstr(sb.buf, "\"value\":{\"price\":1.50,\"n\":1e2,\"z\":0,\"z\":-0.0},") != NULL);
    CHECK(envelope_parse(sb.buf, sb.len, &m, err) == 1);
    CHECK(m.msg.value_len == strlen(spelled) && !memcmp(m.msg.value, spelled, strlen(spelled)));
    envelope_msg_free(&m);
    decode_result_free(&r);
    /* JSON over several lines (or with blanks around it) stays a string */
    const char *lines[] = {"{\n  \"a\": 1\n}", " {\"a\":1}", "[1]\r\n"};
    for (size_t i = 0; i < 3; i++) {
        rec.value = lines[i];
        rec.value_len = strlen(lines[i]);
        decode_part_text(d, "t", false, rec.value, rec.value_len, &scratch, &r);
        CHECK(r.kind == DK_JSON && !r.text);
        sb_reset(&sb);
        envelope_write_decoded(&sb, &rec, NULL, &r);
        CHECK(strstr(sb.buf, "\"value\":\"") != NULL && !strstr(sb.buf, "value_encoding"));
        CHECK(!strchr(sb.buf, '\n'));
        decode_result_free(&r);
    }
    /* invalid JSON: the reason is jansson's, as with a tree */
    decode_part_text(d, "j", false, "{\"a\":}", 6, &scratch, &r);
    CHECK(r.failed && r.errors && strstr(r.errors, "json: invalid JSON at byte"));
    decode_result_free(&r);
    /* Avro without a tree: the text is what the tree dumps to */
    decode_part_text(d, "cart", false, bin.buf, bin.len, &scratch, &r);
    CHECK(r.kind == DK_AVRO && !r.json && r.text);
    CHECK_STR(r.schema_name, "com.picksbrick.cart_updates");
    char *dumped = json_dumps(v, JSON_COMPACT);
    CHECK(r.text_len == strlen(dumped) && !memcmp(r.text, dumped, r.text_len));
    free(dumped);
    decode_result_free(&r);
    sb_free(&scratch);

    json_t *list = decoders_list(d);
    CHECK(json_array_size(list) == 4);
    json_decref(list);
    json_decref(v);
    kavro_schema_free(s);
    sb_free(&bin);
    sb_free(&sb);
}

static int ntok[8];
static void count(void *opaque, json_token_t tok, const char *text, size_t len)
{
    strbuf_t *sb = opaque;
    ntok[tok]++;
    sb_add(sb, text, len);
}

static void test_pretty(void)
{
    json_t *v = json_loads("{\"k\":[1,\"s\\u202e\\u001b\",true,null],\"e\":{}}", 0, NULL);
    strbuf_t sb;
    sb_init(&sb);
    json_pretty_tokens(v, 2, count, &sb);
    CHECK_STR(sb.buf, "{\n  \"k\": [\n    1,\n    \"s\\u202E\\u001B\",\n    true,\n    null\n  ],\n"
                      "  \"e\": {}\n}");
    CHECK(ntok[JT_KEY] == 2 && ntok[JT_NUMBER] == 1 && ntok[JT_BOOL] == 1 && ntok[JT_NULL] == 1);
    sb_free(&sb);
    json_decref(v);
}

int main(void)
{
    config_init(&cfg);
    test_auto_chain();
    test_explicit_decoders();
    test_pretty();
    cmd_ctx_end(&ctx);
    config_free(&cfg);
    return check_summary();
}
