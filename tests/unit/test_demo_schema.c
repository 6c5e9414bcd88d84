/* The demo cluster's built-in cart_updates schema: identical to
 * tests/data/cart_updates.avsc and examples/cart_updates.avsc; demo cart
 * updates are Avro of it; the built-in decoder preset ranks below the
 * user's own settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decode/decode.h"
#include "decode/avro/kavro.h"
#include "world/demo_data.h"
#include "world/demo_schema.h"

#ifndef KS_TEST_DATA
#error KS_TEST_DATA must name tests/data
#endif

static void test_identical(void)
{
    char *data = file_read_text(KS_TEST_DATA "/cart_updates.avsc", 1 << 20, NULL);
    char *example = file_read_text(KS_TEST_DATA "/../../examples/cart_updates.avsc", 1 << 20, NULL);
    CHECK(data != NULL);
    CHECK(example != NULL);
    if (data)
        CHECK_STR(demo_cart_updates_avsc, data);
    if (example)
        CHECK_STR(demo_cart_updates_avsc, example);
    free(data);
    free(example);
}

static void test_demo_records_are_avro(void)
{
    char err[KS_ERRLEN] = "";
    kavro_schema_t *s = kavro_schema_parse(demo_cart_updates_avsc, strlen(demo_cart_updates_avsc), err);
    CHECK(s != NULL);
    if (!s) {
        fprintf(stderr, "schema: %s\n", err);
        return;
    }
    CHECK_STR(kavro_schema_name(s), "com.picksbrick.cart_updates");
    demo_record_t rec = {.cart_schema = s};
    sb_init(&rec.value);
    for (uint64_t n = 0; n < 50; n++) {
        demo_make("cart-updates", n, &rec);
        CHECK(rec.value.len > 0 && rec.value.buf[0] != '{'); /* not JSON text */
        json_t *j = NULL;
        CHECK(kavro_decode(s, NULL, rec.value.buf, rec.value.len, &j, err) == 0);
        const char *action = json_string_value(json_object_get(j, "cart_action"));
        CHECK(action && (!strcmp(action, "ADD") || !strcmp(action, "REMOVE") ||
                         !strcmp(action, "UPDATE_QTY")));
        /* keyed by cart id */
        CHECK(json_integer_value(json_object_get(j, "cart_id")) == atoi(rec.key));
        CHECK(json_integer_value(json_object_get(j, "element_id")) >= 0);
        json_t *q = json_object_get(j, "quantity");
        CHECK(json_integer_value(q) >= 1 && json_integer_value(q) <= 5);
        json_decref(j);
    }
    /* without a schema: the JSON it is encoded from */
    rec.cart_schema = NULL;
    demo_make("cart-updates", 3, &rec);
    CHECK(rec.value.len > 0 && rec.value.buf[0] == '{');
    sb_free(&rec.value);
    kavro_schema_free(s);
}

static decode_kind_t kind_of(ks_decoders_t *d, const strbuf_t *v, const char **decoder)
{
    decode_result_t r;
    decode_part(d, "cart-updates", false, v->buf, v->len, &r);
    decode_kind_t k = r.kind;
    *decoder = r.decoder;
    decode_result_free(&r);
    return k;
}

static void test_preset(void)
{
    char err[KS_ERRLEN] = "";
    kavro_schema_t *s = kavro_schema_parse(demo_cart_updates_avsc, strlen(demo_cart_updates_avsc), err);
    demo_record_t rec = {.cart_schema = s};
    sb_init(&rec.value);
    demo_make("cart-updates", 1, &rec);
    const char *dec;

    /* the preset alone decodes the demo's Avro */
    ks_decoders_t *d = decoders_new(NULL);
    CHECK(decoders_preset_avro_text(d, "cart-updates", false, DEMO_CART_UPDATES_SCHEMA_LABEL,
                                    demo_cart_updates_avsc, err) == 0);
    CHECK(kind_of(d, &rec.value, &dec) == DK_AVRO);
    CHECK_STR(dec, "avro");
    json_t *l = decoders_list(d);
    CHECK(json_array_size(l) == 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(l, 0), "schema")),
              DEMO_CART_UPDATES_SCHEMA_LABEL);
    json_decref(l);
    /* again (reconnect, `decoder`): no second rule */
    CHECK(decoders_preset_avro_text(d, "cart-updates", false, DEMO_CART_UPDATES_SCHEMA_LABEL,
                                    demo_cart_updates_avsc, err) == 0);
    l = decoders_list(d);
    CHECK(json_array_size(l) == 1);
    json_decref(l);
    /* a later user setting replaces it */
    CHECK(decoders_set(d, "cart-updates", false, "hex", err) == 0);
    CHECK(kind_of(d, &rec.value, &dec) == DK_HEX);
    decoders_free(d);

    /* a user setting made before (config file) wins, exact or glob */
    d = decoders_new(NULL);
    CHECK(decoders_set(d, "cart-updates", false, "hex", err) == 0);
    CHECK(decoders_preset_avro_text(d, "cart-updates", false, DEMO_CART_UPDATES_SCHEMA_LABEL,
                                    demo_cart_updates_avsc, err) == 0);
    CHECK(kind_of(d, &rec.value, &dec) == DK_HEX);
    decoders_free(d);
    d = decoders_new(NULL);
    CHECK(decoders_set(d, "cart-*", false, "hex", err) == 0);
    CHECK(decoders_preset_avro_text(d, "cart-updates", false, DEMO_CART_UPDATES_SCHEMA_LABEL,
                                    demo_cart_updates_avsc, err) == 0);
    CHECK(kind_of(d, &rec.value, &dec) == DK_HEX);
    decoders_free(d);

    /* a bad schema text is an error */
    d = decoders_new(NULL);
    CHECK(decoders_preset_avro_text(d, "t", false, "x", "{\"type\":\"nope\"}", err) != 0);
    decoders_free(d);

    sb_free(&rec.value);
    kavro_schema_free(s);
}

int main(void)
{
    test_identical();
    test_demo_records_are_avro();
    test_preset();
    return check_summary();
}
