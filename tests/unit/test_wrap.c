/* base/wrap.c: the one word wrap (display width, words kept whole, '\n' ends a line). */
#include <locale.h>
#include <string.h>

#include "base/wrap.h"
#include "check.h"

/* Splits text into lines of width and joins them with '|'. */
static const char *lines(const char *text, int width, bool words)
{
    static char out[512];
    size_t o = 0;
    const char *p = text;
    int guard = 0;
    while (*p && guard++ < 100) {
        size_t n = wrap_line(p, width, words);
        if (o)
            out[o++] = '|';
        memcpy(out + o, p, n);
        o += n;
        p = wrap_rest(p + n);
    }
    out[o] = '\0';
    return out;
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8"); /* as the program runs: wide characters are 2 columns */
    CHECK_STR(lines("the quick brown fox", 10, true), "the quick|brown fox");
    CHECK_STR(lines("the quick brown fox", 10, false), "the quick |brown fox");
    CHECK_STR(lines("a\nb c", 10, true), "a|b c");
    CHECK_STR(lines("abcdefghijkl mn", 5, true), "abcde|fghij|kl mn");
    CHECK_STR(lines("日本語テキスト", 5, true), "日本|語テ|キス|ト");
    CHECK_STR(lines("日本", 1, false), "日|本");
    CHECK_STR(lines("", 5, true), "");
    CHECK(wrap_line("x", 0, true) == 1);
    CHECK(wrap_line("\nx", 5, true) == 0);
    CHECK_STR(wrap_rest("   \nnext"), "next");
    return check_summary();
}
