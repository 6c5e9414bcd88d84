/* Tab completion for readline, the same in the REPL and in the TUI's ':' line: the words come
 * from complete_words (commands/complete.c), on the session's live model.
 *
 * Thread rules: readline is one global line editor per process, so this state is too. Install
 * and release on the thread that reads lines; readline calls back on that same thread. */
#ifndef KS_COMPLETION_H
#define KS_COMPLETION_H

#include "commands/command.h"

/* Makes readline complete command lines of ctx (its word breaks and quotes included). */
void completion_install(cmd_ctx_t *ctx);
/* Frees the last list of candidates; readline completes nothing more. */
void completion_release(void);

#endif
