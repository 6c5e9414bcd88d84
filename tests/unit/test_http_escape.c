/* http_escape: path segments (subjects, connector names) percent-escaped as
 * RFC 3986 asks, without libcurl. */
#include <stdlib.h>

#include "check.h"
#include "http/http.h"

static void esc(const char *in, const char *want)
{
    char *got = http_escape(in);
    CHECK_STR(got, want);
    free(got);
}

int main(void)
{
    esc("", "");
    esc("orders-value", "orders-value");
    esc("AZaz09-._~", "AZaz09-._~");
    esc("a b/c?d#e%f", "a%20b%2Fc%3Fd%23e%25f");
    esc("caf\xc3\xa9", "caf%C3%A9");
    esc("\x01\x7f\xff", "%01%7F%FF");
    esc("../admin", "..%2Fadmin");
    return check_summary();
}
