/* The text form of a record for batch and REPL output: one line, fields
 * separated by tabs, every untrusted byte sanitized (so a field never holds
 * a raw tab or newline). */
#ifndef KS_RECORD_TEXT_H
#define KS_RECORD_TEXT_H

#include "record.h"
#include "util.h"

/* partition, offset, timestamp, key, value, headers (name=value, ...). */
void record_text(strbuf_t *out, const ks_record_t *r);

#endif
