#include "kafka/reset_plan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/offsets.h"
#include "kafka/offsetspec.h"
#include "base/sanitize.h"
#include "base/util.h"

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

/* ---- the spec ---- */

const char *const reset_spec_options[] = {"--to-earliest", "--to-latest", "--to-current",
                                          "--to-offset", "--shift-by", "--to-datetime",
                                          "--by-duration", NULL};

int reset_spec_parse(const char *option, const char *value, reset_spec_t *spec, char *err)
{
    char q[200];
    spec->value = 0;
    if (!strcmp(option, "--to-earliest")) {
        spec->kind = RESET_EARLIEST;
    } else if (!strcmp(option, "--to-latest")) {
        spec->kind = RESET_LATEST;
    } else if (!strcmp(option, "--to-current")) {
        spec->kind = RESET_CURRENT;
    } else if (!strcmp(option, "--to-offset")) {
        spec->kind = RESET_OFFSET;
        if (!parse_int64(value, 0, INT64_MAX, &spec->value))
            return ks_err(err, "--to-offset: expected an offset (a whole number >= 0), got '%s'",
                          sanitize_quote(value, q, sizeof q));
    } else if (!strcmp(option, "--shift-by")) {
        spec->kind = RESET_SHIFT;
        if (!parse_int64(value, -1000000000000000LL, 1000000000000000LL, &spec->value))
            return ks_err(err, "--shift-by: expected a whole number (negative moves back), got "
                          "'%s'", sanitize_quote(value, q, sizeof q));
    } else if (!strcmp(option, "--to-datetime")) {
        spec->kind = RESET_DATETIME;
        char perr[KS_ERRLEN];
        if (parse_iso8601(value, &spec->value, perr))
            return ks_err(err, "--to-datetime: %s", perr);
    } else if (!strcmp(option, "--by-duration")) {
        spec->kind = RESET_DURATION;
        int64_t ms;
        char perr[KS_ERRLEN];
        if (parse_duration(value, &ms, perr))
            return ks_err(err, "--by-duration: %s", perr);
        spec->value = now_ms() - ms;
    } else {
        return ks_err(err, "group reset: unknown option '%s'", sanitize_quote(option, q, sizeof q));
    }
    return 0;
}

/* ---- the plan ---- */

static void plan_add(reset_plan_t *p, const char *topic, int32_t partition)
{
    for (int i = 0; i < p->n; i++)
        if (p->rows[i].partition == partition && !strcmp(p->rows[i].topic, topic))
            return;
    p->rows = xrealloc(p->rows, (size_t)(p->n + 1) * sizeof *p->rows);
    memset(&p->rows[p->n], 0, sizeof *p->rows);
    p->rows[p->n].topic = xstrdup(topic);
    p->rows[p->n].partition = partition;
    p->n++;
}

int reset_plan_add_committed(reset_plan_t *p, const rd_kafka_topic_partition_list_t *committed,
                             char *err)
{
    for (int i = 0; committed && i < committed->cnt; i++)
        plan_add(p, committed->elems[i].topic, committed->elems[i].partition);
    if (p->n == 0)
        return ks_err(err, "group reset: the group has no committed offsets, so "
                      "--all-topics finds nothing; name the topics with --topic");
    return 0;
}

