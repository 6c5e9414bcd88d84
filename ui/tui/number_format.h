/* Counts and rates for the panes' narrow numeric columns: every result
 * fits in six cells, so a column never cuts a number's unit off. */
#ifndef KS_NUMBER_FORMAT_H
#define KS_NUMBER_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* Offsets, message counts, lag: exact below 100,000, then 123.4k, 12.3M,
 * 1.2G and on to 9.2E; "-" when unknown (negative). */
void ui_format_count(char *buf, size_t size, int64_t n);

/* Messages per second: 0.5, 950, 12345, then 123.4k, 1.3M; "-" when
 * unknown (negative). */
void ui_format_rate(char *buf, size_t size, double rate);

#endif
