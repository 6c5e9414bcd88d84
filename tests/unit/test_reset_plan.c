#include "check.h"
#include "kafka/reset_plan.h"
#include "base/util.h"

static reset_row_t row(int64_t current, int64_t low, int64_t high, int64_t time_offset)
{
    reset_row_t r = {.current = current, .low = low, .high = high, .time_offset = time_offset};
    return r;
}

static int64_t target(reset_kind_t kind, int64_t value, reset_row_t r, bool *clamped)
{
    reset_spec_t s = {kind, value};
    char err[KS_ERRLEN];
    if (reset_compute(&s, &r, err))
        return -999;
    if (clamped)
        *clamped = r.clamped;
    return r.target;
}

static void dur_ok(const char *s, int64_t want)
{
    int64_t ms = -1;
    char err[KS_ERRLEN];
    CHECK(parse_duration(s, &ms, err) == 0);
    CHECK(ms == want);
    if (ms != want)
        fprintf(stderr, "  %s -> %lld\n", s, (long long)ms);
}

static void dur_bad(const char *s)
{
    int64_t ms;
    char err[KS_ERRLEN] = "";
    CHECK(parse_duration(s, &ms, err) == -1);
    CHECK(strstr(err, "invalid duration") != NULL);
}

int main(void)
{
    bool c;
    reset_row_t r = row(40, 10, 100, -1);
    CHECK(target(RESET_EARLIEST, 0, r, &c) == 10 && !c);
    CHECK(target(RESET_LATEST, 0, r, &c) == 100 && !c);
    CHECK(target(RESET_CURRENT, 0, r, &c) == 40);
    CHECK(target(RESET_CURRENT, 0, row(-1, 10, 100, -1), &c) == 100); /* no commit: end */
    CHECK(target(RESET_OFFSET, 55, r, &c) == 55 && !c);
    CHECK(target(RESET_OFFSET, 5, r, &c) == 10 && c);     /* below log start */
    CHECK(target(RESET_OFFSET, 500, r, &c) == 100 && c);  /* past the end */
    CHECK(target(RESET_SHIFT, -15, r, &c) == 25 && !c);
    CHECK(target(RESET_SHIFT, -35, r, &c) == 10 && c);
    CHECK(target(RESET_SHIFT, 70, r, &c) == 100 && c);
    CHECK(target(RESET_SHIFT, 1, row(-1, 0, 9, -1), &c) == -999); /* nothing to shift from */
    CHECK(target(RESET_DATETIME, 0, row(40, 10, 100, 70), &c) == 70);
    CHECK(target(RESET_DATETIME, 0, row(40, 10, 100, -1), &c) == 100); /* after the last */
    CHECK(target(RESET_DURATION, 0, row(40, 10, 100, 12), &c) == 12);

    reset_spec_t s = {RESET_OFFSET, 30};
    char err[KS_ERRLEN];
    r = row(40, 10, 100, -1);
    CHECK(reset_compute(&s, &r, err) == 0);
    CHECK(r.lag_before == 60 && r.lag_after == 70 && r.requested == 30);
    r = row(-1, 10, 100, -1);
    CHECK(reset_compute(&s, &r, err) == 0);
    CHECK(r.lag_before == -1 && r.lag_after == 70);

    dur_ok("PT30M", 1800000);
    dur_ok("PT1H30M", 5400000);
    dur_ok("P1D", 86400000);
    dur_ok("P1DT12H", 129600000);
    dur_ok("PT0.5S", 500);
    dur_ok("PT10S", 10000);
    dur_ok("pt2m", 120000);
    dur_bad("");
    dur_bad("P");
    dur_bad("PT");
    dur_bad("30M");
    dur_bad("PT30");
    dur_bad("P1H");      /* hours need the T */
    dur_bad("PT1D");     /* days must not follow T */
    dur_bad("PT1M1H");   /* order */
    dur_bad("PT1.5M");   /* fractions only for seconds */
    dur_bad("P-1D");
    dur_bad("PT1S junk");
    return check_summary();
}
