/* Where a tail starts: beginning, end, N, -N (last N per partition), or
 * @TIME (epoch ms or ISO-8601). */
#ifndef KS_OFFSETSPEC_H
#define KS_OFFSETSPEC_H

#include <stdint.h>

typedef enum {
    OFS_BEGINNING,
    OFS_END,
    OFS_ABSOLUTE, /* value: the offset */
    OFS_LAST,     /* value: N records from the end of each partition */
    OFS_TIME      /* value: epoch ms */
} offset_kind_t;

typedef struct {
    offset_kind_t kind;
    int64_t value;
} offset_spec_t;

int offsetspec_parse(const char *s, offset_spec_t *out, char *err);

/* ISO-8601 date or date-time: 2024-05-01, 2024-05-01T12:30, 2024-05-01T12:30:05.250Z,
 * 2024-05-01 12:30:05+02:00. Without a zone the time is local, as with
 * Kafka's own tools. */
int parse_iso8601(const char *s, int64_t *ms, char *err);

#endif
