/* The text form of a record for batch and REPL output: one line, fields
 * separated by tabs, every untrusted byte sanitized (so a field never holds
 * a raw tab or newline). */
#ifndef KS_RECORD_TEXT_H
#define KS_RECORD_TEXT_H

#include "decode/decode.h"
#include "kafka/record.h"
#include "base/util.h"

/* partition, offset, timestamp, key, value, headers (name=value, ...). */
void record_text(strbuf_t *out, const ks_record_t *r);
/* The same with decoded key and value (decode_render_line; NULL: raw). */
void record_text_decoded(strbuf_t *out, const ks_record_t *r, const decode_result_t *key,
                         const decode_result_t *value);

#endif
