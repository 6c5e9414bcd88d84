/* Avro: JSON -> Avro -> JSON round trips for every type and logical type,
 * schema evolution, errors that name the field, truncated and hostile bytes. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decode/avro/kavro.h"

#ifndef KS_TEST_DATA
#error KS_TEST_DATA must name tests/data
#endif

static kavro_schema_t *load(const char *name)
{
    char path[512], err[KS_ERRLEN];
    snprintf(path, sizeof path, "%s/%s", KS_TEST_DATA, name);
    kavro_schema_t *s = kavro_schema_load_file(path, err);
    if (!s)
        fprintf(stderr, "%s\n", err);
    CHECK(s != NULL);
    return s;
}

static kavro_schema_t *parse(const char *text)
{
    char err[KS_ERRLEN];
    kavro_schema_t *s = kavro_schema_parse(text, strlen(text), err);
    if (!s)
        fprintf(stderr, "%s\n", err);
    CHECK(s != NULL);
    return s;
}

/* Encodes json, decodes it again (through reader), compares with want. */
static void roundtrip(kavro_schema_t *w, kavro_schema_t *r, const char *json, const char *want)
{
    char err[KS_ERRLEN] = "";
    json_t *in = json_loads(json, JSON_ALLOW_NUL, NULL);
    CHECK(in != NULL);
    strbuf_t bin;
    sb_init(&bin);
    int rc = kavro_encode(w, in, &bin, err);
    if (rc)
        fprintf(stderr, "encode: %s\n", err);
    CHECK(rc == 0);
    json_t *out = NULL;
    rc = kavro_decode(w, r, bin.buf, bin.len, &out, err);
    if (rc)
        fprintf(stderr, "decode: %s\n", err);
    CHECK(rc == 0);
    char *got = out ? json_dumps(out, JSON_COMPACT) : NULL;
    char *wanted = NULL;
    if (want) {
        json_t *wj = json_loads(want, JSON_ALLOW_NUL, NULL);
        wanted = json_dumps(wj, JSON_COMPACT);
        json_decref(wj);
    } else {
        wanted = json_dumps(in, JSON_COMPACT);
    }
    CHECK_STR(got, wanted);
    free(got);
    free(wanted);
    json_decref(out);
    json_decref(in);
    sb_free(&bin);
}

static void encode_fails(kavro_schema_t *s, const char *json, const char *want_in_err)
{
    char err[KS_ERRLEN] = "";
    json_t *in = json_loads(json, JSON_ALLOW_NUL, NULL);
    strbuf_t bin;
    sb_init(&bin);
    CHECK(kavro_encode(s, in, &bin, err) == -1);
    CHECK(bin.len == 0);
    if (!strstr(err, want_in_err)) {
        fprintf(stderr, "error \"%s\" lacks \"%s\"\n", err, want_in_err);
        CHECK(0);
    }
    json_decref(in);
    sb_free(&bin);
}

static const char *all_types_value =
    "{\"n\":null,\"b\":true,\"i\":-42,\"l\":9007199254740993,\"f\":1.5,\"d\":-2.25,"
    "\"s\":\"h\\u00e9llo \\u2603\",\"raw\":\"\\u0000\\u00ff\\u0001A\",\"color\":\"GREEN\","
    "\"tags\":[\"a\",\"b\",\"\"],\"counts\":{\"x\":1,\"y\":-2},\"maybe\":\"yes\",\"choice\":\"BLUE\","
    "\"md5\":\"\\u00de\\u00ad\\u00be\\u00ef\",\"price\":\"-1234.50\",\"fprice\":\"987654321.125\","
    "\"id\":\"123e4567-e89b-12d3-a456-426614174000\",\"day\":\"2024-02-29\",\"tm\":\"13:45:01.123\","
    "\"tu\":\"23:59:59.999999\",\"tsm\":\"2024-01-31T13:45:01.123Z\","
    "\"tsu\":\"1969-12-31T23:59:59.000001Z\",\"nested\":{\"x\":1,\"again\":{\"x\":2,\"again\":null}},"
    "\"other\":{\"x\":3,\"again\":null}}";

