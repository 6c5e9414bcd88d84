/* json_compact: the TUI's one-line JSON without a tree must be jansson's
 * compact dump of the tree but for reals, kept as written, so it reads back
 * as the same JSON (fuzz_json_scan checks every input; these are the
 * edges), and it must refuse what it cannot write that way. */
#include <jansson.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decode/json_compact.h"
#include "decode/json_scan.h"

/* jansson's compact dump of s's tree */
static char *dumped(const char *s)
{
    json_t *j = json_loadb(s, strlen(s), JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    char *d = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    json_decref(j);
    return d;
}

/* s is compacted to want, which reads back as the same JSON as s */
static void same(const char *s, const char *want)
{
    CHECK(json_scan(s, strlen(s), NULL));
    strbuf_t sb;
    sb_init(&sb);
    sb_adds(&sb, ">"); /* appends: what was there stays */
    CHECK(json_compact(s, strlen(s), &sb) == 0);
    CHECK(sb.buf && sb.buf[0] == '>');
    CHECK_STR(sb.buf ? sb.buf + 1 : NULL, want);
    char *d = dumped(s), *w = dumped(want);
    CHECK(d && w);
    CHECK_STR(w, d);
    free(d);
    free(w);
    sb_free(&sb);
}

/* s is refused and the buffer is left as it was */
static void refused(const char *s)
{
    CHECK(json_scan(s, strlen(s), NULL));
    strbuf_t sb;
    sb_init(&sb);
    sb_adds(&sb, "kept");
    CHECK(json_compact(s, strlen(s), &sb) == -1);
    CHECK_STR(sb.buf, "kept");
    CHECK(sb.len == 4);
    sb_free(&sb);
}

/* json_real_append(d) writes want, and want reads back as d */
static void real_is(double d, const char *want)
{
    strbuf_t r;
    sb_init(&r);
    json_real_append(&r, d);
    CHECK_STR(r.buf, want);
    CHECK(strtod(want, NULL) == d);
    sb_free(&r);
}

int main(void)
{
    /* blanks go, everything else stays */
    same("{\"cart_id\":1,\"cart_action\":\"ADD\",\"q\":[1,2]}",
         "{\"cart_id\":1,\"cart_action\":\"ADD\",\"q\":[1,2]}");
    same(" { \"a\" : [ 1 , true , false , null ] ,\n\t\"b\" : { } , \"c\" : [ ] }\r\n",
         "{\"a\":[1,true,false,null],\"b\":{},\"c\":[]}");
    same("\"just a string\"", "\"just a string\"");
    same("  42 ", "42");
    same("\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"");
    /* the escapes jansson writes the same way */
    same("[\"q\\\"b\\\\s\\bf\\fn\\nr\\rt\\t\"]", "[\"q\\\"b\\\\s\\bf\\fn\\nr\\rt\\t\"]");
    /* integers as written, but -0 is 0 */
    same("[-0,0,-12,9223372036854775807,-9223372036854775808]",
         "[0,0,-12,9223372036854775807,-9223372036854775808]");
    /* reals as written (jansson would print 0.1 as 0.10000000000000001) */
    same("[0.1,1.5,1e5,1E+20,-2.5e-7,1e-400,-1e-400,100.0,0.0,-0.0]",
         "[0.1,1.5,1e5,1E+20,-2.5e-7,1e-400,-1e-400,100.0,0.0,-0.0]");
    same(" { \"value\" : 35.30 } ", "{\"value\":35.30}");
    /* the same key in different objects is not a repeat */
    same("{\"a\":{\"a\":1,\"b\":2},\"b\":[{\"a\":1},{\"a\":2}]}",
         "{\"a\":{\"a\":1,\"b\":2},\"b\":[{\"a\":1},{\"a\":2}]}");

    refused("[\"\\u00e9\"]");      /* jansson writes the character */
    refused("[\"\\u001f\"]");      /* or \u001F */
    refused("[\"a\\/b\"]");        /* or a bare slash */
    refused("{\"a\":1,\"b\":2,\"a\":3}"); /* one member kept: {"a":3,"b":2} */
    refused("{\"x\":{\"a\":1,\"a\":1}}");
    same("[1.00000000000000000000000000000000000000000000000000000000000000001]",
         "[1.00000000000000000000000000000000000000000000000000000000000000001]");

    /* the limits: past them, refused rather than wrong */
    strbuf_t big;
    sb_init(&big);
    sb_addc(&big, '{');
    for (int i = 0; i <= JSON_COMPACT_MAX_KEYS; i++)
        sb_printf(&big, "%s\"k%d\":%d", i ? "," : "", i, i);
    sb_addc(&big, '}');
    refused(big.buf);
    sb_reset(&big);
    for (int i = 0; i <= JSON_COMPACT_MAX_DEPTH; i++)
        sb_addc(&big, '[');
    for (int i = 0; i <= JSON_COMPACT_MAX_DEPTH; i++)
        sb_addc(&big, ']');
    refused(big.buf);
    /* keys of a closed object no longer count */
    sb_reset(&big);
    sb_addc(&big, '[');
    for (int i = 0; i < 2 * JSON_COMPACT_MAX_KEYS; i++)
        sb_printf(&big, "%s{\"a%d\":1,\"b\":2}", i ? "," : "", i);
    sb_addc(&big, ']');
    char *d = dumped(big.buf);
    same(big.buf, d);
    free(d);
    sb_free(&big);

    /* bytes that are not JSON are refused, not read past their end */
    strbuf_t sb;
    sb_init(&sb);
    CHECK(json_compact("tru", 3, &sb) == -1 && sb.len == 0);
    CHECK(json_compact("\"abc", 4, &sb) == -1 && sb.len == 0);
    CHECK(json_compact("[x]", 3, &sb) == -1 && sb.len == 0);
    sb_free(&sb);

    /* a double in the fewest digits that read back the same, in jansson's
     * shape otherwise; '.' whatever the locale */
    real_is(35.3, "35.3");
    real_is(0.1, "0.1");
    real_is(0.1 + 0.2, "0.30000000000000004");
    real_is(1e22, "1e22");
    real_is(3.0, "3.0");
    real_is(100.0, "100.0");
    real_is(-2.5e-7, "-2.5e-7");
    real_is(1.7976931348623157e308, "1.7976931348623157e308");
    real_is(5e-324, "4.94065645841247e-324"); /* 15 digits at least */
    if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
        same("[2.5,1e3]", "[2.5,1e3]");
        real_is(2.5, "2.5");
    }
    setlocale(LC_NUMERIC, "C");
    return check_summary();
}
