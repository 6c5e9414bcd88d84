#include "tui/number_format.h"

#include <stdio.h>

/* One decimal and a unit, moving up a unit before the figure would need a
 * fourth digit (999.95k rounds to "1000.0k": that is "1.0M"). */
static void format_scaled(char *buf, size_t size, double v)
{
    static const char units[] = "kMGTPE"; /* E: INT64_MAX is 9.2E */
    size_t unit = 0;
    v /= 1e3;
    while (v >= 999.95 && unit + 1 < sizeof units - 1) {
        v /= 1e3;
        unit++;
    }
    snprintf(buf, size, "%.1f%c", v, units[unit]);
}

void ui_format_count(char *buf, size_t size, int64_t n)
{
    if (n < 0)
        snprintf(buf, size, "-");
    else if (n < 100000)
        snprintf(buf, size, "%lld", (long long)n);
    else
        format_scaled(buf, size, (double)n);
}

void ui_format_rate(char *buf, size_t size, double rate)
{
    if (rate < 0)
        snprintf(buf, size, "-");
    else if (rate < 10)
        snprintf(buf, size, "%.1f", rate);
    else if (rate < 99999.5)
        snprintf(buf, size, "%.0f", rate);
    else
        format_scaled(buf, size, rate);
}
