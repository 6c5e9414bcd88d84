/* json_scan: the tree-free JSON check of tail's hot path, on the edges where
 * it must say what jansson says (fuzz_json_scan checks every input). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decode/json_scan.h"

static bool scan(const char *s)
{
    return json_scan(s, strlen(s), NULL);
}

/* the scanner's verdict and jansson's */
static void agree(const char *s, bool valid)
{
    CHECK(scan(s) == valid);
    json_t *j = json_loadb(s, strlen(s), JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    CHECK((j != NULL) == valid);
    json_decref(j);
}

static char *nested(int levels, const char *inner)
{
    size_t n = strlen(inner);
    char *s = malloc((size_t)levels * 2 + n + 1);
    memset(s, '[', (size_t)levels);
    memcpy(s + levels, inner, n);
    memset(s + levels + n, ']', (size_t)levels);
    s[levels * 2 + n] = '\0';
    return s;
}

int main(void)
{
    agree("{\"a\":[1,-2.5e3,true,false,null,\"x\"],\"b\":{}}", true);
    agree("42", true);
    agree("\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", true);
    agree("", false);
    agree("{\"a\":1,}", false);
    agree("[1 2]", false);
    agree("01", false);
    agree("1.", false);
    agree("-", false);
    agree("tru", false);
    agree("\"tab\there\"", false);         /* raw control character */
    agree("\"\xc0\xaf\"", false);           /* overlong UTF-8 */
    agree("\"\xed\xa0\x80\"", false);       /* a surrogate in UTF-8 */
    agree("\"\\ud83d\\ude00\"", true);      /* a surrogate pair */
    agree("\"\\ud83d\"", false);            /* half of one */
    agree("\"\\ude00\"", false);
    agree("\"a\\u0000b\"", true);           /* NUL in a string (JSON_ALLOW_NUL) */
    agree("{\"a\\u0000\":1}", false);       /* but not in a key */
    agree("9223372036854775807", true);
    agree("-9223372036854775808", true);
    agree("9223372036854775808", false);    /* beyond int64 */
    agree("-9223372036854775809", false);
    agree("1.7976931348623157e308", true);
    agree("1.7976931348623159e308", false); /* overflows a double */
    agree("1e-400", true);                  /* underflow is fine */
    agree("0.000001e304", true);
    agree("0.000001e315", false);
    char *deep = nested(2048, "");
    agree(deep, true);
    free(deep);
    deep = nested(2048, "1"); /* the scalar is value 2049 */
    agree(deep, false);
    free(deep);
    /* a raw NUL is never JSON here (jansson skips one after a literal) */
    CHECK(!json_scan("[null\0]", 7, NULL));

    unsigned info = 0;
    CHECK(json_scan("{\"a\":1}", 7, &info) && info == JSON_SCAN_CONTAINER);
    CHECK(json_scan(" [1] ", 5, &info) && info == (JSON_SCAN_CONTAINER | JSON_SCAN_PADDED));
    CHECK(json_scan("{\n\"a\" : 1\n}", 11, &info) &&
          info == (JSON_SCAN_CONTAINER | JSON_SCAN_MULTILINE));
    CHECK(json_scan("\"x\"", 3, &info) && info == 0);

    const char *env = "{\"key\":\"k\", \"value\" : {\"p\":1.50} ,\"\\u0076alue\":[ 1 ],\"v\":2}";
    size_t off = 0, len = 0;
    CHECK(json_scan_member(env, strlen(env), "key", &off, &len) && len == 3 &&
          !memcmp(env + off, "\"k\"", 3));
    /* repeated (here spelled with an escape): the last one, as jansson keeps */
    CHECK(json_scan_member(env, strlen(env), "value", &off, &len) && len == 5 &&
          !memcmp(env + off, "[ 1 ]", 5));
    CHECK(!json_scan_member(env, strlen(env), "headers", &off, &len));
    CHECK(!json_scan_member("[1]", 3, "key", &off, &len));
    CHECK(!json_scan_member("{\"key\":}", 8, "key", &off, &len));
    return check_summary();
}
