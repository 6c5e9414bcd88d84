/* The panes' numeric columns (ui/tui/number_format.c): exact small figures,
 * one decimal with a unit above, the unit moving up at the rounding edge,
 * and nothing wider than six cells. A rate of 1.28 million once showed as
 * "1283.1" because "1283.1k" was cut to its column. */
#include <string.h>

#include "check.h"
#include "tui/number_format.h"

static const char *count(int64_t n)
{
    static char buf[32];
    ui_format_count(buf, sizeof buf, n);
    return buf;
}

static const char *rate(double r)
{
    static char buf[32];
    ui_format_rate(buf, sizeof buf, r);
    return buf;
}

int main(void)
{
    static const struct {
        int64_t n;
        const char *want;
    } counts[] = {
        {-1, "-"},           {0, "0"},           {99999, "99999"},       {100000, "100.0k"},
        {999949, "999.9k"},  {999950, "1.0M"},   {9999999, "10.0M"},     {21400000, "21.4M"},
        {1234567890, "1.2G"}, {INT64_MAX, "9.2E"},
    };
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++)
        CHECK_STR(count(counts[i].n), counts[i].want);

    static const struct {
        double r;
        const char *want;
    } rates[] = {
        {-1, "-"},          {0.25, "0.2"},         {9.94, "9.9"},      {12345, "12345"},
        {99999.4, "99999"}, {99999.6, "100.0k"},   {1283100, "1.3M"},  {999.96e6, "1.0G"},
    };
    for (size_t i = 0; i < sizeof rates / sizeof *rates; i++)
        CHECK_STR(rate(rates[i].r), rates[i].want);

    /* Six cells at most, over the whole range a cluster can show. */
    for (double v = 1; v < 9e18; v *= 1.37) {
        CHECK(strlen(count((int64_t)v)) <= 6);
        CHECK(strlen(rate(v)) <= 6);
    }
    CHECK(strlen(count(INT64_MAX)) <= 6);
    return check_summary();
}
