#include "reset_plan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int reset_compute(const reset_spec_t *spec, reset_row_t *row, char *err)
{
    int64_t want = 0;
    switch (spec->kind) {
    case RESET_EARLIEST: want = row->low; break;
    case RESET_LATEST: want = row->high; break;
    case RESET_CURRENT:
        /* Kafka moves partitions without a committed offset to the end. */
        want = row->current >= 0 ? row->current : row->high;
        break;
    case RESET_OFFSET: want = spec->value; break;
    case RESET_SHIFT:
        if (row->current < 0)
            return ks_err(err, "no committed offset to shift from");
        want = row->current + spec->value;
        break;
    case RESET_DATETIME:
    case RESET_DURATION:
        /* No record at or after the time: the end of the log. */
        want = row->time_offset >= 0 ? row->time_offset : row->high;
        break;
    }
    row->requested = want;
    row->clamped = false;
    if (want < row->low) {
        want = row->low;
        row->clamped = true;
    } else if (want > row->high) {
        want = row->high;
        row->clamped = true;
    }
    row->target = want;
    row->lag_before = row->current >= 0 ? (row->high > row->current ? row->high - row->current : 0)
                                        : -1;
    row->lag_after = row->high - want;
    return 0;
}

int parse_duration(const char *s, int64_t *ms, char *err)
{
    const char *p = s;
    if (*p != 'P' && *p != 'p')
        goto bad;
    p++;
    bool in_time = false, any = false;
    int64_t total = 0;
    const char *order = "DHMS"; /* units must come in this order, each once */
    int last = -1;
    while (*p) {
        if (*p == 'T' || *p == 't') {
            if (in_time)
                goto bad;
            in_time = true;
            p++;
            if (!*p)
                goto bad;
            continue;
        }
        if (!isdigit((unsigned char)*p))
            goto bad;
        int64_t whole = 0;
        while (isdigit((unsigned char)*p)) {
            if (whole > 100000000)
                goto bad;
            whole = whole * 10 + (*p++ - '0');
        }
        int64_t frac_ms = 0;
        if (*p == '.' || *p == ',') {
            p++;
            int digits = 0;
            if (!isdigit((unsigned char)*p))
                goto bad;
            while (isdigit((unsigned char)*p)) {
                if (digits < 3)
                    frac_ms = frac_ms * 10 + (*p - '0');
                digits++;
                p++;
            }
            for (; digits < 3; digits++)
                frac_ms *= 10;
        }
        char u = (char)toupper((unsigned char)*p);
        const char *at = u ? strchr(order, u) : NULL;
        if (!at)
            goto bad;
        int idx = (int)(at - order);
        if (idx <= last || (idx == 0) == in_time || (frac_ms && u != 'S'))
            goto bad;
        last = idx;
        static const int64_t unit_ms[] = {86400000, 3600000, 60000, 1000};
        total += whole * unit_ms[idx] + frac_ms;
        any = true;
        p++;
    }
    if (!any)
        goto bad;
    *ms = total;
    return 0;
bad:
    return ks_err(err, "invalid duration '%s': expected ISO-8601 PnDTnHnMnS, e.g. PT30M, "
                  "PT1H30M, P1D, P1DT12H, PT0.5S", s);
}