static void test_all_types(void)
{
    kavro_schema_t *s = load("all_types.avsc");
    if (!s)
        return;
    CHECK_STR(kavro_schema_name(s), "dev.kafscope.test.AllTypes");
    roundtrip(s, NULL, all_types_value, NULL);
    /* numbers are accepted for logical types, and shown readably */
    json_t *v = json_loads(all_types_value, JSON_ALLOW_NUL, NULL);
    json_object_set_new(v, "day", json_integer(0));
    json_object_set_new(v, "tsm", json_integer(1706708701123LL));
    json_object_set_new(v, "tm", json_integer(1000));
    json_object_set_new(v, "price", json_integer(7));
    json_object_set_new(v, "maybe", json_pack("{s:s}", "string", "tagged"));
    json_object_set_new(v, "choice", json_integer(5));
    char *in = json_dumps(v, JSON_COMPACT);
    json_object_set_new(v, "day", json_string("1970-01-01"));
    json_object_set_new(v, "tsm", json_string("2024-01-31T13:45:01.123Z"));
    json_object_set_new(v, "tm", json_string("00:00:01.000"));
    json_object_set_new(v, "price", json_string("7.00"));
    json_object_set_new(v, "maybe", json_string("tagged"));
    char *want = json_dumps(v, JSON_COMPACT);
    roundtrip(s, NULL, in, want);
    free(in);
    free(want);
    json_decref(v);
    kavro_schema_free(s);
}

static void test_cart_updates(void)
{
    kavro_schema_t *s = load("cart_updates.avsc");
    if (!s)
        return;
    CHECK_STR(kavro_schema_name(s), "com.picksbrick.cart_updates");
    const char *v = "{\"cart_id\":7,\"cart_action\":\"ADD\",\"element_id\":42,"
                    "\"element_desc\":\"Lego brick 2x4\",\"quantity\":3}";
    roundtrip(s, NULL, v, NULL);
    encode_fails(s,
                 "{\"cart_id\":7,\"cart_action\":\"FOO\",\"element_id\":42,\"element_desc\":\"x\","
                 "\"quantity\":3}",
                 "cart_action: expected one of ADD, REMOVE, UPDATE_QTY, got a string \"FOO\"");
    encode_fails(s, "{\"cart_id\":\"seven\"}", "cart_id: expected an int");
    encode_fails(s, "{\"cart_id\":7,\"cart_action\":\"ADD\"}", "element_id: missing field");
    encode_fails(s,
                 "{\"cart_id\":7,\"cart_action\":\"ADD\",\"element_id\":42,\"element_desc\":\"x\","
                 "\"quantity\":3,\"colour\":1}",
                 "colour: no such field");
    encode_fails(s, "{\"cart_id\":4294967296}", "cart_id: expected an int between");
    encode_fails(s, "[1]", "(value): expected an object (record)");
    kavro_schema_free(s);
}

static void test_nested_errors(void)
{
    kavro_schema_t *s = load("all_types.avsc");
    if (!s)
        return;
    json_t *v = json_loads(all_types_value, JSON_ALLOW_NUL, NULL);
    json_object_set_new(v, "tags", json_pack("[s,i]", "ok", 3));
    char *in = json_dumps(v, JSON_COMPACT);
    encode_fails(s, in, "tags[1]: expected a string, got a whole number 3");
    free(in);
    json_object_set_new(v, "tags", json_array());
    json_object_set_new(json_object_get(json_object_get(v, "nested"), "again"), "x",
                        json_string("no"));
    in = json_dumps(v, JSON_COMPACT);
    encode_fails(s, in, "nested.again: expected one of the union's types (null, dev.kafscope.test.Inner)");
    free(in);
    json_object_set_new(json_object_get(v, "nested"), "again", json_null());
    json_object_set_new(v, "price", json_string("1.234"));
    in = json_dumps(v, JSON_COMPACT);
    encode_fails(s, in, "price: expected at most 2 decimal places");
    free(in);
    json_object_set_new(v, "price", json_string("1.2"));
    json_object_set_new(v, "md5", json_string("abc"));
    in = json_dumps(v, JSON_COMPACT);
    encode_fails(s, in, "md5: expected exactly 4 bytes");
    free(in);
    json_object_set_new(v, "md5", json_string("abcd"));
    json_object_set_new(v, "day", json_string("31/01/2024"));
    in = json_dumps(v, JSON_COMPACT);
    encode_fails(s, in, "day: expected a date");
    free(in);
    json_decref(v);
    kavro_schema_free(s);
}

