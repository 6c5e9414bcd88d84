/* Everything a command handler or a front end needs from commands/: the
 * types (cmd_types.h), the session (session.h), the dispatcher
 * (dispatch.h), the table (cmd_table.h) and confirmation (confirm.h).
 * Batch mode, the REPL and the TUI run lines through ui/core's cmdrun,
 * which calls the dispatcher. The files those headers belong to include
 * only the headers they use, never this one, so no two of them include
 * each other. */
#ifndef KS_COMMAND_H
#define KS_COMMAND_H

#include "commands/cmd_types.h"
#include "commands/session.h"
#include "commands/dispatch.h"
#include "commands/cmd_table.h"
#include "commands/confirm.h"

#endif
