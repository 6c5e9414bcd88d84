/* Confirm mode of the command line: a running command's question (a
 * typed-name confirmation) takes the line over. The question's last line
 * becomes the prompt, in the error colour; what comes before it goes to
 * the notification line. The next line typed is the answer, which the
 * command line hands its owner (line_runner.c) as CMDLINE_ANSWER; Esc, Ctrl-C
 * or Ctrl-D decline. Whether a question waits is the command line's own
 * state (cmdline_asking), so this file keeps none. */
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"
#include "tui/ui.h"

void confirm_show(tui_t *ui, char *q)
{
    char *nl = strrchr(q, '\n');
    char *prompt = nl ? nl + 1 : q;
    if (nl)
        *nl = '\0';
    char *safe = sanitize_str(prompt);
    cmdline_ask(ui, safe);
    free(safe);
    if (nl) {
        char *question = sanitize_str(q);
        tui_notify(ui, true, "%s", question);
        free(question);
    }
}

void confirm_declined(tui_t *ui)
{
    tui_notify(ui, true, "not confirmed: nothing was deleted");
}

void confirm_end(tui_t *ui)
{
    if (cmdline_asking(ui))
        cmdline_reset_prompt(ui);
}
