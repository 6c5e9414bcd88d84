#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/sanitize.h"

static void san(const char *in, size_t n, const char *want)
{
    strbuf_t sb;
    sb_init(&sb);
    sanitize_append(&sb, in, n);
    CHECK_STR(sb.buf ? sb.buf : "", want);
    sb_free(&sb);
}

static void san_json(const char *in, const char *want)
{
    strbuf_t sb;
    sb_init(&sb);
    sanitize_json_append(&sb, in, strlen(in));
    CHECK_STR(sb.buf ? sb.buf : "", want);
    sb_free(&sb);
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    san("plain text", 10, "plain text");
    san("caf\xc3\xa9", 5, "caf\xc3\xa9");
    san("\x1b[2J\x1b]0;owned\x07", 14, "\\e[2J\\e]0;owned\\x07");
    san("a\nb\tc\rd", 7, "a\\nb\\tc\\rd");
    san("nul\0x", 5, "nul\\x00x");
    san("del\x7f", 4, "del\\x7F");
    san("back\\slash", 10, "back\\\\slash");
    /* invalid UTF-8: lone continuation, truncated sequence, overlong, surrogate */
    san("\x80", 1, "\\x80");
    san("\xe2\x82", 2, "\\xE2\\x82");
    san("\xc0\xaf", 2, "\\xC0\\xAF");
    san("\xed\xa0\x80", 3, "\\xED\\xA0\\x80");
    /* C1 control (U+009B, CSI) and bidi override (U+202E) */
    san("\xc2\x9b" "31m", 5, "\\u{009B}31m");
    san("abc\xe2\x80\xae" "def", 9, "abc\\u{202E}def");
    /* JSON text from jansson: its escapes kept, unsafe code points as \uXXXX */
    san_json("{\"a\\\"b\":\"x\\u001b[31m\\n\"}", "{\"a\\\"b\":\"x\\u001b[31m\\n\"}");
    san_json("[\"\xc2\x9b" "31m\",\"abc\xe2\x80\xae" "d\",\"caf\xc3\xa9\"]",
             "[\"\\u009B31m\",\"abc\\u202Ed\",\"caf\xc3\xa9\"]");
    san_json("\"del\x7f\"", "\"del\\u007F\"");
    /* wide characters survive */
    san("\xe6\x97\xa5\xe6\x9c\xac", 6, "\xe6\x97\xa5\xe6\x9c\xac");

    CHECK(utf8_valid("h\xc3\xa9", 3));
    CHECK(!utf8_valid("h\xc3", 2));
    CHECK(!utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */

    CHECK(text_width("abc") == 3);
    CHECK(text_width("\xe6\x97\xa5\xe6\x9c\xac") == 4); /* two wide chars */
    int w;
    /* Cutting never splits a wide character: 3 columns hold one CJK char. */
    CHECK(text_fit("\xe6\x97\xa5\xe6\x9c\xac", 3, &w) == 3);
    CHECK(w == 2);
    CHECK(text_fit("h\xc3\xa9llo", 2, &w) == 3);
    CHECK(w == 2);
    CHECK(text_fit("abc", 0, &w) == 0);

    char *s = sanitize_str("t\x1b");
    CHECK_STR(s, "t\\e");
    free(s);
    return check_summary();
}