/* A new reader schema reads old data: a field added with a default, one
 * dropped, int promoted to long, an enum symbol added. */
static void test_evolution(void)
{
    kavro_schema_t *w = load("cart_updates.avsc");
    kavro_schema_t *r = parse(
        "{\"type\":\"record\",\"name\":\"cart_updates\",\"namespace\":\"com.picksbrick\",\"fields\":["
        "{\"name\":\"cart_id\",\"type\":\"long\"},"
        "{\"name\":\"cart_action\",\"type\":{\"type\":\"enum\",\"name\":\"cart_action\","
        "\"symbols\":[\"ADD\",\"REMOVE\",\"UPDATE_QTY\",\"CLEAR\"]}},"
        "{\"name\":\"element_id\",\"type\":\"int\"},"
        "{\"name\":\"quantity\",\"type\":\"double\"},"
        "{\"name\":\"currency\",\"type\":\"string\",\"default\":\"EUR\"}]}");
    if (!w || !r)
        return;
    char err[KS_ERRLEN];
    roundtrip(w, r,
              "{\"cart_id\":7,\"cart_action\":\"REMOVE\",\"element_id\":42,\"element_desc\":\"x\","
              "\"quantity\":3}",
              "{\"cart_id\":7,\"cart_action\":\"REMOVE\",\"element_id\":42,\"quantity\":3.0,"
              "\"currency\":\"EUR\"}");
    /* a reader that cannot read it: a new field without a default */
    kavro_schema_t *bad = parse(
        "{\"type\":\"record\",\"name\":\"cart_updates\",\"namespace\":\"com.picksbrick\",\"fields\":["
        "{\"name\":\"shop\",\"type\":\"string\"}]}");
    CHECK(kavro_check_resolvable(w, bad, err) == -1);
    json_t *in = json_loads("{\"cart_id\":7,\"cart_action\":\"ADD\",\"element_id\":1,"
                            "\"element_desc\":\"x\",\"quantity\":3}", 0, NULL);
    strbuf_t bin;
    sb_init(&bin);
    CHECK(kavro_encode(w, in, &bin, err) == 0);
    json_t *out = NULL;
    CHECK(kavro_decode(w, bad, bin.buf, bin.len, &out, err) == -1);
    CHECK(strstr(err, "shop: missing field") != NULL);
    json_decref(in);
    sb_free(&bin);
    /* int promoted without defaults: avro-c's own resolver */
    kavro_schema_t *wide = parse(
        "{\"type\":\"record\",\"name\":\"cart_updates\",\"namespace\":\"com.picksbrick\",\"fields\":["
        "{\"name\":\"cart_id\",\"type\":\"double\"}]}");
    CHECK(kavro_check_resolvable(w, wide, err) == 0);
    roundtrip(w, wide,
              "{\"cart_id\":7,\"cart_action\":\"REMOVE\",\"element_id\":42,\"element_desc\":\"x\","
              "\"quantity\":3}",
              "{\"cart_id\":7.0}");
    kavro_schema_free(wide);
    kavro_schema_free(bad);
    kavro_schema_free(w);
    kavro_schema_free(r);
}