int reset_plan_add_topic(reset_plan_t *p, ks_client_t *c, const char *arg, char *err)
{
    char q[200];
    const char *colon = strchr(arg, ':');
    char *topic = colon ? xstrndup(arg, (size_t)(colon - arg)) : xstrdup(arg);
    int count;
    if (client_topic_partitions(c, NULL, topic, &count, err)) {
        free(topic);
        return -1;
    }
    if (!colon) {
        for (int i = 0; i < count; i++)
            plan_add(p, topic, i);
        free(topic);
        return 0;
    }
    const char *at = colon + 1;
    if (!*at) {
        free(topic);
        return ks_err(err, "--topic %s: expected partitions after ':' (e.g. %s:0,2)",
                      sanitize_quote(arg, q, sizeof q), "TOPIC");
    }
    while (*at) {
        size_t len = strcspn(at, ",");
        char *num = xstrndup(at, len);
        int64_t part;
        bool ok = parse_int64(num, 0, INT32_MAX, &part);
        if (!ok || part >= count) {
            int rc = ok ? ks_err(err, "partition %lld out of range: topic '%s' has "
                                 "partitions 0..%d", (long long)part, topic, count - 1)
                        : ks_err(err, "--topic: expected partition numbers after "
                                 "'%s:', got '%s'", topic, sanitize_quote(num, q, sizeof q));
            free(num);
            free(topic);
            return rc;
        }
        free(num);
        plan_add(p, topic, (int32_t)part);
        at += len + (at[len] == ',');
    }
    free(topic);
    return 0;
}

static int cmp_row(const void *a, const void *b)
{
    const reset_plan_row_t *x = a, *y = b;
    int c = strcmp(x->topic, y->topic);
    return c ? c : (x->partition > y->partition) - (x->partition < y->partition);
}

static int64_t committed_of(const rd_kafka_topic_partition_list_t *l, const char *topic,
                            int32_t p)
{
    for (int i = 0; l && i < l->cnt; i++)
        if (l->elems[i].partition == p && !strcmp(l->elems[i].topic, topic))
            return l->elems[i].offset;
    return -1;
}

/* Log start and end of every planned partition, and for --to-datetime and
 * --by-duration the first offset at or after the time: one batched
 * ListOffsets under one deadline. */
static int fill_offsets(reset_plan_t *p, ks_client_t *c, const reset_spec_t *spec, char *err)
{
    int per = spec->kind == RESET_DATETIME || spec->kind == RESET_DURATION ? 3 : 2;
    ks_offset_query_t *q = xcalloc((size_t)(p->n * per + 1), sizeof *q);
    for (int i = 0; i < p->n; i++) {
        static const int64_t ends[2] = {OFFSETS_EARLIEST, OFFSETS_LATEST};
        for (int k = 0; k < per; k++)
            q[i * per + k] = (ks_offset_query_t){.topic = p->rows[i].topic,
                                                 .partition = p->rows[i].partition,
                                                 .spec = k < 2 ? ends[k] : spec->value};
    }
    int rc = offsets_list(c, q, p->n * per, client_deadline(c), err);
    if (rc == 0)
        rc = offsets_first_error(c, q, p->n * per, "offsets", err);
    for (int i = 0; rc == 0 && i < p->n; i++) {
        reset_row_t *r = &p->rows[i].row;
        r->low = q[i * per].offset;
        r->high = q[i * per + 1].offset;
        r->time_offset = per == 3 ? q[i * per + 2].offset : -1;
    }
    free(q);
    return rc;
}

int reset_plan_compute(reset_plan_t *p, ks_client_t *c, const reset_spec_t *spec,
                       const rd_kafka_topic_partition_list_t *committed, char *err)
{
    if (p->n > 1)
        qsort(p->rows, (size_t)p->n, sizeof *p->rows, cmp_row);
    for (int i = 0; i < p->n; i++)
        p->rows[i].row.current = committed_of(committed, p->rows[i].topic, p->rows[i].partition);
    if (fill_offsets(p, c, spec, err))
        return -1;
    for (int i = 0; i < p->n; i++) {
        char rerr[KS_ERRLEN];
        if (reset_compute(spec, &p->rows[i].row, rerr))
            return ks_err(err, "group reset: %s:%d: %s (Kafka refuses --shift-by there too; use "
                          "--to-offset, --to-earliest or --to-latest)", p->rows[i].topic,
                          p->rows[i].partition, rerr);
    }
    return 0;
}

void reset_plan_free(reset_plan_t *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->rows[i].topic);
    free(p->rows);
    p->rows = NULL;
    p->n = 0;
}
