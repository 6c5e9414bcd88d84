/* The one colour rule of every front end (no-color.org): NO_COLOR set to a non-empty value
 * turns colour off, whatever else says yes. */
#ifndef KS_COLOUR_H
#define KS_COLOUR_H

#include <stdbool.h>

/* False when NO_COLOR is set and not empty. The caller adds what its output needs (a
 * terminal for the REPL's stderr, curses' has_colors for the TUI). */
bool colour_allowed(void);

#endif