/* Every prefix of a valid datum fails cleanly; so do hostile counts. */
static void test_truncated_and_hostile(void)
{
    kavro_schema_t *s = load("all_types.avsc");
    if (!s)
        return;
    char err[KS_ERRLEN];
    json_t *in = json_loads(all_types_value, JSON_ALLOW_NUL, NULL);
    strbuf_t bin;
    sb_init(&bin);
    CHECK(kavro_encode(s, in, &bin, err) == 0);
    int failures = 0;
    for (size_t n = 0; n < bin.len; n++) {
        json_t *out = NULL;
        if (kavro_decode(s, NULL, bin.buf, n, &out, err) == -1 && !out)
            failures++;
        json_decref(out);
    }
    CHECK(failures == (int)bin.len);
    CHECK(strstr(err, "truncated") != NULL);
    /* one byte too many */
    sb_addc(&bin, 0);
    json_t *out = NULL;
    CHECK(kavro_decode(s, NULL, bin.buf, bin.len, &out, err) == -1);
    CHECK(strstr(err, "left over") != NULL);
    json_decref(in);
    sb_free(&bin);
    kavro_schema_free(s);

    /* an array of nulls claiming 2^62 items, in a few bytes */
    kavro_schema_t *nulls = parse("{\"type\":\"array\",\"items\":\"null\"}");
    const unsigned char huge[] = {0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00};
    CHECK(kavro_decode(nulls, NULL, huge, sizeof huge, &out, err) == -1);
    kavro_schema_free(nulls);
    /* a string claiming 2^40 bytes */
    kavro_schema_t *str = parse("\"string\"");
    const unsigned char big[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 'a'};
    CHECK(kavro_decode(str, NULL, big, sizeof big, &out, err) == -1);
    CHECK(strstr(err, "truncated") != NULL);
    /* invalid UTF-8 in a string is shown escaped, not dropped */
    const unsigned char bad_utf8[] = {0x08, 'a', 0xff, 'b', 'c'};
    CHECK(kavro_decode(str, NULL, bad_utf8, sizeof bad_utf8, &out, err) == 0);
    CHECK(out && json_is_string(out));
    CHECK_STR(json_string_value(out), "a\\xFFbc");
    json_decref(out);
    kavro_schema_free(str);
    /* a deeply recursive value is refused, not a stack overflow */
    kavro_schema_t *list = parse("{\"type\":\"record\",\"name\":\"L\",\"fields\":[{\"name\":\"next\","
                                 "\"type\":[\"null\",\"L\"]}]}");
    unsigned char deep[5000];
    memset(deep, 0x02, sizeof deep);
    deep[sizeof deep - 1] = 0;
    CHECK(kavro_decode(list, NULL, deep, sizeof deep, &out, err) == -1);
    CHECK(strstr(err, "nested deeper") != NULL);
    kavro_schema_free(list);
    /* timestamps at the ends of a long are shown as numbers (no overflow
     * splitting them into days: found by fuzz_avro) */
    kavro_schema_t *ts = parse("{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}");
    const unsigned char min[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
    const unsigned char max[] = {0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
    CHECK(kavro_decode(ts, NULL, min, sizeof min, &out, err) == 0);
    CHECK(out && json_is_integer(out) && json_integer_value(out) == INT64_MIN);
    json_decref(out);
    CHECK(kavro_decode(ts, NULL, max, sizeof max, &out, err) == 0);
    CHECK(out && json_is_integer(out) && json_integer_value(out) == INT64_MAX);
    json_decref(out);
    kavro_schema_free(ts);
}

static void test_bad_schemas(void)
{
    char err[KS_ERRLEN];
    CHECK(kavro_schema_parse("{", 1, err) == NULL);
    CHECK(strstr(err, "not valid JSON") != NULL);
    const char *s = "{\"type\":\"record\",\"name\":\"x\",\"fields\":[{\"name\":\"a\",\"type\":\"nope\"}]}";
    CHECK(kavro_schema_parse(s, strlen(s), err) == NULL);
    CHECK(strstr(err, "invalid Avro schema") != NULL);
    CHECK(kavro_schema_load_file("/nonexistent.avsc", err) == NULL);
}

int main(void)
{
    test_all_types();
    test_cart_updates();
    test_nested_errors();
    test_evolution();
    test_truncated_and_hostile();
    test_bad_schemas();
    return check_summary();
}
