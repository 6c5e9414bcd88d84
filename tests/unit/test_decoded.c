/* The TUI's decoded renderings (ui/core/decoded.c) are made without a jansson
 * tree; what the messages pane and the detail view show must be what they
 * showed when a tree was built per record. The reference below is that
 * earlier rendering: decode_part's tree, dumped compact, sanitized, cut.
 * Reals are the exception: JSON's are kept as written, Avro's doubles in
 * the fewest digits (15 here: the test's reals need no more), where the
 * tree printed 17 (0.1 as 0.10000000000000001). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decode/decode.h"
#include "decode/avro/kavro.h"
#include "core/decoded.h"
#include "base/sanitize.h"

#ifndef KS_TEST_DATA
#error KS_TEST_DATA must name tests/data
#endif

static ks_decoders_t *dec;
static decoded_scratch_t scratch;

/* the rendering of a tree per record: line and json */
static void with_tree(const char *topic, const void *p, size_t n, char **line, char **json)
{
    decode_result_t r;
    decode_part(dec, topic, false, p, n, &r);
    strbuf_t sb;
    sb_init(&sb);
    *json = NULL;
    if ((r.kind == DK_AVRO || r.kind == DK_JSON) && r.json) {
        json_t *shown = r.connect_payload ? r.connect_payload : r.json;
        char *s = json_dumps(shown, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
        sanitize_json_append(&sb, s, strlen(s));
        if (r.kind == DK_AVRO || r.connect_payload)
            *json = s;
        else
            free(s);
    } else {
        decode_render_line(&sb, &r, p, n < 4096 ? n : 4096);
    }
    sb_addc(&sb, '\0');
    *line = xstrndup(sb.buf, text_fit(sb.buf, DECODED_LINE_COLS, NULL));
    sb_free(&sb);
    decode_result_free(&r);
}

/* decoded_attach renders p[0..n) as the tree did */
static void same_as_tree(const char *topic, const void *p, size_t n)
{
    ks_record_t rec = {.topic = topic, .value = p, .value_len = n};
    decoded_attach(dec, &rec, &scratch);
    const decoded_t *d = decoded_of(&rec);
    CHECK(d != NULL);
    if (!d)
        return;
    char *line, *json;
    with_tree(topic, p, n, &line, &json);
    CHECK_STR(d->value.line, line);
    CHECK((json == NULL) == (d->value.json == NULL));
    if (json && d->value.json)
        CHECK_STR(d->value.json, json);
    free(line);
    free(json);
    rec.extra_free(rec.extra);
}

static void json_same(const char *s)
{
    same_as_tree("j", s, strlen(s));
}

/* JSON with reals: the line keeps them as the producer wrote them */
static void json_line_is(const char *s, const char *want)
{
    ks_record_t rec = {.topic = "j", .value = s, .value_len = strlen(s)};
    decoded_attach(dec, &rec, &scratch);
    CHECK_STR(decoded_of(&rec)->value.line, want);
    rec.extra_free(rec.extra);
}

int main(void)
{
    char err[KS_ERRLEN];
    dec = decoders_new(NULL);
    CHECK(decoders_set(dec, "cart", false, "avro:" KS_TEST_DATA "/cart_updates.avsc", err) == 0);
    const char *avsc = "{\"type\":\"record\",\"name\":\"r\",\"fields\":["
                       "{\"name\":\"s\",\"type\":\"string\"},"
                       "{\"name\":\"d\",\"type\":\"double\"},"
                       "{\"name\":\"m\",\"type\":{\"type\":\"map\",\"values\":\"int\"}}]}";
    CHECK(decoders_preset_avro_text(dec, "rec", false, "test schema", avsc, err) == 0);

    /* JSON: compact or not, the line is jansson's compact dump */
    json_same("{\"cart_id\":1,\"cart_action\":\"ADD\",\"element_desc\":\"Lego brick 1x1\"}");
    json_line_is("{ \"a\" : [1, 2.50, -0, 1e3],\n  \"b\" : { } }", "{\"a\":[1,2.50,0,1e3],\"b\":{}}");
    json_line_is("{\"sensor\":\"t\",\"value\":35.3}", "{\"sensor\":\"t\",\"value\":35.3}");
    json_same("[\"tab\\tquote\\\"\", \"caf\\u00e9\", \"ctl\\u001b[31m\", \"slash\\/\"]");
    json_same("{\"a\":1,\"b\":2,\"a\":3}"); /* a repeated key: the tree's choice */
    json_same("{\"bidi\":\"\xe2\x80\xae" "evil\"}"); /* sanitized either way */
    json_same("[1, 2] trailing"); /* not JSON: text */
    json_same("\x01\x02\xff binary");
    json_same("{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"hello\"}");
    strbuf_t big;
    sb_init(&big);
    sb_addc(&big, '[');
    for (int i = 0; i < 2000; i++)
        sb_printf(&big, "%s\"item %d\"", i ? ", " : "", i);
    sb_addc(&big, ']');
    same_as_tree("j", big.buf, big.len); /* cut at DECODED_LINE_COLS */
    sb_free(&big);

    /* Avro: the text kavro writes, and the tree kept for the detail view */
    static const unsigned char cart[] = {0x02, 0x02, 0x0e, 0x1c, 'L', 'e', 'g', 'o', ' ', 'b',
                                         'r', 'i', 'c', 'k', ' ', '2', 'x', '2', 0x04};
    same_as_tree("cart", cart, sizeof cart);
    /* a control character (kavro escapes it as \u0001, jansson as \u0001 too
     * but through the tree), 0.1, and a map whose key repeats */
    static const unsigned char r1[] = {0x06, 'a', 0x01, 'b', 0x9a, 0x99, 0x99, 0x99, 0x99, 0x99,
                                       0xb9, 0x3f, 0x04, 0x02, 'k', 0x02, 0x02, 'k', 0x04, 0x00};
    same_as_tree("rec", r1, sizeof r1);
    static const unsigned char r2[] = {0x02, 'x', 0, 0, 0, 0, 0, 0, 0xf0, 0x3f,
                                       0x02, 0x02, 'k', 0x02, 0x00};
    same_as_tree("rec", r2, sizeof r2);
    ks_record_t rec = {.topic = "rec", .value = r2, .value_len = sizeof r2};
    decoded_attach(dec, &rec, &scratch);
    CHECK_STR(decoded_of(&rec)->value.line, "{\"s\":\"x\",\"d\":1.0,\"m\":{\"k\":1}}");
    CHECK_STR(decoded_of(&rec)->value.json, "{\"s\":\"x\",\"d\":1.0,\"m\":{\"k\":1}}");
    rec.extra_free(rec.extra);

    /* the detail view's local decoding, on the UI thread (no decoders) */
    const char *spaced = "{ \"a\" : 1 }";
    ks_record_t plain = {.topic = "j", .value = spaced, .value_len = strlen(spaced)};
    decoded_part_t part;
    decoded_part_make(NULL, &plain, false, &part);
    CHECK(part.kind == DK_JSON);
    CHECK_STR(part.line, "{\"a\":1}");
    decoded_part_free(&part);

    decoded_scratch_free(&scratch);
    decoders_free(dec);
    return check_summary();
}
