/* See completion.h. */
#include "core/completion.h"

#include <stdio.h>
#include <stdlib.h>

#include <readline/readline.h>

#include "base/util.h"
#include "commands/complete.h"

static cmd_ctx_t *session;
static completion_t candidates;
static int next_candidate;

static char *generator(const char *text, int state)
{
    (void)text; /* complete_words already filtered by the word */
    if (state == 0)
        next_candidate = 0;
    return next_candidate < candidates.n ? xstrdup(candidates.items[next_candidate++]) : NULL;
}

static char **attempt(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1; /* never fall back to file names */
    completion_free(&candidates);
    complete_words(session, rl_line_buffer, rl_point, &candidates);
    /* complete_words' word may start after readline's (after '=' or ':'):
     * candidates replace readline's whole word, so carry that head along. */
    if (candidates.start > start && candidates.start <= rl_point) {
        int head = candidates.start - start;
        for (int i = 0; i < candidates.n; i++) {
            char *s = xasprintf("%.*s%s", head, rl_line_buffer + start, candidates.items[i]);
            free(candidates.items[i]);
            candidates.items[i] = s;
        }
    }
    if (candidates.n == 1 && completion_wants_more(candidates.items[0]))
        rl_completion_suppress_append = 1;
    return candidates.n ? rl_completion_matches(text, generator) : NULL;
}

void completion_install(cmd_ctx_t *ctx)
{
    session = ctx;
    rl_attempted_completion_function = attempt;
    rl_completer_word_break_characters = " \t";
    rl_completer_quote_characters = "'\"";
}

void completion_release(void)
{
    rl_attempted_completion_function = NULL;
    completion_free(&candidates);
    session = NULL;
}
