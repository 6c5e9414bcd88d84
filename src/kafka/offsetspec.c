#include "kafka/offsetspec.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/util.h"

static const char *const hint =
    "expected beginning, end, N, -N (last N per partition) or @TIME "
    "(epoch ms or ISO-8601, e.g. @2024-05-01T12:00:00Z)";

/* Reads exactly n digits. */
static bool digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return true;
}

static int64_t days_from_civil(int y, int m, int d)
{
    /* Days since 1970-01-01 in the proleptic Gregorian calendar. */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int parse_iso8601(const char *s, int64_t *ms, char *err)
{
    const char *p = s;
    int Y, M, D, h = 0, mi = 0, sec = 0, frac = 0;
    if (!digits(&p, 4, &Y) || *p++ != '-' || !digits(&p, 2, &M) || *p++ != '-' ||
        !digits(&p, 2, &D))
        goto bad;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
            goto bad;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &sec))
                goto bad;
            if (*p == '.' || *p == ',') {
                p++;
                int scale = 100, nd = 0;
                while (isdigit((unsigned char)*p)) {
                    if (nd++ < 3) {
                        frac += (*p - '0') * scale;
                        scale /= 10;
                    }
                    p++;
                }
                if (!nd)
                    goto bad;
            }
        }
    }
    if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || mi > 59 || sec > 60)
        goto bad;
    int64_t secs = days_from_civil(Y, M, D) * 86400 + h * 3600 + mi * 60 + sec;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '+' ? 1 : -1, oh, om = 0;
        if (!digits(&p, 2, &oh))
            goto bad;
        if (*p == ':')
            p++;
        if (*p && !digits(&p, 2, &om))
            goto bad;
        secs -= sign * (oh * 3600 + om * 60);
    } else if (*p == '\0') {
        /* No zone: local time. mktime normalises and applies DST rules. */
        struct tm tm = {0};
        tm.tm_year = Y - 1900;
        tm.tm_mon = M - 1;
        tm.tm_mday = D;
        tm.tm_hour = h;
        tm.tm_min = mi;
        tm.tm_sec = sec;
        tm.tm_isdst = -1;
        time_t t = mktime(&tm);
        if (t == (time_t)-1)
            goto bad;
        secs = (int64_t)t;
    }
    if (*p)
        goto bad;
    *ms = secs * 1000 + frac;
    return 0;
bad:
    return ks_err(err, "invalid date/time '%s': expected ISO-8601 such as 2024-05-01, "
                       "2024-05-01T12:30:00 or 2024-05-01T12:30:00.000Z", s);
}

int offsetspec_parse(const char *s, offset_spec_t *out, char *err)
{
    if (!s || !*s)
        return ks_err(err, "empty offset: %s", hint);
    if (!strcmp(s, "beginning") || !strcmp(s, "earliest") || !strcmp(s, "start")) {
        out->kind = OFS_BEGINNING;
        out->value = 0;
        return 0;
    }
    if (!strcmp(s, "end") || !strcmp(s, "latest")) {
        out->kind = OFS_END;
        out->value = 0;
        return 0;
    }
    if (s[0] == '@') {
        int64_t v;
        if (parse_int64(s + 1, 0, INT64_MAX / 2, &v)) {
            out->kind = OFS_TIME;
            out->value = v;
            return 0;
        }
        char sub[KS_ERRLEN];
        if (parse_iso8601(s + 1, &v, sub))
            return ks_err(err, "invalid offset '%s': %s", s, sub);
        out->kind = OFS_TIME;
        out->value = v;
        return 0;
    }
    int64_t v;
    if (s[0] == '-') {
        if (!parse_int64(s + 1, 1, INT64_MAX / 2, &v))
            return ks_err(err, "invalid offset '%s': -N takes the last N >= 1 records of each "
                          "partition", s);
        out->kind = OFS_LAST;
        out->value = v;
        return 0;
    }
    if (parse_int64(s, 0, INT64_MAX / 2, &v)) {
        out->kind = OFS_ABSOLUTE;
        out->value = v;
        return 0;
    }
    return ks_err(err, "invalid offset '%s': %s", s, hint);
}
