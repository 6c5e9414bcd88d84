/* Tab completion from the command table and the live cluster model, as a
 * pure function of the line and the cursor, so every front end (the REPL's
 * readline, the TUI's readline bridge) completes the same way. */
#ifndef KS_COMPLETE_H
#define KS_COMPLETE_H

#include "commands/candidates.h"
#include "commands/command.h"

/* Candidates for the word that ends at byte offset cursor of line: command
 * names, subcommands, options, topic names and group ids (from the current
 * model snapshot: never waits on the network), partition numbers, config
 * keys and values, offset-spec words, assignors, settings, file paths after
 * --file. A candidate ending in '=', ':', ',' or '/' wants more text: front
 * ends should not add a space after it. A command whose arguments its
 * synopsis does not describe (help, set, connector ...) completes them
 * itself: its entry's complete. Returns the number of candidates. */
int complete_words(cmd_ctx_t *ctx, const char *line, int cursor, completion_t *out);

/* True when a single candidate expects more text (see above). */
bool completion_wants_more(const char *candidate);

#endif
