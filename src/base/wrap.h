/* Word wrap by display width: the one rule every front end uses to break our own text (help,
 * the `i` explanations, command output) and data (the detail view) into lines.
 * Pure functions over sanitized, valid UTF-8 text; safe from any thread. */
#ifndef KS_WRAP_H
#define KS_WRAP_H

#include <stdbool.h>
#include <stddef.h>

/* The next line of text in at most width display columns (width < 1 counts as 1): its
 * length in bytes. A line ends before a '\n'; with words, it ends after the last word that
 * fits when the text goes on (a word wider than the line is cut where the line is full);
 * without, it ends where the line is full. Never 0 while a character other than '\n' is
 * left, so a caller's loop always moves on. */
size_t wrap_line(const char *text, int width, bool words);

/* Where the text after a line of wrap_line goes on: past the blanks at the break and past
 * one '\n' that ended the line. */
const char *wrap_rest(const char *after);

#endif
