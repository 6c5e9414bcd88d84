/* Readable forms of Avro's logical types (dates, times of day,
 * timestamps, decimals) as text, and the calendar arithmetic behind them:
 * shared by the tree (kavro_json.c), the text path (kavro_text.c) and the
 * encoder, which parses them back (kavro_encode.c). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "decode/avro/kavro_internal.h"

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

int64_t kavro_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

bool kavro_fmt_date(int64_t days, char *buf, size_t size)
{
    int y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        return false; /* no readable form: the number */
    snprintf(buf, size, "%04d-%02u-%02u", y, m, d);
    return true;
}

/* Time of day from a count of units (1000 or 1000000 per second). */
static void fmt_clock(char *buf, size_t size, int64_t units, int64_t per_sec)
{
    int64_t secs = units / per_sec, frac = units % per_sec;
    snprintf(buf, size, "%02d:%02d:%02d.%0*" PRId64, (int)(secs / 3600), (int)(secs / 60 % 60),
             (int)(secs % 60), per_sec == 1000 ? 3 : 6, frac);
}

bool kavro_fmt_time(int64_t units, int64_t per_sec, char *buf, size_t size)
{
    if (units < 0 || units >= 86400 * per_sec)
        return false; /* not a time of day: show the number */
    fmt_clock(buf, size, units, per_sec);
    return true;
}

bool kavro_fmt_timestamp(int64_t units, int64_t per_sec, bool utc, char *buf, size_t size)
{
    /* Whole days and the rest, rounded towards the past. Computed from the
     * remainder, since days * day_units overflows near INT64_MIN (found by
     * fuzz_avro: these bytes are untrusted). */
    int64_t day_units = 86400 * per_sec;
    int64_t days = units / day_units, rem = units % day_units;
    if (rem < 0) {
        rem += day_units;
        days--;
    }
    int y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        return false;
    char clock[40];
    fmt_clock(clock, sizeof clock, rem, per_sec);
    snprintf(buf, size, "%04d-%02u-%02uT%s%s", y, m, d, clock, utc ? "Z" : "");
    return true;
}

/* Big-endian two's complement unscaled value -> "123.45". */
void kavro_fmt_decimal(strbuf_t *sb, const unsigned char *p, size_t n, int scale)
{
    if (n == 0) {
        sb_addc(sb, '0');
        return;
    }
    bool neg = p[0] & 0x80;
    unsigned char *mag = xmalloc(n);
    for (size_t i = 0; i < n; i++)
        mag[i] = neg ? (unsigned char)~p[i] : p[i];
    if (neg) /* two's complement: invert and add one */
        for (size_t i = n; i-- > 0;)
            if (++mag[i] != 0)
                break;
    /* repeated division by 10 */
    if (scale < 0 || scale > 1000)
        scale = 0;
    char *digits = xmalloc(n * 3 + (size_t)scale + 2);
    size_t nd = 0;
    bool nonzero = true;
    while (nonzero) {
        unsigned rem = 0;
        nonzero = false;
        for (size_t i = 0; i < n; i++) {
            unsigned cur = rem * 256 + mag[i];
            mag[i] = (unsigned char)(cur / 10);
            rem = cur % 10;
            if (mag[i])
                nonzero = true;
        }
        digits[nd++] = (char)('0' + rem);
    }
    free(mag);
    if (neg)
        sb_addc(sb, '-');
    size_t sc = (size_t)scale;
    while (nd <= sc)
        digits[nd++] = '0';
    for (size_t i = nd; i-- > 0;) {
        sb_addc(sb, digits[i]);
        if (i == sc && sc > 0)
            sb_addc(sb, '.');
    }
    free(digits);
}
