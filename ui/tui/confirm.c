/* Confirm mode of the command line: a running command's question (a
 * typed-name confirmation) takes the line over. The question's last line
 * becomes the prompt, in the error colour; what comes before it goes to
 * the notification line. The next line typed is the answer; Esc, Ctrl-C or
 * Ctrl-D decline. */
#include <stdlib.h>
#include <string.h>

#include "base/sanitize.h"
#include "tui/tui.h"

static char *question; /* sanitized; non-NULL while a question waits */
static bool active;

bool confirm_active(void)
{
    return active;
}

void confirm_show(tui_t *ui, char *q)
{
    char *nl = strrchr(q, '\n');
    char *prompt = nl ? nl + 1 : q;
    if (nl)
        *nl = '\0';
    active = true;
    free(question);
    question = sanitize_str(nl ? q : "");
    char *safe = sanitize_str(prompt);
    cmdline_ask(ui, safe);
    free(safe);
    if (nl)
        tui_notify(ui, true, "%s", question);
}

void confirm_answer(tui_t *ui, const char *text)
{
    cmd_run_answer(text);
    confirm_clear();
    ui->status_dirty = true;
}

void confirm_cancel(tui_t *ui)
{
    if (!active)
        return;
    confirm_answer(ui, NULL);
    tui_notify(ui, true, "not confirmed: nothing was deleted");
}

void confirm_end(tui_t *ui)
{
    if (!active)
        return;
    confirm_clear();
    cmdline_reset_prompt(ui);
}

void confirm_clear(void)
{
    free(question);
    question = NULL;
    active = false;
}
