/* Completion candidates (candidates.h): the list being built for one word,
 * and the command names of a table. */
#include "commands/candidates.h"

#include <stdlib.h>
#include <string.h>

void cands_add(cands_t *c, const char *s)
{
    if (strncmp(s, c->prefix, strlen(c->prefix)))
        return;
    for (int i = 0; i < c->out->n; i++)
        if (!strcmp(c->out->items[i], s))
            return;
    if (c->out->n + 1 >= c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->out->items = xrealloc(c->out->items, (size_t)c->cap * sizeof *c->out->items);
    }
    c->out->items[c->out->n++] = xstrdup(s);
    c->out->items[c->out->n] = NULL;
}

void cands_add2(cands_t *c, const char *head, const char *s)
{
    char *both = xasprintf("%s%s", head, s);
    cands_add(c, both);
    free(both);
}

void cands_commands(cands_t *c, const cmd_entry_t *const *table, const char *family)
{
    size_t flen = family ? strlen(family) : 0;
    for (const cmd_entry_t *const *p = table; *p; p++) {
        const cmd_entry_t *e = *p;
        if (family) {
            if (strncmp(e->name, family, flen) || e->name[flen] != ' ')
                continue;
            char *second = xstrndup(e->name + flen + 1, strcspn(e->name + flen + 1, " "));
            cands_add(c, second);
            free(second);
        } else {
            char *first = xstrndup(e->name, strcspn(e->name, " "));
            cands_add(c, first);
            free(first);
        }
    }
}

bool cands_is_family(const cmd_entry_t *const *table, const char *word)
{
    size_t len = strlen(word);
    for (const cmd_entry_t *const *p = table; *p; p++)
        if (!strncmp((*p)->name, word, len) && (*p)->name[len] == ' ')
            return true;
    return false;
}

void completion_free(completion_t *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->items[i]);
    free(c->items);
    memset(c, 0, sizeof *c);
}
