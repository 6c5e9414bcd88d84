#include <stdlib.h>
#include <time.h>
#include "check.h"
#include "kafka/offsetspec.h"
#include "base/util.h"

static void spec_ok(const char *s, offset_kind_t kind, int64_t value)
{
    offset_spec_t o;
    char err[KS_ERRLEN];
    int rc = offsetspec_parse(s, &o, err);
    CHECK(rc == 0);
    if (rc == 0) {
        CHECK(o.kind == kind);
        CHECK(o.value == value);
        if (o.kind != kind || o.value != value)
            fprintf(stderr, "  for '%s': kind %d value %lld\n", s, o.kind, (long long)o.value);
    }
}

static void spec_bad(const char *s)
{
    offset_spec_t o;
    char err[KS_ERRLEN] = "";
    CHECK(offsetspec_parse(s, &o, err) == -1);
    CHECK(strstr(err, "offset") != NULL || strstr(err, "date") != NULL);
}

int main(void)
{
    spec_ok("beginning", OFS_BEGINNING, 0);
    spec_ok("earliest", OFS_BEGINNING, 0);
    spec_ok("end", OFS_END, 0);
    spec_ok("latest", OFS_END, 0);
    spec_ok("0", OFS_ABSOLUTE, 0);
    spec_ok("42", OFS_ABSOLUTE, 42);
    spec_ok("-10", OFS_LAST, 10);
    spec_ok("@1700000000000", OFS_TIME, 1700000000000LL);
    spec_ok("@2024-05-01T12:30:05Z", OFS_TIME, 1714566605000LL);
    spec_ok("@2024-05-01T12:30:05.250Z", OFS_TIME, 1714566605250LL);
    spec_ok("@2024-05-01T14:30:05+02:00", OFS_TIME, 1714566605000LL);
    spec_ok("@2024-05-01T07:30:05-0500", OFS_TIME, 1714566605000LL);
    spec_ok("@1970-01-01T00:00Z", OFS_TIME, 0);
    spec_ok("@2000-02-29T00:00:00Z", OFS_TIME, 951782400000LL);

    /* Without a zone the time is local: compare with mktime's answer. */
    setenv("TZ", "UTC", 1);
    tzset();
    spec_ok("@2024-05-01", OFS_TIME, 1714521600000LL);
    spec_ok("@2024-05-01 00:00:01", OFS_TIME, 1714521601000LL);

    spec_bad("");
    spec_bad("yesterday");
    spec_bad("-");
    spec_bad("-0");
    spec_bad("--5");
    spec_bad("12abc");
    spec_bad("@");
    spec_bad("@2024-13-01");
    spec_bad("@2024-05-01T25:00");
    spec_bad("@2024-05-01T12:30:05Zjunk");
    spec_bad("@2024/05/01");
    spec_bad("99999999999999999999999");
    return check_summary();
}
